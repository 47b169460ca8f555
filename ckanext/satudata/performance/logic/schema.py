"""Schemas of the performance pages' actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.performance import config, targets
from ckanext.satudata.validation import Schema, optional_ref, ref, whole_number


def _v(name: str) -> Any:
    return tk.get_validator(name)


def performance_list() -> Schema:
    return {
        "organization": optional_ref(),
        "urusan": optional_ref(),
        "year": [_v("ignore_missing"),
                 whole_number(targets.FIRST_YEAR, targets.LAST_YEAR)],
    }


def performance_statistics() -> Schema:
    return {
        "months": [_v("ignore_missing"), whole_number(1, config.MAX_MONTHS)],
    }


def performance_mark() -> Schema:
    text = [_v("ignore_missing"), _v("unicode_safe")]
    return {
        "id": ref(),
        "indikator_kinerja": text,
        "kinerja_komponen": text,
        "kinerja_target": [_v("ignore_missing")],  # text, or {year: number}
        "kinerja_arah": text,
    }
