"""Crawl the portal in its default language (Bahasa Indonesia) as a visitor
and as an OPD operator: no page may show an untranslated English UI string
(see crawler.py for the definition)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from ckan.tests import factories, helpers

from ckanext.satudata.testing import sdi_fields

from . import crawler

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def portal(create_with_upload: Any) -> dict[str, Any]:
    operator = factories.User(name="operator-disdukcapil", fullname="Operator")
    factories.Sysadmin(name="walidata")
    factories.Organization(
        name="disdukcapil",
        title="Dinas Kependudukan",
        users=[{"name": operator["name"], "capacity": "editor"}],
    )
    factories.Group(name="kependudukan", title="Kependudukan")
    context = {"user": operator["name"]}
    for index, keterbukaan in enumerate(("terbuka", "terbuka", "terbatas")):
        dataset = helpers.call_action(
            "package_create",
            context,
            name=f"penduduk-{index}",
            title=f"Jumlah Penduduk {2022 + index}",
            owner_org="disdukcapil",
            groups=[{"name": "kependudukan"}],
            tag_string="penduduk,kecamatan",
            license_id="cc-by",
            **sdi_fields(keterbukaan=keterbukaan, tahun_data=str(2022 + index)),
        )
        create_with_upload(
            "kecamatan,jumlah\nSemarang Tengah,60000\n",
            "tabel.csv",
            package_id=dataset["id"],
            name="Tabel",
            context=dict(context),
        )
    helpers.call_action(
        "package_patch", context, id="penduduk-0", notes="Diperbarui setiap semester."
    )
    return {"operator": operator}


def _getter(app: Any, headers: dict[str, str] | None = None) -> Any:
    def get(path: str) -> tuple[int, str]:
        response = app.get(path, headers=headers or {}, follow_redirects=False)
        return response.status_code, response.get_data(as_text=True)

    return get


def _assert_translated(report: crawler.Report, minimum_pages: int) -> None:
    assert len(report.pages) >= minimum_pages, report.pages
    assert not report.findings, (
        f"{len(report.findings)} untranslated UI strings on {len(report.pages)} "
        "pages:\n" + "\n".join(report.lines())
    )


def test_public_pages_speak_indonesian(app, portal):
    start = [
        "/",
        "/dataset/",
        "/daftar-data",
        "/tentang-kami",
        "/kontak",
        "/organization/",
        "/group/",
        "/about",
        "/user/login",
        "/user/register",
        "/user/reset",
        "/dataset/penduduk-0",
        "/daftar-data/permohonan-akses/penduduk-2",
        "/akses-data",
        "/instansi/daftar",
    ]
    report = crawler.crawl(_getter(app), start, limit=crawler.env_limit(120))
    _assert_translated(report, minimum_pages=25)


def test_operator_pages_speak_indonesian(app, portal):
    token = factories.APIToken(user=portal["operator"]["name"])["token"]
    start = [
        "/dashboard/datasets",
        "/dashboard/organizations",
        "/dashboard/groups",
        "/dataset/new",
        "/dataset/edit/penduduk-0",
        "/dataset/penduduk-2",
        "/organization/disdukcapil",
        "/user/operator-disdukcapil",
        "/user/edit/operator-disdukcapil",
        "/dataset/activity/penduduk-0",
        "/organization/activity/disdukcapil",
        "/user/activity/operator-disdukcapil",
        "/dataset/resources/penduduk-0",
        "/dataset/penduduk-0/resource/new",
    ]
    report = crawler.crawl(
        _getter(app, {"Authorization": token}), start, limit=crawler.env_limit(120)
    )
    _assert_translated(report, minimum_pages=20)


def test_indicator_entry_pages_speak_indonesian(app, portal):
    operator = portal["operator"]["name"]
    context = {"user": operator}
    helpers.call_action("satudata_structure_update", dict(context), id="penduduk-0",
                        components=[
                            {"code": "perempuan", "name": "Perempuan", "unit": "Orang",
                             "type": "integer", "required": True},
                            {"code": "rasio", "name": "Rasio", "unit": "Persen",
                             "type": "percentage", "required": False},
                        ],
                        breakdown={"type": "region", "level": "kecamatan"},
                        granularity="semester", first_period="2024-S1")
    helpers.call_action("satudata_submission_save", dict(context), id="penduduk-0",
                        period="2024-S1", values={"33.74.01": {"perempuan": "10.518"}},
                        kode_referensi="DUK-1", sumber_data="SIAK")
    link = helpers.call_action(
        "satudata_survey_link_create", dict(context), id="penduduk-0",
        period="2024-S2", label="Petugas", expires=(
            dt.date.today() + dt.timedelta(days=10)).isoformat())
    token = factories.APIToken(user=operator)["token"]
    headers = {"Authorization": token}
    broken = app.post(
        "/api/3/action/satudata_submission_import", headers=headers,
        data={"id": "penduduk-0", "period": "2024-S1",
              "upload": (io.BytesIO(b"kode;perempuan\n33.74.01;abc\n99;1\n"),
                         "isian.csv")},
    )
    assert broken.status_code == 409
    import_id = broken.json["error"]["report"]["id"]
    start = [
        "/dashboard/",
        "/dashboard/isian",
        "/dataset/penduduk-0/isian",
        "/dataset/penduduk-0/struktur",
        "/dataset/penduduk-0/isian/2024-S1",
        "/dataset/penduduk-0/isian/2024-S1/riwayat",
        "/dataset/penduduk-0/isian/2024-S2/tautan",
        f"/dataset/penduduk-0/isian/impor/{import_id}",
    ]
    report = crawler.crawl(_getter(app, headers), start, limit=len(start))
    _assert_translated(report, minimum_pages=len(start))
    survey = crawler.crawl(_getter(app), [f"/survei/{link['token']}"], limit=1)
    _assert_translated(survey, minimum_pages=1)


def test_crawler_flags_english_and_passes_indonesian(monkeypatch):
    monkeypatch.setattr(
        crawler,
        "indonesian",
        lambda: {
            "Order by": "Urutkan",
            "Format": "Format",
            "{number} datasets found": "{number} dataset ditemukan",
        },
    )
    assert crawler.untranslated_msgid("Order by") == "Order by"
    assert crawler.untranslated_msgid("  Order\n   by ") == "Order by"
    assert crawler.untranslated_msgid("Urutkan") is None
    assert crawler.untranslated_msgid("Format") is None, "same word in both"
    assert crawler.untranslated_msgid("Log in") == "Log in", "no translation"
    assert crawler.untranslated_msgid("12 datasets found") == "{number} datasets found"
    assert crawler.untranslated_msgid("Jumlah Penduduk 2024") is None
    page = (
        "<html><body><h1>Data</h1><script>var x = 'Log in';</script>"
        "<input placeholder='Search datasets...'><a title='Log in'>Masuk</a>"
        "</body></html>"
    )
    assert sorted(crawler.ui_texts(page)) == [
        "Data",
        "Log in",
        "Masuk",
        "Search datasets...",
    ]


def test_workflow_pages_speak_indonesian(app, portal):
    """Every role's workflow pages: the operator's grid of a returned period,
    the verifikator's review and return form, walidata's queue, the
    notifications, the member pages and the public Komponen data."""
    operator = portal["operator"]["name"]
    verifikator = factories.User(name="verifikator-disdukcapil")
    helpers.call_action("member_create", {"ignore_auth": True}, id="disdukcapil",
                        object=verifikator["name"], object_type="user",
                        capacity="admin")
    context = {"user": operator}
    helpers.call_action("satudata_structure_update", dict(context), id="penduduk-0",
                        components=[
                            {"code": "perempuan", "name": "Perempuan", "unit": "Orang",
                             "type": "integer", "required": True},
                            {"code": "laki_laki", "name": "Laki-laki", "unit": "Orang",
                             "type": "integer", "required": True},
                        ],
                        breakdown={"type": "region", "level": "kecamatan"},
                        granularity="semester", first_period="2024-S1")
    for period, women in (("2024-S1", "10.518"), ("2024-S2", "99.999")):
        helpers.call_action("satudata_submission_save", dict(context),
                            id="penduduk-0", period=period,
                            values={"33.74.01": {"perempuan": women}})
        helpers.call_action("satudata_submission_submit", dict(context),
                            id="penduduk-0", period=period)
    reviewer = {"user": verifikator["name"]}
    helpers.call_action("satudata_submission_verify", dict(reviewer),
                        id="penduduk-0", period="2024-S1")
    helpers.call_action("satudata_submission_publish", {"user": "walidata"},
                        id="penduduk-0", period="2024-S1")
    token = factories.APIToken(user=verifikator["name"])["token"]
    as_verifier = {"Authorization": token}
    review = [
        "/dashboard/verifikasi",
        "/dashboard/notifikasi",
        "/dataset/penduduk-0/isian/2024-S2",
        "/dataset/penduduk-0/isian/2024-S2/kembalikan",
        "/organization/members/disdukcapil",
        "/organization/member_new/disdukcapil",
    ]
    report = crawler.crawl(_getter(app, as_verifier), review, limit=len(review))
    _assert_translated(report, minimum_pages=len(review))
    helpers.call_action("satudata_submission_return", dict(reviewer),
                        id="penduduk-0", period="2024-S2", note="Cek Semarang Tengah",
                        cell_notes={"33.74.01": {"perempuan": "Terlalu besar"}})
    as_operator = {"Authorization": factories.APIToken(user=operator)["token"]}
    fixing = ["/dashboard/verifikasi", "/dashboard/notifikasi",
              "/dataset/penduduk-0/isian/2024-S2", "/dataset/activity/penduduk-0"]
    report = crawler.crawl(_getter(app, as_operator), fixing, limit=len(fixing))
    _assert_translated(report, minimum_pages=len(fixing))
    # the public dataset page and its published DataStore resource (data
    # dictionary, DataStore API box)
    resource = next(r for r in helpers.call_action(
        "package_show", {}, id="penduduk-0")["resources"]
        if r.get("url_type") == "datastore")
    public = crawler.crawl(_getter(app), [
        "/dataset/penduduk-0", f"/dataset/penduduk-0/resource/{resource['id']}",
    ], limit=2)
    _assert_translated(public, minimum_pages=2)
    page = _getter(app)(f"/dataset/penduduk-0/resource/{resource['id']}")[1]
    assert "bilangan bulat" in page and ">int8<" not in page  # column types
    assert "Komponen data" in _getter(app)("/dataset/penduduk-0")[1]


def test_walidata_admin_pages_speak_indonesian(app, portal):
    """Walidata are CKAN sysadmins: the admin pages they use every day
    (site settings, trash, users, new organizations and groups, their
    queue) speak Indonesian too."""
    token = factories.APIToken(user="walidata")["token"]
    start = [
        "/ckan-admin",
        "/ckan-admin/config",
        "/ckan-admin/trash",
        "/user/",
        "/user/walidata",
        "/organization/new",
        "/group/new",
        "/organization/edit/disdukcapil",
        "/dashboard/verifikasi",
        "/daftar-data",
    ]
    report = crawler.crawl(
        _getter(app, {"Authorization": token}), start, limit=crawler.env_limit(60)
    )
    _assert_translated(report, minimum_pages=len(start))
