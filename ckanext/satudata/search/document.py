"""Turn the index document CKAN builds for Solr into a row of our table.

The document arrives after core's ``PackageSearchIndex.index_package``
has flattened the dataset and every plugin's ``before_dataset_index`` has
run, exactly as it would be sent to Solr.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from dateutil.parser import ParserError, isoparse

from ckanext.satudata.search import analysis
from ckanext.satudata.search.fields import (
    COLUMN_FIELDS,
    DATE_COLUMNS,
    STORED_COLUMNS,
    Kind,
    in_facet_tokens,
    in_tokens,
    kind_of,
)

#: Fields feeding the weighted search vector (title > tags/notes > extras).
_WEIGHT_A = ("title", "name")
_WEIGHT_B = ("tags", "notes", "groups", "organization")
_WEIGHT_C_FIELDS = (
    "res_name", "res_description", "author", "maintainer", "license",
    "license_id", "text", "version",
)
_WEIGHT_C_PREFIXES = ("extras_", "res_extras_", "vocab_")
_WEIGHT_D = ("url", "res_url", "ckan_url", "download_url")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return [v for v in value if v is not None]
    return [value]


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def _joined(doc: dict[str, Any], key: str) -> str:
    return " ".join(_as_text(v) for v in _as_list(doc.get(key)))


def _timestamp(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return isoparse(str(value))
    except (ParserError, ValueError):
        return None


def _titles(data_dict: str | None) -> str:
    """Titles of the organization and groups, so their names are findable."""
    if not data_dict:
        return ""
    try:
        pkg = json.loads(data_dict)
    except ValueError:
        return ""
    titles = [(pkg.get("organization") or {}).get("title") or ""]
    titles += [g.get("title") or "" for g in pkg.get("groups") or []]
    return " ".join(titles)


def tokens(doc: dict[str, Any]) -> list[str]:
    """``field=value`` entries of the exact fields that filters and facets use."""
    out: list[str] = []
    for key, value in doc.items():
        if key in STORED_COLUMNS or not in_tokens(key):
            continue
        for item in _as_list(value):
            out.append(f"{key}={_as_text(item)}")
    return list(dict.fromkeys(out))


def rank_vector(doc: dict[str, Any]) -> str:
    """Small vector ranking reads: title and name (A), tags and groups (B).
    Notes, extras and the publisher's name match but do not add to the
    score, so they rank below matches on what the dataset is about."""
    return analysis.build_tsvector([
        ("A", " ".join(_joined(doc, k) for k in _WEIGHT_A)),
        ("B", " ".join(_joined(doc, k) for k in ("tags", "groups"))),
    ])


def search_vector(doc: dict[str, Any]) -> str:
    c_parts = [_joined(doc, k) for k in _WEIGHT_C_FIELDS]
    c_parts += [
        _joined(doc, k) for k in doc if k.startswith(_WEIGHT_C_PREFIXES)
    ]
    fields = [
        ("A", " ".join(_joined(doc, k) for k in _WEIGHT_A)),
        ("B", " ".join(_joined(doc, k) for k in _WEIGHT_B)),
        ("C", _titles(doc.get("data_dict"))),
        ("C", " ".join(c_parts)),
        ("D", " ".join(_joined(doc, k) for k in _WEIGHT_D)),
    ]
    return analysis.build_tsvector(fields)


def solr_date(value: Any) -> Any:
    """A date as Solr stores and returns it: UTC, at most milliseconds,
    trailing zeros dropped (``2014-06-10T08:24:12.782Z``)."""
    moment = _timestamp(value)
    if moment is None:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    millis = f"{moment.microsecond // 1000:03d}".rstrip("0")
    return f"{text}.{millis}Z" if millis else f"{text}Z"


def _normalise_dates(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        k: solr_date(v) if kind_of(k) is Kind.DATE and isinstance(v, str) else v
        for k, v in doc.items()
    }


def to_rows(doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Values of the index row and of the stored-document row. The index
    row has ``facet_tokens``, the ``field=value`` facet values, which the
    writer stores as ``facet_ids``."""
    doc = _normalise_dates(doc)
    row: dict[str, Any] = {
        field: _as_text(doc.get(field) or "") for field in COLUMN_FIELDS
    }
    for field in DATE_COLUMNS:
        row[field] = _timestamp(doc.get(field))
    row["indexed_ts"] = row["indexed_ts"] or datetime.now().astimezone()
    row["title_string"] = _as_text(doc.get("title_string") or "")
    row["permission_labels"] = [_as_text(v) for v in _as_list(
        doc.get("permission_labels"))]
    row["tokens"] = tokens(doc)
    row["facet_tokens"] = [
        t for t in row["tokens"] if in_facet_tokens(t.partition("=")[0])]
    row["search_vector"] = search_vector(doc)
    row["rank_vector"] = rank_vector(doc)
    stored = {
        k: v for k, v in doc.items()
        if k not in STORED_COLUMNS and k != "permission_labels"
    }
    doc_row = {
        "index_id": row["index_id"],
        "doc": json.dumps(stored, default=_as_text, ensure_ascii=False),
        "data_dict": doc.get("data_dict"),
        "validated_data_dict": doc.get("validated_data_dict"),
    }
    return row, doc_row
