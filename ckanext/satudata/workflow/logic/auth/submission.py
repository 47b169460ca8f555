"""Auth functions of the workflow's moves: each edge is for the role the
state machine names (see :mod:`ckanext.satudata.workflow.machine`); the
action then checks the edge that applies to the submission's current
state."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import roles
from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.messages import N_
from ckanext.satudata.workflow import machine

AuthResult = dict[str, Any]

_REFUSALS = {
    "submit": N_("Only operators of this dataset's organization may submit"
                 " its values"),
    "verify": N_("Only the verifikator of this dataset's organization may"
                 " verify its values"),
    "return": N_("Only the verifikator of this dataset's organization or"
                 " walidata may return its values"),
    "publish": N_("Only walidata may publish values"),
}


def _mover(action: str, context: Any, data_dict: dict[str, Any]) -> AuthResult:
    package = indicators.package_or_none((data_dict or {}).get("id"))
    if package is None:
        return {"success": False, "msg": tk._("Dataset not found")}
    held = roles.roles_of(context.get("user"), package)
    if held.intersection(machine.roles_for(action)):
        return {"success": True}
    return {"success": False, "msg": tk._(_REFUSALS[action])}


def satudata_submission_submit(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    return _mover("submit", context, data_dict)


def satudata_submission_verify(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    return _mover("verify", context, data_dict)


def satudata_submission_return(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    return _mover("return", context, data_dict)


def satudata_submission_publish(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    return _mover("publish", context, data_dict)
