"""Helpers of the change request tests: a published period, a proposal,
PDFs to upload, and every table a step may write."""

from __future__ import annotations

import io
import json
from typing import Any

import sqlalchemy as sa
from ckan import model
from ckan.tests import helpers
from pypdf import PdfWriter

from tests.indicators.support import as_user
from tests.workflow.support import VALUES, to_state, workflow_state

PERIOD = "2024-S1"
ROW = "33.74.01"  # Semarang Tengah
OTHER_ROW = "33.74.02"
#: Two cells proposed: the published perempuan of ROW + 7, laki_laki of OTHER_ROW + 3.
NEW_PEREMPUAN = VALUES[ROW]["perempuan"] + 7
NEW_LAKI = VALUES[OTHER_ROW]["laki_laki"] + 3
CELLS = [
    {"row": ROW, "component": "perempuan", "value": str(NEW_PEREMPUAN),
     "reason": "Salah ketik pada rekap kecamatan"},
    {"row": OTHER_ROW, "component": "laki_laki", "value": NEW_LAKI,
     "reason": "Data susulan dari kelurahan"},
]


def publish(opd: dict[str, Any], period: str = PERIOD) -> None:
    to_state(opd, "published", period)


def create(opd: dict[str, Any], who: str = "operator", **data: Any) -> dict[str, Any]:
    return helpers.call_action(
        "satudata_change_request_create", as_user(opd[who]),
        id=opd["dataset"]["id"], period=PERIOD, **{"cells": CELLS, **data})


def blank_pdf(pages: int = 1, text: str = "") -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if text:
        writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class Upload:
    """A file as an action receives it from a multipart form."""

    def __init__(self, content: bytes, filename: str = "persetujuan.pdf") -> None:
        self.stream = io.BytesIO(content)
        self.filename = filename


def upload(opd: dict[str, Any], request_id: str, content: bytes | None = None,
           who: str = "operator", filename: str = "persetujuan.pdf") -> dict[str, Any]:
    return helpers.call_action(
        "satudata_change_request_upload_approval", as_user(opd[who]),
        id=request_id, upload=Upload(content or blank_pdf(), filename))


def approve(opd: dict[str, Any], request_id: str, who: str = "walidata",
            **data: Any) -> dict[str, Any]:
    return helpers.call_action("satudata_change_request_approve", as_user(opd[who]),
                               id=request_id, **data)


def waiting_approval(opd: dict[str, Any]) -> dict[str, Any]:
    """A request of PERIOD (published here) waiting for approval."""
    publish(opd)
    created = create(opd)
    return upload(opd, created["id"])


def changes_state() -> dict[str, list[str]]:
    """``workflow_state`` (indicator and workflow tables, resources,
    activities) plus the change request and document tables and the
    files: equal before and after means a refused step wrote nothing."""
    from ckanext.satudata.changes import model as tables
    from ckanext.satudata.documents import model as documents

    state = workflow_state()
    for table in (tables.change_request_table, tables.event_table,
                  documents.document_table, model.File.__table__):
        rows = model.Session.execute(sa.select(table)).mappings().all()
        state[table.name] = sorted(
            json.dumps(dict(row), sort_keys=True, default=str) for row in rows)
    return state
