"""Actions of the catalogue plugin: reference data, Daftar Data, statistics."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckan.lib.redis import connect_to_redis
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.satudata import config as site
from ckanext.satudata import region, roles, vocabulary
from ckanext.satudata.catalogue import config
from ckanext.satudata.catalogue.logic import schema

log = logging.getLogger(__name__)

#: Index fields a Daftar Data row carries.
#: Index fields a Daftar Data row carries: stored ones, so the ``extras_``
#: copies (Solr does not store its catch-all string fields); CKAN returns
#: them without the prefix.
_DAFTAR_FIELDS = (
    "name",
    "title",
    "organization",
    "capacity",
    "extras_keterbukaan",
    "extras_level_akses",
    "extras_frekuensi",
    "extras_urusan",
    "extras_tahun_data",
)
_PAGE = 1000


@tk.side_effect_free
def satudata_vocabulary_list(
    context: Context, data_dict: DataDict
) -> list[dict[str, Any]]:
    """The controlled vocabularies of the SDI schema (urusan, kategori,
    frekuensi, keterbukaan, metode).

    :returns: ``name``, ``title`` (per language) and ``source`` of each
    :rtype: list of dicts
    """
    tk.check_access("satudata_vocabulary_list", context, data_dict)
    return [
        {key: vocabulary.vocabulary(name)[key] for key in ("name", "title", "source")}
        for name in vocabulary.names()
    ]


@tk.side_effect_free
@validate(schema.vocabulary_show)
def satudata_vocabulary_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One controlled vocabulary with its codes and labels.

    :param id: the vocabulary name, e.g. ``urusan`` or ``keterbukaan``
    :type id: string

    :returns: ``name``, ``title``, ``source`` and ``items`` (each with the
        stable ``value`` code and its ``label`` per language)
    :rtype: dict
    """
    tk.check_access("satudata_vocabulary_show", context, data_dict)
    try:
        return vocabulary.vocabulary(data_dict["id"])
    except vocabulary.UnknownVocabulary:
        raise tk.ObjectNotFound(tk._("Vocabulary not found")) from None


@tk.side_effect_free
@validate(schema.wilayah_show)
def satudata_wilayah_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A region of the official Kepmendagri list.

    :param id: region code, dotted (``33.74``) or not (``3374``)
    :type id: string
    :param include_children: also list the regions directly under it
        (optional, default ``false``)
    :type include_children: bool

    :returns: ``code``, ``name``, ``level`` (1 province … 4 village),
        ``type``, ``path`` and, when asked, ``children``
    :rtype: dict
    """
    tk.check_access("satudata_wilayah_show", context, data_dict)
    code = region.normalize(data_dict["id"])
    found = region.find(code)
    if found is None:
        raise tk.ObjectNotFound(tk._("Region not found"))
    result = _wilayah_dict(found)
    if data_dict.get("include_children"):
        result["children"] = [
            _wilayah_dict(child) for child in region.children(found.code)
        ]
    return result


def _wilayah_dict(found: Any) -> dict[str, Any]:
    return {
        "code": found.code,
        "name": found.name,
        "level": found.level,
        "type": found.type,
        "path": found.path,
    }


@tk.side_effect_free
def satudata_portal_stats(context: Context, data_dict: DataDict) -> dict[str, int]:
    """Figures shown on the Beranda.

    :returns: ``datasets`` (published, public datasets), ``producers``
        (organizations with at least one of them), ``views`` (page views) and
        ``downloads`` (resource downloads) recorded by CKAN's tracking plugin
        (0 when it is not enabled); the datasets are counted on every call,
        the visits are shared by every web process for
        ``ckanext.satudata.stats_cache_seconds``
    :rtype: dict
    """
    tk.check_access("satudata_portal_stats", context, data_dict)
    public = tk.get_action("package_search")(
        {"user": ""},
        {"q": "*:*", "rows": 0, "facet.field": ["organization"], "facet.limit": -1},
    )
    producers = public["search_facets"].get("organization", {}).get("items", [])
    views, downloads = _shared_tracking_counts()
    return {
        "datasets": public["count"],
        "producers": len(producers),
        "views": views,
        "downloads": downloads,
    }


def _tracking_key() -> str:
    """The Redis key of the counted page views and downloads."""
    return f"satudata:catalogue:{site.site_id()}:tracking"


def _shared_tracking_counts() -> tuple[int, int]:
    """:func:`_tracking_counts`, kept in Redis for ``stats_cache_seconds``
    (0: counted on every call). Every web process reads the same figures;
    a new dataset counts at once (the search is not cached here), visits
    within that time. Redis being down never fails the page."""
    seconds = config.stats_cache_seconds()
    if not seconds:
        return _tracking_counts()
    try:
        redis = connect_to_redis()
        found = redis.get(_tracking_key())
    except Exception:
        log.warning("portal figures: Redis unavailable", exc_info=True)
        return _tracking_counts()
    if found is not None:
        views, downloads = json.loads(found)
        return int(views), int(downloads)
    counts = _tracking_counts()
    try:
        redis.set(_tracking_key(), json.dumps(counts), ex=seconds)
    except Exception:
        log.warning("portal figures: could not store", exc_info=True)
    return counts


def _tracking_counts() -> tuple[int, int]:
    """(page views, resource downloads): one per visitor, URL and day, as
    CKAN's tracking summary counts them."""
    if not sa.inspect(model.meta.engine).has_table("tracking_raw"):
        return 0, 0
    rows = model.Session.execute(
        sa.text(
            "SELECT tracking_type, count(*) FROM (SELECT DISTINCT user_key, url,"
            " tracking_type, access_timestamp::date FROM tracking_raw) AS visits"
            " GROUP BY tracking_type"
        )
    ).all()
    counts = {kind: int(count) for kind, count in rows}
    return counts.get("page", 0), counts.get("resource", 0)


@tk.side_effect_free
@validate(schema.daftar_data)
def satudata_daftar_data(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """The Daftar Data: every published dataset title per producer (OPD).

    Lists ``terbuka`` and ``terbatas`` datasets, the latter by title and
    metadata codes only (their pages stay closed to those without access);
    ``rahasia`` datasets are not listed.

    :param organization: only this organization (name or id, optional)
    :type organization: string
    :param dataset: only the dataset with this name (optional; an empty
        list when it is not listed, e.g. rahasia or unknown)
    :type dataset: string

    :returns: one entry per organization (``name``, ``title``, ``datasets``);
        each dataset has ``name``, ``title``, ``keterbukaan``,
        ``level_akses``, ``frekuensi``, ``urusan``, ``tahun_data`` and
        ``readable`` (whether the caller can open it)
    :rtype: list of dicts
    """
    tk.check_access("satudata_daftar_data", context, data_dict)
    filters = ["-keterbukaan:rahasia", "+dataset_type:dataset"]
    if data_dict.get("organization"):
        organization = model.Group.get(data_dict["organization"])
        if organization is None or not organization.is_organization:
            raise tk.ObjectNotFound(tk._("Organization not found"))
        filters.append(f'+owner_org:"{organization.id}"')
    if data_dict.get("dataset"):
        name = data_dict["dataset"].replace("\\", "\\\\").replace('"', '\\"')
        filters.append(f'+name:"{name}"')
    user = context.get("auth_user_obj") or model.User.get(context.get("user") or "")
    readable_orgs = _readable_organizations(user)
    by_org: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _all_published(" ".join(filters)):
        private = row.get("capacity") == "private"
        by_org[row.get("organization") or ""].append(
            {
                "name": row["name"],
                "title": row["title"],
                "keterbukaan": row.get("keterbukaan"),
                "level_akses": row.get("level_akses"),
                "frekuensi": row.get("frekuensi"),
                "urusan": row.get("urusan"),
                "tahun_data": row.get("tahun_data"),
                "readable": not private
                or readable_orgs is None
                or row.get("organization") in readable_orgs,
            }
        )
    return [
        {
            "name": org.name,
            "title": org.title,
            "datasets": sorted(by_org[org.name], key=lambda d: d["title"].casefold()),
        }
        for org in _organizations(by_org)
    ]


def _all_published(fq: str) -> list[dict[str, Any]]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context: Context = {"ignore_auth": True, "user": site_user["name"]}
    rows: list[dict[str, Any]] = []
    while True:
        page = tk.get_action("package_search")(
            context,
            {
                "q": "*:*",
                "fq": fq,
                "include_private": True,
                "rows": _PAGE,
                "start": len(rows),
                "fl": list(_DAFTAR_FIELDS),
                "sort": "title_string asc",
            },
        )
        rows.extend(page["results"])
        if not page["results"] or len(rows) >= page["count"]:
            return rows


def _readable_organizations(user: model.User | None) -> set[str] | None:
    """Names of organizations whose private datasets ``user`` reads;
    ``None`` means all (walidata or pembina)."""
    if user is None or user.is_anonymous:
        return set()
    if roles.reads_all_closed_data(user):
        return None
    organizations = tk.get_action("organization_list_for_user")(
        {"user": user.name}, {"permission": "read"}
    )
    return {organization["name"] for organization in organizations}


def _organizations(by_org: dict[str, list[dict[str, Any]]]) -> list[model.Group]:
    if not by_org:
        return []
    return (
        model.Session.query(model.Group)
        .filter(model.Group.name.in_(list(by_org)), model.Group.is_organization)
        .order_by(model.Group.title)
        .all()
    )
