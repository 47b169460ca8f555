"""Demo change requests (plugin ``satudata_changes``), idempotently.

``data/changes.yaml`` says which published periods of the workflow demo
have a change request and where it stands: waiting for its signed document,
waiting for the walidata's approval, rejected (with a note) or approved
(``done``: the dataset page shows "Direvisi" and the revision history).
:func:`load` walks each through the actions as the demo accounts — the
OPD's operator (or verifikator) makes the request, whose request document
the portal issues into its file storage, and uploads the signed document;
walidata approves or rejects it — so events, documents, notifications and
the revised DataStore rows are what real use leaves behind.

The signed document is the request document with a "signed" stamp on its
last page (generated with pypdf: no real signature, a wet-ink scan as far
as the portal can tell).

Running it again changes nothing: a request is looked up by its dataset and
period (``satudata_change_request_list``); one already in its status is
left alone, one stopped on the way (an interrupted load) is moved on, one
that someone moved elsewhere is reported as kept.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)
from werkzeug.datastructures import FileStorage

from ckanext.satudata.demo.calls import Ckan, Echo, report
from ckanext.satudata.demo.indicators import _operator
from ckanext.satudata.demo.workflow import WALIDATA, _verifikator

Outcome = Literal["created", "moved", "unchanged", "kept", "skipped"]
OUTCOMES: tuple[Outcome, ...] = ("created", "moved", "unchanged", "kept", "skipped")
#: The statuses a request passes through to reach each demo status.
PATHS: dict[str, tuple[str, ...]] = {
    "waiting_upload": ("waiting_upload",),
    "waiting_approval": ("waiting_upload", "waiting_approval"),
    "rejected": ("waiting_upload", "waiting_approval", "rejected"),
    "done": ("waiting_upload", "waiting_approval", "done"),
}
PRODUCERS = ("operator", "verifikator")


class ChangesError(ValueError):
    """An entry of ``data/changes.yaml`` is wrong."""


@dataclass(frozen=True)
class Cell:
    row: str
    component: str
    add: int
    reason: str


@dataclass(frozen=True)
class Target:
    dataset: str
    period: str
    status: str
    cells: tuple[Cell, ...]
    by: str = "operator"
    note: str = ""

    @property
    def path(self) -> tuple[str, ...]:
        return PATHS[self.status]


def _cell(raw: Any, where: str) -> Cell:
    if not isinstance(raw, dict) or set(raw) != {"row", "component", "add", "reason"}:
        raise ChangesError(f"{where}: a cell has row, component, add and reason")
    add = raw["add"]
    if not isinstance(add, int) or isinstance(add, bool) or add == 0:
        raise ChangesError(f"{where}: add is a whole number other than 0")
    reason = str(raw["reason"]).strip()
    if not reason:
        raise ChangesError(f"{where}: a cell needs its reason")
    return Cell(str(raw["row"]), str(raw["component"]), add, reason)


def targets() -> list[Target]:
    text = resources.files(__package__).joinpath("data/changes.yaml").read_text(
        encoding="utf-8")
    found: list[Target] = []
    for entry in yaml.safe_load(text)["requests"]:
        where = f"{entry.get('dataset')} {entry.get('period')}"
        cells = tuple(_cell(raw, where) for raw in entry.get("cells") or ())
        target = Target(**{**entry, "cells": cells,
                           "note": (entry.get("note") or "").strip()})
        if target.status not in PATHS:
            raise ChangesError(f"{where}: unknown status {target.status}")
        if target.by not in PRODUCERS:
            raise ChangesError(f"{where}: by is one of {', '.join(PRODUCERS)}")
        if not cells:
            raise ChangesError(f"{where}: give the cells to change")
        if (target.status == "rejected") != bool(target.note):
            raise ChangesError(f"{where}: a note is given with (and only with)"
                               " a rejection")
        if any((t.dataset, t.period) == (target.dataset, target.period)
               for t in found):
            raise ChangesError(f"{where}: one request per dataset and period")
        found.append(target)
    return found


def load(echo: Echo = print) -> None:
    """Apply ``data/changes.yaml``. Safe to run repeatedly."""
    ckan = Ckan()
    outcomes: Counter[Outcome] = Counter()
    for target in targets():
        outcomes[_ensure(ckan, target, echo)] += 1
    report(echo, "change requests", outcomes, OUTCOMES)


def _producer(target: Target) -> str | None:
    if target.by == "verifikator":
        return _verifikator(target.dataset)
    return _operator(target.dataset)


def _ensure(ckan: Ckan, target: Target, echo: Echo) -> Outcome:
    producer = _producer(target)
    if producer is None:
        echo(f"  {target.dataset} {target.period}: its OPD has no demo"
             f" {target.by}: change request skipped")
        return "skipped"
    found = ckan("satudata_change_request_list", package=target.dataset,
                 period=target.period, limit=1)["results"]
    if found:
        request = found[0]  # the newest
        if request["status"] == target.status:
            return "unchanged"
        if request["status"] not in target.path[:-1]:
            return "kept"
        start, outcome = target.path.index(request["status"]) + 1, "moved"
    else:
        shown = ckan("satudata_submission_show", id=target.dataset,
                     period=target.period)
        if shown["state"] != "published":
            echo(f"  {target.dataset} {target.period} is not published: change"
                 " request skipped")
            return "skipped"
        request = ckan("satudata_change_request_create", user=producer,
                       id=target.dataset, period=target.period,
                       cells=_cells(target, shown["values"]),
                       revision=shown["revision"])
        start, outcome = 1, "created"
    for status in target.path[start:]:
        _step(ckan, status, request["id"], target, producer)
    return outcome


def _cells(target: Target, published: dict[str, dict[str, Any]]
           ) -> list[dict[str, Any]]:
    """The cells of the request: each published value plus its ``add``."""
    cells = []
    for cell in target.cells:
        old = (published.get(cell.row) or {}).get(cell.component)
        if not isinstance(old, int | float):
            raise ChangesError(f"{target.dataset} {target.period}: no published"
                               f" number in {cell.row}/{cell.component}")
        cells.append({"row": cell.row, "component": cell.component,
                      "value": old + cell.add, "reason": cell.reason})
    return cells


def _step(ckan: Ckan, status: str, request_id: str, target: Target,
          producer: str) -> None:
    """Move the request to ``status`` (the next one on its path)."""
    if status == "waiting_approval":
        document = ckan("satudata_change_request_document", user=producer,
                        id=request_id)
        signed = signed_copy(base64.b64decode(document["content"]))
        upload = FileStorage(stream=io.BytesIO(signed),
                             filename=f"ttd-{document['filename']}",
                             content_type="application/pdf")
        ckan("satudata_change_request_upload_approval", user=producer,
             id=request_id, upload=upload)
    elif status == "done":
        ckan("satudata_change_request_approve", user=WALIDATA, id=request_id)
    elif status == "rejected":
        ckan("satudata_change_request_reject", user=WALIDATA, id=request_id,
             note=target.note)


# --------------------------------------------------------------------------
# The "signed" document
# --------------------------------------------------------------------------

STAMP = (
    "Telah ditandatangani Kepala Perangkat Daerah",
    "(tanda tangan basah, pindaian - data demo)",
)
#: The signature line of the request document, under the signature space.
SIGNATURE_LINE = "(____"


def _signature_line(page: Any) -> tuple[float, float] | None:
    """Where (x, y in points) the signature line of ``page`` starts."""
    found: list[tuple[float, float]] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        if text.lstrip().startswith(SIGNATURE_LINE):
            x, y = tm[4], tm[5]
            found.append((x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return found[-1] if found else None


def _stamp_page(width: float, height: float, x: float, y: float) -> Any:
    """A page with only the stamp (Helvetica, blue), its box's lower left
    corner at ``x``, ``y``."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=width, height=height)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): font}),
    })
    lines = [
        "q 0.05 0.2 0.55 rg 0.05 0.2 0.55 RG",
        f"BT /F1 9 Tf {x + 6:.1f} {y + 20:.1f} Td ({STAMP[0]}) Tj ET",
        f"BT /F1 8 Tf {x + 6:.1f} {y + 8:.1f} Td ({STAMP[1]}) Tj ET",
        f"1 w {x:.1f} {y:.1f} 218 32 re S Q",
    ]
    content = DecodedStreamObject()
    content.set_data("\n".join(lines).encode("latin-1"))
    page.replace_contents(content)
    return page


def signed_copy(pdf: bytes) -> bytes:
    """``pdf`` with a "signed" stamp in the signature space of its last
    page (bottom right when it has no signature line)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    last = writer.pages[-1]
    width, height = float(last.mediabox.width), float(last.mediabox.height)
    line = _signature_line(last)
    x, y = (line[0], line[1] + 14) if line else (width - 260, 72)
    last.merge_page(_stamp_page(width, height, min(x, width - 228), y))
    writer.add_metadata({"/Title": "Dokumen permohonan perubahan data"
                                   " (ditandatangani)"})
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
