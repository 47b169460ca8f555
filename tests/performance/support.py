"""The hand-made portal of the performance tests, with known answers.

People: walidata (editor of ``diskominfo``), pembina (member of ``bps``),
a sysadmin, a plain user, and two OPDs with an operator (editor) and a
verifikator (admin) each: ``dinkes`` and ``disdik``.

Datasets, their values published through the workflow:

- ``keberhasilan-pengobatan-tbc`` (dinkes, terbuka, urusan 1.02, yearly,
  no breakdown): ``keberhasilan`` 85,5 (2024) and 88,25 (2025); marked by
  the walidata with targets 2024: 90; 2025: 88; 2026: 92 (higher is
  better) → achievement 95,00% and 100,28%, none for 2026;
- ``angka-putus-sekolah`` (disdik, terbuka, urusan 1.01, semesters, two
  categories): ``putus`` (a percentage: the total is the mean) 1,6 in
  2025-S1 and 1,1 in 2025-S2; target 2025: 1,5, lower is better → the
  realisation of 2025 is 2025-S2's 1,1, achievement (3 - 1,1) / 1,5 =
  126,67%;
- ``kasus-hiv`` (dinkes, **terbatas**, marked with a target): its
  published 4321 must never show on a public page;
- ``jumlah-puskesmas`` (dinkes, terbuka, published 37, not marked).
"""

from __future__ import annotations

from typing import Any

from ckan.tests import factories, helpers

from ckanext.satudata.testing import sdi_fields
from tests.indicators.support import as_user

SECRET = 4321
ROLES = ("anonymous", "plain", "operator", "verifikator", "other_operator",
         "other_verifikator", "walidata", "pembina", "sysadmin")
MARKS = {
    "keberhasilan-pengobatan-tbc": {
        "indikator_kinerja": "ya", "kinerja_komponen": "keberhasilan",
        "kinerja_target": "2024: 90; 2025: 88; 2026: 92", "kinerja_arah": "naik"},
    "angka-putus-sekolah": {
        "indikator_kinerja": "ya", "kinerja_komponen": "putus",
        "kinerja_target": "2025: 1,5", "kinerja_arah": "turun"},
    "kasus-hiv": {
        "indikator_kinerja": "ya", "kinerja_komponen": "kasus",
        "kinerja_target": "2025: 4000", "kinerja_arah": "turun"},
}


def component(code: str, name: str, unit: str, kind: str) -> dict[str, Any]:
    return {"code": code, "name": name, "unit": unit, "type": kind, "required": True}


def people() -> dict[str, Any]:
    found: dict[str, Any] = {"anonymous": None}
    for role, name in (("walidata", "walidata"), ("pembina", "pembina"),
                       ("plain", "warga"), ("operator", "operator-dinkes"),
                       ("verifikator", "verifikator-dinkes"),
                       ("other_operator", "operator-disdik"),
                       ("other_verifikator", "verifikator-disdik")):
        found[role] = factories.User(name=name, fullname=name.title())
    found["sysadmin"] = factories.Sysadmin(name="admin-portal")
    factories.Organization(name="diskominfo", users=[
        {"name": "walidata", "capacity": "editor"}])
    factories.Organization(name="bps", users=[
        {"name": "pembina", "capacity": "member"}])
    found["dinkes"] = factories.Organization(
        name="dinkes", title="Dinas Kesehatan", users=[
            {"name": "operator-dinkes", "capacity": "editor"},
            {"name": "verifikator-dinkes", "capacity": "admin"}])
    found["disdik"] = factories.Organization(
        name="disdik", title="Dinas Pendidikan", users=[
            {"name": "operator-disdik", "capacity": "editor"},
            {"name": "verifikator-disdik", "capacity": "admin"}])
    return found


def dataset(found: dict[str, Any], name: str, title: str, organization: str,
            structure: dict[str, Any], **fields: Any) -> dict[str, Any]:
    created = factories.Dataset(name=name, title=title,
                                owner_org=found[organization]["id"],
                                **sdi_fields(**fields))
    operator = "operator" if organization == "dinkes" else "other_operator"
    helpers.call_action("satudata_structure_update", as_user(found[operator]),
                        id=created["id"], **structure)
    found[name] = created
    return created


def publish(found: dict[str, Any], name: str, period: str,
            values: dict[str, Any]) -> None:
    """Fill ``period`` of dataset ``name`` and take it to published."""
    package = found[name]
    dinkes = package["owner_org"] == found["dinkes"]["id"]
    operator = found["operator" if dinkes else "other_operator"]
    verifikator = found["verifikator" if dinkes else "other_verifikator"]
    for action, who, extra in (
            ("submission_save", operator, {"values": values}),
            ("submission_submit", operator, {}),
            ("submission_verify", verifikator, {}),
            ("submission_publish", found["walidata"], {})):
        helpers.call_action(f"satudata_{action}", as_user(who), id=package["id"],
                            period=period, **extra)


def mark(found: dict[str, Any], name: str, **fields: Any) -> dict[str, Any]:
    """The walidata mark dataset ``name`` as a performance indicator."""
    return helpers.call_action("satudata_performance_mark", as_user(found["walidata"]),
                               id=found[name]["id"], **{**MARKS[name], **fields})


def build() -> dict[str, Any]:
    """The whole portal of the module's docstring."""
    found = people()
    yearly = {"components": [component("keberhasilan", "Angka Keberhasilan Pengobatan",
                                       "Persen", "percentage")],
              "breakdown": {"type": "none"}, "granularity": "tahunan",
              "first_period": "2024"}
    dataset(found, "keberhasilan-pengobatan-tbc",
            "Keberhasilan Pengobatan Tuberkulosis", "dinkes", yearly, urusan="1.02")
    publish(found, "keberhasilan-pengobatan-tbc", "2024",
            {"total": {"keberhasilan": 85.5}})
    publish(found, "keberhasilan-pengobatan-tbc", "2025",
            {"total": {"keberhasilan": 88.25}})
    semesters = {"components": [component("putus", "Angka Putus Sekolah", "Persen",
                                          "percentage")],
                 "breakdown": {"type": "category", "categories": [
                     {"code": "SD", "name": "SD/MI"},
                     {"code": "SMP", "name": "SMP/MTs"}]},
                 "granularity": "semester", "first_period": "2025-S1"}
    dataset(found, "angka-putus-sekolah", "Angka Putus Sekolah", "disdik", semesters,
            urusan="1.01")
    publish(found, "angka-putus-sekolah", "2025-S1",
            {"SD": {"putus": 1.2}, "SMP": {"putus": 2.0}})
    publish(found, "angka-putus-sekolah", "2025-S2",
            {"SD": {"putus": 0.8}, "SMP": {"putus": 1.4}})
    count = {"components": [component("kasus", "Kasus HIV", "Kasus", "integer")],
             "breakdown": {"type": "none"}, "granularity": "tahunan",
             "first_period": "2025"}
    dataset(found, "kasus-hiv", "Kasus HIV", "dinkes", count, urusan="1.02",
            keterbukaan="terbatas")
    publish(found, "kasus-hiv", "2025", {"total": {"kasus": SECRET}})
    puskesmas = {"components": [component("puskesmas", "Jumlah Puskesmas", "Unit",
                                          "integer")],
                 "breakdown": {"type": "none"}, "granularity": "tahunan",
                 "first_period": "2025"}
    dataset(found, "jumlah-puskesmas", "Jumlah Puskesmas", "dinkes", puskesmas,
            urusan="1.02")
    publish(found, "jumlah-puskesmas", "2025", {"total": {"puskesmas": 37}})
    for name in MARKS:
        mark(found, name)
    return found
