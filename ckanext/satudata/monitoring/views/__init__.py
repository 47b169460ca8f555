"""Pages of the monitoring, one module per capability; the plugin
registers every blueprint ``get_blueprints`` lists."""

from __future__ import annotations

from typing import Any

from ckanext.satudata.monitoring.views import dashboard, report, tracking


def get_blueprints() -> list[Any]:
    return [*dashboard.get_blueprints(), *report.get_blueprints(),
            *tracking.get_blueprints()]
