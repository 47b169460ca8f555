"""The data entry pages as pages: Flask test client, real database."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from ckan.tests.helpers import call_action

from .support import POPULATION

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")


def _login(app: Any, user: dict[str, Any]) -> dict[str, str]:
    token = call_action("api_token_create", {"user": user["name"]},
                        user=user["name"], name="test")["token"]
    return {"Authorization": token}


def _csrf(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found, "form has no CSRF field"
    return found.group(1)


def _open_form(app: Any, user: dict[str, Any], url: str) -> tuple[dict[str, str], str]:
    """Log ``user`` in and open the form at ``url``: headers and CSRF token."""
    headers = _login(app, user)
    return headers, _csrf(app.get(url, headers=headers).get_data(as_text=True))


def _structure(opd: dict[str, Any]) -> dict[str, Any]:
    return call_action("satudata_structure_update", {"user": opd["operator"]["name"]},
                       id=opd["dataset"]["id"], **POPULATION)


def test_entry_grid_marks_required_cells_and_offers_csrf(app, opd):
    _structure(opd)
    page = app.get("/dataset/penduduk-kecamatan/isian/2024-S1",
                   headers=_login(app, opd["operator"]))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Semarang Tengah" in html and "33.74.01" in html
    assert html.count("* Wajib diisi") == 2  # perempuan and laki_laki
    assert 'name="v|33.74.01|perempuan"' in html
    assert _csrf(html)


def test_entry_form_saves_indonesian_numbers(app, opd):
    _structure(opd)
    url = "/dataset/penduduk-kecamatan/isian/2024-S1"
    headers, csrf = _open_form(app, opd["operator"], url)
    response = app.post(url, headers=headers, data={
        "_csrf_token": csrf, "revision": "0", "kode_referensi": "DUK-01",
        "sumber_data": "SIAK", "v|33.74.01|perempuan": "10.518",
        "v|33.74.01|laki_laki": "10518", "v|33.74.01|rasio": "99,5",
    }, follow_redirects=True)
    assert response.status_code == 200
    shown = call_action("satudata_submission_show", {"user": opd["operator"]["name"]},
                        id="penduduk-kecamatan", period="2024-S1")
    assert shown["values"]["33.74.01"] == {
        "perempuan": 10518, "laki_laki": 10518, "rasio": 99.5,
    }
    assert shown["kode_referensi"] == "DUK-01"
    assert 'value="99,5"' in response.get_data(as_text=True)


def test_entry_form_error_is_next_to_the_cell_and_nothing_is_saved(app, opd):
    _structure(opd)
    url = "/dataset/penduduk-kecamatan/isian/2024-S1"
    headers, csrf = _open_form(app, opd["operator"], url)
    response = app.post(url, headers=headers, data={
        "_csrf_token": csrf, "revision": "0",
        "v|33.74.01|perempuan": "100", "v|33.74.02|laki_laki": "3,5",
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    cell = re.search(
        r'name="v\|33\.74\.02\|laki_laki"[^>]*>\s*'
        r'<div class="invalid-feedback"[^>]*>([^<]+)<', html)
    assert cell, "no error under the wrong cell"
    assert "3,5" in cell.group(1)
    assert 'value="3,5"' in html  # what the user typed is kept
    shown = call_action("satudata_submission_show", {"user": opd["operator"]["name"]},
                        id="penduduk-kecamatan", period="2024-S1")
    assert shown["state"] == "belum_diisi" and shown["values"] == {}


def test_pages_refuse_other_users(app, opd):
    _structure(opd)
    for headers in ({}, _login(app, opd["member"])):
        for url in ("/dataset/penduduk-kecamatan/isian",
                    "/dataset/penduduk-kecamatan/isian/2024-S1",
                    "/dataset/penduduk-kecamatan/isian/2024-S1/template.xlsx",
                    "/dataset/penduduk-kecamatan/isian/2024-S1/riwayat",
                    "/dataset/penduduk-kecamatan/struktur"):
            assert app.get(url, headers=headers).status_code in (403, 404), url


def test_overview_lists_periods_and_dashboard_lists_due(app, opd):
    _structure(opd)
    headers = _login(app, opd["operator"])
    html = app.get("/dataset/penduduk-kecamatan/isian", headers=headers).get_data(
        as_text=True)
    assert "2024 Semester 1" in html and "2025 Semester 2" in html
    dashboard = app.get("/dashboard/isian", headers=headers)
    assert dashboard.status_code == 200
    text = dashboard.get_data(as_text=True)
    assert text.index("2024 Semester 1") < text.index("2025 Semester 1")
    assert "Terlambat" in text or "Overdue" in text
    dataset_page = app.get("/dataset/penduduk-kecamatan", headers=headers)
    assert "/dataset/penduduk-kecamatan/isian" in dataset_page.get_data(as_text=True)


def test_structure_form_saves_a_category_breakdown(app, opd):
    url = "/dataset/penduduk-kecamatan/struktur"
    headers, csrf = _open_form(app, opd["operator"], url)
    response = app.post(url, headers=headers, data={
        "_csrf_token": csrf, "component_count": "3",
        "component-0-code": "jumlah", "component-0-name": "Jumlah sekolah",
        "component-0-unit": "Unit", "component-0-type": "integer",
        "component-0-required": "on",
        "breakdown_type": "category", "categories": "sd;SD\nsmp;SMP",
        "granularity": "tahunan", "first_period": "2023",
    }, follow_redirects=True)
    assert response.status_code == 200
    structure = call_action("satudata_structure_show", {}, id="penduduk-kecamatan")
    assert [row["name"] for row in structure["rows"]] == ["SD", "SMP"]
    assert structure["components"][0]["required"] is True


def test_structure_form_shows_errors_by_field(app, opd):
    url = "/dataset/penduduk-kecamatan/struktur"
    headers, csrf = _open_form(app, opd["operator"], url)
    response = app.post(url, headers=headers, data={
        "_csrf_token": csrf, "component_count": "3",
        "component-0-code": "Bad Code", "component-0-name": "X",
        "breakdown_type": "none", "granularity": "semester", "first_period": "2024",
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "table-danger" in html
    with pytest.raises(Exception):  # noqa: B017 - nothing was stored
        call_action("satudata_structure_show", {}, id="penduduk-kecamatan")


def test_survey_page_works_without_account_and_dies_when_revoked(app, opd):
    _structure(opd)
    operator = {"user": opd["operator"]["name"]}
    link = call_action("satudata_survey_link_create", operator,
                       id="penduduk-kecamatan", period="2024-S1", label="Petugas A",
                       rows=["33.74.03"],
                       expires=(dt.date.today() + dt.timedelta(days=30)).isoformat())
    url = f"/survei/{link['token']}"
    page = app.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="v|33.74.03|perempuan"' in html
    assert 'name="v|33.74.01|perempuan"' not in html  # only the link's rows
    response = app.post(url, data={
        "_csrf_token": _csrf(html), "surveyor_name": "Andi",
        "v|33.74.03|perempuan": "1.234",
    }, follow_redirects=True)
    assert response.status_code == 200
    history = call_action("satudata_submission_history", operator,
                          id="penduduk-kecamatan", period="2024-S1")
    assert history[0]["actor_name"] == "Andi" and history[0]["source"] == "survey"
    call_action("satudata_survey_link_revoke", operator, id=link["id"])
    assert app.get(url).status_code == 404


def test_dashboard_news_feed_tells_what_is_not_filled(app, opd):
    _structure(opd)
    headers = _login(app, opd["operator"])
    html = app.get("/dashboard/", headers=headers).get_data(as_text=True)
    notice = re.search(r'satudata-due-notice">\s*([^<]+)<', html)
    assert notice and "belum diisi" in notice.group(1)
    assert "/dashboard/isian" in html
    # someone who fills nothing gets no notice
    other = _login(app, opd["member"])
    assert "satudata-due-notice" not in app.get("/dashboard/", headers=other).get_data(
        as_text=True)


def test_survey_links_page_shows_use_and_token_once(app, opd):
    _structure(opd)
    url = "/dataset/penduduk-kecamatan/isian/2024-S1/tautan"
    headers, csrf = _open_form(app, opd["operator"], url)
    expires = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    created = app.post(url, headers=headers, data={
        "_csrf_token": csrf, "label": "Petugas Kelurahan Sekaran",
        "expires": expires, "rows": ["33.74.03"],
    }).get_data(as_text=True)
    link = re.search(r'value="(http[^"]+/survei/([^"]+))"', created)
    assert link, "the new link is not shown"
    token = link.group(2)
    survey = app.get(f"/survei/{token}").get_data(as_text=True)
    app.post(f"/survei/{token}", data={
        "_csrf_token": _csrf(survey), "surveyor_name": "Andi",
        "v|33.74.03|perempuan": "12",
    })
    listing = app.get(url, headers=headers).get_data(as_text=True)
    assert token not in listing  # shown once only
    assert "Petugas Kelurahan Sekaran" in listing and "1 kali" in listing


@pytest.mark.usefixtures("clean_redis")
@pytest.mark.ckan_config("ckanext.satudata.import_background_bytes", "100")
def test_a_background_import_shows_its_progress_then_its_report(app, opd):
    import rq
    from ckan.lib import jobs

    _structure(opd)
    url = "/dataset/penduduk-kecamatan/isian/2024-S1"
    headers, csrf = _open_form(app, opd["operator"], url)
    rows = "".join(f"33.74.{n:02d};{1000 + n};{900 + n};\n" for n in range(1, 17))
    upload = ("kode;perempuan;laki_laki;rasio\n" + rows).encode()
    response = app.post(url + "/impor", headers=headers, data={
        "_csrf_token": csrf, "upload": (io.BytesIO(upload), "isian.csv"),
    }, follow_redirects=False)
    assert response.status_code == 302
    progress_url = response.headers["Location"]
    waiting = app.get(progress_url, headers=headers).get_data(as_text=True)
    assert 'data-status="queued"' in waiting
    assert 'http-equiv="refresh"' in waiting  # reloads itself, no JS needed
    queue = jobs.get_queue("satudata")
    rq.SimpleWorker([queue], connection=queue.connection).work(burst=True)
    done = app.get(progress_url, headers=headers).get_data(as_text=True)
    assert 'data-status="done"' in done and 'http-equiv="refresh"' not in done
    assert "16 baris dibaca, 16 baris diterima" in done
    shown = call_action("satudata_submission_show", {"user": opd["operator"]["name"]},
                        id="penduduk-kecamatan", period="2024-S1")
    assert shown["values"]["33.74.16"] == {"perempuan": 1016, "laki_laki": 916}


def test_an_import_after_someone_saved_the_period_is_refused(app, opd):
    """The import form carries the revision the page showed: a file
    uploaded after someone else saved imports nothing and says why."""
    _structure(opd)
    url = "/dataset/penduduk-kecamatan/isian/2024-S1"
    headers = _login(app, opd["operator"])
    page = app.get(url, headers=headers).get_data(as_text=True)
    form = page[page.index('class="mt-4 satudata-import"'):]
    revision = re.search(r'name="revision" value="(\d+)"', form)
    assert revision and revision.group(1) == "0"
    call_action("satudata_submission_save", {"user": opd["operator"]["name"]},
                id="penduduk-kecamatan", period="2024-S1",
                values={"33.74.01": {"perempuan": 7}})
    rows = "".join(f"33.74.{n:02d};{1000 + n};{900 + n};\n" for n in range(1, 17))
    upload = ("kode;perempuan;laki_laki;rasio\n" + rows).encode()
    response = app.post(url + "/impor", headers=headers, data={
        "_csrf_token": _csrf(page), "revision": revision.group(1),
        "upload": (io.BytesIO(upload), "isian.csv"),
    }, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert 'data-status="failed"' in html
    assert "Ada yang menyimpan periode 2024 Semester 1 setelah berkas ini diisi" in html
    shown = call_action("satudata_submission_show", {"user": opd["operator"]["name"]},
                        id="penduduk-kecamatan", period="2024-S1")
    assert shown["values"] == {"33.74.01": {"perempuan": 7}}


def test_an_import_with_a_tampered_revision_gets_the_page_back(app, opd):
    _structure(opd)
    url = "/dataset/penduduk-kecamatan/isian/2024-S1"
    headers, csrf = _open_form(app, opd["operator"], url)
    upload = b"kode;perempuan;laki_laki;rasio\n33.74.01;1;2;\n"
    response = app.post(url + "/impor", headers=headers, data={
        "_csrf_token": csrf, "revision": "x",
        "upload": (io.BytesIO(upload), "isian.csv"),
    })
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    alert = html[html.index('class="alert alert-danger"'):]
    assert "Bilangan bulat tidak valid" in alert[:300]  # the revision's error
    shown = call_action("satudata_submission_show", {"user": opd["operator"]["name"]},
                        id="penduduk-kecamatan", period="2024-S1")
    assert shown["state"] == "belum_diisi"


def test_a_failed_import_lists_each_error_by_row_and_column(app, opd):
    _structure(opd)
    url = "/dataset/penduduk-kecamatan/isian/2024-S1"
    headers, csrf = _open_form(app, opd["operator"], url)
    upload = b"kode;perempuan;laki_laki\n33.74.01;1.000;abc\n99.99;1;2\n"
    response = app.post(url + "/impor", headers=headers, data={
        "_csrf_token": csrf, "upload": (io.BytesIO(upload), "isian.csv"),
    }, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert 'data-status="failed"' in html
    errors = re.findall(r"<tr><td>(\d*)</td><td>([^<]*)</td><td>[^<]*</td>"
                        r"<td>([^<]+)</td></tr>", html)
    assert errors == [
        ("1", "Rasio jenis kelamin", "Kolom tidak ada di berkas"),
        ("2", "Laki-laki", "Bukan angka: abc"),
        ("3", "Kode", "Kode baris tidak dikenal: 99.99"),
    ]
    shown = call_action("satudata_submission_show", {"user": opd["operator"]["name"]},
                        id="penduduk-kecamatan", period="2024-S1")
    assert shown["state"] == "belum_diisi"


def test_malformed_form_fields_get_a_page_not_an_error(app, opd):
    _structure(opd)
    url = "/dataset/penduduk-kecamatan/isian/2024-S1"
    headers, csrf = _open_form(app, opd["operator"], url)
    response = app.post(url, headers=headers, data={
        "_csrf_token": csrf, "revision": "x", "v|nothing": "1",
        "v|33.74.01|perempuan": "5",
    })
    assert response.status_code == 200
    assert 'class="alert alert-danger"' in response.get_data(as_text=True)
    shown = call_action("satudata_submission_show", {"user": opd["operator"]["name"]},
                        id="penduduk-kecamatan", period="2024-S1")
    assert shown["values"] == {}
    structure_url = "/dataset/penduduk-kecamatan/struktur"
    csrf = _csrf(app.get(structure_url, headers=headers).get_data(as_text=True))
    response = app.post(structure_url, headers=headers, data={
        "_csrf_token": csrf, "component_count": "lots", "granularity": "tahunan",
        "first_period": "2024",
    })
    assert response.status_code == 200
    assert "Minimal satu komponen wajib diisi" in response.get_data(as_text=True)


def test_a_surveyor_uploads_a_csv_without_an_account(app, opd):
    _structure(opd)
    operator = {"user": opd["operator"]["name"]}
    link = call_action("satudata_survey_link_create", operator,
                       id="penduduk-kecamatan", period="2024-S1", label="Petugas B",
                       rows=["33.74.04"],
                       expires=(dt.date.today() + dt.timedelta(days=5)).isoformat())
    url = f"/survei/{link['token']}"
    csrf = _csrf(app.get(url).get_data(as_text=True))
    template = app.get(url + "/template.xlsx")
    assert template.status_code == 200
    assert template.headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    upload = b"kode;perempuan;laki_laki;rasio\n33.74.04;2.500;2.400;\n"
    response = app.post(url + "/impor", data={
        "_csrf_token": csrf, "surveyor_name": "Budi",
        "upload": (io.BytesIO(upload), "isian.csv"),
    }, follow_redirects=False)
    assert response.status_code == 302
    report = app.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-status="done"' in report
    shown = call_action("satudata_submission_show", operator,
                        id="penduduk-kecamatan", period="2024-S1")
    assert shown["values"] == {"33.74.04": {"perempuan": 2500, "laki_laki": 2400}}
    history = call_action("satudata_submission_history", operator,
                          id="penduduk-kecamatan", period="2024-S1")
    assert (history[0]["source"], history[0]["actor_name"]) == ("csv", "Budi")
    # a row outside the link is refused, nothing changes
    other = b"kode;perempuan;laki_laki;rasio\n33.74.05;1;1;\n"
    app.post(url + "/impor", data={
        "_csrf_token": csrf, "upload": (io.BytesIO(other), "isian.csv"),
    })
    again = call_action("satudata_submission_show", operator,
                        id="penduduk-kecamatan", period="2024-S1")
    assert again["values"] == shown["values"] and again["revision"] == shown["revision"]
