"""API tokens for integrations: an expiry capped by
``ckanext.satudata.api_token.max_days``.

A token may be created with ``expires_in`` and ``unit`` (seconds per
unit: 3600 hours, 86400 days; 1 and 60 as in core's
``expire_api_token`` plugin). A token asked for longer than the cap, or
without an expiry, gets the cap; with ``max_days = 0`` a token without
``expires_in`` never expires. The expiry is the JWT's ``exp`` claim
(checked by PyJWT when CKAN decodes the token, so an expired token is
refused) and is kept in the token's ``plugin_extras`` for the token page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib import api_token
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from ckanext.satudata.accounts import config
from ckanext.satudata.validation import ignore_empty

#: The key of our data in ``api_token.plugin_extras``.
EXTRAS_KEY = "satudata"
#: Seconds per unit of ``expires_in``.
UNITS = (1, 60, 3600, 86400)


def _unit_validator(key: FlattenKey, data: FlattenDataDict,
                    errors: FlattenErrorDict, context: Context) -> Any:
    if data.get(key) not in UNITS:
        errors[key].append(tk._(
            "The unit must be 3600 (hours) or 86400 (days) seconds "
            "(also accepted: 1, 60)."))


def create_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """``IApiToken.create_api_token_schema``: optional ``expires_in`` and
    ``unit`` (default: days)."""
    v = tk.get_validator
    schema["expires_in"] = [v("ignore_missing"), ignore_empty,
                            v("is_positive_integer")]
    schema["unit"] = [v("default")(86400), ignore_empty, v("int_validator"),
                      _unit_validator]
    return schema


def lifetime(data_dict: dict[str, Any]) -> int | None:
    """Seconds a new token asked with ``data_dict`` is valid, the cap
    applied; ``None``: no expiry."""
    asked = int(data_dict.get("expires_in") or 0) * int(data_dict.get("unit") or 0)
    cap = config.api_token_max_days() * 86400
    if cap and (not asked or asked > cap):
        return cap
    return asked or None


def postprocess(data: dict[str, Any], jti: str,
                data_dict: dict[str, Any]) -> dict[str, Any]:
    """``IApiToken.postprocess_api_token``: the ``exp`` claim, and the
    expiry kept with the token."""
    seconds = lifetime(data_dict)
    token = model.ApiToken.get(jti)
    expires = None
    if seconds is not None:
        expires = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) \
            + dt.timedelta(seconds=seconds)
        data["exp"] = api_token.into_seconds(expires)
    if token is not None:
        when = expires.isoformat() if expires else None
        token.set_extra(EXTRAS_KEY, {"expires": when}, True)
    return data


def expires(token: model.ApiToken | dict[str, Any]) -> str | None:
    """The expiry (ISO 8601, UTC) of a token, ``None`` if it has none."""
    extras = (token.get("plugin_extras") if isinstance(token, dict)
              else token.plugin_extras) or {}
    return (extras.get(EXTRAS_KEY) or {}).get("expires")


#: The option the walidata may change at run time (``/ckan-admin/config``).
MAX_DAYS_OPTION = "ckanext.satudata.api_token.max_days"


def update_config_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """CKAN's runtime-editable options plus the cap on API tokens (a whole
    number of days, 0 for no cap)."""
    get = tk.get_validator
    schema[MAX_DAYS_OPTION] = [get("ignore_missing"), get("natural_number_validator"),
                               get("unicode_safe")]
    return schema
