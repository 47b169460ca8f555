"""The public pages: Capaian Kinerja (``/capaian-kinerja``, filterable by
OPD, urusan and year with a GET form) and Statistik Portal
(``/statistik``); and the walidata's form of a dataset's performance
indicator fields (``/dataset/<id>/kinerja``). Every page calls the
actions; the charts are the dataset page's server-side SVG
(``workflow/api.py``), no JavaScript."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user, request
from flask import Blueprint

from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.messages import N_
from ckanext.satudata.performance import fields
from ckanext.satudata.workflow import api as workflow

__all__ = ["get_blueprints", "satudata_performance"]

satudata_performance = Blueprint("satudata_performance", __name__)
FILTERS = ("organization", "urusan", "year")


def get_blueprints() -> list[Blueprint]:
    return [satudata_performance]


def _context() -> dict[str, Any]:
    return {"user": "" if current_user.is_anonymous else current_user.name}


#: The filters' names in messages (their labels in the form).
FILTER_LABELS = {"organization": N_("Data producer"), "urusan": N_("Government affair"),
                 "year": N_("Year")}


def _messages(error: tk.ValidationError) -> list[str]:
    return [f"{tk._(FILTER_LABELS[key]) if key in FILTER_LABELS else key}: {text}"
            for key, texts in (error.error_dict or {}).items()
            for text in (texts if isinstance(texts, list) else [texts])]


def _options(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The filter form's choices: the OPDs, urusan and years of the rows."""
    organizations = {row["organization_name"]: row["organization_title"]
                     for row in rows if row["organization_name"]}
    urusan = {row["urusan"]: row["urusan_label"] for row in rows if row["urusan"]}
    return {
        "organization": [{"value": name, "label": title} for name, title in sorted(
            organizations.items(), key=lambda item: item[1].casefold())],
        "urusan": [{"value": code, "label": f"{code} {label}"}
                   for code, label in sorted(urusan.items())],
        "year": [{"value": str(year), "label": str(year)}
                 for year in sorted({row["year"] for row in rows}, reverse=True)],
    }


def _trends(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A line of the realisation across the years, per indicator with two
    years or more."""
    by_package: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["realisation"] is not None:
            by_package[row["package_id"]].append(row)
    found = []
    for found_rows in by_package.values():
        chart = workflow.line_chart([(str(row["year"]), row["realisation"])
                                     for row in sorted(found_rows,
                                                       key=lambda r: r["year"])])
        if chart is not None:
            found.append({"row": found_rows[0], "chart": chart})
    return found


@satudata_performance.route("/capaian-kinerja")
def capaian() -> Any:
    action = tk.get_action("satudata_performance_list")
    everything = action(_context(), {})
    filters = {key: request.args.get(key, "").strip() for key in FILTERS}
    errors: list[str] = []
    try:
        rows = action(_context(), {k: v for k, v in filters.items() if v})
    except tk.ValidationError as error:
        errors = _messages(error)
        rows = everything
        filters = {key: "" for key in FILTERS}
    years = sorted({row["year"] for row in rows
                    if row["achievement"] is not None}, reverse=True)
    chart_year = int(filters["year"]) if filters["year"] else (
        years[0] if years else None)
    bar = workflow.bar_chart([
        (f'{row["title"]} ({row["organization_title"]})', row["achievement"])
        for row in rows
        if row["year"] == chart_year and row["achievement"] is not None])
    shown = {row["package_id"] for row in rows}
    return tk.render("satudata/performance/capaian.html", {
        "rows": rows, "filters": filters, "options": _options(everything),
        "errors": errors, "chart_year": chart_year, "bar": bar,
        # every year of the indicators shown, whatever the year chosen
        "trends": _trends([row for row in everything if row["package_id"] in shown]),
        "indicators": len({row["package_id"] for row in everything}),
    })


@satudata_performance.route("/statistik")
def statistik() -> Any:
    figures = tk.get_action("satudata_performance_statistics")(_context(), {})
    months = figures["usage"]["months"]

    def line(key: str) -> Any:
        # a flat line of zeros says nothing the table does not
        if not any(month[key] for month in months):
            return None
        return workflow.line_chart([(month["label"], month[key]) for month in months])

    return tk.render("satudata/performance/statistik.html", {
        "figures": figures,
        "views_chart": line("views"),
        "downloads_chart": line("downloads"),
        "categories_chart": workflow.bar_chart(
            [(item["label"], item["count"]) for item in figures["categories"]]),
        "urusan_chart": workflow.bar_chart(
            [(item["label"], item["count"]) for item in figures["urusan"]]),
    })


def _components(package_id: str) -> list[dict[str, str]]:
    """The numeric components the realisation may come from."""
    structure = indicators.structure_of(package_id)
    if structure is None:
        return []
    return [{"value": c.code, "label": f"{c.name} ({c.code})"}
            for c in structure.components if c.type in fields.NUMERIC_TYPES]


@satudata_performance.route("/dataset/<id>/kinerja", methods=["GET", "POST"])
def mark(id: str) -> Any:
    try:
        tk.check_access("satudata_performance_mark", _context(), {"id": id})
        pkg = tk.get_action("package_show")(
            {**_context(), "ignore_auth": True}, {"id": id})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the walidata mark performance indicators"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    if pkg.get("type") != "dataset":
        return tk.abort(404, tk._("Dataset not found"))
    values = {name: pkg.get(name) or "" for name in fields.FIELDS}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {name: request.form.get(name, "").strip() for name in fields.FIELDS}
        try:
            tk.get_action("satudata_performance_mark")(
                _context(), {"id": pkg["id"], **values})
        except tk.ValidationError as error:
            errors = {key: texts if isinstance(texts, list) else [str(texts)]
                      for key, texts in (error.error_dict or {}).items()}
        else:
            tk.h.flash_success(tk._("The performance indicator fields are saved."))
            return tk.redirect_to("satudata_performance.mark", id=pkg["name"])
    return tk.render("satudata/performance/mark.html", {
        "pkg": pkg, "values": values, "errors": errors,
        "components": _components(pkg["id"]),
        "labels": {name: fields.label(name) for name in fields.FIELDS},
    })
