"""Action functions of the monitoring, one module per capability (the
dashboards' figures, the periodic reports). ``tk.blanket.actions``
exports the names in ``__all__``, gathered from the modules' own."""

from __future__ import annotations

from ckanext.satudata.actions import gather
from ckanext.satudata.monitoring.logic.action import dashboard, report

__all__ = gather(globals(), dashboard, report)
