"""What other plugins (and this plugin's pages) may use of the access
requests: the terbatas datasets an institution may ask for; and, for tools
that cannot wait for the background worker (the demo loader), the
extract jobs run in-process and a download token issued directly; for the
monitoring, where each access request filed in a window stands
(:func:`request_facts`) and the downloads of delivered extracts per
dataset and month (:func:`download_counts`)."""

from __future__ import annotations

from typing import Any

from ckan import model

from ckanext.satudata.accessrequests import figures

__all__ = [
    "REQUESTABLE_LEVELS", "AccessRequestFacts", "build_extracts_now", "detect_now",
    "download_counts", "issue_token", "level_of", "request_facts", "requestable",
    "requestable_datasets",
]

AccessRequestFacts = figures.AccessRequestFacts
#: ``request_facts(start, end, organization_ids=None, now=None)``: the
#: :class:`AccessRequestFacts` of every request filed from ``start`` to ``end``.
request_facts = figures.facts
#: ``download_counts(start, end)``: token downloads per dataset and month.
download_counts = figures.download_counts

#: Access levels asked for with an access request (level 1 is open data).
REQUESTABLE_LEVELS = (2, 3, 4)
TERBATAS = "terbatas"


def level_of(package: model.Package) -> int | None:
    """The dataset's ``level_akses`` as a number (``None`` when unset)."""
    value = (package.extras or {}).get("level_akses")
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def requestable(package: model.Package | None) -> bool:
    """Whether an institution may ask for ``package``: an active terbatas
    dataset of level 2 to 4."""
    return (package is not None and package.state == "active"
            and package.type == "dataset"
            and (package.extras or {}).get("keterbukaan") == TERBATAS
            and level_of(package) in REQUESTABLE_LEVELS)


def requestable_datasets() -> list[dict[str, Any]]:
    """Every dataset an institution may ask for (titles only: the Daftar
    Data lists them publicly), by title: ``id``, ``name``, ``title``,
    ``level``, ``organization_title``."""
    packages = model.Session.query(model.Package).filter(
        model.Package.state == "active", model.Package.private.is_(True))
    found = []
    for package in packages:
        if not requestable(package):
            continue
        group = model.Group.get(package.owner_org) if package.owner_org else None
        found.append({"id": package.id, "name": package.name,
                      "title": package.title or package.name,
                      "level": level_of(package),
                      "organization_title": group.title if group else ""})
    return sorted(found, key=lambda item: item["title"].lower())


def detect_now(request_id: str) -> None:
    """Run the detection of identifying columns of the request's items
    here and now (the job Pengolahan Data starts; it commits)."""
    from ckanext.satudata.accessrequests import jobs

    jobs.detect_job(request_id)


def build_extracts_now(request_id: str) -> None:
    """Build the request's extracts here and now (the job
    ``satudata_access_request_extract`` starts; it commits)."""
    from ckanext.satudata.accessrequests import jobs

    jobs.build_job(request_id)


def issue_token(request_id: str, user_id: str) -> str:
    """A new download token of a delivered request for ``user_id`` (the
    user's earlier ones revoked), committed; the token itself, which is
    stored nowhere — nothing is e-mailed: the caller shows it."""
    from ckanext.satudata.accessrequests import rules, store, tokens

    request = store.find(request_id)
    if request is None or request["status"] != rules.SELESAI:
        raise ValueError(f"access request {request_id} is not delivered")
    token, _row = tokens.issue(request_id, user_id, store.now())
    model.repo.commit()
    return token
