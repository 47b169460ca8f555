"""CKAN licences as DCAT licence documents: the canonical URI of each
licence CKAN offers (``ckan.model.license``), its ADMS licence type, and
the way back from a URI (ours, CKAN's own opendefinition.org one, an
``http``/``https`` or trailing-slash variant) to the CKAN licence id.

CKAN's default list gives opendefinition.org pages as URLs; a licence's
canonical URI is the licensor's (creativecommons.org, opendatacommons.org,
gnu.org). The ``other-*`` licences have no document: they are published as
a licence document without a URI (a blank node with CKAN's title).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ckan.model.license import LicenseRegister
from rdflib import Namespace

ADMS_LICENCE_TYPE = Namespace("http://purl.org/adms/licencetype/")

#: CKAN licence id -> canonical URI
CANONICAL_URIS = {
    "cc-by": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc-zero": "https://creativecommons.org/publicdomain/zero/1.0/",
    # CKAN's "Creative Commons Non-Commercial (Any)" points to 2.0
    "cc-nc": "https://creativecommons.org/licenses/by-nc/2.0/",
    "odc-by": "https://opendatacommons.org/licenses/by/1-0/",
    "odc-odbl": "https://opendatacommons.org/licenses/odbl/1-0/",
    "odc-pddl": "https://opendatacommons.org/licenses/pddl/1-0/",
    "gfdl": "https://www.gnu.org/licenses/fdl-1.3.html",
    "uk-ogl": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
#: CKAN licence id -> ADMS licence types (http://purl.org/adms/licencetype/)
LICENCE_TYPES = {
    "cc-by": ("Attribution",),
    "cc-by-sa": ("Attribution", "ViralEffect-ShareAlike"),
    "cc-zero": ("PublicDomain",),
    "cc-nc": ("Attribution", "NonCommercialUseOnly"),
    "odc-by": ("Attribution",),
    "odc-odbl": ("Attribution", "ViralEffect-ShareAlike"),
    "odc-pddl": ("PublicDomain",),
    "gfdl": ("Attribution", "ViralEffect-ShareAlike"),
    "uk-ogl": ("Attribution",),
    "other-pd": ("PublicDomain",),
    "other-at": ("Attribution",),
    "other-nc": ("NonCommercialUseOnly",),
}
#: CKAN licence ids that mean "no licence was chosen"
NOT_SPECIFIED = frozenset({"", "notspecified"})


@dataclass(frozen=True)
class Licence:
    id: str
    title: str
    uri: str | None  # None: a licence without a document of its own
    types: tuple[str, ...]


def _key(uri: str) -> str:
    """A URI compared loosely: scheme, ``www.`` and trailing slash ignored."""
    text = uri.strip().lower()
    for prefix in ("https://", "http://"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    return text.removeprefix("www.").rstrip("/")


def of_dataset(dataset: dict[str, object]) -> Licence | None:
    """The licence of a dataset dict (``package_show``), ``None`` when it
    has none (no ``license_id``, or ``notspecified``)."""
    licence_id = str(dataset.get("license_id") or "")
    if licence_id in NOT_SPECIFIED:
        return None
    url = str(dataset.get("license_url") or "")
    uri = CANONICAL_URIS.get(licence_id) or (url if url.startswith("http") else None)
    title = str(dataset.get("license_title") or "") or licence_id
    return Licence(licence_id, title, uri, LICENCE_TYPES.get(licence_id, ()))


def id_of(uri: str) -> str | None:
    """The CKAN licence id of a licence URI: a canonical one, or the URL of
    a licence in the site's licence list."""
    wanted = _key(uri)
    for licence_id, canonical in CANONICAL_URIS.items():
        if _key(canonical) == wanted:
            return licence_id
    for licence_id, (_title, url) in _register().items():
        if url and _key(url) == wanted:
            return licence_id
    return None


def id_of_title(title: str) -> str | None:
    """The CKAN licence id of a licence title in the site's licence list."""
    for licence_id, (known, _url) in _register().items():
        if known == title:
            return licence_id
    return None


@lru_cache(maxsize=1)
def _register() -> dict[str, tuple[str, str]]:
    """The site's licence list, id -> (title, url), read once (CKAN may
    fetch it from ``licenses_group_url``)."""
    return {
        licence_id: (licence.title, licence.url or "")
        for licence_id, licence in LicenseRegister().items()
    }
