"""The four letters of a data request (seed 004): Surat Pengantar, Surat
Tindak Lanjut, Surat Penyampaian Data, Surat Penolakan; issued through the
documents plugin (real WeasyPrint, real file storage, real PostgreSQL),
owned by the request, numbered per kind and issuing organization, with a
public subject that names no person and no data."""

from __future__ import annotations

from typing import Any

import pytest
from ckan import model
from ckan.tests import factories
from freezegun import freeze_time

from ckanext.satudata.datarequests import letters
from ckanext.satudata.documents import api as documents
from ckanext.satudata.testing import sdi_fields

from .support_h3 import request_dict, text_of

pytestmark = [
    pytest.mark.usefixtures("with_plugins", "clean_db", "in_request"),
]


@pytest.fixture
def in_request(app: Any) -> Any:
    """A request context of the portal (as in an action or a job)."""
    with app.flask_app.test_request_context():
        yield


@pytest.fixture
def world() -> dict[str, Any]:
    walidata = factories.Sysadmin(name="walidata-satu", fullname="Rina Walidata")
    organization = factories.Organization(
        name="disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil")
    dataset = factories.Dataset(name="penduduk-kelurahan",
                                title="Jumlah Penduduk per Kelurahan",
                                owner_org=organization["id"], **sdi_fields())
    resource = factories.Resource(package_id=dataset["id"], name="Tabel 2024")
    request = request_dict(
        datasets=[{"id": dataset["id"], "name": dataset["name"],
                   "title": dataset["title"]}],
        organization={"id": organization["id"], "name": organization["name"],
                      "title": organization["title"]},
    )
    return {"walidata": walidata, "organization": organization, "dataset": dataset,
            "resource": resource, "request": request}


def _issue(letter: str, request: dict[str, Any], walidata: dict[str, Any],
           comment: str = "") -> tuple[dict[str, Any], str]:
    document = letters.issue(letter, request, comment=comment,
                             created_by=walidata["id"])
    model.repo.commit()
    return document, text_of(documents.pdf(document["id"]))


def test_the_kinds_are_registered_with_english_labels():
    from ckanext.satudata.documents import issuing

    assert issuing.kind_label("datarequest_pengantar") == "Data request covering letter"
    assert {letters.kind(letter) for letter in letters.LETTERS} == {
        "datarequest_pengantar", "datarequest_tindak_lanjut",
        "datarequest_penyampaian", "datarequest_penolakan"}
    with pytest.raises(ValueError):
        letters.kind("surat_cinta")


@freeze_time("2026-03-05 10:00:00")
def test_surat_pengantar_goes_from_the_walidata_to_the_opd(world):
    document, text = _issue("pengantar", world["request"], world["walidata"],
                            comment="Mohon data tahun terakhir didahulukan")
    assert document["owner_type"] == "satudata_data_request"
    assert document["owner_id"] == world["request"]["id"]
    assert document["organization_id"] is None  # the portal's own letter
    assert document["subject"] == "Surat Pengantar Permohonan Data Nomor PD-2026-00007"
    for expected in (
        "Nomor", document["number"], "Lampiran", "1 (satu) berkas",
        "Perihal", "Surat Pengantar Permohonan Data", "5 Maret 2026", "Yth.",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        "PD-2026-00007", "Jumlah Penduduk per Kelurahan",
        "Jumlah penduduk per kelurahan", "Jenis kelamin, kelompok umur",
        "2020-2024", "Excel (XLSX)", "Penelitian tesis tentang kepadatan penduduk",
        "Dewi Lestari (Universitas Brawijaya)", "2 Maret 2026",
        "1 (satu) hari kerja", "Mohon data tahun terakhir didahulukan", "Walidata",
    ):
        assert expected in text, expected


def test_surat_tindak_lanjut_is_issued_by_the_opd_with_its_answer(world):
    request = {**world["request"], "status": "diteruskan",
               "response": {"kind": "answered", "reason": "",
                            "links": [{"dataset": world["dataset"]["id"],
                                       "resource": world["resource"]["id"]}]},
               "files": [{"id": "f1", "kind": "response", "name": "penduduk-2024.xlsx",
                          "size": 20480}]}
    document, text = _issue("tindak_lanjut", request, world["walidata"])
    assert document["organization_id"] == world["organization"]["id"]
    assert "/SD/DISDUKCAPIL/" in document["number"]
    for expected in ("Surat Tindak Lanjut Permohonan Data", "1 (satu) berkas",
                     "penduduk-2024.xlsx", "Jumlah Penduduk per Kelurahan",
                     "Tabel 2024", "Kepala Dinas Kependudukan dan Pencatatan Sipil"):
        assert expected in text, expected
    assert "tidak dapat kami berikan" not in text


def test_surat_tindak_lanjut_says_why_the_opd_declines(world):
    request = {**world["request"], "response": {
        "kind": "declined", "reason": "Data per kelurahan belum tersedia", "links": []}}
    _, text = _issue("tindak_lanjut", request, world["walidata"])
    assert "tidak dapat kami berikan" in text
    assert "Data per kelurahan belum tersedia" in text


def test_a_follow_up_letter_needs_the_opd(world):
    with pytest.raises(ValueError):
        letters.issue("tindak_lanjut", {**world["request"], "organization": None},
                      created_by=world["walidata"]["id"])


def test_surat_penyampaian_lists_the_delivery_and_the_balikan_due(world):
    request = {**world["request"], "status": "menunggu_data_balikan",
               "balikan_due": "2026-04-16",
               "response": {"kind": "answered", "links": [
                   {"dataset": world["dataset"]["id"]}]},
               "files": [{"id": "f1", "kind": "delivery", "name": "penduduk-2024.xlsx",
                          "size": 2048},
                         {"id": "f2", "kind": "delivery", "name": "catatan.pdf",
                          "size": 1024}]}
    document, text = _issue("penyampaian", request, world["walidata"],
                            comment="Data sementara")
    assert document["organization_id"] is None
    for expected in ("Surat Penyampaian Data", "2 (dua) berkas", "Dewi Lestari",
                     "Universitas Brawijaya",
                     "penduduk-2024.xlsx", "catatan.pdf",
                     "Jumlah Penduduk per Kelurahan", "Data Balikan",
                     "16 April 2026", "Data sementara"):
        assert expected in text, expected


def test_a_person_gets_no_balikan_paragraph(world):
    request = {**world["request"], "requester_kind": "perorangan", "institution": "",
               "status": "selesai"}
    _, text = _issue("penyampaian", request, world["walidata"])
    assert "Data Balikan" not in text


def test_surat_penolakan_gives_the_reason(world):
    request = {**world["request"], "status": "ditolak",
               "reason": "Data yang dimohon bersifat rahasia"}
    document, text = _issue("penolakan", request, world["walidata"])
    assert document["subject"] == "Surat Penolakan Permohonan Data Nomor PD-2026-00007"
    for expected in ("Surat Penolakan Permohonan Data", "tidak dapat kami penuhi",
                     "Data yang dimohon bersifat rahasia", "Dewi Lestari"):
        assert expected in text, expected


def test_the_public_subject_names_no_person_and_no_data(world):
    for letter in letters.LETTERS:
        request = {**world["request"], "reason": "alasan",
                   "response": {"kind": "answered", "links": []}}
        document = letters.issue(letter, request, created_by=world["walidata"]["id"])
        public = documents.public(document["id"])
        shown = " ".join(str(value) for value in public.values())
        for private in ("Dewi", "Brawijaya", "Penduduk", "tesis", "6281234567890"):
            assert private not in shown
    model.repo.commit()


def test_numbers_count_per_kind(world):
    first = letters.issue("pengantar", world["request"],
                          created_by=world["walidata"]["id"])
    second = letters.issue("pengantar", {**world["request"], "number": "PD-2026-00008"},
                           created_by=world["walidata"]["id"])
    rejection = letters.issue("penolakan", {**world["request"], "reason": "x"},
                              created_by=world["walidata"]["id"])
    model.repo.commit()
    assert first["number"].split("/")[0] == "1"
    assert second["number"].split("/")[0] == "2"
    assert rejection["number"].split("/")[0] == "1"


def test_a_rolled_back_letter_is_discarded(world):
    from ckanext.satudata import files

    document = letters.issue("pengantar", world["request"],
                             created_by=world["walidata"]["id"])
    model.Session.rollback()
    letters.discard(document)
    with pytest.raises(Exception):  # noqa: B017 - gone from the storage
        files.read(document["file"]["id"])
    with pytest.raises(Exception):  # noqa: B017 - and from the table
        documents.get(document["id"])


# ---- through the actions --------------------------------------------------------

@pytest.fixture
def people() -> dict[str, Any]:
    from .support import make_people

    return make_people()


def _letters(people: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    from .support import call

    shown = call(people, "walidata", "show", id=request["id"])
    return {letter["letter"]: letter for letter in shown["letters"]}


def test_each_step_issues_its_letter(people):
    from .support import bring

    request = bring(people, "menunggu_data_balikan")
    found = _letters(people, request)
    assert set(found) == {"pengantar", "tindak_lanjut", "penyampaian"}
    pengantar = documents.get(found["pengantar"]["id"])
    assert pengantar["owner_type"] == "satudata_data_request"
    assert pengantar["owner_id"] == request["id"]
    assert pengantar["organization_id"] is None
    tindak_lanjut = documents.get(found["tindak_lanjut"]["id"])
    assert tindak_lanjut["organization_id"] == people["organization"]["id"]
    text = text_of(documents.pdf(found["penyampaian"]["id"]))
    for expected in (request["number"], "Surat Penyampaian Data", "data.csv",
                     "Universitas Brawijaya", "Jumlah Penduduk Menurut Kecamatan",
                     "Data Balikan", "Terlampir"):
        assert expected in text, expected
    text = text_of(documents.pdf(found["pengantar"]["id"]))
    assert f"Kepala {people['organization']['title']}" in text
    assert "Mohon data" in text


def test_a_rejection_issues_the_surat_penolakan(people):
    from .support import call, create

    request = create(people)
    call(people, "walidata", "reject", id=request["id"],
         reason="Data tidak tersedia pada OPD mana pun")
    found = _letters(people, request)
    assert set(found) == {"penolakan"}
    text = text_of(documents.pdf(found["penolakan"]["id"]))
    assert "Data tidak tersedia pada OPD mana pun" in text
    assert "tidak dapat kami penuhi" in text
    assert documents.get(found["penolakan"]["id"])["subject"] == (
        f"Surat Penolakan Permohonan Data Nomor {request['number']}")
