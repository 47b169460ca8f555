"""Core actions guarded by the access-class plugin."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.types import Context, DataDict

from .. import rules

__all__ = ["bulk_update_public"]


@tk.chained_action
def bulk_update_public(next_action: Any, context: Context, data_dict: DataDict) -> Any:
    """Core's bulk "make public" writes ``private`` without validating the
    datasets: refuse it for any dataset whose access class is not
    ``terbuka``, so the organization page cannot open terbatas/rahasia data.

    :param datasets: list of ids of the datasets to update
    :type datasets: list of strings
    :param org_id: id of the owning organization
    :type org_id: string
    """
    tk.check_access("bulk_update_public", context, data_dict)
    closed = []
    for dataset_id in data_dict.get("datasets") or []:
        package = model.Package.get(dataset_id)
        if package is not None and not rules.is_public_class(
            rules.access_class(package)
        ):
            closed.append(package.title or package.name)
    if closed:
        raise tk.ValidationError(
            {
                "datasets": [
                    tk._(
                        'Only datasets with access class "terbuka" can be public. '
                        "Change the access class of: {titles}"
                    ).format(titles=", ".join(closed))
                ]
            }
        )
    return next_action(context, data_dict)
