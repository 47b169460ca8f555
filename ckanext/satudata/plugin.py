from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation


@tk.blanket.config_declarations
@tk.blanket.cli
class SatudataPlugin(DefaultTranslation, p.SingletonPlugin):
    """Portal Satu Data: theme, Indonesian catalogue and demo tooling."""

    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)

    def update_config(self, config_: tk.CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")
        tk.add_public_directory(config_, "public")
