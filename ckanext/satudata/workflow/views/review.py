"""Workflow pages: the moves on a period (submit, verify, return,
publish), the return form with notes per cell, and each role's queue."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

satudata_workflow = Blueprint("satudata_workflow", __name__)
_SEP = "|"
# URL words (Indonesian, like the other pages) → actions
MOVES = {"kirim": "submit", "verifikasi": "verify", "terbitkan": "publish"}
DONE = {
    "submit": "Sent to the verifikator",
    "verify": "Verified: sent to walidata",
    "return": "Returned to the operators",
    "publish": "Published",
}


def _context() -> dict[str, Any]:
    return {"user": "" if tk.current_user.is_anonymous else tk.current_user.name}


def _call(action: str, data: dict[str, Any]) -> Any:
    return tk.get_action(action)(_context(), data)


def _page_data(id: str, period: str) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        pkg = _call("package_show", {"id": id})
        submission = _call("satudata_submission_show", {"id": pkg["id"],
                                                        "period": period})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only operators of this dataset's organization"
                                  " and walidata may fill its values"))
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("Not found"))
    return pkg, submission


def _messages(error: tk.ValidationError) -> str:
    return " ".join(
        str(m) for ms in error.error_dict.values()
        for m in (ms if isinstance(ms, list) else [ms])
    )


def _back(pkg: dict[str, Any], period: str) -> Any:
    return tk.redirect_to("satudata_indicators.entry", id=pkg["name"], period=period)


@satudata_workflow.route("/dataset/<id>/isian/<period>/<move>", methods=["POST"])
def move(id: str, period: str, move: str) -> Any:
    action = MOVES.get(move)
    if action is None:
        return tk.abort(404, tk._("Not found"))
    pkg, _submission = _page_data(id, period)
    form = tk.request.form
    try:
        _call(f"satudata_submission_{action}", {
            "id": pkg["id"], "period": period, "note": form.get("note", ""),
            "revision": form.get("revision") or None,
        })
    except tk.NotAuthorized as error:
        tk.h.flash_error(str(error) or tk._("Not authorized"))
    except tk.ValidationError as error:
        tk.h.flash_error(_messages(error))
    else:
        tk.h.flash_success(tk._(DONE[action]))
    return _back(pkg, period)


def _cell_notes(form: Any) -> dict[str, dict[str, str]]:
    notes: dict[str, dict[str, str]] = {}
    for key, text in form.items():
        parts = key.split(_SEP, 2)
        if len(parts) == 3 and parts[0] == "n" and text.strip():
            notes.setdefault(parts[1], {})[parts[2]] = text
    return notes


@satudata_workflow.route("/dataset/<id>/isian/<period>/kembalikan",
                         methods=["GET", "POST"])
def return_form(id: str, period: str) -> Any:
    pkg, submission = _page_data(id, period)
    if "return" not in submission["allowed_actions"]:
        return tk.abort(403, tk._("You cannot return this period now"))
    errors: dict[str, Any] = {}
    form = tk.request.form
    if tk.request.method == "POST":
        try:
            _call("satudata_submission_return", {
                "id": pkg["id"], "period": period, "note": form.get("note", ""),
                "deadline": form.get("deadline") or None,
                "cell_notes": _cell_notes(form),
                "revision": form.get("revision") or None,
            })
        except tk.NotAuthorized as error:
            tk.h.flash_error(str(error) or tk._("Not authorized"))
            return _back(pkg, period)
        except tk.ValidationError as error:
            errors = error.error_dict
        else:
            tk.h.flash_success(tk._(DONE["return"]))
            return _back(pkg, period)
    return tk.render("satudata/workflow/return.html", {
        "pkg_dict": pkg, "pkg": pkg, "submission": submission,
        "errors": errors, "form": form, "sep": _SEP,
    })


@satudata_workflow.route("/dashboard/verifikasi")
def queues() -> str:
    if tk.current_user.is_anonymous:
        return tk.abort(403, tk._("Log in to see what waits for you"))
    return tk.render("satudata/workflow/queues.html", {
        "queues": _call("satudata_queue_list", {}),
        "user_dict": {"name": tk.current_user.name},
    })
