"""The institution accounts' rules: a registration (new, or corrected
after a rejection through its expiring link), the walidata's approval
(CKAN accounts created or linked, a set-password link each) or rejection
(notes and a correction link), the profile.

Everything is checked before anything is written; a failure after the
first write rolls the whole step back (stored files removed). E-mails go
out after the commit (:mod:`.notify`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.lib import mailer
from ckan.types import Context

from ckanext.satudata import files
from ckanext.satudata.institutions import attachments, config, identity, store
from ckanext.satudata.institutions.logic import schema
from ckanext.satudata.institutions.model import institution_table, person_table
from ckanext.satudata.messages import N_, message

log = logging.getLogger(__name__)

SUBMITTED, REJECTED, APPROVED = "diajukan", "ditolak", "disetujui"
STATUS_LABELS = {
    SUBMITTED: N_("Awaiting verification"),
    REJECTED: N_("Rejected, awaiting correction"),
    APPROVED: N_("Approved"),
}
FIELDS = ("category", "name", "email", "contact_name", "phone")


def decidable(row: dict[str, Any]) -> bool:
    """Whether the walidata may approve or reject the registration now
    (only one waiting for their decision)."""
    return row["status"] == SUBMITTED


def status_label(status: str) -> str:
    label = STATUS_LABELS.get(status)
    return tk._(label) if label else status


# ---- the correction link -------------------------------------------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_valid(row: dict[str, Any] | None, token: Any) -> bool:
    """Whether ``token`` opens the correction of the rejected ``row``."""
    if row is None or row["status"] != REJECTED or not isinstance(token, str) \
            or not token or not row.get("correction_hash"):
        return False
    expires = row.get("correction_expires")
    if expires is None or expires < store.now():
        return False
    return hmac.compare_digest(_digest(token), row["correction_hash"])


# ---- registration -----------------------------------------------------------------

def _active_user_by_email(email: str) -> model.User | None:
    return (model.Session.query(model.User)
            .filter(sa.func.lower(model.User.email) == email.lower(),
                    model.User.state == "active")
            .order_by(model.User.created).first())


def _taken(people: list[dict[str, Any]], own_id: str | None,
           errors: dict[str, list[str]]) -> None:
    """A person already registered by another institution that is not
    rejected (same e-mail or NIP/NIK)."""
    for index, person in enumerate(people):
        for field in ("email", "id_number"):
            value = person.get(field)
            if not value:
                continue
            query = (sa.select(institution_table.c.name)
                     .join(person_table,
                           person_table.c.institution_id == institution_table.c.id)
                     .where(person_table.c[field] == value,
                            institution_table.c.status != REJECTED))
            if own_id:
                query = query.where(institution_table.c.id != own_id)
            other = model.Session.execute(query.limit(1)).scalar()
            if other:
                schema._person_error(errors, index, field, message(N_(
                    "Already registered for {institution}"), {"institution": other}))


def check_registration(context: Context, data_dict: dict[str, Any],
                       existing: dict[str, Any] | None
                       ) -> tuple[dict[str, Any], list[dict[str, Any]],
                                  attachments.Checked | None]:
    """The validated fields, people and letter of a registration; every
    error at once as a ``ValidationError``."""
    data, errors = tk.navl_validate(dict(data_dict), schema.register(), context)
    errors = {key: value for key, value in errors.items() if value}
    category = data.get("category") if "category" not in errors else None
    if data.get("email") and "email" not in errors:
        domains = config.email_domains().get(category or "", [])
        if not identity.domain_matches(data["email"], domains):
            errors["email"] = [message(identity.EMAIL_DOMAIN,
                                       {"patterns": ", ".join(domains)})]
    people = schema.people(data_dict.get("users"), category, errors)
    if people and not any(key.startswith("users") for key in errors):
        _taken(people, existing["id"] if existing else None, errors)
    letter: attachments.Checked | None = None
    upload = data_dict.get("letter")
    if attachments.is_upload(upload):
        checked = attachments.check("letter", upload)
        if isinstance(checked, dict):
            errors.update(checked)
        else:
            letter = checked
    elif existing is None or not existing.get("letter_file_id"):
        label = attachments.LABELS["letter"]  # an English msgid
        errors["letter"] = [tk._("Attach the {label} (PDF)").format(label=tk._(label))]
    if errors:
        raise tk.ValidationError(errors)
    return {field: data[field] for field in FIELDS}, people, letter


def register(context: Context, data_dict: dict[str, Any]) -> str:
    """Store a new registration, or the correction of a rejected one
    (``registration_id`` and ``token``); its id. Commits unless
    ``defer_commit``."""
    ref = data_dict.get("registration_id")
    existing = store.get(ref, lock=True) if ref else None
    if ref and not token_valid(existing, data_dict.get("token")):
        raise tk.NotAuthorized(tk._("The correction link is not valid or has expired"))
    values, people, letter = check_registration(context, data_dict, existing)
    institution_id = existing["id"] if existing else store.new_id()
    stored: dict[str, Any] | None = None
    try:
        if letter is not None:
            stored = attachments.store(letter, institution_id)
        now = store.now()
        if existing is None:
            store.insert({
                "id": institution_id, **values, "status": SUBMITTED,
                "letter_file_id": stored["id"] if stored else None,
                "notes": "", "address": "", "created": now, "modified": now,
            })
        else:
            store.update(institution_id, **values, status=SUBMITTED,
                         correction_hash=None, correction_expires=None,
                         **({"letter_file_id": stored["id"]} if stored else {}))
        store.replace_people(institution_id, people)
        if not context.get("defer_commit"):
            model.repo.commit()
    except Exception:
        model.Session.rollback()
        if stored is not None:
            files.discard(stored)
        raise
    if existing is not None and stored is not None and existing.get("letter_file_id"):
        _forget_file(existing["letter_file_id"])
    return institution_id


def _forget_file(file_id: str) -> None:
    try:
        files.delete(file_id)
    except Exception:  # an old file that cannot go is logged, not fatal
        log.warning("Could not delete the replaced file %s", file_id, exc_info=True)


def _state(row: dict[str, Any] | None, wanted: str) -> dict[str, Any]:
    if row is None:
        raise tk.ObjectNotFound(tk._("Institution not found"))
    if row["status"] != wanted:
        raise tk.ValidationError({"status": [message(N_(
            "Not possible while the registration is: {status}"),
            {"status": status_label(row["status"])})]})
    return row


# ---- the walidata's decision ---------------------------------------------------------

def _user_name(person: dict[str, Any]) -> str:
    base = re.sub(r"[^a-z0-9_-]+", "-", person["email"].split("@")[0].lower())
    base = base.strip("-_")[:90] or "pengguna"
    if len(base) < 2:
        base = f"pengguna-{base}"
    name, n = base, 1
    while model.User.get(name) is not None:
        n += 1
        name = f"{base}-{n}"
    return name


def _random_password() -> str:
    # Nobody knows it: the person sets their own through the e-mailed link.
    return secrets.token_urlsafe(32) + "aA1!"


def approve(context: Context, institution_id: str, notes: str
            ) -> list[tuple[model.User, bool]]:
    """Approve a submitted registration: each person's account created (or
    an active account with their e-mail linked); the accounts and whether
    each is new. Commits (the row lock needs it)."""
    _state(store.get(institution_id, lock=True), SUBMITTED)
    actor = model.User.get(context["user"])
    assert actor is not None
    people = store.people_of(institution_id)
    errors: dict[str, list[str]] = {}
    found: list[model.User | None] = []
    for index, person in enumerate(people):
        user = _active_user_by_email(person["email"])
        if user is not None:
            linked = store.person_by_user(user.id)
            if linked is not None and linked["institution_id"] != institution_id:
                schema._person_error(errors, index, "email", tk._(
                    "This account already belongs to another institution"))
            if user.sysadmin:
                schema._person_error(errors, index, "email", tk._(
                    "A sysadmin account cannot be an institution user"))
        found.append(user)
    if errors:
        model.Session.rollback()
        raise tk.ValidationError(errors)
    accounts: list[tuple[model.User, bool]] = []
    try:
        for person, user in zip(people, found, strict=True):
            new = user is None
            if new:
                created = tk.get_action("user_create")(
                    Context(user=actor.name, ignore_auth=True, defer_commit=True),
                    {"name": _user_name(person), "fullname": person["fullname"],
                     "email": person["email"], "password": _random_password()},
                )
                user = model.User.get(created["id"])
                assert user is not None
                user.reset_key = mailer.make_key()  # create_reset_key would commit
            assert user is not None
            store.link_person(person["id"], user.id)
            accounts.append((user, new))
        store.update(institution_id, status=APPROVED, notes=notes,
                     decided_by=actor.id, decided=store.now(),
                     correction_hash=None, correction_expires=None)
        # the row lock: committed here whatever the caller defers
        model.repo.commit()
    except Exception:
        model.Session.rollback()
        raise
    return accounts


def reject(context: Context, institution_id: str, notes: str) -> str:
    """Reject a submitted registration with ``notes``; the correction
    token (only its digest is kept). Commits (the row lock needs it)."""
    _state(store.get(institution_id, lock=True), SUBMITTED)
    actor = model.User.get(context["user"])
    assert actor is not None
    token = secrets.token_urlsafe(32)
    store.update(institution_id, status=REJECTED, notes=notes, decided_by=actor.id,
                 decided=store.now(), correction_hash=_digest(token),
                 correction_expires=store.now() + dt.timedelta(
                     days=config.correction_days()))
    model.repo.commit()
    return token


# ---- the profile -------------------------------------------------------------

PROFILE_FILES = {"logo": "logo_file_id", "sdi": "sdi_file_id"}


def update(context: Context, institution_id: str, data: dict[str, Any],
           data_dict: dict[str, Any]) -> None:
    """Change an approved institution's profile: ``address``,
    ``contact_name``, ``phone``, ``logo``, ``sdi`` (files replace the old
    ones). Commits unless ``defer_commit``."""
    row = _state(store.get(institution_id), APPROVED)
    errors: dict[str, list[str]] = {}
    checked: list[attachments.Checked] = []
    for field in PROFILE_FILES:
        if attachments.is_upload(data_dict.get(field)):
            result = attachments.check(field, data_dict[field])
            if isinstance(result, dict):
                errors.update(result)
            else:
                checked.append(result)
    if errors:
        raise tk.ValidationError(errors)
    values = {field: data[field] for field in ("contact_name", "phone")
              if data.get(field)}
    if "address" in data:
        values["address"] = data["address"]
    stored: list[dict[str, Any]] = []
    try:
        for item in checked:
            saved = attachments.store(item, institution_id)
            stored.append(saved)
            values[PROFILE_FILES[item.field]] = saved["id"]
        store.update(institution_id, **values)
        if not context.get("defer_commit"):
            model.repo.commit()
    except Exception:
        model.Session.rollback()
        for saved in stored:
            files.discard(saved)
        raise
    for item in checked:
        old = row.get(PROFILE_FILES[item.field])
        if old:
            _forget_file(old)


def missing_profile(row: dict[str, Any]) -> list[str]:
    """What the profile lacks before the first access request (``logo``,
    ``address``)."""
    found = []
    if not row.get("logo_file_id"):
        found.append("logo")
    if not (row.get("address") or "").strip():
        found.append("address")
    return found
