"""The notifications page of the dashboard: the list, "mark all read",
and opening one (marks it read, goes to its page)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

satudata_notifications = Blueprint("satudata_notifications", __name__)
PER_PAGE = 20
#: Highest page number the list answers (offsets stay far below integer limits).
MAX_PAGE = 100_000


def _call(action: str, data: dict[str, Any]) -> Any:
    return tk.get_action(action)({"user": tk.current_user.name}, data)


def _logged_in() -> None:
    if tk.current_user.is_anonymous:
        tk.abort(403, tk._("Log in to see your notifications"))


def _page_number() -> int:
    """The ``page`` asked for: a whole number from 1 to ``MAX_PAGE``, else
    404 (a huge one once overflowed the database's offset)."""
    raw = tk.request.args.get("page", "1").strip()
    if not raw.isdigit() or len(raw) > len(str(MAX_PAGE)):
        tk.abort(404, tk._("Page not found"))
    page = int(raw)
    if not 1 <= page <= MAX_PAGE:
        tk.abort(404, tk._("Page not found"))
    return page


@satudata_notifications.route("/dashboard/notifikasi")
def index() -> str:
    _logged_in()
    page = _page_number()
    found = _call("satudata_notification_list", {
        "limit": PER_PAGE, "offset": (page - 1) * PER_PAGE,
    })
    if page > 1 and (page - 1) * PER_PAGE >= found["count"]:
        tk.abort(404, tk._("Page not found"))
    return tk.render("satudata/workflow/notifications.html", {
        "notifications": found, "page_number": page,
        "has_next": page * PER_PAGE < found["count"],
        "user_dict": {"name": tk.current_user.name},
    })


@satudata_notifications.route("/dashboard/notifikasi/dibaca", methods=["POST"])
def read_all() -> Any:
    _logged_in()
    done = _call("satudata_notification_read", {"all": True})
    if done["marked"]:
        tk.h.flash_success(tk._("All notifications are marked read"))
    return tk.redirect_to("satudata_notifications.index")


@satudata_notifications.route("/dashboard/notifikasi/<id>")
def open_one(id: str) -> Any:
    """Open a notification: it is read now; go to the page it is about."""
    _logged_in()
    try:
        found = _call("satudata_notification_show", {"id": id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return tk.abort(404, tk._("Notification not found"))
    if found["unread"]:
        _call("satudata_notification_read", {"ids": [id]})
    return tk.redirect_to(found["link"] or tk.h.url_for("satudata_notifications.index"))
