"""Auth functions of the monitoring, one module per capability."""

from __future__ import annotations

from ckanext.satudata.actions import gather
from ckanext.satudata.monitoring.logic.auth import dashboard, report

__all__ = gather(globals(), dashboard, report)
