"""Actions of the calendar plugin: the year's holidays, and the regional
holidays the walidata add and delete."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata.calendar import holidays, workdays
from ckanext.satudata.calendar.logic import schema

__all__ = [
    "satudata_holiday_create",
    "satudata_holiday_delete",
    "satudata_holiday_list",
]


def _public(row: dict[str, Any]) -> dict[str, Any]:
    created = row.get("created")
    return {
        "id": row["id"], "day": row["day"].isoformat(), "name": row["name"],
        "kind": holidays.REGIONAL,
        "kind_label": tk._(holidays.KIND_LABELS[holidays.REGIONAL]),
        "day_off": True,
        "created": created.isoformat() if created else None,
        "created_by": row.get("created_by") or "",
    }


@validate(schema.holiday_list)
@tk.side_effect_free
def satudata_holiday_list(context: Context, data_dict: DataDict
                          ) -> dict[str, Any]:
    """The holidays of a year: libur nasional and cuti bersama (the SKB 3
    Menteri, from ``lokal``) and the regional holidays the walidata added,
    by day. Open to everybody.

    Each holiday has ``id`` (regional ones only, for
    :func:`satudata_holiday_delete`), ``day`` (``YYYY-MM-DD``), ``name``,
    ``kind`` (``libur_nasional``, ``cuti_bersama`` or ``regional``),
    ``kind_label`` and ``day_off`` (``false`` for cuti bersama when the
    portal counts them as working days,
    ``ckanext.satudata.calendar.cuti_bersama_off``).

    :param year: the year (optional, default: this year), 2000 to 2100
    :type year: int
    :returns: ``year``, ``national_known`` (whether the national holidays
        of that year are known; when not, only weekends and regional
        holidays are days off) and ``holidays``
    :rtype: dictionary
    """
    tk.check_access("satudata_holiday_list", context, data_dict)
    year = data_dict.get("year") or workdays.local_date(
        dt.datetime.now(dt.timezone.utc)).year
    return {"year": year, "national_known": holidays.national_known(year),
            "holidays": holidays.for_year(year)}


def _user_id(context: Context) -> str:
    user = model.User.get(context.get("user") or "")
    return user.id if user else ""


@validate(schema.holiday_create)
def satudata_holiday_create(context: Context, data_dict: DataDict
                            ) -> dict[str, Any]:
    """Add a regional holiday (hari libur daerah, e.g. Hari Jadi Kota): a
    day off in every deadline counted in working days from then on. For
    the walidata.

    Refused (a validation error on ``day``) when the day is already a
    holiday: a libur nasional, a cuti bersama (while they are days off) or
    another regional holiday.

    :param day: the day, ``YYYY-MM-DD`` (2000 to 2100)
    :type day: string
    :param name: the holiday's name (at most 200 characters)
    :type name: string
    :returns: the holiday (``id``, ``day``, ``name``, ``kind``
        ``regional``, ``kind_label``, ``day_off``, ``created``,
        ``created_by``: the user's id)
    :rtype: dictionary
    """
    tk.check_access("satudata_holiday_create", context, data_dict)
    row = holidays.create(data_dict["day"], data_dict["name"], _user_id(context))
    if not context.get("defer_commit"):
        model.repo.commit()
    return _public(row)


@validate(schema.holiday_delete)
def satudata_holiday_delete(context: Context, data_dict: DataDict) -> None:
    """Delete a regional holiday: its day is a working day again in every
    deadline counted from then on. For the walidata.

    :param id: the regional holiday's id (from
        :func:`satudata_holiday_list`)
    :type id: string
    """
    tk.check_access("satudata_holiday_delete", context, data_dict)
    holidays.delete(data_dict["id"])
    if not context.get("defer_commit"):
        model.repo.commit()
