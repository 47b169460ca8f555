"""What other plugins may use of the institution accounts (the access
requests, for one): which institution a user belongs to, and whether its
profile is complete (logo and address, required before the first access
request)."""

from __future__ import annotations

from typing import Any

from ckan import model

from ckanext.satudata.institutions import config, identity, registration, store

__all__ = ["institution_of", "nip_problem", "person_of", "profile",
           "profile_complete", "profile_missing", "user_ids"]

#: What is wrong with an 18-digit NIP (``None`` when it is valid).
nip_problem = identity.nip_problem


def institution_of(user: str | model.User | None) -> dict[str, Any] | None:
    """The approved institution ``user`` (name, id or object) belongs to:
    ``id``, ``name``, ``category``, ``category_label``, ``email``,
    ``address``, ``profile_complete``; ``None`` for anybody else."""
    found = user if isinstance(user, model.User) else (
        model.User.get(user) if user else None)
    if found is None or found.state != "active":
        return None
    person = store.person_by_user(found.id)
    row = store.get(person["institution_id"]) if person else None
    if row is None:
        return None
    return {
        "id": row["id"], "name": row["name"], "category": row["category"],
        "category_label": config.categories().get(row["category"], row["category"]),
        "email": row["email"], "address": row["address"],
        "profile_complete": not registration.missing_profile(row),
    }


def profile_missing(institution_id: str) -> list[str]:
    """What an approved institution's profile still lacks (``logo``,
    ``address``); ``["institution"]`` when it is not approved."""
    row = store.get(institution_id)
    if row is None or row["status"] != registration.APPROVED:
        return ["institution"]
    return registration.missing_profile(row)


def profile_complete(institution_id: str) -> bool:
    """Whether an approved institution has its logo and address."""
    return not profile_missing(institution_id)


def profile(institution_id: str) -> dict[str, Any] | None:
    """What an access request shows and prints (the BAST) of an
    institution: ``id``, ``name``, ``category``, ``category_label``,
    ``email``, ``address``, ``logo_file_id``, ``status``; ``None`` when
    there is no such institution."""
    row = store.get(institution_id)
    if row is None:
        return None
    return {
        "id": row["id"], "name": row["name"], "category": row["category"],
        "category_label": config.categories().get(row["category"], row["category"]),
        "email": row["email"], "address": row["address"],
        "logo_file_id": row["logo_file_id"], "status": row["status"],
    }


def person_of(user_id: str) -> dict[str, Any] | None:
    """The institution record of a user: ``fullname``, ``jabatan``,
    ``unit``, ``institution_id``; ``None`` for a user of no institution."""
    person = store.person_by_user(user_id)
    if person is None:
        return None
    return {key: person[key] for key in (
        "fullname", "jabatan", "unit", "institution_id")}


def user_ids(institution_id: str) -> list[str]:
    """The CKAN user ids of an approved institution's users."""
    return [person["user_id"] for person in store.people_of(institution_id)
            if person.get("user_id")]
