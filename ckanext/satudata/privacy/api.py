"""The public surface of ``satudata_privacy``: what another plugin may ask
of the personal-data guard. Nothing else of this sub-package is imported
from outside it.

- :func:`resource_held`: whether a resource (an upload of a terbuka
  dataset) is held for personal data;
- :func:`period_held`: whether an indicator period's newest check holds
  its publication.
"""

from __future__ import annotations

from ckan import model

from ckanext.satudata.privacy import scanning

__all__ = ["period_held", "resource_held"]


def resource_held(resource_id: str) -> bool:
    return scanning.held_resource(model.Resource.get(resource_id))


def period_held(package_id: str, period: str) -> bool:
    package = model.Package.get(package_id)
    row = scanning.period_scan(package_id, period) if package else None
    return scanning.held(row, scanning.is_terbuka(package))
