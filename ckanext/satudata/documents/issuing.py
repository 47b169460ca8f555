"""Issuing documents: render, number, QR code, PDF, file storage, record.

A document kind is registered by the plugin that issues it
(:func:`register_kind`, with an English label translated where it is
shown). :func:`issue` does everything in the caller's transaction: the
sequence row of its kind, organization and year stays locked until the
caller commits (two documents never get one number), the file rows and
the ``satudata_document`` row are written then; the PDF's bytes are in the
storage at once, and a caller whose transaction fails afterwards calls
:func:`discard`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from flask import has_request_context
from flask_babel import force_locale

from ckanext.satudata import files, mail
from ckanext.satudata.config import site_url, walidata_organization
from ckanext.satudata.documents import config, numbering, render
from ckanext.satudata.documents.model import document_table
from ckanext.satudata.messages import N_

ISSUED, SUPERSEDED, REVOKED = "issued", "superseded", "revoked"
#: Status → its label (English msgid).
STATUSES = {
    ISSUED: N_("Valid"),
    SUPERSEDED: N_("Superseded by a later document"),
    REVOKED: N_("Revoked"),
}
#: The endpoint of the verification page (views.py).
VERIFY_ENDPOINT = "satudata_documents.verify"

#: Kind → its label (English msgid), filled by the issuing plugins.
_KINDS: dict[str, str] = {}


def register_kind(kind: str, label: str) -> None:
    """Make ``kind`` issuable; ``label`` (an English msgid, marked with
    ``N_``) names it on the document's verification page."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", kind):
        raise ValueError(f"a document kind is lower-case letters, digits, _: {kind!r}")
    _KINDS[kind] = label


def kind_label(kind: str) -> str:
    """The English label of a registered kind."""
    if kind not in _KINDS:
        raise ValueError(f"unknown document kind {kind!r} (register_kind first)")
    return _KINDS[kind]


def _organization(organization: Any) -> model.Group | None:
    if organization is None or organization == "":
        return None
    if isinstance(organization, model.Group):
        return organization
    if isinstance(organization, dict):
        organization = organization.get("id") or organization.get("name")
    found = model.Group.get(str(organization))
    if found is None or not found.is_organization:
        raise tk.ObjectNotFound(f"organization {organization}")
    return found


def _org_code(group: model.Group | None) -> str:
    return (group.name if group else walidata_organization() or "portal").upper()


def _creator(created_by: str | None) -> str:
    if created_by is not None:
        user = model.User.get(created_by) if created_by else None
        return user.id if user else created_by
    if has_request_context():
        from ckan.common import current_user

        if current_user and not current_user.is_anonymous:
            return current_user.id
    return ""


def verification_url(document_id: str) -> str:
    """The absolute address of a document's public verification page."""
    with mail.template_context():
        return site_url() + tk.url_for(VERIFY_ENDPOINT, id=document_id)


def _filename(number: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", number).strip("-") or "dokumen"


def _locale() -> str:
    return tk.config.get("ckan.locale_default") or "id"


def issue(kind: str, template: str, extra_vars: dict[str, Any],
          owner_type: str, owner_id: str, organization: Any = None,
          subject: str = "", certified: bytes | str = b"", *,
          created_by: str | None = None, defer_commit: bool = True,
          ) -> dict[str, Any]:
    """Issue a document of ``kind`` (see ``documents.api.issue``)."""
    label = kind_label(kind)
    if not owner_type or not owner_id:
        raise ValueError("a document needs its owner (owner_type, owner_id)")
    if isinstance(certified, str):
        certified = certified.encode("utf-8")
    group = _organization(organization)
    created = dt.datetime.now(dt.timezone.utc)
    day = created.astimezone(config.timezone()).date()
    document_id = str(uuid.uuid4())
    seq = numbering.next_seq(kind, group.id if group else "", day.year)
    number = numbering.fill(config.number_pattern(), seq, _org_code(group), kind, day)
    url = verification_url(document_id)
    with mail.template_context(), force_locale(_locale()):
        html = tk.render(template, {
            **extra_vars,
            "document": {
                "id": document_id, "kind": kind, "kind_label": tk._(label),
                "number": number, "date": day,
                "date_text": mail.indonesian_date(day), "subject": subject,
                "organization": ({"id": group.id, "name": group.name,
                                  "title": group.title or group.name}
                                 if group else None),
                "verification_url": url, "qr": render.qr_data_uri(url),
            },
            "letterhead": {
                "name": config.letterhead_name(),
                "address": config.letterhead_address(),
                "logo": render.logo_data_uri(),
            },
        })
    pdf = render.to_pdf(html, render.LocalFetcher())
    stored = files.store(pdf, owner_type=owner_type, owner_id=owner_id,
                         name=f"{_filename(number)}.pdf",
                         content_type="application/pdf", defer_commit=True)
    try:
        model.Session.execute(document_table.insert().values(
            id=document_id, kind=kind, kind_label=label, number=number,
            owner_type=owner_type, owner_id=owner_id,
            organization_id=group.id if group else None, subject=subject,
            certified_sha256=hashlib.sha256(certified).hexdigest(),
            pdf_sha256=hashlib.sha256(pdf).hexdigest(), file_id=stored["id"],
            status=ISSUED, created=created, created_by=_creator(created_by),
        ))
        if not defer_commit:
            model.repo.commit()
    except Exception:
        files.discard(stored)
        raise
    return {**get(document_id), "file": stored}


def preview(template: str, extra_vars: dict[str, Any], organization: Any = None,
            subject: str = "") -> bytes:
    """Render ``template`` to a PDF like :func:`issue` (letterhead, date,
    the portal's language) without issuing it: no number, no QR code, no
    record, nothing stored (see ``documents.api.preview``)."""
    group = _organization(organization)
    day = dt.datetime.now(dt.timezone.utc).astimezone(config.timezone()).date()
    with mail.template_context(), force_locale(_locale()):
        html = tk.render(template, {
            **extra_vars,
            "document": {
                "id": "", "kind": "", "kind_label": "", "number": "",
                "date": day, "date_text": mail.indonesian_date(day),
                "subject": subject,
                "organization": ({"id": group.id, "name": group.name,
                                  "title": group.title or group.name}
                                 if group else None),
                "verification_url": "", "qr": "",
            },
            "letterhead": {
                "name": config.letterhead_name(),
                "address": config.letterhead_address(),
                "logo": render.logo_data_uri(),
            },
        })
    return render.to_pdf(html, render.LocalFetcher())


def discard(document: dict[str, Any]) -> None:
    """Remove the PDF bytes of a document whose transaction failed."""
    files.discard(document["file"])


def _row(document_id: str) -> sa.Row:
    row = model.Session.execute(
        sa.select(document_table).where(document_table.c["id"] == document_id)
    ).first()
    if row is None:
        raise tk.ObjectNotFound("document")
    return row


def get(document_id: str) -> dict[str, Any]:
    """A document's record (no file content).

    :raises ckan.plugins.toolkit.ObjectNotFound: no such document
    """
    row = _row(str(document_id))
    found = dict(row._mapping)
    found["verification_url"] = verification_url(found["id"])
    return found


def public(document_id: str) -> dict[str, Any]:
    """What the verification page tells anybody about a document: what it
    is, its status, the SHA-256 of what it certifies and of its PDF."""
    found = get(document_id)
    group = (model.Group.get(found["organization_id"])
             if found["organization_id"] else None)
    day = found["created"].astimezone(config.timezone()).date()
    status, label = found["status"], found["kind_label"]
    return {
        "id": found["id"],
        "kind": found["kind"],
        "kind_label": tk._(label) if label else found["kind"],
        "number": found["number"],
        "date": day.isoformat(),
        "date_text": mail.indonesian_date(day),
        "subject": found["subject"],
        "organization": ({"name": group.name, "title": group.title or group.name}
                         if group else None),
        "status": found["status"],
        "status_label": tk._(STATUSES[status]),
        "certified_sha256": found["certified_sha256"],
        "pdf_sha256": found["pdf_sha256"],
    }


def set_status(document_id: str, status: str, defer_commit: bool = False) -> None:
    """Mark a document issued, superseded or revoked."""
    if status not in STATUSES:
        raise ValueError(f"unknown document status {status!r}")
    _row(document_id)
    model.Session.execute(
        document_table.update().where(document_table.c["id"] == document_id)
        .values(status=status, status_changed=dt.datetime.now(dt.timezone.utc))
    )
    if not defer_commit:
        model.repo.commit()


def pdf(document_id: str) -> bytes:
    """The PDF of a document."""
    return files.read(_row(document_id).file_id)


def response(document_id: str) -> Any:
    """A download of a document's PDF, for a view that checked who may
    read it."""
    row = _row(document_id)
    return files.response(row.file_id, f"{_filename(row.number)}.pdf")
