"""Action functions of the accounts plugin: API tokens (core's actions,
with the login history and each token's expiry)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import api_token
from ckan.types import Context, DataDict

from ckanext.satudata.accounts import history, tokens
from ckanext.satudata.actions import chained_action
from ckanext.satudata.validation import check_refs

__all__ = ["api_token_create", "api_token_list", "api_token_revoke"]


def _actor(context: Context) -> str | None:
    actor = model.User.get(context.get("user") or "")
    return actor.name if actor is not None else None


def _commit(context: Context) -> None:
    if not context.get("defer_commit"):
        model.Session.commit()


@chained_action
def api_token_create(next_action: Any, context: Context, data_dict: DataDict) -> Any:
    """Core's ``api_token_create`` with an expiry: a token is valid for at
    most ``ckanext.satudata.api_token.max_days`` days (asked for longer,
    or without an expiry, it gets that; 0 = no cap). Recorded in the
    login history (``token_created``).

    :param user: name or id of the user who owns the new token
    :type user: string
    :param name: distinctive name of the token
    :type name: string
    :param expires_in: how many units the token is valid (optional)
    :type expires_in: int
    :param unit: seconds per unit: 3600 (hours) or 86400 (days, the
        default); 1 and 60 are accepted too (optional)
    :type unit: int
    :returns: ``token`` (the encoded token, shown only now), ``id`` and
        ``expires`` (ISO 8601, UTC, or ``None``)
    :rtype: dictionary
    """
    check_refs(data_dict, required=("user", "name"))
    result = next_action(context, data_dict)
    token = model.ApiToken.get(result["id"])
    expires = tokens.expires(token) if token is not None else None
    if token is not None:
        history.record("token_created", "success", token.user_id, detail={
            "name": token.name, "jti": token.id, "expires": expires,
            "by": _actor(context),
        })
        _commit(context)
    return {**result, "expires": expires}


def _jti(data_dict: DataDict) -> str | None:
    """The token ``data_dict`` names (as core's ``api_token_revoke``)."""
    jti = data_dict.get("jti")
    if jti:
        return str(jti)
    token = data_dict.get("token")
    if not token:
        return None
    data = api_token.decode(str(token))
    return str(data["jti"]) if data and data.get("jti") else None


@chained_action
def api_token_revoke(next_action: Any, context: Context, data_dict: DataDict) -> Any:
    """Core's ``api_token_revoke``, recorded in the login history
    (``token_revoked``).

    :param jti: the id of the token to revoke (optional if ``token`` is
        given)
    :type jti: string
    :param token: the token itself (optional if ``jti`` is given)
    :type token: string
    """
    token = model.ApiToken.get(_jti(data_dict))
    known = (token.user_id, token.name, token.id) if token is not None else None
    check_refs(data_dict, optional=("jti",))
    if not isinstance(data_dict.get("token") or "", str):
        raise tk.ValidationError({"token": [tk._("Not a valid id, name or code")]})
    result = next_action(context, data_dict)
    if known is not None:
        user_id, name, jti = known
        history.record("token_revoked", "success", user_id, detail={
            "name": name, "jti": jti, "by": _actor(context),
        })
        _commit(context)
    return result


@chained_action
@tk.side_effect_free
def api_token_list(next_action: Any, context: Context, data_dict: DataDict) -> Any:
    """Core's ``api_token_list``, each token with its ``expires`` (ISO
    8601, UTC, or ``None``: it does not expire).

    :param user_id: the name or id of the user
    :type user_id: string
    :returns: the tokens, oldest first
    :rtype: list of dictionaries
    """
    check_refs(data_dict, optional=("user_id", "user"))
    found = next_action(context, data_dict)
    for item in found:
        token = model.ApiToken.get(item.get("id"))
        item["expires"] = tokens.expires(token) if token is not None else None
    return found
