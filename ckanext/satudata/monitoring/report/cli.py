"""``ckan satudata report generate --period 2026-S2``: the same report as
the "Buat laporan" button (the same actions and service), made here and
now (no background job) by the site user (a sysadmin, so walidata);
``--finalise`` with both texts freezes it at once. The ``ckan satudata``
group is the catalogue plugin's (``catalogue/cli.py``); it imports this
module lazily."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk


def _context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"]}


def _messages(error: tk.ValidationError) -> str:
    return "; ".join(f"{key}: {text}" for key, texts in error.error_dict.items()
                     for text in (texts if isinstance(texts, list) else [texts]))


def generate(period: str, finalise: bool = False, rekomendasi: str | None = None,
             rencana: str | None = None, echo: Callable[[str], Any] = print
             ) -> dict[str, Any]:
    """Create the draft of ``period`` (or take the draft there is), generate
    its files, write the texts given and, with ``finalise``, finalise it.
    Prints the report's id and its files; returns the report.

    :raises ckan.plugins.toolkit.ValidationError: a bad period, a final
        report refused, or texts missing to finalise
    """
    context = _context()
    create = tk.get_action("satudata_monitoring_report_create")
    try:
        report = create(dict(context), {"window": period})
    except tk.ValidationError:
        existing = tk.get_action("satudata_monitoring_report_list")(
            dict(context), {"status": "draft", "window": period, "limit": 1})
        if not existing["results"]:
            raise
        report = existing["results"][0]
        echo(f"Using the draft of {report['window_label']} there is: {report['id']}")
    texts = {key: value for key, value in (("rekomendasi", rekomendasi),
                                           ("rencana", rencana)) if value is not None}
    if texts:
        tk.get_action("satudata_monitoring_report_update")(
            dict(context), {"id": report["id"], **texts})
    report = tk.get_action("satudata_monitoring_report_generate")(
        dict(context), {"id": report["id"], "background": False})
    if finalise:
        report = tk.get_action("satudata_monitoring_report_finalise")(
            dict(context), {"id": report["id"]})
    echo(f"Report {report['id']} ({report['window_label']}, {report['status']})")
    if report.get("number"):
        echo(f"Number: {report['number']}")
    for kind in ("pdf", "xlsx"):
        if report.get(kind):
            found = report[kind]
            echo(f"{kind.upper()}: {found['name']} ({found['size']} bytes)")
    return report


def run(period: str, finalise: bool, rekomendasi: str | None, rencana: str | None,
        echo: Callable[[str], Any], fail: Callable[[str], Any]) -> None:
    """The command: errors become one line for the user (``fail``)."""
    try:
        generate(period, finalise, rekomendasi, rencana, echo)
    except tk.ValidationError as error:
        fail(_messages(error))
