"""The signed approval document a producer uploads: a PDF checked by its
content (:mod:`ckanext.satudata.pdfcheck`), its electronic signatures read
(:mod:`ckanext.satudata.pdfsign`), kept in CKAN's file storage owned by the
request."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import files, pdfcheck, pdfsign
from ckanext.satudata.changes import config
from ckanext.satudata.changes.document import OWNER_TYPE
from ckanext.satudata.messages import N_, message

ELECTRONIC, WET_INK, BROKEN = "electronic", "wet_ink", "broken"


@dataclass(frozen=True)
class Checked:
    content: bytes
    name: str
    sha256: str
    signatures: list[dict[str, Any]]


def read(upload: Any) -> tuple[bytes, str]:
    """The bytes and name of an uploaded file (refused when missing or far
    too large to read whole)."""
    found = files.read_upload(upload, config.approval_max_bytes(), "persetujuan.pdf")
    if found is None:
        raise tk.ValidationError({"upload": [tk._(
            "Choose the signed approval document (PDF) to upload")]})
    content, name = found
    if not content:
        raise tk.ValidationError({"upload": [tk._("The file is empty")]})
    return content, name


def check(upload: Any) -> Checked:
    """Check an upload; ``ValidationError`` on ``upload`` naming every
    reason it is refused (in the user's language)."""
    content, name = read(upload)
    try:
        pdfcheck.check(content, max_bytes=config.approval_max_bytes(),
                       max_pages=config.approval_max_pages())
    except pdfcheck.PdfRejected as rejected:
        raise tk.ValidationError({"upload": [
            message(N_("The signed approval document was refused: {reason}"),
                    {"reason": text}) for text in rejected.messages()
        ]}) from rejected
    found = pdfsign.signatures(content, config.trusted_roots())
    if not name.lower().endswith(".pdf"):
        name = f"{os.path.splitext(name)[0] or 'persetujuan'}.pdf"
    return Checked(content, name, hashlib.sha256(content).hexdigest(),
                   [signature.as_dict() for signature in found])


def store(checked: Checked, request_id: str) -> dict[str, Any]:
    """Keep the checked PDF in CKAN's file storage, owned by the request
    (the caller commits, or rolls back and calls :func:`discard`)."""
    return files.store(checked.content, owner_type=OWNER_TYPE, owner_id=request_id,
                       name=checked.name, content_type="application/pdf")


discard = files.discard


def kind(signatures: list[dict[str, Any]] | None) -> str:
    """``electronic`` (every signature intact and unchanged), ``broken``,
    or ``wet_ink`` (no electronic signature: a scanned, hand-signed PDF)."""
    if not signatures:
        return WET_INK
    found = [pdfsign.Signature.from_dict(item) for item in signatures]
    return ELECTRONIC if all(signature.valid for signature in found) else BROKEN


def describe(signatures: list[dict[str, Any]] | None) -> str:
    """One line in the user's language: who signed and when, or "Tanda
    tangan basah (pindaian)"."""
    return pdfsign.summarize([pdfsign.Signature.from_dict(item)
                              for item in signatures or []])
