"""The stages of an access request, after the DTSEN "Detail Tahapan
Permohonan" (seed 003), timed with ``calendar.api``.

``permohonan`` (the institution; finished at filing) →
``verifikasi_teknis`` → ``verifikasi_substansi`` →
``verifikasi_koordinator`` → ``pengolahan_data`` → ``cek_kualitas`` →
``unduh_data`` (the institution: BAST number, signed BAST) →
``verifikasi_bast`` → ``selesai``.

The stages have no limit of their own: the whole from Verifikasi Teknis to
the delivery (Unduh Data opened) must take at most ``limit_days`` (12)
working days; returns to the institution are pauses and do not count.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.accessrequests import config
from ckanext.satudata.calendar import api as calendar
from ckanext.satudata.messages import N_

PERMOHONAN = "permohonan"
VERIFIKASI_TEKNIS = "verifikasi_teknis"
VERIFIKASI_SUBSTANSI = "verifikasi_substansi"
VERIFIKASI_KOORDINATOR = "verifikasi_koordinator"
PENGOLAHAN_DATA = "pengolahan_data"
CEK_KUALITAS = "cek_kualitas"
UNDUH_DATA = "unduh_data"
VERIFIKASI_BAST = "verifikasi_bast"
SELESAI = "selesai"

DTSEN: tuple[calendar.Stage, ...] = (
    calendar.Stage(PERMOHONAN, N_("Access request"), "pemohon"),
    calendar.Stage(VERIFIKASI_TEKNIS, N_("Technical verification"), "walidata"),
    calendar.Stage(VERIFIKASI_SUBSTANSI, N_("Substance verification"),
                   "verifikator"),
    calendar.Stage(VERIFIKASI_KOORDINATOR, N_("Coordinator verification"),
                   "walidata"),
    calendar.Stage(PENGOLAHAN_DATA, N_("Data processing"), "walidata"),
    calendar.Stage(CEK_KUALITAS, N_("Data quality check"), "walidata"),
    calendar.Stage(UNDUH_DATA, N_("Data download (BAST)"), "pemohon"),
    calendar.Stage(VERIFIKASI_BAST, N_("BAST verification"), "walidata"),
    calendar.Stage(SELESAI, N_("Completed"), "walidata"),
)
CODES = tuple(stage.code for stage in DTSEN)
#: The stages an officer moves with ``satudata_access_request_advance``
#: (Unduh Data moves by the institution's BAST upload, Verifikasi BAST by
#: ``satudata_access_request_bast_approve``).
ADVANCED = (VERIFIKASI_TEKNIS, VERIFIKASI_SUBSTANSI, VERIFIKASI_KOORDINATOR,
            PENGOLAHAN_DATA, CEK_KUALITAS)
#: The stages counted in the delivery limit.
TIMED = ADVANCED


def check_config() -> None:
    """Refuse an invalid ``movers`` option at startup."""
    config.movers(CODES)


def mover(code: str) -> str:
    """The role that moves stage ``code``: walidata, verifikator or
    produsen."""
    return config.movers(CODES)[code]


def label(code: str) -> str:
    try:
        return tk._(calendar.stage_by_code(DTSEN, code).label)
    except KeyError:
        return code


def following(code: str) -> str:
    """The stage after ``code``."""
    return CODES[CODES.index(code) + 1]


def record(row: dict[str, Any]) -> calendar.StageRecord:
    """A stage row as a ``calendar.StageRecord``."""
    return calendar.record_of(row)


def taken(row: dict[str, Any], now: dt.datetime) -> int:
    """Working days a stage row took (or has taken so far), returns not
    counted."""
    return calendar.taken(record(row), now=now)


def delivery_days(rows: list[dict[str, Any]], now: dt.datetime) -> int:
    """Working days the timed stages of a request took so far."""
    return sum(taken(row, now) for row in rows if row["stage"] in TIMED)


def late(rows: list[dict[str, Any]], now: dt.datetime) -> bool:
    """Whether the request took (or is taking) longer than ``limit_days``
    to be delivered."""
    return delivery_days(rows, now) > config.limit_days()
