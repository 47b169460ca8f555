"""The periodic report pages (Flask client) and the command line: the
"Buat laporan" button queues the generation and the report page shows
its progress, the texts and the finalising go through the page, the
files are downloaded by whom may, finalised reports are listed with
their date, and ``ckan satudata report generate`` makes the same report
as the button."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pytest
import rq
from bs4 import BeautifulSoup
from ckan.lib import jobs
from ckan.tests import factories, helpers

from ckanext.satudata.monitoring.report import service
from tests.indicators.support import as_user
from tests.monitoring.report_support import (
    assert_same_tables,
    pdf_text,
    stored_files,
    workbook_tables,
)
from tests.monitoring.support import build

pytestmark = [
    pytest.mark.usefixtures("with_plugins", "clean_db"),
    pytest.mark.ckan_config("ckanext.satudata.monitoring.cache_seconds", "0"),
]

LIST = "/pemantauan/laporan"


@pytest.fixture
def people() -> dict[str, Any]:
    walidata = factories.User(name="walidata")
    factories.Organization(name="diskominfo", users=[
        {"name": walidata["name"], "capacity": "editor"}])
    pembina = factories.User(name="pembina")
    factories.Organization(name="bps", users=[
        {"name": pembina["name"], "capacity": "member"}])
    operator = factories.User(name="operator")
    factories.Organization(name="dinkes", users=[
        {"name": operator["name"], "capacity": "editor"}])
    return {"walidata": walidata, "pembina": pembina, "operator": operator,
            "public": factories.User(name="warga")}


@pytest.fixture
def queue() -> Any:
    found = jobs.get_queue(service.QUEUE)
    found.empty()
    return found


def _run_jobs(queue: Any) -> None:
    """Work off the ``satudata`` queue here and now; no job may fail."""
    failed = queue.failed_job_registry.count
    rq.SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert queue.count == 0
    assert queue.failed_job_registry.count == failed


def _soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _text(node: Any) -> str:
    return " ".join(node.get_text(" ").split())


def _report_id(location: str) -> str:
    found = re.search(r"/pemantauan/laporan/([0-9a-f-]{36})$", location)
    assert found, location
    return found.group(1)


def test_who_sees_the_pages(app: Any, api: Any, people: dict[str, Any]) -> None:
    anonymous = app.get(LIST, follow_redirects=False)
    assert anonymous.status_code == 302 and "/user/login" in anonymous.location
    for role in ("public", "operator"):
        assert app.get(LIST, headers=api.headers(people[role])).status_code == 403
    page = _soup(app.get(LIST, headers=api.headers(people["walidata"])))
    form = page.select_one("form.satudata-report-create")
    assert form is not None and form.select_one("input[name=_csrf_token]")
    assert form.select_one("option[value='2026-S2']") is not None
    pembina = _soup(app.get(LIST, headers=api.headers(people["pembina"])))
    assert pembina.select_one("h1")
    assert not pembina.select("form.satudata-report-create")
    # the button refused to others, nothing made
    for role in ("public", "operator", "pembina"):
        response = app.post(f"{LIST}/baru", data={"periode": "2025"},
                            headers=api.headers(people[role]), follow_redirects=False)
        assert response.status_code == 403, role
    # a period that is none: the list again with the error
    response = app.post(f"{LIST}/baru", data={"periode": "2025-13"},
                        headers=api.headers(people["walidata"]))
    assert response.status_code == 400
    assert _soup(response).select_one(".satudata-errors") is not None
    assert helpers.call_action("satudata_monitoring_report_list",
                               as_user(people["walidata"]))["count"] == 0


def test_button_progress_texts_finalise_and_downloads(
        app: Any, api: Any, people: dict[str, Any], queue: Any) -> None:
    walidata = api.headers(people["walidata"])
    pembina = api.headers(people["pembina"])
    response = app.post(f"{LIST}/baru", data={"periode": "2025"}, headers=walidata,
                        follow_redirects=False)
    assert response.status_code == 302
    report_id = _report_id(response.location)
    url = f"{LIST}/{report_id}"
    # queued: the page shows it and reloads itself
    page = _soup(app.get(url, headers=walidata))
    assert page.select_one(".satudata-report-job") is not None
    assert page.select_one("meta[http-equiv=refresh]") is not None
    assert not page.select(".satudata-report-files")
    # asked again meanwhile: only the newest job writes
    assert app.post(f"{url}/buat", headers=walidata,
                    follow_redirects=False).status_code == 302
    assert queue.count == 2
    _run_jobs(queue)
    shown = helpers.call_action("satudata_monitoring_report_show",
                                as_user(people["walidata"]), id=report_id)
    assert shown["job"]["status"] == "done"
    assert set(stored_files()) == {shown["pdf"]["id"], shown["xlsx"]["id"]}
    page = _soup(app.get(url, headers=walidata))
    assert page.select_one("meta[http-equiv=refresh]") is None
    links = [a["href"] for a in page.select(".satudata-report-files a")]
    assert links == [f"{url}/laporan.pdf", f"{url}/laporan.xlsx"]
    assert len(page.select("table.satudata-report-table")) == len(shown["tables"])
    pdf = app.get(links[0], headers=walidata)
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert "laporan-pemantauan-2025-draf.pdf" in pdf.headers["Content-Disposition"]
    workbook = app.get(links[1], headers=walidata)
    assert_same_tables(pdf.data, workbook.data)
    # a draft's files are the walidata's; the pembina reads the page
    assert app.get(links[0], headers=pembina).status_code == 403
    page = _soup(app.get(url, headers=pembina))
    assert not page.select(".satudata-report form")
    assert not page.select(".satudata-report-files")
    assert app.post(f"{url}/teks", data={"rekomendasi": "x"}, headers=pembina,
                    follow_redirects=False).status_code == 403
    # the same period again: its draft is opened
    again = app.post(f"{LIST}/baru", data={"periode": "2025"}, headers=walidata,
                     follow_redirects=False)
    assert again.status_code == 302 and _report_id(again.location) == report_id
    # the texts form; finalising names the missing text
    page = _soup(app.get(url, headers=walidata))
    form = page.select_one("form.satudata-report-texts")
    assert form.select_one("input[name=_csrf_token]") is not None
    assert form.select_one("button[formaction$='/final']") is not None
    response = app.post(f"{url}/final", headers=walidata, data={
        "rekomendasi": "Dampingi OPD dengan keterisian rendah.", "rencana": ""})
    assert response.status_code == 400
    errors = _text(_soup(response).select_one(".satudata-errors"))
    assert "Rencana Tindak Lanjut" in errors and "Rekomendasi" not in errors
    assert _soup(response).select_one("textarea[name=rekomendasi]").text == (
        "Dampingi OPD dengan keterisian rendah.")
    response = app.post(f"{url}/final", headers=walidata, follow_redirects=False, data={
        "rekomendasi": "Dampingi OPD dengan keterisian rendah.",
        "rencana": "Bimbingan teknis pada triwulan I."})
    assert response.status_code == 302
    final = helpers.call_action("satudata_monitoring_report_show",
                                as_user(people["walidata"]), id=report_id)
    assert final["status"] == "final"
    # listed with its date and number; the pembina downloads it
    listing = _soup(app.get(LIST, headers=pembina))
    row = listing.select_one("tr.satudata-report-final")
    assert final["number"] in _text(row)
    assert _text(row.select_one(".satudata-report-finalised"))  # the date
    pdf = app.get(f"{url}/laporan.pdf", headers=pembina)
    assert pdf.status_code == 200
    assert final["number"] in pdf_text(pdf.data)[1]
    assert "laporan-pemantauan-2025.pdf" in pdf.headers["Content-Disposition"]
    assert app.get(f"{url}/laporan.xlsx", headers=api.headers(people["operator"])
                   ).status_code == 403
    assert app.get(f"{LIST}/{report_id[:-1]}0/laporan.pdf", headers=walidata
                   ).status_code == 404


def test_command_line_and_button_make_the_same_report(
        app: Any, api: Any, cli: Any, queue: Any) -> None:
    from ckan.cli.cli import ckan

    found = build()
    result = cli.invoke(ckan, [
        "satudata", "report", "generate", "--period", "2024", "--finalise",
        "--rekomendasi", "Perkuat pendampingan.", "--rencana", "Rapat forum."])
    assert result.exit_code == 0, result.output
    listed = helpers.call_action("satudata_monitoring_report_list",
                                 as_user(found["walidata"]))["results"]
    assert len(listed) == 1
    made = helpers.call_action("satudata_monitoring_report_show",
                               as_user(found["walidata"]), id=listed[0]["id"])
    assert made["status"] == "final"
    assert made["id"] in result.output
    assert made["pdf"]["name"] in result.output
    assert made["xlsx"]["name"] in result.output
    # the button, for the same period
    response = app.post(f"{LIST}/baru", data={"periode": "2024"},
                        headers=api.headers(found["walidata"]), follow_redirects=False)
    assert response.status_code == 302
    _run_jobs(queue)
    button = helpers.call_action("satudata_monitoring_report_show",
                                 as_user(found["walidata"]),
                                 id=_report_id(response.location))
    assert button["id"] != made["id"] and button["status"] == "draft"
    assert button["tables"] == made["tables"]
    assert button["analysis"] == made["analysis"]

    def excel(report: dict[str, Any]) -> Any:
        return workbook_tables(app.get(
            f"{LIST}/{report['id']}/laporan.xlsx",
            headers=api.headers(found["walidata"])).data)

    assert excel(button) == excel(made)
    assert [row[:2] for row in openpyxl.load_workbook(io.BytesIO(app.get(
        f"{LIST}/{made['id']}/laporan.xlsx", headers=api.headers(found["walidata"])
    ).data)).worksheets[1].iter_rows(min_row=3, max_row=3, values_only=True)] == [
        tuple(made["tables"][0]["rows"][0][:2])]
    # a bad period: one clear line, nothing made
    result = cli.invoke(ckan, ["satudata", "report", "generate", "--period", "2024-13"])
    assert result.exit_code != 0 and "window" in result.output
