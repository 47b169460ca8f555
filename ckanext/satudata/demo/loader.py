"""Load the demo city portal (Kota Semarang) into CKAN, idempotently.

:func:`load` creates, through CKAN's action layer and as the site user, the
OPD organizations, the topic groups, the demo accounts with their
memberships, and the datasets of :mod:`.catalogue` with their CSV files
uploaded to the resource storage (``ckan.storage_path``).

Datasets carry the SDI metadata of the scheming schema as top-level fields
(``tujuan``, ``wilayah``, ``keterbukaan``, ...). ``private`` is never sent:
the schema derives it from ``keterbukaan`` (only ``terbuka`` is public).

Running it again updates in place. Every object is found by its name: left
alone when it already matches the catalogue, patched (and undeleted)
otherwise. Resources are matched by name within their dataset; a file is
uploaded again only when its content (SHA-256, kept in the resource's
``hash``) changed or the stored file is missing. Account passwords,
sysadmin flags and memberships in the demo organizations are reset to the
catalogue's. Resources and members the catalogue does not know are kept.

With the ``satudata_indicators`` plugin enabled, the indicator structures,
drafts and survey link of :mod:`.indicators` follow the datasets; with
``satudata_workflow``, the submitted, verified, returned and published
periods of :mod:`.workflow`; with ``satudata_changes``, the change requests
of :mod:`.changes` (one in each status, one approved on a public dataset);
with ``satudata_datarequests``, the data requests of :mod:`.datarequests`;
with ``satudata_institutions``, the institutions of :mod:`.institutions`
(one approved with its users and profile, one waiting) and, with
``satudata_accessrequests`` too, the access requests of
:mod:`.accessrequests` (several stages, one delivered: its download token
is printed).
"""

from __future__ import annotations

import hashlib
import io
import os
from collections import Counter
from collections.abc import Iterable
from typing import Any, Literal

import ckan.plugins.toolkit as tk
from ckan import model, plugins
from ckan.lib.uploader import get_resource_uploader
from werkzeug.datastructures import FileStorage

from ckanext.satudata.demo import catalogue
from ckanext.satudata.demo import config as demo_config
from ckanext.satudata.demo.calls import Ckan, Echo, report
from ckanext.satudata.demo.catalogue import Account, Dataset, Group, Organization, Table

DEFAULT_PASSWORD = "SatuData#2026"

DataDict = dict[str, Any]
Outcome = Literal["created", "updated", "deleted", "unchanged"]
OUTCOMES: tuple[Outcome, ...] = ("created", "updated", "deleted", "unchanged")


def demo_password() -> str:
    return demo_config.demo_password() or DEFAULT_PASSWORD


def load(echo: Echo = print) -> None:
    """Create (or refresh) the demo portal content. Safe to run repeatedly."""
    ckan = Ckan()
    city = catalogue.city()
    echo(f"Loading demo content for {city.name} ({city.code})...")

    _report(echo, "organizations", _load_organizations(ckan))
    _report(echo, "groups", _load_groups(ckan))
    password = demo_password()
    _report(echo, "accounts", _load_accounts(ckan, password))
    _report(echo, "memberships", _sync_memberships(ckan, catalogue.ACCOUNTS))
    datasets, resources = _load_datasets(ckan, catalogue.datasets())
    _report(echo, "datasets", datasets)
    _report(echo, "resources", resources)
    _echo_access_classes(echo, catalogue.datasets())
    if plugins.plugin_loaded("satudata_indicators"):
        from ckanext.satudata.demo import indicators

        indicators.load(echo)
    if plugins.plugin_loaded("satudata_workflow"):
        from ckanext.satudata.demo import workflow

        workflow.load(echo)
        if plugins.plugin_loaded("satudata_changes"):
            from ckanext.satudata.demo import changes

            changes.load(echo)
        if plugins.plugin_loaded("satudata_datarequests"):
            from ckanext.satudata.demo import datarequests

            datarequests.load(echo)
    if plugins.plugin_loaded("satudata_institutions"):
        from ckanext.satudata.demo import institutions

        institutions.load(echo)
        if plugins.plugin_loaded("satudata_accessrequests"):
            from ckanext.satudata.demo import accessrequests

            accessrequests.load(echo)
    if plugins.plugin_loaded("satudata_performance"):
        from ckanext.satudata.demo import performance

        performance.load(echo)
    if plugins.plugin_loaded("satudata_maps"):
        from ckanext.satudata.demo import maps

        maps.load_boundary(echo)
    if plugins.plugin_loaded("satudata_monitoring"):
        from ckanext.satudata.demo import monitoring

        monitoring.load(echo)
    _echo_accounts(echo, password)


def _report(echo: Echo, what: str, outcomes: Counter[Outcome]) -> None:
    report(echo, what, outcomes, OUTCOMES)


def _echo_access_classes(echo: Echo, datasets: Iterable[Dataset]) -> None:
    counts = Counter(dataset.keterbukaan for dataset in datasets)
    details = ", ".join(f"{count} {code}" for code, count in sorted(counts.items()))
    echo(f"  access classes (keterbukaan): {details}")


def _echo_accounts(echo: Echo, password: str) -> None:
    echo(f"Demo accounts (password: {password}) -- for demonstration only:")
    for account in catalogue.ACCOUNTS:
        roles = [f"{capacity} of {org}" for org, capacity in account.memberships]
        if account.sysadmin:
            roles.insert(0, "sysadmin")
        echo(f"  {account.name:<26} {account.email:<42} {', '.join(roles)}")
    if plugins.plugin_loaded("satudata_accounts"):
        echo("Walidata, verifikator and pembina get a login code by e-mail after the"
             " password: see the [mail] lines below or .local/mail/.")


# --------------------------------------------------------------------------
# Organizations and groups
# --------------------------------------------------------------------------


def _load_organizations(ckan: Ckan) -> Counter[Outcome]:
    return Counter(
        _ensure_group_like(ckan, "organization", org) for org in catalogue.ORGANIZATIONS
    )


def _load_groups(ckan: Ckan) -> Counter[Outcome]:
    return Counter(
        _ensure_group_like(ckan, "group", group) for group in catalogue.GROUPS
    )


def _ensure_group_like(
    ckan: Ckan, kind: Literal["organization", "group"], spec: Organization | Group
) -> Outcome:
    wanted = {"title": spec.title, "description": spec.description}
    existing = ckan.show(
        f"{kind}_show", id=spec.name, include_users=False, include_datasets=False
    )
    if existing is None:
        ckan(f"{kind}_create", name=spec.name, **wanted)
        return "created"
    if existing["state"] == "active" and _subset_equal(existing, wanted):
        return "unchanged"
    ckan(f"{kind}_patch", id=existing["id"], state="active", **wanted)
    return "updated"


def _subset_equal(existing: DataDict, wanted: DataDict) -> bool:
    return all(existing.get(key) == value for key, value in wanted.items())


# --------------------------------------------------------------------------
# Accounts and memberships
# --------------------------------------------------------------------------


def _load_accounts(ckan: Ckan, password: str) -> Counter[Outcome]:
    return Counter(
        _ensure_account(ckan, account, password) for account in catalogue.ACCOUNTS
    )


def _ensure_account(ckan: Ckan, account: Account, password: str) -> Outcome:
    wanted = {
        "fullname": account.fullname,
        "email": account.email,
        "about": account.about,
        "sysadmin": account.sysadmin,
    }
    user = model.User.get(account.name)
    if user is None:
        ckan("user_create", name=account.name, password=password, **wanted)
        return "created"
    if (
        user.state == "active"
        and all(getattr(user, key) == value for key, value in wanted.items())
        and user.validate_password(password)
    ):
        return "unchanged"
    ckan("user_patch", id=user.id, password=password, state="active", **wanted)
    return "updated"


def _sync_memberships(ckan: Ckan, accounts: Iterable[Account]) -> Counter[Outcome]:
    """Give each account exactly its catalogue capacity in each demo OPD."""
    accounts = tuple(accounts)
    outcomes: Counter[Outcome] = Counter()
    for org in catalogue.ORGANIZATIONS:
        current = _capacities(ckan, org.name)
        for account in accounts:
            wanted = dict(account.memberships).get(org.name)
            have = current.get(account.name)
            if wanted == have:
                if wanted:
                    outcomes["unchanged"] += 1
                continue
            if wanted:
                ckan(
                    "organization_member_create",
                    id=org.name,
                    username=account.name,
                    role=wanted,
                )
                outcomes["created" if have is None else "updated"] += 1
            else:
                ckan("organization_member_delete", id=org.name, username=account.name)
                outcomes["deleted"] += 1
    return outcomes


def _capacities(ckan: Ckan, organization: str) -> dict[str, str]:
    """User name -> capacity (admin, editor, member) in ``organization``.

    Not ``member_list``: it answers with translated capacity labels.
    """
    org = ckan("organization_show", id=organization, include_datasets=False)
    return {user["name"]: user["capacity"] for user in org.get("users", [])}


# --------------------------------------------------------------------------
# Datasets and resources
# --------------------------------------------------------------------------


def _load_datasets(
    ckan: Ckan, datasets: Iterable[Dataset]
) -> tuple[Counter[Outcome], Counter[Outcome]]:
    dataset_outcomes: Counter[Outcome] = Counter()
    resource_outcomes: Counter[Outcome] = Counter()
    for dataset in datasets:
        outcome, package = _ensure_dataset(ckan, dataset)
        dataset_outcomes[outcome] += 1
        resource_outcomes.update(_ensure_resources(ckan, package, dataset.tables))
    return dataset_outcomes, resource_outcomes


def _dataset_fields(dataset: Dataset) -> DataDict:
    """What package_create/patch get: SDI fields top-level, tags, topic."""
    return {
        **dataset.metadata,
        "tags": [{"name": tag} for tag in dataset.tags],
        "groups": [{"name": dataset.group}],
    }


def _same(shown: Any, wanted: str | None) -> bool:
    """Whether a shown field holds ``wanted`` (empty and absent are alike)."""
    return (shown or None) == (wanted or None)


def _dataset_matches(package: DataDict, dataset: Dataset) -> bool:
    organization = package.get("organization") or {}
    fields = (key for key in catalogue.METADATA_FIELDS if key != "owner_org")
    return (
        package["state"] == "active"
        and organization.get("name") == dataset.organization
        and all(_same(package.get(key), dataset.metadata.get(key)) for key in fields)
        and sorted(tag["name"] for tag in package["tags"]) == sorted(dataset.tags)
        and [group["name"] for group in package["groups"]] == [dataset.group]
    )


def _cleared_fields(package: DataDict, dataset: Dataset) -> DataDict:
    """Optional fields the package has and the catalogue no longer gives."""
    return {
        key: ""
        for key in catalogue.OPTIONAL_FIELDS
        if package.get(key) and key not in dataset.metadata
    }


def _ensure_dataset(ckan: Ckan, dataset: Dataset) -> tuple[Outcome, DataDict]:
    package = ckan.show("package_show", id=dataset.name)
    fields = _dataset_fields(dataset)
    if package is None:
        return "created", ckan("package_create", name=dataset.name, **fields)
    if _dataset_matches(package, dataset):
        return "unchanged", package
    fields.update(_cleared_fields(package, dataset))
    patched = ckan("package_patch", id=package["id"], state="active", **fields)
    return "updated", patched


def _ensure_resources(
    ckan: Ckan, package: DataDict, tables: Iterable[Table]
) -> Counter[Outcome]:
    tables = tuple(tables)
    wanted_names = {table.name for table in tables}
    by_name: dict[str, DataDict] = {}
    outcomes: Counter[Outcome] = Counter()
    for resource in package.get("resources", []):
        name = resource.get("name")
        if name in by_name and name in wanted_names:
            ckan("resource_delete", id=resource["id"])  # duplicate of ours
            outcomes["deleted"] += 1
        else:
            by_name.setdefault(name, resource)
    for table in tables:
        existing = by_name.get(table.name)
        outcomes[_ensure_resource(ckan, package["id"], existing, table)] += 1
    return outcomes


def _ensure_resource(
    ckan: Ckan, package_id: str, resource: DataDict | None, table: Table
) -> Outcome:
    content = table.csv_bytes()
    digest = hashlib.sha256(content).hexdigest()
    fields = {
        "name": table.name,
        "description": table.description,
        "url": table.file_name,
        "url_type": "upload",
        "format": "CSV",
        "mimetype": "text/csv",
        "hash": digest,
        "size": len(content),
    }
    if resource is not None and _resource_matches(resource, fields):
        return "unchanged"
    upload = FileStorage(
        stream=io.BytesIO(content), filename=table.file_name, content_type="text/csv"
    )
    if resource is None:
        ckan("resource_create", package_id=package_id, upload=upload, **fields)
        return "created"
    ckan("resource_patch", id=resource["id"], upload=upload, **fields)
    return "updated"


def _resource_matches(resource: DataDict, fields: DataDict) -> bool:
    same_metadata = all(
        resource.get(key) == fields[key]
        for key in ("description", "url_type", "format", "hash", "size")
    )
    return same_metadata and _stored_size(resource) == fields["size"]


def stored_file_path(resource: DataDict) -> str | None:
    """Where the uploaded file of ``resource`` is on disk, if it is there."""
    try:
        uploader = get_resource_uploader(dict(resource))
        path = uploader.get_path(resource["id"])
    except (AttributeError, TypeError, tk.ValidationError):
        return None
    return path if path and os.path.isfile(path) else None


def _stored_size(resource: DataDict) -> int | None:
    path = stored_file_path(resource)
    return os.path.getsize(path) if path else None
