"""The report as a PDF, through the documents plugin: a draft is a
preview (the letterhead, no number: :func:`documents.preview`), a
finalised report an issued document (numbered, with the QR code of its
public verification page: :func:`documents.issue`). Both render the
template ``satudata/monitoring/report/document.html`` from the tables of
:mod:`.tables`."""

from __future__ import annotations

from typing import Any

from ckanext.satudata.documents import api as documents
from ckanext.satudata.messages import N_
from ckanext.satudata.monitoring.report import tables as report_tables
from ckanext.satudata.monitoring.report.tables import Table

KIND = "monitoring_report"
TEMPLATE = "satudata/monitoring/report/document.html"
OWNER_TYPE = "satudata_monitoring_report"

documents.register_kind(KIND, N_("Periodic monitoring report"))


def _sections(tables: list[Table]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for table in tables:
        if not found or found[-1]["key"] != table.section:
            found.append({"key": table.section,
                          "title": report_tables.SECTIONS[table.section],
                          "tables": []})
        found[-1]["tables"].append(table)
    return found


def _vars(report: dict[str, Any], tables: list[Table], analysis: list[str],
          final: bool) -> dict[str, Any]:
    return {"report": report, "sections": _sections(tables), "analysis": analysis,
            "final": final, "cell_text": report_tables.text,
            "is_number": report_tables.is_number}


def draft(report: dict[str, Any], tables: list[Table], analysis: list[str],
          subject: str) -> bytes:
    """The PDF of a draft (not numbered, marked as a draft)."""
    return documents.preview(TEMPLATE, _vars(report, tables, analysis, False),
                             subject=subject)


def issue(report: dict[str, Any], tables: list[Table], analysis: list[str],
          subject: str, certified: str, created_by: str) -> dict[str, Any]:
    """Issue the finalised report's PDF in the caller's transaction (see
    :func:`documents.issue`: on a failure before the commit, roll back and
    :func:`discard`)."""
    return documents.issue(
        KIND, TEMPLATE, _vars(report, tables, analysis, True), OWNER_TYPE,
        report["id"], subject=subject, certified=certified, created_by=created_by,
    )


discard = documents.discard
response = documents.response
