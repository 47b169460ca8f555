"""Names of the archives and which ones retention deletes (pure).

An archive is ``satudata-backup-<site>-<UTC time>.tar``; while it is being
written it is a hidden ``.satudata-backup-…tar.partial`` beside it, so a
half-written archive never looks like one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlparse

PREFIX = "satudata-backup-"
SUFFIX = ".tar"
PARTIAL = ".partial"
_TIME = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(
    r"^satudata-backup-(?P<site>[a-z0-9][a-z0-9.-]*)-(?P<time>\d{8}T\d{6}Z)\.tar$"
)


@dataclass(frozen=True)
class ArchiveName:
    name: str
    site: str
    created: dt.datetime


def site_slug(site_id: str, site_url: str = "") -> str:
    """The site's part of archive names: its ``ckan.site_id`` (else the host
    of ``ckan.site_url``), in lower-case letters, digits, dots and dashes."""
    text = site_id.strip() or urlparse(site_url).hostname or "ckan"
    slug = re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-.")
    return slug or "ckan"


def archive_name(site: str, created: dt.datetime) -> str:
    when = created.astimezone(dt.timezone.utc)
    return f"{PREFIX}{site}-{when.strftime(_TIME)}{SUFFIX}"


def partial_name(name: str) -> str:
    """Where ``name`` is written before it is complete."""
    return f".{name}{PARTIAL}"


def parse(name: str) -> ArchiveName | None:
    """The site and time of an archive's file name; ``None`` for any other
    file."""
    found = _NAME.match(name)
    if not found:
        return None
    created = dt.datetime.strptime(found["time"], _TIME).replace(
        tzinfo=dt.timezone.utc)
    return ArchiveName(name, found["site"], created)


def to_delete(names: Iterable[str], site: str, keep: int) -> list[str]:
    """The archives of ``site`` among ``names`` beyond the ``keep`` newest
    (oldest first); ``keep`` 0 keeps them all. Other sites' archives and
    other files are never chosen."""
    if keep <= 0:
        return []
    own = sorted(
        (parsed for parsed in map(parse, names) if parsed and parsed.site == site),
        key=lambda parsed: (parsed.created, parsed.name), reverse=True,
    )
    return [parsed.name for parsed in reversed(own[keep:])]
