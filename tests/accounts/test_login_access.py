"""Every account-security action by every role (issue 15): allowed
exactly where stated, otherwise refused with nothing changed."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.logic import NotAuthorized
from ckan.tests import helpers

from ckanext.satudata.accounts import devices, lockout, sessions
from ckanext.satudata.accounts.model import account_table, trusted_device_table

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_redis")

ROLES = ("anonymous", "operator", "verifikator", "walidata", "pembina", "sysadmin",
         "other_operator")
WALIDATA = {"walidata", "sysadmin"}


def _context(people: dict[str, Any], role: str) -> dict[str, Any]:
    name = "" if role == "anonymous" else people[role]["name"]
    return {"user": name, "ignore_auth": False}


def _state(user_id: str) -> tuple[Any, ...]:
    """What the actions may change about an account."""
    after = model.Session.execute(sa.select(account_table).where(
        account_table.c.user_id == user_id)).first()
    trusted = model.Session.execute(sa.select(trusted_device_table.c.revoked).where(
        trusted_device_table.c.user_id == user_id)).all()
    return (tuple(after) if after else None, tuple(trusted),
            lockout.is_locked(user_id))


def _prepare(target: dict[str, Any]) -> None:
    """A locked account with a trusted device."""
    import datetime as dt

    now = dt.datetime.now(dt.timezone.utc)
    model.Session.execute(sa.insert(trusted_device_table).values(
        id="device-1", user_id=target["id"], created=now,
        expires=now + dt.timedelta(days=30)))
    model.Session.commit()
    key = lockout.key_for(model.User.get(target["id"]))
    for _ in range(10):
        lockout.fail(key)
    assert lockout.is_locked(target["id"])


CASES = {
    # action: (data for the target, roles allowed)
    "satudata_account_unlock": (lambda t: {"id": t["name"]}, WALIDATA),
    "satudata_locked_account_list": (lambda t: {}, WALIDATA),
    "satudata_account_security_show": (lambda t: {"user": t["name"]}, WALIDATA),
    "satudata_sessions_end": (lambda t: {"user": t["name"]}, WALIDATA),
    "satudata_trusted_device_revoke": (lambda t: {"user": t["name"]}, WALIDATA),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(CASES))
def test_action_by_role_on_another_account(people, role, action):
    target = people["public"]
    _prepare(target)
    data, allowed = CASES[action]
    before = _state(target["id"])
    if role in allowed:
        helpers.call_action(action, _context(people, role), **data(target))
        if action in ("satudata_account_unlock", "satudata_sessions_end",
                      "satudata_trusted_device_revoke"):
            assert _state(target["id"]) != before
    else:
        with pytest.raises(NotAuthorized):
            helpers.call_action(action, _context(people, role), **data(target))
        assert _state(target["id"]) == before


@pytest.mark.parametrize("role", ROLES[1:] + ("public",))
def test_everyone_manages_their_own_account(people, role):
    me = people[role]
    context = {"user": me["name"], "ignore_auth": False}
    shown = helpers.call_action("satudata_account_security_show", context)
    assert shown["user"] == me["name"]
    helpers.call_action("satudata_account_security_update", dict(context),
                        otp_opt_in=True)
    assert sessions.otp_opt_in(me["id"])
    helpers.call_action("satudata_trusted_device_revoke", dict(context))
    helpers.call_action("satudata_sessions_end", dict(context))
    assert sessions.sessions_after(me["id"]) is not None
    assert devices.listed(me["id"]) == []


def test_anonymous_has_no_own_account(people):
    for action in ("satudata_account_security_show", "satudata_sessions_end",
                   "satudata_trusted_device_revoke"):
        with pytest.raises(NotAuthorized):
            helpers.call_action(action, {"user": "", "ignore_auth": False})
    with pytest.raises(NotAuthorized):
        helpers.call_action("satudata_account_security_update",
                            {"user": "", "ignore_auth": False}, otp_opt_in=True)
