"""Actions of the verification workflow (the public API; see each
docstring)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import roles
from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.validation import validated
from ckanext.satudata.workflow import machine, notify, queues, store, transition
from ckanext.satudata.workflow.logic import schema

DataDict = dict[str, Any]


def _transition_dict(row: DataDict) -> DataDict:
    user = model.User.get(row["user_id"])
    return {
        "id": row["id"],
        "kind": "transition",
        "action": row["action"],
        "from_state": row["from_state"],
        "to_state": row["to_state"],
        "user": user.name if user else None,
        "actor_name": user.display_name if user else "",
        "role": row["role"],
        "timestamp": row["timestamp"].isoformat(),
        "note": row["note"],
        "cell_notes": row["cell_notes"],
        "deadline": row["deadline"].isoformat() if row["deadline"] else None,
        "revision": row["revision"],
    }


def _move(action: str, context: Any, data_dict: DataDict,
          action_schema: dict[str, Any]) -> DataDict:
    tk.check_access(f"satudata_submission_{action}", context, data_dict)
    data = validated(data_dict, action_schema, context)
    package = indicators.package(data["id"])
    user = model.User.get(context.get("user") or "")
    if user is None:
        raise tk.NotAuthorized(tk._("Log in first"))
    deadline = data.get("deadline")
    if isinstance(deadline, dt.datetime):
        deadline = deadline.date()
    try:
        done = transition.move(package, data["period"], transition.Move(
            action=action, user=user, note=data.get("note") or "",
            cell_notes=data.get("cell_notes"), deadline=deadline,
            revision=data.get("revision"),
        ))
    except Exception:
        model.Session.rollback()
        raise
    notifications = done.pop("notifications")
    written = done.pop("written")
    try:
        model.Session.commit()
    except Exception:
        transition.undo(written)  # the state was not saved: nor the rows
        raise
    notify.after_commit(notifications)
    return {**_transition_dict({**done, "timestamp": store.now()}),
            "state": done["to_state"]}


_MOVE_PARAMS = """
    :param id: id or name of the dataset
    :type id: string
    :param period: period id (``2024``, ``2024-S1``, ``2024-Q3``, ``2024-06``)
    :type period: string
    :param note: a note for the record (optional)
    :type note: string
    :param revision: the revision of the values the user looked at; when
        they changed since, the move is refused (optional)
    :type revision: int
    :returns: the transition: ``action``, ``from_state``, ``to_state``,
        ``user``, ``role``, ``timestamp``, ``note``, ``cell_notes``,
        ``deadline``, ``revision`` and the new ``state``
    :rtype: dictionary
"""


def satudata_submission_submit(context: Any, data_dict: DataDict) -> DataDict:
    return _move("submit", context, data_dict, schema.move())


def satudata_submission_verify(context: Any, data_dict: DataDict) -> DataDict:
    return _move("verify", context, data_dict, schema.move())


def satudata_submission_return(context: Any, data_dict: DataDict) -> DataDict:
    return _move("return", context, data_dict, schema.move_return())


def satudata_submission_publish(context: Any, data_dict: DataDict) -> DataDict:
    return _move("publish", context, data_dict, schema.move())


satudata_submission_submit.__doc__ = """Send a draft (or a returned
    submission) to the OPD's verifikator (operators of the dataset's
    organization). Refused when nothing has been filled.
""" + _MOVE_PARAMS
satudata_submission_verify.__doc__ = """Approve a submitted period (the
    verifikator, i.e. admin, of the dataset's organization). With
    ``ckanext.satudata.separation_of_duties`` on (the default) whoever
    entered values of the period cannot verify it.
""" + _MOVE_PARAMS
satudata_submission_return.__doc__ = """Send a period back to the
    operators with what to correct: by the verifikator when it is
    submitted, by walidata when it is verified. The note is required.
""" + _MOVE_PARAMS + """
    :param cell_notes: notes on single cells, ``{row code: {component
        code: note}}`` (optional)
    :type cell_notes: dictionary
    :param deadline: date by which to correct it (``YYYY-MM-DD``; default
        ``ckanext.satudata.return_deadline_days`` from today)
    :type deadline: string
"""
satudata_submission_publish.__doc__ = """Publish a verified period
    (walidata): its values are written to the dataset's DataStore table
    and appear on the dataset page, in the downloads and the API. Published
    values are not edited again (a change request changes them).
""" + _MOVE_PARAMS


@tk.chained_action
@tk.side_effect_free
def satudata_submission_show(
    up_func: Any, context: Any, data_dict: DataDict
) -> DataDict:
    result = up_func(context, data_dict)
    package = indicators.package(result["package_id"])
    held = roles.roles_of(context.get("user"), package)
    result["allowed_actions"] = machine.allowed(result["state"], held)
    result["return"] = None
    if result["id"] and result["state"] == "returned":
        found = store.last_transitions([result["id"]], "returned").get(result["id"])
        if found:
            result["return"] = _transition_dict(found)
            result["return"]["overdue"] = bool(
                found["deadline"] and found["deadline"] < dt.date.today()
            )
    return result


satudata_submission_show.__doc__ = (
    "The values filled for one dataset and period, with the workflow's"
    " ``allowed_actions`` (what the caller may do now: submit, verify,"
    " return, publish) and, when the period is returned, ``return``"
    " (``note``, ``cell_notes``, ``deadline``, ``overdue``, who and when).\n"
)


@tk.chained_action
@tk.side_effect_free
def satudata_submission_history(
    up_func: Any, context: Any, data_dict: DataDict
) -> list[DataDict]:
    changes = up_func(context, data_dict)
    package = indicators.package(data_dict.get("id"))

    row = indicators.submission_row(package.id, str(data_dict.get("period")))
    moves = [_transition_dict(t) for t in store.transitions(row["id"])] if row else []
    return sorted([*changes, *moves], key=lambda item: item["timestamp"],
                  reverse=True)


satudata_submission_history.__doc__ = (
    "Every save, import and workflow move of one dataset and period, newest"
    " first. Value changes have ``kind`` ``values`` (see indicator entry);"
    " moves have ``kind`` ``transition`` with ``action``, ``from_state``,"
    " ``to_state``, ``user``, ``role``, ``note``, ``cell_notes`` and"
    " ``deadline``.\n"
)


@tk.side_effect_free
def satudata_queue_list(context: Any, data_dict: DataDict) -> DataDict:
    """What waits for the user, per role they hold.

    :returns: ``operator`` (drafts and returned periods of the OPDs where
        the user is editor; returned ones with ``deadline`` and
        ``overdue``), ``verifikator`` (submitted periods of the OPDs where
        the user is admin) and ``walidata`` (verified periods waiting for
        final verification, grouped per OPD: ``organization``,
        ``organization_title``, ``items``); a key is present only for a
        role the user holds
    :rtype: dictionary
    """
    tk.check_access("satudata_queue_list", context, data_dict)
    validated(data_dict, schema.queue_list(), context)
    return queues.for_user(context.get("user"))
