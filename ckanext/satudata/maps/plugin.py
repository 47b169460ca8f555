from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.satudata import startup


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.helpers
@tk.blanket.blueprints
class SatudataMapsPlugin(p.SingletonPlugin):
    """Thematic maps: the region's boundary file and choropleths of datasets
    broken down by region. The walidata upload the boundary GeoJSON of the
    portal's kecamatan or desa/kelurahan on ``/ckan-admin/batas-wilayah``;
    the dataset page of a dataset broken down by that level then shows a
    thematic map of the chosen component and period under its chart
    (``satudata/workflow/snippets/published.html``), and other plugins draw
    maps through ``maps/api.py``. Without a boundary nothing changes."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)

    def update_config(self, config_: tk.CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")

    def configure(self, config_: tk.CKANConfig) -> None:
        # the map extends the workflow's published section on the dataset
        # page: our template must come first
        startup.require_plugins(
            "satudata_maps", needs=["satudata", "satudata_workflow",
                                    "satudata_indicators"],
            before=["satudata", "satudata_workflow"],
        )
