"""Files of an access request, checked by their content and kept in CKAN's
file storage (``satudata.files``), owned by ``satudata_access_request``/its
id:

- the institution's attachments ``kak`` (Kerangka Acuan Kerja), ``sk`` (SK
  Penetapan Pelaksana), ``peraturan`` (Peraturan tentang SDI) and
  ``lainnya`` (others): PDFs of at most ``attachment_max_bytes`` (1 MB);
- ``bast_signed``: the signed and stamped BAST (PDF, ``bast_max_bytes``,
  500 KB);
- ``extract``: an extract built in Pengolahan Data (``extract.py``).

A refusal is a ``ValidationError`` on the form's field, in the user's
language.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import files, pdfcheck
from ckanext.satudata.accessrequests import config
from ckanext.satudata.messages import N_, message

OWNER_TYPE = "satudata_access_request"
MAX_PAGES = 100
PDF_TYPE = "application/pdf"
#: The attachments of a request: field → label; the first three required.
ATTACHMENTS = {
    "kak": N_("Terms of reference (KAK)"),
    "sk": N_("Decree appointing the implementers (SK Penetapan Pelaksana)"),
    "peraturan": N_("Regulation on Satu Data Indonesia (Peraturan tentang SDI)"),
    "lainnya": N_("Other supporting documents"),
}
REQUIRED = ("kak", "sk", "peraturan")
LABELS = {**ATTACHMENTS, "bast_signed": N_("Signed BAST"),
          "extract": N_("Data extract")}
REFUSED = N_("{label} was refused: {reason}")


@dataclasses.dataclass(frozen=True)
class Checked:
    """An upload that passed its checks."""

    field: str
    content: bytes
    name: str
    content_type: str = PDF_TYPE

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def label(kind: str) -> str:
    return tk._(LABELS.get(kind, kind))


def is_upload(value: Any) -> bool:
    """Whether ``value`` is a file (a form's file field left empty is not)."""
    if value is None or value == "" or getattr(value, "filename", None) == "":
        return False
    return (hasattr(value, "read") or hasattr(value, "stream")
            or isinstance(value, bytes | bytearray))


def _refused(field: str, reasons: list[str]) -> tk.ValidationError:
    return tk.ValidationError({field: [
        message(REFUSED, {"label": label(field), "reason": reason})
        for reason in reasons]})


def pdf(field: str, upload: Any, limit: int) -> Checked:
    """A PDF upload of at most ``limit`` bytes, checked by ``pdfcheck``."""
    found = files.read_upload(upload, limit, f"{field}.pdf") if is_upload(
        upload) else None
    if found is None:
        raise tk.ValidationError({field: [tk._("Choose the file to upload")]})
    content, name = found
    if not content:
        raise _refused(field, [tk._("The file is empty")])
    try:
        pdfcheck.check(content, max_bytes=limit, max_pages=MAX_PAGES)
    except pdfcheck.PdfRejected as rejected:
        raise _refused(field, rejected.messages()) from rejected
    stem = os.path.splitext(name)[0] or field
    return Checked(field, content, f"{stem}.pdf")


def attachments(data_dict: dict[str, Any], required: tuple[str, ...] = REQUIRED
                ) -> list[Checked]:
    """The attachments given in ``data_dict``; one ``ValidationError``
    naming every refused or missing one."""
    found, errors = [], {}
    for field in ATTACHMENTS:
        upload = data_dict.get(field)
        if not is_upload(upload):
            if field in required:
                errors[field] = [message(N_("Attach the {label} (PDF)"),
                                         {"label": label(field)})]
            continue
        try:
            found.append(pdf(field, upload, config.attachment_max_bytes()))
        except tk.ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise tk.ValidationError(errors)
    return found


def bast(upload: Any, field: str = "upload") -> Checked:
    """The signed BAST (PDF, ``bast_max_bytes``)."""
    checked = pdf(field, upload, config.bast_max_bytes())
    return dataclasses.replace(checked, field="bast_signed")


def store(content: bytes, name: str, content_type: str, request_id: str
          ) -> dict[str, Any]:
    """Keep bytes owned by the request (the caller commits, or rolls back
    and calls :func:`discard`)."""
    return files.store(content, owner_type=OWNER_TYPE, owner_id=request_id,
                       name=name, content_type=content_type)


discard = files.discard
