"""E-mails of the institution accounts, sent at once (they carry links):
"registrasi diterima" to the contact and a notice to the walidata; on
approval a set-password link to each new account (CKAN's reset key, never
a password), a notice to each linked account and to the contact; on
rejection the notes and the correction link to the contact."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import mailer

from ckanext.satudata import mail, roles
from ckanext.satudata.institutions import config, store

TEMPLATES = "satudata/institutions/emails/"


def _vars(row: dict[str, Any]) -> dict[str, Any]:
    return {"institution": row["name"], "contact_name": row["contact_name"],
            "category": config.categories().get(row["category"], row["category"])}


def registered(institution_id: str, corrected: bool) -> None:
    row = store.get(institution_id)
    assert row is not None
    with mail.template_context():
        link = tk.url_for("satudata_institutions.read", id=institution_id,
                          qualified=True)
    people = store.people_of(institution_id)
    extra = {**_vars(row), "people": people, "corrected": corrected, "link": link}
    mail.send(row["email"], row["contact_name"], TEMPLATES + "registered.txt", extra)
    for user in roles.walidata_users():
        if user.email:
            mail.send(user.email, user.fullname or user.name,
                      TEMPLATES + "to_walidata.txt", extra)


def approved(institution_id: str, accounts: list[tuple[model.User, bool]]) -> None:
    row = store.get(institution_id)
    assert row is not None
    with mail.template_context():
        login = tk.url_for("user.login", qualified=True)
        links = {user.id: mailer.get_reset_link(user) for user, new in accounts
                 if new}
    for user, new in accounts:
        mail.send(user.email or "", user.fullname or user.name,
                  TEMPLATES + ("invite.txt" if new else "linked.txt"), {
                      **_vars(row), "fullname": user.fullname or user.name,
                      "user_name": user.name, "link": links.get(user.id, login)})
    mail.send(row["email"], row["contact_name"], TEMPLATES + "approved.txt", {
        **_vars(row), "notes": row["notes"],
        "accounts": [{"name": user.name, "fullname": user.fullname,
                      "email": user.email} for user, _ in accounts]})


def rejected(institution_id: str, token: str) -> None:
    row = store.get(institution_id)
    assert row is not None
    with mail.template_context():
        link = tk.url_for("satudata_institutions.correct", id=institution_id,
                          token=token, qualified=True)
    mail.send(row["email"], row["contact_name"], TEMPLATES + "rejected.txt", {
        **_vars(row), "notes": row["notes"], "link": link,
        "expires": mail.indonesian_date(row["correction_expires"].date()),
        "days": config.correction_days()})
