from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.satudata import startup


def _blueprints() -> list[Any]:
    from ckanext.satudata.institutions import views

    return views.get_blueprints()


def _helpers() -> dict[str, Any]:
    from ckanext.satudata.institutions import helpers

    return helpers.get_helpers()


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints(_blueprints)
@tk.blanket.helpers(_helpers)
class SatudataInstitutionsPlugin(p.SingletonPlugin):
    """Institution accounts (Instansi pemohon, after Bappenas DTSEN): an
    institution registers with 2 to 4 users and its request letter; the
    walidata approve (accounts created, set-password links e-mailed) or
    reject (notes and a correction link); its users keep its profile."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)

    def update_config(self, config_: tk.CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")

    def configure(self, config_: tk.CKANConfig) -> None:
        # the per-IP limit and the Indonesian set-password page are the
        # accounts plugin's; our pages extend the catalogue's theme
        startup.require_plugins(
            "satudata_institutions", needs=["satudata_accounts", "satudata"],
            before=["satudata"],
        )
