"""Template helpers of the access requests (Layanan Akses Data): the DTSEN
stages for the public page, the built-in questions and answers, the
policy, the requestable datasets and their variables for the form, the
current user's institution, formats and file kinds, dates, and the
institution user's activity panel. Every name starts with
``satudata_access_``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.common import current_user

from ckanext.satudata.accessrequests import (
    api,
    attachments,
    config,
    present,
    rules,
    stages,
    transitions,
)
from ckanext.satudata.institutions import api as institutions
from ckanext.satudata.messages import N_

__all__ = [
    "satudata_access_activity",
    "satudata_access_datasets",
    "satudata_access_faq",
    "satudata_access_file_kind_label",
    "satudata_access_formats",
    "satudata_access_institution",
    "satudata_access_is_officer",
    "satudata_access_limit_days",
    "satudata_access_policy",
    "satudata_access_requirements",
    "satudata_access_stages",
    "satudata_access_statuses",
    "satudata_access_token_days",
    "satudata_access_token_downloads",
    "satudata_access_variables",
    "satudata_access_when",
]

#: The formats an extract is built in (``accessrequests.formats``).
FORMATS: tuple[tuple[str, str], ...] = tuple(present.FORMATS.items())
#: A request's statuses.
STATUSES: tuple[tuple[str, str], ...] = tuple(transitions.STATUS_LABELS.items())
#: Who acts in a stage.
ACTORS = {
    "pemohon": N_("Requesting institution"),
    "walidata": N_("Walidata"),
    "verifikator": N_("Verifikator of the data producer (OPD)"),
    "produsen": N_("Data producer (OPD)"),
}
#: What happens in each stage, for the public page.
STAGE_NOTES = {
    stages.PERMOHONAN: N_(
        "The institution files the request with its letter number, the"
        " required documents and the data it needs."),
    stages.VERIFIKASI_TEKNIS: N_("The documents are checked for completeness."),
    stages.VERIFIKASI_SUBSTANSI: N_(
        "The purpose and the data asked for are checked against the documents."),
    stages.VERIFIKASI_KOORDINATOR: N_(
        "The coordinator approves the request (and, for level 4, the identities)."),
    stages.PENGOLAHAN_DATA: N_(
        "The portal builds the extract of the chosen variables; at level 3 the"
        " identifying columns are removed."),
    stages.CEK_KUALITAS: N_("The extract is checked (rows, removed columns)."),
    stages.UNDUH_DATA: N_(
        "The institution enters its BAST number, downloads the BAST, signs and"
        " stamps it and uploads it."),
    stages.VERIFIKASI_BAST: N_(
        "The signed BAST is checked; a download token is sent by e-mail."),
    stages.SELESAI: N_("The data is downloaded with the token."),
}
#: The documents attached to a request (form field → label, description).
REQUIREMENTS: tuple[tuple[str, str, str], ...] = (
    ("kak", N_("Terms of reference (KAK)"),
     N_("What the data is needed for: background, purpose, activities and"
        " outputs of the work that uses it.")),
    ("sk", N_("Decree appointing the implementers (SK Penetapan Pelaksana)"),
     N_("The decree of the institution naming who manages and uses the data.")),
    ("peraturan", N_("Regulation on Satu Data Indonesia (Peraturan tentang SDI)"),
     N_("The institution's regulation on Satu Data Indonesia, or the one of its"
        " region.")),
    ("lainnya", N_("Other supporting documents"),
     N_("Optional: anything else that supports the request.")),
)
#: File kinds of a request.
FILE_KINDS = attachments.LABELS
#: The built-in questions and answers of the public page.
FAQ: tuple[tuple[str, str], ...] = (
    (N_("Who can ask for restricted data?"),
     N_("Users of an institution registered on the portal and approved by the"
        " walidata, whose profile (logo and address) is complete.")),
    (N_("Which data can be asked for?"),
     N_("Restricted datasets of access level 2 to 4 of the Data list. Level 1"
        " data is open and is downloaded without a request.")),
    (N_("How long does it take?"),
     N_("At most {days} working days from the technical verification to the"
        " delivery. The days the request waits for your corrections do not"
        " count.")),
    (N_("Why must I sign a BAST?"),
     N_("Micro data (levels 3 and 4) is handed over against a Berita Acara"
        " Serah Terima signed and stamped by your institution. Level 2 data"
        " needs no BAST.")),
    (N_("How do I download the data?"),
     N_("With the token e-mailed to you once the BAST is approved. A token is"
        " valid for {token_days} days or {token_downloads} downloads; you can"
        " ask for a new one on the request's page.")),
    (N_("What if my request is returned?"),
     N_("Read the officer's note on the request's page, correct what is asked"
        " and send it again: the request goes on from the same stage.")),
)
#: The default Kebijakan Akses (terms and conditions), when none is set.
DEFAULT_POLICY: tuple[str, ...] = (
    N_("The data is used only for the purpose stated in the request and its"
       " terms of reference."),
    N_("The data is not passed on, published or sold to any other party."),
    N_("Personal data is protected according to Law 27/2022 on Personal Data"
       " Protection; no attempt is made to identify the people in de-identified"
       " data."),
    N_("The data is stored securely and deleted when the work it was asked for"
       " ends."),
    N_("Every download is recorded (user, time, address, file)."),
    N_("A breach of these terms may end the institution's access to the"
       " portal's restricted data."),
)


def _user() -> str:
    return "" if current_user.is_anonymous else current_user.name


def satudata_access_stages() -> list[dict[str, Any]]:
    """The DTSEN stages in order: ``code``, ``label``, ``actor`` (label),
    ``note``."""
    found = []
    for stage in stages.DTSEN:
        actor = stages.mover(stage.code) if stage.code in stages.ADVANCED else (
            stage.actor)
        found.append({
            "code": stage.code, "label": tk._(stage.label),
            "actor": tk._(ACTORS[actor]) if actor in ACTORS else actor,
            "note": tk._(STAGE_NOTES[stage.code]) if stage.code in STAGE_NOTES
            else "",
        })
    return found


def satudata_access_statuses() -> list[tuple[str, str]]:
    """``(code, label)`` of every status."""
    return [(code, tk._(label)) for code, label in STATUSES]


def satudata_access_limit_days() -> int:
    return config.limit_days()


def satudata_access_token_days() -> int:
    return config.token_days()


def satudata_access_token_downloads() -> int:
    return config.token_downloads()


def satudata_access_requirements() -> list[dict[str, str]]:
    """The documents to attach: ``field``, ``label``, ``description``,
    ``required``."""
    return [{"field": field, "label": tk._(label), "description": tk._(text),
             "required": field != "lainnya"} for field, label, text in REQUIREMENTS]


def satudata_access_faq() -> dict[str, Any]:
    """``items``: the built-in questions and answers; ``extra``: the
    configured Markdown (``ckanext.satudata.accessrequests.faq``)."""
    params = {"days": config.limit_days(), "token_days": config.token_days(),
              "token_downloads": config.token_downloads()}
    return {
        "items": [{"question": tk._(question), "answer": tk._(answer).format(**params)}
                  for question, answer in FAQ],
        "extra": config.faq(),
    }


def satudata_access_policy() -> dict[str, Any]:
    """``markdown``: the configured Kebijakan Akses, else ``items``: the
    default terms."""
    text = config.policy()
    return {"markdown": text,
            "items": [] if text else [tk._(item) for item in DEFAULT_POLICY]}


def satudata_access_formats() -> list[tuple[str, str]]:
    return list(FORMATS)


def satudata_access_file_kind_label(kind: str) -> str:
    return tk._(FILE_KINDS[kind]) if kind in FILE_KINDS else kind


def satudata_access_institution() -> dict[str, Any]:
    """The current user's standing for the form: ``logged_in``,
    ``institution`` (``institutions.api.institution_of`` or ``None``),
    ``missing`` (what its profile lacks)."""
    if current_user.is_anonymous:
        return {"logged_in": False, "institution": None, "missing": []}
    found = institutions.institution_of(current_user.name)
    missing = institutions.profile_missing(found["id"]) if found else []
    return {"logged_in": True, "institution": found, "missing": missing}


def satudata_access_is_officer() -> bool:
    """Whether the current user handles access requests: walidata,
    pembina, or staff (operator, verifikator) of an OPD."""
    if current_user.is_anonymous:
        return False
    return rules.is_officer(rules.viewer(current_user.name))


def satudata_access_datasets() -> list[dict[str, Any]]:
    """The datasets an institution may ask for (terbatas, level 2-4):
    ``id``, ``name``, ``title``, ``level``, ``level_label``,
    ``organization_title``; by OPD then title."""
    found = []
    for dataset in api.requestable_datasets():
        item = dict(dataset)
        item["level_label"] = tk.h.satudata_vocabulary_label(
            "level_akses", str(item.get("level") or ""))
        found.append(item)
    return sorted(found, key=lambda item: (
        (item.get("organization_title") or "").casefold(),
        (item.get("title") or "").casefold()))


def satudata_access_variables(dataset: str | None) -> dict[str, Any]:
    """The variables of a requestable dataset (id or name): ``variables``
    [{``name``, ``label``, ``key``}], ``error`` (why there are none)."""
    if not dataset:
        return {"variables": [], "error": ""}
    from ckanext.satudata.accessrequests import extract

    try:
        package = tk.get_action("package_show")({"ignore_auth": True},
                                                {"id": dataset})
    except (tk.ObjectNotFound, tk.ValidationError):
        return {"variables": [], "error": tk._("Dataset not found")}
    try:
        found = extract.variables(package)
    except extract.ExtractError as error:
        return {"variables": [], "error": error.message()}
    return {"variables": [{"name": item.name, "label": item.label or item.name,
                           "key": item.key} for item in found], "error": ""}


def satudata_access_when(value: str | dt.datetime | None,
                         with_hours: bool = False) -> str:
    """A moment (ISO text in UTC from the actions) in the portal's display
    zone, as CKAN renders dates."""
    if not value:
        return ""
    try:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return str(value)
    if not isinstance(moment, dt.datetime):
        return tk.h.render_datetime(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return tk.h.render_datetime(moment.astimezone(tk.h.get_display_timezone()),
                                with_hours=with_hours)


def _results(found: Any) -> list[dict[str, Any]]:
    if isinstance(found, dict):
        return list(found.get("results") or found.get("items") or [])
    return list(found or [])


def satudata_access_activity(limit: int = 5) -> dict[str, Any] | None:
    """The "Aktivitas Pengguna" panel of an institution user's dashboard:
    ``logins`` (the accounts plugin's login events, if it runs),
    ``requests`` (the institution's latest requests), ``downloads`` (the
    user's latest downloads); ``None`` for anybody not of an institution."""
    if current_user.is_anonymous or not institutions.institution_of(current_user.name):
        return None
    context = {"user": _user()}
    found: dict[str, Any] = {"logins": [], "requests": [], "downloads": []}
    calls = (
        ("logins", "satudata_login_history_list",
         {"user": current_user.id, "kind": "login", "limit": limit}),
        ("requests", "satudata_access_request_list", {"mine": True}),
        ("downloads", "satudata_download_log_list",
         {"user_id": current_user.id, "limit": limit}),
    )
    for key, action, data in calls:
        try:
            found[key] = _results(tk.get_action(action)(dict(context), data))[:limit]
        except (KeyError, tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
            found[key] = []
    return found


def get_helpers() -> dict[str, Any]:
    """The helpers of ``__all__``, by name (``tk.blanket.helpers``)."""
    return {name: globals()[name] for name in __all__}
