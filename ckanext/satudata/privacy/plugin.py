from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context

from ckanext.satudata import roles, signals


def _blueprints() -> list[Any]:
    from ckanext.satudata.privacy import views

    return views.get_blueprints()


def _helpers() -> dict[str, Any]:
    from ckanext.satudata.privacy import helpers

    return helpers.get_helpers()


def _publishing(sender: str, **data: Any) -> None:
    from ckanext.satudata.privacy import guard

    guard.publication(data["package"], data["grid"], data["submission"])


def _moved(sender: str, **data: Any) -> None:
    from ckanext.satudata.privacy import scanning

    scanning.period_moved(data["package"], data["grid"], data["transition"])


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints(_blueprints)
@tk.blanket.helpers(_helpers)
class SatudataPrivacyPlugin(p.SingletonPlugin):
    """The personal-data guard: uploads to terbuka datasets and indicator
    periods are checked for personal data (background jobs); what holds
    high-confidence personal data is held — not downloadable, not
    published — until the walidata confirm it or it is fixed."""

    p.implements(p.IConfigurer)
    p.implements(p.ISignal)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IPackageController, inherit=True)

    def update_config(self, config_: tk.CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")

    def get_signal_subscriptions(self) -> dict[Any, Any]:
        return {
            signals.period_publishing: [_publishing],
            signals.period_moved: [_moved],
        }

    # IResourceController

    def after_resource_create(self, context: Context,
                              resource: dict[str, Any]) -> None:
        from ckanext.satudata.privacy import scanning

        scanning.resource_saved(context, resource)

    def after_resource_update(self, context: Context,
                              resource: dict[str, Any]) -> None:
        from ckanext.satudata.privacy import scanning

        scanning.resource_saved(context, resource)

    # IPackageController

    def after_dataset_show(self, context: Context,
                           pkg_dict: dict[str, Any]) -> None:
        """Mark each held resource (``satudata_privacy_held``); its editors
        and the walidata also see the check's ``satudata_privacy_status``."""
        from ckanext.satudata.privacy import scanning, store

        resources = pkg_dict.get("resources") or []
        if not resources or not pkg_dict.get("id"):
            return
        package = model.Package.get(pkg_dict["id"])
        if not scanning.is_terbuka(package):
            return
        found = store.latest_of_resources([r["id"] for r in resources if r.get("id")])
        if not found:
            return
        assert package is not None
        user = context.get("user") or None
        editor = bool(user) and roles.can_write(user, package)
        for resource in resources:
            row = found.get(resource.get("id"))
            if row is None:
                continue
            resource["satudata_privacy_held"] = scanning.held(row)
            if editor:
                resource["satudata_privacy_status"] = row["status"]
