"""Electronic signatures of uploaded PDFs (PAdES, e.g. from BSrE), read
with pyHanko; shared by every plugin that accepts a signed document.

Check the file with :mod:`ckanext.satudata.pdfcheck` first (size, pages,
active content), then::

    from ckanext.satudata import pdfsign

    found = pdfsign.signatures(content, trusted_roots=roots)
    for signature in found:
        signature.signer          # "Budi Santoso (Dinas Kesehatan)"
        signature.signed_at       # aware datetime, or None
        signature.intact          # the signed bytes are untouched
        signature.trusted         # the certificate chains to a root we trust
        str(signature)            # one sentence in the current language
    pdfsign.describe(content)     # one line for a page or a list

:func:`signatures` validates every filled signature field of the document:

- *intact*: the digest of the signed byte range matches the one that was
  signed, and the signature value is cryptographically valid;
- *covers_whole_document*: nothing was appended after the signature; a
  later incremental update (another signature, a filled form field) leaves
  it ``False`` without being suspicious, while *modified* says the later
  updates changed more than signing and form filling allow (pyHanko's
  difference analysis);
- *trusted*: the signer's certificate chains to one of ``trusted_roots``
  (PEM or DER bytes of root certificates, e.g. the root of BSrE). By default
  nothing is trusted: a valid signature then reads "utuh" but "sertifikat
  belum dikenali". Nothing is fetched from the network (no OCSP, CRL or
  AIA fetching), so revocation is not checked.

The signing time is the time of a valid timestamp token when the signature
carries one, else the signed ``signingTime`` attribute (else the ``/M`` of
the signature dictionary): a claim of the signer unless the certificate is
trusted.

A PDF without any signature field is a scanned, wet-ink signed document:
:func:`describe` says "Tanda tangan basah (pindaian)". A hostile or damaged
file never raises: a signature that cannot be read is returned as a
:class:`Signature` that is not intact, with its reason.

Like :mod:`~ckanext.satudata.pdfcheck`, messages are English msgids
translated (``tk._``) when turned into text, so they speak the language of
the current request; outside a request they stay in English.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import datetime as dt
import io
import logging
from collections.abc import Callable
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.dates import format_time as babel_time
from flask_babel import get_locale
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from ckanext.satudata.config import display_zone
from ckanext.satudata.messages import N_, message

__all__ = ["Signature", "describe", "signatures"]

log = logging.getLogger(__name__)

#: Signature fields validated at most; more in one letter is an attack.
MAX_SIGNATURES = 20
#: The time zone of the signing times shown when ``ckan.display_timezone``
#: names none.
ZONE = "Asia/Jakarta"
#: Abbreviations of Indonesia's three time zones.
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB",
              "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

SIGNED = N_("Electronically signed by {signer} on {date}")
UNKNOWN_SIGNER = N_("an unknown signer")
NOT_INTACT = N_("Electronic signature not intact")
WET_INK = N_("Wet-ink signature (scanned)")
CHANGED_AFTER = N_("The document was changed after it was signed by {signer}")
DATE_TIME = N_("{date} at {time} {zone}")
SUMMARY_TRUSTED = N_("the signature is intact and the certificate is recognised.")
SUMMARY_UNTRUSTED = N_(
    "the signature is intact, but the certificate is not recognised yet.")
SUMMARY_LATER = N_("Later revisions were added after this signature.")
SUMMARY_BROKEN = N_("The electronic signature is not intact: {reason}")
NO_TIME = N_("an unknown time")

# Reasons a signature is not intact.
DAMAGED = N_("its data cannot be read.")
DIGEST_MISMATCH = N_("the document does not match what was signed.")
INVALID_VALUE = N_("the signature value is not valid.")
UNSUPPORTED = N_("its format is not supported.")
MODIFIED = N_("the document was changed after it was signed.")



T = TypeVar("T")


def outside_event_loop(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``func(*args, **kwargs)``, in a worker thread when this thread runs
    an asyncio event loop: pyHanko's synchronous API calls
    ``asyncio.run``, which refuses to run inside a running loop (e.g. under
    an async server, or beside Playwright's sync API in the tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return func(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(func, *args, **kwargs).result()

@dataclasses.dataclass(frozen=True)
class Signature:
    """One filled signature field of a PDF and what its validation found.

    ``common_name`` and ``organisation`` come from the subject of the
    signer's certificate (empty when unknown); ``signed_at`` is aware (UTC)
    or ``None``; ``reason`` is an English msgid saying why the signature is
    not intact or was modified (empty when it is fine). ``str()`` gives
    :attr:`summary`.
    """

    field: str
    common_name: str = ""
    organisation: str = ""
    signed_at: dt.datetime | None = None
    timestamped: bool = False
    intact: bool = False
    covers_whole_document: bool = False
    modified: bool = False
    trusted: bool = False
    reason: str = ""

    @property
    def signer(self) -> str:
        """``Common Name (Organisation)``, or either alone, or ``""``."""
        if self.common_name and self.organisation:
            return f"{self.common_name} ({self.organisation})"
        return self.common_name or self.organisation

    @property
    def valid(self) -> bool:
        """Intact and not changed afterwards (trusted or not)."""
        return self.intact and not self.modified

    @property
    def summary(self) -> str:
        """A short sentence in the current language: who signed it and
        when, whether it is intact and its certificate recognised."""
        if not self.intact:
            return message(SUMMARY_BROKEN, {"reason": message(self.reason or DAMAGED)})
        sentence = message(SIGNED, {"signer": self._signer_text(),
                                    "date": self._date_text()})
        trust = SUMMARY_TRUSTED if self.trusted else SUMMARY_UNTRUSTED
        parts = [f"{sentence}; {message(trust)}"]
        if self.modified:
            parts.append(_capitalised(message(MODIFIED)))
        elif not self.covers_whole_document:
            parts.append(message(SUMMARY_LATER))
        return " ".join(parts)

    def __str__(self) -> str:
        return self.summary

    def as_dict(self) -> dict[str, Any]:
        """The signature as JSON-able data (the time as ISO 8601)."""
        found = dataclasses.asdict(self)
        found["signed_at"] = self.signed_at.isoformat() if self.signed_at else None
        return found

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Signature:
        """A signature kept with :meth:`as_dict`."""
        known = {field.name for field in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        if values.get("signed_at"):
            values["signed_at"] = dt.datetime.fromisoformat(values["signed_at"])
        return cls(**values)

    def _signer_text(self) -> str:
        return self.signer or message(UNKNOWN_SIGNER)

    def _date_text(self) -> str:
        return format_time(self.signed_at) if self.signed_at else message(NO_TIME)


def signatures(content: bytes, trusted_roots: list[bytes] | None = None
               ) -> list[Signature]:
    """Every filled signature field of the PDF ``content``, validated, in
    the order they were signed; ``[]`` when there is none or the file cannot
    be read as a PDF at all. Whatever ``content`` holds, nothing is raised.

    :param content: the PDF bytes (checked by :mod:`pdfcheck` beforehand)
    :param trusted_roots: root certificates (PEM or DER bytes, a PEM file may
        hold several) a signer's certificate must chain to for the signature
        to be trusted; none by default
    :raises ValueError: when an item of ``trusted_roots`` is no certificate
        (a configuration error, not the upload's)
    """
    try:
        roots = _certificates(trusted_roots or [])
    except Exception as error:
        raise ValueError("trusted_roots holds no valid certificate") from error
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        fields = []
        for number, found in enumerate(enumerate_sig_fields(reader,
                                                            filled_status=True)):
            if number >= MAX_SIGNATURES:
                break
            fields.append(found)
    except Exception:  # not a PDF pyHanko can read: nothing to show
        log.debug("No signature fields read", exc_info=True)
        return []
    found_signatures = [
        _validated(reader, name, field_ref, roots)
        for name, _value, field_ref in fields
    ]
    # signed order; a signature that could not be read goes last
    return [sig for _rev, sig in sorted(
        found_signatures, key=lambda item: (item[0] is None, item[0] or 0))]


def describe(content: bytes, trusted_roots: list[bytes] | None = None) -> str:
    """One line about the signatures of ``content``, in the current
    language: "Ditandatangani secara elektronik oleh <penanda tangan> pada
    <tanggal>" for each valid signature (joined by "; "), "Tanda tangan
    elektronik tidak utuh" when one is broken, "Dokumen diubah setelah
    ditandatangani oleh …" when the document was changed afterwards, and
    "Tanda tangan basah (pindaian)" when the PDF carries no signature.

    :param content: the PDF bytes
    :param trusted_roots: as for :func:`signatures`
    """
    return summarize(signatures(content, trusted_roots))


def summarize(found: list[Signature]) -> str:
    """What :func:`describe` says, of signatures already read (e.g. kept
    with :meth:`Signature.as_dict` and rebuilt with :meth:`Signature.from_dict`)."""
    if not found:
        return message(WET_INK)
    if any(not sig.intact for sig in found):
        return message(NOT_INTACT)
    lines = []
    for sig in found:
        if sig.modified:
            lines.append(message(CHANGED_AFTER, {"signer": sig._signer_text()}))
        else:
            lines.append(message(SIGNED, {"signer": sig._signer_text(),
                                          "date": sig._date_text()}))
    return "; ".join(lines)


def format_time(moment: dt.datetime) -> str:
    """``moment`` in the display time zone and the current language:
    ``3 Desember 2026 pukul 22.42 WIB``."""
    zone = _zone()
    local = moment.astimezone(zone)
    locale = _locale()
    name = ZONE_NAMES.get(str(zone.key)) or local.strftime("UTC%z")
    return message(DATE_TIME, {
        "date": format_date(local.date(), format="long", locale=locale),
        "time": babel_time(local.time(), format="HH.mm" if locale == "id"
                           else "HH:mm", locale=locale),
        "zone": name,
    })


def _validated(reader: Any, name: str, field_ref: Any, roots: list[Any]
               ) -> tuple[int | None, Signature]:
    """(signed revision, :class:`Signature`) of one filled field."""
    try:
        embedded = EmbeddedPdfSignature(reader, field_ref, name)
        revision = embedded.signed_revision
    except Exception:
        log.info("Unreadable signature field %r", name, exc_info=True)
        return None, Signature(field=name, reason=DAMAGED)
    common_name, organisation = _subject(embedded)
    base = Signature(field=name, common_name=common_name,
                     organisation=organisation)
    try:
        status = outside_event_loop(validate_pdf_signature, embedded,
                                    _context(roots))
    except SignatureValidationError:
        log.info("Unsupported signature %r", name, exc_info=True)
        return revision, dataclasses.replace(base, reason=UNSUPPORTED)
    except Exception:
        log.info("Signature %r cannot be validated", name, exc_info=True)
        return revision, dataclasses.replace(base, reason=DAMAGED)
    return revision, _from_status(base, status)


def _from_status(base: Signature, status: Any) -> Signature:
    intact = bool(status.intact and status.valid)
    reason = ""
    if not status.intact:
        reason = DIGEST_MISMATCH
    elif not status.valid:
        reason = INVALID_VALUE
    coverage = status.coverage
    level = status.modification_level
    modified = intact and (
        coverage is None or coverage < SignatureCoverageLevel.ENTIRE_REVISION
        or (level is not None and level > ModificationLevel.FORM_FILLING))
    if modified:
        reason = MODIFIED
    signed_at, timestamped = _signing_time(status)
    return dataclasses.replace(
        base,
        signed_at=signed_at,
        timestamped=timestamped,
        intact=intact,
        covers_whole_document=coverage == SignatureCoverageLevel.ENTIRE_FILE,
        modified=modified,
        trusted=bool(intact and status.trusted),
        reason=reason,
    )


def _signing_time(status: Any) -> tuple[dt.datetime | None, bool]:
    """The time of a valid timestamp token, else the signer's claim."""
    token = status.timestamp_validity
    if token is not None and token.intact and token.valid:
        return _aware(token.timestamp), True
    claimed = status.signer_reported_dt
    return (_aware(claimed) if claimed else None), False


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def _subject(embedded: Any) -> tuple[str, str]:
    """Common name and organisation of the signer's certificate."""
    try:
        subject = embedded.signer_cert.subject.native
    except Exception:
        return "", ""
    return _text(subject.get("common_name")), _text(subject.get("organization_name"))


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(item) for item in value if item)
    return str(value).strip() if value else ""


def _certificates(data: list[bytes]) -> list[Any]:
    """asn1crypto certificates of PEM or DER ``data`` items."""
    roots: list[Any] = []
    for item in data:
        roots.extend(load_certs_from_pemder_data(item))
    return roots


def _context(roots: list[Any]) -> Any:
    """A validation context trusting ``roots`` only, fetching nothing."""
    return ValidationContext(trust_roots=list(roots), allow_fetching=False)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _zone() -> ZoneInfo:
    """The zone of the dates shown (:func:`..config.display_zone`)."""
    try:
        return display_zone()
    except Exception:  # outside CKAN (no config): WIB
        return ZoneInfo(ZONE)


def _locale() -> str:
    """The language of the current request (``en`` outside one)."""
    try:
        current = get_locale()
    except Exception:
        current = None
    return str(current) if current else "en"
