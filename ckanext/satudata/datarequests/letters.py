"""The four letters of a data request (seed 004, SOP Permohonan Data),
issued through the documents plugin in the caller's transaction:

- ``pengantar``: Surat Pengantar Permohonan Data, from the walidata to the
  producer OPD;
- ``tindak_lanjut``: Surat Tindak Lanjut Permohonan Data, from the OPD to
  the walidata (its answer, or why it declines);
- ``penyampaian``: Surat Penyampaian Data, to the requester, listing the
  delivered files and links;
- ``penolakan``: Surat Penolakan Permohonan Data, to the requester, with
  the reason.

The kinds are registered when this module is imported (the plugin imports
it). The caller commits, or rolls back and calls :func:`discard`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import region
from ckanext.satudata.documents import api as documents
from ckanext.satudata.mail import indonesian_date, template_context
from ckanext.satudata.messages import N_

OWNER_TYPE = "satudata_data_request"
LETTERS = ("pengantar", "tindak_lanjut", "penyampaian", "penolakan")
#: letter → (document kind, its English label, its Indonesian title)
KINDS: dict[str, tuple[str, str, str]] = {
    "pengantar": ("datarequest_pengantar",
                  N_("Data request covering letter"),
                  "Surat Pengantar Permohonan Data"),
    "tindak_lanjut": ("datarequest_tindak_lanjut",
                      N_("Data request follow-up letter"),
                      "Surat Tindak Lanjut Permohonan Data"),
    "penyampaian": ("datarequest_penyampaian",
                    N_("Data delivery letter"),
                    "Surat Penyampaian Data"),
    "penolakan": ("datarequest_penolakan",
                  N_("Data request rejection letter"),
                  "Surat Penolakan Permohonan Data"),
}

for _kind, _label, _title in KINDS.values():
    documents.register_kind(_kind, _label)

FORMATS = {"csv": "CSV", "xlsx": "Excel (XLSX)", "json": "JSON"}


def kind(letter: str) -> str:
    """The document kind of ``letter`` (``pengantar`` →
    ``datarequest_pengantar``)."""
    if letter not in KINDS:
        raise ValueError(f"Unknown data request letter: {letter!r}")
    return KINDS[letter][0]


def template(letter: str) -> str:
    return f"satudata/documents/letters/{kind(letter)}.html"


def subject(letter: str, request: dict[str, Any]) -> str:
    """The public subject of a letter: its title and the request's number
    (never the requester's name or the data asked)."""
    return f"{KINDS[letter][2]} Nomor {request['number']}"


def _date(value: Any) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        return indonesian_date(value.date())
    if isinstance(value, dt.date):
        return indonesian_date(value)
    return indonesian_date(str(value)[:10])


def _files(request: dict[str, Any], kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    return [file for file in request.get("files") or []
            if file.get("kind") in kinds]


def _links(request: dict[str, Any]) -> list[dict[str, Any]]:
    """The datasets/resources the OPD pointed to, with their titles and
    addresses."""
    response = request.get("response") or {}
    found = []
    for link in response.get("links") or []:
        if not isinstance(link, dict):
            continue
        package = model.Package.get(link.get("dataset") or "")
        resource = model.Resource.get(link.get("resource") or "") if link.get(
            "resource") else None
        title = package.title or package.name if package else link.get("dataset")
        if resource is not None:
            title = f"{title} \u2013 {resource.name or resource.id}"
        url = ""
        if package is not None:
            with template_context():
                url = (tk.h.url_for("resource.read", id=package.name,
                                    resource_id=resource.id, qualified=True)
                       if resource is not None else
                       tk.h.url_for("dataset.read", id=package.name,
                                    qualified=True))
        found.append({**link, "title": title, "url": url})
    return found


def certified(letter: str, request: dict[str, Any], comment: str) -> str:
    """What a letter certifies, as canonical JSON (only its SHA-256 is
    kept)."""
    response = request.get("response") or {}
    return json.dumps({
        "letter": letter,
        "request": request["id"],
        "number": request["number"],
        "datasets": [d.get("id") for d in request.get("datasets") or []],
        "organization": (request.get("organization") or {}).get("id"),
        "response": response.get("kind"),
        "files": sorted(f.get("id") or f.get("file_id") or ""
                        for f in _files(request, ("response", "delivery"))),
        "comment": comment,
        "reason": request.get("reason") or "",
    }, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _count_text(num: int) -> str:
    """``3`` → ``3 (tiga) berkas``; ``0`` → ``-``."""
    if not num:
        return "-"
    return f"{num} ({documents.terbilang(num)}) berkas"


def _attachments(letter: str, request: dict[str, Any]) -> str:
    if letter == "pengantar":
        return _count_text(1)  # the request document (Dokumen Permohonan Data)
    if letter == "tindak_lanjut":
        return _count_text(len(_files(request, ("response",))))
    if letter == "penyampaian":
        return _count_text(len(_files(request, ("delivery",))
                               or _files(request, ("response",))))
    return "-"


def variables(letter: str, request: dict[str, Any],
              comment: str = "") -> dict[str, Any]:
    """The template variables of a letter."""
    response = request.get("response") or {}
    requester = request.get("requester") or {}
    return {
        "letter": letter,
        "letter_title": KINDS[letter][2],
        "request": request,
        "requester_name": (request.get("contact_name") or requester.get("fullname")
                           or requester.get("name") or ""),
        "institution": request.get("institution") or "",
        "organization": request.get("organization") or {},
        "datasets": request.get("datasets") or [],
        "regions_text": ", ".join(
            region.name(code) for code in request.get("regions") or []),
        "attachments_text": _attachments(letter, request),
        "format_text": FORMATS.get(request.get("format") or "",
                                   request.get("format") or ""),
        "created_text": _date(request.get("created")),
        "balikan_due_text": _date(request.get("balikan_due")),
        "response": response,
        "declined": response.get("kind") == "declined",
        "files": _files(request, ("delivery",)) or _files(request, ("response",)),
        "links": _links(request),
        "comment": comment,
        "reason": ((request.get("reason") or response.get("reason") or comment)
                   if letter == "penolakan" else (response.get("reason") or "")),
    }


def issue(letter: str, request: dict[str, Any], *, comment: str = "",
          created_by: str) -> dict[str, Any]:
    """Issue ``letter`` of ``request`` in the caller's transaction.

    :param letter: ``pengantar``, ``tindak_lanjut``, ``penyampaian`` or
        ``penolakan``
    :param request: the request as ``store`` gives it (for
        ``tindak_lanjut`` with ``organization`` and ``response``; for
        ``penyampaian`` with ``files`` and ``response.links``; for
        ``penolakan`` with ``reason``)
    :param comment: the officer's comment, printed in the letter
    :param created_by: the id of the user issuing it
    :returns: the document record (``id``, ``number``, ``file_id``...)
    """
    organization = None
    if letter == "tindak_lanjut":
        organization = (request.get("organization") or {}).get("id")
        if not organization:
            raise ValueError("A follow-up letter needs the request's organization")
    return documents.issue(
        kind(letter), template(letter), variables(letter, request, comment),
        OWNER_TYPE, request["id"], organization=organization,
        subject=subject(letter, request),
        certified=certified(letter, request, comment),
        created_by=created_by, defer_commit=True,
    )


def discard(document: dict[str, Any]) -> None:
    """Remove the PDF of a letter whose transaction was rolled back."""
    documents.discard(document)
