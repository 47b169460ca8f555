"""Who may do what with data requests (the auth functions and the list ask
here).

- any logged-in user files a request and is its **requester**: reads it,
  completes it while the walidata wait for completeness, uploads the data
  balikan, cancels it before delivery;
- the **walidata** read every request and take every walidata step
  (accept, ask for completeness, forward, deliver, reject, accept the data
  balikan, cancel);
- the **pembina** read every request, change nothing and download nothing;
- the **OPD** a request was forwarded to: its members read it from then on
  (not before, not another OPD's); its editors and admins (operator,
  verifikator) answer it;
- a requester never sees another requester's request.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ckan import model

from ckanext.satudata import roles
from ckanext.satudata.config import pembina_organization, walidata_organization
from ckanext.satudata.datarequests import statuses

#: CKAN capacities in an OPD that read the requests forwarded to it.
READ_CAPACITIES = ("member", "editor", "admin")
#: CKAN capacities in an OPD that answer the requests forwarded to it.
ANSWER_CAPACITIES = roles.WRITE_CAPACITIES
#: File kinds each party downloads.
REQUESTER_FILES = frozenset({"pernyataan", "kak", "delivery", "balikan"})
OPD_FILES = frozenset({"pernyataan", "kak", "response", "delivery"})
#: Letters each party downloads (the walidata: all).
REQUESTER_LETTERS = frozenset({"penyampaian", "penolakan"})
OPD_LETTERS = frozenset({"pengantar", "tindak_lanjut", "penyampaian", "penolakan"})


@dataclasses.dataclass(frozen=True)
class Viewer:
    """What one user is, for the requests: their id, walidata, pembina,
    the OPDs they read and answer for."""

    user_id: str | None
    walidata: bool = False
    pembina: bool = False
    reads_opds: frozenset[str] = frozenset()
    answers_opds: frozenset[str] = frozenset()

    @property
    def logged_in(self) -> bool:
        return self.user_id is not None

    @property
    def reads_all(self) -> bool:
        return self.walidata or self.pembina


def viewer(user: str | model.User | None) -> Viewer:
    """The :class:`Viewer` of a user name (or user); anonymous: nobody."""
    found = model.User.get(user) if isinstance(user, str) and user else (
        user if isinstance(user, model.User) else None)
    if found is None or found.state != "active":
        return Viewer(None)
    return Viewer(
        found.id, walidata=roles.is_walidata(found), pembina=roles.is_pembina(found),
        reads_opds=frozenset(roles.opd_ids(found, *READ_CAPACITIES)),
        answers_opds=frozenset(roles.opd_ids(found, *ANSWER_CAPACITIES)),
    )


def is_opd(group: model.Group | None) -> bool:
    """An active organization that is neither the walidata's nor the
    pembina's: a producer OPD a request may be forwarded to."""
    if group is None or not group.is_organization or group.state != "active":
        return False
    return not {group.name, group.id} & {walidata_organization(),
                                         pembina_organization()}


def is_requester(who: Viewer, request: dict[str, Any]) -> bool:
    return who.user_id is not None and who.user_id == request["requester_id"]


def in_forwarded_opd(who: Viewer, request: dict[str, Any]) -> bool:
    return bool(request.get("organization_id")) and (
        request["organization_id"] in who.reads_opds)


def answers(who: Viewer, request: dict[str, Any]) -> bool:
    """Editor or admin of the OPD the request was forwarded to."""
    return bool(request.get("organization_id")) and (
        request["organization_id"] in who.answers_opds)


def may_read(who: Viewer, request: dict[str, Any]) -> bool:
    return who.reads_all or is_requester(who, request) or in_forwarded_opd(
        who, request)


def sees_contact(who: Viewer, request: dict[str, Any]) -> bool:
    """The requester's e-mail and phone: the requester and the walidata."""
    return who.walidata or is_requester(who, request)


def may_download(who: Viewer, request: dict[str, Any], kind: str) -> bool:
    """Whether ``who`` downloads a file of ``kind`` of ``request``."""
    if who.walidata:
        return True
    if is_requester(who, request) and kind in REQUESTER_FILES:
        return True
    return in_forwarded_opd(who, request) and kind in OPD_FILES


def may_download_letter(who: Viewer, request: dict[str, Any], letter: str) -> bool:
    if who.walidata:
        return True
    if is_requester(who, request) and letter in REQUESTER_LETTERS:
        return True
    return in_forwarded_opd(who, request) and letter in OPD_LETTERS


def actions(who: Viewer, request: dict[str, Any]) -> list[str]:
    """The steps ``who`` may take on ``request`` now (the page shows their
    forms)."""
    status = request["status"]
    found = []
    mine = is_requester(who, request)
    if mine and status == statuses.MENUNGGU_KELENGKAPAN:
        found.append("update")
    if who.walidata and status == statuses.DIAJUKAN:
        found.append("accept")
    if who.walidata and status == statuses.DITERIMA:
        found.append("forward")
    if answers(who, request) and status == statuses.DITERUSKAN:
        found.append("respond")
    if who.walidata and status == statuses.DITINDAKLANJUTI:
        found.append("deliver")
    if who.walidata and status in statuses.REJECTABLE:
        found.append("reject")
    if mine and status == statuses.MENUNGGU_DATA_BALIKAN:
        found.append("balikan_upload")
    if who.walidata and status == statuses.DATA_BALIKAN_DIUNGGAH:
        found.append("balikan_accept")
    if (mine or who.walidata) and status in statuses.CANCELLABLE:
        found.append("cancel")
    return found
