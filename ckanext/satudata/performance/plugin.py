from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.satudata import startup


def _blueprints() -> list[Any]:
    from ckanext.satudata.performance import views

    return views.get_blueprints()


def _helpers() -> dict[str, Any]:
    from ckanext.satudata.performance import helpers

    return helpers.get_helpers()


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints(_blueprints)
@tk.blanket.helpers(_helpers)
class SatudataPerformancePlugin(p.SingletonPlugin):
    """The public performance pages: Capaian Kinerja (targets against
    realisation of the indicators the walidata mark) and Statistik Portal
    (the Dashboard Statistik Data); the performance indicator fields of a
    dataset are the walidata's (chained ``package_create``/``update``)."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.IPackageController, inherit=True)

    def update_config(self, config_: tk.CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")

    def configure(self, config_: tk.CKANConfig) -> None:
        # the menu entries extend the catalogue's header; the figures come
        # from the monitoring, the realisation from the workflow, the
        # views and downloads from CKAN's tracking
        startup.require_plugins(
            "satudata_performance",
            needs=["satudata", "satudata_monitoring", "satudata_workflow",
                   "scheming_datasets", "tracking"],
            before=["satudata", "scheming_datasets"],
        )

    # IPackageController: a deleted indicator leaves Capaian Kinerja at once

    def after_dataset_delete(self, context: Context,
                             pkg_dict: dict[str, Any]) -> None:
        from ckanext.satudata.performance import cache, fields

        if fields.is_marked(pkg_dict.get("id")):
            cache.invalidate()
