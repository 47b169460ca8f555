"""Actions of the notifications: each user's list, marking them read, and
the daily reminder."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata.workflow import inbox, mail, reminder, store
from ckanext.satudata.workflow.logic import schema


def _user(context: Context) -> model.User:
    user = model.User.get(context.get("user") or "")
    if user is None:
        raise tk.NotAuthorized(tk._("Log in first"))
    return user


@tk.side_effect_free
@validate(schema.notification_list)
def satudata_notification_list(context: Context, data_dict: DataDict) -> DataDict:
    """The caller's notifications, newest first: moves of the periods they
    work on (submitted, verified, returned, published) and the daily
    reminder.

    :param limit: how many (default 20, at most 100) (optional)
    :type limit: int
    :param offset: how many to skip (default 0) (optional)
    :type offset: int
    :param unread_only: only those not read yet (default false) (optional)
    :type unread_only: bool
    :returns: ``items`` (each with ``id``, ``kind`` (``submit``,
        ``verify``, ``return``, ``publish``, ``reminder``), ``created``,
        ``read``, ``unread``, ``emailed``, ``package_id``, ``package_name``,
        ``title``, ``period``, ``period_label``, ``actor``, ``role``,
        ``note``, ``deadline``, for a reminder the number of overdue
        ``returns`` and of ``due`` periods, ``text`` (a sentence in the
        user's language) and ``link`` (the page to open)), ``count`` (how
        many match) and ``unread`` (how many are not read)
    :rtype: dictionary
    """
    tk.check_access("satudata_notification_list", context, data_dict)
    user = _user(context)
    rows = store.notifications(user.id, data_dict["limit"], data_dict["offset"],
                               unread_only=data_dict["unread_only"])
    return {
        "items": [inbox.item(row) for row in rows],
        "count": store.notification_count(user.id, data_dict["unread_only"]),
        "unread": store.unread_count(user.id),
    }


@tk.side_effect_free
@validate(schema.notification_show)
def satudata_notification_show(context: Context, data_dict: DataDict) -> DataDict:
    """One of the caller's notifications (as in
    ``satudata_notification_list``).

    :param id: the notification's id
    :type id: string
    :rtype: dictionary
    """
    tk.check_access("satudata_notification_show", context, data_dict)
    found = store.notification(data_dict["id"])
    if found is None or found["user_id"] != _user(context).id:
        raise tk.ObjectNotFound(tk._("Notification not found"))
    return inbox.item(found)


@validate(schema.notification_read)
def satudata_notification_read(context: Context, data_dict: DataDict) -> DataDict:
    """Mark the caller's notifications read.

    :param ids: the notifications to mark (each must be the caller's own)
        (optional)
    :type ids: list of strings
    :param all: mark every notification of the caller (default false)
        (optional)
    :type all: bool
    :returns: ``marked`` (how many were unread and are read now) and
        ``unread`` (how many are left)
    :rtype: dictionary
    """
    tk.check_access("satudata_notification_read", context, data_dict)
    if not data_dict.get("ids") and not data_dict["all"]:
        raise tk.ValidationError({"ids": [tk._(
            "Give the notifications to mark read, or all"
        )]})
    user = _user(context)
    marked = store.mark_read(
        user.id, None if data_dict["all"] else data_dict["ids"]
    )
    if not context.get("defer_commit"):
        model.Session.commit()
    return {"marked": marked, "unread": store.unread_count(user.id)}


def satudata_reminder_send(context: Context, data_dict: DataDict) -> DataDict:
    """Send today's reminder (sysadmins; normally run daily by
    ``ckan satudata-workflow remind``): every operator with returned
    periods past their deadline or due periods not sent yet gets one
    notification, e-mailed by a background job. Once a day per user: a
    second run the same day reminds nobody again.

    :returns: ``reminded``: the names of the users reminded now
    :rtype: dictionary
    """
    tk.check_access("satudata_reminder_send", context, data_dict)
    created = reminder.create()  # committed: the e-mail job reads them
    mail.enqueue(created)
    rows = [store.notification(i) for i in created]
    users = [model.User.get(row["user_id"]) for row in rows if row]
    return {"reminded": sorted(u.name for u in users if u)}
