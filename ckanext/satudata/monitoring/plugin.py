from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.satudata import signals, startup


def _blueprints() -> list[Any]:
    from ckanext.satudata.monitoring import views

    return views.get_blueprints()


def _helpers() -> dict[str, Any]:
    from ckanext.satudata.monitoring import helpers

    return helpers.get_helpers()


def _commands() -> list[Any]:
    from ckanext.satudata.monitoring import cli

    return cli.get_commands()


def _moved(sender: str, **data: Any) -> None:
    from ckanext.satudata.monitoring import receivers

    receivers.period_moved(data["package"], data["grid"], data["transition"])


def _changed(sender: str, **data: Any) -> None:
    from ckanext.satudata.monitoring import jobs

    jobs.refresh_packages([sender])


#: The calendar's actions that change the regional holidays: the working
#: days late are counted again (by whichever web process asks next).
HOLIDAY_ACTIONS = ("satudata_holiday_create", "satudata_holiday_delete")


def _holidays_changed(sender: str, **data: Any) -> None:
    from ckanext.satudata.monitoring import cache

    cache.bump()


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints(_blueprints)
@tk.blanket.helpers(_helpers)
@tk.blanket.cli(_commands)
class SatudataMonitoringPlugin(p.SingletonPlugin):
    """Monitoring and reporting: fill rates, timeliness, quality and
    verification times per OPD and urusan (a fact table kept up to date on
    every change), the walidata's and each OPD's dashboards, and the
    periodic reports."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.ISignal)
    p.implements(p.IPackageController, inherit=True)

    def update_config(self, config_: tk.CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")

    def configure(self, config_: tk.CKANConfig) -> None:
        # the figures read the tables of these plugins (through their
        # public modules); the maps are optional
        startup.require_plugins(
            "satudata_monitoring",
            needs=["satudata_indicators", "satudata_workflow", "satudata_calendar",
                   "satudata_changes", "satudata_documents", "satudata_datarequests",
                   "satudata_accessrequests", "tracking"],
        )

    def get_signal_subscriptions(self) -> dict[Any, Any]:
        return {
            signals.period_moved: [_moved],
            signals.values_changed: [_changed],
            signals.structure_changed: [_changed],
            tk.signals.action_succeeded: [
                {"receiver": _holidays_changed, "sender": action}
                for action in HOLIDAY_ACTIONS],
        }

    # IPackageController: a dataset's OPD, urusan or state changed

    def after_dataset_update(self, context: Context,
                             pkg_dict: dict[str, Any]) -> None:
        from ckanext.satudata.monitoring import receivers

        receivers.dataset_changed(pkg_dict.get("id"))

    def after_dataset_delete(self, context: Context,
                             pkg_dict: dict[str, Any]) -> None:
        from ckanext.satudata.monitoring import receivers

        receivers.dataset_changed(pkg_dict.get("id"))
