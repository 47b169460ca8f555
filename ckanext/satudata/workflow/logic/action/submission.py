"""Actions moving a submission through the workflow, and the workflow's
additions to indicator entry's ``satudata_submission_show`` and
``satudata_submission_history`` (chained on them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata import roles
from ckanext.satudata.actions import chained_action
from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.workflow import machine, notify, store, transition
from ckanext.satudata.workflow.logic import schema


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


def _move(action: str, context: Context, data_dict: DataDict) -> DataDict:
    """Check access, then move the (validated) period with ``action``."""
    tk.check_access(f"satudata_submission_{action}", context, data_dict)
    package = indicators.package(data_dict["id"])
    user = model.User.get(context.get("user") or "")
    if user is None:
        raise tk.NotAuthorized(tk._("Log in first"))
    deadline = data_dict.get("deadline")
    if isinstance(deadline, dt.datetime):
        deadline = deadline.date()
    try:
        done = transition.move(package, data_dict["period"], transition.Move(
            action=action, user=user, note=data_dict.get("note") or "",
            cell_notes=data_dict.get("cell_notes"), deadline=deadline,
            revision=data_dict.get("revision"),
        ))
    except Exception:
        model.Session.rollback()
        raise
    notifications = done.pop("notifications")
    written = done.pop("written")
    # Always committed, defer_commit or not: transition.move holds the
    # submission row locked (SELECT ... FOR UPDATE) until the commit, and
    # the notifications and the DataStore rows follow the committed state.
    try:
        model.Session.commit()
    except Exception:
        transition.undo(written)  # the state was not saved: nor the rows
        raise
    notify.after_commit(notifications)
    return {**_transition_dict({**done, "timestamp": store.now()}),
            "state": done["to_state"]}


@validate(schema.move)
def satudata_submission_submit(context: Context, data_dict: DataDict) -> DataDict:
    """Send a draft (or a returned submission) to the OPD's verifikator
    (operators of the dataset's organization). Refused when nothing has
    been filled.

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
    return _move("submit", context, data_dict)


@validate(schema.move)
def satudata_submission_verify(context: Context, data_dict: DataDict) -> DataDict:
    """Approve a submitted period (the verifikator, i.e. admin, of the
    dataset's organization). With ``ckanext.satudata.separation_of_duties``
    on (the default) whoever entered values of the period cannot verify it.

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
    return _move("verify", context, data_dict)


@validate(schema.move_return)
def satudata_submission_return(context: Context, data_dict: DataDict) -> DataDict:
    """Send a period back to the operators with what to correct: by the
    verifikator when it is submitted, by walidata when it is verified. The
    note is required.

    :param id: id or name of the dataset
    :type id: string
    :param period: period id (``2024``, ``2024-S1``, ``2024-Q3``, ``2024-06``)
    :type period: string
    :param note: what to correct
    :type note: string
    :param revision: the revision of the values the user looked at; when
        they changed since, the move is refused (optional)
    :type revision: int
    :param cell_notes: notes on single cells, ``{row code: {component
        code: note}}`` (optional)
    :type cell_notes: dictionary
    :param deadline: date by which to correct it (``YYYY-MM-DD``; default
        ``ckanext.satudata.return_deadline_days`` from today)
    :type deadline: string
    :returns: the transition: ``action``, ``from_state``, ``to_state``,
        ``user``, ``role``, ``timestamp``, ``note``, ``cell_notes``,
        ``deadline``, ``revision`` and the new ``state``
    :rtype: dictionary
    """
    return _move("return", context, data_dict)


@validate(schema.move)
def satudata_submission_publish(context: Context, data_dict: DataDict) -> DataDict:
    """Publish a verified period (walidata): its values are written to the
    dataset's DataStore table and appear on the dataset page, in the
    downloads and the API. Published values are not edited again (a change
    request changes them).

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
    return _move("publish", context, data_dict)


@chained_action
@tk.side_effect_free
def satudata_submission_show(
    up_func: Any, context: Context, data_dict: DataDict
) -> DataDict:
    """The values filled for one dataset and period (drafts are for the
    operators of its organization, walidata and holders of a live survey
    link for that period, who see only the link's rows), with the
    workflow's ``allowed_actions`` and, when the period is returned,
    ``return``.

    :param id: id or name of the dataset
    :type id: string
    :param period: period id (``2024``, ``2024-S1``, ``2024-Q3``, ``2024-06``)
    :type period: string
    :param token: a survey link's token (optional, instead of logging in)
    :type token: string
    :returns: what indicator entry returns (``state``, ``values``,
        ``kode_referensi``, ``sumber_data``, ``revision``, ``components``,
        ``rows``, ``missing_required``), plus ``allowed_actions`` (what the
        caller may do now: submit, verify, return, publish) and ``return``
        (``note``, ``cell_notes``, ``deadline``, ``overdue``, who and when;
        null unless the period is returned); with a token no actions and no
        ``return``
    :rtype: dictionary
    """
    result = up_func(context, data_dict)
    if data_dict.get("token"):
        # a survey link sees its rows' values only: no moves, nothing of
        # the review (notes on other rows, staff names)
        return {**result, "allowed_actions": [], "return": None}
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


@chained_action
@tk.side_effect_free
def satudata_submission_history(
    up_func: Any, context: Context, data_dict: DataDict
) -> list[DataDict]:
    """Every save, import and workflow move of one dataset and period,
    newest first.

    :param id: id or name of the dataset
    :type id: string
    :param period: period id (``2024``, ``2024-S1``, ``2024-Q3``, ``2024-06``)
    :type period: string
    :returns: value changes with ``kind`` ``values`` (``revision``,
        ``timestamp``, ``user``, ``actor_name``, ``role``,
        ``survey_link_id``, ``source``, ``changes``, ``details``: see
        indicator entry) and moves with ``kind`` ``transition``
        (``action``, ``from_state``, ``to_state``, ``user``,
        ``actor_name``, ``role``, ``timestamp``, ``note``, ``cell_notes``,
        ``deadline``, ``revision``)
    :rtype: list of dictionaries
    """
    changes = up_func(context, data_dict)
    package = indicators.package(data_dict.get("id"))

    row = indicators.submission_row(package.id, str(data_dict.get("period")))
    moves = [_transition_dict(t) for t in store.transitions(row["id"])] if row else []
    return sorted([*changes, *moves], key=lambda item: item["timestamp"],
                  reverse=True)
