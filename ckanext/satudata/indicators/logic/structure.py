"""A dataset's data structure: components, breakdown rows, granularity.

The stored form (``satudata_structure`` row, and the API) is::

    {"components": [{"code": "perempuan", "name": "Perempuan",
                     "unit": "Orang", "type": "integer", "required": true}],
     "breakdown": {"type": "region", "level": "kecamatan"},
     "granularity": "semester", "first_period": "2024-S1"}

``breakdown.type`` is ``none`` (one row, the whole region), ``region``
(``level`` kecamatan or desa under the portal's region, from the official
codes) or ``category`` (``categories``: a list of ``{code, name}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...logic import region
from . import cells, period
from .cells import N_

REGION_LEVELS = {"kecamatan": 3, "desa": 4}
BREAKDOWN_TYPES = ("none", "region", "category")
TOTAL_ROW = "total"
MAX_COMPONENTS = 50
MAX_CATEGORIES = 20_000
_CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,39}$")
_CATEGORY_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$")


@dataclass(frozen=True)
class Component:
    code: str
    name: str
    unit: str
    type: str
    required: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "name": self.name, "unit": self.unit,
            "type": self.type, "required": self.required,
        }


@dataclass(frozen=True)
class Row:
    code: str
    name: str


@dataclass(frozen=True)
class Structure:
    components: tuple[Component, ...]
    breakdown: dict[str, Any]
    granularity: str
    first_period: str
    rows: tuple[Row, ...] = field(default=())

    def component(self, code: str) -> Component | None:
        return next((c for c in self.components if c.code == code), None)

    @property
    def row_codes(self) -> tuple[str, ...]:
        return tuple(row.code for row in self.rows)

    def as_dict(self) -> dict[str, Any]:
        return {
            "components": [c.as_dict() for c in self.components],
            "breakdown": self.breakdown,
            "granularity": self.granularity,
            "first_period": self.first_period,
        }


class StructureError(ValueError):
    """Invalid structure; ``errors`` maps field names to msgids lists."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def _text(value: Any, limit: int = 200) -> str:
    return str(value or "").strip()[:limit]


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "on", "yes", "ya")
    return bool(value)


def _components(raw: Any, errors: dict[str, list[str]]) -> list[Component]:
    if not isinstance(raw, list) or not raw:
        errors["components"] = [N_("At least one component is required")]
        return []
    if len(raw) > MAX_COMPONENTS:
        errors["components"] = [N_("Too many components")]
        return []
    found: list[Component] = []
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        key = f"components.{number}"
        if not isinstance(item, dict):
            errors[key] = [N_("Not a component")]
            continue
        code = _text(item.get("code"), 40).lower()
        name = _text(item.get("name"))
        ctype = _text(item.get("type") or "integer", 20)
        problems = []
        if not _CODE.match(code):
            problems.append(N_(
                "Code must be lower-case letters, digits or _ (at most 40)"
            ))
        elif code in seen:
            problems.append(N_("Duplicate component code"))
        if not name:
            problems.append(N_("Name is required"))
        if ctype not in cells.TYPES:
            problems.append(N_("Unknown type"))
        if problems:
            errors[key] = problems
            continue
        seen.add(code)
        found.append(Component(
            code, name, _text(item.get("unit"), 60), ctype,
            _flag(item.get("required")),
        ))
    return found


def _breakdown(raw: Any, errors: dict[str, list[str]]) -> dict[str, Any]:
    raw = raw if isinstance(raw, dict) else {"type": raw or "none"}
    kind = _text(raw.get("type") or "none", 20)
    if kind == "none":
        return {"type": "none"}
    if kind == "region":
        level = _text(raw.get("level"), 20)
        if level not in REGION_LEVELS:
            errors["breakdown"] = [N_("Choose kecamatan or desa/kelurahan")]
        return {"type": "region", "level": level}
    if kind == "category":
        categories = raw.get("categories")
        if isinstance(categories, str):
            categories = parse_category_lines(categories)
        if not isinstance(categories, list) or not categories:
            errors["breakdown"] = [N_("List at least one category")]
            return {"type": "category", "categories": []}
        if len(categories) > MAX_CATEGORIES:
            errors["breakdown"] = [N_("Too many categories")]
            return {"type": "category", "categories": []}
        clean, seen = [], set()
        for item in categories:
            item = item if isinstance(item, dict) else {}
            code, name = _text(item.get("code"), 40), _text(item.get("name"))
            if not _CATEGORY_CODE.match(code) or not name:
                errors["breakdown"] = [N_(
                    "Each category needs a code (letters, digits, . _ -) and a name"
                )]
                break
            if code in seen:
                errors["breakdown"] = [N_("Duplicate category code")]
                break
            seen.add(code)
            clean.append({"code": code, "name": name})
        return {"type": "category", "categories": clean}
    errors["breakdown"] = [N_("Unknown breakdown")]
    return {"type": kind}


def parse_category_lines(text: str) -> list[dict[str, str]]:
    """Categories typed one per line as ``code;name`` (or ``code<TAB>name``)."""
    categories = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        parts = re.split(r"[;\t]", line, maxsplit=1)
        code = parts[0].strip()
        name = parts[1].strip() if len(parts) > 1 else code
        categories.append({"code": code, "name": name})
    return categories


def validate(data: dict[str, Any]) -> Structure:
    """A :class:`Structure` from user input, or :class:`StructureError`."""
    errors: dict[str, list[str]] = {}
    components = _components(data.get("components"), errors)
    breakdown = _breakdown(data.get("breakdown"), errors)
    granularity = _text(data.get("granularity"), 20)
    if granularity not in period.GRANULARITIES:
        errors["granularity"] = [N_("Choose tahunan, semester, triwulan or bulanan")]
    first = period.parse(_text(data.get("first_period"), 20), granularity or None)
    if first is None:
        errors["first_period"] = [N_(
            "Use the period id of the granularity: 2024, 2024-S1, 2024-Q3 or 2024-06"
        )]
    if errors:
        raise StructureError(errors)
    assert first is not None
    return Structure(tuple(components), breakdown, granularity, first.id)


def from_stored(stored: dict[str, Any]) -> Structure:
    """The :class:`Structure` of a stored row, with its rows resolved."""
    components = tuple(
        Component(
            c["code"], c["name"], c.get("unit") or "", c["type"],
            bool(c.get("required")),
        )
        for c in stored["components"]
    )
    structure = Structure(
        components, stored["breakdown"], stored["granularity"],
        stored["first_period"],
    )
    return Structure(
        structure.components, structure.breakdown, structure.granularity,
        structure.first_period, resolve_rows(structure.breakdown),
    )


def resolve_rows(breakdown: dict[str, Any]) -> tuple[Row, ...]:
    """The breakdown's rows: the portal region's kecamatan or desa (official
    codes and names), the categories, or one total row."""
    kind = breakdown.get("type")
    if kind == "category":
        return tuple(Row(c["code"], c["name"]) for c in breakdown["categories"])
    if kind == "region":
        level = REGION_LEVELS.get(breakdown.get("level", ""), 3)
        root = region.portal_region_code()
        return tuple(
            Row(option.code, option.name)
            for option in region.portal_options(root)
            if option.level == level
        )
    return (Row(TOTAL_ROW, region.name(region.portal_region_code())),)
