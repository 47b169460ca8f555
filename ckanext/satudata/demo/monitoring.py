"""Demo monitoring (plugin ``satudata_monitoring``), idempotently.

The demo's periods are moved through the workflow by :mod:`.workflow` at
load time, so every submission, verification and publication would carry
the moment of the load: every period published months after its fill
deadline, every OPD equally late. To give the dashboards something true
to show, each OPD gets a *pace* (``PACES``): how many days after a
period's end its operator submits, and how long its verifikator and the
walidata take. The moves of every period the workflow demo took to a
state (not the ones left returned: their dates are the workflow demo's
overdue corrections) are dated along that pace, in their order, never
later than the load. Dinas Kependudukan is on time, others a little or
far behind, so the ranking, the lateness and the verification times
differ by OPD.

Like the workflow demo's dated returns, this writes only the workflow's own
transition table (a date, no state); the monitoring's fact table is then
refreshed through its action. Running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from ckan import model

from ckanext.satudata.demo.calls import Ckan, Echo, report
from ckanext.satudata.indicators.api import parse_period

OUTCOMES = ("dated", "unchanged")


@dataclass(frozen=True)
class Pace:
    submit: int  # days after the period's end
    verify: int  # days after the submission
    publish: int  # days after the verification
    step: int = 2  # days between a return and the next move


#: OPD → its pace; OPDs not named here take ``DEFAULT``.
PACES = {
    "disdukcapil": Pace(submit=6, verify=2, publish=2),
    "dinas-pendidikan": Pace(submit=20, verify=4, publish=3),
    "dinas-kesehatan": Pace(submit=38, verify=6, publish=5),
    "dinas-sosial": Pace(submit=55, verify=9, publish=7),
    "dinas-perhubungan": Pace(submit=25, verify=3, publish=12),
    "dinas-lingkungan-hidup": Pace(submit=70, verify=12, publish=10),
}
DEFAULT = Pace(submit=30, verify=5, publish=4)
#: Local office hours the moves are dated at (09:00 WIB).
HOUR_UTC = 2


def _schedule(period_end: dt.date, pace: Pace, actions: list[str],
              ) -> list[dt.datetime]:
    """The moment of each move of one period, in order."""
    day = period_end + dt.timedelta(days=pace.submit)
    moments = []
    for index, action in enumerate(actions):
        if index:
            previous = actions[index - 1]
            gaps = {"verify": pace.verify, "publish": pace.publish}
            gap = gaps.get(action, pace.step)
            if previous == "return" or action in ("submit", "return"):
                gap = pace.step
            day = day + dt.timedelta(days=gap)
        while day.weekday() >= 5:  # moves are made on working days
            day += dt.timedelta(days=1)
        moment = dt.datetime(day.year, day.month, day.day, HOUR_UTC,
                             tzinfo=dt.timezone.utc) + dt.timedelta(minutes=index)
        moments.append(moment)
    return moments


def _date_moves() -> Counter[str]:
    from ckanext.satudata.workflow.model import transition_table as t

    outcomes: Counter[str] = Counter()
    rows = model.Session.execute(
        sa.select(t.c.id, t.c.submission_id, t.c.period, t.c.action, t.c.timestamp,
                  t.c.to_state, model.group_table.c.name)
        .join(model.package_table, model.package_table.c.id == t.c.package_id)
        .join(model.group_table,
              model.group_table.c.id == model.package_table.c.owner_org)
        .order_by(t.c.submission_id, t.c.timestamp, t.c.id)
    ).mappings().all()
    by_submission: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_submission.setdefault(str(row["submission_id"]), []).append(dict(row))
    now = dt.datetime.now(dt.timezone.utc)
    for moves in by_submission.values():
        if moves[-1]["to_state"] == "returned":
            continue  # the workflow demo's dated (overdue) corrections
        found = parse_period(str(moves[0]["period"]))
        if found is None:
            continue
        pace = PACES.get(str(moves[0]["name"]), DEFAULT)
        moments = _schedule(found.end, pace, [str(m["action"]) for m in moves])
        for move, moment in zip(moves, moments, strict=True):
            if moment >= now:
                break  # not yet due by this pace: the moves keep their time
            if move["timestamp"] == moment:
                outcomes["unchanged"] += 1
                continue
            model.Session.execute(t.update().where(t.c.id == move["id"])
                                  .values(timestamp=moment))
            outcomes["dated"] += 1
    model.Session.commit()
    return outcomes


REKOMENDASI = (
    "Dinas Lingkungan Hidup dan Dinas Sosial mengirim data jauh setelah batas"
    " waktu pengisian: walidata mendampingi operator kedua OPD menyusun jadwal"
    " pengisian bulanan. Catatan perbaikan terbanyak menyangkut total yang tidak"
    " sama dengan jumlah rinciannya: verifikator memeriksa total sebelum"
    " mengirim ke walidata."
)
RENCANA = (
    "1. Bimbingan teknis pengisian data untuk OPD dengan tingkat keterisian di"
    " bawah target, paling lambat bulan depan.\n"
    "2. Pengingat otomatis dikirim tujuh hari sebelum batas waktu pengisian.\n"
    "3. Hasil pemantauan dibahas pada Forum Satu Data berikutnya."
)


def _report(ckan: Ckan, window: str) -> str:
    """A finalised periodic report of ``window`` (made once)."""
    found = ckan("satudata_monitoring_report_list", window=window, status="final")
    if found["count"]:
        return "unchanged"
    drafts = ckan("satudata_monitoring_report_list", window=window, status="draft")
    report_id = (drafts["results"][0]["id"] if drafts["count"] else
                 ckan("satudata_monitoring_report_create", window=window)["id"])
    ckan("satudata_monitoring_report_update", id=report_id,
         rekomendasi=REKOMENDASI, rencana=RENCANA)
    ckan("satudata_monitoring_report_generate", id=report_id, background=False)
    ckan("satudata_monitoring_report_finalise", id=report_id)
    return "created"


def load(echo: Echo = print) -> None:
    """Date the demo's moves by each OPD's pace, refresh the figures and
    make the periodic report of the last semester that ended."""
    report(echo, "monitoring: workflow moves", _date_moves(), OUTCOMES)
    ckan = Ckan()
    result = ckan("satudata_monitoring_refresh", background=False)
    echo(f"  monitoring: {result['rows']} period rows in the fact table")
    today = dt.date.today()
    semester = f"{today.year}-S1" if today.month > 6 else f"{today.year - 1}-S2"
    outcome = _report(ckan, semester)
    echo(f"  monitoring: periodic report {semester}: 1 {outcome}")
