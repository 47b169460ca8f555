"""The steps of a change request: create, upload the signed approval,
approve, reject, delete. Each locks what it changes, records an event and
notifies; the action commits.

Approval writes the new values everywhere in one step: the submission
(through ``indicators.api.revise``, which records the change), the
published DataStore rows (through ``workflow.api.rewrite_period``, under
the publication's lock), the resource's ``last_modified`` (DCAT
``dct:modified``), the request's status, its event and the activity. When
anything fails the transaction is rolled back and the DataStore rows are
put back, so nothing is half changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from sqlalchemy.exc import IntegrityError

from ckanext.satudata.changes import (
    access,
    approval,
    document,
    notify,
    proposal,
    statuses,
    store,
)
from ckanext.satudata.documents import api as documents
from ckanext.satudata.indicators import api as indicators
from ckanext.satudata.messages import N_, message
from ckanext.satudata.workflow import api as workflow

Row = dict[str, Any]

#: The activity type of an approved change (public, like a publication).
ACTIVITY = "revise"
workflow.register_activity(ACTIVITY, "satudata revised package")


@dataclass
class Outcome:
    """What a step did: the request, and what to do once committed."""

    request: Row
    notifications: list[str] = field(default_factory=list)
    rewritten: Any = None
    document: dict[str, Any] | None = None
    stored_file: dict[str, Any] | None = None
    checks: dict[str, Any] | None = None


def _period_label(package: model.Package, period: str) -> str:
    structure = indicators.structure_of(package.id)
    parsed = (indicators.parse_period(period, structure.granularity)
              if structure else None)
    return parsed.label if parsed else period


def _event(request: Row, action: str, from_status: str | None, to_status: str,
           user: model.User, note: str = "", **details: Any) -> None:
    store.record_event(
        request_id=request["id"], action=action, from_status=from_status,
        to_status=to_status, user_id=user.id,
        role=access.role_of(user.name, request["organization_id"]),
        note=note, details=details,
    )


def _conflict(request: Row, action: str) -> tk.ValidationError:
    return tk.ValidationError({"status": [message(N_(
        "This change request is \"{status}\": it cannot be {action} now."
        " Someone may have acted on it before you: reload the page."
    ), {"status": statuses.label(request["status"]), "action": tk._(action)})]})


def locked(request_id: str) -> Row:
    found = store.get(request_id, lock=True)
    if found is None or found["status"] == statuses.DELETED:
        raise tk.ObjectNotFound(tk._("Change request not found"))
    return found


def package_of(request: Row) -> model.Package:
    package = model.Package.get(request["package_id"])
    if package is None or package.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    return package


# ---- create ----------------------------------------------------------------

def _open_conflict(grid: indicators.Grid, found: Row) -> tk.ValidationError:
    return tk.ValidationError({"period": [message(N_(
        "Period {period} already has a change request in progress (status"
        " \"{status}\"): finish or delete it before making another"
    ), {"period": grid.period.label, "status": statuses.label(found["status"])})]})


def create(package: model.Package, period_id: str, user: model.User, *,
           values: dict[str, dict[str, Any]], reasons: dict[str, dict[str, str]],
           default_reason: str = "", parsed: bool = False,
           revision: int | None = None) -> Outcome:
    """A new request against ``package``'s published ``period_id``, with
    its request document. ``values`` are the proposed new values (typed
    text unless ``parsed``); ``revision``: the published revision the user
    saw (refused when the values changed since)."""
    grid = indicators.grid_for(package, period_id)
    submission = indicators.submission_row(package.id, grid.period.id, lock=True)
    if submission is None or submission["state"] != "published":
        raise tk.ValidationError({"period": [message(N_(
            "Period {period} is not published: its values are changed on its"
            " entry page, not by a change request"), {"period": grid.period.label})]})
    if revision is not None and revision != submission["revision"]:
        raise tk.ValidationError({"revision": [message(N_(
            "The published values changed after you opened the page (revision"
            " {theirs}, yours {yours}). Reload the page and check them again."
        ), {"theirs": submission["revision"], "yours": revision})]})
    found = store.open_request(package.id, grid.period.id)
    if found is not None:
        raise _open_conflict(grid, found)
    cells = proposal.build(grid, submission["values"], values, reasons,
                           default_reason, parsed=parsed)
    certified = proposal.canonical(package.id, grid.period.id,
                                   submission["revision"], cells)
    now = store.now()
    request: Row = {
        "id": store.new_id(), "package_id": package.id,
        "organization_id": package.owner_org, "period": grid.period.id,
        "status": statuses.WAITING_UPLOAD, "cells": cells,
        "base_revision": submission["revision"],
        "request_sha256": proposal.sha256(certified), "note": "",
        "created": now, "created_by": user.id,
    }
    organization = model.Group.get(package.owner_org)
    issued = document.issue(request, package, organization, grid.period.label,
                            user.display_name, certified)
    request["document_id"] = issued["id"]
    try:
        store.insert(**request)
        _event(request, "create", None, statuses.WAITING_UPLOAD, user,
               cells=len(cells), document_number=issued["number"])
    except Exception:
        _undo(Outcome(request, document=issued))
        raise
    return Outcome(request, document=issued)


# ---- upload the signed approval ---------------------------------------------

def upload_approval(request_id: str, upload: Any, user: model.User) -> Outcome:
    """Keep the signed approval document of a request waiting for it (or
    replace the one waiting for approval, or send a rejected request back)."""
    checked = approval.check(upload)  # before any lock: reading may take time
    request = locked(request_id)
    package = package_of(request)
    if request["status"] not in statuses.UPLOADABLE:
        raise _conflict(request, N_("given a signed document"))
    if request["status"] == statuses.REJECTED:
        found = store.open_request(package.id, request["period"])
        if found is not None:
            raise tk.ValidationError({"status": [tk._(
                "Another change request of this period is in progress: this"
                " rejected one can no longer be sent again")]})
        current = indicators.submission_row(package.id, request["period"])
        if current is None or indicators.stale_cells(current["values"],
                                                     request["cells"]):
            raise tk.ValidationError({"status": [tk._(
                "The published values changed after this request was made:"
                " delete it and make a new request")]})
    stored = approval.store(checked, request["id"])
    try:
        return _uploaded(request, package, checked, stored, user)
    except Exception:
        _undo(Outcome(request, stored_file=stored))
        raise


def _uploaded(request: Row, package: model.Package, checked: approval.Checked,
              stored: dict[str, Any], user: model.User) -> Outcome:
    now = store.now()
    changes = {
        "status": statuses.WAITING_APPROVAL, "approval_file_id": stored["id"],
        "approval_name": checked.name, "approval_sha256": checked.sha256,
        "approval_signatures": checked.signatures, "approval_uploaded": now,
        "approval_uploaded_by": user.id, "modified": now, "modified_by": user.id,
    }
    store.update(request["id"], **changes)
    _event(request, "upload", request["status"], statuses.WAITING_APPROVAL, user,
           file_id=stored["id"], sha256=checked.sha256,
           signature=approval.kind(checked.signatures))
    updated = {**request, **changes}
    ids = notify.step(notify.UPLOADED, package, updated,
                      _period_label(package, request["period"]), user)
    return Outcome(updated, notifications=ids, stored_file=stored)


# ---- approve / reject --------------------------------------------------------

def checks(request: Row) -> dict[str, Any] | None:
    """The quality checks of the values the request would publish (None
    when the period is not published any more)."""
    package = package_of(request)
    grid = indicators.grid_for(package, request["period"])
    current = indicators.submission_row(package.id, request["period"])
    if current is None or current["state"] != "published":
        return None
    return workflow.checks(grid, proposal.new_values(current["values"],
                                                     request["cells"]))


def approve(request_id: str, user: model.User, confirm_errors: bool = False
            ) -> Outcome:
    """Write the request's new values into the published period (see the
    module's docstring); the rows already written are in ``rewritten``
    (the action puts them back if its commit fails)."""
    request = locked(request_id)
    package = package_of(request)
    if request["status"] != statuses.WAITING_APPROVAL:
        raise _conflict(request, N_("approved"))
    grid = indicators.grid_for(package, request["period"])
    found = checks(request)
    if found and found["summary"].get("error") and not confirm_errors:
        raise tk.ValidationError({"confirm_errors": [message(N_(
            "The new values have {count} quality errors: read them and confirm"
            " that you approve the change anyway"
        ), {"count": found["summary"]["error"]})]})
    actor = indicators.user_actor(user.id, user.display_name, package)
    number = (_document_number(request) or "")
    revised = indicators.revise(grid, request["cells"], actor, {
        "change_request": request["id"], "document_number": number,
    })
    rewritten = workflow.rewrite_period(
        package, grid, revised["current"]["values"], revised["previous"]["values"])
    try:
        now = store.now()
        changes = {"status": statuses.DONE, "decided": now, "decided_by": user.id,
                   "modified": now, "modified_by": user.id,
                   "revision": revised["current"]["revision"]}
        store.update(request["id"], **changes)
        _event(request, "approve", statuses.WAITING_APPROVAL, statuses.DONE, user,
               revision=changes["revision"])
        updated = {**request, **changes}
        workflow.record_activity(package, user.id, ACTIVITY, {
            "period": grid.period.id, "period_label": grid.period.label,
            "change_request": request["id"], "document_number": number,
            "cells": len(request["cells"]), "revision": changes["revision"],
        }, public=True)
        ids = notify.step(notify.APPROVED, package, updated, grid.period.label, user)
    except Exception:
        workflow.undo_rewrite(rewritten)
        raise
    return Outcome(updated, notifications=ids, rewritten=rewritten, checks=found)


def _document_number(request: Row) -> str | None:
    if not request.get("document_id"):
        return None
    found = documents.get(request["document_id"])
    return found["number"] if found else None


def reject(request_id: str, user: model.User, note: str) -> Outcome:
    """Send a request waiting for approval back to its producer with ``note``."""
    note = (note or "").strip()
    if not note:
        raise tk.ValidationError({"note": [tk._(
            "Write why the request is rejected")]})
    request = locked(request_id)
    package = package_of(request)
    if request["status"] != statuses.WAITING_APPROVAL:
        raise _conflict(request, N_("rejected"))
    now = store.now()
    changes = {"status": statuses.REJECTED, "note": note, "decided": now,
               "decided_by": user.id, "modified": now, "modified_by": user.id}
    store.update(request["id"], **changes)
    _event(request, "reject", statuses.WAITING_APPROVAL, statuses.REJECTED, user,
           note=note)
    updated = {**request, **changes}
    ids = notify.step(notify.REJECTED, package, updated,
                      _period_label(package, request["period"]), user, note)
    return Outcome(updated, notifications=ids)


# ---- delete ------------------------------------------------------------------

def delete(request_id: str, user: model.User) -> Outcome:
    """Withdraw a request that is not approved (it stays for the audit
    trail; its request document is marked revoked)."""
    request = locked(request_id)
    if request["status"] not in statuses.DELETABLE:
        raise _conflict(request, N_("deleted"))
    now = store.now()
    changes = {"status": statuses.DELETED, "modified": now, "modified_by": user.id}
    store.update(request["id"], **changes)
    _event(request, "delete", request["status"], statuses.DELETED, user)
    if request.get("document_id"):
        documents.set_status(request["document_id"], documents.REVOKED)
    return Outcome({**request, **changes})


def commit(outcome: Outcome, defer: bool) -> None:
    """Commit a step (unless the caller defers it); on failure take back
    what was written outside the transaction (files, DataStore rows)."""
    if defer:
        return
    try:
        model.repo.commit()
    except IntegrityError as error:  # a second open request of the period
        _undo(outcome)
        raise tk.ValidationError({"period": [tk._(
            "This period already has a change request in progress: reload the"
            " page")]}) from error
    except Exception:
        _undo(outcome)
        raise
    workflow.after_commit(outcome.notifications)


def _undo(outcome: Outcome) -> None:
    model.Session.rollback()
    if outcome.document is not None:
        document.discard(outcome.document)
    if outcome.stored_file is not None:
        approval.discard(outcome.stored_file)
    workflow.undo_rewrite(outcome.rewritten)




def after_approval(package_id: str) -> None:
    """Once an approval is committed: date the dataset's change (DCAT
    ``dct:modified``; ``package_update`` reindexes it)."""
    workflow.stamp_modified(package_id)
