from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from ckan.lib.plugins import DefaultPermissionLabels

from ckanext.satudata.access import rules


@tk.blanket.config_declarations
@tk.blanket.auth_functions
@tk.blanket.actions
class SatudataAccessPlugin(DefaultPermissionLabels, p.SingletonPlugin):
    """Access classes: terbatas/rahasia data for members, walidata, pembina."""

    p.implements(p.IPermissionLabels)

    def get_dataset_labels(self, dataset_obj: model.Package) -> list[str]:
        return rules.dataset_labels(
            dataset_obj, super().get_dataset_labels(dataset_obj)
        )

    def get_user_dataset_labels(self, user_obj: model.User) -> list[str]:
        return rules.user_labels(user_obj, super().get_user_dataset_labels(user_obj))
