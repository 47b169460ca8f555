"""A dataset's data structure: components, breakdown rows, granularity.

The stored form (``satudata_structure`` row, and the API) is::

    {"components": [{"code": "perempuan", "name": "Perempuan",
                     "unit": "Orang", "type": "integer", "required": true}],
     "breakdown": {"type": "region", "level": "kecamatan"},
     "granularity": "semester", "first_period": "2024-S1"}

``breakdown.type`` is ``none`` (one row, the whole region), ``region``
(``level`` kecamatan or desa under the portal's region, from the official
codes) or ``category`` (``categories``: a list of ``{code, name}``).

What the automatic quality checks use (``ckanext.satudata.workflow``) is
kept in the components too (the stored row is exactly
:meth:`Structure.as_dict`), so that it may change after values have been
filled (it is not the table's shape):

- ``min`` / ``max`` (optional numbers, numeric components only, ``min`` ≤
  ``max``): the expected range of the values. They are stored only when
  given: a percentage with neither is checked against 0 to 100 by the checks
  (a warning, not stored here), an integer without ``min`` warns when
  negative.
- ``sum_of`` (optional, numeric components only): the component is the
  total of these other numeric components, e.g. ``jumlah`` with
  ``["laki_laki", "perempuan"]``. Input may also declare it in a
  structure-level ``totals`` list (``[{"component": "jumlah", "parts":
  ["laki_laki", "perempuan"]}]``), which the structure form fills from
  lines typed as ``jumlah = laki_laki + perempuan``.

Structures stored before these keys existed load unchanged (no range, no
totals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ckanext.satudata import region
from ckanext.satudata.indicators import cells, period
from ckanext.satudata.messages import N_

REGION_LEVELS = {"kecamatan": 3, "desa": 4}
BREAKDOWN_TYPES = ("none", "region", "category")
TOTAL_ROW = "total"
MAX_COMPONENTS = 50
MAX_CATEGORIES = 20_000
_CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,39}$")
_CATEGORY_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$")
MIN_TOTAL_PARTS = 2
Number = int | float


@dataclass(frozen=True)
class Component:
    code: str
    name: str
    unit: str
    type: str
    required: bool
    min: Number | None = None
    max: Number | None = None
    sum_of: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # from JSON (``Component(**as_dict())``) the parts come as a list
        object.__setattr__(self, "sum_of", tuple(self.sum_of or ()))

    @property
    def numeric(self) -> bool:
        return self.type != "text"

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "code": self.code, "name": self.name, "unit": self.unit,
            "type": self.type, "required": self.required,
        }
        if self.min is not None:
            found["min"] = self.min
        if self.max is not None:
            found["max"] = self.max
        if self.sum_of:
            found["sum_of"] = list(self.sum_of)
        return found


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

    @property
    def totals(self) -> list[dict[str, Any]]:
        """The declared totals, ``[{"component": code, "parts": [codes]}]``."""
        return [{"component": c.code, "parts": list(c.sum_of)}
                for c in self.components if c.sum_of]

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


def _bound(raw: Any, problems: list[str]) -> Number | None:
    """A component's ``min`` or ``max``: a number (Indonesian formats
    accepted), ``None`` when not given."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        if isinstance(raw, bool | dict | list):
            raise cells.CellError(N_("Not a number: {value}"), value=raw)
        number = cells.parse(raw, "decimal")
    except cells.CellError:
        message = N_("Minimum and maximum must be numbers")
        if message not in problems:
            problems.append(message)
        return None
    assert not isinstance(number, str)
    return number


def _range(item: dict[str, Any], ctype: str,
           problems: list[str]) -> tuple[Number | None, Number | None]:
    low, high = _bound(item.get("min"), problems), _bound(item.get("max"), problems)
    if (low is not None or high is not None) and ctype == "text":
        problems.append(N_("Only numeric components have a minimum and maximum"))
    elif low is not None and high is not None and low > high:
        problems.append(N_("The minimum must not be greater than the maximum"))
    return low, high


@dataclass(frozen=True)
class _Total:
    """A total as declared, before it is checked: ``key`` names the field
    its errors go to."""

    key: str
    component: Any
    parts: Any


def _components(
    raw: Any, errors: dict[str, list[str]], declared: list[_Total],
    failed: set[str],
) -> list[Component]:
    """The valid components; ``declared`` gets their ``sum_of``, ``failed``
    the codes of the invalid ones."""
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
        low, high = _range(item, ctype, problems)
        if problems:
            errors[key] = problems
            failed.add(code)
            continue
        seen.add(code)
        if item.get("sum_of") not in (None, "", []):
            declared.append(_Total(key, code, item["sum_of"]))
        found.append(Component(
            code, name, _text(item.get("unit"), 60), ctype,
            _flag(item.get("required")), low, high,
        ))
    return found


def _declared_totals(raw: Any, errors: dict[str, list[str]]) -> list[_Total]:
    """The structure-level ``totals`` list (errors under ``totals.N``)."""
    if raw in (None, "", []):
        return []
    if not isinstance(raw, list):
        errors["totals"] = [N_(
            "Totals must be a list of objects with component and parts"
        )]
        return []
    if len(raw) > MAX_COMPONENTS:
        errors["totals"] = [N_("Too many totals")]
        return []
    return [
        _Total(f"totals.{number}", *(
            (item.get("component"), item.get("parts"))
            if isinstance(item, dict) else (None, None)
        ))
        for number, item in enumerate(raw, start=1)
    ]


def _total_problems(
    total: _Total, by_code: dict[str, Component], done: set[str],
    failed: set[str],
) -> tuple[str, list[str], list[str]]:
    """The total's component code, its part codes and what is wrong (a
    code of a ``failed`` component is not: its own error says it)."""
    if not isinstance(total.component, str) or not isinstance(total.parts, list) or (
        not all(isinstance(part, str) for part in total.parts)
    ):
        return "", [], [N_(
            "Write a total as: total = part + part (component codes)"
        )]
    code = total.component.strip().lower()
    parts = [part.strip().lower() for part in total.parts if part.strip()]
    problems = []
    if code not in by_code and code not in failed:
        problems.append(N_("The total is not a component of this structure"))
    elif code in done:
        problems.append(N_("This component already has a total"))
    if any(part not in by_code and part not in failed for part in parts):
        problems.append(N_("Each part must be a component of this structure"))
    if any(not by_code[c].numeric for c in [code, *parts] if c in by_code):
        problems.append(N_("A total and its parts must be numeric components"))
    if code in parts:
        problems.append(N_("A total cannot be one of its own parts"))
    if len(set(parts)) != len(parts):
        problems.append(N_("A part is listed twice"))
    if len(parts) < MIN_TOTAL_PARTS:
        problems.append(N_(
            "A total needs at least two parts: total = part + part"
        ))
    return code, parts, problems


def _with_totals(
    components: list[Component], declared: list[_Total],
    errors: dict[str, list[str]], failed: set[str],
) -> list[Component]:
    by_code = {component.code: component for component in components}
    sums: dict[str, tuple[str, ...]] = {}
    for total in declared:
        code, parts, problems = _total_problems(total, by_code, set(sums), failed)
        if problems:
            errors.setdefault(total.key, []).extend(problems)
        else:
            sums[code] = tuple(parts)
    return [replace(c, sum_of=sums.get(c.code, ())) for c in components]


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


def parse_total_lines(text: str) -> list[dict[str, Any]]:
    """Totals typed one per line as ``jumlah = laki_laki + perempuan``, as
    the ``totals`` list (a line without ``=`` gets no parts, which
    :func:`validate` reports)."""
    totals: list[dict[str, Any]] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        component, _sign, parts = line.partition("=")
        totals.append({
            "component": component.strip(),
            "parts": [part.strip() for part in parts.split("+") if part.strip()],
        })
    return totals


def total_lines(data: dict[str, Any]) -> str:
    """The totals of structure data (a ``totals`` list as typed, else the
    components' ``sum_of``) as lines for :func:`parse_total_lines`."""
    totals = data.get("totals")
    if not isinstance(totals, list):
        totals = [
            {"component": c.get("code"), "parts": c.get("sum_of")}
            for c in data.get("components") or []
            if isinstance(c, dict) and c.get("sum_of")
        ]
    lines = []
    for total in totals:
        if isinstance(total, dict) and isinstance(total.get("parts"), list):
            parts = " + ".join(str(part) for part in total["parts"])
            lines.append(f"{total.get('component') or ''} = {parts}".strip())
    return "\n".join(lines)


def validate(data: dict[str, Any]) -> Structure:
    """A :class:`Structure` from user input, or :class:`StructureError`."""
    errors: dict[str, list[str]] = {}
    declared: list[_Total] = []
    failed: set[str] = set()
    components = _components(data.get("components"), errors, declared, failed)
    declared.extend(_declared_totals(data.get("totals"), errors))
    components = _with_totals(components, declared, errors, failed)
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
            bool(c.get("required")), c.get("min"), c.get("max"),
            tuple(c.get("sum_of") or ()),
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
