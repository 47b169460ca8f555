from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk


@tk.blanket.blueprints
class SatudataDCATPlugin(p.SingletonPlugin):
    """Federation: the SDI metadata in DCAT (profile ``satudata`` for
    ckanext-dcat) and the portal's concept schemes and region URIs."""
