from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.satudata import startup


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.helpers
@tk.blanket.blueprints
class SatudataCalendarPlugin(p.SingletonPlugin):
    """Working days and stage deadlines: weekends, libur nasional and cuti
    bersama (``lokal``) and the regional holidays the walidata keep on
    ``/ckan-admin/hari-libur`` are days off. Data requests and access
    requests count their stages' limits through ``calendar/api.py``."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)

    def update_config(self, config_: tk.CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")

    def configure(self, config_: tk.CKANConfig) -> None:
        # the holidays page uses the catalogue's theme and message catalogue
        startup.require_plugins("satudata_calendar", needs=["satudata"])
