from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.satudata import signals, startup
from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.workflow import activity


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.validators
@tk.blanket.blueprints
@tk.blanket.helpers
@tk.blanket.cli
class SatudataWorkflowPlugin(p.SingletonPlugin):
    """Verification and publication: submit, verify, return, publish;
    audit trail, notifications, quality checks, queues, the DataStore
    table, downloads and charts of published values."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.ISignal)

    def update_config(self, config_: tk.CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")

    def configure(self, config_: tk.CKANConfig) -> None:
        # Our templates extend those of satudata_indicators and datastore
        # (theirs do not extend), so they must be found first.
        startup.require_plugins(
            "satudata_workflow",
            needs=["satudata_indicators", "datastore", "activity"],
            before=["satudata_indicators", "datastore"],
        )
        activity.register_types()
        # A returned period goes back to its operators for correction.
        indicators.allow_entry_in("returned")

    def get_signal_subscriptions(self) -> dict[Any, Any]:
        return {
            signals.values_changed: [activity.record_values_changed],
        }
