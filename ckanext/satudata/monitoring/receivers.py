"""What the monitoring does when something it counts changes (signals and
dataset hooks): the dataset's fact rows are rewritten in the same
transaction and the cached figures invalidated."""

from __future__ import annotations

from typing import Any

from ckan import model

from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.monitoring import facts, jobs
from ckanext.satudata.workflow import api as workflow


def period_moved(package: model.Package, grid: indicators.Grid,
                 transition: dict[str, Any]) -> None:
    """Keep the quality checks' findings of a submission, then refresh."""
    if transition["action"] == "submit":
        row = indicators.submission_row(package.id, grid.period.id)
        if row is not None:
            report = workflow.checks(grid, row["values"])
            facts.record_check(transition, report["summary"])
    jobs.refresh_packages([package.id])


def dataset_changed(package_id: str | None) -> None:
    if package_id and package_id in indicators.structured_package_ids():
        jobs.refresh_packages([package_id])
