"""The dataset fields of a performance indicator (``schemas/dataset.yaml``)
and the rule that only the walidata set or change them.

- ``indikator_kinerja`` (``ya``/``tidak``): shown on Capaian Kinerja;
- ``kinerja_komponen``: the component (of the dataset's structure) whose
  total is the realisation;
- ``kinerja_target``: the targets per year (:mod:`.targets`);
- ``kinerja_arah``: ``naik`` (higher is better) or ``turun``.

:func:`check` runs before CKAN's ``package_create`` and ``package_update``
(chained actions): someone who is not walidata (``roles.is_walidata``)
may send the fields only unchanged, and leaving them out keeps them (the
dataset form shows them read-only to the OPD's staff); a walidata's
values are checked and the targets stored in their canonical form. The
schema's own validators only check the choices, so the catalogue works
without this plugin.
"""

from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context

from ckanext.satudata import roles
from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.messages import N_, message
from ckanext.satudata.performance import targets

MARK, COMPONENT, TARGET, DIRECTION = (
    "indikator_kinerja", "kinerja_komponen", "kinerja_target", "kinerja_arah")
FIELDS = (MARK, COMPONENT, TARGET, DIRECTION)
#: The fields' names in messages (the labels of the dataset form).
LABELS = {
    MARK: N_("Performance indicator"),
    COMPONENT: N_("Realisation component"),
    TARGET: N_("Targets per year"),
    DIRECTION: N_("Direction of the indicator"),
}
_CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,39}$")
NUMERIC_TYPES = ("integer", "decimal", "percentage")


def label(field: str) -> str:
    return tk._(LABELS[field])


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def canonical(field: str, value: Any) -> Any:
    """What a value means, to tell a change from the same value sent back
    (``tidak`` and blank both mean "not an indicator"; targets compare by
    their numbers)."""
    if field == MARK:
        return targets.YES if targets.marked(value) else ""
    if field == TARGET:
        try:
            return targets.parse(value)
        except targets.TargetError:
            return value
    return "" if _blank(value) else str(value).strip()


def may_mark(user: str | model.User | None) -> bool:
    """Whether ``user`` sets the performance indicator fields: the walidata."""
    return roles.is_walidata(user)


def is_marked(package_id: Any) -> bool:
    """Whether the dataset ``package_id`` is marked as an indicator."""
    package = model.Package.get(package_id) if isinstance(package_id, str) else None
    return package is not None and targets.marked((package.extras or {}).get(MARK))


def _package(data_dict: dict[str, Any]) -> model.Package | None:
    for key in ("id", "name"):
        ref = data_dict.get(key)
        if isinstance(ref, str) and ref:
            found = model.Package.get(ref)
            if found is not None:
                return found
    return None


def _user(context: Context) -> str | None:
    user = context.get("user")
    return user if isinstance(user, str) and user else None


def check(context: Context, data_dict: Any, updating: bool) -> bool:
    """Apply the rule to a ``package_create`` (``updating`` false) or
    ``package_update`` call's ``data_dict`` (changed in place); whether the
    dataset is (or was) a performance indicator.

    :raises ckan.plugins.toolkit.ValidationError: each field in error,
        with a message naming it
    """
    if not isinstance(data_dict, dict):
        return False  # CKAN's action answers that
    package = _package(data_dict) if updating else None
    if updating and package is None:
        return False  # not found: CKAN's action answers that
    kind = data_dict.get("type") or (package.type if package else "dataset")
    if kind != "dataset":
        return False
    stored = dict(package.extras or {}) if package is not None else {}
    involved = targets.marked(stored.get(MARK)) or targets.marked(data_dict.get(MARK))
    user = _user(context)
    system = context.get("ignore_auth") and user is None
    errors: dict[str, list[str]] = {}
    if not system and not may_mark(user):
        for field in FIELDS:
            if field not in data_dict:
                if field in stored:
                    data_dict[field] = stored[field]  # left out: kept
                continue
            sent, kept = data_dict[field], stored.get(field)
            if canonical(field, sent) != canonical(field, kept):
                errors[field] = [message(
                    N_("Only the walidata may set or change {field}"),
                    {"field": label(field)})]
            elif field in stored:
                data_dict[field] = kept  # the same, as the walidata wrote it
            else:
                data_dict.pop(field)  # "tidak" or blank: not an indicator
        if errors:
            raise tk.ValidationError(errors)
        return involved  # the stored values, checked when the walidata set them
    _check_values(data_dict, package, errors)
    if errors:
        raise tk.ValidationError(errors)
    return involved


def _check_values(data_dict: dict[str, Any], package: model.Package | None,
                  errors: dict[str, list[str]]) -> None:
    raw_target = data_dict.get(TARGET)
    if not _blank(raw_target) and raw_target is not None:
        try:
            data_dict[TARGET] = targets.to_text(targets.parse(raw_target))
        except targets.TargetError as error:
            errors[TARGET] = [message(error.msgid, error.params)]
    component = data_dict.get(COMPONENT)
    if not _blank(component):
        code = str(component).strip()
        data_dict[COMPONENT] = code
        problem = _component_problem(code, package)
        if problem:
            errors[COMPONENT] = [problem]
    if targets.marked(data_dict.get(MARK)):
        for field in (COMPONENT, TARGET, DIRECTION):
            if _blank(data_dict.get(field)) and field not in errors:
                errors[field] = [message(
                    N_("{field} is required for a performance indicator"),
                    {"field": label(field)})]


def _component_problem(code: str, package: model.Package | None) -> str | None:
    if not _CODE.match(code):
        return message(N_("{code} is not a component code (lower-case letters,"
                          " digits and _)"), {"code": code})
    structure = indicators.structure_of(package.id) if package is not None else None
    if structure is None:
        return None  # the structure may come later
    numeric = [c.code for c in structure.components if c.type in NUMERIC_TYPES]
    if code not in numeric:
        return message(N_("The dataset has no numeric component {code}; choose"
                          " one of: {codes}"),
                       {"code": code, "codes": ", ".join(numeric) or "-"})
    return None
