"""Action functions of the accounts plugin: history (the login history,
"Aktivitas Pengguna")."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata import roles
from ckanext.satudata.accounts import history
from ckanext.satudata.accounts.logic import schema

__all__ = ["satudata_login_history_list"]


def history_filters(context: Context, data_dict: DataDict) -> history.Filters:
    """The :class:`history.Filters` of validated ``data_dict`` for the
    caller of ``context`` (whose access was checked): ``user`` names an
    account (id, name or e-mail), or for the walidata the login typed for
    an unknown one; without ``user`` the caller's own events, or every
    event for the walidata."""
    caller = model.User.get(context.get("user") or "")
    if caller is None:
        raise tk.NotAuthorized(tk._("Log in first"))
    walidata = roles.is_walidata(caller)
    target: str | None = data_dict.get("user")
    user_id: str | None = None
    login: str | None = None
    if target:
        account = model.User.get(target)
        if account is None and "@" in target:
            account = model.User.by_email(target)
        if account is not None:
            user_id = account.id
        elif walidata:
            login = target
        else:
            raise tk.ObjectNotFound(tk._("User not found"))
        if user_id != caller.id and not walidata:
            raise tk.NotAuthorized(
                tk._("You can only see the activity of your own account"))
    elif not walidata:
        user_id = caller.id
    return history.Filters(
        user_id=user_id, login=login, kind=data_dict.get("kind"),
        outcome=data_dict.get("outcome"), since=data_dict.get("since"),
        until=data_dict.get("until"),
    )


@tk.side_effect_free
@validate(schema.login_history_list)
def satudata_login_history_list(context: Context, data_dict: DataDict) -> DataDict:
    """The login history ("Aktivitas Pengguna"), newest first: logins,
    failed logins, codes sent, locks, logouts, password and token changes.
    Every user reads their own; the walidata reads anyone's, or all.

    :param user: the account whose events to list, by id, name or e-mail
        (walidata: any account, or the login typed for an unknown one);
        default: the caller's own events, or every event for the walidata
        (optional)
    :type user: string
    :param kind: only events of this kind (``login``, ``login_failed``,
        ``code_sent``, ``code_failed``, ``lockout``, ``unlock``,
        ``logout``, ``password_changed``, ``password_reset_requested``,
        ``token_created``, ``token_revoked``, ``sessions_ended``,
        ``account_created``, ``account_deactivated``, ``device_revoked``)
        (optional)
    :type kind: string
    :param outcome: only events with this outcome (``success``,
        ``failure``, ``info``) (optional)
    :type outcome: string
    :param since: only events on or after this day, ``YYYY-MM-DD`` in the
        portal's time zone (Asia/Jakarta) (optional)
    :type since: string
    :param until: only events on or before this day, ``YYYY-MM-DD``
        (optional)
    :type until: string
    :param limit: how many events (default 50, at most 1000) (optional)
    :type limit: int
    :param offset: how many to skip (default 0) (optional)
    :type offset: int
    :returns: ``count`` (matching events) and ``items``, each ``id``,
        ``created`` (ISO 8601, UTC), ``created_local`` (``DD-MM-YYYY
        HH:MM:SS`` in the portal's time zone), ``kind``, ``kind_label``,
        ``outcome``, ``outcome_label``, ``ip``, ``user_agent``,
        ``user_id``, ``user_name``, ``user_display_name``, ``login`` (what
        was typed, for an unknown account), ``detail`` and ``text`` (a
        sentence telling what happened); labels and sentence in the
        caller's language
    :rtype: dictionary
    """
    tk.check_access("satudata_login_history_list", context, data_dict)
    filters = history_filters(context, data_dict)
    rows = history.events(filters, data_dict["limit"], data_dict["offset"])
    return {"count": history.count(filters), "items": history.items(rows)}
