"""Auth of the automatic quality checks: whoever reads the submission in
the workflow (operators and the verifikator of the dataset's
organization, walidata); not survey links, nobody else."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import roles
from ckanext.satudata.indicators import api as indicators

AuthResult = dict[str, Any]


def satudata_submission_checks(context: Any, data_dict: dict[str, Any]) -> AuthResult:
    package = indicators.package_or_none((data_dict or {}).get("id"))
    if package is None:
        return {"success": False, "msg": tk._("Dataset not found")}
    if roles.roles_of(context.get("user"), package):
        return {"success": True}
    return {"success": False, "msg": tk._(
        "Only operators and the verifikator of this dataset's organization"
        " and walidata may see its quality checks"
    )}
