"""The steps of a data request. Each locks the request, changes in one
transaction its status, its stage rows (the audit trail), its files, its
letter and the notifications of the next actor; the action commits
(:func:`commit`). When anything fails the transaction is rolled back and
the bytes already stored (uploads, letters' PDFs) are removed, so a refused
or failed step leaves nothing behind.

Stages (:mod:`.stages`): filing records ``diajukan`` (finished at once) and
opens ``diterima``; "Menunggu kelengkapan" is a pause of the open stage
from the walidata's question to the requester's update; accept →
``surat_pengantar``; forward → ``ditindaklanjuti``; respond →
``penyampaian``; deliver → ``data_balikan`` (institutions; a data balikan
sent back reopens it with the walidata's check as a pause) or ``selesai``;
a rejection in ``penyampaian`` turns that stage into ``penolakan``, earlier
it closes the open stage and records ``penolakan`` opened and finished at
once; a cancellation closes the open stage.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import TracebackType
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata.calendar import api as calendar
from ckanext.satudata.datarequests import (
    attachments,
    letters,
    notify,
    numbering,
    stages,
    statuses,
    store,
)
from ckanext.satudata.messages import N_, message

Row = dict[str, Any]

CONFLICT = N_("This data request is \"{status}\" now: this step is not possible."
              " Someone may have acted on it before you: reload the page.")


@dataclasses.dataclass
class Outcome:
    """What a step did: the request (its row, after the step) and what to
    do once committed (or to take back when the commit fails)."""

    request: Row
    step: str = ""
    notifications: list[str] = dataclasses.field(default_factory=list)
    stored: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    documents: list[dict[str, Any]] = dataclasses.field(default_factory=list)


class Step:
    """One step in progress: what it stored outside the transaction, taken
    back when it fails (``with Step(...) as step:``)."""

    def __init__(self, name: str, user: model.User) -> None:
        self.name = name
        self.user = user
        self.now = store.now()
        self.outcome = Outcome({}, name)

    def __enter__(self) -> Step:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> bool:
        if kind is not None:
            undo(self.outcome)
        return False

    def keep(self, checked: attachments.Checked, request_id: str, kind: str) -> str:
        """Store a checked upload as a file of ``kind`` of the request."""
        stored = attachments.store(checked, request_id)
        self.outcome.stored.append(stored)
        return store.insert_file(
            request_id=request_id, file_id=stored["id"], kind=kind,
            name=checked.name, size=len(checked.content),
            content_type=checked.content_type, uploaded_by=self.user.id,
            created=self.now)

    def letter(self, letter: str, request_id: str, comment: str = "") -> str:
        """Issue ``letter`` of the request as it is now; its document id."""
        issued = letters.issue(letter, store.expand(_get(request_id)),
                               comment=comment, created_by=self.user.id)
        self.outcome.documents.append(issued)
        return issued["id"]

    def update(self, request_id: str, **values: Any) -> None:
        store.update(request_id, modified=self.now, **values)

    def done(self, request_id: str, step: str, note: str = "", **extra: Any
             ) -> Outcome:
        """Notify the next actors of ``step``; the outcome."""
        request = _get(request_id)
        self.outcome.request = request
        self.outcome.notifications = notify.step(
            store.expand(request), step, self.user.id, note=note, **extra)
        return self.outcome


def _get(request_id: str) -> Row:
    found = store.get(request_id)
    if found is None:
        raise tk.ObjectNotFound(tk._("Data request not found"))
    return found


def locked(ref: str) -> Row:
    """The request (by id or number), locked until the transaction ends."""
    found = store.find(ref, lock=True)
    if found is None:
        raise tk.ObjectNotFound(tk._("Data request not found"))
    return found


def _expect(request: Row, *allowed: str) -> None:
    if request["status"] not in allowed:
        raise tk.ValidationError({"status": [message(CONFLICT, {
            "status": statuses.label(request["status"])})]})


def _required(field: str, value: str | None, text: str) -> str:
    value = (value or "").strip()
    if not value:
        raise tk.ValidationError({field: [tk._(text)]})
    return value


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def _close_open(request_id: str, now: dt.datetime, actor_id: str, comment: str = "",
                document_id: str | None = None) -> Row | None:
    """Finish the open stage (and its open pause)."""
    row = store.open_stage(request_id)
    if row is None:
        return None
    pauses = [dict(pause, ended=pause.get("ended") or _iso(now))
              for pause in row["pauses"] or []]
    values: dict[str, Any] = {"finished": now, "actor_id": actor_id,
                              "comment": comment, "pauses": pauses}
    if document_id:
        values["document_id"] = document_id
    store.update_stage(row["id"], **values)
    return row


# ---- filing and completing ---------------------------------------------------

def create(user: model.User, values: dict[str, Any],
           uploads: list[attachments.Checked]) -> Outcome:
    """File a request (``values``: the checked fields; ``uploads``: the
    checked attachments ``pernyataan`` and ``kak``)."""
    with Step("created", user) as step:
        request_id = store.new_id()
        store.insert(
            id=request_id, number=numbering.next_number(step.now),
            requester_id=user.id, status=statuses.DIAJUKAN, organization_id=None,
            response=None, reason="", balikan_due=None, created=step.now,
            modified=step.now, **values)
        store.insert_stage(request_id, stages.DIAJUKAN, step.now, finished=step.now,
                           actor_id=user.id)
        store.insert_stage(request_id, stages.DITERIMA, step.now)
        for checked in uploads:
            step.keep(checked, request_id, checked.field)
        return step.done(request_id, "created")


def update(ref: str, user: model.User, values: dict[str, Any],
           uploads: list[attachments.Checked], comment: str = "") -> Outcome:
    """The requester completes a request waiting for completeness: the
    pause ends, the walidata check it again."""
    with Step("updated", user) as step:
        request = locked(ref)
        _expect(request, statuses.MENUNGGU_KELENGKAPAN)
        merged = {**request, **values}
        kinds = {row["kind"] for row in store.files(request["id"])} | {
            checked.field for checked in uploads}
        if merged["requester_kind"] == "instansi":
            errors = {}
            if not (merged.get("institution") or "").strip():
                errors["institution"] = [tk._("Name the institution")]
            if "kak" not in kinds:
                errors["kak"] = [tk._(
                    "Attach the terms of reference (KAK) of the institution")]
            if errors:
                raise tk.ValidationError(errors)
        for checked in uploads:
            step.keep(checked, request["id"], checked.field)
        row = store.open_stage(request["id"])
        if row is not None:
            store.update_stage(row["id"], pauses=[
                pause if pause.get("ended") else dict(
                    pause, ended=_iso(step.now), ended_by=user.id, answer=comment)
                for pause in row["pauses"] or []])
        step.update(request["id"], status=statuses.DIAJUKAN, **values)
        return step.done(request["id"], "updated", comment)


# ---- the walidata's check ----------------------------------------------------

def accept(ref: str, user: model.User, comment: str = "", incomplete: bool = False
           ) -> Outcome:
    """Accept a submitted request, or (``incomplete``) ask the requester to
    complete it: the clock of the open stage stops meanwhile."""
    with Step("incomplete" if incomplete else "accepted", user) as step:
        request = locked(ref)
        _expect(request, statuses.DIAJUKAN)
        comment = (comment or "").strip()
        row = store.open_stage(request["id"])
        if incomplete:
            comment = _required("comment", comment, N_(
                "Write what the requester must complete"))
            if row is not None:
                store.update_stage(row["id"], pauses=[*(row["pauses"] or []), {
                    "started": _iso(step.now), "ended": None, "reason": comment,
                    "by": user.id}])
            step.update(request["id"], status=statuses.MENUNGGU_KELENGKAPAN)
            return step.done(request["id"], "incomplete", comment)
        _close_open(request["id"], step.now, user.id, comment)
        store.insert_stage(request["id"], stages.SURAT_PENGANTAR, step.now)
        step.update(request["id"], status=statuses.DITERIMA)
        return step.done(request["id"], "accepted", comment)


def forward(ref: str, user: model.User, organization: model.Group,
            comment: str = "") -> Outcome:
    """Forward an accepted request to the producer OPD with the Surat
    Pengantar."""
    with Step("forwarded", user) as step:
        request = locked(ref)
        _expect(request, statuses.DITERIMA)
        comment = (comment or "").strip()
        step.update(request["id"], status=statuses.DITERUSKAN,
                    organization_id=organization.id)
        document_id = step.letter("pengantar", request["id"], comment)
        _close_open(request["id"], step.now, user.id, comment, document_id)
        store.insert_stage(request["id"], stages.DITINDAKLANJUTI, step.now)
        return step.done(request["id"], "forwarded", comment)


# ---- the OPD's answer --------------------------------------------------------

def respond(ref: str, user: model.User, *, uploads: list[attachments.Checked],
            links: list[dict[str, str]], decline: bool = False, reason: str = "",
            comment: str = "") -> Outcome:
    """The OPD answers with files and/or links to its datasets, or declines
    with a reason; the Surat Tindak Lanjut is issued."""
    with Step("responded", user) as step:
        request = locked(ref)
        _expect(request, statuses.DITERUSKAN)
        reason = (reason or "").strip()
        comment = (comment or "").strip()
        if decline:
            reason = _required("reason", reason, N_(
                "Write why your organization cannot provide the data"))
            response = {"kind": "declined", "reason": reason, "links": []}
        else:
            if not uploads and not links:
                raise tk.ValidationError({"files": [tk._(
                    "Attach the data or link to the datasets that hold it")]})
            response = {"kind": "answered", "reason": reason, "links": links}
            for checked in uploads:
                step.keep(checked, request["id"], "response")
        step.update(request["id"], status=statuses.DITINDAKLANJUTI, response=response)
        document_id = step.letter("tindak_lanjut", request["id"], comment)
        _close_open(request["id"], step.now, user.id, comment or reason, document_id)
        store.insert_stage(request["id"], stages.PENYAMPAIAN, step.now)
        return step.done(request["id"], "responded", comment or reason)


# ---- the walidata's answer ---------------------------------------------------

def deliver(ref: str, user: model.User, comment: str = "",
            uploads: list[attachments.Checked] | None = None) -> Outcome:
    """Deliver the OPD's data (and the walidata's extra files) to the
    requester with the Surat Penyampaian Data: an institution owes its data
    balikan next, a person's request is done."""
    with Step("delivered", user) as step:
        request = locked(ref)
        _expect(request, statuses.DITINDAKLANJUTI)
        comment = (comment or "").strip()
        response = request.get("response") or {}
        answered = [row for row in store.files(request["id"])
                    if row["kind"] == "response"]
        if response.get("kind") == "declined" and not uploads:
            raise tk.ValidationError({"status": [tk._(
                "The producer declined this request: reject it, or attach the"
                " data you deliver")]})
        for row in answered:
            store.insert_file(
                request_id=request["id"], file_id=row["file_id"], kind="delivery",
                name=row["name"], size=row["size"], content_type=row["content_type"],
                uploaded_by=row["uploaded_by"], created=step.now)
        for checked in uploads or []:
            step.keep(checked, request["id"], "delivery")
        institution = request["requester_kind"] == "instansi"
        if institution:
            limit = stages.definition(stages.DATA_BALIKAN).limit or 0
            step.update(request["id"], status=statuses.MENUNGGU_DATA_BALIKAN,
                        balikan_due=calendar.add_working_days(step.now, limit))
        else:
            step.update(request["id"], status=statuses.SELESAI)
        document_id = step.letter("penyampaian", request["id"], comment)
        _close_open(request["id"], step.now, user.id, comment, document_id)
        if institution:
            store.insert_stage(request["id"], stages.DATA_BALIKAN, step.now)
        else:
            store.insert_stage(request["id"], stages.SELESAI, step.now,
                               finished=step.now, actor_id=user.id)
        return step.done(request["id"], "delivered", comment)


def reject(ref: str, user: model.User, reason: str) -> Outcome:
    """Reject a request before delivery with the Surat Penolakan."""
    with Step("rejected", user) as step:
        request = locked(ref)
        _expect(request, *statuses.REJECTABLE)
        reason = _required("reason", reason, N_("Write why the request is rejected"))
        step.update(request["id"], status=statuses.DITOLAK, reason=reason)
        document_id = step.letter("penolakan", request["id"], reason)
        row = store.open_stage(request["id"])
        if row is not None and row["stage"] == stages.PENYAMPAIAN:
            store.update_stage(row["id"], stage=stages.PENOLAKAN)
            _close_open(request["id"], step.now, user.id, reason, document_id)
        else:
            _close_open(request["id"], step.now, user.id, reason)
            store.insert_stage(request["id"], stages.PENOLAKAN, step.now,
                               finished=step.now, actor_id=user.id, comment=reason,
                               document_id=document_id)
        return step.done(request["id"], "rejected", reason)


# ---- data balikan ------------------------------------------------------------

def balikan_upload(ref: str, user: model.User, checked: attachments.Checked
                   ) -> Outcome:
    """The institution uploads its data balikan; the walidata check it."""
    with Step("balikan_uploaded", user) as step:
        request = locked(ref)
        _expect(request, statuses.MENUNGGU_DATA_BALIKAN)
        step.keep(checked, request["id"], "balikan")
        _close_open(request["id"], step.now, user.id)
        step.update(request["id"], status=statuses.DATA_BALIKAN_DIUNGGAH)
        return step.done(request["id"], "balikan_uploaded")


def balikan_accept(ref: str, user: model.User, accept: bool = True,
                   comment: str = "") -> Outcome:
    """Accept the data balikan (the request is done), or send it back with
    a note: the ``data_balikan`` stage opens again, the days of the check
    not counted."""
    with Step("balikan_accepted" if accept else "balikan_returned", user) as step:
        request = locked(ref)
        _expect(request, statuses.DATA_BALIKAN_DIUNGGAH)
        comment = (comment or "").strip()
        if accept:
            store.insert_stage(request["id"], stages.SELESAI, step.now,
                               finished=step.now, actor_id=user.id, comment=comment)
            step.update(request["id"], status=statuses.SELESAI)
            return step.done(request["id"], "balikan_accepted", comment)
        comment = _required("comment", comment, N_(
            "Write what the requester must correct in the data balikan"))
        rows = [row for row in store.stages(request["id"])
                if row["stage"] == stages.DATA_BALIKAN]
        if rows:
            row = rows[-1]
            pauses = [*(row["pauses"] or []), {
                "started": _iso(row["finished"] or step.now), "ended": _iso(step.now),
                "reason": comment, "by": user.id}]
            store.update_stage(row["id"], finished=None, actor_id=None, pauses=pauses)
            row = {**row, "finished": None, "pauses": pauses}
            due = stages.due(row, step.now)
            step.update(request["id"], status=statuses.MENUNGGU_DATA_BALIKAN,
                        balikan_due=due)
        else:
            step.update(request["id"], status=statuses.MENUNGGU_DATA_BALIKAN)
        return step.done(request["id"], "balikan_returned", comment)


# ---- cancel ------------------------------------------------------------------

def cancel(ref: str, user: model.User, reason: str = "") -> Outcome:
    """Cancel a request before delivery (the requester, or the walidata)."""
    with Step("cancelled", user) as step:
        request = locked(ref)
        _expect(request, *statuses.CANCELLABLE)
        reason = (reason or "").strip()
        _close_open(request["id"], step.now, user.id, reason)
        step.update(request["id"], status=statuses.DIBATALKAN, reason=reason)
        return step.done(request["id"], "cancelled", reason)


# ---- commit ------------------------------------------------------------------

def undo(outcome: Outcome) -> None:
    """Roll back and remove what the step stored outside the transaction."""
    model.Session.rollback()
    for document in outcome.documents:
        try:
            letters.discard(document)
        except Exception:  # best effort: the first error counts
            pass
    for stored in outcome.stored:
        try:
            attachments.discard(stored)
        except Exception:
            pass


def commit(outcome: Outcome, defer: bool) -> None:
    """Commit a step (unless the caller defers it), then e-mail its
    notifications; on a failed commit take back the stored bytes."""
    if defer:
        return
    try:
        model.repo.commit()
    except Exception:
        undo(outcome)
        raise
    notify.after_commit(outcome.notifications)
