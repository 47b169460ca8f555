"""Template helpers of the data requests (Permohonan Data): the SOP's
steps for the public page, the public figures, labels, what waits for the
current user, and the choices of the forms (datasets of the Daftar Data,
regions, OPDs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.common import current_user

from ckanext.satudata import region
from ckanext.satudata.datarequests import figures, rules, stages, statuses, store
from ckanext.satudata.messages import N_

__all__ = [
    "satudata_datarequest_actor_label",
    "satudata_datarequest_count",
    "satudata_datarequest_datasets",
    "satudata_datarequest_figures",
    "satudata_datarequest_file_kind_label",
    "satudata_datarequest_opds",
    "satudata_datarequest_regions",
    "satudata_datarequest_sop",
    "satudata_datarequest_status_label",
    "satudata_datarequest_statuses",
    "satudata_datarequest_viewer",
    "satudata_datarequest_when",
]

#: Who acts in a stage (``calendar.Stage.actor``).
ACTORS = {
    "pemohon": N_("Requester"),
    "walidata": N_("Walidata"),
    "produsen": N_("Data producer (OPD)"),
}
#: A request's file kinds.
FILE_KINDS = {
    "pernyataan": N_("Statement letter"),
    "kak": N_("Terms of reference (KAK)"),
    "response": N_("Answer of the data producer"),
    "delivery": N_("Data delivered"),
    "balikan": N_("Data balikan"),
}
#: The public diagram: one box per step, the alternatives in one box.
SOP_STEPS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    ((stages.DIAJUKAN,), N_("Request filed on the portal"),
     N_("with the Statement letter (and the KAK for an institution)")),
    ((stages.DITERIMA,), N_("Request checked and accepted"),
     N_("or sent back to be completed")),
    ((stages.SURAT_PENGANTAR,), N_("Covering letter to the data producer"), ""),
    ((stages.DITINDAKLANJUTI,), N_("Followed up by the data producer"), ""),
    ((stages.PENYAMPAIAN, stages.PENOLAKAN), N_("Data delivered or request rejected"),
     N_("with the Data delivery letter or the Rejection letter")),
    ((stages.DATA_BALIKAN,), N_("Data balikan uploaded"),
     N_("institutions only: what was made with the data")),
)


def _user() -> str | None:
    return None if current_user.is_anonymous else current_user.name


def satudata_datarequest_viewer() -> rules.Viewer:
    """What the current user is for the requests (walidata, OPDs...)."""
    return rules.viewer(_user())


def satudata_datarequest_status_label(status: str) -> str:
    return statuses.label(status)


def satudata_datarequest_statuses() -> list[tuple[str, str]]:
    """``(code, label)`` of every status, in the SOP's order."""
    return [(code, statuses.label(code)) for code in statuses.ALL]


def satudata_datarequest_actor_label(actor: str | None) -> str:
    return tk._(ACTORS[actor]) if actor in ACTORS else (actor or "")


def satudata_datarequest_file_kind_label(kind: str) -> str:
    return tk._(FILE_KINDS[kind]) if kind in FILE_KINDS else kind


def satudata_datarequest_sop() -> list[dict[str, Any]]:
    """The SOP's steps for the diagram of ``/permohonan-data``: ``label``,
    ``note``, ``actor`` (label) and ``limit`` (working days, the configured
    ones; ``None``: no limit)."""
    found = []
    for codes, label, note in SOP_STEPS:
        definition = stages.definition(codes[0])
        found.append({
            "codes": codes, "label": tk._(label), "note": tk._(note) if note else "",
            "actor": satudata_datarequest_actor_label(definition.actor),
            "limit": definition.limit,
        })
    return found


def satudata_datarequest_figures() -> dict[str, Any]:
    """This year's figures: ``year``, ``requests``, ``answered``,
    ``in_time``, ``in_progress``, ``percent_in_time`` (``None`` before any
    answer)."""
    return figures.of_year().as_dict()


def satudata_datarequest_count() -> int:
    """What waits for the current user: the walidata's steps (filed,
    accepted, followed up, data balikan uploaded), the requests forwarded
    to the OPDs they answer for, and the requester's own steps (complete
    the request, upload the data balikan)."""
    who = satudata_datarequest_viewer()
    if not who.logged_in:
        return 0
    count = 0
    if who.walidata:
        count += sum(len(store.search(status=status)) for status in (
            statuses.DIAJUKAN, statuses.DITERIMA, statuses.DITINDAKLANJUTI,
            statuses.DATA_BALIKAN_DIUNGGAH))
    if who.answers_opds:
        count += len(store.search(status=statuses.DITERUSKAN,
                                  organization_ids=sorted(who.answers_opds)))
    count += sum(len(store.search(requester_id=who.user_id, status=status))
                 for status in (statuses.MENUNGGU_KELENGKAPAN,
                                statuses.MENUNGGU_DATA_BALIKAN))
    return count


def satudata_datarequest_datasets(organization: str | None = None
                                  ) -> list[dict[str, Any]]:
    """The Daftar Data (open and restricted titles, per OPD) for the form's
    dataset choice: ``[{"name", "title", "datasets": [{"name", "title",
    "keterbukaan"}]}]``."""
    data = {"organization": organization} if organization else {}
    try:
        return tk.get_action("satudata_daftar_data")({"user": _user() or ""}, data)
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return []


def satudata_datarequest_regions() -> list[dict[str, Any]]:
    """The portal's region and its kecamatan (official codes)."""
    return [{"code": option.code, "name": option.name, "level": option.level}
            for option in region.portal_options(region.portal_region_code())
            if option.level <= 3]


def satudata_datarequest_opds() -> list[dict[str, str]]:
    """The producer OPDs a request may be forwarded to (not the walidata's
    or the pembina's organization), by title."""
    groups = (model.Session.query(model.Group)
              .filter(model.Group.is_organization.is_(True),
                      model.Group.state == "active").all())
    found = [{"id": group.id, "name": group.name, "title": group.title or group.name}
             for group in groups if rules.is_opd(group)]
    return sorted(found, key=lambda item: item["title"].casefold())


def satudata_datarequest_when(value: str | dt.datetime | None,
                              with_hours: bool = False) -> str:
    """A moment of a request (ISO text from the actions, in UTC) in the
    portal's display zone, as CKAN renders dates."""
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return tk.h.render_datetime(moment.astimezone(tk.h.get_display_timezone()),
                                with_hours=with_hours)


def get_helpers() -> dict[str, Any]:
    """The helpers of ``__all__``, by name (``tk.blanket.helpers``)."""
    return {name: globals()[name] for name in __all__}
