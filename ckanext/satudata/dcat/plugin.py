from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.satudata import startup


@tk.blanket.blueprints
class SatudataDCATPlugin(p.SingletonPlugin):
    """Federation: the SDI metadata in DCAT (profile ``satudata`` for
    ckanext-dcat) and the portal's concept schemes and region URIs."""

    p.implements(p.IConfigurable)

    def configure(self, config_: tk.CKANConfig) -> None:
        # ckanext-dcat serves the catalogue our profile describes
        startup.require_plugins("satudata_dcat", needs=["dcat"], before=["dcat"])
