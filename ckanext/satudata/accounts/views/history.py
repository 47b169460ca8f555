"""Pages of the login history: each user's "Aktivitas Pengguna" on the
dashboard, and the walidata's page of every account's events with a
filter form and a CSV download."""

from __future__ import annotations

import csv
import io
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user, request
from flask import Blueprint, Response

from ckanext.satudata import roles, spreadsheet
from ckanext.satudata.accounts import config, history
from ckanext.satudata.accounts.logic import schema
from ckanext.satudata.accounts.logic.action.history import history_filters
from ckanext.satudata.messages import N_

__all__ = ["satudata_history"]

satudata_history = Blueprint("satudata_history", __name__)

#: Events on the user's own page.
OWN_LIMIT = 50
#: Events per page of the walidata's table.
PER_PAGE = 50
#: Highest page number the walidata's table answers.
MAX_PAGE = 100_000
#: Most rows in the CSV file (the newest ones).
CSV_MAX_ROWS = 50_000
#: The filter form's fields (the action's parameters of the same names)
#: and their labels.
FIELD_LABELS = {
    "user": N_("User"),
    "kind": N_("Kind of activity"),
    "outcome": N_("Outcome"),
    "since": N_("From date"),
    "until": N_("To date"),
}
FILTERS = tuple(FIELD_LABELS)


def _context() -> dict[str, Any]:
    return {"user": current_user.name, "auth_user_obj": current_user}


def _list(data_dict: dict[str, Any]) -> dict[str, Any]:
    return tk.get_action("satudata_login_history_list")(_context(), data_dict)


def _walidata_only() -> None:
    if current_user.is_anonymous or not roles.is_walidata(current_user.name):
        tk.abort(403, tk._("Only the walidata can see the activity of every account"))


def _page_number() -> int:
    """The ``page`` asked for, from 1 to :data:`MAX_PAGE`, else 404."""
    raw = request.args.get("page", "1").strip()
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        tk.abort(404, tk._("Page not found"))
    return int(raw)


def _filter_args() -> dict[str, str]:
    """The filter form's non-empty fields."""
    found = {}
    for name in FILTERS:
        value = (request.args.get(name) or "").strip()
        if value:
            found[name] = value
    return found


def _field_label(name: str) -> str:
    return tk._(FIELD_LABELS[name]) if name in FIELD_LABELS else name


def _choices(labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(value, tk._(label)) for value, label in labels.items()]


@satudata_history.route("/dashboard/aktivitas-akun")
def own() -> Any:
    """The user's own last events ("Aktivitas Pengguna"), newest first."""
    if current_user.is_anonymous:
        return tk.abort(403, tk._("Log in to see the activity of your account"))
    history.prune_if_due()
    found = _list({"user": current_user.id, "limit": OWN_LIMIT})
    return tk.render("satudata/accounts/history/own.html", {
        "found": found, "limit": OWN_LIMIT,
        "user_dict": {"name": current_user.name,
                      "display_name": current_user.display_name},
    })


@satudata_history.route("/akun/aktivitas")
def index() -> Any:
    """Every account's events (walidata): filters, pages, CSV link."""
    _walidata_only()
    history.prune_if_due()
    page = _page_number()
    args = _filter_args()
    errors: dict[str, Any] = {}
    found: dict[str, Any] = {"count": 0, "items": []}
    try:
        found = _list({**args, "limit": PER_PAGE, "offset": (page - 1) * PER_PAGE})
    except tk.ValidationError as error:
        errors = error.error_dict
    if page > 1 and not errors and not found["items"]:
        return tk.abort(404, tk._("Page not found"))
    pages = max((found["count"] + PER_PAGE - 1) // PER_PAGE, 1)
    return tk.render("satudata/accounts/history/index.html", {
        "found": found, "args": args, "errors": errors,
        "page_number": page, "pages": pages,
        "kinds": _choices(history.KIND_LABELS),
        "outcomes": _choices(history.OUTCOME_LABELS),
        "csv_max_rows": CSV_MAX_ROWS, "days": config.login_history_days(),
        "labels": {name: tk._(label) for name, label in FIELD_LABELS.items()},
    }), 400 if errors else 200


def _csv_header() -> list[str]:
    return [
        tk._("Time ({zone})").format(zone=history.zone().key), tk._("Account name"),
        tk._("Full name"), tk._("Login typed"), tk._("Kind of activity"),
        tk._("Outcome"), tk._("What happened"), tk._("IP address"),
        tk._("Browser (user agent)"),
    ]


def _csv_row(item: dict[str, Any]) -> list[Any]:
    return spreadsheet.csv_row([
        item["created_local"], item["user_name"] or "", item["user_display_name"] or "",
        item["login"], item["kind_label"], item["outcome_label"], item["text"],
        item["ip"], item["user_agent"],
    ])


@satudata_history.route("/akun/aktivitas.csv")
def download() -> Any:
    """The events the filters match (walidata) as a CSV file, the newest
    :data:`CSV_MAX_ROWS`: UTF-8 with a byte order mark (Excel reads it),
    header in the user's language, text that looks like a formula
    neutralised."""
    _walidata_only()
    context = _context()
    data, errors = tk.navl_validate(_filter_args(), schema.login_history_list(),
                                    context)
    if errors:
        return tk.abort(400, "; ".join(
            f"{_field_label(name)}: {' '.join(map(str, messages))}"
            for name, messages in errors.items()
        ))
    tk.check_access("satudata_login_history_list", context, data)
    filters = history_filters(context, data)
    rows = history.events(filters, CSV_MAX_ROWS)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(_csv_header())
    writer.writerows(_csv_row(item) for item in history.items(rows))
    day = history.now().astimezone(history.zone()).strftime("%Y%m%d")
    return Response(buffer.getvalue().encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="aktivitas-pengguna-{day}.csv"',
        "Cache-Control": "no-store",
    })
