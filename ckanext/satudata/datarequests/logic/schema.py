"""Schemas of the data request actions."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Schema

from ckanext.satudata import region
from ckanext.satudata.datarequests import statuses
from ckanext.satudata.validation import (
    one_of,
    optional_ref,
    optional_text,
    phone,
    ref,
    required_text,
    satudata_ref,
    whole_number,
)

KINDS = ("perorangan", "instansi")
FORMATS = ("csv", "xlsx", "json")
#: Most datasets, regions or links one request names.
MAX_ITEMS = 50
#: Extra upload fields of a multipart form (``files`` is the first).
EXTRA_FILES = tuple(f"files_{n}" for n in range(2, 11))


def _v(name: str) -> Any:
    return tk.get_validator(name)


def _listed(value: Any) -> list[str]:
    """A list from a JSON body (a list), a form (a text, comma-separated or
    a JSON list) or repeated form fields."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError as error:
                raise tk.Invalid(tk._("Give a list")) from error
        else:
            value = [part.strip() for part in text.split(",") if part.strip()]
    if not isinstance(value, list | tuple) or not all(
            isinstance(item, str) for item in value):
        raise tk.Invalid(tk._("Give a list"))
    if len(value) > MAX_ITEMS:
        raise tk.Invalid(tk._("At most {max} items").format(max=MAX_ITEMS))
    for item in value:
        satudata_ref(item)
    return list(dict.fromkeys(item.strip() for item in value if item.strip()))


def dataset_ids(value: Any) -> list[str]:
    """Names or ids of active datasets → their ids."""
    found = []
    for item in _listed(value):
        package = model.Package.get(item)
        if package is None or package.state != "active" or package.type != "dataset":
            raise tk.Invalid(tk._("Dataset not found: {name}").format(name=item))
        found.append(package.id)
    return list(dict.fromkeys(found))


def region_codes(value: Any) -> list[str]:
    found = []
    for item in _listed(value):
        code = region.normalize(item)
        if code is None:
            raise tk.Invalid(tk._("Unknown region code: {code}").format(code=item))
        found.append(code)
    return list(dict.fromkeys(found))


def links(value: Any) -> list[dict[str, str]]:
    """``[{"dataset": id or name, "resource": id (optional)}]`` (a JSON text
    from a form) → ids of an active dataset and one of its resources."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as error:
            raise tk.Invalid(tk._("Give a list of datasets and resources")) from error
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise tk.Invalid(tk._("Give a list of datasets and resources"))
    found = []
    for item in value:
        if isinstance(item, str):
            item = {"dataset": item}
        if not isinstance(item, dict) or not isinstance(item.get("dataset"), str):
            raise tk.Invalid(tk._("Give a list of datasets and resources"))
        satudata_ref(item["dataset"])
        package = model.Package.get(item["dataset"])
        if package is None or package.state != "active":
            raise tk.Invalid(tk._("Dataset not found: {name}").format(
                name=item["dataset"]))
        link = {"dataset": package.id, "resource": ""}
        if item.get("resource"):
            if not isinstance(item["resource"], str):
                raise tk.Invalid(tk._("Give a list of datasets and resources"))
            satudata_ref(item["resource"])
            resource = model.Resource.get(item["resource"])
            if (resource is None or resource.state != "active"
                    or resource.package_id != package.id):
                raise tk.Invalid(tk._("Resource not found: {name}").format(
                    name=item["resource"]))
            link["resource"] = resource.id
        found.append(link)
    return found


def _boolean(default: bool) -> list[Any]:
    return [_v("default")(default), _v("boolean_validator")]


def _fields(required: bool) -> Schema:
    need = required_text if required else optional_text
    return {
        "requester_kind": ([_v("not_empty")] if required else [_v("ignore_missing")])
        + [one_of(KINDS)],
        "institution": optional_text(300),
        "contact_name": need(200),
        "contact_email": [*need(200), _v("email_validator")],
        "contact_phone": ([_v("not_empty")] if required else [_v("ignore_missing")])
        + [phone],
        "datasets": [_v("ignore_missing"), dataset_ids],
        "description": optional_text(4000),
        "variables": optional_text(2000),
        "period": optional_text(200),
        "regions": [_v("ignore_missing"), region_codes],
        "format": ([_v("not_empty")] if required else [_v("ignore_missing")])
        + [one_of(FORMATS)],
        "purpose": need(2000),
        "pernyataan": [_v("ignore_missing")],
        "kak": [_v("ignore_missing")],
    }


def data_request_create() -> Schema:
    return _fields(required=True)


def data_request_update() -> Schema:
    return {"id": ref(), **_fields(required=False), "comment": optional_text(2000)}


def data_request_ref() -> Schema:
    return {"id": ref()}


def data_request_accept() -> Schema:
    return {"id": ref(), "comment": optional_text(2000),
            "incomplete": _boolean(False)}


def data_request_forward() -> Schema:
    return {"id": ref(), "organization": ref(), "comment": optional_text(2000)}


def _uploads() -> Schema:
    return {"files": [_v("ignore_missing")],
            **{field: [_v("ignore_missing")] for field in EXTRA_FILES}}


def data_request_respond() -> Schema:
    return {"id": ref(), **_uploads(), "links": [_v("ignore_missing"), links],
            "decline": _boolean(False), "reason": optional_text(2000),
            "comment": optional_text(2000)}


def data_request_deliver() -> Schema:
    return {"id": ref(), **_uploads(), "comment": optional_text(2000)}


def data_request_reject() -> Schema:
    return {"id": ref(), "reason": optional_text(2000)}


def data_request_balikan_upload() -> Schema:
    return {"id": ref(), "upload": [_v("ignore_missing")]}


def data_request_balikan_accept() -> Schema:
    return {"id": ref(), "accept": _boolean(True), "comment": optional_text(2000)}


def data_request_cancel() -> Schema:
    return {"id": ref(), "reason": optional_text(2000)}


def _status(value: Any) -> Any:
    if value not in statuses.ALL:
        raise tk.Invalid(tk._("Unknown status: use one of {statuses}").format(
            statuses=", ".join(statuses.ALL)))
    return value


def data_request_list() -> Schema:
    return {
        "status": [_v("ignore_missing"), _v("unicode_safe"), _status],
        "organization": optional_ref(),
        "overdue": [_v("ignore_missing"), _v("boolean_validator")],
        "mine": _boolean(False),
        "q": optional_text(200),
        "limit": [_v("default")(50), whole_number(0, 1000)],
        "offset": [_v("default")(0), whole_number(0, 10**9)],
    }


def data_request_file_download() -> Schema:
    return {"id": ref(), "file_id": ref()}
