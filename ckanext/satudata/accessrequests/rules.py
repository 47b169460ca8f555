"""Who may see an access request and take each of its steps.

- the **institution's users** (``institutions.api.institution_of``): file,
  read, resubmit, the BAST steps, tokens and downloads;
- the **walidata**: read all, move every stage;
- the **pembina**: read all;
- **OPD staff** of an OPD producing one of the requested datasets: read
  it; its verifikators (or operators, as ``movers`` says) move the stages
  given to them (Verifikasi Substansi by default).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ckan import model

from ckanext.satudata import roles
from ckanext.satudata.accessrequests import stages
from ckanext.satudata.institutions import api as institutions

DIPROSES = "diproses"
DIKEMBALIKAN = "dikembalikan"
SELESAI = "selesai"
DITOLAK = "ditolak"
#: The statuses of a request still being handled (it may be rejected).
OPEN = (DIPROSES, DIKEMBALIKAN)

STEPS = ("advance", "return", "resubmit", "extract", "bast_document",
         "bast_upload", "bast_approve", "bast_return", "token_issue", "download",
         "reject")


@dataclasses.dataclass(frozen=True)
class Viewer:
    """What the current user is to access requests."""

    user_id: str | None
    institution_id: str | None
    walidata: bool
    pembina: bool
    #: OPD id → the user's capacity in it (``editor`` or ``admin``)
    opds: dict[str, str]

    @property
    def reads_all(self) -> bool:
        return self.walidata or self.pembina


def viewer(user: str | model.User | None) -> Viewer:
    found = user if isinstance(user, model.User) else (
        model.User.get(user) if user else None)
    if found is None or found.state != "active":
        return Viewer(None, None, False, False, {})
    institution = institutions.institution_of(found)
    opds = {opd: capacity for capacity in roles.WRITE_CAPACITIES
            for opd in roles.opd_ids(found, capacity)}
    return Viewer(found.id, institution["id"] if institution else None,
                  roles.is_walidata(found), roles.is_pembina(found), opds)


def is_officer(who: Viewer) -> bool:
    """Whether ``who`` handles access requests: walidata, pembina, or staff
    (operator, verifikator) of an OPD."""
    return who.reads_all or bool(who.opds)


def is_member(who: Viewer, request: dict[str, Any]) -> bool:
    """Whether ``who`` is a user of the request's institution."""
    return bool(who.institution_id) and who.institution_id == request["institution_id"]


def _opds(items: list[dict[str, Any]]) -> set[str]:
    return {item["organization_id"] for item in items if item.get("organization_id")}


def may_read(who: Viewer, request: dict[str, Any], items: list[dict[str, Any]]
             ) -> bool:
    if who.user_id is None:
        return False
    return who.reads_all or is_member(who, request) or bool(
        _opds(items) & set(who.opds))


def moves(who: Viewer, stage: str, items: list[dict[str, Any]]) -> bool:
    """Whether ``who`` may move (or return from) ``stage``."""
    if who.walidata:
        return True
    role = stages.mover(stage)
    if role == "walidata":
        return False
    capacities = ("admin",) if role == "verifikator" else roles.WRITE_CAPACITIES
    return any(who.opds.get(opd) in capacities for opd in _opds(items))


def can(who: Viewer, request: dict[str, Any], items: list[dict[str, Any]]
        ) -> dict[str, bool]:
    """The steps ``who`` may take on the request as it is now."""
    stage, status = request["stage"], request["status"]
    member = is_member(who, request)
    active = status == DIPROSES
    officer = active and stage in stages.ADVANCED and moves(who, stage, items)
    processing = active and stage == stages.PENGOLAHAN_DATA
    bast_stage = active and stage == stages.VERIFIKASI_BAST and moves(
        who, stage, items)
    return {
        "advance": officer and (not processing or all(
            (item.get("report") or {}).get("status") == "ready" for item in items)),
        "return": officer,
        "resubmit": member and status == DIKEMBALIKAN,
        "extract": processing and moves(who, stage, items),
        "bast_document": member and active and stage == stages.UNDUH_DATA,
        "bast_upload": member and active and stage == stages.UNDUH_DATA
        and bool(request.get("bast_number")),
        "bast_approve": bast_stage,
        "bast_return": bast_stage,
        "token_issue": member and status == SELESAI,
        "download": member and status == SELESAI,
        "reject": may_reject(who, request),
    }


def may_reject(who: Viewer, request: dict[str, Any]) -> bool:
    """Whether ``who`` may reject the request for good: the walidata, while
    it is still being handled (in any stage, or returned)."""
    return who.walidata and request["status"] in OPEN
