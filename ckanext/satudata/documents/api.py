"""The documents plugin's public module: the only one other plugins import.

A plugin issues a letter, a request document, a BAST or a report with
:func:`issue` (see ``docs/documents.md``)::

    from ckanext.satudata.documents import api as documents

    documents.register_kind("change_request", N_("Data change request"))
    document = documents.issue(
        "change_request", "satudata/documents/letters/change_request.html",
        {"request": request_dict}, "satudata_change_request", request_id,
        organization=package.owner_org,
        subject="Permohonan perubahan data Jumlah Penduduk 2024",
        certified=canonical_json,
    )
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import lokal

from ckanext.satudata.documents import issuing, numbering

__all__ = [
    "ISSUED", "REVOKED", "STATUSES", "SUPERSEDED", "discard", "get", "issue",
    "pdf", "preview", "public", "register_kind", "response", "roman_month",
    "set_status", "terbilang", "verification_url",
]

ISSUED, SUPERSEDED, REVOKED = issuing.ISSUED, issuing.SUPERSEDED, issuing.REVOKED
STATUSES = tuple(issuing.STATUSES)

register_kind = issuing.register_kind
verification_url = issuing.verification_url
discard = issuing.discard
get = issuing.get
public = issuing.public
pdf = issuing.pdf
response = issuing.response
set_status = issuing.set_status
roman_month = numbering.roman_month


def issue(kind: str, template: str, extra_vars: dict[str, Any],
          owner_type: str, owner_id: str, organization: Any = None,
          subject: str = "", certified: bytes | str = b"", *,
          created_by: str | None = None, defer_commit: bool = True,
          ) -> dict[str, Any]:
    """Render ``template`` to a PDF, number it, store it and record it.

    The template (usually ``satudata/documents/letters/<kind>.html``
    extending ``satudata/documents/base.html``) gets ``extra_vars`` plus
    ``document`` (``id``, ``kind``, ``kind_label``, ``number``, ``date``,
    ``date_text`` in Indonesian, ``subject``, ``organization``,
    ``verification_url``, ``qr`` — a PNG ``data:`` URI) and ``letterhead``
    (``name``, ``address``, ``logo``). It is rendered in the portal's
    default language.

    :param kind: a kind registered with :func:`register_kind`
    :param template: the CKAN template to render
    :param extra_vars: the template's own variables
    :param owner_type: what the PDF belongs to in CKAN's file storage
        (e.g. ``satudata_change_request``)
    :param owner_id: the id of that object
    :param organization: the issuing organization (id, name, dictionary or
        ``model.Group``; ``None``: the portal itself); numbers count per
        kind, organization and year
    :param subject: a public description of the document, shown on its
        verification page (never closed data)
    :param certified: what the document certifies (e.g. canonical JSON);
        only its SHA-256 is kept and shown
    :param created_by: the user issuing it (default: the logged-in user)
    :param defer_commit: leave the commit to the caller (default); the
        number's sequence row stays locked until then. On a failure before
        the commit, roll back and call :func:`discard`
    :returns: the document's record (``id``, ``number``, ``file_id``,
        ``pdf_sha256``, ``certified_sha256``, ``status``,
        ``verification_url``...) and ``file``, CKAN's file dictionary
    :raises ValueError: an unregistered kind, or no owner
    :raises ckan.plugins.toolkit.ObjectNotFound: no such organization
    """
    return issuing.issue(
        kind, template, extra_vars, owner_type, owner_id, organization,
        subject, certified, created_by=created_by, defer_commit=defer_commit,
    )


def preview(template: str, extra_vars: dict[str, Any], organization: Any = None,
            subject: str = "") -> bytes:
    """The PDF of a document that is not issued (yet): a draft to review
    before the real one is issued with :func:`issue` (a periodic report
    before it is finalised).

    Rendered like :func:`issue` — the same template variables, letterhead,
    date and language, the same local-only fetcher — but ``document`` has
    no ``number``, ``qr`` or ``verification_url`` (empty strings: the base
    template then prints neither the number nor the verification block),
    nothing is numbered, recorded or stored.

    :returns: the PDF's bytes
    :raises ckan.plugins.toolkit.ObjectNotFound: no such organization
    """
    return issuing.preview(template, extra_vars, organization, subject)


def terbilang(amount: int | float | Decimal, *, currency: bool = False,
              case: Literal["lower", "sentence", "title"] = "lower") -> str:
    """An amount in Indonesian words (``lokal.terbilang``):
    ``terbilang(1500000, currency=True)`` → "satu juta lima ratus ribu
    rupiah"."""
    return lokal.terbilang(amount, currency=currency, case=case)
