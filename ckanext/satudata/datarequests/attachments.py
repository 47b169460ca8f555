"""Files of a data request, checked by their content (never by their name)
and kept in CKAN's file storage (``satudata.files``), owned by
``satudata_data_request``/the request's id:

- the requester's attachments (``pernyataan``, ``kak``): PDFs checked with
  ``pdfcheck``, at most ``attachment_max_bytes`` (1 MB);
- the data balikan: PDF, XLSX, CSV or DOCX, at most ``balikan_max_bytes``
  (10 MB);
- the OPD's answer and what the walidata deliver: CSV, XLSX, JSON, PDF or
  ZIP, at most ``response_max_bytes`` (50 MB).

A refusal is a ``ValidationError`` on the form's field, in the user's
language. Stored bytes whose transaction fails are removed with
:func:`discard`.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import zipfile
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import files, pdfcheck
from ckanext.satudata.datarequests import config
from ckanext.satudata.messages import N_, message

OWNER_TYPE = "satudata_data_request"
#: Most pages of an attachment or a PDF answer.
MAX_PAGES = 100

PDF, XLSX, DOCX, CSV, JSON, ZIP = "pdf", "xlsx", "docx", "csv", "json", "zip"
CONTENT_TYPES = {
    PDF: "application/pdf",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    CSV: "text/csv",
    JSON: "application/json",
    ZIP: "application/zip",
}
BALIKAN_TYPES = (PDF, XLSX, CSV, DOCX)
RESPONSE_TYPES = (CSV, XLSX, JSON, PDF, ZIP)

#: field → its English label (a msgid).
LABELS = {
    "pernyataan": N_("Statement letter"),
    "kak": N_("Terms of reference (KAK)"),
    "upload": N_("Data balikan"),
    "files": N_("Answer file"),
}
REFUSED = N_("{label} was refused: {reason}")
NOT_BALIKAN = N_("The file is not a PDF, an Excel workbook (XLSX), a CSV file"
                 " or a Word document (DOCX).")
NOT_RESPONSE = N_("The file is not a CSV file, an Excel workbook (XLSX), JSON,"
                  " a PDF or a ZIP archive.")


@dataclasses.dataclass(frozen=True)
class Checked:
    """An upload that passed its checks."""

    field: str
    content: bytes
    name: str
    type: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.type]


def _refused(field: str, reasons: list[str]) -> tk.ValidationError:
    label = tk._(LABELS.get(field, field))
    return tk.ValidationError({field: [
        message(REFUSED, {"label": label, "reason": reason}) for reason in reasons]})


def is_upload(value: Any) -> bool:
    """Whether ``value`` is a file (a form's file field left empty is not)."""
    if value is None or value == "" or getattr(value, "filename", None) == "":
        return False
    return (
        hasattr(value, "read") or hasattr(value, "stream")
        or isinstance(value, bytes | bytearray))


def read(field: str, upload: Any, limit: int, default_name: str) -> tuple[bytes, str]:
    """The bytes and bare name of ``upload`` (refused when it is no file,
    empty, or larger than ``limit``)."""
    found = files.read_upload(upload, limit, default_name) if is_upload(
        upload) else None
    if found is None:
        raise tk.ValidationError({field: [tk._("Choose the file to upload")]})
    content, name = found
    if not content:
        raise _refused(field, [tk._("The file is empty")])
    if len(content) > limit:
        raise _refused(field, [message(pdfcheck.TOO_LARGE,
                                       {"max_kb": max(limit // 1024, 1)})])
    return content, name


def _named(name: str, kind: str) -> str:
    stem = os.path.splitext(name)[0] or "berkas"
    return f"{stem}.{kind}"


# ---- what a file is, by its content ---------------------------------------------

def _zip_names(content: bytes) -> set[str] | None:
    if not content.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None
    return names


def _office(names: set[str]) -> str | None:
    if "[Content_Types].xml" not in names:
        return None
    if "xl/workbook.xml" in names:
        return XLSX
    if "word/document.xml" in names:
        return DOCX
    return None


def _text(content: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(ord(char) < 32 and char not in "\t\r\n\f" for char in text):
            return None
        return text
    return None


def _is_csv(content: bytes) -> bool:
    text = _text(content)
    if text is None or not text.strip() or text.lstrip().startswith("<"):
        return False
    try:
        rows = list(csv.reader(io.StringIO(text[:200_000])))
    except csv.Error:
        return False
    return bool(rows)


def _is_json(content: bytes) -> bool:
    try:
        json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return True


def detect(content: bytes, allowed: tuple[str, ...]) -> str | None:
    """Which of ``allowed`` the bytes are (``None``: none of them)."""
    if content.startswith(b"%PDF-"):
        return PDF if PDF in allowed else None
    names = _zip_names(content)
    if names is not None:
        office = _office(names)
        if office in allowed:
            return office
        return ZIP if ZIP in allowed and office is None else None
    if content.startswith(b"PK"):
        return None
    if JSON in allowed and content.lstrip()[:1] in (b"{", b"[") and _is_json(content):
        return JSON
    if CSV in allowed and _is_csv(content):
        return CSV
    return None


def _check_pdf(field: str, content: bytes, limit: int) -> None:
    try:
        pdfcheck.check(content, max_bytes=limit, max_pages=MAX_PAGES)
    except pdfcheck.PdfRejected as rejected:
        raise _refused(field, rejected.messages()) from rejected


def _checked(field: str, upload: Any, limit: int, allowed: tuple[str, ...],
             not_allowed: str, default_name: str) -> Checked:
    content, name = read(field, upload, limit, default_name)
    kind = detect(content, allowed)
    if kind is None:
        raise _refused(field, [tk._(not_allowed)])
    if kind == PDF:
        _check_pdf(field, content, limit)
    return Checked(field, content, _named(name, kind), kind)


def attachment(field: str, upload: Any) -> Checked:
    """A requester's attachment (``pernyataan``, ``kak``): a PDF."""
    limit = config.attachment_max_bytes()
    content, name = read(field, upload, limit, f"{field}.pdf")
    _check_pdf(field, content, limit)
    return Checked(field, content, _named(name, PDF), PDF)


def balikan(upload: Any, field: str = "upload") -> Checked:
    """A data balikan: PDF, XLSX, CSV or DOCX."""
    return _checked(field, upload, config.balikan_max_bytes(), BALIKAN_TYPES,
                    NOT_BALIKAN, "data-balikan")


def response_file(upload: Any, field: str = "files") -> Checked:
    """A file of the OPD's answer (or delivered by the walidata): CSV, XLSX,
    JSON, PDF or ZIP."""
    return _checked(field, upload, config.response_max_bytes(), RESPONSE_TYPES,
                    NOT_RESPONSE, "data")


def check_all(uploads: list[tuple[str, Any]],
              check: Callable[[Any, str], Checked]) -> list[Checked]:
    """Check every upload; one ``ValidationError`` naming each refused field."""
    found, errors = [], {}
    for field, upload in uploads:
        try:
            found.append(check(upload, field))
        except tk.ValidationError as error:
            for key, texts in error.error_dict.items():
                errors.setdefault(key, []).extend(texts)
    if errors:
        raise tk.ValidationError(errors)
    return found


# ---- storage ---------------------------------------------------------------------

def store(checked: Checked, request_id: str) -> dict[str, Any]:
    """Keep a checked file, owned by the request (the caller commits, or
    rolls back and calls :func:`discard`)."""
    return files.store(checked.content, owner_type=OWNER_TYPE, owner_id=request_id,
                       name=checked.name, content_type=checked.content_type)


discard = files.discard
