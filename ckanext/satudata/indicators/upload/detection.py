"""The kind of an uploaded file, judged by its content, and the refusal of
files that cannot be an import: too large, empty, zip bombs, other formats,
undecodable text (see docs/indicators.md, "How an import is read")."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

from ckanext.satudata.indicators import cells
from ckanext.satudata.indicators.upload.report import (
    BROKEN,
    UploadRefused,
    damaged,
    unrecognized,
)
from ckanext.satudata.messages import N_

MB = 1024 * 1024
ZIP_TOTAL_FACTOR = 20
ZIP_TOTAL_CAP = 200 * MB
ZIP_RATIO = 200
ZIP_RATIO_MIN_SIZE = 4 * MB
ZIP_MAX_MEMBERS = 10_000
#: Every member, and all of them together, unpack to at most this many times
#: the whole file's size (never less than the floors): a real workbook
#: compresses about 10:1, and files up to 256 KB are read inside the request.
ZIP_MEMBER_FACTOR = 100
ZIP_MEMBER_FLOOR = 1 * MB
ZIP_INFLATED_FLOOR = 4 * MB

# Binary formats told by their first bytes (text files and the rest are
# refused by _decode); "MZ" (Windows executables) only with NUL bytes in its
# header, so that a CSV titled "MZ..." is still text.
_SIGNATURES = (
    b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x7fELF", b"\x1f\x8b",
    b"Rar!", b"7z\xbc\xaf\x27\x1c",
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def detect(data: bytes, filename: str, max_bytes: int) -> str:
    """``"xlsx"`` or ``"csv"``, judged by content; :class:`UploadRefused`
    for anything else."""
    return detect_content(data, filename, max_bytes)[0]


def detect_content(
    data: bytes, filename: str, max_bytes: int,
) -> tuple[str, str]:
    """The kind and, for csv, the decoded text."""
    if not data:
        raise UploadRefused(N_("The file is empty"))
    if len(data) > max_bytes:
        raise UploadRefused(
            N_("The file is too large ({size} MB); the limit is {limit} MB"),
            size=_megabytes(len(data)), limit=_megabytes(max_bytes),
        )
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        _check_zip(data, filename, max_bytes)
        return "xlsx", ""
    if data.startswith(_OLE):
        raise UploadRefused(N_(
            "Excel 97-2003 (.xls) and password-protected workbooks cannot be "
            "read: save the file as .xlsx without a password"
        ))
    if data.startswith(_SIGNATURES) or (
        data.startswith(b"MZ") and b"\x00" in data[:1024]
    ):
        raise unrecognized(filename)
    text = _decode(data, filename)
    if not text.strip():
        raise UploadRefused(N_("The file is empty"))
    return "csv", text


def _megabytes(size: int) -> str:
    """``10`` or ``10,5``: Indonesian, since it is shown as is."""
    value = round(size / MB, 1)
    return cells.display(int(value) if value.is_integer() else value)



def _check_zip(data: bytes, filename: str, max_bytes: int) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except BROKEN as error:
        raise damaged() from error
    _check_bomb(members, len(data), max_bytes)
    names = {member.filename for member in members}
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return
    if _is_opendocument(archive, names):
        raise UploadRefused(N_(
            "OpenDocument spreadsheets (.ods) cannot be read: save the file "
            "as .xlsx"
        ))
    raise unrecognized(filename)


def _check_bomb(
    members: list[zipfile.ZipInfo], size: int, max_bytes: int,
) -> None:
    """Refuses from the zip directory, before anything is unpacked (zipfile
    never inflates a member beyond its declared size, so these are real
    bounds on what is read later)."""
    cap = min(ZIP_TOTAL_FACTOR * max_bytes, ZIP_TOTAL_CAP)
    limit = min(max(ZIP_MEMBER_FACTOR * size, ZIP_INFLATED_FLOOR), cap)
    member_limit = min(max(ZIP_MEMBER_FACTOR * size, ZIP_MEMBER_FLOOR), limit)
    total = sum(member.file_size for member in members)
    absurd = any(
        member.file_size > member_limit
        or (member.file_size > ZIP_RATIO_MIN_SIZE
        and member.file_size > ZIP_RATIO * max(member.compress_size, 1))
        for member in members
    )
    if len(members) > ZIP_MAX_MEMBERS or total > limit or absurd:
        raise UploadRefused(N_(
            "The workbook unpacks to far more data than a spreadsheet holds "
            "and was refused"
        ))


def _is_opendocument(archive: zipfile.ZipFile, names: set[str]) -> bool:
    if "mimetype" not in names or archive.getinfo("mimetype").file_size > 200:
        return False
    try:
        return archive.read("mimetype").startswith(
            b"application/vnd.oasis.opendocument",
        )
    except BROKEN:
        return False


def _decode(data: bytes, filename: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UploadRefused(N_("The CSV file is UTF-16 text: save it as CSV UTF-8"))
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[len(codecs.BOM_UTF8):].decode("utf-8")
        except UnicodeDecodeError as error:
            raise UploadRefused(N_(
                "The CSV file is not valid UTF-8 text: save it as CSV UTF-8"
            )) from error
    else:
        text = _decode_plain(data, filename)
    if _CONTROL.search(text):
        raise unrecognized(filename)
    return text


def _decode_plain(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise unrecognized(filename) from error

