"""The published DataStore resource is written by the workflow only.

Publication (:mod:`ckanext.satudata.workflow.publication`) writes the
verified values of a dataset into one DataStore resource, remembered in
``satudata_publication``. The DataStore, the DCAT distributions and the
dump serve that table, so nothing else may write it: the DataStore and
resource actions below, chained on CKAN's, refuse every call about that
resource — every role, sysadmin and ``ignore_auth`` included — unless it
comes from inside :func:`publication.writing`. A ``package_update`` (so
also ``package_patch`` and ``package_revise``) whose ``resources`` leave
the published resource out or change it is refused the same way.

Deleting the whole dataset (``package_delete``) stays an admin decision
and is not guarded here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic.action import delete, patch, update
from ckan.types import Context, DataDict

from ckanext.datastore.logic import action as datastore
from ckanext.satudata.actions import chained_action
from ckanext.satudata.messages import N_
from ckanext.satudata.validation import check_refs
from ckanext.satudata.workflow import publication, store

REFUSED = N_(
    "The values of this resource were verified and published: they change"
    " only through the portal's workflow (publishing a period, or a data"
    " change request), not through the DataStore or resource actions"
)
NOTE = """
    satudata: refused (403) for every user when it would write the
    dataset's published DataStore resource (see ``satudata_published_show``):
    published values change only through the portal's workflow.
"""
#: Keys of a resource that a round trip through ``package_show`` may change
#: without changing what the resource is.
_VOLATILE = frozenset({
    "position", "metadata_modified", "created", "last_modified",
    "tracking_summary", "package_id", "cache_url", "cache_last_updated",
})
#: Keys whose absence from a resource sent back to ``package_update`` clears them.
_CORE = ("name", "description", "url", "url_type", "format", "mimetype", "state")


def _refuse() -> None:
    raise tk.NotAuthorized(tk._(REFUSED))


def _is_published(resource_id: Any) -> bool:
    if publication.is_writing() or not isinstance(resource_id, str):
        return False
    if not resource_id or len(resource_id) > 100:
        return False
    return store.publication_of_resource(resource_id) is not None


def _datastore_bookkeeping(name: str, context: Context, data_dict: DataDict) -> bool:
    """The DataStore's own job that stamps ``last_modified`` on the resource
    after a write (``_patch_resource_last_modified``: the site user patches
    that one key, in a worker, after the publication has returned)."""
    if name != "resource_patch" or not set(data_dict) <= {"id", "last_modified"}:
        return False
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return context.get("user") == site_user["name"]


def _resource_guard(name: str, key: str, original: Callable[..., Any],
                    required: bool = False) -> Any:
    def guarded(up_func: Any, context: Context, data_dict: DataDict) -> Any:
        # an id that is no text was a 500 in CKAN's action
        check_refs(data_dict, required=(key,) if required else (),
                   optional=() if required else (key,))
        if _is_published(data_dict.get(key)):
            if not _datastore_bookkeeping(name, context, data_dict):
                _refuse()
            # resource_patch goes on through resource_update: let it
            with publication.writing():
                return up_func(context, data_dict)
        return up_func(context, data_dict)

    guarded.__name__ = guarded.__qualname__ = name
    guarded.__doc__ = (original.__doc__ or "") + NOTE
    return chained_action(guarded)


def _blank(value: Any) -> Any:
    return None if value in ("", [], {}) else value


def _changed(sent: dict[str, Any], current: dict[str, Any]) -> bool:
    keys = (set(sent) | set(_CORE)) - _VOLATILE
    return any(_blank(sent.get(key)) != _blank(current.get(key)) for key in keys)


def _package_update_refused(data_dict: Any) -> bool:
    """Whether ``data_dict`` drops or changes a published resource."""
    if publication.is_writing() or not isinstance(data_dict, dict):
        return False
    sent = data_dict.get("resources")
    if sent is None:
        return False  # CKAN keeps the resources as they are
    ref = data_dict.get("id") or data_dict.get("name")
    package = model.Package.get(ref) if isinstance(ref, str) and ref else None
    found = store.publication(package.id) if package else None
    if package is None or found is None:
        return False
    shown = tk.get_action("package_show")(
        {"ignore_auth": True}, {"id": package.id}
    )
    current = next((r for r in shown.get("resources", [])
                    if r["id"] == found["resource_id"]), None)
    if current is None:
        return False  # removed before: the next publication makes it again
    if not isinstance(sent, list):
        return True
    mine = [r for r in sent if isinstance(r, dict)
            and r.get("id") == found["resource_id"]]
    return len(mine) != 1 or _changed(mine[0], current)


@chained_action
def package_update(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    check_refs(data_dict, optional=("id", "name"))
    if _package_update_refused(data_dict):
        _refuse()
    return up_func(context, data_dict)


package_update.__doc__ = (update.package_update.__doc__ or "") + NOTE
package_update.__dict__["__doc__"] = package_update.__doc__

datastore_create = _resource_guard(
    "datastore_create", "resource_id", datastore.datastore_create)
datastore_upsert = _resource_guard(
    "datastore_upsert", "resource_id", datastore.datastore_upsert)
datastore_delete = _resource_guard(
    "datastore_delete", "resource_id", datastore.datastore_delete)
datastore_records_delete = _resource_guard(
    "datastore_records_delete", "resource_id", datastore.datastore_records_delete)
datastore_run_triggers = _resource_guard(
    "datastore_run_triggers", "resource_id", datastore.datastore_run_triggers,
    required=True)
resource_update = _resource_guard("resource_update", "id", update.resource_update)
resource_patch = _resource_guard("resource_patch", "id", patch.resource_patch)
resource_delete = _resource_guard("resource_delete", "id", delete.resource_delete)
