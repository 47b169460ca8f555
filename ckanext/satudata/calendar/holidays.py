"""Holidays: the national ones (libur nasional and cuti bersama of the
yearly SKB 3 Menteri, from ``lokal``) and the regional ones the walidata
add (hari libur daerah, table ``satudata_holiday``).

The regional holidays are read once per database session (a web request,
a background job, a command: CKAN removes the session after each) and kept
in the session's ``info``; adding or deleting one forgets them, so the
same request sees its own change, and so does a rollback. Another process
sees it from its next request.

For a year ``lokal`` has no SKB for (see :data:`lokal.HOLIDAY_YEARS`) no
national holiday is known: only weekends and regional holidays are days
off then (:func:`national_known` says which years are known).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import uuid
from typing import Any

import ckan.plugins.toolkit as tk
import lokal
import sqlalchemy as sa
from ckan import model
from sqlalchemy import exc

from ckanext.satudata.calendar import config
from ckanext.satudata.calendar.model import holiday_table
from ckanext.satudata.messages import N_, message

log = logging.getLogger(__name__)

NATIONAL, CUTI_BERSAMA, REGIONAL = "libur_nasional", "cuti_bersama", "regional"
#: Each kind of holiday and its label (an English msgid).
KIND_LABELS = {
    NATIONAL: N_("National holiday"),
    CUTI_BERSAMA: N_("Collective leave"),
    REGIONAL: N_("Regional holiday"),
}
#: Longest name of a regional holiday.
NAME_MAX = 200
#: Where the regional holidays are kept in the session's ``info``.
_CACHE_KEY = "satudata_calendar_regional_holidays"


def national_known(year: int) -> bool:
    """Whether ``lokal`` has the SKB 3 Menteri of ``year``."""
    return year in lokal.HOLIDAY_YEARS


@functools.lru_cache(maxsize=64)
def _national(year: int) -> tuple[tuple[dt.date, str, str], ...]:
    """(day, name, kind) of every national holiday and cuti bersama of
    ``year``, empty for a year without an SKB."""
    if not national_known(year):
        log.warning("No national holidays are known for %s: only weekends and"
                    " regional holidays are days off that year", year)
        return ()
    return tuple((dt.date.fromisoformat(item.date), item.name, item.type)
                 for item in lokal.get_holidays(year).holidays)


@functools.lru_cache(maxsize=128)
def _national_off(year: int, cuti_bersama_off: bool) -> frozenset[dt.date]:
    return frozenset(
        day for day, _name, kind in _national(year)
        if kind == NATIONAL or cuti_bersama_off
    )


def national_days_off(year: int) -> frozenset[dt.date]:
    """The national days off of ``year``: libur nasional, and cuti bersama
    when ``ckanext.satudata.calendar.cuti_bersama_off`` (default)."""
    return _national_off(year, config.cuti_bersama_off())


def national_on(day: dt.date) -> list[tuple[str, str]]:
    """(name, kind) of the national holidays on ``day`` (rarely two)."""
    return [(name, kind) for found, name, kind in _national(day.year)
            if found == day]


def regional_days() -> dict[dt.date, str]:
    """Every regional holiday, day → name (cached for the session)."""
    info = model.Session.info
    cached = info.get(_CACHE_KEY)
    if cached is None:
        rows = model.Session.execute(
            sa.select(holiday_table.c.day, holiday_table.c.name)).all()
        cached = info[_CACHE_KEY] = {row.day: row.name for row in rows}
    return cached


def forget() -> None:
    """Drop the cached regional holidays (after a change)."""
    model.Session.info.pop(_CACHE_KEY, None)


def _forget_on_rollback(session: Any, previous_transaction: Any) -> None:
    # what was read after a change of ours may have been rolled back
    session.info.pop(_CACHE_KEY, None)


if not sa.event.contains(model.Session, "after_soft_rollback", _forget_on_rollback):
    sa.event.listen(model.Session, "after_soft_rollback", _forget_on_rollback)


def _entry(day: dt.date, name: str, kind: str, day_off: bool,
           holiday_id: str | None = None) -> dict[str, Any]:
    return {"id": holiday_id, "day": day.isoformat(), "name": name,
            "kind": kind, "kind_label": tk._(KIND_LABELS[kind]),
            "day_off": day_off}


def for_year(year: int) -> list[dict[str, Any]]:
    """The holidays of ``year``, by day: national ones, cuti bersama and
    regional ones, each with ``id`` (regional only), ``day``, ``name``,
    ``kind``, ``kind_label`` and ``day_off`` (``False`` for cuti bersama
    when they are working days)."""
    off = config.cuti_bersama_off()
    found = [_entry(day, name, kind, kind == NATIONAL or off)
             for day, name, kind in _national(year)]
    rows = model.Session.execute(
        sa.select(holiday_table)
        .where(holiday_table.c.day >= dt.date(year, 1, 1),
               holiday_table.c.day <= dt.date(year, 12, 31))
    ).all()
    found.extend(_entry(row.day, row.name, REGIONAL, True, row.id) for row in rows)
    order = {NATIONAL: 0, CUTI_BERSAMA: 1, REGIONAL: 2}
    return sorted(found, key=lambda item: (item["day"], order[item["kind"]]))


def get(holiday_id: str) -> dict[str, Any] | None:
    row = model.Session.execute(
        sa.select(holiday_table).where(holiday_table.c.id == holiday_id)
    ).first()
    return dict(row._mapping) if row else None


def _refusal(day: dt.date) -> str | None:
    """Why a regional holiday cannot be added on ``day``, or ``None``."""
    for name, kind in national_on(day):
        if kind == NATIONAL:
            return message(N_("This day is already a national holiday: {name}"),
                           {"name": name})
        if config.cuti_bersama_off():
            return message(N_(
                "This day is already a collective leave day off: {name}"),
                {"name": name})
    existing = model.Session.execute(
        sa.select(holiday_table.c.name).where(holiday_table.c.day == day)
    ).scalar()
    if existing is not None:
        return message(N_("This day is already a regional holiday: {name}"),
                       {"name": existing})
    return None


def create(day: dt.date, name: str, user: str) -> dict[str, Any]:
    """Add a regional holiday (not committed). Refuses a day that is
    already a holiday (national, cuti bersama when those are days off, or
    regional) with a validation error on ``day``."""
    refusal = _refusal(day)
    if refusal:
        raise tk.ValidationError({"day": [refusal]})
    row = {"id": str(uuid.uuid4()), "day": day, "name": name,
           "created": dt.datetime.now(dt.timezone.utc), "created_by": user}
    savepoint = model.Session.begin_nested()
    try:
        model.Session.execute(holiday_table.insert().values(**row))
        savepoint.commit()
    except exc.IntegrityError:
        # another request added the same day since we looked
        savepoint.rollback()
        forget()
        raise tk.ValidationError({"day": [_refusal(day) or tk._(
            "This day is already a regional holiday")]}) from None
    forget()
    return row


def delete(holiday_id: str) -> dict[str, Any]:
    """Delete a regional holiday (not committed); the deleted row."""
    found = get(holiday_id)
    if found is None:
        raise tk.ObjectNotFound(tk._("Holiday not found"))
    model.Session.execute(
        holiday_table.delete().where(holiday_table.c.id == holiday_id))
    forget()
    return found
