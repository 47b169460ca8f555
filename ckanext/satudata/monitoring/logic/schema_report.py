"""Schemas of the periodic report's actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema

from ckanext.satudata.monitoring.logic.schema import satudata_monitoring_window
from ckanext.satudata.monitoring.report import service, store
from ckanext.satudata.validation import one_of, optional_text, ref, whole_number


def _v(name: str) -> Any:
    return tk.get_validator(name)


def report_create() -> Schema:
    return {"window": [_v("not_empty"), _v("unicode_safe"), satudata_monitoring_window]}


def report_ref() -> Schema:
    return {"id": ref()}


def report_update() -> Schema:
    return {"id": ref(),
            "rekomendasi": optional_text(service.TEXT_MAX),
            "rencana": optional_text(service.TEXT_MAX)}


def report_generate() -> Schema:
    return {"id": ref(),
            "background": [_v("default")(True), _v("boolean_validator")]}


def report_list() -> Schema:
    return {
        "status": [_v("ignore_missing"), _v("unicode_safe"), one_of(store.STATUSES)],
        "window": [_v("ignore_missing"), _v("unicode_safe"),
                   satudata_monitoring_window],
        "limit": [_v("default")(20), whole_number(1, 1000)],
        "offset": [_v("default")(0), whole_number(0, 10**9)],
    }
