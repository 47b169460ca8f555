"""Password rules: at least ``ckanext.satudata.password.min_length``
characters with a lower-case letter, an upper-case letter, a digit and a
special character, and not common or easily guessed (a zxcvbn score of at
least ``ckanext.satudata.password.min_score``, the account's own name,
e-mail address and full name counting as easily guessed).

They are enforced where a password is set: registration, the reset link,
the edit page and ``user_create``/``user_update`` through the API (the
chained actions of :mod:`.logic.action.passwords` put :func:`validator`
in place of core's length check). :func:`changed` ends the account's
other sessions after a new password; :func:`notify` limits the reset
e-mails one account gets.
"""

from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
import zxcvbn
from ckan import model
from ckan.common import current_user, g
from ckan.lib.navl.dictization_functions import Missing
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey, Schema
from flask import has_request_context

from ckanext.satudata.accounts import config, devices, history, sessions, throttle

#: zxcvbn looks at this much of a password at most (its cost grows fast
#: with the length; a longer password is strong by its length alone).
ZXCVBN_MAX = 100

#: Words common in Indonesian passwords that zxcvbn's English lists lack.
COMMON_WORDS = (
    "rahasia", "sandi", "katasandi", "kunci", "indonesia", "merdeka",
    "bismillah", "alhamdulillah", "sayang", "cinta", "jakarta", "semarang",
    "bandung", "surabaya", "yogyakarta", "garuda", "pancasila", "admin",
    "administrator", "portal", "pemkot", "pemkab", "pemda", "kominfo",
    "diskominfo", "masuk", "selamat",
)


def _requirements(password: str) -> list[str]:
    """What ``password`` lacks of the composition rules, translated."""
    missing = []
    length = config.password_min_length()
    if len(password) < length:
        missing.append(tk._("at least {n} characters").format(n=length))
    if not re.search(r"[a-z]", password):
        missing.append(tk._("a lower-case letter"))
    if not re.search(r"[A-Z]", password):
        missing.append(tk._("an upper-case letter"))
    if not re.search(r"[0-9]", password):
        missing.append(tk._("a digit"))
    if not re.search(r"[^A-Za-z0-9]", password):
        missing.append(tk._("a special character (such as ! # @ -)"))
    return missing


def user_inputs(*values: Any) -> list[str]:
    """The words of an account (name, e-mail address, full name, and
    their parts) that make a password easy to guess."""
    words: set[str] = set()
    for value in values:
        if not isinstance(value, str) or not value.strip():
            continue
        text = value.strip().lower()
        words.add(text)
        words.update(part for part in re.split(r"[^a-z0-9]+", text) if len(part) >= 3)
    return sorted(words)


def guessable(password: str, inputs: list[str] | None = None) -> bool:
    """Whether zxcvbn scores ``password`` below the minimum (``inputs``:
    the account's words, see :func:`user_inputs`; :data:`COMMON_WORDS`
    always count)."""
    words = sorted(set(COMMON_WORDS).union(inputs or []))
    score = zxcvbn.zxcvbn(password[:ZXCVBN_MAX], user_inputs=words)["score"]
    return score < config.password_min_score()


def problems(password: str, inputs: list[str] | None = None) -> list[str]:
    """Why ``password`` is refused (translated messages), or ``[]``: one
    message listing every missing piece, and one when it is long enough
    but easily guessed."""
    found = []
    missing = _requirements(password)
    if missing:
        found.append(tk._("Password must contain: {missing}").format(
            missing=", ".join(missing)))
    if len(password) >= config.password_min_length() and guessable(password, inputs):
        found.append(tk._(
            "This password is too common or easy to guess (it may contain your "
            "name or e-mail address). Choose a longer one, for example a few "
            "unrelated words with digits and symbols."))
    return found


def rules_hint() -> str:
    """The rules in one sentence, shown on the forms that set a password."""
    return tk._(
        "At least {n} characters, with a lower-case letter, an upper-case "
        "letter, a digit and a special character; not a common or easily "
        "guessed password, nor your name or e-mail address."
    ).format(n=config.password_min_length())


# -- the schema validator --------------------------------------------------------

def _account_words(data: FlattenDataDict) -> list[str]:
    values = [data.get((field,)) for field in ("name", "email", "fullname")]
    user_id = data.get(("id",))
    if isinstance(user_id, str) and user_id:
        user = model.User.get(user_id)
        if user is not None:
            values += [user.name, user.email, user.fullname]
    return user_inputs(*values)


def validator(key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict,
              context: Context) -> Any:
    """Core's ``user_password_validator`` with our rules; the errors go
    to ``key`` (``password`` through the API, ``password1`` on the
    forms, where the field shows them)."""
    value = data.get(key)
    if value is None or isinstance(value, Missing) or value == "":
        return
    if not isinstance(value, str):
        errors[key].append(tk._("Passwords must be strings"))
        return
    errors[key].extend(problems(value, _account_words(data)))


def with_rules(schema: Schema) -> Schema:
    """A copy of a user schema with :func:`validator` in place of core's
    ``user_password_validator`` on ``password`` and ``password1``."""
    core = tk.get_validator("user_password_validator")
    result = dict(schema)
    for key in ("password", "password1"):
        if key not in result:
            continue
        validators = [validator if item is core else item for item in result[key]]
        if validator not in validators:
            validators.append(validator)
        result[key] = validators
    return result


# -- after a change ----------------------------------------------------------------

def _own_web_session(user_id: str) -> bool:
    """Whether the current request is ``user_id`` logged in through the
    web (not an API token)."""
    if not has_request_context() or g.get("login_via_auth_header"):
        return False
    return bool(current_user.is_authenticated
                and getattr(current_user, "id", None) == user_id)


def changed(user_id: str, context: Context) -> None:
    """A new password for ``user_id``: every other session and trusted
    device ends, the event is recorded; the owner's own web session
    stays (commits unless ``defer_commit``)."""
    sessions.end_all(user_id)
    devices.revoke(user_id)
    actor = model.User.get(context.get("user") or "")
    detail = {"reset": True} if context.get("reset_password") else {}
    if actor is not None and actor.id != user_id:
        detail["by"] = actor.name
    history.record("password_changed", "success", user_id, detail=detail)
    if _own_web_session(user_id):
        sessions.restamp()
    if not context.get("defer_commit"):
        model.Session.commit()


# -- INotifier: reset e-mails per account ---------------------------------------------

def notify(notification_sent: bool, topic: str, data: dict[str, Any] | None) -> bool:
    """``INotifier.notify_about_topic``: a reset link asked for an account
    counts towards ``ckanext.satudata.reset.per_account_hour``; over it,
    ``True`` (as if sent: nothing is mailed and the page says the same as
    always, so nothing tells whether the account exists)."""
    user = (data or {}).get("user")
    if topic != "request_password_reset" or not isinstance(user, model.User):
        return notification_sent
    within = throttle.per_account("reset", user.id, config.resets_per_account_hour(),
                                  3600)
    history.record("password_reset_requested", "success" if within else "failure",
                   user.id, detail={} if within else {"reason": "hourly limit"},
                   commit=True)
    return notification_sent if within else True
