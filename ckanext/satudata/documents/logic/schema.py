"""Schemas of the documents plugin's actions."""

from __future__ import annotations

from ckan.types import Schema

from ckanext.satudata.validation import ref


def document_verify() -> Schema:
    return {"id": ref()}
