"""The workflow's pages through the Flask test client: the moves on the
entry page, the return form with notes per cell, the operator's view of a
return, the queues."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests.indicators.support import submission_of

from .support import fill, move, to_state

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")
ENTRY = "/dataset/penduduk-kecamatan/isian/2024-S1"


def _as(app: Any, user: dict[str, Any]) -> dict[str, str]:
    from ckan.tests import factories

    return {"Authorization": factories.APIToken(user=user["name"])["token"]}


def _page(app: Any, user: dict[str, Any], url: str) -> BeautifulSoup:
    response = app.get(url, headers=_as(app, user))
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.body, "html.parser")


def _post(app: Any, user: dict[str, Any], url: str, data: dict[str, Any]) -> Any:
    headers = _as(app, user)
    page = BeautifulSoup(app.get(ENTRY, headers=headers).body, "html.parser")
    token = page.select_one("input[name=_csrf_token]")["value"]
    return app.post(url, data={**data, "_csrf_token": token}, headers=headers,
                    follow_redirects=False)


def test_operator_sees_submit_button_and_submits(
    app: Any, people: dict[str, Any]
) -> None:
    fill(people)
    page = _page(app, people["operator"], ENTRY)
    form = page.select_one("form.satudata-move-submit")
    assert form is not None
    response = _post(app, people["operator"], form["action"],
                     {"revision": "1", "note": "Data semester 1"})
    assert response.status_code == 302
    assert submission_of(people)["state"] == "submitted"
    # the operator has no move left; the verifikator has verify and return
    assert _page(app, people["operator"], ENTRY).select_one(
        "form.satudata-move") is None
    verifier = _page(app, people["verifikator"], ENTRY)
    assert verifier.select_one("form.satudata-move-verify") is not None
    assert verifier.find("a", href=f"{ENTRY}/kembalikan") is not None


def test_return_form_with_cell_notes_shows_them_to_the_operator(
    app: Any, people: dict[str, Any]
) -> None:
    to_state(people, "submitted")
    page = _page(app, people["verifikator"], f"{ENTRY}/kembalikan")
    assert page.select_one("input[name='n|33.74.16|rasio']") is not None
    response = _post(app, people["verifikator"], f"{ENTRY}/kembalikan", {
        "note": "Periksa rasio", "deadline": "2099-12-31",
        "n|33.74.16|rasio": "Rasio Tugu terlalu tinggi", "revision": "1",
    })
    assert response.status_code == 302
    assert submission_of(people)["state"] == "returned"
    operator = _page(app, people["operator"], ENTRY)
    assert "Periksa rasio" in operator.select_one(".satudata-return-note").text
    notes = [n.text.strip() for n in operator.select(".satudata-cell-note")]
    assert notes == ["Rasio Tugu terlalu tinggi"]
    # the returned period is editable again
    assert operator.select_one("input[name='v|33.74.16|rasio']").get("disabled") is None


def test_return_without_note_shows_the_error_and_changes_nothing(
    app: Any, people: dict[str, Any]
) -> None:
    to_state(people, "submitted")
    response = _post(app, people["verifikator"], f"{ENTRY}/kembalikan",
                     {"note": "", "n|33.74.16|rasio": "cek"})
    assert response.status_code == 200
    page = BeautifulSoup(response.body, "html.parser")
    assert page.select_one("#note.is-invalid") is not None
    assert page.select_one("input[name='n|33.74.16|rasio']")["value"] == "cek"
    assert submission_of(people)["state"] == "submitted"


def test_move_from_a_stale_page_is_refused_with_a_message(
    app: Any, people: dict[str, Any]
) -> None:
    to_state(people, "submitted")
    move(people, "verify", "verifikator")
    response = _post(app, people["verifikator"], f"{ENTRY}/verifikasi", {})
    assert response.status_code == 302
    page = _page(app, people["verifikator"], ENTRY)
    assert page.select_one(".alert-error, .alert-danger") is not None
    assert submission_of(people)["state"] == "verified"


def test_queues(app: Any, people: dict[str, Any]) -> None:
    to_state(people, "submitted")
    to_state(people, "returned", period="2024-S2")
    operator = _page(app, people["operator"], "/dashboard/verifikasi")
    assert operator.select_one("#queue-operator") is not None
    assert operator.select_one("#queue-verifikator") is None
    assert "2024 Semester 2" in operator.select_one(".satudata-queue").text
    verifier = _page(app, people["verifikator"], "/dashboard/verifikasi")
    assert "2024 Semester 1" in verifier.select_one(
        "#queue-verifikator ~ div .satudata-queue").text
    move(people, "verify", "verifikator")
    walidata = _page(app, people["walidata"], "/dashboard/verifikasi")
    assert "2024 Semester 1" in walidata.select_one(
        "#queue-walidata ~ div .satudata-queue").text
