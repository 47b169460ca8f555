"""Notifications as the user sees them: a sentence in the user's language
and the page to open (the period, or the queue / the periods to fill for
a reminder)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata.messages import N_, message

Row = dict[str, Any]

KINDS = ("submit", "verify", "return", "publish", "reminder")
TEXTS = {
    "submit": N_("{actor} submitted {title} ({period}) for verification"),
    "verify": N_("{actor} verified {title} ({period}): it waits for publication"),
    "return": N_("{actor} returned {title} ({period}) for correction"),
    "publish": N_("{actor} published {title} ({period})"),
}
#: Kinds other plugins notify of (:func:`register`): kind → (text, link).
_REGISTERED: dict[str, tuple[str, Callable[[Row, bool], str | None]]] = {}


def register(kind: str, text: str,
             link: Callable[[Row, bool], str | None]) -> None:
    """Let another plugin notify of ``kind``: ``text`` is an English msgid
    (``N_``) with ``{actor}``, ``{title}`` and ``{period}``; ``link(row,
    qualified)`` gives the page to open. Its e-mail is the template
    ``satudata/workflow/emails/<kind>.txt``, which that plugin provides."""
    _REGISTERED[kind] = (text, link)


def package_name(row: Row) -> str | None:
    """The dataset's current name (it may have been renamed since), None
    when it is gone."""
    if not row.get("package_id"):
        return None
    package = model.Package.get(row["package_id"])
    if package is None or package.state == "deleted":
        return None
    return package.name


def link(row: Row, qualified: bool = False) -> str | None:
    """The page a notification is about."""
    if row["kind"] in _REGISTERED:
        return _REGISTERED[row["kind"]][1](row, qualified)
    if row["kind"] == "reminder":
        data = row["data"]
        if data.get("due") and not (
            data.get("returns") or data.get("to_verify") or data.get("to_publish")
        ):
            return tk.h.url_for("satudata_indicators.due", qualified=qualified)
        return tk.h.url_for("satudata_workflow.queues", qualified=qualified)
    name = package_name(row)
    if name is None or not row.get("period"):
        return None
    return tk.h.url_for("satudata_indicators.entry", id=name, period=row["period"],
                        qualified=qualified)


def _reminder_part(section: str, num: int) -> str:
    """One section of a reminder as a phrase (each literal here, so that
    the catalogue extraction finds its plural forms)."""
    if section == "returns":
        phrase = tk.ungettext("{num} returned period is past its deadline",
                              "{num} returned periods are past their deadline", num)
    elif section == "due":
        phrase = tk.ungettext("{num} due period is not sent yet",
                              "{num} due periods are not sent yet", num)
    elif section == "to_verify":
        phrase = tk.ungettext("{num} submitted period waits for your verification",
                              "{num} submitted periods wait for your verification",
                              num)
    else:
        phrase = tk.ungettext("{num} verified period waits for publication",
                              "{num} verified periods wait for publication", num)
    return phrase.format(num=num)


def _reminder_text(data: dict[str, Any]) -> str:
    parts = [
        _reminder_part(section, len(data[section]))
        for section in ("returns", "due", "to_verify", "to_publish")
        if data.get(section)
    ]
    return tk._("Reminder: {what}").format(what="; ".join(parts))


def text(row: Row) -> str:
    """The notification as a sentence in the current language."""
    data = row["data"]
    if row["kind"] == "reminder":
        return _reminder_text(data)
    registered = _REGISTERED.get(row["kind"])
    default = registered[0] if registered else "{title} ({period})"
    return message(TEXTS.get(row["kind"], default), {
        "actor": data.get("actor") or tk._("Someone"),
        "title": data.get("title") or "",
        "period": data.get("period_label") or row.get("period") or "",
    })


def item(row: Row) -> dict[str, Any]:
    """A notification as the API returns it."""
    data = row["data"]
    return {
        "id": row["id"],
        "kind": row["kind"],
        "created": row["created"].isoformat(),
        "read": row["read"].isoformat() if row["read"] else None,
        "unread": row["read"] is None,
        "emailed": row["emailed"].isoformat() if row["emailed"] else None,
        "package_id": row["package_id"],
        "package_name": package_name(row),
        "title": data.get("title"),
        "period": row["period"],
        "period_label": data.get("period_label"),
        "actor": data.get("actor"),
        "role": data.get("role"),
        "note": data.get("note") or None,
        "deadline": data.get("deadline"),
        "returns": len(data.get("returns") or []),
        "due": len(data.get("due") or []),
        "to_verify": len(data.get("to_verify") or []),
        "to_publish": len(data.get("to_publish") or []),
        "text": text(row),
        "link": link(row, qualified=True),
    }
