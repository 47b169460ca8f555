from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.satudata import startup


def _blueprints() -> list[Any]:
    from ckanext.satudata.datarequests import views

    return views.get_blueprints()


def _helpers() -> dict[str, Any]:
    from ckanext.satudata.datarequests import helpers

    return helpers.get_helpers()


def _commands() -> list[Any]:
    from ckanext.satudata.datarequests import cli

    return cli.get_commands()


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints(_blueprints)
@tk.blanket.helpers(_helpers)
@tk.blanket.cli(_commands)
class SatudataDatarequestsPlugin(p.SingletonPlugin):
    """Data requests (Permohonan Data, SOP Diskominfo): anybody logged in
    asks for data; the walidata check, forward it to the producer OPD with
    a covering letter, and deliver the OPD's answer (or reject it) with a
    letter; an institution returns its data balikan. Every stage is timed
    in working days (``calendar.api``)."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)

    def update_config(self, config_: tk.CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")

    def configure(self, config_: tk.CKANConfig) -> None:
        startup.require_plugins(
            "satudata_datarequests",
            needs=["satudata_documents", "satudata_calendar", "satudata_workflow"],
        )
        # the letters' document kinds and the notifications' kinds
        from ckanext.satudata.datarequests import letters, notify, stages  # noqa: F401

        stages.check_config()
