"""The conventions every action of the satudata plugins follows (issue 13):
its own docstring in ``help_show``, ``:param:`` documentation, and a
missing required parameter answered as a validation error naming it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import ckan.plugins as p
import pytest
from ckan.tests import factories, helpers

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

#: Actions that take no parameter (so have no ``:param``).
NO_PARAMETERS = {
    "satudata_locked_account_list",
    "satudata_portal_stats",
    "satudata_queue_list",
    "satudata_reminder_send",
    "satudata_vocabulary_list",
}


def _ours(name: str) -> bool:
    return name.startswith("satudata_") or name == "member_roles_list"


def _registered() -> dict[str, Callable[..., Any]]:
    """Our actions, each the function CKAN calls first: for a chained
    action the first plugin's (CKAN chains them in plugin order, the
    first outermost), else the one that implements it."""
    chained: dict[str, list[Callable[..., Any]]] = {}
    plain: dict[str, Callable[..., Any]] = {}
    for plugin in p.PluginImplementations(p.IActions):
        for name, function in plugin.get_actions().items():
            if not _ours(name):
                continue
            if getattr(function, "chained_action", False):
                chained.setdefault(name, []).append(function)
            else:
                plain[name] = function
    return {**plain, **{name: found[0] for name, found in chained.items()}}


def test_every_action_is_found():
    found = _registered()
    assert {"member_roles_list", "satudata_submission_show",
            "satudata_submission_history", "satudata_submission_checks",
            "satudata_vocabulary_show", "satudata_search_status",
            "satudata_published_show", "satudata_notification_list"} <= set(found)


def test_help_show_gives_each_actions_own_docstring():
    wrong = {}
    for name, function in sorted(_registered().items()):
        own = function.__doc__
        shown = helpers.call_action("help_show", name=name)
        if not own or not own.strip() or shown != own or "partial" in shown:
            wrong[name] = shown
    assert not wrong
    # functools.partial's own docstring, which CKAN's chaining used to show
    assert "partial" in (functools.partial.__doc__ or "")


def test_every_action_documents_its_parameters():
    undocumented = [
        name for name, function in sorted(_registered().items())
        if name not in NO_PARAMETERS and ":param" not in (function.__doc__ or "")
    ]
    assert not undocumented
    for name in NO_PARAMETERS:
        # not validated against a schema: it has no parameter
        assert not hasattr(_registered()[name], "__wrapped__"), name


def _taking_id() -> list[str]:
    return sorted(
        name for name, function in _registered().items()
        if name.startswith("satudata_") and ":param id:" in (function.__doc__ or "")
    )


@pytest.mark.parametrize("who", ["sysadmin", "user"])
def test_missing_id_is_a_validation_error_naming_it(app, who):
    user = factories.Sysadmin() if who == "sysadmin" else factories.User()
    token = factories.APIToken(user=user["name"])["token"]
    names = _taking_id()
    assert "satudata_submission_show" in names and "satudata_wilayah_show" in names
    wrong = {}
    for name in names:
        response = app.post(f"/api/3/action/{name}", json={},
                            headers={"Authorization": token})
        error = response.json.get("error") or {}
        if (response.status_code != 409
                or error.get("__type") != "Validation Error" or "id" not in error):
            wrong[name] = (response.status_code, error)
    assert not wrong
