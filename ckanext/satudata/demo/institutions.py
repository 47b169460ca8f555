"""Demo institutions (plugin ``satudata_institutions``), idempotently.

``data/institutions.yaml`` names the institutions that ask for restricted
data: one approved, with its users and a complete profile (address, a
generated PNG logo, a generated PDF as Dokumen Kelembagaan SDI), one
waiting for the walidata's decision.

:func:`load` walks each through the plugin's actions: the institution
registers (with a generated Surat Permohonan Pembuatan Akun), ``walidata``
approves it — the approval creates its users' CKAN accounts and e-mails
them set-password links (the demo's mail sink) — and its first user fills
the profile. Each account the approval created then gets the demo password
(``user_patch``), so that people can log in; institution users are
ordinary users (no login code by e-mail).

Running it again changes nothing: an institution is found by its name and
category; one already in its status (with its profile) is left alone, one
stopped on the way (an interrupted load) is moved on, one that someone
moved elsewhere (rejected, say) is reported as kept.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import lokal
import yaml
from ckan import model
from PIL import Image, ImageDraw, ImageFont
from werkzeug.datastructures import FileStorage

from ckanext.satudata.demo.calls import Ckan, Echo, report
from ckanext.satudata.demo.datarequests import _pdf, _pdf_upload
from ckanext.satudata.demo.workflow import WALIDATA
from ckanext.satudata.institutions import api as institutions

Outcome = Literal["created", "moved", "updated", "unchanged", "kept"]
OUTCOMES: tuple[Outcome, ...] = ("created", "moved", "updated", "unchanged", "kept")
AccountOutcome = Literal["created", "updated", "unchanged"]
ACCOUNT_OUTCOMES: tuple[AccountOutcome, ...] = ("created", "updated", "unchanged")
SUBMITTED, APPROVED = "diajukan", "disetujui"
#: The statuses a demo institution may be in (a rejection is not demoed).
STATUSES = (SUBMITTED, APPROVED)
PERSON_FIELDS = ("id_number", "fullname", "unit", "email", "jabatan", "phone")


class InstitutionsError(ValueError):
    """An entry of ``data/institutions.yaml`` is wrong."""


@dataclass(frozen=True)
class Person:
    id_number: str
    fullname: str
    unit: str
    email: str
    jabatan: str
    phone: str


@dataclass(frozen=True)
class Target:
    name: str
    category: str
    email: str
    contact_name: str
    phone: str
    status: str
    users: tuple[Person, ...]
    notes: str = ""
    address: str = ""
    logo_color: str = ""


def _data() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data/institutions.yaml").read_text(
        encoding="utf-8")
    return yaml.safe_load(text)


def _phone(where: str, value: str) -> str:
    parsed = lokal.parse_phone(value)
    if not parsed.valid or not parsed.e164:
        raise InstitutionsError(f"{where}: not an Indonesian phone number {value!r}")
    return parsed.e164


def targets() -> list[Target]:
    """The institutions of ``data/institutions.yaml``, checked."""
    found: list[Target] = []
    for entry in _data()["institutions"]:
        where = str(entry.get("name"))
        users = tuple(Person(**{key: str(value) for key, value in person.items()})
                      for person in entry.get("users") or ())
        entry = {**entry, "users": users,
                 "address": " ".join(str(entry.get("address", "")).split())}
        target = Target(**entry)
        if target.status not in STATUSES:
            raise InstitutionsError(f"{where}: status is one of {STATUSES}")
        if not 2 <= len(users) <= 4:
            raise InstitutionsError(f"{where}: 2 to 4 users")
        _phone(where, target.phone)
        domain = target.email.rsplit("@", 1)[-1]
        for person in users:
            problem = institutions.nip_problem(person.id_number)
            if problem:
                raise InstitutionsError(f"{where}: {person.fullname}: {problem}")
            _phone(f"{where}: {person.fullname}", person.phone)
            if person.email.rsplit("@", 1)[-1] != domain:
                raise InstitutionsError(f"{where}: {person.fullname}: e-mail at"
                                        f" {domain}, as the contact's")
        for field in ("id_number", "email"):
            if len({getattr(person, field) for person in users}) != len(users):
                raise InstitutionsError(f"{where}: one {field} per user")
        approved = target.status == APPROVED
        if approved != bool(target.address and target.logo_color):
            raise InstitutionsError(f"{where}: an approved institution (and only"
                                    " one) has its address and logo_color")
        if any(t.name == target.name for t in found):
            raise InstitutionsError(f"{where}: one institution per name")
        found.append(target)
    emails = [person.email for t in found for person in t.users]
    if len(set(emails)) != len(emails):
        raise InstitutionsError("one institution per user's e-mail")
    return found


def load(echo: Echo = print) -> None:
    """Apply ``data/institutions.yaml``. Safe to run repeatedly."""
    from ckanext.satudata.demo.loader import demo_password

    ckan = Ckan()
    password = demo_password()
    outcomes: Counter[Outcome] = Counter()
    accounts: Counter[AccountOutcome] = Counter()
    users: dict[str, list[str]] = {}
    for target in targets():
        outcome, shown, created = _ensure(ckan, target)
        outcomes[outcome] += 1
        if shown["status"] != APPROVED:
            continue
        names = [person["user_name"] for person in shown["users"]
                 if person["user_name"]]
        for name in names:
            accounts[_ensure_password(ckan, name, password, name in created)] += 1
        users[target.name] = names
    report(echo, "institutions", outcomes, OUTCOMES)
    report(echo, "institution accounts", accounts, ACCOUNT_OUTCOMES)
    for institution, names in users.items():
        echo(f"  institution users ({institution}): {', '.join(names)}")


def _find(ckan: Ckan, target: Target) -> dict[str, Any] | None:
    """The institution of ``target`` (by name and category), as walidata
    sees it."""
    offset = 0
    while True:
        page = ckan("satudata_institution_list", user=WALIDATA, limit=1000,
                    offset=offset)
        for item in page["results"]:
            if (item["name"], item["category"]) == (target.name, target.category):
                return ckan("satudata_institution_show", user=WALIDATA,
                            id=item["id"])
        offset += len(page["results"])
        if not page["results"] or offset >= page["count"]:
            return None


def _ensure(ckan: Ckan, target: Target) -> tuple[Outcome, dict[str, Any], set[str]]:
    """The outcome, the institution as walidata sees it, and the names of
    the accounts its approval created now."""
    found = _find(ckan, target)
    outcome: Outcome
    if found is None:
        found, outcome = _register(ckan, target), "created"
    elif found["status"] == target.status:
        outcome = "unchanged"
    elif (found["status"], target.status) == (SUBMITTED, APPROVED):
        outcome = "moved"
    else:
        return "kept", found, set()
    created: set[str] = set()
    if target.status == APPROVED and found["status"] == SUBMITTED:
        before = {user.id for user in (model.User.by_email(person["email"])
                                       for person in found["users"]) if user}
        found = ckan("satudata_institution_approve", user=WALIDATA, id=found["id"],
                     notes=target.notes)
        created = {person["user_name"] for person in found["users"]
                   if person["user_name"] and _user_id(person["user_name"])
                   not in before}
    if target.status == APPROVED and _update_profile(ckan, target, found) and (
            outcome == "unchanged"):
        outcome = "updated"
    return outcome, found, created


def _user_id(name: str) -> str | None:
    user = model.User.get(name)
    return user.id if user else None


def _register(ckan: Ckan, target: Target) -> dict[str, Any]:
    registered = ckan(
        "satudata_institution_register", category=target.category,
        name=target.name, email=target.email, contact_name=target.contact_name,
        phone=target.phone,
        users=[{field: getattr(person, field) for field in PERSON_FIELDS}
               for person in target.users],
        letter=_pdf_upload("surat-permohonan-pembuatan-akun.pdf", (
            "SURAT PERMOHONAN PEMBUATAN AKUN", target.name,
            f"Narahubung: {target.contact_name} ({target.email})",
            f"Mohon dibuatkan akun Portal Satu Data untuk {len(target.users)}"
            " pegawai kami.", "(data demo)")))
    return ckan("satudata_institution_show", user=WALIDATA, id=registered["id"])


def _update_profile(ckan: Ckan, target: Target, shown: dict[str, Any]) -> bool:
    """Give the approved institution its profile, as its first user;
    whether anything changed."""
    values: dict[str, Any] = {}
    if shown["address"] != target.address:
        values["address"] = target.address
    if shown["contact_name"] != target.contact_name:
        values["contact_name"] = target.contact_name
    if shown["phone"] != _phone(target.name, target.phone):
        values["phone"] = target.phone
    if "logo" not in shown["files"]:
        values["logo"] = FileStorage(stream=io.BytesIO(logo(target)),
                                     filename="logo.png", content_type="image/png")
    if "sdi" not in shown["files"]:
        values["sdi"] = FileStorage(stream=io.BytesIO(_pdf((
            "DOKUMEN KELEMBAGAAN SATU DATA INDONESIA", target.name,
            "Penetapan walidata pendukung dan tim pengelola data",
            f"Alamat: {target.address[:80]}", "(data demo)"))),
            filename="dokumen-kelembagaan-sdi.pdf", content_type="application/pdf")
    if not values:
        return False
    first = next(person["user_name"] for person in shown["users"]
                 if person["user_name"])
    ckan("satudata_institution_update", user=first, id=shown["id"], **values)
    return True


def _ensure_password(ckan: Ckan, name: str, password: str, created: bool
                     ) -> AccountOutcome:
    """Give an institution user's account the demo password (an account the
    approval has just created counts as created)."""
    user = model.User.get(name)
    assert user is not None
    if user.state == "active" and user.validate_password(password):
        return "created" if created else "unchanged"
    ckan("user_patch", id=user.id, password=password, state="active")
    return "created" if created else "updated"


# --------------------------------------------------------------------------
# The generated logo
# --------------------------------------------------------------------------

def logo(target: Target, size: int = 256) -> bytes:
    """A PNG logo: the institution's initials on its colour, in a ring."""
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    margin = size // 16
    draw.ellipse((margin, margin, size - margin, size - margin),
                 fill=target.logo_color, outline="#f2c200", width=size // 24)
    initials = "".join(word[0] for word in target.name.split()
                       if word[0].isupper())[:4]
    font = ImageFont.load_default(size=size // 4)
    draw.text((size / 2, size / 2), initials, fill="white", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
