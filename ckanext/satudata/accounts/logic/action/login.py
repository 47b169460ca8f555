"""Actions of the login and account security: locks, the second factor,
trusted devices, ending every session."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata.accounts import devices, history, lockout, policy, sessions
from ckanext.satudata.accounts.logic import schema

__all__ = [
    "satudata_account_security_show",
    "satudata_account_security_update",
    "satudata_account_unlock",
    "satudata_locked_account_list",
    "satudata_sessions_end",
    "satudata_trusted_device_revoke",
]


def _account(context: Context, ref: str | None) -> model.User:
    """The account ``ref`` names, or the caller's."""
    user = model.User.get(ref or context.get("user") or "")
    if user is None:
        raise tk.ObjectNotFound(tk._("User not found"))
    return user


def _actor(context: Context) -> str | None:
    actor = model.User.get(context.get("user") or "")
    return actor.name if actor else None


def _device(row: dict) -> dict:
    return {
        "id": row["id"], "created": row["created"].isoformat(),
        "expires": row["expires"].isoformat(),
        "last_used": row["last_used"].isoformat() if row["last_used"] else None,
        "ip": row["ip"], "user_agent": row["user_agent"],
    }


@tk.side_effect_free
@validate(schema.account_ref)
def satudata_account_security_show(context: Context, data_dict: DataDict) -> DataDict:
    """The security settings and state of an account: whether it must use
    the second factor (by its role) or chose it, whether it is locked, and
    the devices it trusts.

    :param user: the account's id or name (default: the caller) (optional)
    :type user: string
    :returns: ``user`` (name), ``otp_required``, ``otp_by_role``,
        ``otp_opt_in``, ``roles`` (walidata, verifikator, operator,
        pembina, sysadmin), ``locked``, ``locked_minutes`` and
        ``devices`` (each ``id``, ``created``, ``expires``, ``last_used``,
        ``ip``, ``user_agent``)
    :rtype: dictionary
    """
    tk.check_access("satudata_account_security_show", context, data_dict)
    user = _account(context, data_dict.get("user"))
    key = lockout.key_for(user)
    return {
        "user": user.name,
        "otp_required": policy.otp_required(user),
        "otp_by_role": policy.otp_required_by_role(user),
        "otp_opt_in": sessions.otp_opt_in(user.id),
        "roles": sorted(policy.account_roles(user)),
        "locked": bool(lockout.seconds_left(key)),
        "locked_minutes": lockout.minutes_left(key) if lockout.seconds_left(key) else 0,
        "devices": [_device(row) for row in devices.listed(user.id)],
    }


@validate(schema.account_security_update)
def satudata_account_security_update(context: Context, data_dict: DataDict) -> DataDict:
    """Turn the caller's own second factor (an e-mailed code after the
    password) on or off. Accounts whose role requires it keep it anyway.

    :param otp_opt_in: whether to ask for a code at every login
    :type otp_opt_in: bool
    :returns: as ``satudata_account_security_show``
    :rtype: dictionary
    """
    tk.check_access("satudata_account_security_update", context, data_dict)
    user = _account(context, None)
    sessions.set_otp_opt_in(user.id, bool(data_dict["otp_opt_in"]))
    if not context.get("defer_commit"):
        model.Session.commit()
    return satudata_account_security_show(context, {"user": user.id})


@validate(schema.account_unlock)
def satudata_account_unlock(context: Context, data_dict: DataDict) -> DataDict:
    """Lift the lock of an account locked after failed logins or wrong
    codes (walidata).

    :param id: the account's id or name
    :type id: string
    :returns: ``user`` (name) and ``was_locked``
    :rtype: dictionary
    """
    tk.check_access("satudata_account_unlock", context, data_dict)
    user = _account(context, data_dict["id"])
    was_locked = lockout.unlock(user.id)
    history.record("unlock", "info", user.id, detail={"by": _actor(context),
                                                       "was_locked": was_locked})
    if not context.get("defer_commit"):
        model.Session.commit()
    return {"user": user.name, "was_locked": was_locked}


@tk.side_effect_free
def satudata_locked_account_list(context: Context,
                                 data_dict: DataDict) -> list[DataDict]:
    """Accounts locked now (walidata).

    :returns: each ``id``, ``name``, ``display_name``, ``minutes`` left
    :rtype: list of dictionaries
    """
    tk.check_access("satudata_locked_account_list", context, data_dict)
    found = []
    for user_id in lockout.locked_user_ids():
        user = model.User.get(user_id)
        if user is not None:
            found.append({"id": user.id, "name": user.name,
                          "display_name": user.display_name,
                          "minutes": lockout.minutes_left(lockout.key_for(user))})
    return found


@validate(schema.account_ref)
def satudata_sessions_end(context: Context, data_dict: DataDict) -> DataDict:
    """End every session of an account on every device ("keluar dari semua
    perangkat") and forget its trusted devices; API tokens are not
    touched. The caller's own account, or any (walidata).

    :param user: the account's id or name (default: the caller) (optional)
    :type user: string
    :returns: ``user`` (name) and ``devices_revoked``
    :rtype: dictionary
    """
    tk.check_access("satudata_sessions_end", context, data_dict)
    user = _account(context, data_dict.get("user"))
    sessions.end_all(user.id)
    revoked = devices.revoke(user.id)
    history.record("sessions_ended", "info", user.id,
                   detail={"by": _actor(context), "devices_revoked": revoked})
    if not context.get("defer_commit"):
        model.Session.commit()
    return {"user": user.name, "devices_revoked": revoked}


@validate(schema.trusted_device_revoke)
def satudata_trusted_device_revoke(context: Context, data_dict: DataDict) -> DataDict:
    """Stop trusting one remembered device of an account, or all of them:
    the next login there asks for a code again.

    :param user: the account's id or name (default: the caller) (optional)
    :type user: string
    :param device_id: the device (default: every device) (optional)
    :type device_id: string
    :returns: ``user`` (name) and ``revoked`` (how many)
    :rtype: dictionary
    """
    tk.check_access("satudata_trusted_device_revoke", context, data_dict)
    user = _account(context, data_dict.get("user"))
    revoked = devices.revoke(user.id, data_dict.get("device_id"))
    if revoked:
        history.record("device_revoked", "info", user.id,
                       detail={"by": _actor(context), "count": revoked})
    if not context.get("defer_commit"):
        model.Session.commit()
    return {"user": user.name, "revoked": revoked}
