"""Writing a published period into the dataset's DataStore table.

Every dataset with published values has one DataStore resource ("Data
<title>", remembered in ``satudata_publication``) holding all its
published periods in one long table (see :mod:`.tabular`): publishing a
period creates the resource the first time, (re)declares the columns with
their labels and units, and upserts the period's rows, keyed by period and
breakdown code.

Called by :func:`.transition.move` before the state changes, inside the
publish transaction. CKAN commits its session when it creates a resource
and when it first marks it ``datastore_active``, which ends the lock on
the submission row: the row is locked and checked again afterwards, so
that two people publishing at once still end with one publication, and a
lock per dataset makes two first publications of different periods share
one resource. When anything fails here, the resource created for this
attempt is removed again and a :class:`ValidationError` explains what went
wrong; the caller then rolls back, so our tables stay as they were. When
saving the new state fails after the rows were written, the caller takes
them back with :func:`undo`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import model
from sqlalchemy.exc import SQLAlchemyError

from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.indicators.api import Grid
from ckanext.satudata.messages import N_, message
from ckanext.satudata.workflow import published, store, tabular

log = logging.getLogger(__name__)

RESOURCE_NAME = "Data {title}"
RESOURCE_DESCRIPTION = (
    "Nilai indikator yang telah diverifikasi dan diterbitkan oleh walidata."
    " Semua periode yang diterbitkan ada dalam satu tabel (format panjang):"
    " periode, kode dan nama wilayah atau kategori, lalu satu kolom per"
    " komponen data. Tabel ini diperbarui otomatis setiap kali sebuah periode"
    " diterbitkan, dan dapat dibaca melalui DataStore API (datastore_search)."
)


#: Set while the workflow writes the published resource: the guard
#: (:mod:`..logic.action.guard`) refuses every other write of it. A context
#: variable, not a context key: the DataStore patches the resource with a
#: fresh context (``tk.fresh_context``) that would drop a key.
_writing: ContextVar[bool] = ContextVar("satudata_publication_writing",
                                        default=False)


@contextmanager
def writing() -> Iterator[None]:
    """Let the calls made inside write the published resource."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def is_writing() -> bool:
    """Whether the workflow is writing the published resource now."""
    return _writing.get()


def _site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _datastore_error(error: Any) -> tk.ValidationError:
    if isinstance(error, tk.ValidationError):
        detail = "; ".join(
            f"{key}: {item}" for key, items in error.error_dict.items()
            for item in (items if isinstance(items, list) else [items])
        )
    else:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    return tk.ValidationError({"datastore": [message(N_(
        "The values could not be written to the DataStore, so the period was"
        " not published: {error}"
    ), {"error": detail})]})


def _usable_resource(package: model.Package) -> model.Resource | None:
    """The dataset's DataStore resource, while it is still there and ours."""
    found = store.publication(package.id)
    if found is None:
        return None
    resource = model.Resource.get(found["resource_id"])
    if (
        resource is None or resource.state != "active"
        or resource.package_id != package.id or resource.url_type != "datastore"
    ):
        return None
    return resource


def _create_resource(package: model.Package, context: dict[str, Any]) -> str:
    try:
        created = tk.get_action("resource_create")(dict(context), {
            "package_id": package.id,
            "name": RESOURCE_NAME.format(title=package.title or package.name),
            "description": RESOURCE_DESCRIPTION,
            "url": "",
            "url_type": "datastore",
            "format": "CSV",
        })
    except tk.ValidationError as error:
        raise tk.ValidationError({"resource": [message(N_(
            "The dataset's data resource could not be created: {error}"
        ), {"error": "; ".join(
            f"{key}: {item}" for key, items in error.error_dict.items()
            for item in (items if isinstance(items, list) else [items])
        )})]}) from error
    return created["id"]


def _relock(grid: Grid, values: dict[str, Any]) -> None:
    """Lock the submission again and check it is still the verified
    period with ``values`` (creating a resource committed CKAN's session);
    then hold the dataset's publication until this transaction ends, so
    that two periods published at once register one resource."""
    row = indicators.submission_row(grid.package_id, grid.period.id, lock=True)
    if row is None or row["state"] != "verified" or row["values"] != values:
        raise tk.ValidationError({"state": [message(N_(
            "Period {period} changed while it was being published (someone"
            " else may have published or returned it): reload the page."
        ), {"period": grid.period.label})]})
    store.lock_publication(grid.package_id)


def _discard(resource_id: str, context: dict[str, Any]) -> None:
    """Remove the resource created for a publication that failed."""
    model.Session.rollback()
    for action, data in (
        ("datastore_delete", {"resource_id": resource_id, "force": True}),
        ("resource_delete", {"id": resource_id}),
    ):
        try:
            tk.get_action(action)(dict(context), data)
        except (tk.ObjectNotFound, tk.ValidationError, SQLAlchemyError) as error:
            model.Session.rollback()
            log.warning("Could not %s %s: %s", action, resource_id, error)


def _datastore_errors() -> tuple[type[BaseException], ...]:
    from ckanext.datastore.backend import DatastoreException

    return (tk.ValidationError, tk.ObjectNotFound, SQLAlchemyError, DatastoreException)


@dataclass(frozen=True)
class Written:
    """What a publication wrote into the DataStore (for :func:`undo`)."""

    resource_id: str
    period_id: str
    created: bool  # the resource was made for this publication


def undo(written: Written | None) -> None:
    """Take back what a publication wrote when saving its state failed
    afterwards (the DataStore commits on its own): the resource it made,
    or else the period's rows (a period is published once, so they are
    all this publication's). Best effort: failures are logged."""
    if written is None:
        return
    model.Session.rollback()  # the failed move's transaction is over
    with writing():
        _undo(written)


def _undo(written: Written) -> None:
    context = _site_context()
    if written.created:
        _discard(written.resource_id, context)
        return
    try:
        tk.get_action("datastore_delete")(dict(context), {
            "resource_id": written.resource_id, "force": True,
            "filters": {tabular.PERIOD: written.period_id},
        })
    except _datastore_errors() as error:
        log.warning("Could not remove period %s from %s: %s",
                    written.period_id, written.resource_id, error)


class _CreatedTwice(Exception):
    """Another publication of the same dataset registered its resource
    while this one was creating its own."""


def write_period(package: model.Package, grid: Grid,
                 values: dict[str, Any]) -> Written:
    """Write the values of ``grid``'s period into ``package``'s DataStore
    table (creating the resource and table when needed); what was written.
    Raises ``ValidationError`` when the DataStore refuses."""
    with writing():
        try:
            return _write_period(package, grid, values)
        except _CreatedTwice:
            # the other publication's resource is registered now: write there
            return _write_period(package, grid, values)


def _write_period(package: model.Package, grid: Grid,
                  values: dict[str, Any]) -> Written:
    if not p.plugin_loaded("datastore"):
        raise tk.ValidationError({"datastore": [tk._(
            "The DataStore is not enabled on this portal: values cannot be"
            " published"
        )]})
    structure = grid.structure
    fields = tabular.datastore_fields(structure)
    context = _site_context()
    resource = _usable_resource(package)
    created = resource is None
    resource_id = resource.id if resource else _create_resource(package, context)
    try:
        active = bool(resource and resource.extras.get("datastore_active"))
        new_table = created or not active
        try:
            tk.get_action("datastore_create")(dict(context), {
                "resource_id": resource_id, "fields": fields,
                "primary_key": tabular.primary_key(structure),
            })
        except _datastore_errors() as error:
            raise _datastore_error(error) from error
        _relock(grid, values)
        if created and _usable_resource(package) is not None:
            raise _CreatedTwice
        rows = tabular.records(structure, grid.period, values)
        if new_table:
            # a new table (or one that was emptied) gets every period
            earlier = published.load(package.id)
            rows = tabular.all_records(structure, [
                *(earlier.periods if earlier else ()), (grid.period, values),
            ])
        try:
            tk.get_action("datastore_upsert")(dict(context), {
                "resource_id": resource_id, "records": rows, "method": "upsert",
            })
        except _datastore_errors() as error:
            raise _datastore_error(error) from error
        store.save_publication(package.id, resource_id, fields)
    except Exception:
        if created:
            _discard(resource_id, context)
        raise
    return Written(resource_id, grid.period.id, created)


@dataclass(frozen=True)
class Rewritten:
    """A published period's rows replaced by a revision (for :func:`undo_rewrite`)."""

    resource_id: str
    grid: Grid
    previous: dict[str, Any]


def rewrite_period(package: model.Package, grid: Grid, values: dict[str, Any],
                   previous: dict[str, Any]) -> Rewritten | None:
    """Replace the DataStore rows of ``grid``'s published period by
    ``values`` (an approved change request), holding the dataset's
    publication until the caller's transaction ends, and stamp the
    resource (and so the dataset: DCAT ``dct:modified``) as modified in
    that transaction. ``None`` when the dataset has no DataStore table
    (the next publication writes every period, revised ones included).
    Raises ``ValidationError`` when the DataStore refuses; the caller
    takes the rows back with :func:`undo_rewrite` when its own
    transaction fails afterwards."""
    with writing():
        store.lock_publication(package.id)
        resource = _usable_resource(package)
        if resource is None or not resource.extras.get("datastore_active"):
            return None
        context = _site_context()
        try:
            tk.get_action("datastore_upsert")(dict(context), {
                "resource_id": resource.id, "method": "upsert",
                "records": tabular.records(grid.structure, grid.period, values),
            })
        except _datastore_errors() as error:
            raise tk.ValidationError({"datastore": [message(N_(
                "The new values could not be written to the DataStore, so"
                " nothing was changed: {error}"
            ), {"error": _datastore_error(error).error_dict["datastore"][0]})]}
            ) from error
    return Rewritten(resource.id, grid, previous)


def stamp_modified(package_id: str) -> None:
    """Mark the dataset's DataStore resource (and so the dataset: DCAT
    ``dct:modified``) as modified now, after a revision was committed.
    CKAN's ``package_update`` cannot join the caller's transaction (with
    ``defer_commit`` it rolls its changes back), so this is its own write;
    the DataStore's job does the same later. Failures are logged."""
    found = store.publication(package_id)
    if found is None:
        return
    try:
        with writing():
            tk.get_action("resource_patch")(_site_context(), {
                "id": found["resource_id"],
                "last_modified": indicators.now().isoformat(),
            })
    except Exception:  # the revision stands; the DataStore's job stamps it too
        model.Session.rollback()
        log.exception("Could not stamp resource %s as modified", found["resource_id"])


def undo_rewrite(rewritten: Rewritten | None) -> None:
    """Put back the rows :func:`rewrite_period` replaced (the DataStore
    commits on its own). Best effort: failures are logged."""
    if rewritten is None:
        return
    model.Session.rollback()
    with writing():
        try:
            tk.get_action("datastore_upsert")(dict(_site_context()), {
                "resource_id": rewritten.resource_id, "method": "upsert",
                "records": tabular.records(rewritten.grid.structure,
                                           rewritten.grid.period, rewritten.previous),
            })
        except _datastore_errors() as error:
            log.warning("Could not put back period %s of %s: %s",
                        rewritten.grid.period.id, rewritten.resource_id, error)
