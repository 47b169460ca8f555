"""The BAST (Berita Acara Serah Terima data) of an access request, issued
through the documents plugin: both parties (the walidata and the
institution, with its logo and address), the data delivered (each item's
dataset, level, variables, format, rows) and the QR verification of the
documents module. The institution prints it, signs and stamps it, and
uploads it (``attachments.bast``)."""

from __future__ import annotations

import base64
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import files
from ckanext.satudata.accessrequests.attachments import OWNER_TYPE
from ckanext.satudata.documents import api as documents
from ckanext.satudata.mail import template_context
from ckanext.satudata.messages import N_

KIND = "access_bast"
TEMPLATE = "satudata/documents/letters/access_bast.html"
TITLE = "Berita Acara Serah Terima Data"

documents.register_kind(KIND, N_("Data handover record (BAST)"))


def _logo_data_uri(institution: dict[str, Any]) -> str:
    file_id = institution.get("logo_file_id")
    if not file_id:
        return ""
    try:
        content = files.read(file_id)
    except Exception:  # a missing logo leaves the BAST without it
        return ""
    kind = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(content).decode('ascii')}"


def issue(request: dict[str, Any], institution: dict[str, Any],
          created_by: str) -> dict[str, Any]:
    """Render, number and store the BAST of ``request`` (as
    ``present.full`` gives it) in the caller's transaction; the document's
    record. The caller commits, or rolls back and calls :func:`discard`."""
    walidata = tk.config.get("ckanext.satudata.walidata_organization") or ""
    with template_context():
        return documents.issue(
            KIND, TEMPLATE, {
                "request": request,
                "institution": {**institution,
                                "logo_data_uri": _logo_data_uri(institution)},
                "items": request.get("items") or [],
                "bast_number": request.get("bast_number") or "",
                "walidata_name": walidata,
                "site_title": tk.config.get("ckan.site_title") or "",
            },
            OWNER_TYPE, request["id"],
            subject=f"{TITLE} Nomor Permohonan {request['number']}",
            created_by=created_by)


discard = documents.discard
