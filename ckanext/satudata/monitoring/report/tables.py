"""The report's tables, built once from the figures snapshot
(:mod:`.collect`): the single source the PDF (:mod:`.pdf`) and the Excel
file (:mod:`.xlsx`) are rendered from, so both hold the same tables.

A table is a title, column heads and rows of plain cells: text, whole
numbers (``int``) or one-decimal figures (``float``: percentages, medians).
Missing figures are a dash (text), in both files alike. :func:`text` is how
a cell reads in the PDF (Indonesian grouping and decimal comma); the Excel
file keeps numbers as numbers.

Built in the language current when :func:`build` runs (the service builds
them in the portal's default language, ``ckan.locale_default``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import ckan.plugins.toolkit as tk
from babel.dates import format_date

from ckanext.satudata.mail import indonesian_date
from ckanext.satudata.messages import N_, message
from ckanext.satudata.monitoring import present
from ckanext.satudata.workflow import api as workflow

Cell = str | int | float
DASH = "\u2013"

#: Achievement of the target: met, not met, or nothing was due.
MET, NOT_MET, NONE = "met", "not_met", "none"
ACHIEVEMENT_LABELS = {
    MET: N_("Achieved"),
    NOT_MET: N_("Not achieved"),
    NONE: N_("Nothing due"),
}

#: The report's sections, in order: key → heading (English msgid).
SECTIONS = {
    "achievement": N_("Analysis of the achievement of the fill-rate target"),
    "figures": N_("Verification, update compliance and data quality"),
    "problems": N_("Problems encountered"),
    "services": N_("Requests and use of the data"),
}


@dataclass(frozen=True)
class Table:
    """One table of the report."""

    key: str
    section: str
    title: str
    #: the Excel sheet's name (at most 31 characters there)
    sheet: str
    heads: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: a sentence under the title (what the figures mean), may be empty
    note: str = ""
    #: shown instead of rows when there are none
    empty: str = ""
    #: rows that are totals (indexes into ``rows``), printed in bold
    totals: tuple[int, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "section": self.section, "title": self.title,
                "sheet": self.sheet, "heads": list(self.heads),
                "rows": [list(row) for row in self.rows], "note": self.note,
                "empty": self.empty, "totals": list(self.totals)}


def text(cell: Cell | None) -> str:
    """How a cell reads in the PDF: ``1.234``, ``75,0``, text as it is."""
    if cell is None:
        return DASH
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int):
        return workflow.format_number(cell)
    if isinstance(cell, float):
        return workflow.format_number(cell, 1)
    return str(cell)


def is_number(cell: Cell | None) -> bool:
    return isinstance(cell, int | float) and not isinstance(cell, bool)


def _n(value: Any) -> Cell:
    """A whole number, a dash for none."""
    return DASH if value is None else int(value)


def _f(value: Any) -> Cell:
    """A one-decimal figure, a dash for none."""
    return DASH if value is None else round(float(value), 1)


def percent_cell(value: Any) -> Cell:
    """A configured percentage: whole when it is (``80``), else one decimal."""
    number = float(value)
    return int(number) if number == int(number) else round(number, 1)


def achievement(fill_rate: float | None, target: float) -> tuple[str, float | None]:
    """``(met | not_met | none, fill rate minus target in points)``."""
    if fill_rate is None:
        return NONE, None
    gap = round(float(fill_rate) - float(target), 1)
    return (MET if gap >= 0 else NOT_MET), gap


def achievement_text(fill_rate: float | None, target: float) -> str:
    """"Belum tercapai (-5,0 poin)", "Tercapai (+2,0 poin)", "Tidak ada
    periode wajib"."""
    status, gap = achievement(fill_rate, target)
    label = tk._(ACHIEVEMENT_LABELS[status])
    if gap is None:
        return label
    return message(N_("{status} ({gap} points)"), {
        "status": label,
        "gap": ("+" if gap > 0 else "") + workflow.format_number(gap, 1)})


def _month_label(month: str) -> str:
    day = dt.date.fromisoformat(month + "-01")
    return format_date(day, format="MMMM y", locale="id")


# ---- the tables ----------------------------------------------------------------

def _summary(f: dict[str, Any], target: float) -> Table:
    total = f["summary"]["total"]
    organizations = f["summary"]["organizations"]
    met = sum(1 for row in organizations
              if achievement(row["fill_rate"], target)[0] == MET)
    with_due = sum(1 for row in organizations if row["fill_rate"] is not None)
    data = f["data_requests"]["total"]
    access = f["access_requests"]["total"]
    use = f["usage"]
    window = f["window"]
    rows: list[tuple[str, Cell]] = [
        (tk._("Period"), message(N_("{period} ({start} to {end})"), {
            "period": window["label"], "start": indonesian_date(window["start"]),
            "end": indonesian_date(window["end"])})),
        (tk._("Figures as of"), indonesian_date(f["today"])),
        (tk._("OPDs"), _n(total["organizations"])),
        (tk._("Datasets in the Daftar Data"), _n(total["datasets"])),
        (tk._("Datasets with a structure"), _n(total["structured"])),
        (tk._("Periods due"), _n(total["due"])),
        (tk._("Periods filled"), _n(total["filled"])),
        (tk._("Fill rate (%)"), _f(total["fill_rate"])),
        (tk._("Target fill rate (%)"), percent_cell(target)),
        (tk._("Achievement of the target"),
         achievement_text(total["fill_rate"], target)),
        (tk._("OPDs at or above the target"), message(N_("{count} of {total}"), {
            "count": met, "total": with_due})),
        (tk._("Periods verified"), _n(total["verified"])),
        (tk._("% verified"), _f(total["verified_rate"])),
        (tk._("Periods published"), _n(total["published"])),
        (tk._("Update compliance (%)"), _f(total["compliance_rate"])),
        (tk._("Periods published late"), _n(total["late"])),
        (tk._("Periods overdue (deadline passed, not published)"),
         _n(total["overdue"])),
        (tk._("Most working days late"), _n(total["max_days_late"])),
        (tk._("Working days late of the overdue periods, together"),
         _n(total["missing_days_total"])),
        (tk._("Returns"), _n(total["returns"])),
        (tk._("Cell notes"), _n(total["cell_notes"])),
        (tk._("Quality flags"), _n(total["quality_flags"])),
        (tk._("Corrections after publication"), _n(total["changes_approved"])),
        (tk._("Working days to verify (median)"), _f(total["verify_median"])),
        (tk._("Working days to publish (median)"), _f(total["publish_median"])),
        (tk._("Data requests received"), _n(data["received"])),
        (tk._("Data requests answered in time"), _n(data["answered_in_time"])),
        (tk._("Requests for restricted data received"), _n(access["received"])),
        (tk._("Restricted data delivered in time"), _n(access["delivered_in_time"])),
        (tk._("Dataset views"), _n(use["views"])),
        (tk._("Downloads"), _n(use["downloads"] + use["access_downloads"])),
    ]
    return Table(
        "summary", "achievement", tk._("Summary"), tk._("Summary"),
        (tk._("Figure"), tk._("Value")), tuple(rows),
        note=tk._("A period is due when it ends in the report's period and before"
                  " the date of the figures; the fill rate is filled ÷ due periods."),
    )


def _achievement(f: dict[str, Any], target: float) -> Table:
    rows: list[tuple[Cell, ...]] = []

    def row(rank: Cell, title: str, figures: dict[str, Any]) -> tuple[Cell, ...]:
        status, gap = achievement(figures["fill_rate"], target)
        return (rank, title, _n(figures["datasets"]), _n(figures["due"]),
                _n(figures["filled"]), _f(figures["fill_rate"]), percent_cell(target),
                _f(gap), tk._(ACHIEVEMENT_LABELS[status]))

    for found in f["summary"]["organizations"]:
        rows.append(row(_n(found["rank"]), found["title"], found))
    rows.append(row(DASH, tk._("All OPDs"), f["summary"]["total"]))
    return Table(
        "achievement", "achievement",
        tk._("Achievement of the target fill rate per OPD"),
        tk._("Target achievement"),
        (tk._("Rank"), tk._("OPD"), tk._("Datasets"), tk._("Periods due"),
         tk._("Filled"), tk._("Fill rate (%)"), tk._("Target (%)"),
         tk._("Difference (points)"), tk._("Achievement")),
        tuple(rows), totals=(len(rows) - 1,),
        note=tk._("OPDs with an active dataset, highest fill rate first."),
    )


def _per_opd(f: dict[str, Any], key: str, title: str, sheet: str,
             heads: tuple[str, ...], cells: Any, note: str = "") -> Table:
    rows = [(found["title"], *cells(found)) for found in f["summary"]["organizations"]]
    rows.append((tk._("All OPDs"), *cells(f["summary"]["total"])))
    return Table(key, "figures", title, sheet, (tk._("OPD"), *heads), tuple(rows),
                 totals=(len(rows) - 1,), note=note)


def _verification(f: dict[str, Any]) -> Table:
    return _per_opd(
        f, "verification", tk._("Verification and update compliance per OPD"),
        tk._("Verification"),
        (tk._("Periods due"), tk._("Submitted"), tk._("Verified"), tk._("% verified"),
         tk._("Published"), tk._("Deadline passed"), tk._("Published on time"),
         tk._("Published late"), tk._("Overdue, not published"),
         tk._("Update compliance (%)"),
         tk._("Most working days late")),
        lambda r: (_n(r["due"]), _n(r["submitted"]), _n(r["verified"]),
                   _f(r["verified_rate"]), _n(r["published"]),
                   _n(r["deadline_passed"]), _n(r["on_time"]), _n(r["late"]),
                   _n(r["overdue"]), _f(r["compliance_rate"]),
                   _n(r["max_days_late"])),
        note=tk._("Update compliance: periods published by their fill deadline ÷"
                  " periods whose deadline passed. Days late are working days."),
    )


def _quality(f: dict[str, Any]) -> Table:
    return _per_opd(
        f, "quality", tk._("Data quality per OPD"), tk._("Quality"),
        (tk._("Returns"), tk._("Cell notes"), tk._("Quality flags"),
         tk._("Corrections after publication")),
        lambda r: (_n(r["returns"]), _n(r["cell_notes"]), _n(r["quality_flags"]),
                   _n(r["changes_approved"])),
        note=tk._("Returns by the verifiers with their cell notes, the automatic"
                  " quality checks' flags at submission and the approved change"
                  " requests of published periods."),
    )


def _times(f: dict[str, Any]) -> Table:
    return _per_opd(
        f, "times", tk._("Verification times per OPD (working days)"),
        tk._("Verification times"),
        (tk._("To verify (median)"), tk._("To verify (slowest)"),
         tk._("To publish (median)"), tk._("To publish (slowest)")),
        lambda r: (_f(r["verify_median"]), _n(r["verify_max"]),
                   _f(r["publish_median"]), _n(r["publish_max"])),
        note=tk._("From the (last) submission to the verification, and from the"
                  " verification to the publication."),
    )


def _sectors(f: dict[str, Any]) -> Table:
    rows = tuple(
        (found["title"], _n(found["due"]), _n(found["filled"]),
         _f(found["fill_rate"]), _f(found["verified_rate"]),
         _f(found["compliance_rate"]), _n(found["overdue"]))
        for found in f["summary"]["sectors"])
    return Table(
        "sectors", "figures", tk._("Figures per urusan"), tk._("Urusan"),
        (tk._("Urusan"), tk._("Periods due"), tk._("Filled"), tk._("Fill rate (%)"),
         tk._("% verified"), tk._("Update compliance (%)"),
         tk._("Overdue, not published")),
        rows, empty=tk._("No period ends in this period."))


def _trend(f: dict[str, Any]) -> Table:
    rows = tuple(
        (point["label"], _n(point["due"]), _n(point["filled"]),
         _f(point["fill_rate"]), _f(point["verified_rate"]),
         _f(point["compliance_rate"]))
        for point in f["summary"]["trend"])
    return Table(
        "trend", "figures", tk._("Trend over the last periods"), tk._("Trend"),
        (tk._("Period"), tk._("Periods due"), tk._("Filled"), tk._("Fill rate (%)"),
         tk._("% verified"), tk._("Update compliance (%)")), rows)


def _problems(f: dict[str, Any]) -> Table:
    rows = tuple(
        (number, item["organization_title"] or item["organization"],
         item["title"] or item["package_name"], present.period_label(item["period"]),
         present.state_label(item["state"]), present.kind_label(item["kind"]),
         indonesian_date(item["deadline"]), _n(item["days_late"]))
        for number, item in enumerate(f["problems"], 1))
    return Table(
        "problems", "problems", tk._("Periods overdue or published late"),
        tk._("Overdue and late"),
        (tk._("No."), tk._("OPD"), tk._("Dataset"), tk._("Period"), tk._("State"),
         tk._("Problem"), tk._("Fill deadline"), tk._("Working days late")),
        rows, empty=tk._("No period is overdue or was published late."),
        note=tk._("Oldest deadline first; an overdue period is late until today,"
                  " a late one was published that many working days after its"
                  " deadline."))


def _returned(f: dict[str, Any]) -> Table:
    rows = tuple(
        (number, item["title"], item["organization_title"], _n(item["returns"]),
         _n(item["cell_notes"]), _n(item["periods"]))
        for number, item in enumerate(f["most_returned"], 1))
    return Table(
        "most_returned", "problems", tk._("Datasets returned most often"),
        tk._("Most returned"),
        (tk._("No."), tk._("Dataset"), tk._("OPD"), tk._("Returns"),
         tk._("Cell notes"), tk._("Periods returned")),
        rows, empty=tk._("No dataset was returned in this period."))


def _data_requests(f: dict[str, Any]) -> Table:
    found = f["data_requests"]

    def cells(counts: dict[str, Any]) -> tuple[Cell, ...]:
        return (_n(counts["received"]), _n(counts["answered"]),
                _n(counts["answered_in_time"]), _n(counts["late"]),
                _n(counts["rejected"]), _n(counts["in_progress"]),
                _n(counts["cancelled"]))

    rows: list[tuple[Cell, ...]] = [(item["title"], *cells(item))
                                    for item in found["organizations"]]
    if found["not_forwarded"]["received"]:
        rows.append((tk._("Not forwarded to an OPD yet"),
                     *cells(found["not_forwarded"])))
    totals: tuple[int, ...] = ()
    if found["total"]["received"]:
        rows.append((tk._("All requests"), *cells(found["total"])))
        totals = (len(rows) - 1,)
    return Table(
        "data_requests", "services", tk._("Data requests (Permohonan Data) per OPD"),
        tk._("Data requests"),
        (tk._("OPD"), tk._("Received"), tk._("Answered"), tk._("Answered in time"),
         tk._("Late"), tk._("Rejected"), tk._("In progress"), tk._("Cancelled")),
        tuple(rows), totals=totals,
        empty=tk._("No data request was filed in this period."),
        note=tk._("Requests filed in the period, per OPD they were forwarded to,"
                  " as they stand on the date of the figures."))


def _access_requests(f: dict[str, Any]) -> Table:
    found = f["access_requests"]

    def cells(counts: dict[str, Any]) -> tuple[Cell, ...]:
        return (_n(counts["received"]), _n(counts["delivered"]),
                _n(counts["delivered_in_time"]), _n(counts["late"]),
                _n(counts.get("rejected", 0)), _n(counts["returned"]),
                _n(counts["in_progress"]))

    rows: list[tuple[Cell, ...]] = [(item["title"], *cells(item))
                                    for item in found["organizations"]]
    totals: tuple[int, ...] = ()
    if found["total"]["received"]:
        rows.append((tk._("All requests"), *cells(found["total"])))
        totals = (len(rows) - 1,)
    return Table(
        "access_requests", "services", tk._("Requests for restricted data per OPD"),
        tk._("Restricted data"),
        (tk._("OPD"), tk._("Received"), tk._("Delivered"), tk._("Delivered in time"),
         tk._("Late"), tk._("Rejected"), tk._("Returned to the institution"),
         tk._("In progress")),
        tuple(rows), totals=totals,
        empty=tk._("No request for restricted data was filed in this period."),
        note=tk._("A request for datasets of several OPDs counts once for each of"
                  " them and once in the total."))


def _most_used(f: dict[str, Any]) -> Table:
    titles = {row["id"]: row["title"] for row in f["summary"]["organizations"]}
    titles.update({row["organization_id"]: row["title"]
                   for row in f["usage"]["organizations"] if row["title"]})
    rows = tuple(
        (number, item["title"], titles.get(item["organization_id"] or "", DASH),
         _n(item["views"]), _n(item["downloads"]), _n(item["access_downloads"]),
         _n(item["total"]))
        for number, item in enumerate(f["usage"]["datasets"], 1))
    return Table(
        "most_used", "services", tk._("Most used datasets"), tk._("Most used"),
        (tk._("No."), tk._("Dataset"), tk._("OPD"), tk._("Views"), tk._("Downloads"),
         tk._("Restricted downloads"), tk._("Total")),
        rows, empty=tk._("No use of the data was recorded in this period."))


def _usage_months(f: dict[str, Any]) -> Table:
    rows = tuple(
        (_month_label(item["month"]), _n(item["views"]), _n(item["downloads"]),
         _n(item["access_downloads"]))
        for item in f["usage"]["months"])
    return Table(
        "usage_months", "services", tk._("Use of the data per month"),
        tk._("Use per month"),
        (tk._("Month"), tk._("Views"), tk._("Downloads"), tk._("Restricted downloads")),
        rows)


def build(figures: dict[str, Any], target: float) -> list[Table]:
    """Every table of the report of ``figures`` (a snapshot of
    :func:`.collect.collect`) against the ``target`` fill rate (percent),
    in the order of the report."""
    target = float(target)
    return [
        _summary(figures, target),
        _achievement(figures, target),
        _verification(figures),
        _quality(figures),
        _times(figures),
        _sectors(figures),
        _trend(figures),
        _problems(figures),
        _returned(figures),
        _data_requests(figures),
        _access_requests(figures),
        _most_used(figures),
        _usage_months(figures),
    ]


def analysis(figures: dict[str, Any], target: float) -> list[str]:
    """Sentences analysing the achievement of the target and the problems
    (the report's opening paragraph)."""
    target = float(target)
    total = figures["summary"]["total"]
    organizations = figures["summary"]["organizations"]
    due = [row for row in organizations if row["fill_rate"] is not None]
    met = [row for row in due if achievement(row["fill_rate"], target)[0] == MET]
    found = []
    if total["fill_rate"] is None:
        found.append(message(N_(
            "No period was due in {period}: there is no fill rate to measure"
            " against the target of {target}%."), {
            "period": figures["window"]["label"],
            "target": text(percent_cell(target))}))
    else:
        found.append(message(N_(
            "In {period} the OPDs filled {filled} of {due} periods due: a fill"
            " rate of {rate}% against the target of {target}%, {achievement}."), {
            "period": figures["window"]["label"], "filled": text(total["filled"]),
            "due": text(total["due"]), "rate": text(_f(total["fill_rate"])),
            "target": text(percent_cell(target)),
            "achievement": achievement_text(total["fill_rate"], target).lower()}))
        found.append(message(N_(
            "{met} of {count} OPDs reached the target; {verified}% of the periods"
            " due are verified and the update compliance is {compliance}%."), {
            "met": text(len(met)), "count": text(len(due)),
            "verified": text(_f(total["verified_rate"])),
            "compliance": text(_f(total["compliance_rate"]))}))
        below = [row["title"] for row in due if row not in met]
        if below:
            found.append(message(N_("Below the target: {names}."), {
                "names": ", ".join(below)}))
    found.append(message(N_(
        "{overdue} periods are overdue and {late} were published late; the"
        " verifiers returned data {returns} times with {notes} cell notes."), {
        "overdue": text(total["overdue"]), "late": text(total["late"]),
        "returns": text(total["returns"]), "notes": text(total["cell_notes"])}))
    return found
