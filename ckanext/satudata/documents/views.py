"""The public verification page of a document, ``/dokumen/<id>/verifikasi``
(the address of its QR code): what the document is, its status and the
SHA-256 of what it certifies and of its PDF, for anybody, without login.
A visitor holding a PDF may upload it to learn whether it is the issued
one (its bytes are hashed and forgotten)."""

from __future__ import annotations

import hashlib
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user, request
from flask import Blueprint

from ckanext.satudata.documents import config
from ckanext.satudata.messages import message

__all__ = ["satudata_documents"]

satudata_documents = Blueprint("satudata_documents", __name__)

#: The upload field of the check form.
FIELD = "pdf"


def _document(document_id: str) -> dict[str, Any]:
    context = {"user": current_user.name if current_user else ""}
    try:
        return tk.get_action("satudata_document_verify")(context, {"id": document_id})
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("Document not found"))


def _uploaded_sha256() -> tuple[str | None, str | None]:
    """(SHA-256 of the uploaded PDF, None) or (None, error message)."""
    limit = config.check_max_bytes()
    if request.content_length and request.content_length > limit + 64 * 1024:
        return None, message("The file is larger than {max_kb} KB.",
                             {"max_kb": limit // 1024})
    upload = request.files.get(FIELD)
    if upload is None or not upload.filename:
        return None, tk._("Choose the PDF file to check.")
    content = upload.stream.read(limit + 1)
    if len(content) > limit:
        return None, message("The file is larger than {max_kb} KB.",
                             {"max_kb": limit // 1024})
    return hashlib.sha256(content).hexdigest(), None


@satudata_documents.route("/dokumen/<id>/verifikasi", methods=["GET", "POST"])
def verify(id: str) -> str:
    document = _document(id)
    extra: dict[str, Any] = {"document": document, "field": FIELD,
                             "max_kb": config.check_max_bytes() // 1024,
                             "checked": None, "error": None}
    if request.method == "POST":
        digest, error = _uploaded_sha256()
        extra["error"] = error
        if digest is not None:
            extra["checked"] = {"sha256": digest,
                                "matches": digest == document["pdf_sha256"]}
    return tk.render("satudata/documents/verify.html", extra)
