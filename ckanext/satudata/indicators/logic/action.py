"""Actions of indicator entry (the public API; see each docstring)."""

from __future__ import annotations

import datetime as dt
import secrets

import ckan.plugins.toolkit as tk
from ckan import model
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata import roles, signals
from ckanext.satudata.indicators import (
    config,
    due,
    entry,
    importing,
    lookup,
    period,
    store,
)
from ckanext.satudata.indicators.logic import schema
from ckanext.satudata.indicators.structure import StructureError
from ckanext.satudata.indicators.structure import validate as validate_structure
from ckanext.satudata.messages import N_, message


def _user_id(context: Context) -> str | None:
    user = model.User.get(context.get("user") or "")
    return user.id if user else None


def _actor(context: Context, data: DataDict) -> entry.Actor:
    token = data.get("token")
    if token:
        link = lookup.survey_link(token)
        if link is None:  # a sysadmin skips the auth function's check
            raise tk.ValidationError({"token": [tk._(
                "This survey link is not valid: it has expired or been revoked,"
                " or it is for another dataset or period"
            )]})
        name = (data.get("surveyor_name") or "").strip()[:100] or link["label"]
        return entry.Actor(None, name, link["id"], "surveyor",
                           issued_by=link["created_by"])
    user = model.User.get(context.get("user") or "")
    return entry.user_actor(
        user.id if user else None,
        (user.display_name if user else context.get("user")) or "",
        lookup.package(data["id"]),
    )


def _link_rows(data: DataDict) -> list[str] | None:
    if not data.get("token"):
        return None
    link = lookup.survey_link(data["token"])
    return link["rows"] if link else None


def _translate_errors(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    return {field: [tk._(m) for m in messages] for field, messages in errors.items()}


def _structure_dict(package: model.Package) -> DataDict:
    structure = entry.structure_of(package.id)
    if structure is None:
        raise tk.ObjectNotFound(tk._("This dataset has no data structure yet"))
    first = period.parse(structure.first_period, structure.granularity)
    return {
        "package_id": package.id,
        "package_name": package.name,
        **structure.as_dict(),
        "first_period_label": first.label if first else structure.first_period,
        "rows": [{"code": row.code, "name": row.name} for row in structure.rows],
        "locked": store.has_values(package.id),
    }


@tk.side_effect_free
@validate(schema.package_ref)
def satudata_structure_show(context: Context, data_dict: DataDict) -> DataDict:
    """The data structure of a dataset: its components, breakdown rows and
    period granularity.

    :param id: id or name of the dataset
    :type id: string
    :returns: ``components`` (each ``code``, ``name``, ``unit``, ``type`` —
        integer, decimal, percentage or text — and ``required``; ``min``
        and ``max`` when a range is declared; ``sum_of``, the codes of its
        parts, when the component is declared their total),
        ``breakdown`` (``type`` none, region with ``level`` kecamatan or desa,
        or category with ``categories``), ``rows`` (the breakdown's rows,
        ``code`` and ``name``), ``granularity`` (tahunan, semester,
        triwulan, bulanan), ``first_period`` and ``locked`` (true once a
        period holds values: from then on only names, units, required
        flags, ranges and totals change)
    :rtype: dictionary
    """
    tk.check_access("satudata_structure_show", context, data_dict)
    return _structure_dict(lookup.package(data_dict["id"]))


def _locked_change(old: DataDict, new: DataDict) -> list[str]:
    """Fields of a locked structure that ``new`` would change."""
    changed = [
        field for field in ("breakdown", "granularity", "first_period")
        if old[field] != new[field]
    ]
    old_shape = [(c["code"], c["type"]) for c in old["components"]]
    new_shape = [(c["code"], c["type"]) for c in new["components"]]
    if old_shape != new_shape:
        changed.append("components")
    return changed


@validate(schema.structure_update)
def satudata_structure_update(context: Context, data_dict: DataDict) -> DataDict:
    """Set the data structure of a dataset (operators of its organization
    and walidata).

    Until a period holds values everything may change; afterwards only the
    components' names, units, required flags, ranges and totals (what the
    automatic quality checks use).

    :param id: id or name of the dataset
    :type id: string
    :param components: the measures, each ``{"code", "name", "unit",
        "type", "required"}``; ``code`` is lower-case letters, digits and
        ``_``; ``type`` is integer, decimal, percentage or text. A numeric
        component may have ``min`` and/or ``max`` (numbers, ``min`` ≤
        ``max``; without either a percentage is expected from 0 to 100) and
        ``sum_of`` (as :func:`satudata_structure_show` returns it: the
        codes of the components it totals)
    :type components: list of dictionaries
    :param totals: components that are the sum of others, each
        ``{"component": "jumlah", "parts": ["laki_laki", "perempuan"]}``:
        numeric components of this structure, at least two parts, the
        total not among them, each component total at most once (optional;
        the same as ``sum_of`` on the component)
    :type totals: list of dictionaries
    :param breakdown: ``{"type": "none"}``, ``{"type": "region", "level":
        "kecamatan"}`` (or ``"desa"``: the desa/kelurahan of the portal's
        region) or ``{"type": "category", "categories": [{"code", "name"}]}``
    :type breakdown: dictionary
    :param granularity: tahunan, semester, triwulan or bulanan
    :type granularity: string
    :param first_period: the first period to fill, e.g. ``2024``,
        ``2024-S1``, ``2024-Q3``, ``2024-06``
    :type first_period: string
    :returns: the structure, as :func:`satudata_structure_show`
    :rtype: dictionary
    """
    tk.check_access("satudata_structure_update", context, data_dict)
    package = lookup.package(data_dict["id"])
    try:
        structure = validate_structure(data_dict)
    except StructureError as error:
        raise tk.ValidationError(_translate_errors(error.errors)) from error
    new = structure.as_dict()
    old = store.structure(package.id)
    if old is not None and store.has_values(package.id):
        changed = _locked_change(old, new)
        if changed:
            raise tk.ValidationError({field: [tk._(
                "Values have been filled: only names, units, required flags,"
                " ranges and totals may change now"
            )] for field in changed})
    store.save_structure(package.id, new, _user_id(context) or "")
    signals.structure_changed.send(package.id)
    if not context.get("defer_commit"):
        model.Session.commit()
    return _structure_dict(package)


@tk.side_effect_free
@validate(schema.due_list)
def satudata_due_list(context: Context, data_dict: DataDict) -> list[DataDict]:
    """Belum diisi: every due period of the datasets the user fills that has
    no submission yet, oldest first.

    A period is due once it has ended; ``overdue`` once its ``deadline``
    (``ckanext.satudata.fill_deadline_days`` after its end) has passed.

    :param organization: only this organization (id or name) (optional)
    :type organization: string
    :param include_drafts: also periods with a draft that is not sent yet
        (default false)
    :type include_drafts: bool
    :returns: ``package_id``, ``package_name``, ``title``, ``organization``,
        ``organization_title``, ``period``, ``period_label``, ``period_end``,
        ``deadline``, ``overdue``, ``status`` (``belum_diisi`` or ``draft``)
    :rtype: list of dictionaries
    """
    tk.check_access("satudata_due_list", context, data_dict)
    organizations = roles.writable_organization_ids(context.get("user"))
    if data_dict.get("organization"):
        group = model.Group.get(data_dict["organization"])
        if group is None or not group.is_organization:
            raise tk.ObjectNotFound(tk._("Organization not found"))
        if organizations is not None and group.id not in organizations:
            return []
        organizations = [group.id]
    return due.due_periods(organizations, include_drafts=data_dict["include_drafts"])


def _submission_dict(grid: entry.Grid, row: DataDict | None) -> DataDict:
    values = (row or {}).get("values") or {}
    allowed = {r.code for r in grid.rows}
    values = {code: cells_ for code, cells_ in values.items() if code in allowed}
    return {
        "id": row["id"] if row else None,
        "package_id": grid.package_id,
        "package_name": grid.package_name,
        "period": grid.period.id,
        "period_label": grid.period.label,
        "state": row["state"] if row else "belum_diisi",
        "values": values,
        "kode_referensi": row["kode_referensi"] if row else "",
        "sumber_data": row["sumber_data"] if row else "",
        "revision": row["revision"] if row else 0,
        "modified": row["modified"].isoformat() if row else None,
        "components": [c.as_dict() for c in grid.components],
        "rows": [{"code": r.code, "name": r.name} for r in grid.rows],
        "missing_required": entry.missing_required(grid, values),
    }


@tk.side_effect_free
@validate(schema.period_ref)
def satudata_submission_show(context: Context, data_dict: DataDict) -> DataDict:
    """The values filled for one dataset and period (drafts are for the
    operators of its organization, walidata and holders of a live survey
    link for that period, who see only the link's rows).

    :param id: id or name of the dataset
    :type id: string
    :param period: period id (``2024``, ``2024-S1``, ``2024-Q3``, ``2024-06``)
    :type period: string
    :param token: a survey link's token (optional, instead of logging in)
    :type token: string
    :returns: ``state`` (``belum_diisi`` when nothing is saved yet),
        ``values`` (``{row code: {component code: value}}``),
        ``kode_referensi``, ``sumber_data``, ``revision`` (pass it back to
        :func:`satudata_submission_save` to detect concurrent edits),
        ``components``, ``rows`` and ``missing_required`` (required cells
        still empty)
    :rtype: dictionary
    """
    tk.check_access("satudata_submission_show", context, data_dict)
    package = lookup.package(data_dict["id"])
    grid = entry.grid_for(package, data_dict["period"], _link_rows(data_dict))
    return _submission_dict(grid, store.submission(package.id, grid.period.id))


def _period_fields_unchanged(grid: entry.Grid, data_dict: DataDict) -> None:
    """Refuse a survey link's change of the period-wide fields (they belong
    to the OPD; the same value sent back is no change)."""
    row = store.submission(grid.package_id, grid.period.id) or {}
    errors = {
        field: [tk._(PERIOD_FIELD_FOR_STAFF)]
        for field in ("kode_referensi", "sumber_data")
        if data_dict.get(field) is not None
        and data_dict[field].strip() != (row.get(field) or "")
    }
    if errors:
        raise tk.ValidationError(errors)


PERIOD_FIELD_FOR_STAFF = N_(
    "Only the OPD's operators change this field: a survey link fills only the"
    " values of its rows"
)


@validate(schema.submission_save)
def satudata_submission_save(context: Context, data_dict: DataDict) -> DataDict:
    """Save values of one dataset and period as a draft.

    Only the cells given are written (an empty string or null clears a
    cell); every change is kept in the history. Numbers may use Indonesian
    formats (``10.518``, ``3,5``). Required cells may stay empty in a draft
    (see ``missing_required``). Nothing is written when any cell is invalid.

    :param id: id or name of the dataset
    :type id: string
    :param period: period id
    :type period: string
    :param values: ``{row code: {component code: value}}``
    :type values: dictionary
    :param kode_referensi: reference code of this submission (optional)
    :type kode_referensi: string
    :param sumber_data: data source of this submission (optional)
    :type sumber_data: string
    :param revision: the revision the values were read at; when someone
        saved in between the save is refused (optional)
    :type revision: int
    :param token: a survey link's token (optional, instead of logging in)
    :type token: string
    :param surveyor_name: with a token: the name of who is filling
    :type surveyor_name: string
    :returns: the submission, as :func:`satudata_submission_show`
    :rtype: dictionary
    """
    tk.check_access("satudata_submission_save", context, data_dict)
    package = lookup.package(data_dict["id"])
    grid = entry.grid_for(package, data_dict["period"], _link_rows(data_dict))
    values, errors = entry.check(grid, data_dict.get("values"))
    if errors:
        raise tk.ValidationError({"values": errors})
    if data_dict.get("token"):
        _period_fields_unchanged(grid, data_dict)
    actor = _actor(context, data_dict)
    source = "survey" if actor.survey_link_id else context.get(
        "satudata_source", "api"
    )
    row = entry.save(
        grid, values, actor, source,
        kode_referensi=data_dict.get("kode_referensi"),
        sumber_data=data_dict.get("sumber_data"),
        expected_revision=data_dict.get("revision"),
    )
    # Always committed, defer_commit or not: entry.save holds the
    # submission row locked (SELECT ... FOR UPDATE) until the commit.
    model.Session.commit()
    return _submission_dict(grid, row)


@validate(schema.submission_import)
def satudata_submission_import(context: Context, data_dict: DataDict) -> DataDict:
    """Import the values of one dataset and period from an Excel template
    (``.xlsx``) or a CSV file of the same shape.

    The file is checked as a whole (types, required cells, unknown rows or
    columns, duplicated rows, another dataset's or period's template,
    formulas, merged cells) and nothing is written when anything is wrong.
    Small files are imported at once; larger ones in a background job
    whose progress :func:`satudata_import_show` reports.

    :param id: id or name of the dataset
    :type id: string
    :param period: period id
    :type period: string
    :param upload: the file (multipart upload)
    :type upload: file
    :param revision: the period's revision the file was filled against
        (optional; by default its revision at upload time): when someone
        saves the period before the import is written, it fails instead
        of overwriting their values
    :type revision: int
    :param token: a survey link's token (optional, instead of logging in)
    :type token: string
    :param surveyor_name: with a token: the name of who is importing
    :type surveyor_name: string
    :returns: the import: ``id``, ``status`` (queued, running, done,
        failed), ``format``, ``rows_read``, ``rows_accepted``, ``errors``
        (each ``row``, ``column``, ``cell`` and ``message``), ``done`` and
        ``total`` rows
    :rtype: dictionary
    """
    tk.check_access("satudata_submission_import", context, data_dict)
    package = lookup.package(data_dict["id"])
    grid = entry.grid_for(package, data_dict["period"], _link_rows(data_dict))
    report = importing.start(
        grid, data_dict["upload"], _actor(context, data_dict), data_dict.get("revision")
    )
    if report["status"] == "failed":
        raise tk.ValidationError({
            "upload": [tk._("The file was not imported: see the errors")],
            "report": report,  # type: ignore[dict-item]
        })
    return report


@tk.side_effect_free
@validate(schema.import_show)
def satudata_import_show(context: Context, data_dict: DataDict) -> DataDict:
    """Status, progress and report of an import.

    :param id: the import's id (from :func:`satudata_submission_import`)
    :type id: string
    :param token: the survey link's token, for imports made through it
    :type token: string
    :rtype: dictionary
    """
    tk.check_access("satudata_import_show", context, data_dict)
    found = store.get_import(data_dict["id"])
    if found is None:
        raise tk.ObjectNotFound(tk._("Import not found"))
    return importing.as_dict(found)


@tk.side_effect_free
@validate(schema.period_ref)
def satudata_submission_history(
    context: Context, data_dict: DataDict
) -> list[DataDict]:
    """Every save and import of one dataset and period, newest first.

    :param id: id or name of the dataset
    :type id: string
    :param period: period id
    :type period: string
    With the workflow plugin the list also holds every transition
    (``kind`` ``transition``: see ``satudata_submission_transition_list``).

    :returns: ``kind`` (``values``), ``revision``, ``timestamp``, ``user``
        (name, or null for a survey link), ``actor_name``, ``role``
        (operator, verifikator, walidata, surveyor), ``survey_link_id``,
        ``source`` (form,
        api, excel, csv, survey), ``changes`` (``row``, ``component``,
        ``old``, ``new``) and ``details`` (kode_referensi / sumber_data
        changes)
    :rtype: list of dictionaries
    """
    tk.check_access("satudata_submission_history", context, data_dict)
    package = lookup.package(data_dict["id"])
    grid = entry.grid_for(package, data_dict["period"])
    row = store.submission(package.id, grid.period.id)
    if row is None:
        return []
    users = {}
    result = []
    for change in store.history(row["id"]):
        user_id = change["user_id"]
        if user_id and user_id not in users:
            user = model.User.get(user_id)
            users[user_id] = user.name if user else None
        result.append({
            "revision": change["revision"],
            "timestamp": change["timestamp"].isoformat(),
            "user": users.get(user_id) if user_id else None,
            "actor_name": change["actor_name"],
            "role": change["role"],
            "survey_link_id": change["survey_link_id"],
            "kind": "values",
            "source": change["source"],
            "changes": entry.expand_changes(change["changes"]),
            "details": change["details"],
        })
    return result


def _link_dict(link: DataDict, token: str | None = None) -> DataDict:
    result = {
        "id": link["id"],
        "package_id": link["package_id"],
        "period": link["period"],
        "label": link["label"],
        "rows": link["rows"],
        "expires": link["expires"].isoformat(),
        "created": link["created"].isoformat(),
        "revoked": link["revoked"].isoformat() if link["revoked"] else None,
        "active": link["revoked"] is None and link["expires"] > store.now(),
    }
    if token:
        result["token"] = token
        result["url"] = tk.url_for(
            "satudata_indicators.survey", token=token, _external=True
        )
    return result


def _expiry(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        if value.time() == dt.time(0):
            value = value.replace(hour=23, minute=59, second=59)
        value = value.replace(tzinfo=dt.timezone.utc)
    limit = config.survey_link_max_days()
    if value <= store.now():
        raise tk.ValidationError({"expires": [
            tk._("The expiry must be in the future")
        ]})
    if value > store.now() + dt.timedelta(days=limit):
        raise tk.ValidationError({"expires": [message(
            N_("A survey link may last at most {days} days"), {"days": limit}
        )]})
    return value


@validate(schema.survey_link_create)
def satudata_survey_link_create(context: Context, data_dict: DataDict) -> DataDict:
    """Create a share link for surveyors to fill one dataset and period
    without an account.

    :param id: id or name of the dataset
    :type id: string
    :param period: period id
    :type period: string
    :param label: who the link is for (e.g. the surveyor's name or area)
    :type label: string
    :param rows: only these breakdown rows (codes) (optional: all rows)
    :type rows: list of strings
    :param expires: expiry date or date-time (ISO 8601; a date means the end
        of that day, UTC); at most ``ckanext.satudata.survey_link_max_days``
    :type expires: string
    :returns: the link with its ``token`` and ``url`` (shown only now: the
        portal keeps only a hash of the token)
    :rtype: dictionary
    """
    tk.check_access("satudata_survey_link_create", context, data_dict)
    package = lookup.package(data_dict["id"])
    grid = entry.grid_for(package, data_dict["period"])
    rows = data_dict.get("rows") or None
    if isinstance(rows, str):
        rows = [rows]
    if rows is not None and not isinstance(rows, list):
        raise tk.ValidationError({"rows": [tk._("Give a list of row codes")]})
    if rows is not None:
        known = {row.code for row in grid.rows}
        unknown = [code for code in rows if code not in known]
        if unknown:
            raise tk.ValidationError({"rows": [message(
                N_("Unknown rows: {codes}"), {"codes": ", ".join(map(str, unknown))}
            )]})
    token = secrets.token_urlsafe(24)
    link = {
        "id": store.new_id(), "token_hash": store.token_hash(token),
        "package_id": package.id, "period": grid.period.id, "rows": rows,
        "label": data_dict["label"].strip()[:200],
        "expires": _expiry(data_dict["expires"]),
        "created": store.now(), "created_by": _user_id(context) or "",
    }
    store.create_link(**link)
    if not context.get("defer_commit"):
        model.Session.commit()
    return _link_dict({**link, "revoked": None}, token)


@tk.side_effect_free
@validate(schema.survey_link_list)
def satudata_survey_link_list(context: Context, data_dict: DataDict) -> list[DataDict]:
    """The survey links of a dataset (tokens are not shown again), with how
    often each was used (``fills``: saves and imports) and ``last_filled``;
    :func:`satudata_submission_history` shows what each filled.

    :param id: id or name of the dataset
    :type id: string
    :param period: only this period (optional)
    :type period: string
    :rtype: list of dictionaries
    """
    tk.check_access("satudata_survey_link_list", context, data_dict)
    package = lookup.package(data_dict["id"])
    links = store.links(package.id, data_dict.get("period"))
    activity = store.link_activity([link["id"] for link in links])
    result = []
    for link in links:
        used = activity.get(link["id"], {})
        result.append({
            **_link_dict(link),
            "fills": used.get("fills", 0),
            "last_filled": used["last"].isoformat() if used.get("last") else None,
        })
    return result


@validate(schema.survey_link_revoke)
def satudata_survey_link_revoke(context: Context, data_dict: DataDict) -> DataDict:
    """Revoke a survey link: it stops working at once.

    :param id: the link's id
    :type id: string
    :rtype: dictionary
    """
    tk.check_access("satudata_survey_link_revoke", context, data_dict)
    link = store.link(data_dict["id"])
    if link is None:
        raise tk.ObjectNotFound(tk._("Survey link not found"))
    if link["revoked"] is None:
        store.revoke_link(link["id"], _user_id(context) or "")
        if not context.get("defer_commit"):
            model.Session.commit()
    found = store.link(link["id"])
    assert found is not None
    return _link_dict(found)


@tk.side_effect_free
@validate(schema.package_ref)
def satudata_period_list(context: Context, data_dict: DataDict) -> list[DataDict]:
    """Every period of a dataset from its first to the current one, newest
    first, with its state.

    :param id: id or name of the dataset
    :type id: string
    :returns: ``id``, ``label``, ``start``, ``end``, ``state``
        (``belum_diisi`` or the submission's state), ``due`` (the period
        has ended), ``deadline`` and ``overdue``
    :rtype: list of dictionaries
    """
    tk.check_access("satudata_period_list", context, data_dict)
    return due.overview(lookup.package(data_dict["id"]))


@tk.side_effect_free
@validate(schema.survey_link_show)
def satudata_survey_link_show(context: Context, data_dict: DataDict) -> DataDict:
    """What a live survey link opens, for whoever holds its token.

    :param token: the link's token
    :type token: string
    :returns: the link (``id``, ``package_id``, ``period``, ``label``,
        ``rows``, ``expires``, ...) and ``package_name`` and
        ``package_title`` of its dataset
    :rtype: dictionary
    """
    tk.check_access("satudata_survey_link_show", context, data_dict)
    link = lookup.survey_link(data_dict["token"])
    if link is None:  # expired or revoked between the check and now
        raise tk.ObjectNotFound(tk._("Survey link not found"))
    package = lookup.package(link["package_id"])
    return {
        **_link_dict(link),
        "package_name": package.name,
        "package_title": package.title or package.name,
    }
