"""Shared set-up of the access request tests: every role of
``tests.institutions.support.make_people`` (two approved institutions with
complete profiles), a terbatas level 3 dataset of the OPD ``disdukcapil``
whose DataStore table holds NIK, names and addresses, and helpers to take
a request through its stages."""

from __future__ import annotations

import json
from typing import Any

import rq
import sqlalchemy as sa
from ckan import model
from ckan.lib import jobs
from ckan.tests import factories, helpers

from ckanext.satudata.accessrequests import jobs as access_jobs
from ckanext.satudata.accessrequests import model as tables
from ckanext.satudata.testing import sdi_fields
from tests.indicators.support import as_user
from tests.institutions.support import (
    ROLES,
    Upload,
    blank_pdf,
    make_people,
    png,
)
from tests.institutions.support import call as institution_call
from tests.institutions.support import state as institution_state

__all__ = ["ROLES", "Upload", "blank_pdf", "png"]

COLUMNS = ["NIK", "Nama", "Alamat", "Pekerjaan", "Umur"]
ROWS = [
    ["3374010101900001", "Budi Santoso", "Jl. Pemuda No. 12, Semarang", "Guru", 34],
    ["3374024512850002", "Siti Aminah", "Jl. Pandanaran No. 5, Semarang",
     "Pedagang", 39],
    ["3374031506920003", "Agus Wibowo", "Jl. Gajah Mada No. 1, Semarang",
     "Petani", 32],
]
IDENTIFYING = {"NIK", "Nama", "Alamat"}


def site() -> dict[str, Any]:
    user = helpers.call_action("get_site_user", {"ignore_auth": True})
    return {"user": user["name"], "ignore_auth": True}


def people_with_data(level: str = "3") -> dict[str, Any]:
    """Every role, both institutions' profiles complete, and ``dataset``: a
    terbatas dataset of ``level`` owned by ``disdukcapil``."""
    people = make_people()
    for role in ("institution_user", "other_institution_user"):
        key = "institution" if role == "institution_user" else "other_institution"
        institution_call(people, role, "update", id=people[key]["id"],
                         address="Jl. Pahlawan No. 9, Semarang",
                         logo=Upload(png(), "logo.png"))
    organization = model.Group.get("disdukcapil")
    dataset = factories.Dataset(
        name="penduduk-rentan", title="Data Penduduk Rentan",
        owner_org=organization.id,
        **sdi_fields(keterbukaan="terbatas", level_akses=level))
    resource = factories.Resource(package_id=dataset["id"], name="Data mikro",
                                  url="", url_type="datastore")
    helpers.call_action(
        "datastore_create", site(), resource_id=resource["id"], force=True,
        fields=[{"id": c, "type": "int4" if c == "Umur" else "text"}
                for c in COLUMNS],
        records=[dict(zip(COLUMNS, row, strict=True)) for row in ROWS])
    people["dataset"] = dataset
    people["resource_id"] = resource["id"]
    return people


def call(people: dict[str, Any], role: str, action: str, **data: Any) -> Any:
    return helpers.call_action(f"satudata_{action}", as_user(people[role]), **data)


def attachments() -> dict[str, Upload]:
    return {field: Upload(blank_pdf(), f"{field}.pdf")
            for field in ("kak", "sk", "peraturan")}


def create(people: dict[str, Any], role: str = "institution_user",
           variables: list[str] | None = None, fmt: str = "csv") -> dict[str, Any]:
    return call(people, role, "access_request_create",
                letter_number="005/123/BAPPEDA/2026", purpose="Kajian kemiskinan",
                agree=True, items=[{
                    "dataset_id": people["dataset"]["id"],
                    "variables": variables or list(COLUMNS), "notes": "",
                    "format": fmt}],
                **attachments())


def run_jobs() -> None:
    """Work off the ``satudata`` queue here and now; no job may fail."""
    queue = jobs.get_queue(access_jobs.QUEUE)
    rq.SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert queue.failed_job_registry.count == 0


def state() -> dict[str, list[str]]:
    """Every row of the access request and institution tables, users,
    files and stored bytes: equal before and after means nothing was
    written."""
    found = institution_state()
    for table in (tables.request_table, tables.item_table, tables.stage_table,
                  tables.file_table, tables.token_table, tables.download_table):
        rows = model.Session.execute(sa.select(table)).mappings().all()
        found[table.name] = sorted(
            json.dumps(dict(row), sort_keys=True, default=str) for row in rows)
    return found


def request_at(people: dict[str, Any], stage: str) -> str:
    """A new request moved on to ``stage``."""
    ref = create(people)["number"]
    for code, role in (("verifikasi_teknis", "walidata"),
                       ("verifikasi_substansi", "verifikator"),
                       ("verifikasi_koordinator", "walidata")):
        if stage == code:
            return ref
        call(people, role, "access_request_advance", id=ref, stage=code)
    run_jobs()
    if stage == "pengolahan_data":
        return ref
    call(people, "walidata", "access_request_extract", id=ref)
    run_jobs()
    for code in ("pengolahan_data", "cek_kualitas"):
        if stage == code:
            return ref
        call(people, "walidata", "access_request_advance", id=ref, stage=code)
    if stage == "unduh_data":
        return ref
    call(people, "institution_user", "access_request_bast_document", id=ref,
         bast_number="BAST/1")
    call(people, "institution_user", "access_request_bast_upload", id=ref,
         upload=Upload(blank_pdf(), "bast.pdf"))
    if stage == "verifikasi_bast":
        return ref
    call(people, "walidata", "access_request_bast_approve", id=ref)
    return ref
