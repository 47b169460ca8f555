"""The request document of a change request (old → new per cell, the
request's hash, a signature block), issued through the documents plugin."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from ckan import model

from ckanext.satudata.documents import api as documents
from ckanext.satudata.messages import N_

KIND = "change_request"
TEMPLATE = "satudata/changes/letters/change_request.html"
OWNER_TYPE = "satudata_change_request"
EMPTY = "\u2013"

documents.register_kind(KIND, N_("Data change request"))


def value_text(value: Any) -> str:
    """A cell value as Indonesian text (a dash when empty)."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_decimal(value, locale="id")
    return str(value)


def issue(request: dict[str, Any], package: model.Package,
          organization: model.Group, period_label: str, requester: str,
          certified: str) -> dict[str, Any]:
    """Issue the request document of ``request`` in the caller's
    transaction (the caller commits, or rolls back and calls
    :func:`discard`)."""
    cells = [{**cell, "old_text": value_text(cell["old"]),
              "new_text": value_text(cell["new"])} for cell in request["cells"]]
    return documents.issue(
        KIND, TEMPLATE,
        {"request": {**request, "cells": cells, "period_label": period_label,
                     "sha256": request["request_sha256"]},
         "package": {"title": package.title or package.name, "name": package.name},
         "organization": {"title": organization.title or organization.name},
         "requester": requester},
        OWNER_TYPE, request["id"], organization=organization,
        subject=f"Permohonan perubahan data {package.title or package.name}"
                f" ({period_label})",
        certified=certified,
    )


discard = documents.discard
