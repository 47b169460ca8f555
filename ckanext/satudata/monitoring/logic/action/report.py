"""Actions of the periodic report (seed 001 §8.3; ``docs/monitoring.md``,
"Periodic reports"): the walidata create a draft for a period, generate
its PDF and Excel files (again whenever they want), write the
Rekomendasi and the Rencana Tindak Lanjut and finalise it; the walidata
and the pembina read every report."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata.monitoring import window as windows
from ckanext.satudata.monitoring.logic import schema_report as schema
from ckanext.satudata.monitoring.report import service

__all__ = [
    "satudata_monitoring_report_create",
    "satudata_monitoring_report_delete",
    "satudata_monitoring_report_finalise",
    "satudata_monitoring_report_generate",
    "satudata_monitoring_report_list",
    "satudata_monitoring_report_show",
    "satudata_monitoring_report_update",
]


def _user(context: Context) -> str | None:
    return context.get("user") or None


@validate(schema.report_create)
def satudata_monitoring_report_create(context: Context, data_dict: DataDict
                                      ) -> dict[str, Any]:
    """Create a draft periodic report of a period, measured against the
    target fill rate configured now
    (``ckanext.satudata.monitoring.target_fill_rate``). Its files are made
    by :func:`satudata_monitoring_report_generate`. One draft per period.
    For the walidata.

    :param window: the period of the report: a year (``2026``), semester
        (``2026-S2``), quarter (``2026-Q3``) or month (``2026-07``)
    :type window: string
    :returns: the report (see :func:`satudata_monitoring_report_show`)
    :rtype: dictionary
    """
    tk.check_access("satudata_monitoring_report_create", context, data_dict)
    found = windows.parse(data_dict["window"])
    assert found is not None  # the schema checked it
    return service.as_dict(service.create(found, _user(context)))


@validate(schema.report_update)
def satudata_monitoring_report_update(context: Context, data_dict: DataDict
                                      ) -> dict[str, Any]:
    """Write the Rekomendasi and/or the Rencana Tindak Lanjut of a draft
    report (each at most 20,000 characters; a parameter left out keeps its
    text). For the walidata; a final report is refused.

    :param id: the report's id
    :type id: string
    :param rekomendasi: the recommendations for improvement
    :type rekomendasi: string
    :param rencana: the follow-up plan (Rencana Tindak Lanjut)
    :type rencana: string
    :rtype: dictionary
    """
    tk.check_access("satudata_monitoring_report_update", context, data_dict)
    values = {key: data_dict[key] for key in service.TEXT_FIELDS if key in data_dict}
    return service.as_dict(service.update_texts(data_dict["id"], values))


@validate(schema.report_generate)
def satudata_monitoring_report_generate(context: Context, data_dict: DataDict
                                        ) -> dict[str, Any]:
    """Build (or rebuild) the PDF and the Excel file of a draft report from
    the figures as they are now: the figures are kept in the report, the
    earlier files replaced. For the walidata; a final report is refused.

    :param id: the report's id
    :type id: string
    :param background: as a background job (queue ``satudata``, default
        ``true``): the report's ``job`` shows its progress; ``false``: here
        and now
    :type background: boolean
    :returns: the report (with ``job``)
    :rtype: dictionary
    """
    tk.check_access("satudata_monitoring_report_generate", context, data_dict)
    if data_dict.get("background", True):
        return service.as_dict(service.queue(data_dict["id"]))
    found = service.generate(data_dict["id"])
    assert found is not None
    return service.as_dict(found)


@validate(schema.report_ref)
def satudata_monitoring_report_finalise(context: Context, data_dict: DataDict
                                        ) -> dict[str, Any]:
    """Finalise a draft report: both the Rekomendasi and the Rencana Tindak
    Lanjut must be written. The figures are those of its last generation
    (computed now when it was never generated); the PDF is issued as a
    numbered document with a verification QR code, the Excel file written
    from the same tables, and the report never changes again. For the
    walidata.

    :param id: the report's id
    :type id: string
    :returns: the report (``number``, ``verification_url``, ``finalised``)
    :rtype: dictionary
    """
    tk.check_access("satudata_monitoring_report_finalise", context, data_dict)
    return service.as_dict(service.finalise(data_dict["id"], _user(context)))


@validate(schema.report_ref)
def satudata_monitoring_report_delete(context: Context, data_dict: DataDict) -> None:
    """Delete a draft report and its files (a final report is kept). For
    the walidata.

    :param id: the report's id
    :type id: string
    """
    tk.check_access("satudata_monitoring_report_delete", context, data_dict)
    service.delete(data_dict["id"])


@validate(schema.report_ref)
@tk.side_effect_free
def satudata_monitoring_report_show(context: Context, data_dict: DataDict
                                    ) -> dict[str, Any]:
    """One periodic report: ``window`` and ``window_label``, ``status``
    (``draft`` or ``final``), ``target_percent``, ``rekomendasi``,
    ``rencana``, ``created``/``created_by``, ``generated``,
    ``finalised``/``finalised_by``, ``number`` and ``verification_url`` of
    the issued PDF (final reports), ``pdf`` and ``xlsx`` (``id``, ``name``,
    ``size`` of the files, ``null`` before the first generation), ``job``
    (``status`` ``queued``/``running``/``done``/``failed``, ``step`` of
    ``steps``, ``error``), ``figures`` (the snapshot the files were made
    from), ``tables`` (``title``, ``heads``, ``rows``: what the PDF and the
    Excel file hold, in the portal's language) and ``analysis``. For the
    walidata and the pembina.

    :param id: the report's id
    :type id: string
    :rtype: dictionary
    """
    tk.check_access("satudata_monitoring_report_show", context, data_dict)
    return service.show(data_dict["id"])


@validate(schema.report_list)
@tk.side_effect_free
def satudata_monitoring_report_list(context: Context, data_dict: DataDict
                                    ) -> dict[str, Any]:
    """The periodic reports, newest first (by the date they were
    finalised, drafts by the date they were created), without figures. For
    the walidata and the pembina.

    :param status: only ``draft`` or ``final`` reports (optional)
    :type status: string
    :param window: only the reports of this period (optional)
    :type window: string
    :param limit: at most this many (default 20, at most 1000)
    :type limit: int
    :param offset: skip this many
    :type offset: int
    :returns: ``{"count": n, "results": [report, ...]}``
    :rtype: dictionary
    """
    tk.check_access("satudata_monitoring_report_list", context, data_dict)
    return service.search(data_dict.get("status"), data_dict.get("window"),
                          data_dict["limit"], data_dict["offset"])
