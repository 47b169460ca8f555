from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints
@tk.blanket.helpers
class SatudataIndicatorsPlugin(p.SingletonPlugin):
    """Indicator entry: structures, Belum diisi, the entry grid, Excel/CSV
    imports, survey links and history."""

    p.implements(p.IConfigurer)

    def update_config(self, config_: tk.CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")
        tk.add_resource("assets", "satudata_indicators")
