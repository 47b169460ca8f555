"""A data request's whole path through the HTTP Action API, with real
working days: filed on Friday 14 August 2026, before the libur nasional of
Monday 17 August (Proklamasi Kemerdekaan), completed after a pause of
"Menunggu kelengkapan", late, forwarded across Tuesday 25 August (Maulid
Nabi), answered, delivered, its data balikan sent back once and accepted.
The clock is frozen at each step (pytest-freezegun)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from ckanext.satudata.calendar import api as calendar
from ckanext.satudata.datarequests import store

from .support import CSV, blank_pdf, fields, make_people
from .support import FrozenApi as Api

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

WIB = dt.timezone(dt.timedelta(hours=7))


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=WIB)


def multipart(api: Api, action: str, user: dict[str, Any] | None,
              files: dict[str, tuple[bytes, str]], *, status: int = 200,
              **fields_: Any) -> Any:
    data: dict[str, Any] = {}
    for key, value in fields_.items():
        data[key] = value
    for key, (content, name) in files.items():
        data[key] = (io.BytesIO(content), name)
    response = api.app.post(f"/api/3/action/{action}", data=data,
                            headers=api.headers(user),
                            content_type="multipart/form-data")
    body = response.get_json()
    assert response.status_code == status, (response.status_code, body)
    return body


def _stage(shown: dict[str, Any], code: str, index: int = -1) -> dict[str, Any]:
    return [s for s in shown["stages"] if s["stage"] == code][index]


def _listed(api: Api, user: dict[str, Any], **filters: Any) -> list[dict[str, Any]]:
    response = api.app.post("/api/3/action/satudata_data_request_list",
                            json=filters, headers=api.headers(user))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["result"]["results"]


def test_the_holidays_the_scenario_relies_on() -> None:
    days = {h["day"]: h for h in calendar.holidays(2026)}
    assert days["2026-08-17"]["kind"] == calendar.NATIONAL
    assert days["2026-08-25"]["kind"] == calendar.NATIONAL
    assert dt.date(2026, 8, 14).weekday() == 4  # a Friday


def test_the_whole_path_with_working_days(app: Any, freezer: Any) -> None:
    api = Api(app)
    freezer.move_to(at("2026-08-13"))
    people = make_people()
    requester, walidata = people["requester"], people["walidata"]
    operator = people["operator"]
    for user in (requester, walidata, operator, people["pembina"]):
        api.headers(user)

    # Friday 14 August, 10:00 WIB: filed (multipart, with both PDFs)
    freezer.move_to(at("2026-08-14"))
    form = {key: value for key, value in fields(people).items() if key != "datasets"}
    body = multipart(api, "satudata_data_request_create", requester, {
        "pernyataan": (blank_pdf(), "pernyataan.pdf"),
        "kak": (blank_pdf(2), "kak.pdf"),
    }, datasets=people["dataset"]["name"], **form)
    shown = body["result"]
    number = shown["number"]
    assert number == "PD-2026-00001"
    assert shown["status"] == "diajukan"
    assert shown["contact_phone"] == "+6281234567890"
    assert [s["stage"] for s in shown["stages"]] == ["diajukan", "diterima"]
    # one working day: Monday 17 is Proklamasi, so Tuesday 18
    assert shown["due"] == "2026-08-18"
    assert _stage(shown, "diterima")["timing"]["due"] == "2026-08-18"
    assert sorted(f["kind"] for f in shown["files"]) == ["kak", "pernyataan"]
    assert all(f["url"] for f in shown["files"])
    assert not any("location" in f or "storage" in f for f in shown["files"])

    # Tuesday 18: the walidata ask for completeness (the clock stops)
    freezer.move_to(at("2026-08-18", 9))
    shown = api.call("satudata_data_request_accept", walidata, id=number,
                     incomplete=True, comment="KAK belum ditandatangani")["result"]
    assert shown["status"] == "menunggu_kelengkapan"
    assert shown["waiting"] is True
    assert shown["due"] == "2026-08-18"
    assert shown["overdue"] is False

    # Thursday 20: the requester completes it: Wednesday 19 and Thursday 20
    # did not count, the due date moves two working days to Thursday 20
    freezer.move_to(at("2026-08-20"))
    shown = multipart(api, "satudata_data_request_update", requester, {
        "kak": (blank_pdf(3), "kak-ttd.pdf")}, id=number,
        comment="KAK sudah ditandatangani")["result"]
    assert shown["status"] == "diajukan"
    assert shown["waiting"] is False
    assert shown["due"] == "2026-08-20"
    timing = _stage(shown, "diterima")["timing"]
    assert (timing["paused"], timing["taken"], timing["overdue"]) == (2, 1, False)
    pause = _stage(shown, "diterima")["pauses"][0]
    assert pause["reason"] == "KAK belum ditandatangani"
    assert pause["ended"].startswith("2026-08-20")

    # Friday 21: nobody acted: Terlambat, in show and in the lists
    freezer.move_to(at("2026-08-21"))
    shown = api.call("satudata_data_request_show", walidata, id=number)["result"]
    assert shown["overdue"] is True
    [item] = _listed(api, walidata)
    assert (item["number"], item["overdue"]) == (number, True)
    assert item["due"] == "2026-08-20"
    assert [i["number"] for i in _listed(api, walidata, overdue=True)] == [number]
    assert _listed(api, walidata, overdue=False) == []
    [item] = _listed(api, requester)
    assert item["overdue"] is True
    assert item["title"] == "Jumlah Penduduk Menurut Kecamatan"

    # accepted late: the stage stays Terlambat in the history
    shown = api.call("satudata_data_request_accept", walidata, id=number,
                     comment="Lengkap")["result"]
    assert shown["status"] == "diterima"
    assert _stage(shown, "diterima")["timing"]["overdue"] is True
    assert shown["late"] is True
    assert shown["overdue"] is False
    assert shown["due"] == "2026-08-24"  # surat_pengantar: 1 working day

    # Monday 24: forwarded with the Surat Pengantar; the OPD's day is
    # Tuesday 25 (Maulid Nabi), so Wednesday 26
    freezer.move_to(at("2026-08-24"))
    shown = api.call("satudata_data_request_forward", walidata, id=number,
                     organization="disdukcapil",
                     comment="Mohon ditindaklanjuti")["result"]
    assert shown["status"] == "diteruskan"
    assert shown["organization"]["name"] == "disdukcapil"
    assert shown["due"] == "2026-08-26"
    [letter] = shown["letters"]
    assert letter["letter"] == "pengantar"
    assert letter["url"] == f"/permohonan-data/{number}/surat/{letter['id']}"
    assert _stage(shown, "surat_pengantar")["letter"]["number"] == letter["number"]
    # the OPD sees it now, and lists it
    assert [i["number"] for i in _listed(api, operator)] == [number]

    # Wednesday 26: the OPD answers with a CSV file
    freezer.move_to(at("2026-08-26"))
    shown = multipart(api, "satudata_data_request_respond", operator, {
        "files": (CSV, "penduduk.csv")}, id=number,
        comment="Data terlampir")["result"]
    assert shown["status"] == "ditindaklanjuti"
    assert shown["response"]["kind"] == "answered"
    assert shown["due"] == "2026-09-02"  # penyampaian: 5 working days
    assert [lt["letter"] for lt in shown["letters"]] == ["pengantar", "tindak_lanjut"]

    # Thursday 27: delivered; the data balikan is due in 30 working days
    freezer.move_to(at("2026-08-27"))
    shown = api.call("satudata_data_request_deliver", walidata, id=number,
                     comment="Data disampaikan")["result"]
    assert shown["status"] == "menunggu_data_balikan"
    assert shown["balikan_due"] == "2026-10-08"
    assert shown["due"] == "2026-10-08"
    delivery = [f for f in shown["files"] if f["kind"] == "delivery"]
    assert [f["name"] for f in delivery] == ["penduduk.csv"]
    shown = api.call("satudata_data_request_show", requester, id=number)["result"]
    assert [lt["letter"] for lt in shown["letters"]] == [
        "pengantar", "tindak_lanjut", "penyampaian"]
    # the requester downloads the delivery and their letter, not the others'
    urls = {lt["letter"]: lt["url"] for lt in shown["letters"]}
    assert urls["penyampaian"] and urls["pengantar"] is None
    assert all(f["url"] for f in shown["files"] if f["kind"] == "delivery")
    assert shown["contact_email"] == "sari@example.org"
    pembina_view = api.call("satudata_data_request_show", people["pembina"],
                            id=number)["result"]
    assert pembina_view["contact_email"] is None
    assert all(f["url"] is None for f in pembina_view["files"])

    # Monday 31: the data balikan (an Excel workbook? a PDF report)
    freezer.move_to(at("2026-08-31"))
    shown = multipart(api, "satudata_data_request_balikan_upload", requester, {
        "upload": (blank_pdf(), "laporan.pdf")}, id=number)["result"]
    assert shown["status"] == "data_balikan_diunggah"
    assert shown["overdue"] is False and shown["due"] is None

    # Wednesday 2 September: sent back; the check's days do not count
    freezer.move_to(at("2026-09-02"))
    shown = api.call("satudata_data_request_balikan_accept", walidata, id=number,
                     accept=False, comment="Lampirkan tabel")["result"]
    assert shown["status"] == "menunggu_data_balikan"
    # paused Tuesday 1 and Wednesday 2 September: two working days later
    assert shown["balikan_due"] == "2026-10-12"
    freezer.move_to(at("2026-09-03"))
    multipart(api, "satudata_data_request_balikan_upload", requester, {
        "upload": (CSV, "tabel.csv")}, id=number)
    shown = api.call("satudata_data_request_balikan_accept", walidata,
                     id=number)["result"]
    assert shown["status"] == "selesai"
    assert [s["stage"] for s in shown["stages"]] == [
        "diajukan", "diterima", "surat_pengantar", "ditindaklanjuti",
        "penyampaian", "data_balikan", "selesai"]
    assert all(s["finished"] for s in shown["stages"])
    assert shown["actions"] == []
    # the number sequence goes on
    freezer.move_to(at("2026-09-04"))
    again = multipart(api, "satudata_data_request_create", requester, {
        "pernyataan": (blank_pdf(), "pernyataan.pdf")},
        **{**form, "requester_kind": "perorangan", "institution": ""},
        datasets=people["dataset"]["id"])["result"]
    assert again["number"] == "PD-2026-00002"
    assert store.find("pd-2026-00002")["id"] == again["id"]


def test_a_person_is_done_at_delivery_and_a_rejection_records_penolakan(
    app: Any, freezer: Any,
) -> None:
    api = Api(app)
    freezer.move_to(at("2026-08-14"))
    people = make_people()
    requester, walidata = people["requester"], people["walidata"]
    form = {k: v for k, v in fields(people, "perorangan").items() if k != "datasets"}

    def filed() -> str:
        return multipart(api, "satudata_data_request_create", requester, {
            "pernyataan": (blank_pdf(), "pernyataan.pdf")}, **form)["result"]["number"]

    first = filed()
    api.call("satudata_data_request_accept", walidata, id=first)
    api.call("satudata_data_request_forward", walidata, id=first,
             organization="disdukcapil")
    api.call("satudata_data_request_respond", people["verifikator"], id=first,
             links=[{"dataset": people["dataset"]["name"]}])
    shown = api.call("satudata_data_request_deliver", walidata, id=first)["result"]
    assert shown["status"] == "selesai"
    assert shown["balikan_due"] is None
    assert [s["stage"] for s in shown["stages"]][-2:] == ["penyampaian", "selesai"]

    second = filed()
    shown = api.call("satudata_data_request_reject", walidata, id=second,
                     reason="Data tidak tersedia")["result"]
    assert shown["status"] == "ditolak"
    stage = _stage(shown, "penolakan")
    assert stage["started"] == stage["finished"]
    assert stage["letter"]["letter"] == "penolakan"
    assert _stage(shown, "diterima")["comment"] == "Data tidak tersedia"

    third = filed()
    api.call("satudata_data_request_accept", walidata, id=third)
    api.call("satudata_data_request_forward", walidata, id=third,
             organization="disdukcapil")
    api.call("satudata_data_request_respond", people["operator"], id=third,
             decline=True, reason="Belum ada survei")
    shown = api.call("satudata_data_request_reject", walidata, id=third,
                     reason="Produsen data tidak memiliki data")["result"]
    # the open penyampaian stage became penolakan
    assert [s["stage"] for s in shown["stages"]][-1] == "penolakan"
    assert "penyampaian" not in [s["stage"] for s in shown["stages"]]

    fourth = filed()
    shown = api.call("satudata_data_request_cancel", requester, id=fourth,
                     reason="Tidak jadi")["result"]
    assert shown["status"] == "dibatalkan"
    assert shown["reason"] == "Tidak jadi"
    assert all(s["finished"] for s in shown["stages"])


def test_an_overdue_data_balikan_blocks_new_requests(app: Any, freezer: Any) -> None:
    api = Api(app)
    freezer.move_to(at("2026-08-14"))
    people = make_people()
    requester, walidata = people["requester"], people["walidata"]
    form = {k: v for k, v in fields(people).items() if k != "datasets"}
    files = {"pernyataan": (blank_pdf(), "pernyataan.pdf"),
             "kak": (blank_pdf(), "kak.pdf")}
    number = multipart(api, "satudata_data_request_create", requester, files,
                       **form)["result"]["number"]
    api.call("satudata_data_request_accept", walidata, id=number)
    api.call("satudata_data_request_forward", walidata, id=number,
             organization="disdukcapil")
    api.call("satudata_data_request_respond", people["operator"], id=number,
             links=[people["dataset"]["id"]])
    shown = api.call("satudata_data_request_deliver", walidata, id=number)["result"]
    due = shown["balikan_due"]
    # on the due day: still allowed
    freezer.move_to(at(due))
    multipart(api, "satudata_data_request_create", requester, files, **form)
    # the day after: refused, in Indonesian, naming the request
    freezer.move_to(at(due) + dt.timedelta(days=1))
    body = multipart(api, "satudata_data_request_create", requester, files,
                     status=403, **form)
    assert number in body["error"]["message"]
    assert "data balikan" in body["error"]["message"]
    [item] = _listed(api, requester, status="menunggu_data_balikan")
    assert item["overdue"] is True
