"""The steps of an access request. Each locks the request and changes, in
one transaction, its status and stage, its stage rows (the audit trail),
its files, tokens and notifications; the action commits (:func:`commit`).
When anything fails the transaction is rolled back and the bytes already
stored (uploads, the BAST's PDF) are removed.

Stages (:mod:`.stages`): filing records ``permohonan`` (finished at once)
and opens ``verifikasi_teknis``; :func:`advance` finishes the officer's
stage and opens the next (entering ``pengolahan_data`` starts the
detection of identifying columns, a background job); a return is a pause
of the open stage until the institution resubmits; after ``cek_kualitas``
the institution's ``unduh_data`` opens (delivery), or — no item of level 3
or 4 — the BAST stages are recorded as not needed and the request is done;
the signed BAST opens ``verifikasi_bast``; its approval records
``selesai`` and issues a download token. Until then the walidata may
:func:`reject` the request for good (status ``ditolak``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import TracebackType
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from ckanext.satudata.accessrequests import (
    attachments,
    numbering,
    rules,
    stages,
    store,
    tokens,
)
from ckanext.satudata.institutions import api as institutions
from ckanext.satudata.messages import N_, message

Row = dict[str, Any]

CONFLICT = N_("This access request is at \"{stage}\" ({status}) now: this step"
              " is not possible. Someone may have acted on it before you:"
              " reload the page.")
NOT_NEEDED = N_("Not needed: no data of level 3 or 4")


@dataclasses.dataclass
class Outcome:
    """What a step did: the request (after the step) and what to do once
    committed (or take back when the commit fails)."""

    request: Row
    step: str = ""
    notifications: list[str] = dataclasses.field(default_factory=list)
    stored: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    #: (user id, token) to e-mail once committed
    tokens: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    #: issued documents (the BAST), discarded when the step fails
    documents: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    #: background jobs to start once committed: (function name, request id)
    jobs: list[tuple[str, str]] = dataclasses.field(default_factory=list)


class Step:
    """One step in progress (``with Step(...) as step:``)."""

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

    def keep(self, request_id: str, kind: str, content: bytes, name: str,
             content_type: str, item_id: str | None = None) -> str:
        """Store bytes as a file of ``kind`` of the request; the row's id."""
        stored = attachments.store(content, name, content_type, request_id)
        self.outcome.stored.append(stored)
        checked = attachments.Checked(kind, content, name, content_type)
        return store.insert_file(
            request_id=request_id, item_id=item_id, file_id=stored["id"],
            kind=kind, name=name, size=len(content), content_type=content_type,
            sha256=checked.sha256, uploaded_by=self.user.id, created=self.now)

    def keep_checked(self, request_id: str, checked: attachments.Checked) -> str:
        return self.keep(request_id, checked.field, checked.content, checked.name,
                         checked.content_type)

    def update(self, request_id: str, **values: Any) -> None:
        store.update(request_id, modified=self.now, **values)

    def done(self, request_id: str, step: str, note: str = "") -> Outcome:
        """Notify the next actors of ``step``; the outcome."""
        from ckanext.satudata.accessrequests import notify

        request = _get(request_id)
        self.outcome.request = request
        self.outcome.notifications = notify.step(
            request, step, self.user.id, note=note)
        return self.outcome

    def token_for(self, request_id: str, user_id: str) -> None:
        token, _row = tokens.issue(request_id, user_id, self.now)
        self.outcome.tokens.append((user_id, token))


def _get(request_id: str) -> Row:
    found = store.find(request_id)
    if found is None:
        raise tk.ObjectNotFound(tk._("Access request not found"))
    return found


def locked(ref: str) -> Row:
    """The request (by id or number), locked until the transaction ends."""
    found = store.find(ref, lock=True)
    if found is None:
        raise tk.ObjectNotFound(tk._("Access request not found"))
    return found


STATUS_LABELS = {
    rules.DIPROSES: N_("In process"),
    rules.DIKEMBALIKAN: N_("Returned to the institution"),
    rules.SELESAI: N_("Completed"),
    rules.DITOLAK: N_("Rejected"),
}


def status_label(status: str) -> str:
    return tk._(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def _expect(request: Row, statuses: tuple[str, ...], stage_codes: tuple[str, ...]
            ) -> None:
    if request["status"] not in statuses or request["stage"] not in stage_codes:
        raise tk.ValidationError({"stage": [message(CONFLICT, {
            "stage": stages.label(request["stage"]),
            "status": status_label(request["status"])})]})


def _required(field: str, value: str | None, text: str) -> str:
    value = (value or "").strip()
    if not value:
        raise tk.ValidationError({field: [tk._(text)]})
    return value


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def _close_open(request_id: str, now: dt.datetime, actor_id: str,
                comment: str = "") -> Row | None:
    """Finish the open stage (and its open pause)."""
    row = store.open_stage(request_id)
    if row is None:
        return None
    pauses = [dict(pause, ended=pause.get("ended") or _iso(now))
              for pause in row["pauses"] or []]
    store.update_stage(row["id"], finished=now, actor_id=actor_id,
                       comment=comment, pauses=pauses)
    return row


# ---- filing ----------------------------------------------------------------------

def create(user: model.User, institution_id: str, values: dict[str, Any],
           items: list[dict[str, Any]], uploads: list[attachments.Checked]
           ) -> Outcome:
    """File a request: ``values`` (``letter_number``, ``purpose``), the
    checked ``items`` (``dataset_id``, ``dataset_title``,
    ``organization_id``, ``level``, ``variables``, ``notes``, ``format``)
    and attachments."""
    with Step("created", user) as step:
        request_id = store.new_id()
        store.insert(
            id=request_id, number=numbering.next_number(step.now),
            institution_id=institution_id, requester_id=user.id,
            letter_number=values["letter_number"], purpose=values.get("purpose", ""),
            stage=stages.VERIFIKASI_TEKNIS, status=rules.DIPROSES,
            created=step.now, modified=step.now)
        for position, item in enumerate(items):
            store.insert_item(request_id=request_id, position=position, **item)
        store.insert_stage(request_id, stages.PERMOHONAN, step.now,
                           finished=step.now, actor_id=user.id)
        store.insert_stage(request_id, stages.VERIFIKASI_TEKNIS, step.now)
        for checked in uploads:
            step.keep_checked(request_id, checked)
        return step.done(request_id, "created")


# ---- the officers' stages --------------------------------------------------------

def _has_level(request_id: str, *levels: int) -> bool:
    return any(item["level"] in levels for item in store.items(request_id))


def advance(ref: str, user: model.User, stage: str, comment: str = "",
            identity_approved: bool = False) -> Outcome:
    """✓ of ``stage`` (the request's current stage): the next one opens."""
    with Step("advanced", user) as step:
        request = locked(ref)
        _expect(request, (rules.DIPROSES,), (stage,) if stage in stages.ADVANCED
                else ())
        request_id = request["id"]
        values: dict[str, Any] = {}
        if stage == stages.VERIFIKASI_KOORDINATOR and _has_level(request_id, 4):
            if not identity_approved:
                raise tk.ValidationError({"identity_approved": [tk._(
                    "Level 4 data identifies people: approve the delivery of"
                    " the identities explicitly")]})
            values["identity_approved_by"] = user.id
        if stage == stages.PENGOLAHAN_DATA and not all(
                (item.get("report") or {}).get("status") == "ready"
                for item in store.items(request_id)):
            raise tk.ValidationError({"stage": [tk._(
                "Build the extract of every requested dataset first")]})
        _close_open(request_id, step.now, user.id, comment)
        following = stages.following(stage)
        if stage == stages.CEK_KUALITAS and not _has_level(request_id, 3, 4):
            for skipped in (stages.UNDUH_DATA, stages.VERIFIKASI_BAST):
                store.insert_stage(request_id, skipped, step.now, finished=step.now,
                                   comment=tk._(NOT_NEEDED))
            store.insert_stage(request_id, stages.SELESAI, step.now,
                               finished=step.now, actor_id=user.id)
            step.update(request_id, stage=stages.SELESAI, status=rules.SELESAI,
                        delivered=step.now, **values)
            step.token_for(request_id, request["requester_id"])
            return step.done(request_id, "delivered", comment)
        store.insert_stage(request_id, following, step.now)
        if following == stages.UNDUH_DATA:
            values["delivered"] = step.now
        if following == stages.PENGOLAHAN_DATA:
            for item in store.items(request_id):
                store.update_item(item["id"], report={"status": "detecting"})
            step.outcome.jobs.append(("detect", request_id))
        step.update(request_id, stage=following, **values)
        return step.done(request_id, "ready_for_bast" if following == stages.UNDUH_DATA
                         else "advanced", comment)


def return_(ref: str, user: model.User, stage: str, note: str) -> Outcome:
    """Return the request to the institution with ``note``: a pause of the
    open stage."""
    note = _required("note", note, N_("Write what the institution must correct"))
    with Step("returned", user) as step:
        request = locked(ref)
        _expect(request, (rules.DIPROSES,), (stage,) if stage in stages.ADVANCED
                else ())
        row = store.open_stage(request["id"])
        if row is not None:
            store.update_stage(row["id"], pauses=[
                *(row["pauses"] or []),
                {"started": _iso(step.now), "ended": None, "reason": note}])
        step.update(request["id"], status=rules.DIKEMBALIKAN, return_note=note)
        return step.done(request["id"], "returned", note)


def resubmit(ref: str, user: model.User, comment: str, letter_number: str | None,
             uploads: list[attachments.Checked]) -> Outcome:
    """The institution sends the corrected request back: the pause ends, the
    same stage goes on."""
    with Step("resubmitted", user) as step:
        request = locked(ref)
        _expect(request, (rules.DIKEMBALIKAN,), stages.CODES)
        row = store.open_stage(request["id"])
        if row is not None:
            store.update_stage(row["id"], pauses=[
                dict(pause, ended=pause.get("ended") or _iso(step.now))
                for pause in row["pauses"] or []])
        for checked in uploads:
            step.keep_checked(request["id"], checked)
        values: dict[str, Any] = {"status": rules.DIPROSES, "return_note": ""}
        if letter_number:
            values["letter_number"] = letter_number
        step.update(request["id"], **values)
        return step.done(request["id"], "resubmitted", comment)


def reject(ref: str, user: model.User, reason: str) -> Outcome:
    """Reject the request for good with ``reason`` (the walidata): the open
    stage ends there (its pause too), no later stage opens and no token is
    ever issued."""
    reason = _required("reason", reason,
                       N_("Write why the request is rejected"))
    with Step("rejected", user) as step:
        request = locked(ref)
        _expect(request, rules.OPEN, stages.CODES)
        _close_open(request["id"], step.now, user.id, reason)
        step.update(request["id"], status=rules.DITOLAK, rejected=step.now,
                    reject_reason=reason, return_note="")
        return step.done(request["id"], "rejected", reason)


def extract(ref: str, user: model.User, remove: dict[str, list[str]]) -> Outcome:
    """Start building the extracts (a background job) with the columns the
    officer confirmed to remove per item (level 3: the detected identifying
    columns are removed in any case)."""
    with Step("extracting", user) as step:
        request = locked(ref)
        _expect(request, (rules.DIPROSES,), (stages.PENGOLAHAN_DATA,))
        items = store.items(request["id"])
        unknown = set(remove) - {item["id"] for item in items}
        if unknown:
            raise tk.ValidationError({"remove": [tk._("Unknown item of the request")]})
        for item in items:
            report = dict(item.get("report") or {})
            if report.get("status") in ("detecting", "building"):
                raise tk.ValidationError({"stage": [tk._(
                    "The extracts are being prepared: wait until it is done")]})
            report["status"] = "building"
            store.update_item(item["id"], report=report,
                              removed=sorted(set(remove.get(item["id"]) or [])))
        step.outcome.jobs.append(("build", request["id"]))
        step.update(request["id"])
        step.outcome.request = _get(request["id"])
        return step.outcome


# ---- BAST ------------------------------------------------------------------------

def bast_document(ref: str, user: model.User, number: str) -> Outcome:
    """Record the institution's BAST number (Unduh Data) and issue the BAST
    to print, sign and stamp (a new number issues it again)."""
    from ckanext.satudata.accessrequests import bast, present

    number = _required("bast_number", number, N_("Enter the BAST number"))[:100]
    with Step("bast_document", user) as step:
        request = locked(ref)
        _expect(request, (rules.DIPROSES,), (stages.UNDUH_DATA,))
        step.update(request["id"], bast_number=number)
        shown = present.summary(_get(request["id"]), rules.viewer(user), full=True)
        institution = institutions.profile(request["institution_id"]) or {}
        issued = bast.issue(shown, institution, user.id)
        step.outcome.documents.append(issued)
        step.update(request["id"], bast_document_id=issued["id"])
        step.outcome.request = _get(request["id"])
        return step.outcome


def bast_upload(ref: str, user: model.User, checked: attachments.Checked) -> Outcome:
    """The signed and stamped BAST: Verifikasi BAST opens."""
    with Step("bast_uploaded", user) as step:
        request = locked(ref)
        _expect(request, (rules.DIPROSES,), (stages.UNDUH_DATA,))
        if not request["bast_number"]:
            raise tk.ValidationError({"bast_number": [tk._(
                "Enter the BAST number and download the BAST first")]})
        step.keep_checked(request["id"], checked)
        _close_open(request["id"], step.now, user.id)
        store.insert_stage(request["id"], stages.VERIFIKASI_BAST, step.now)
        step.update(request["id"], stage=stages.VERIFIKASI_BAST)
        return step.done(request["id"], "bast_uploaded")


def bast_approve(ref: str, user: model.User, comment: str = "") -> Outcome:
    """The BAST is right: the request is done and the requester gets a
    download token."""
    with Step("bast_approved", user) as step:
        request = locked(ref)
        _expect(request, (rules.DIPROSES,), (stages.VERIFIKASI_BAST,))
        _close_open(request["id"], step.now, user.id, comment)
        store.insert_stage(request["id"], stages.SELESAI, step.now,
                           finished=step.now, actor_id=user.id)
        step.update(request["id"], stage=stages.SELESAI, status=rules.SELESAI)
        step.token_for(request["id"], request["requester_id"])
        return step.done(request["id"], "delivered", comment)


def bast_return(ref: str, user: model.User, note: str) -> Outcome:
    """The BAST is not right: back to Unduh Data with ``note``."""
    note = _required("note", note, N_("Write what is wrong with the BAST"))
    with Step("bast_returned", user) as step:
        request = locked(ref)
        _expect(request, (rules.DIPROSES,), (stages.VERIFIKASI_BAST,))
        _close_open(request["id"], step.now, user.id, note)
        store.insert_stage(request["id"], stages.UNDUH_DATA, step.now)
        step.update(request["id"], stage=stages.UNDUH_DATA)
        return step.done(request["id"], "bast_returned", note)


# ---- tokens and downloads --------------------------------------------------------

def token_issue(ref: str, user: model.User) -> Outcome:
    """A new token for ``user`` (earlier ones revoked)."""
    with Step("token_issued", user) as step:
        request = locked(ref)
        _expect(request, (rules.SELESAI,), stages.CODES)
        step.token_for(request["id"], user.id)
        step.outcome.request = request
        return step.outcome


def download(ref: str, user: model.User, item_id: str, token: str, ip: str
             ) -> tuple[Outcome, Row]:
    """Count a download of the item's extract with ``token`` and record it;
    the outcome and the file's row."""
    with Step("downloaded", user) as step:
        request = locked(ref)
        _expect(request, (rules.SELESAI,), stages.CODES)
        item = store.item(item_id) if isinstance(item_id, str) else None
        if item is None or item["request_id"] != request["id"] \
                or not item.get("extract_file_id"):
            raise tk.ObjectNotFound(tk._("No extract of this request to download"))
        used = tokens.use(token, request["id"], user.id, step.now)
        row = store.file(item["extract_file_id"])
        if row is None:
            raise tk.ObjectNotFound(tk._("No extract of this request to download"))
        store.insert_download(request_id=request["id"], item_id=item["id"],
                              token_id=used["id"], user_id=user.id, ip=ip[:64],
                              sha256=row["sha256"], downloaded=step.now)
        step.outcome.request = request
        return step.outcome, row


# ---- commit ----------------------------------------------------------------------

def undo(outcome: Outcome) -> None:
    """Roll back and remove what the step stored outside the transaction."""
    model.Session.rollback()
    from ckanext.satudata.accessrequests import bast

    for document in outcome.documents:
        try:
            bast.discard(document)
        except Exception:  # best effort: the first error counts
            pass
    for stored in outcome.stored:
        try:
            attachments.discard(stored)
        except Exception:  # best effort: the first error counts
            pass


def commit(outcome: Outcome, defer: bool) -> None:
    """Commit a step (unless the caller defers it), then e-mail its
    notifications and tokens and start its jobs; on a failed commit take
    back the stored bytes."""
    if defer:
        return
    try:
        model.repo.commit()
    except Exception:
        undo(outcome)
        raise
    from ckanext.satudata.accessrequests import jobs, notify

    notify.after_commit(outcome.notifications)
    for user_id, token in outcome.tokens:
        notify.send_token(outcome.request, user_id, token)
    for name, request_id in outcome.jobs:
        jobs.enqueue(name, request_id)
