"""The change requests' public module: what another plugin may use.

- :func:`approved_counts` — approved change requests (corrections of
  published periods) per dataset and period, for the monitoring figures.
"""

from __future__ import annotations

from ckanext.satudata.changes.store import approved_counts

__all__ = ["approved_counts"]
