"""Data and helpers of the thematic maps tests: the hand-written boundary
fixture (four squares of 0.05 degrees, the kecamatan 33.74.01 to
33.74.04 of Kota Semarang, the test portal's region) and small GeoJSON
builders for the refused files."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
#: The fixture as uploaded (33.74.02 written without dots: ``337402``).
KECAMATAN_FILE = (DATA / "kecamatan.geojson").read_bytes()
KECAMATAN = json.loads(KECAMATAN_FILE)
CODES = ["33.74.01", "33.74.02", "33.74.03", "33.74.04"]
#: What the fixture becomes: 0.1 degree of longitude at 7 degrees south is
#: 0.0993 of latitude's; the box is 640 units high (632 + two margins of
#: 4), 6320 units a degree.
PATHS = {
    "33.74.01": "M4 320L317.6 320L317.6 4L4 4Z",
    "33.74.02": "M317.6 320L631.3 320L631.3 4L317.6 4Z",
    "33.74.03": "M4 636L317.6 636L317.6 320L4 320Z",
    "33.74.04": "M317.6 636L631.3 636L631.3 320L317.6 320Z",
}
NAMES = {"33.74.01": "Semarang Tengah", "33.74.02": "Semarang Utara",
         "33.74.03": "Semarang Timur", "33.74.04": "Gayamsari"}


def collection(**changes: Any) -> dict[str, Any]:
    """A copy of the fixture; ``changes`` maps a feature number (``f1``
    for the first) to what replaces that feature's ``properties`` or
    ``geometry`` (keys ``properties``/``geometry``), or to ``None`` to
    drop the feature."""
    data = copy.deepcopy(KECAMATAN)
    for key, change in changes.items():
        index = int(key[1:]) - 1
        if change is None:
            data["features"][index] = None
        else:
            data["features"][index].update(change)
    data["features"] = [item for item in data["features"] if item is not None]
    return data


def encoded(data: Any) -> bytes:
    return json.dumps(data).encode("utf-8")


def square(x: float, y: float, kode: str, size: float = 0.05) -> dict[str, Any]:
    """A square feature with its south-west corner at ``x``, ``y``."""
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Feature", "properties": {"kode": kode},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}
