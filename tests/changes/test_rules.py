"""The business rules of change requests: which period may get one, one in
progress per period, what a proposal must hold (new values, reasons, the
revision the user saw), the Excel path, rejecting and sending back,
requests gone stale, deleting, and approving values with quality errors.

Refusals are checked through the HTTP API (Indonesian, the portal's
default language) or the action, and each leaves every table as it was
(``changes_state``)."""

from __future__ import annotations

import io
from typing import Any

import ckan.plugins.toolkit as tk
import openpyxl
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import helpers

from ckanext.satudata.changes.model import event_table
from ckanext.satudata.documents import api as documents
from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.indicators.template import (
    CODE_ROW,
    FIRST_DATA_ROW,
    FIRST_VALUE_COLUMN,
)
from ckanext.satudata.workflow import store as workflow_store
from tests.indicators.support import Api, as_user, submission_of
from tests.workflow.support import VALUES, move, to_state

from .support import (
    CELLS,
    NEW_LAKI,
    NEW_PEREMPUAN,
    OTHER_ROW,
    PERIOD,
    ROW,
    approve,
    blank_pdf,
    changes_state,
    create,
    publish,
    upload,
)

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")

LABEL = "2024 Semester 1"
CREATE = "satudata_change_request_create"
REASON = "Koreksi hasil rekap ulang"


# ---- helpers ----------------------------------------------------------------

def _refused(api: Api, user: dict[str, Any], action: str, field: str,
             **data: Any) -> str:
    """Call ``action`` through the HTTP API, expecting a validation error
    on ``field`` only and nothing written; its messages, joined."""
    api.headers(user)  # the token exists before the snapshot
    before = changes_state()
    body = api.call(action, user, status=409, **data)
    error = body["error"]
    assert error["__type"] == "Validation Error", error
    assert set(error) == {"__type", field}, error
    assert changes_state() == before
    return " | ".join(error[field])


def _create_api(api: Api, people: dict[str, Any], field: str,
                **data: Any) -> str:
    return _refused(api, people["operator"], CREATE, field,
                    **{"id": people["dataset"]["id"], "period": PERIOD, **data})


def _show(people: dict[str, Any], request_id: str,
          who: str = "operator") -> dict[str, Any]:
    return helpers.call_action("satudata_change_request_show",
                               as_user(people[who]), id=request_id)


def _reject(people: dict[str, Any], request_id: str, note: str) -> dict[str, Any]:
    return helpers.call_action("satudata_change_request_reject",
                               as_user(people["walidata"]), id=request_id, note=note)


def _delete(people: dict[str, Any], request_id: str) -> dict[str, Any]:
    return helpers.call_action("satudata_change_request_delete",
                               as_user(people["operator"]), id=request_id)


def _listed(people: dict[str, Any], who: str = "operator") -> list[str]:
    found = helpers.call_action("satudata_change_request_list", as_user(people[who]))
    return [row["id"] for row in found["results"]]


def _records(people: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The period's published DataStore rows by region code."""
    found = workflow_store.publication(people["dataset"]["id"])
    assert found is not None
    records = helpers.call_action("datastore_search", as_user(None),
                                  resource_id=found["resource_id"],
                                  limit=1000)["records"]
    return {r["kode_wilayah"]: r for r in records if r["periode"] == PERIOD}


def _events(request_id: str) -> list[str]:
    return [row.action for row in model.Session.execute(
        sa.select(event_table.c.action).where(event_table.c.request_id == request_id)
        .order_by(event_table.c.timestamp))]


# ---- which period ----------------------------------------------------------

def test_only_a_published_period_gets_a_request(api: Api,
                                                people: dict[str, Any]) -> None:
    to_state(people, "verified")
    text = _create_api(api, people, "period", cells=CELLS)
    assert f"Periode {LABEL} belum diterbitkan" in text
    # a period never filled
    text = _create_api(api, people, "period", cells=CELLS, period="2024-S2")
    assert "Periode 2024 Semester 2 belum diterbitkan" in text
    move(people, "publish", "walidata")
    assert create(people)["status"] == "waiting_upload"


# ---- one in progress per period ----------------------------------------------

def test_one_request_in_progress_per_period(api: Api, people: dict[str, Any]) -> None:
    publish(people)
    first = create(people)
    other_cell = [{"row": "33.74.05", "component": "perempuan",
                   "value": VALUES["33.74.05"]["perempuan"] + 1, "reason": REASON}]
    text = _create_api(api, people, "period", cells=other_cell)
    assert text == (f"Periode {LABEL} sudah memiliki permohonan perubahan yang"
                    ' sedang berjalan (status "Menunggu upload dokumen'
                    ' persetujuan"): selesaikan atau hapus dulu sebelum membuat'
                    " yang baru")
    # the verifikator (a producer too) neither
    with pytest.raises(tk.ValidationError) as refused:
        create(people, "verifikator", cells=other_cell)
    assert list(refused.value.error_dict) == ["period"]
    upload(people, first["id"])
    text = _create_api(api, people, "period", cells=other_cell)
    assert "Menunggu persetujuan Admin Satu Data" in text
    assert _listed(people) == [first["id"]]


# ---- what a proposal holds ------------------------------------------------------

def test_a_new_value_equal_to_the_published_one_is_refused(
    api: Api, people: dict[str, Any],
) -> None:
    publish(people)
    published = VALUES[ROW]["perempuan"]
    # typed the Indonesian way (1.000 is one thousand): still the same value
    same = f"{published // 1000}.{published % 1000:03d}"
    text = _create_api(api, people, "cells", cells=[
        {"row": ROW, "component": "perempuan", "value": same, "reason": REASON},
        CELLS[1],
    ])
    assert text == ("Semarang Tengah, Perempuan: nilai baru sama dengan nilai"
                    " yang diterbitkan")
    text = _create_api(api, people, "cells", cells=[
        {"row": ROW, "component": "perempuan", "value": published, "reason": REASON},
    ])
    assert "Semarang Tengah, Perempuan" in text


def test_a_missing_reason_is_refused_naming_the_cell(
    api: Api, people: dict[str, Any],
) -> None:
    publish(people)
    text = _create_api(api, people, "cells", cells=[
        CELLS[0],
        {"row": OTHER_ROW, "component": "laki_laki", "value": NEW_LAKI},
        {"row": "33.74.16", "component": "rasio", "value": "101,5", "reason": "  "},
    ])
    assert text == ("Semarang Utara, Laki-laki: tulis alasan perubahan ini | "
                    "Tugu, Rasio jenis kelamin: tulis alasan perubahan ini")
    # the request's reason stands for the cells without their own
    made = create(people, cells=[
        CELLS[0], {"row": OTHER_ROW, "component": "laki_laki", "value": NEW_LAKI},
    ], reason=REASON)
    assert [c["reason"] for c in made["cells"]] == [CELLS[0]["reason"], REASON]


def test_a_revision_other_than_the_published_one_is_refused(
    api: Api, people: dict[str, Any],
) -> None:
    publish(people)
    revision = submission_of(people)["revision"]
    text = _create_api(api, people, "revision", cells=CELLS, revision=revision - 1)
    assert f"(revisi {revision}, milik Anda {revision - 1})" in text
    made = create(people, revision=revision)
    assert made["base_revision"] == revision


# ---- the Excel path -------------------------------------------------------------

def _template(app: Any, api: Api, people: dict[str, Any]) -> bytes:
    response = app.get(
        f"/dataset/{people['dataset']['name']}/isian/{PERIOD}/template.xlsx",
        headers=api.headers(people["operator"]))
    assert response.status_code == 200
    return response.data


def _changed(content: bytes, row_code: str, component: str, value: Any) -> bytes:
    """``content`` (the template) with one cell set to ``value``."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    codes = [cell.value for cell in sheet[CODE_ROW]]
    column = codes.index(component) + 1
    assert column >= FIRST_VALUE_COLUMN
    [row] = [number for number in range(FIRST_DATA_ROW, sheet.max_row + 1)
             if sheet.cell(number, 1).value == row_code]
    sheet.cell(row, column).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_filled_template_proposes_exactly_the_changed_cell(
    app: Any, api: Api, people: dict[str, Any],
) -> None:
    publish(people)
    filled = _changed(_template(app, api, people), OTHER_ROW, "laki_laki", NEW_LAKI)
    # without a reason: refused, naming the cell
    api.headers(people["operator"])
    before = changes_state()
    body = api.upload(CREATE, people["operator"], filled, "isian.xlsx", status=409,
                      id=people["dataset"]["id"], period=PERIOD)
    text = " | ".join(body["error"]["cells"])
    assert text == "Semarang Utara, Laki-laki: tulis alasan perubahan ini"
    assert changes_state() == before
    # the template as downloaded changes nothing
    body = api.upload(CREATE, people["operator"], _template(app, api, people),
                      "isian.xlsx", status=409, id=people["dataset"]["id"],
                      period=PERIOD, reason=REASON)
    assert body["error"]["cells"] == [
        "Tidak ada yang diubah: tidak ada nilai baru yang berbeda dari nilai yang"
        " diterbitkan"]
    assert changes_state() == before

    made = api.upload(CREATE, people["operator"], filled, "isian.xlsx",
                      id=people["dataset"]["id"], period=PERIOD,
                      reason=REASON)["result"]
    assert made["status"] == "waiting_upload"
    assert [(c["row"], c["component"], c["old"], c["new"], c["reason"])
            for c in made["cells"]] == [
        (OTHER_ROW, "laki_laki", VALUES[OTHER_ROW]["laki_laki"], NEW_LAKI, REASON)]


# ---- reject and send back ----------------------------------------------------------

def test_reject_needs_a_note_and_sends_the_request_back(
    api: Api, people: dict[str, Any],
) -> None:
    publish(people)
    made = create(people)
    upload(people, made["id"])
    reject = "satudata_change_request_reject"
    _refused(api, people["walidata"], reject, "note", id=made["id"])
    text = _refused(api, people["walidata"], reject, "note", id=made["id"],
                    note="   ")
    assert text == "Tulis alasan permohonan ditolak"
    # the producer cannot reject, nor approve
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action(reject, as_user(people["verifikator"]), id=made["id"],
                            note="Sendiri")

    note = "Tanda tangan kepala dinas belum ada"
    rejected = _reject(people, made["id"], note)
    assert rejected["status"] == "rejected"
    assert rejected["note"] == note
    assert rejected["decided_by"] == people["walidata"]["fullname"]
    assert rejected["allowed"]["upload_approval"] is False  # the walidata's view
    shown = _show(people, made["id"])
    assert shown["note"] == note
    assert shown["allowed"]["upload_approval"] and shown["allowed"]["delete"]
    assert shown["events"][-1]["note"] == note
    # a rejected request is not approved, nor rejected again
    text = _refused(api, people["walidata"], "satudata_change_request_approve",
                    "status", id=made["id"])
    assert '"Ditolak"' in text and "disetujui" in text
    _refused(api, people["walidata"], reject, "status", id=made["id"], note="Lagi")

    # sent again with a corrected document
    again = upload(people, made["id"], blank_pdf(text="Sudah ditandatangani"))
    assert again["status"] == "waiting_approval"
    assert [e["action"] for e in again["events"]] == [
        "create", "upload", "reject", "upload"]
    assert approve(people, made["id"])["status"] == "done"


# ---- stale requests -----------------------------------------------------------------

def test_a_rejected_request_overtaken_by_another_cannot_come_back(
    api: Api, people: dict[str, Any],
) -> None:
    publish(people)
    first = create(people)
    upload(people, first["id"])
    _reject(people, first["id"], "Alasan kurang jelas")
    second = create(people, cells=[{**CELLS[0], "value": NEW_PEREMPUAN + 1}])
    # while the second is in progress the first cannot be sent again
    api.headers(people["operator"])
    before = changes_state()
    body = api.upload("satudata_change_request_upload_approval", people["operator"],
                      blank_pdf(), "persetujuan.pdf", status=409, id=first["id"])
    assert body["error"]["status"] == [
        "Ada permohonan perubahan lain untuk periode ini yang sedang berjalan:"
        " permohonan yang ditolak ini tidak dapat diajukan lagi"]
    assert changes_state() == before
    upload(people, second["id"])
    approve(people, second["id"])
    assert submission_of(people)["values"][ROW]["perempuan"] == NEW_PEREMPUAN + 1

    before = changes_state()
    body = api.upload("satudata_change_request_upload_approval", people["operator"],
                      blank_pdf(), "persetujuan.pdf", status=409, id=first["id"])
    assert body["error"]["status"] == [
        "Nilai yang diterbitkan berubah setelah permohonan ini dibuat: hapus"
        " permohonan ini dan buat permohonan baru"]
    assert changes_state() == before
    assert _show(people, first["id"])["status"] == "rejected"


def test_approving_a_request_whose_old_values_changed_is_refused(
    api: Api, people: dict[str, Any],
) -> None:
    """The published values cannot change while a request is in progress
    (one per period); should they change all the same (another writer of
    the submission, here ``indicators.api.revise`` itself), approval
    refuses instead of overwriting them."""
    publish(people)
    made = create(people)
    upload(people, made["id"])
    package = model.Package.get(people["dataset"]["id"])
    grid = indicators.grid_for(package, PERIOD)
    actor = indicators.user_actor(people["sysadmin"]["id"], "Admin", package)
    indicators.revise(grid, [{"row": ROW, "component": "perempuan",
                              "old": VALUES[ROW]["perempuan"], "new": 1}],
                      actor, {"note": "perubahan lain"})
    model.Session.commit()
    records = _records(people)

    text = _refused(api, people["walidata"], "satudata_change_request_approve",
                    "values", id=made["id"])
    assert text == ("Nilai yang diterbitkan berubah setelah permohonan ini dibuat"
                    " (1 sel berbeda dari nilai lamanya): buat permohonan baru")
    assert _records(people) == records
    assert _show(people, made["id"])["status"] == "waiting_approval"


# ---- delete --------------------------------------------------------------------------

def test_delete_until_approved(api: Api, people: dict[str, Any]) -> None:
    publish(people)
    deleted = []
    # waiting for its document
    made = create(people)
    assert _delete(people, made["id"]) == {"id": made["id"], "status": "deleted"}
    deleted.append(made)
    # waiting for approval
    made = create(people)
    upload(people, made["id"])
    _delete(people, made["id"])
    deleted.append(made)
    # rejected
    made = create(people)
    upload(people, made["id"])
    _reject(people, made["id"], "Salah periode")
    _delete(people, made["id"])
    deleted.append(made)
    # approved: stays
    done = create(people)
    upload(people, done["id"])
    approve(people, done["id"])
    text = _refused(api, people["operator"], "satudata_change_request_delete",
                    "status", id=done["id"])
    assert text == ('Permohonan perubahan ini berstatus "Selesai": sekarang tidak'
                    " dapat dihapus. Mungkin orang lain sudah menindaklanjutinya"
                    " lebih dulu: muat ulang halaman.")
    assert _show(people, done["id"])["status"] == "done"

    assert _listed(people) == [done["id"]]
    assert _listed(people, "walidata") == [done["id"]]
    for request in deleted:
        # refused (a 404 would be right: test_a_deleted_request_is_not_found)
        with pytest.raises((tk.ObjectNotFound, tk.NotAuthorized)):
            _show(people, request["id"])
        with pytest.raises((tk.ObjectNotFound, tk.NotAuthorized)):
            _delete(people, request["id"])
        # kept for the audit trail, its document revoked
        assert _events(request["id"])[-1] == "delete"
        assert documents.get(request["document"]["id"])["status"] == documents.REVOKED
    assert _events(deleted[2]["id"]) == ["create", "upload", "reject", "delete"]
    assert documents.get(done["document"]["id"])["status"] != documents.REVOKED


def test_a_deleted_request_is_not_found(api: Api, people: dict[str, Any]) -> None:
    publish(people)
    made = create(people)
    _delete(people, made["id"])
    for who in ("operator", "walidata"):
        body = api.call("satudata_change_request_show", people[who], status=None,
                        id=made["id"])
        assert body["error"]["__type"] == "Not Found Error", (who, body)
    with pytest.raises(tk.ObjectNotFound):
        _show(people, made["id"])


# ---- quality checks ------------------------------------------------------

def test_quality_errors_must_be_confirmed(api: Api, people: dict[str, Any]) -> None:
    publish(people)
    # a negative count is a warning only (the structure declares no minimum)
    warned = create(people, cells=[{"row": ROW, "component": "perempuan",
                                    "value": "-5", "reason": REASON}])
    upload(people, warned["id"])
    checks = _show(people, warned["id"], "walidata")["checks"]
    assert checks["summary"]["error"] == 0 and checks["summary"]["warning"] >= 1
    assert approve(people, warned["id"])["status"] == "done"

    # emptying a required cell is an error
    erring = create(people, cells=[{"row": OTHER_ROW, "component": "laki_laki",
                                    "value": "", "reason": REASON}])
    assert erring["cells"][0]["new"] is None
    upload(people, erring["id"])
    checks = _show(people, erring["id"], "walidata")["checks"]
    assert checks["summary"]["error"] == 1
    [finding] = [f for f in checks["findings"] if f["level"] == "error"]
    assert (finding["row"], finding["component"]) == (OTHER_ROW, "laki_laki")
    records = _records(people)
    text = _refused(api, people["walidata"], "satudata_change_request_approve",
                    "confirm_errors", id=erring["id"])
    assert text.startswith("Nilai baru memiliki 1 galat kualitas")
    assert _records(people) == records
    assert _show(people, erring["id"])["status"] == "waiting_approval"

    done = approve(people, erring["id"], confirm_errors=True)
    assert done["status"] == "done"
    values = submission_of(people)["values"]
    assert "laki_laki" not in values[OTHER_ROW]
    assert values[ROW]["perempuan"] == -5
    assert _records(people)[OTHER_ROW]["laki_laki"] is None
