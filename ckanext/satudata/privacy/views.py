"""Pages of the personal-data guard: a check in detail
(``/dataset/<id>/privasi?resource_id=…`` or ``?period=…``) with the
walidata's confirm form and the editors' "check again", and the walidata's
list (``/dashboard/privasi``). Every page calls the actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user, request
from flask import Blueprint

__all__ = ["get_blueprints", "satudata_privacy"]

satudata_privacy = Blueprint("satudata_privacy", __name__)


def get_blueprints() -> list[Blueprint]:
    return [satudata_privacy]


def _context() -> dict[str, Any]:
    return {"user": "" if current_user.is_anonymous else current_user.name}


def _subject(id: str, source: Any) -> dict[str, Any]:
    resource_id = source.get("resource_id")
    if resource_id:
        return {"id": resource_id}
    return {"id": id, "period": source.get("period") or ""}


def _messages(error: tk.ValidationError) -> list[str]:
    return [str(text) for texts in (error.error_dict or {}).values()
            for text in (texts if isinstance(texts, list) else [texts])]


@satudata_privacy.route("/dataset/<id>/privasi")
def read(id: str) -> Any:
    subject = _subject(id, request.args)
    try:
        scan = tk.get_action("satudata_privacy_scan_show")(_context(), dict(subject))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this page"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("This has not been checked for personal data"))
    except tk.ValidationError:
        return tk.abort(404, tk._("Not found"))
    return tk.render("satudata/privacy/read.html", {
        "scan": scan, "subject": subject, "id": id,
    })


@satudata_privacy.route("/dataset/<id>/privasi/konfirmasi", methods=["POST"])
def confirm(id: str) -> Any:
    subject = _subject(id, request.form)
    try:
        tk.get_action("satudata_privacy_confirm")(
            _context(), {**subject, "note": request.form.get("note") or ""})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this page"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("This has not been checked for personal data"))
    except tk.ValidationError as error:
        for text in _messages(error):
            tk.h.flash_error(text)
    else:
        tk.h.flash_success(tk._(
            "Confirmed: it is no longer held (a period can now be published)"))
    return tk.redirect_to(_back(id, subject))


@satudata_privacy.route("/dataset/<id>/privasi/periksa-ulang", methods=["POST"])
def rescan(id: str) -> Any:
    subject = _subject(id, request.form)
    try:
        tk.get_action("satudata_privacy_rescan")(_context(), dict(subject))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this page"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Not found"))
    except tk.ValidationError as error:
        for text in _messages(error):
            tk.h.flash_error(text)
    else:
        tk.h.flash_success(tk._("It will be checked again in a moment"))
    return tk.redirect_to(_back(id, subject))


def _back(id: str, subject: dict[str, Any]) -> str:
    if subject.get("period"):
        return tk.h.url_for("satudata_privacy.read", id=id, period=subject["period"])
    return tk.h.url_for("satudata_privacy.read", id=id,
                        resource_id=subject["id"])


@satudata_privacy.route("/dashboard/privasi")
def index() -> Any:
    held = request.args.get("semua") is None
    try:
        found = tk.get_action("satudata_privacy_scan_list")(
            _context(), {"held": held, "limit": 200})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this page"))
    return tk.render("satudata/privacy/index.html", {"found": found, "held": held})
