"""Helpers of the institution tests: the people of every role, a valid
registration, files, and every table a step may write."""

from __future__ import annotations

import io
import itertools
import json
import os
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.tests import factories, helpers
from PIL import Image
from pypdf import PdfWriter

from tests.accounts.support import PASSWORD
from tests.indicators.support import as_user

ROLES = ("anonymous", "institution_user", "other_institution_user", "plain",
         "operator", "verifikator", "walidata", "sysadmin", "pembina")

NIPS = ("198501152010011001", "199002202015032002", "197812312005011003",
        "198807072012122004")
NIK = "3374015501900001"
LETTER_NAME = "surat-permohonan.pdf"
_SERIALS = itertools.count(101)


def nip(serial: int | None = None) -> str:
    """A valid NIP (born 15 January 1985, in service since January 2010,
    male), a new serial number each call."""
    return f"198501152010011{(serial or next(_SERIALS)) % 1000:03d}"


class Upload:
    """A file as an action receives it from a multipart form."""

    def __init__(self, content: bytes, filename: str) -> None:
        self.stream = io.BytesIO(content)
        self.filename = filename


def blank_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png(size: int = 64, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), (200, 30, 30)).save(out, kind)
    return out.getvalue()


def person(n: int, domain: str = "jatengprov.go.id", **extra: Any) -> dict[str, Any]:
    return {"id_number": NIPS[n % len(NIPS)] if domain == "jatengprov.go.id"
            else nip(), "fullname": f"Pegawai {n + 1}",
            "unit": "Bidang Statistik", "email": f"pegawai{n + 1}@{domain}",
            "jabatan": "Pranata Komputer", "phone": "0812-3456-789" + str(n % 10),
            **extra}


def registration(domain: str = "jatengprov.go.id", users: int = 2,
                 **extra: Any) -> dict[str, Any]:
    """A valid registration of a provincial government (its users at
    ``domain``), with its letter."""
    return {
        "category": "pemerintah_provinsi", "name": f"Bappeda {domain}",
        "email": f"bappeda@{domain}", "contact_name": "Sari Wulandari",
        "phone": "024-3515591", "users": [person(n, domain) for n in range(users)],
        "letter": Upload(blank_pdf(), LETTER_NAME), **extra,
    }


def call(people: dict[str, Any], role: str, action: str, **data: Any) -> Any:
    return helpers.call_action(f"satudata_institution_{action}",
                               as_user(people[role]), **data)


def register(people: dict[str, Any], domain: str, role: str = "anonymous",
             **extra: Any) -> dict[str, Any]:
    return call(people, role, "register", **registration(domain, **extra))


def make_people() -> dict[str, Any]:
    """Every role: two approved institutions (``bappeda.jatengprov.go.id``
    whose first user is ``institution_user``, ``bps.jatimprov.go.id`` whose
    first user is ``other_institution_user``), a plain user, an OPD with its
    operator and verifikator, walidata (editor of ``diskominfo``), a
    sysadmin and pembina (member of ``bps``)."""
    people: dict[str, Any] = {"anonymous": None}
    for role, name, email in (
            ("institution_user", "andi", "pegawai1@jatengprov.go.id"),
            ("other_institution_user", "budi", "pegawai1@jatimprov.go.id"),
            ("plain", "warga", "warga@example.org"),
            ("operator", "operator", "operator@semarangkota.go.id"),
            ("verifikator", "verifikator", "verifikator@semarangkota.go.id"),
            ("walidata", "walidata", "walidata@semarangkota.go.id"),
            ("pembina", "pembina", "pembina@bps.go.id")):
        people[role] = factories.User(name=name, fullname=name.title(), email=email,
                                      password=PASSWORD)
    people["sysadmin"] = factories.Sysadmin(name="admin", email="admin@example.org",
                                            password=PASSWORD)
    factories.Organization(name="disdukcapil", users=[
        {"name": "operator", "capacity": "editor"},
        {"name": "verifikator", "capacity": "admin"}])
    factories.Organization(name="diskominfo", users=[
        {"name": "walidata", "capacity": "editor"}])
    factories.Organization(name="bps", users=[
        {"name": "pembina", "capacity": "member"}])
    for key, domain in (("institution", "jatengprov.go.id"),
                        ("other_institution", "jatimprov.go.id")):
        found = register(people, domain)
        people[key] = call(people, "walidata", "approve", id=found["id"])
    return people


def _storage_files() -> list[str]:
    root = tk.config.get("ckan.storage_path") or ""
    found = []
    for base, _, names in os.walk(os.path.join(root, "satudata")):
        found.extend(os.path.join(base, name) for name in names)
    return sorted(found)


def state() -> dict[str, list[str]]:
    """Every row of the institution tables, CKAN's users, files and file
    owners, and the stored bytes: equal before and after means nothing was
    written."""
    from ckanext.satudata.institutions import model as tables

    found: dict[str, list[str]] = {}
    for table in (tables.institution_table, tables.person_table,
                  model.User.__table__, model.File.__table__,
                  model.FileOwner.__table__):
        rows = model.Session.execute(sa.select(table)).mappings().all()
        found[table.name] = sorted(
            json.dumps(dict(row), sort_keys=True, default=str) for row in rows)
    found["storage"] = _storage_files()
    return found
