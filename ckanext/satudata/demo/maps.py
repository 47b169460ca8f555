"""The demo's region boundary (plugin ``satudata_maps``), idempotently.

``data/batas-kecamatan.json`` (GeoJSON; ``.json`` so that the package
data ships it) holds the 16 kecamatan of Kota Semarang
(the demo city, ``tables.CITY_CODE``) with their Kepmendagri codes. The
shapes are synthetic, NOT the official boundaries: Voronoi cells of
approximate kecamatan centres clipped to a hand-drawn outline of the city
(enough for the thematic maps to show where each value belongs).

:func:`load_boundary` uploads it through ``satudata_maps_boundary_upload``
as the site user; the datasets broken down by kecamatan (e.g.
``jumlah-penduduk-menurut-kecamatan-dan-jenis-kelamin``) then show
"Peta Tematik". Running it again changes nothing while the stored
boundary has the same file and name.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from importlib import resources
from typing import Literal

from werkzeug.datastructures import FileStorage

from ckanext.satudata import region
from ckanext.satudata.demo.calls import Ckan, Echo, report
from ckanext.satudata.demo.tables import CITY_CODE

Outcome = Literal["created", "updated", "unchanged", "skipped"]
OUTCOMES: tuple[Outcome, ...] = ("created", "updated", "unchanged", "skipped")
DATA_FILE = "batas-kecamatan.json"
#: The name the uploaded file gets.
FILE_NAME = "batas-kecamatan.geojson"
NAME = "Batas kecamatan Kota Semarang (contoh demo)"
LEVEL = "kecamatan"


def boundary_file() -> bytes:
    """The demo's boundary GeoJSON."""
    return resources.files("ckanext.satudata.demo").joinpath(
        "data", DATA_FILE).read_bytes()


def load_boundary(echo: Echo = print, ckan: Ckan | None = None) -> Outcome:
    """Upload the demo boundary unless the same file is there already;
    skipped when the portal's region is not the demo city."""
    own = region.portal_region_code()
    if own and own != CITY_CODE:
        outcome: Outcome = "skipped"
    else:
        ckan = ckan or Ckan()
        content = boundary_file()
        existing = ckan.show("satudata_maps_boundary_show", level=LEVEL)
        if (existing and existing["sha256"] == hashlib.sha256(content).hexdigest()
                and existing["name"] == NAME):
            outcome = "unchanged"
        else:
            ckan("satudata_maps_boundary_upload",
                 upload=FileStorage(io.BytesIO(content), FILE_NAME), name=NAME)
            outcome = "updated" if existing else "created"
    report(echo, "map boundaries", Counter([outcome]), OUTCOMES)
    return outcome
