from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.satudata import startup


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints
@tk.blanket.helpers
class SatudataChangesPlugin(p.SingletonPlugin):
    """Change requests (Perubahan Data): producers propose new values for a
    published period and upload the signed request document; walidata
    approve (the published values change in one step) or reject; every
    revised period keeps its public history."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)

    def update_config(self, config_: tk.CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")

    def configure(self, config_: tk.CKANConfig) -> None:
        # our templates extend the workflow's dataset page, entry page and
        # dashboard, so they must be found first
        startup.require_plugins(
            "satudata_changes",
            needs=["satudata_workflow", "satudata_indicators", "satudata_documents"],
            before=["satudata_workflow", "satudata_indicators"],
        )
