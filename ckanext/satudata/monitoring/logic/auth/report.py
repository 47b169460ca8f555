"""Auth functions of the periodic reports.

- create, update, generate, finalise, delete: the walidata (an active
  sysadmin counts as walidata);
- show and list: the walidata and the pembina (every report, drafts
  included); OPD staff, institution users, other users and anonymous
  visitors are refused (the report is for the Kepala Daerah and the
  Forum Satu Data, written by the walidata);
- download a report's PDF or Excel file: the walidata any report's, the
  pembina a finalised report's (a draft's files are work in progress).
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import roles
from ckanext.satudata.monitoring.report import store

__all__ = [
    "satudata_monitoring_report_create",
    "satudata_monitoring_report_delete",
    "satudata_monitoring_report_download",
    "satudata_monitoring_report_finalise",
    "satudata_monitoring_report_generate",
    "satudata_monitoring_report_list",
    "satudata_monitoring_report_show",
    "satudata_monitoring_report_update",
]

OK: AuthResult = {"success": True}


def _walidata(context: Context, what: str) -> AuthResult:
    return roles.walidata_only(
        context, tk._("Only the walidata may make and change the periodic reports"))


def _reader(context: Context) -> AuthResult:
    user = context.get("user") or None
    if roles.is_walidata(user) or roles.is_pembina(user):
        return OK
    return {"success": False,
            "msg": tk._("Only the walidata and the pembina see the periodic reports")}


def satudata_monitoring_report_create(context: Context, data_dict: DataDict | None
                                      ) -> AuthResult:
    return _walidata(context, "create")


def satudata_monitoring_report_update(context: Context, data_dict: DataDict | None
                                      ) -> AuthResult:
    return _walidata(context, "change")


def satudata_monitoring_report_generate(context: Context, data_dict: DataDict | None
                                        ) -> AuthResult:
    return _walidata(context, "generate")


def satudata_monitoring_report_finalise(context: Context, data_dict: DataDict | None
                                        ) -> AuthResult:
    return _walidata(context, "finalise")


def satudata_monitoring_report_delete(context: Context, data_dict: DataDict | None
                                      ) -> AuthResult:
    return _walidata(context, "delete")


def satudata_monitoring_report_show(context: Context, data_dict: DataDict | None
                                    ) -> AuthResult:
    return _reader(context)


def satudata_monitoring_report_list(context: Context, data_dict: DataDict | None
                                    ) -> AuthResult:
    return _reader(context)


def satudata_monitoring_report_download(context: Context, data_dict: DataDict | None
                                        ) -> AuthResult:
    """The files of report ``id``: the walidata any, the pembina a final
    report's (no report: the walidata and pembina pass, the view answers
    "not found")."""
    user = context.get("user") or None
    if roles.is_walidata(user):
        return OK
    if roles.is_pembina(user):
        found = store.get(str((data_dict or {}).get("id") or ""))
        if found is None or found["status"] == store.FINAL:
            return OK
        return {"success": False,
                "msg": tk._(
                    "A draft report's files are the walidata's until finalised")}
    return {"success": False,
            "msg": tk._(
                "Only the walidata and the pembina download the periodic reports")}
