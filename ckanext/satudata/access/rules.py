"""Access classes (tingkat keterbukaan) and who may read non-public data.

``terbuka`` datasets are public. ``terbatas`` and ``rahasia`` datasets are
private in CKAN's sense (the schema derives ``private``), so core's
permission labels already limit them to the owning organization's members
and sysadmins in search, pages, API, activity and downloads. Every walidata
(also a non-sysadmin editor/admin of the walidata organization) and the
pembina data (BPS) get one more label that opens every non-public, active
dataset for reading (who they are: :mod:`ckanext.satudata.roles`).
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import roles, vocabulary

#: The label of every active non-public dataset, held by whoever reads all
#: of them (walidata and pembina: ``roles.reads_all_closed_data``). Its
#: value is stored in the search index; it dates from when only the pembina
#: held it, hence the name.
CLOSED_DATA_LABEL = "satudata-pembina"
PEMBINA_LABEL = CLOSED_DATA_LABEL


def dataset_labels(dataset: model.Package, labels: list[str]) -> list[str]:
    """Core's labels of ``dataset`` plus the pembina label when it is not public."""
    if dataset.state == "active" and dataset.private:
        return [*labels, CLOSED_DATA_LABEL]
    return labels


def user_labels(user: model.User | None, labels: list[str]) -> list[str]:
    if user is None or user.is_anonymous:
        return labels
    return [*labels, CLOSED_DATA_LABEL] if roles.reads_all_closed_data(user) else labels


def is_public_class(code: str | None) -> bool:
    return vocabulary.is_public_access(code)


def access_class(dataset: model.Package) -> str | None:
    """The stored ``keterbukaan`` of ``dataset`` (an extra of the package)."""
    return (dataset.extras or {}).get("keterbukaan")


def visible_free_tags(user_name: str) -> set[str]:
    """Free tags (kata kunci) of the datasets ``user_name`` may read.

    Core's tag actions list every tag in the database, those of terbatas and
    rahasia datasets included; search facets apply the permission labels.
    """
    result = tk.get_action("package_search")(
        {"user": user_name},
        {
            "q": "*:*",
            "rows": 0,
            "include_private": True,
            "include_drafts": True,
            "facet.field": ["tags"],
            "facet.limit": -1,
        },
    )
    return {item["name"] for item in result["search_facets"]["tags"]["items"]}
