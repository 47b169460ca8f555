from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.satudata import startup


def _blueprints() -> list[Any]:
    from ckanext.satudata.accessrequests import views

    return views.get_blueprints()


def _helpers() -> dict[str, Any]:
    from ckanext.satudata.accessrequests import helpers

    return helpers.get_helpers()


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints(_blueprints)
@tk.blanket.helpers(_helpers)
class SatudataAccessrequestsPlugin(p.SingletonPlugin):
    """Access requests for restricted (terbatas) data, after the DTSEN user
    guide: an approved institution asks for variables of terbatas datasets;
    the officers move the request through the DTSEN stages (working days,
    ``calendar.api``), the portal builds the extract (identifying columns
    removed for level 3), the institution signs the BAST (``documents``)
    and downloads with a token sent by e-mail."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)

    def update_config(self, config_: tk.CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")

    def configure(self, config_: tk.CKANConfig) -> None:
        startup.require_plugins(
            "satudata_accessrequests",
            needs=["satudata_documents", "satudata_calendar", "satudata_workflow",
                   "satudata_institutions"],
        )
        # the BAST's document kind and the notifications' kinds
        from ckanext.satudata.accessrequests import bast, notify, stages  # noqa: F401

        stages.check_config()
