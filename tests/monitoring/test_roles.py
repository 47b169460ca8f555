"""Every monitoring action and every role: the walidata and the pembina see
every OPD, an OPD's operators and verifikator their own, nobody else
anything; the refresh is the walidata's (refused: nothing changed)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import helpers

from ckanext.satudata.monitoring.model import period_table
from tests.indicators.support import as_user
from tests.monitoring.support import build

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_datastore")

ROLES = ("anonymous", "public", "operator", "verifikator", "other_operator",
         "walidata", "pembina", "sysadmin")


@pytest.fixture
def fixture() -> dict[str, Any]:
    found = build()
    d, k = found["disdukcapil"], found["dinkes"]
    found.update(operator=d["operator"], verifikator=d["verifikator"],
                 other_operator=k["operator"], anonymous=None)
    return found


def _call(action: str, user: dict[str, Any] | None, **data: Any) -> Any:
    try:
        return helpers.call_action(action, as_user(user), **data)
    except helpers.logic.NotAuthorized:
        return "refused"


def _names(result: Any) -> Any:
    if result == "refused":
        return result
    return sorted(row["name"] for row in result["organizations"])


SUMMARY = {
    "anonymous": "refused", "public": "refused",
    "operator": ["disdukcapil"], "verifikator": ["disdukcapil"],
    "other_operator": ["dinkes"],
    "walidata": ["dinkes", "disdukcapil"], "pembina": ["dinkes", "disdukcapil"],
    "sysadmin": ["dinkes", "disdukcapil"],
}
#: role -> (may see disdukcapil, may see dinkes)
ORGANIZATION = {
    "anonymous": (False, False), "public": (False, False),
    "operator": (True, False), "verifikator": (True, False),
    "other_operator": (False, True), "walidata": (True, True),
    "pembina": (True, True), "sysadmin": (True, True),
}


def test_read_actions_by_role(fixture: dict[str, Any]) -> None:
    """One fixture for every role (it takes seconds to build)."""
    seen = {}
    for role in ROLES:
        user = fixture[role]
        seen[role] = _names(_call("satudata_monitoring_summary", user, window="2024"))
        own, other = ORGANIZATION[role]
        for name, allowed in (("disdukcapil", own), ("dinkes", other)):
            result = _call("satudata_monitoring_organization", user, id=name,
                           window="2024")
            if allowed:
                assert result["organization"]["name"] == name, role
                assert {item["organization"] for item in result["problems"]} == {
                    name}, role
            else:
                assert result == "refused", (role, name)
        # an OPD filter outside the user's OPDs is refused too
        result = _call("satudata_monitoring_summary", user, window="2024",
                       organization="dinkes")
        assert (result != "refused") == other, role
    assert seen == SUMMARY


def _facts() -> list[Any]:
    return [tuple(row) for row in model.Session.execute(
        sa.select(period_table.c.package_id, period_table.c.period,
                  period_table.c.refreshed).order_by(period_table.c.package_id,
                                                     period_table.c.period))]


def test_refresh_by_role(fixture: dict[str, Any]) -> None:
    before = _facts()
    for role in ROLES:
        if role in ("walidata", "sysadmin"):
            continue
        result = _call("satudata_monitoring_refresh", fixture[role], background=False)
        assert result == "refused", role
        assert _facts() == before, role
    for role in ("walidata", "sysadmin"):
        result = _call("satudata_monitoring_refresh", fixture[role], background=False)
        after = _facts()
        # rewritten up to today's periods (the fixture was built in 2024-25)
        assert result["rows"] == len(after) >= len(before) > 0, role
        assert after != before, role
        before = after


def test_bad_window(fixture: dict[str, Any]) -> None:
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action("satudata_monitoring_summary",
                            as_user(fixture["walidata"]), window="2024-13")
    assert "window" in error.value.error_dict
