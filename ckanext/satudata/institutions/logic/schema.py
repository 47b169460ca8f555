"""Schemas of the institution actions, and the checks of the people of a
registration (every error at once, each naming its row and field)."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema

from ckanext.satudata.institutions import config, identity
from ckanext.satudata.messages import N_, message
from ckanext.satudata.validation import (
    ignore_empty,
    one_of,
    optional_text,
    phone,
    required_text,
    satudata_ref,
    whole_number,
)

MIN_PEOPLE = 2
MAX_PEOPLE = 4
#: A person's fields → their label (msgid).
PERSON_FIELDS = {
    "id_number": N_("NIP/NIK"),
    "fullname": N_("Full name"),
    "unit": N_("Work unit"),
    "email": N_("E-mail"),
    "jabatan": N_("Position"),
    "phone": N_("Phone"),
}
PERSON_ERROR = N_("User {n}, {field}: {reason}")
STATUSES = ("diajukan", "ditolak", "disetujui")


def _v(name: str) -> Any:
    return tk.get_validator(name)


def category(value: Any) -> Any:
    if not isinstance(value, str) or value not in config.categories():
        raise tk.Invalid(tk._("Choose one of: {values}").format(
            values=", ".join(config.categories().values())))
    return value


def email(value: Any) -> Any:
    if not isinstance(value, str) or len(value) > 200:
        raise tk.Invalid(tk._("Not a valid e-mail address"))
    value = value.strip().lower()
    tk.get_validator("email_validator")(value, {})
    return value


def honeypot(value: Any) -> Any:
    """The hidden field people never see: a program filled it."""
    if value not in (None, ""):
        raise tk.Invalid(tk._("This field must stay empty; the registration was "
                              "not sent"))
    return ""


def register() -> Schema:
    return {
        "category": [_v("not_empty"), category],
        "name": required_text(200),
        "email": [_v("not_empty"), email],
        "contact_name": required_text(200),
        "phone": [_v("not_empty"), phone],
        "homepage": [_v("ignore_missing"), honeypot],
        "registration_id": [_v("ignore_missing"), satudata_ref],
        "token": optional_text(200),
        "__extras": [_v("ignore")],
        "__junk": [_v("ignore")],
    }


def institution_ref() -> Schema:
    return {"id": [_v("not_empty"), satudata_ref], "token": optional_text(200),
            "__extras": [_v("ignore")]}


def institution_list() -> Schema:
    return {
        "status": [_v("ignore_missing"), ignore_empty, one_of(STATUSES)],
        "limit": [_v("ignore_missing"), ignore_empty, whole_number(1, 1000)],
        "offset": [_v("ignore_missing"), ignore_empty,
                   whole_number(0, 10**9)],
    }


def approve() -> Schema:
    return {"id": [_v("not_empty"), satudata_ref], "notes": optional_text(2000)}


def reject() -> Schema:
    return {"id": [_v("not_empty"), satudata_ref], "notes": required_text(2000)}


def update() -> Schema:
    return {
        "id": [_v("not_empty"), satudata_ref],
        "address": optional_text(1000),
        "contact_name": optional_text(200),
        "phone": [_v("ignore_missing"), ignore_empty, phone],
        # the files, checked by their content in the action
        "logo": [_v("ignore_missing")],
        "sdi": [_v("ignore_missing")],
        "__extras": [_v("ignore")],
        "__junk": [_v("ignore")],
    }


# ---- the people of a registration -------------------------------------------------

def _listed(value: Any) -> list[Any] | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return list(value) if isinstance(value, list | tuple) else None


def _person_error(errors: dict[str, list[str]], index: int, field: str,
                  reason: str) -> None:
    errors.setdefault(f"users__{index}__{field}", []).append(message(PERSON_ERROR, {
        "n": index + 1, "field": tk._(PERSON_FIELDS[field]), "reason": reason}))


def people(value: Any, category_code: str | None, errors: dict[str, list[str]]
           ) -> list[dict[str, Any]]:
    """The checked people of a registration (``users``: a list of dicts, or
    its JSON text); errors added to ``errors`` (``users`` for their number,
    ``users__<i>__<field>`` for a row's field)."""
    rows = _listed(value)
    if rows is None or not all(isinstance(row, dict) for row in rows):
        errors["users"] = [tk._("Give the users as a list")]
        return []
    if not MIN_PEOPLE <= len(rows) <= MAX_PEOPLE:
        errors["users"] = [message(N_(
            "Register at least {min} and at most {max} users ({count} given)"),
            {"min": MIN_PEOPLE, "max": MAX_PEOPLE, "count": len(rows)})]
        return []
    domains = config.email_domains().get(category_code or "", [])
    nik_allowed = category_code in config.nik_categories()
    found: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        person: dict[str, Any] = {}
        for field in PERSON_FIELDS:
            raw = row.get(field)
            text = raw.strip() if isinstance(raw, str) else ""
            if (raw is not None and not isinstance(raw, str)) or "\x00" in text:
                _person_error(errors, index, field, tk._("Must be text"))
            elif not text:
                _person_error(errors, index, field, tk._("Missing value"))
            elif len(text) > 200:
                _person_error(errors, index, field,
                              tk._("At most {max} characters").format(max=200))
            else:
                person[field] = text
        number = identity.clean_number(person.get("id_number", ""))
        if "id_number" in person:
            if len(number) == 16 and nik_allowed:
                problem = identity.nik_problem(number)
                if problem:
                    _person_error(errors, index, "id_number",
                                  message(identity.NIK_INVALID, {"reason": problem}))
                person["id_kind"] = "nik"
            else:
                problem = identity.nip_problem(number)
                if problem:
                    _person_error(errors, index, "id_number", tk._(
                        identity.NIP_OR_NIK if nik_allowed and len(number) != 18
                        else problem))
                person["id_kind"] = "nip"
            person["id_number"] = number
        if "email" in person:
            try:
                person["email"] = email(person["email"])
            except tk.Invalid as error:
                _person_error(errors, index, "email", str(error.error))
            else:
                if not identity.domain_matches(person["email"], domains):
                    _person_error(errors, index, "email", message(
                        identity.EMAIL_DOMAIN, {"patterns": ", ".join(domains)}))
        if "phone" in person:
            try:
                person["phone"] = phone(person["phone"])
            except tk.Invalid as error:
                _person_error(errors, index, "phone", str(error.error))
        found.append(person)
    _duplicates(found, errors)
    return found


def _duplicates(found: list[dict[str, Any]], errors: dict[str, list[str]]) -> None:
    for field in ("email", "id_number"):
        seen: dict[str, int] = {}
        for index, person in enumerate(found):
            value = person.get(field)
            if not value:
                continue
            if value in seen:
                _person_error(errors, index, field, message(N_(
                    "The same as user {n}"), {"n": seen[value] + 1}))
            else:
                seen[value] = index
