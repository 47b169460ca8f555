"""An institution as its reader sees it (:func:`full`), and who the reader
is (:func:`viewer`)."""

from __future__ import annotations

import dataclasses
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import roles
from ckanext.satudata.institutions import config, registration, store


@dataclasses.dataclass(frozen=True)
class Viewer:
    user_id: str | None
    walidata: bool
    pembina: bool
    institution_id: str | None

    @property
    def logged_in(self) -> bool:
        return self.user_id is not None


def viewer(name: str | None) -> Viewer:
    user = model.User.get(name) if name else None
    if user is None or user.state != "active":
        return Viewer(None, False, False, None)
    person = store.person_by_user(user.id)
    return Viewer(user.id, roles.is_walidata(user), roles.is_pembina(user),
                  person["institution_id"] if person else None)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _masked(number: str) -> str:
    return "*" * max(len(number) - 4, 0) + number[-4:]


def summary(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "name": row["name"], "category": row["category"],
        "category_label": config.categories().get(row["category"], row["category"]),
        "status": row["status"], "status_label": registration.status_label(
            row["status"]),
        "created": _iso(row["created"]), "modified": _iso(row["modified"]),
    }


def full(row: dict[str, Any], who: Viewer) -> dict[str, Any]:
    """The institution, its people (NIP/NIK in full for the walidata and
    the institution's own users, masked for others), its files' links."""
    own = who.walidata or (who.institution_id == row["id"])
    people = []
    for person in store.people_of(row["id"]):
        user = model.User.get(person["user_id"]) if person["user_id"] else None
        people.append({
            "position": person["position"], "id_kind": person["id_kind"],
            "id_number": person["id_number"] if own else _masked(person["id_number"]),
            "fullname": person["fullname"], "unit": person["unit"],
            "email": person["email"], "jabatan": person["jabatan"],
            "phone": person["phone"], "user_name": user.name if user else None,
        })
    files = {}
    for field, column in (("letter", "letter_file_id"), ("logo", "logo_file_id"),
                          ("sdi", "sdi_file_id")):
        if row.get(column):
            files[field] = tk.url_for("satudata_institutions.download",
                                      id=row["id"], kind=field)
    missing = registration.missing_profile(row)
    return {
        **summary(row), "email": row["email"], "contact_name": row["contact_name"],
        "phone": row["phone"], "notes": row["notes"], "decided": _iso(row["decided"]),
        "address": row["address"], "users": people, "files": files,
        "profile_missing": missing,
        "profile_complete": row["status"] == registration.APPROVED and not missing,
    }
