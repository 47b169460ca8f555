"""Bad input never breaks an action: fuzzing every action of our plugins.

Every ``satudata_*`` action and every core action our plugins chain (the
DataStore and resource guards, ``bulk_update_public``, the tag actions,
``member_roles_list``) is called through the HTTP Action API (POST JSON)
with generated bad input — wrong types, huge and negative numbers, lists
and objects nested 200 deep, empty and 100 KB strings, unknown keys,
null — as anonymous, an operator, walidata and a sysadmin. No call may
answer 500, and a refused call (any status but 200) may not change a
stored row (our tables, CKAN's dataset and resource tables, the
published DataStore rows). Calls that succeed with odd but valid input
are fine.

The input is generated from a fixed seed and bounded (a sample of cases
per action and user), so the run is the same every time and takes well
under a minute.

Before the fixes this test failed with 500s: ids and periods holding a
NUL character (PostgreSQL refuses them) in most ``satudata_*`` actions,
a notification ``limit``/``offset`` that is blank or no number, a
sysadmin's save with a dead token, ids that are numbers, lists or objects
in the chained core actions (``resource_*``, ``package_update``,
``tag_show``, ``member_roles_list``, ``bulk_update_public``,
``datastore_run_triggers`` without ``resource_id``), and — the regression
case below — ``satudata_survey_link_create`` with ``"rows": [{}]``.

CKAN's own ``package_show`` answered 500 to an ``id`` that is an object
or to a ``use_default_schema`` that is no boolean; the access plugin now
chains it (``test_package_show_input.py``), so it is fuzzed here too.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from typing import Any

import ckan.plugins as p
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from ckanext.satudata.workflow import store
from tests.indicators.support import Api, as_user
from tests.workflow.support import to_state, workflow_state

pytestmark = pytest.mark.usefixtures(
    "clean_db", "clean_datastore", "clean_redis", "with_plugins",
)

SEED = 14
CASES_PER_CALL = 10
USERS = ("anonymous", "operator", "walidata", "sysadmin")
#: Core actions to fuzz besides those our plugins register.
EXTRA: tuple[str, ...] = ()
HUGE = 10**20


def _deep_list(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def _deep_dict(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = {"a": value}
    return value


BAD: tuple[Any, ...] = (
    None, HUGE, -HUGE, -1, 2**63, 2**31, 1.5, float("1e308"), True, False,
    "", " ", "x" * 100_000, "\x00", "' OR 1=1 --", "../../etc/passwd",
    "🙂" * 10, "2024-S1", "9999-99-99", [], {}, [{}], [[]], [None],
    {"a": {"b": [1, {"c": None}]}}, ["a"] * 1000, _deep_list(200),
    _deep_dict(200),
)


def _ours() -> list[str]:
    names = set(EXTRA)
    for plugin in p.PluginImplementations(p.IActions):
        if type(plugin).__module__.startswith("ckanext.satudata"):
            names.update(plugin.get_actions())
    return sorted(names)


def _params(action: str) -> list[str]:
    doc = tk.get_action(action).__doc__ or ""
    found = re.findall(r":param (\w+):", doc)
    return list(dict.fromkeys(found)) or ["id"]


def _plausible(people: dict[str, Any], resource_id: str,
               link: dict[str, Any]) -> dict[str, Any]:
    """A value of the right kind per parameter name, so that a case gets
    past the first check and reaches deeper code."""
    dataset = people["dataset"]
    return {
        "id": dataset["id"], "package_id": dataset["id"], "name": dataset["name"],
        "period": "2024-S2", "token": link["token"], "resource_id": resource_id,
        "organization": people["organization"]["name"],
        "org_id": people["organization"]["id"], "datasets": [dataset["id"]],
        "label": "Surveyor", "expires": (
            dt.date.today() + dt.timedelta(days=3)
        ).isoformat(),
        "rows": ["33.74.05"], "values": {"33.74.05": {"perempuan": 1}},
        "note": "Catatan", "revision": 0, "limit": 5, "offset": 0,
        "q": "penduduk", "query": "pen", "vocabulary_id": "kategori",
        "group_type": "organization", "records": [], "filters": {},
        "fields": [], "method": "upsert", "force": True, "ids": [],
    }


def _cases(rng: random.Random, params: list[str],
           plausible: dict[str, Any]) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = [
        {}, {"zz_unknown": "x"}, {name: None for name in params},
        {name: {} for name in params},
    ]
    while len(cases) < CASES_PER_CALL:
        bad = rng.choice(params)
        data = {
            name: plausible[name] for name in params
            if name != bad and name in plausible and rng.random() < 0.8
        }
        data[bad] = rng.choice(BAD)
        if rng.random() < 0.2:
            data[f"zz_{rng.randrange(100)}"] = rng.choice(BAD)
        cases.append(data)
    return cases


def _stored(resource_id: str) -> dict[str, Any]:
    state = workflow_state()
    for table in (model.package_table, model.member_table, model.group_table):
        rows = model.Session.execute(sa.select(table)).mappings().all()
        state[table.name] = sorted(
            json.dumps(dict(row), sort_keys=True, default=str) for row in rows
        )
    records = helpers.call_action(
        "datastore_search", {"ignore_auth": True}, resource_id=resource_id,
        limit=1000, sort="periode, kode_wilayah",
    )["records"]
    state["datastore"] = [json.dumps(records, sort_keys=True, default=str)]
    model.Session.remove()
    return state


def _summary(data: dict[str, Any]) -> str:
    text = json.dumps(data, default=str)
    return text if len(text) < 200 else text[:200] + "…"


def test_no_action_answers_500_or_writes_when_refusing(
    app: Any, people: dict[str, Any],
) -> None:
    api = Api(app)
    to_state(people, "published")
    found = store.publication(people["dataset"]["id"])
    assert found is not None
    resource_id = found["resource_id"]
    link = helpers.call_action(
        "satudata_survey_link_create", as_user(people["operator"]),
        id=people["dataset"]["id"], period="2024-S2", label="Survei",
        expires=(dt.date.today() + dt.timedelta(days=3)).isoformat(),
    )
    plausible = _plausible(people, resource_id, link)
    rng = random.Random(SEED)
    failures: list[str] = []
    stored = _stored(resource_id)
    calls = 0
    for action in _ours():
        params = _params(action)
        for who in USERS:
            user = None if who == "anonymous" else people[who]
            headers = api.headers(user)
            for data in _cases(rng, params, plausible):
                response = app.post(f"/api/3/action/{action}", json=data,
                                    headers=headers)
                calls += 1
                if response.status_code >= 500:
                    failures.append(f"{response.status_code} {action} as {who}:"
                                    f" {_summary(data)}")
                    stored = _stored(resource_id)
                    continue
                now = _stored(resource_id)
                if response.status_code != 200 and now != stored:
                    changed = sorted(t for t in now if now[t] != stored.get(t))
                    failures.append(f"refused {action} as {who} changed"
                                    f" {changed}: {_summary(data)}")
                stored = now
    assert calls > 1000
    assert not failures, "\n".join(failures)


#: Inputs that answered 500 before (issue 14, item 11), each a 409 now.
REGRESSIONS = [
    ("satudata_survey_link_create", {"rows": [{}]}, "rows"),
    ("satudata_survey_link_create", {"rows": [["33.74.05"]]}, "rows"),
    ("satudata_survey_link_create", {"rows": {"a": 1}}, "rows"),
    ("satudata_submission_show", {"id": "\x00"}, "id"),
    ("satudata_notification_list", {"offset": " "}, None),
    ("satudata_notification_list", {"limit": "abc"}, "limit"),
    ("tag_show", {"id": {}}, "id"),
    ("resource_delete", {"id": 1.5}, "id"),
    ("datastore_run_triggers", {}, "resource_id"),
]


@pytest.mark.parametrize(("action", "bad", "field"), REGRESSIONS)
def test_known_bad_input_is_a_validation_error(
    app: Any, people: dict[str, Any], action: str, bad: dict[str, Any],
    field: str | None,
) -> None:
    api = Api(app)
    data = {
        "id": people["dataset"]["id"], "period": "2024-S1", "label": "Survei",
        "expires": (dt.date.today() + dt.timedelta(days=3)).isoformat(), **bad,
    }
    if not action.startswith("satudata_s"):
        data = bad
    before = workflow_state()
    response = app.post(f"/api/3/action/{action}", json=data,
                        headers=api.headers(people["sysadmin"]))
    if field is None:
        assert response.status_code == 200, response.get_json()
        return
    assert response.status_code == 409, response.get_json()
    assert field in response.get_json()["error"]
    assert workflow_state() == before
