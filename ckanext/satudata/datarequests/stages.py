"""The stages of the SOP Permohonan Data for ``calendar.api``: who acts in
each and its limit in working days (the SOP's, or those of
``ckanext.satudata.datarequests.limits``).

``diajukan`` (the requester; opened and finished at filing) → ``diterima``
(walidata, 1) → ``surat_pengantar`` (walidata, 1) → ``ditindaklanjuti``
(the producer OPD, 1) → ``penyampaian`` or ``penolakan`` (walidata, 5) →
``data_balikan`` (the requester, 30; institutions only) → ``selesai``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.calendar import api as calendar
from ckanext.satudata.messages import N_

DIAJUKAN = "diajukan"
DITERIMA = "diterima"
SURAT_PENGANTAR = "surat_pengantar"
DITINDAKLANJUTI = "ditindaklanjuti"
PENYAMPAIAN = "penyampaian"
PENOLAKAN = "penolakan"
DATA_BALIKAN = "data_balikan"
SELESAI = "selesai"

#: The SOP's stages, with its limits.
SOP: tuple[calendar.Stage, ...] = (
    calendar.Stage(DIAJUKAN, N_("Request submitted"), "pemohon", None),
    calendar.Stage(DITERIMA, N_("Request checked and accepted"), "walidata", 1),
    calendar.Stage(SURAT_PENGANTAR, N_("Covering letter to the data producer"),
                   "walidata", 1),
    calendar.Stage(DITINDAKLANJUTI, N_("Followed up by the data producer"),
                   "produsen", 1),
    calendar.Stage(PENYAMPAIAN, N_("Data delivered to the requester"),
                   "walidata", 5),
    calendar.Stage(PENOLAKAN, N_("Request rejected"), "walidata", 5),
    calendar.Stage(DATA_BALIKAN, N_("Data balikan uploaded"), "pemohon", 30),
    calendar.Stage(SELESAI, N_("Completed"), "walidata", None),
)
CODES = tuple(stage.code for stage in SOP)
#: The letter issued in a stage.
LETTERS = {SURAT_PENGANTAR: "pengantar", DITINDAKLANJUTI: "tindak_lanjut",
           PENYAMPAIAN: "penyampaian", PENOLAKAN: "penolakan"}

LIMITS_OPTION = "ckanext.satudata.datarequests.limits"


def _limits() -> str:
    # ``surat_pengantar:2`` or ``surat_pengantar=2``
    return (tk.config.get(LIMITS_OPTION) or "").replace(":", "=")


def definitions() -> tuple[calendar.Stage, ...]:
    """The stages with the configured limits (an invalid option is refused
    at startup by :func:`check_config`)."""
    return calendar.with_limits(SOP, _limits())


def check_config() -> None:
    """Refuse an invalid ``ckanext.satudata.datarequests.limits``.

    :raises ValueError: a part that is not ``code:days`` or an unknown stage
    """
    calendar.with_limits(SOP, _limits())


def definition(code: str) -> calendar.Stage:
    return calendar.stage_by_code(definitions(), code)


def label(code: str) -> str:
    try:
        return tk._(calendar.stage_by_code(SOP, code).label)
    except KeyError:
        return code


def record(row: dict[str, Any]) -> calendar.StageRecord:
    """A stage row as a ``calendar.StageRecord``."""
    return calendar.record_of(row)


def timing(row: dict[str, Any], now: dt.datetime) -> calendar.Timing:
    """Where a stage row stands as of ``now``."""
    return calendar.timing(definition(row["stage"]), record(row), now=now)


def overdue(row: dict[str, Any], now: dt.datetime) -> bool:
    return calendar.overdue(definition(row["stage"]), record(row), now=now)


def due(row: dict[str, Any], now: dt.datetime) -> dt.date | None:
    return calendar.due_date(definition(row["stage"]), record(row), now=now)
