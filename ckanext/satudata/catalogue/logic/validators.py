"""Validators of the SDI dataset schema (named in ``schemas/dataset.yaml``).

Messages are English msgids translated through the extension catalogue, so
the Action API and the forms answer in the user's language (Indonesian by
default) and name the field in error.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey, Validator

from ckanext.satudata import region, vocabulary
from ckanext.scheming.validation import scheming_validator

__all__ = [
    "satudata_kode_referensi",
    "satudata_level_akses",
    "satudata_publish_required",
    "satudata_sync_private",
    "satudata_tahun_data",
    "satudata_vocabulary",
    "satudata_wilayah",
]

_missing = tk.missing
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-\u2013]\s*(\d{4}))?\s*$")
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./_-]{0,63}$")
FIRST_YEAR = 1900


def _is_empty(value: Any) -> bool:
    return (
        value is _missing
        or value is None
        or (isinstance(value, str) and not value.strip())
    )


def _state(data: FlattenDataDict, context: Context) -> str:
    state = data.get(("state",))
    if not _is_empty(state):
        return str(state)
    package = context.get("package")
    return package.state if package is not None and package.state else "active"


def satudata_publish_required(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """Required on a published (active) dataset; optional on a draft.

    An empty value stops the field's other validators in both cases.
    """
    if not _is_empty(data.get(key)):
        return
    data.pop(key, None)
    if _state(data, context) != "draft":
        errors[key].append(tk._("Required to publish the dataset"))
    raise tk.StopOnError


@scheming_validator
def satudata_vocabulary(field: dict[str, Any], schema: dict[str, Any]) -> Validator:
    """The value is a code of the field's ``vocabulary`` (a data file)."""
    name = field["vocabulary"]

    def validator(value: Any) -> Any:
        code = str(value).strip()
        if vocabulary.item(name, code) is None:
            raise tk.Invalid(
                tk._('Unknown code "{code}". Valid codes: {codes}').format(
                    code=code, codes=", ".join(vocabulary.codes(name))
                )
            )
        return code

    return validator


def satudata_wilayah(value: Any) -> str:
    """A Kepmendagri region code; stored in its dotted form."""
    code = region.normalize(str(value))
    if code is None:
        raise tk.Invalid(
            tk._(
                'Unknown region code "{code}". Use a Kepmendagri code of a '
                "province, regency/city, sub-district or village, e.g. {example}"
            ).format(code=str(value).strip(), example=region.portal_region_code())
        )
    return code


def satudata_tahun_data(value: Any) -> str:
    """A year (``2024``) or a range of years (``2020-2024``)."""
    match = _YEARS.match(str(value))
    last_allowed = datetime.date.today().year + 1
    message = tk._(
        "Enter a year (e.g. 2024) or a range of years (e.g. 2020-2024) "
        "between {first} and {last}"
    ).format(first=FIRST_YEAR, last=last_allowed)
    if not match:
        raise tk.Invalid(message)
    start = int(match.group(1))
    end = int(match.group(2) or start)
    if not FIRST_YEAR <= start <= end <= last_allowed:
        raise tk.Invalid(message)
    return str(start) if start == end else f"{start}-{end}"


def satudata_kode_referensi(value: Any) -> str:
    code = str(value).strip()
    if not _REFERENCE.match(code):
        raise tk.Invalid(
            tk._(
                "A reference code has at most 64 letters, digits, dots, "
                "slashes, underscores or hyphens, e.g. DS-DUKCAPIL-001"
            )
        )
    return code


def satudata_level_akses(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """An open (``terbuka``) dataset has access level 1 or none: levels 2 to
    4 are for data shared on request. A dataset without an access class yet
    (a draft) may have any level.
    """
    level = vocabulary.item("level_akses", str(data.get(key) or "").strip())
    access = vocabulary.item("keterbukaan", (_access_class(data) or "").strip())
    if level is None or access is None:
        return  # no level, or no (valid) access class: nothing to compare
    if access.get("public") and not level.get("public"):
        errors[key].append(
            tk._(
                "Access level {level} is for data shared on request: open "
                "(terbuka) data has access level 1. Choose level 1 or set the "
                "access class to terbatas or rahasia"
            ).format(level=level["value"])
        )


def satudata_sync_private(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """Derive CKAN's ``private`` flag from ``keterbukaan``.

    Only a ``terbuka`` dataset is public; ``terbatas``, ``rahasia`` and a
    draft without an access class yet are private, whatever the client sent.
    """
    data[("private",)] = not vocabulary.is_public_access(_access_class(data))


def _access_class(data: FlattenDataDict) -> str | None:
    value = data.get(("keterbukaan",))
    if not _is_empty(value):
        return str(value)
    for flat_key, flat_value in data.items():
        if (
            len(flat_key) == 3
            and flat_key[0] == "extras"
            and flat_key[2] == "key"
            and flat_value == "keterbukaan"
        ):
            return str(data.get(("extras", flat_key[1], "value")) or "")
    return None
