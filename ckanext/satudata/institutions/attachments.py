"""Files of an institution, checked by their content and kept in CKAN's
file storage (``satudata.files``), owned by ``satudata_institution``/its id:

- ``letter``: the Surat Permohonan Pembuatan Akun (PDF, ``pdfcheck``, at
  most ``letter_max_bytes``, 1 MB);
- ``logo``: PNG or JPEG (opened with Pillow), at most ``logo_max_bytes``
  (200 KB), at most 2000 x 2000 pixels;
- ``sdi``: the Dokumen Kelembagaan SDI (PDF, at most ``sdi_max_bytes``).
"""

from __future__ import annotations

import dataclasses
import io
import os
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import files, pdfcheck
from ckanext.satudata.institutions import config
from ckanext.satudata.messages import N_, message

OWNER_TYPE = "satudata_institution"
MAX_PAGES = 50
MAX_PIXELS = 2000

LABELS = {
    "letter": N_("Account request letter"),
    "logo": N_("Logo"),
    "sdi": N_("SDI institutional document"),
}
REFUSED = N_("{label} was refused: {reason}")
NOT_IMAGE = N_("The file is not a PNG or JPEG image.")
IMAGE_TOO_BIG = N_("The image is larger than {max} x {max} pixels.")
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}


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


def is_upload(value: Any) -> bool:
    """Whether ``value`` is a file (a form's file field left empty is not)."""
    if value is None or value == "" or getattr(value, "filename", None) == "":
        return False
    return (hasattr(value, "read") or hasattr(value, "stream")
            or isinstance(value, bytes | bytearray))


def _refused(field: str, reasons: list[str]) -> dict[str, list[str]]:
    label = tk._(LABELS[field])
    return {field: [message(REFUSED, {"label": label, "reason": reason})
                    for reason in reasons]}


def _limit(field: str) -> int:
    return {"letter": config.letter_max_bytes, "logo": config.logo_max_bytes,
            "sdi": config.sdi_max_bytes}[field]()


def check(field: str, upload: Any) -> Checked | dict[str, list[str]]:
    """The checked file of ``field``, or its errors."""
    limit = _limit(field)
    found = files.read_upload(upload, limit, field) if is_upload(upload) else None
    if found is None:
        return {field: [tk._("Choose the file to upload")]}
    content, name = found
    if not content:
        return _refused(field, [tk._("The file is empty")])
    if len(content) > limit:
        return _refused(field, [message(pdfcheck.TOO_LARGE,
                                        {"max_kb": max(limit // 1024, 1)})])
    stem = os.path.splitext(name)[0] or field
    if field == "logo":
        kind = _image_kind(content)
        if kind is None:
            return _refused(field, [tk._(NOT_IMAGE)])
        if kind == "too_big":
            return _refused(field, [message(IMAGE_TOO_BIG, {"max": MAX_PIXELS})])
        return Checked(field, content, f"{stem}.{kind}", kind)
    problems = pdfcheck.problems(content, max_bytes=limit, max_pages=MAX_PAGES)
    if problems:
        return _refused(field, [str(problem) for problem in problems])
    return Checked(field, content, f"{stem}.pdf", "pdf")


def _image_kind(content: bytes) -> str | None:
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        kind, formats = "png", ["PNG"]
    elif content.startswith(b"\xff\xd8\xff"):
        kind, formats = "jpg", ["JPEG"]
    else:
        return None
    from PIL import Image

    try:
        with Image.open(io.BytesIO(content), formats=formats) as image:
            if image.width > MAX_PIXELS or image.height > MAX_PIXELS:
                return "too_big"
            image.verify()
    except Exception:  # Pillow raises many kinds of errors on a bad file
        return None
    return kind


def store(checked: Checked, institution_id: str) -> dict[str, Any]:
    """Store a checked file (the caller commits; :func:`files.discard` on a
    failure)."""
    return files.store(checked.content, owner_type=OWNER_TYPE,
                       owner_id=institution_id, name=checked.name,
                       content_type=checked.content_type)
