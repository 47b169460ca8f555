"""Every data request action by every role: anonymous, the requester,
another requester, the operator and the verifikator of the OPD the request
is forwarded to and of another OPD, walidata and pembina.

For each action the request is brought to the status where the step is
possible; every role that may not take it tries first — refused
(``NotAuthorized``) and nothing written (the four tables, the documents,
the notifications, CKAN's files and the stored bytes equal before and
after) —, then each allowed role takes it on a request of its own. An
allowed role in a wrong status gets a ``ValidationError`` naming
``status`` and writes nothing either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from tests.indicators.support import as_user

from .support import (
    CSV,
    ROLES,
    FrozenApi,
    Upload,
    blank_pdf,
    bring,
    call,
    create,
    fields,
    make_people,
    state,
)

pytestmark = pytest.mark.usefixtures("clean_db", "with_plugins")

LOGGED_IN = frozenset(ROLES) - {"anonymous"}
OPD = frozenset({"operator", "verifikator"})

#: action → (the status it needs, the roles allowed, its data, the status after)
SPEC: dict[str, tuple[str, frozenset[str], Callable[[dict[str, Any]], dict[str, Any]],
                      str]] = {
    "update": ("menunggu_kelengkapan", frozenset({"requester"}),
               lambda p: {"purpose": "Tesis magister"}, "diajukan"),
    "accept": ("diajukan", frozenset({"walidata"}),
               lambda p: {"comment": "Lengkap"}, "diterima"),
    "forward": ("diterima", frozenset({"walidata"}),
                lambda p: {"organization": "disdukcapil"}, "diteruskan"),
    "respond": ("diteruskan", OPD,
                lambda p: {"files": Upload(CSV, "data.csv")}, "ditindaklanjuti"),
    "deliver": ("ditindaklanjuti", frozenset({"walidata"}), lambda p: {},
                "menunggu_data_balikan"),
    "reject": ("diteruskan", frozenset({"walidata"}),
               lambda p: {"reason": "Data rahasia"}, "ditolak"),
    "balikan_upload": ("menunggu_data_balikan", frozenset({"requester"}),
                       lambda p: {"upload": Upload(blank_pdf(), "balikan.pdf")},
                       "data_balikan_diunggah"),
    "balikan_accept": ("data_balikan_diunggah", frozenset({"walidata"}),
                       lambda p: {}, "selesai"),
    "cancel": ("diterima", frozenset({"requester", "walidata"}),
               lambda p: {"reason": "Tidak jadi"}, "dibatalkan"),
}
#: A status where the action is not possible.
WRONG_STATUS = {
    "update": "diajukan", "accept": "diterima", "forward": "diajukan",
    "respond": "ditindaklanjuti", "deliver": "diteruskan", "reject": "selesai",
    "balikan_upload": "data_balikan_diunggah",
    "balikan_accept": "menunggu_data_balikan",
    "cancel": "menunggu_data_balikan",
}


def _refused(people: dict[str, Any], role: str, action: str, **data: Any) -> None:
    before = state()
    with pytest.raises(tk.NotAuthorized):
        call(people, role, action, **data)
    assert state() == before, (action, role)


@pytest.mark.parametrize("action", sorted(SPEC))
def test_each_step_by_each_role(action: str) -> None:
    people = make_people()
    status, allowed, data, after = SPEC[action]
    request = bring(people, status)
    for role in ROLES:
        if role not in allowed:
            _refused(people, role, action, id=request["id"], **data(people))
    for role in sorted(allowed):
        mine = request if role == sorted(allowed)[0] else bring(people, status)
        before = state()
        result = call(people, role, action, id=mine["number"], **data(people))
        assert result["status"] == after, (action, role)
        assert state() != before
        shown = call(people, "walidata", "show", id=mine["id"])
        assert shown["status"] == after
    wrong = bring(people, WRONG_STATUS[action])
    for role in sorted(allowed):
        before = state()
        with pytest.raises(tk.ValidationError) as refused:
            call(people, role, action, id=wrong["id"], **data(people))
        assert list(refused.value.error_dict) == ["status"], (action, role)
        assert state() == before, (action, role)


def test_create_and_list() -> None:
    people = make_people()
    _refused(people, "anonymous", "create", **fields(people, "perorangan"),
             pernyataan=Upload(blank_pdf(), "p.pdf"))
    with pytest.raises(tk.NotAuthorized):
        call(people, "anonymous", "list")
    numbers = {}
    for role in sorted(LOGGED_IN):
        numbers[role] = create(people, role, kind="perorangan")["number"]
    assert len(set(numbers.values())) == len(numbers)
    forwarded = bring(people, "diteruskan")
    numbers["requester_forwarded"] = forwarded["number"]
    everything = set(numbers.values())
    for role in sorted(LOGGED_IN):
        listed = {item["number"] for item in call(people, role, "list")["results"]}
        mine = {item["number"] for item in call(people, role, "list",
                                                  mine=True)["results"]}
        own = {numbers[role]} | (
            {forwarded["number"]} if role == "requester" else set())
        assert mine == own, role
        if role in ("walidata", "pembina"):
            assert listed == everything, role
        elif role in OPD:
            assert listed == own | {forwarded["number"]}, role
        else:
            assert listed == own, role
    walidata_list = call(people, "walidata", "list", organization="disdukcapil")
    assert [item["number"] for item in walidata_list["results"]] == [
        forwarded["number"]]
    found = call(people, "walidata", "list", q=forwarded["number"].lower())
    assert [item["number"] for item in found["results"]] == [forwarded["number"]]
    paged = call(people, "walidata", "list", limit=2, offset=1)
    assert (paged["count"], len(paged["results"])) == (len(everything), 2)


def test_show_and_downloads_by_each_role() -> None:
    people = make_people()
    request = bring(people, "diterima")
    readers_before = {"requester", "walidata", "pembina"}
    for role in ROLES:
        if role in readers_before:
            assert call(people, role, "show", id=request["id"])["number"]
        else:
            _refused(people, role, "show", id=request["number"])
    request = call(people, "walidata", "forward", id=request["id"],
                   organization="disdukcapil")
    readers_after = readers_before | OPD
    for role in ROLES:
        if role in readers_after:
            shown = call(people, role, "show", id=request["id"])
            assert shown["number"] == request["number"]
        else:
            _refused(people, role, "show", id=request["id"])
    with pytest.raises(tk.ObjectNotFound):
        call(people, "walidata", "show", id="PD-2026-99999")
    # downloads: the attachments for the requester, walidata and the OPD;
    # not for the pembina or anybody else
    files = call(people, "walidata", "show", id=request["id"])["files"]
    letter = call(people, "walidata", "show", id=request["id"])["letters"][0]
    may = {"requester", "walidata"} | OPD
    for role in ROLES:
        context = as_user(people[role])
        for file_id in [files[0]["id"]]:
            allowed = role in may
            try:
                helpers.call_auth("satudata_data_request_file_download", context,
                                  id=request["id"], file_id=file_id)
                assert allowed, role
            except tk.NotAuthorized:
                assert not allowed, role
        # the covering letter: walidata and the OPD
        try:
            helpers.call_auth("satudata_data_request_file_download", context,
                              id=request["id"], file_id=letter["id"])
            assert role in {"walidata"} | OPD, role
        except tk.NotAuthorized:
            assert role not in {"walidata"} | OPD, role
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_auth("satudata_data_request_file_download",
                          as_user(people["walidata"]), id=request["id"],
                          file_id="no-such-file")


def test_through_the_http_api(app: Any) -> None:
    people = make_people()
    api = FrozenApi(app)
    request = bring(people, "diajukan")
    for role in ROLES:
        api.headers(people[role])
    before = state()
    body = api.call("satudata_data_request_accept", people["requester"],
                    status=403, id=request["id"])
    assert body["error"]["__type"] == "Authorization Error"
    body = api.call("satudata_data_request_show", people["other_requester"],
                    status=403, id=request["number"])
    assert body["error"]["__type"] == "Authorization Error"
    body = api.call("satudata_data_request_show", None, status=403,
                    id=request["number"])
    assert state() == before
    body = api.call("satudata_data_request_accept", people["walidata"],
                    id=request["id"])
    assert body["result"]["status"] == "diterima"
