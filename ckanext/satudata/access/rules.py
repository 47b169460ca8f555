"""Access classes (tingkat keterbukaan) and who may read non-public data.

``terbuka`` datasets are public. ``terbatas`` and ``rahasia`` datasets are
private in CKAN's sense (the schema derives ``private``), so core's
permission labels already limit them to the owning organization's members
and sysadmins (walidata) in search, pages, API, activity and downloads. The
pembina data (members of the configured pembina organization, BPS) gets a
label of its own that opens every non-public, active dataset for reading.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata import vocabulary

PEMBINA_LABEL = "satudata-pembina"


def pembina_organization() -> str:
    return tk.config.get("ckanext.satudata.pembina_organization")


def is_pembina(user: model.User | None) -> bool:
    """Whether ``user`` is a member (any capacity) of the pembina organization."""
    name = pembina_organization()
    if not user or user.is_anonymous or not name:
        return False
    organization = model.Group.get(name)
    if organization is None or not organization.is_organization:
        return False
    return (
        model.Session.query(model.Member.id)
        .filter(
            model.Member.group_id == organization.id,
            model.Member.table_name == "user",
            model.Member.table_id == user.id,
            model.Member.state == "active",
        )
        .first()
        is not None
    )


def dataset_labels(dataset: model.Package, labels: list[str]) -> list[str]:
    """Core's labels of ``dataset`` plus the pembina label when it is not public."""
    if dataset.state == "active" and dataset.private:
        return [*labels, PEMBINA_LABEL]
    return labels


def user_labels(user: model.User | None, labels: list[str]) -> list[str]:
    return [*labels, PEMBINA_LABEL] if is_pembina(user) else labels


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
