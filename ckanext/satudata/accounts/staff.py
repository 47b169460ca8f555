"""Staff accounts created on an assignment letter (surat tugas), and
accounts deactivated.

The walidata creates an OPD staff member's account and their role in one
step, on the official letter that assigns them (seed 001, §7.1): CKAN's
user (``user_create``, a random password nobody knows), the membership
(``member_create``: operator = ``editor``, verifikator = ``admin``,
surveyor = ``member``), the letter in CKAN's file storage owned by the
assignment (:mod:`ckanext.satudata.files`), a ``satudata_staff_assignment``
row, an ``account_created`` event; then the person gets a link to set their
own password (CKAN's reset key). When an active account already has that
e-mail address it is given the role instead, with a notice e-mail.

Everything is checked before anything is written; a failure after the
first write rolls the whole assignment back (the stored letter removed).

Deactivating an account (CKAN's ``user_delete``, chained) ends what it
could still use: its API tokens, its sessions, its trusted devices.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.lib import mailer
from ckan.types import Context
from werkzeug.datastructures import FileStorage

from ckanext.satudata import files, mail, pdfcheck, roles
from ckanext.satudata.accounts import config, devices, history, sessions
from ckanext.satudata.accounts.model import STAFF_ASSIGNMENT
from ckanext.satudata.accounts.model import staff_assignment_table as table
from ckanext.satudata.config import pembina_organization, walidata_organization
from ckanext.satudata.messages import N_, message

log = logging.getLogger(__name__)

#: Role on the letter -> CKAN capacity in the OPD.
CAPACITIES = {"operator": "editor", "verifikator": "admin", "surveyor": "member"}
#: Role -> its label (msgid).
ROLE_LABELS = {
    "operator": N_("Operator"),
    "verifikator": N_("Verifikator"),
    "surveyor": N_("Surveyor"),
}
#: Most pages of an assignment letter.
LETTER_MAX_PAGES = 10
#: Owner type of the stored letters (CKAN's file storage).
OWNER_TYPE = STAFF_ASSIGNMENT


def role_options() -> list[dict[str, str]]:
    """The roles for a form's select, labels in the current language."""
    return [{"value": role, "text": tk._(label)} for role, label in ROLE_LABELS.items()]


def role_label(role: str) -> str:
    label = ROLE_LABELS.get(role)
    return tk._(label) if label else role


def _excluded_organization_ids() -> set[str]:
    found = set()
    for name in (walidata_organization(), pembina_organization()):
        group = model.Group.get(name) if name else None
        if group is not None:
            found.add(group.id)
    return found


def organizations() -> list[model.Group]:
    """The OPDs staff can be assigned to: active organizations but the
    walidata's and the pembina's, by title."""
    excluded = _excluded_organization_ids()
    rows = (
        model.Session.query(model.Group)
        .filter(model.Group.is_organization.is_(True), model.Group.state == "active")
        .order_by(model.Group.title, model.Group.name)
        .all()
    )
    return [group for group in rows if group.id not in excluded]


def staff_organization(ref: str) -> model.Group | None:
    """The OPD ``ref`` (id or name) names, ``None`` when it is no active
    organization or it is the walidata's or the pembina's."""
    group = model.Group.get(ref) if ref else None
    if group is None or not group.is_organization or group.state != "active":
        return None
    return None if group.id in _excluded_organization_ids() else group


def _letter_bytes(value: Any, limit: int) -> bytes | None:
    """The uploaded bytes, read up to one byte over ``limit`` (enough to
    refuse an oversized file without reading all of it)."""
    if isinstance(value, FileStorage):
        if not (value.filename or value.content_length):
            return None
        return value.stream.read(limit + 1)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if hasattr(value, "read"):
        data = value.read(limit + 1)
        return data if isinstance(data, bytes) else None
    return None


def _letter_name(value: Any) -> str:
    filename = getattr(value, "filename", None) or getattr(value, "name", None)
    if isinstance(filename, str) and filename.lower().endswith(".pdf"):
        return filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "surat-tugas.pdf"


def active_user_by_email(email: str) -> model.User | None:
    return (
        model.Session.query(model.User)
        .filter(sa.func.lower(model.User.email) == email.strip().lower(),
                model.User.state == "active")
        .order_by(model.User.created)
        .first()
    )


def _check(data: dict[str, Any]) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """Errors by field, and what was found (organization, letter bytes,
    existing account)."""
    errors: dict[str, list[str]] = {}
    found: dict[str, Any] = {}
    organization = staff_organization(data["organization"])
    if organization is None:
        errors["organization"] = [message(N_(
            "Choose an OPD: an active organization other than the walidata's "
            "or the pembina's."))]
    found["organization"] = organization
    if data["role"] not in CAPACITIES:
        errors["role"] = [message(N_("Choose operator, verifikator or surveyor."))]
    letter_date = data["letter_date"]
    if isinstance(letter_date, dt.datetime):
        letter_date = letter_date.date()
    if letter_date > dt.date.today():
        errors["letter_date"] = [
            message(N_("The letter date cannot be in the future."))]
    found["letter_date"] = letter_date
    max_bytes = config.staff_letter_max_bytes()
    content = _letter_bytes(data.get("letter"), max_bytes)
    if not content:
        errors["letter"] = [message(N_("Upload the assignment letter (PDF)."))]
    else:
        problems = pdfcheck.problems(
            content, max_bytes=max_bytes, max_pages=LETTER_MAX_PAGES,
        )
        if problems:
            errors["letter"] = [str(problem) for problem in problems]
    found["letter"] = content
    existing = active_user_by_email(data["email"])
    found["existing"] = existing
    if existing is None and model.User.get(data["name"]) is not None:
        errors["name"] = [message(N_(
            "That username is already taken. Please choose another."))]
    return errors, found


def _random_password() -> str:
    # Nobody knows it: the person sets their own through the e-mailed link.
    return secrets.token_urlsafe(32) + "aA1!"


def create(context: Context, data: dict[str, Any]) -> dict[str, Any]:
    """Create (or give the role to) the staff account of a validated
    ``data`` (see ``satudata_staff_create``); the assignment as a dict with
    ``user_name``, ``created_account`` and ``email_sent``."""
    errors, found = _check(data)
    if errors:
        raise tk.ValidationError(errors)
    actor = model.User.get(context["user"])
    assert actor is not None
    organization: model.Group = found["organization"]
    existing: model.User | None = found["existing"]
    capacity = CAPACITIES[data["role"]]
    defer = bool(context.get("defer_commit"))
    stored: dict[str, Any] | None = None
    try:
        if existing is None:
            created = tk.get_action("user_create")(
                Context(user=actor.name, ignore_auth=True, defer_commit=True),
                {"name": data["name"], "fullname": data["fullname"],
                 "email": data["email"], "password": _random_password()},
            )
            user = model.User.get(created["id"])
            assert user is not None
            user.reset_key = mailer.make_key()  # create_reset_key would commit
        else:
            user = existing
        tk.get_action("member_create")(
            Context(user=actor.name, ignore_auth=True, defer_commit=True),
            {"id": organization.id, "object": user.id, "object_type": "user",
             "capacity": capacity},
        )
        model.Session.flush()  # the membership's id (not committed yet)
        member_id = model.Session.query(model.Member.id).filter(
            model.Member.group_id == organization.id,
            model.Member.table_name == "user", model.Member.table_id == user.id,
            model.Member.state == "active",
        ).scalar()
        assignment_id = str(uuid.uuid4())
        stored = files.store(
            found["letter"], owner_type=OWNER_TYPE, owner_id=assignment_id,
            name=_letter_name(data.get("letter")),
            content_type="application/pdf",
        )
        row = {
            "id": assignment_id, "user_id": user.id,
            "organization_id": organization.id, "member_id": member_id,
            "role": data["role"], "capacity": capacity,
            "letter_number": data["letter_number"],
            "letter_date": found["letter_date"], "file_id": stored["id"],
            "created_by": actor.id, "created": history.now(),
        }
        model.Session.execute(sa.insert(table).values(**row))
        if existing is None:
            history.record("account_created", "info", user.id, detail={
                "by": actor.name, "organization": organization.name,
                "role": data["role"], "letter_number": data["letter_number"],
                "assignment_id": assignment_id,
            })
        if not defer:
            model.repo.commit()
    except Exception:
        model.Session.rollback()
        if stored is not None:
            files.discard(stored)
        raise
    sent = _notify(user, organization, data, new=existing is None)
    return {
        **assignment_dict(row), "user_name": user.name,
        "created_account": existing is None, "email_sent": sent,
    }


def _notify(user: model.User, organization: model.Group, data: dict[str, Any],
            new: bool) -> bool:
    with mail.template_context():
        link = mailer.get_reset_link(user) if new else tk.url_for(
            "user.login", qualified=True)
    template = ("satudata/accounts/emails/staff_invite.txt" if new
                else "satudata/accounts/emails/staff_role.txt")
    return mail.send(user.email or "", user.fullname or user.name, template, {
        "user_name": user.name, "fullname": user.fullname or user.name,
        "organization": organization.title or organization.name,
        "role": data["role"], "letter_number": data["letter_number"],
        "link": link,
    })


def assignment_dict(row: Any) -> dict[str, Any]:
    found = dict(row._mapping) if hasattr(row, "_mapping") else dict(row)
    for key in ("letter_date", "created"):
        if found.get(key) is not None:
            found[key] = found[key].isoformat()
    return found


def assignments(organization_id: str | None = None,
                user_id: str | None = None) -> list[dict[str, Any]]:
    """Assignments, newest first, with the account's and the OPD's names."""
    query = (
        sa.select(table, model.User.name.label("user_name"),
                  model.User.fullname.label("user_fullname"),
                  model.User.state.label("user_state"),
                  model.Group.name.label("organization_name"),
                  model.Group.title.label("organization_title"))
        .join(model.User, model.User.id == table.c.user_id)
        .join(model.Group, model.Group.id == table.c.organization_id)
        .order_by(table.c.created.desc())
    )
    if organization_id:
        query = query.where(table.c.organization_id == organization_id)
    if user_id:
        query = query.where(table.c.user_id == user_id)
    return [assignment_dict(row) for row in model.Session.execute(query)]


def assignment(assignment_id: str) -> dict[str, Any] | None:
    row = model.Session.execute(
        sa.select(table).where(table.c.id == assignment_id)
    ).first()
    return assignment_dict(row) if row else None


def latest_by_user(organization_id: str) -> dict[str, dict[str, Any]]:
    """The newest assignment of each account in an OPD, by user id."""
    found: dict[str, dict[str, Any]] = {}
    for row in assignments(organization_id):
        found.setdefault(row["user_id"], row)
    return found


def deactivated(user_id: str, actor: str | None) -> None:
    """After CKAN deleted ``user_id``: revoke its API tokens, end its
    sessions and trusted devices, record the event (commits)."""
    tokens = model.Session.query(model.ApiToken.id).filter(
        model.ApiToken.user_id == user_id).all()
    for (jti,) in tokens:
        tk.get_action("api_token_revoke")(
            Context(ignore_auth=True, user=actor or ""), {"jti": jti})
    sessions.end_all(user_id)
    devices.revoke(user_id)
    history.record("account_deactivated", "info", user_id, detail={
        "by": actor or "", "tokens_revoked": len(tokens),
    })
    model.repo.commit()


def can_deactivate(actor: str | None, target: model.User | None) -> bool:
    """A walidata may deactivate any active account but a sysadmin's and
    their own."""
    found = model.User.get(actor) if actor else None
    if found is None or target is None or not roles.is_walidata(found):
        return False
    return not target.sysadmin and target.id != found.id

