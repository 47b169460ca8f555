"""The state machine through the action layer: the normal path, returns,
wrong states, separation of duties, the audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import helpers

from tests.indicators.support import as_user, submission_of

from .support import VALUES, fill, move, to_state

pytestmark = pytest.mark.usefixtures("clean_db", "clean_datastore", "with_plugins")


def _state(opd: dict[str, Any], period: str = "2024-S1") -> str:
    return submission_of(opd, period)["state"]


def test_normal_path(people: dict[str, Any]) -> None:
    fill(people)
    assert submission_of(people)["allowed_actions"] == ["submit"]
    done = move(people, "submit", "operator")
    assert (done["from_state"], done["state"]) == ("draft", "submitted")
    move(people, "verify", "verifikator")
    assert _state(people) == "verified"
    move(people, "publish", "walidata")
    assert _state(people) == "published"


def test_return_by_verifikator_and_resubmit(people: dict[str, Any]) -> None:
    to_state(people, "submitted")
    move(people, "return", "verifikator", note="Rasio Tugu salah",
         cell_notes={"33.74.16": {"rasio": "Terlalu tinggi"}},
         deadline="2099-01-31")
    shown = submission_of(people)
    assert shown["state"] == "returned"
    assert shown["return"]["note"] == "Rasio Tugu salah"
    assert shown["return"]["cell_notes"] == {"33.74.16": {"rasio": "Terlalu tinggi"}}
    assert shown["return"]["deadline"] == "2099-01-31"
    assert shown["return"]["overdue"] is False
    fill(people, values={"33.74.16": {"rasio": "99,1"}})  # returned is editable
    move(people, "submit", "operator")
    assert _state(people) == "submitted"


def test_return_by_walidata_after_verification(people: dict[str, Any]) -> None:
    to_state(people, "verified")
    move(people, "return", "walidata", note="Sumber data belum diisi")
    assert _state(people) == "returned"


def test_return_needs_a_note(people: dict[str, Any]) -> None:
    to_state(people, "submitted")
    with pytest.raises(helpers.logic.ValidationError) as error:
        move(people, "return", "verifikator", note="  ")
    assert "note" in error.value.error_dict
    assert _state(people) == "submitted"


def test_wrong_state_is_refused_with_a_message(people: dict[str, Any]) -> None:
    fill(people)
    with pytest.raises(helpers.logic.ValidationError) as error:
        move(people, "verify", "verifikator")
    assert "state" in error.value.error_dict
    assert _state(people) == "draft"


def test_published_values_cannot_be_saved(people: dict[str, Any]) -> None:
    to_state(people, "published")
    with pytest.raises(helpers.logic.ValidationError) as error:
        fill(people, values={"33.74.01": {"perempuan": 1}})
    assert "period" in error.value.error_dict
    assert submission_of(people)["values"]["33.74.01"]["perempuan"] == VALUES[
        "33.74.01"]["perempuan"]


def test_separation_of_duties(people: dict[str, Any]) -> None:
    # the verifikator fills a value too: they may not verify
    fill(people)
    helpers.call_action("satudata_submission_save", as_user(people["verifikator"]),
                        id=people["dataset"]["id"], period="2024-S1",
                        values={"33.74.01": {"rasio": "98,5"}})
    move(people, "submit", "operator")
    with pytest.raises(helpers.logic.NotAuthorized):
        move(people, "verify", "verifikator")
    assert _state(people) == "submitted"


@pytest.mark.ckan_config("ckanext.satudata.separation_of_duties", "false")
def test_separation_of_duties_can_be_switched_off(people: dict[str, Any]) -> None:
    fill(people)
    helpers.call_action("satudata_submission_save", as_user(people["verifikator"]),
                        id=people["dataset"]["id"], period="2024-S1",
                        values={"33.74.01": {"rasio": "98,5"}})
    move(people, "submit", "operator")
    move(people, "verify", "verifikator")
    assert _state(people) == "verified"


def test_history_holds_changes_and_moves(people: dict[str, Any]) -> None:
    to_state(people, "verified")
    history = helpers.call_action("satudata_submission_history",
                                  as_user(people["operator"]),
                                  id=people["dataset"]["id"], period="2024-S1")
    kinds = [(item["kind"], item.get("action")) for item in history]
    assert kinds == [("transition", "verify"), ("transition", "submit"),
                     ("values", None)]
    assert history[0]["role"] == "verifikator"
    assert history[2]["role"] == "operator"


def test_moves_are_named_activities(people: dict[str, Any]) -> None:
    to_state(people, "published")
    activities = helpers.call_action(
        "package_activity_list", {"user": people["sysadmin"]["name"]},
        id=people["dataset"]["id"],
    )
    types = [a["activity_type"] for a in activities]
    for expected in ("satudata changed values package", "satudata submitted package",
                     "satudata verified package", "satudata published package"):
        assert expected in types
    # the public sees the publication, not the OPD's drafts
    public = helpers.call_action("package_activity_list", {"user": ""},
                                 id=people["dataset"]["id"])
    public_types = {a["activity_type"] for a in public}
    assert "satudata published package" in public_types
    assert "satudata submitted package" not in public_types
