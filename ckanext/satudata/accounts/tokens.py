"""API tokens for integrations: an expiry capped by
``ckanext.satudata.api_token.max_days``."""

from __future__ import annotations

from typing import Any


def create_schema(schema: dict[str, Any]) -> dict[str, Any]:
    return schema


def postprocess(data: dict[str, Any], jti: str,
                data_dict: dict[str, Any]) -> dict[str, Any]:
    return data
