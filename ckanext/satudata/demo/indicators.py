"""Demo indicator entry (plugin ``satudata_indicators``), idempotently.

``data/indicators.yaml`` gives, for some demo datasets, the data structure
(components, breakdown, granularity, first period), the periods to save as
drafts (``lengkap`` or ``sebagian``: with required cells still empty) and
how their values are generated; and the survey links to create. Every
other period that has ended stays unfilled, so that Belum diisi has
entries, overdue ones included.

:func:`load` applies the file through the plugin's actions, after
:func:`ckanext.satudata.demo.loader.load` made the datasets and accounts:

- structures as the site user: created when missing, updated when they
  differ, except a locked structure (a period holds values) whose shape
  (breakdown, granularity, first period, component codes and types) would
  change: it is kept and reported, and its periods are left alone;
- each draft in two saves (source ``form``), as the demo account that is
  editor of the dataset's organization when there is one (the operator),
  else as the site user, so that the history looks like someone filled it;
  kode referensi and sumber data come with the second save;
- a survey link only when no live link with its label exists for its
  dataset and period; its URL is printed then, and never again (the portal
  keeps only a hash of the token).

Running it again changes nothing: a period whose values already match is
left alone, so is one someone else edited since (it is reported as kept);
only a draft that is a part of the generated one (an interrupted load) is
completed.

Values are deterministic: every random number comes from a generator seeded
with the dataset, row, component (and period, for the per-period noise).
Population figures follow the model of :mod:`.tables`, so the semester
values of December match the CSV files of the datasets.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from ckan import authz

from ckanext.satudata.demo import catalogue, tables
from ckanext.satudata.demo.calls import Ckan, Echo, report
from ckanext.satudata.indicators.api import Period, parse_period

PLUGIN = "satudata_indicators"
SEED = f"{tables.SEED}:indikator"
SOURCE = "form"

DataDict = dict[str, Any]
Values = dict[str, dict[str, int | float]]
Outcome = Literal["created", "updated", "unchanged", "kept"]
OUTCOMES: tuple[Outcome, ...] = ("created", "updated", "unchanged", "kept")

FILL_STATES = ("lengkap", "sebagian")
COMPONENT_TYPES = ("integer", "decimal", "percentage")
GENERATED_BY = (
    "total", "by_category", "source", "part_of", "percent_of", "per_population",
    "range",
)  # fmt: skip
POPULATION_SOURCES = ("penduduk", "penduduk-laki-laki", "penduduk-perempuan",
                      "kepala-keluarga")  # fmt: skip
_VALUE_KEYS = frozenset(
    {*GENERATED_BY, "scale", "vary", "growth", "seasonal", "digits", "min", "per"}
)
_ENTRY_KEYS = frozenset({"dataset", "structure", "periods", "sebagian_kosong",
                         "kode_referensi", "sumber_data", "values"})  # fmt: skip
_STRUCTURE_KEYS = ("components", "breakdown", "granularity", "first_period")
_COMPONENT_KEYS = ("code", "name", "unit", "type", "required")


class IndicatorError(ValueError):
    """An entry of ``data/indicators.yaml`` is wrong."""


# --------------------------------------------------------------------------
# The data file
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueSpec:
    """How the values of one component are generated (see the data file)."""

    method: str  # one of GENERATED_BY
    argument: Any
    scale: Any = None  # [lo, hi] or {category code: [lo, hi]}
    vary: float = 0.0
    growth: float = 0.0
    seasonal: tuple[float, ...] = ()
    digits: int = 2
    minimum: float = 0.0
    per: float = 100_000.0


@dataclass(frozen=True)
class Indicator:
    """The structure, drafts and value generators of one demo dataset."""

    dataset: str
    structure: DataDict  # as satudata_structure_show returns it
    fills: tuple[tuple[str, str], ...]  # (period id, lengkap|sebagian)
    kode_referensi: str
    sumber_data: str
    values: Mapping[str, ValueSpec]
    empty_in_partial: tuple[str, ...] = ()

    @property
    def components(self) -> list[DataDict]:
        return self.structure["components"]

    @property
    def granularity(self) -> str:
        return self.structure["granularity"]

    @property
    def first_period(self) -> Period:
        found = parse_period(self.structure["first_period"], self.granularity)
        assert found is not None
        return found

    @property
    def categories(self) -> tuple[str, ...]:
        breakdown = self.structure["breakdown"]
        return tuple(c["code"] for c in breakdown.get("categories", ()))

    def references(self, found: Period) -> tuple[str, str]:
        """Kode referensi and sumber data of the submission of ``found``."""
        fields = {"periode": found.id, "label": found.label}
        return self.kode_referensi.format(**fields), self.sumber_data.format(**fields)


@dataclass(frozen=True)
class SurveyLink:
    dataset: str
    period: str
    label: str
    rows: tuple[str, ...]
    days: int


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise IndicatorError(f"{where}: {key} must be a non-empty text, not {value!r}")
    return value


def _pair(value: Any, where: str) -> tuple[float, float]:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int | float) for v in value)
        or value[0] > value[1]
    ):
        raise IndicatorError(f"{where}: expected [lo, hi], not {value!r}")
    return float(value[0]), float(value[1])


def _pairs(value: Any, categories: Sequence[str], where: str) -> Any:
    """``[lo, hi]``, or one per category code (category breakdowns)."""
    if isinstance(value, Mapping):
        if set(value) != set(categories):
            raise IndicatorError(f"{where}: give every category: {list(categories)}")
        return {code: _pair(pair, f"{where} {code}") for code, pair in value.items()}
    return _pair(value, where)


def _component(raw: Any, where: str) -> DataDict:
    if not isinstance(raw, Mapping) or set(raw) != set(_COMPONENT_KEYS):
        raise IndicatorError(f"{where}: a component has exactly {_COMPONENT_KEYS}")
    component = {
        "code": _text(raw, "code", where),
        "name": _text(raw, "name", where),
        "unit": _text(raw, "unit", where),
        "type": _text(raw, "type", where),
        "required": raw["required"],
    }
    if component["type"] not in COMPONENT_TYPES:
        raise IndicatorError(f"{where}: type must be one of {COMPONENT_TYPES}")
    if not isinstance(component["required"], bool):
        raise IndicatorError(f"{where}: required must be true or false")
    return component


def _breakdown(raw: Any, where: str) -> DataDict:
    kind = raw.get("type") if isinstance(raw, Mapping) else None
    if kind == "none" and set(raw) == {"type"}:
        return {"type": "none"}
    if kind == "region" and set(raw) == {"type", "level"}:
        if raw["level"] not in ("kecamatan", "desa"):
            raise IndicatorError(f"{where}: region level is kecamatan or desa")
        return {"type": "region", "level": raw["level"]}
    if kind == "category" and set(raw) == {"type", "categories"}:
        categories = [
            {"code": _text(c, "code", where), "name": _text(c, "name", where)}
            for c in raw["categories"] or ()
        ]
        codes = [c["code"] for c in categories]
        if not codes or len(set(codes)) != len(codes):
            raise IndicatorError(f"{where}: categories must be given, codes unique")
        return {"type": "category", "categories": categories}
    raise IndicatorError(f"{where}: unknown breakdown {raw!r}")


def _structure(raw: Any, where: str) -> DataDict:
    if not isinstance(raw, Mapping) or set(raw) != set(_STRUCTURE_KEYS):
        raise IndicatorError(f"{where}: structure has exactly {_STRUCTURE_KEYS}")
    components = [
        _component(item, f"{where} component {number}")
        for number, item in enumerate(raw["components"] or (), start=1)
    ]
    codes = [c["code"] for c in components]
    if not codes or len(set(codes)) != len(codes):
        raise IndicatorError(f"{where}: components must be given, codes unique")
    granularity = _text(raw, "granularity", where)
    first = parse_period(_text(raw, "first_period", where), granularity)
    if first is None:
        raise IndicatorError(f"{where}: first_period is not a {granularity} period")
    return {
        "components": components,
        "breakdown": _breakdown(raw["breakdown"], where),
        "granularity": granularity,
        "first_period": first.id,
    }


def _number(raw: Mapping[str, Any], key: str, default: float, where: str) -> float:
    value = raw.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise IndicatorError(f"{where}: {key} must be a number")
    return float(value)


def _value_spec(
    raw: Any, structure: DataDict, earlier: Sequence[str], where: str
) -> ValueSpec:
    if not isinstance(raw, Mapping) or set(raw) - _VALUE_KEYS:
        raise IndicatorError(f"{where}: unknown keys, known: {sorted(_VALUE_KEYS)}")
    methods = [key for key in GENERATED_BY if key in raw]
    if len(methods) != 1:
        raise IndicatorError(f"{where}: give exactly one of {GENERATED_BY}")
    method = methods[0]
    argument = raw[method]
    kind = structure["breakdown"]["type"]
    categories = [c["code"] for c in structure["breakdown"].get("categories", ())]
    if method == "total" and kind == "category":
        raise IndicatorError(f"{where}: use by_category with a category breakdown")
    if method in ("by_category", "range") and isinstance(argument, Mapping):
        if kind != "category":
            raise IndicatorError(f"{where}: {method} by category needs categories")
    if method == "by_category":
        if not isinstance(argument, Mapping) or set(argument) != set(categories):
            raise IndicatorError(f"{where}: by_category gives every category")
    elif method == "range":
        argument = _pairs(argument, categories, where)
    elif method == "source":
        if argument not in POPULATION_SOURCES or kind == "category":
            raise IndicatorError(f"{where}: source is one of {POPULATION_SOURCES},"
                                 " for region or none breakdowns")  # fmt: skip
    elif method in ("part_of", "percent_of", "per_population"):
        codes = [argument] if isinstance(argument, str) else list(argument)
        if method == "percent_of" and len(codes) != 2:
            raise IndicatorError(f"{where}: percent_of is [numerator, denominator]")
        if not codes or not set(codes) <= set(earlier):
            raise IndicatorError(f"{where}: {method} names components listed before")
        argument = tuple(codes)
    elif not isinstance(argument, int | float):
        raise IndicatorError(f"{where}: total must be a number")
    seasonal = tuple(raw.get("seasonal") or ())
    if seasonal and (len(seasonal) != 12 or not all(s > 0 for s in seasonal)):
        raise IndicatorError(f"{where}: seasonal has 12 positive factors")
    return ValueSpec(
        method=method,
        argument=argument,
        scale=_pairs(raw["scale"], categories, where) if "scale" in raw else None,
        vary=_number(raw, "vary", 0.0, where),
        growth=_number(raw, "growth", 0.0, where),
        seasonal=seasonal,
        digits=int(_number(raw, "digits", 2, where)),
        minimum=_number(raw, "min", 0.0, where),
        per=_number(raw, "per", 100_000, where),
    )


def _fills(raw: Any, structure: DataDict, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, Mapping) or not raw:
        raise IndicatorError(f"{where}: periods maps period ids to lengkap|sebagian")
    first = parse_period(structure["first_period"], structure["granularity"])
    assert first is not None
    fills = []
    for period_id, state in raw.items():
        found = parse_period(str(period_id), structure["granularity"])
        if found is None or found < first:
            raise IndicatorError(f"{where}: {period_id!r} is not one of its periods")
        if state not in FILL_STATES:
            raise IndicatorError(f"{where}: {period_id}: state is one of {FILL_STATES}")
        fills.append((found.id, state))
    return tuple(sorted(fills, key=lambda fill: fill[0]))


def _indicator(entry: Any, datasets: Mapping[str, catalogue.Dataset]) -> Indicator:
    where = f"indicators {entry.get('dataset')!r}"
    if not isinstance(entry, Mapping) or set(entry) - _ENTRY_KEYS:
        raise IndicatorError(f"{where}: unknown keys, known: {sorted(_ENTRY_KEYS)}")
    name = _text(entry, "dataset", where)
    if name not in datasets:
        raise IndicatorError(f"{where}: not a dataset of datasets.yaml")
    structure = _structure(entry.get("structure"), where)
    codes = [c["code"] for c in structure["components"]]
    raw_values = entry.get("values") or {}
    if list(raw_values) != codes:
        raise IndicatorError(f"{where}: values gives every component, in order")
    values = {
        code: _value_spec(raw_values[code], structure, codes[:index], f"{where} {code}")
        for index, code in enumerate(codes)
    }
    empty = tuple(entry.get("sebagian_kosong") or ())
    required = {c["code"] for c in structure["components"] if c["required"]}
    if empty and (not set(empty) & required or not set(codes) - set(empty)):
        raise IndicatorError(f"{where}: sebagian_kosong leaves a required component"
                             " empty and fills another")  # fmt: skip
    if not required:
        raise IndicatorError(f"{where}: needs a required component")
    indicator = Indicator(
        dataset=name,
        structure=structure,
        fills=_fills(entry.get("periods"), structure, where),
        kode_referensi=_text(entry, "kode_referensi", where),
        sumber_data=_text(entry, "sumber_data", where),
        values=values,
        empty_in_partial=empty,
    )
    indicator.references(indicator.first_period)  # placeholders are known
    return indicator


def _survey_link(entry: Any, indicators: Mapping[str, Indicator]) -> SurveyLink:
    where = f"survey link {entry.get('label')!r}"
    name = _text(entry, "dataset", where)
    if name not in indicators:
        raise IndicatorError(f"{where}: its dataset has no structure here")
    granularity = indicators[name].granularity
    found = parse_period(str(entry.get("period")), granularity)
    if found is None:
        raise IndicatorError(f"{where}: period is not a {granularity} period")
    days = entry.get("days")
    if not isinstance(days, int) or not 1 <= days <= 90:
        raise IndicatorError(f"{where}: days is 1 to 90")
    return SurveyLink(
        dataset=name,
        period=found.id,
        label=_text(entry, "label", where),
        rows=tuple(str(code) for code in entry.get("rows") or ()),
        days=days,
    )


@cache
def content() -> tuple[tuple[Indicator, ...], tuple[SurveyLink, ...]]:
    """The indicators and survey links of ``data/indicators.yaml``, checked."""
    path = resources.files(__package__) / "data" / "indicators.yaml"
    with path.open("rb") as f:
        raw = yaml.safe_load(f)
    datasets = {dataset.name: dataset for dataset in catalogue.datasets()}
    indicators = tuple(_indicator(entry, datasets) for entry in raw["datasets"])
    names = [indicator.dataset for indicator in indicators]
    if len(set(names)) != len(names):
        raise IndicatorError("a dataset is given twice in indicators.yaml")
    by_name = {indicator.dataset: indicator for indicator in indicators}
    links = tuple(_survey_link(entry, by_name) for entry in raw.get("survey_links", ()))
    return indicators, links


# --------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------


@cache
def _kelurahan_people() -> dict[str, tuple[int, int, int]]:
    """Per kelurahan code: laki-laki, perempuan and kepala keluarga in
    DATA_YEAR, as the kelurahan tables of the demo datasets have them."""
    result = {}
    for kecamatan in tables.kecamatan():
        header, rows = tables.generate("penduduk-kelurahan", kecamatan, {})
        male, female, families = (
            header.index(column)
            for column in ("laki_laki", "perempuan", "jumlah_kepala_keluarga")
        )
        for row in rows:
            result[str(row[0])] = (int(row[male]), int(row[female]), int(row[families]))
    return result


def _kecamatan_total(code: str, year: int) -> int:
    return sum(tables.population(year)[code])


def _people_at_year_end(code: str, year: int) -> tuple[float, float, float]:
    """Laki-laki, perempuan and kepala keluarga of a kecamatan, a kelurahan
    or (any other code: the one row of a grid without breakdown) the city at
    the end of ``year``."""
    kelurahan = _kelurahan_people()
    if code in kelurahan:
        kecamatan = code.rsplit(".", 1)[0]
        ratio = _kecamatan_total(kecamatan, year) / _kecamatan_total(
            kecamatan, tables.DATA_YEAR
        )
        male, female, families = kelurahan[code]
        return male * ratio, female * ratio, families * ratio
    population = tables.population(year)
    codes = [code] if code in population else list(population)
    male = sum(population[c][0] for c in codes)
    female = sum(population[c][1] for c in codes)
    families = sum(
        people[2]
        for village, people in kelurahan.items()
        if village.rsplit(".", 1)[0] in codes
    )
    ratio = sum(_kecamatan_total(c, year) for c in codes) / sum(
        _kecamatan_total(c, tables.DATA_YEAR) for c in codes
    )
    return male, female, families * ratio


def _people(code: str, found: Period) -> tuple[float, float, float]:
    """The figures of :func:`_people_at_year_end` at the end of ``found``
    (between two year ends: linear)."""
    share = found.end.month / 12
    end = _people_at_year_end(code, found.year)
    if share == 1:
        return end
    before = _people_at_year_end(code, found.year - 1)
    male, female, families = (
        b + (e - b) * share for b, e in zip(before, end, strict=True)
    )
    return male, female, families


def _population_source(source: str, code: str, found: Period) -> float:
    male, female, families = _people(code, found)
    return {
        "penduduk": male + female,
        "penduduk-laki-laki": male,
        "penduduk-perempuan": female,
        "kepala-keluarga": families,
    }[source]


def _rng(*parts: str) -> random.Random:
    return random.Random(":".join((SEED, *parts)))


def _pick(value: Any, row: str) -> tuple[float, float]:
    return value[row] if isinstance(value, Mapping) else value


def _season(spec: ValueSpec, found: Period) -> float:
    if not spec.seasonal:
        return 1.0
    months = range(found.start.month, found.end.month + 1)
    return sum(spec.seasonal[month - 1] for month in months) / len(months)


def _typed(value: float, ctype: str, digits: int) -> int | float:
    if ctype == "integer":
        return round(value)
    return round(value, digits)


def _weights(rows: Sequence[str]) -> dict[str, float]:
    """Each region row's share of the population of all the rows."""
    year_end = parse_period(str(tables.DATA_YEAR), "tahunan")
    assert year_end is not None
    people = {code: _population_source("penduduk", code, year_end) for code in rows}
    total = sum(people.values())
    return {code: count / total for code, count in people.items()}


def generate(indicator: Indicator, rows: Sequence[str], found: Period) -> Values:
    """Every cell of ``rows`` (breakdown row codes) in period ``found``."""
    years = (found.start - indicator.first_period.start).days / 365.25
    region = indicator.structure["breakdown"]["type"] == "region"
    weights = _weights(rows) if region else {}
    result: Values = {}
    for row in rows:
        cells: dict[str, int | float] = {}
        for component in indicator.components:
            code = component["code"]
            spec = indicator.values[code]
            fixed = _rng(indicator.dataset, row, code)
            noise = _rng(indicator.dataset, row, code, found.id)
            argument = spec.argument
            if spec.method == "percent_of":
                numerator, denominator = (cells[c] for c in argument)
                value = 100 * numerator / denominator if denominator else 0.0
                cells[code] = round(value, spec.digits)
                continue
            if spec.method == "per_population":
                people = _population_source("penduduk", row, found)
                cells[code] = round(cells[argument[0]] / people * spec.per, spec.digits)
                continue
            if spec.method == "total":
                value = float(argument) * weights.get(row, 1.0)
            elif spec.method == "by_category":
                value = float(argument[row])
            elif spec.method == "source":
                value = _population_source(argument, row, found)
            elif spec.method == "part_of":
                value = float(sum(cells[c] for c in argument))
            else:  # range
                value = fixed.uniform(*_pick(argument, row))
            if spec.scale is not None:
                value *= fixed.uniform(*_pick(spec.scale, row))
            value *= (1 + spec.growth) ** years * _season(spec, found)
            if spec.vary:
                value *= 1 + noise.uniform(-spec.vary, spec.vary)
            cells[code] = _typed(
                max(value, spec.minimum), component["type"], spec.digits
            )
        result[row] = cells
    return result


def wanted_values(
    indicator: Indicator, rows: Sequence[str], found: Period, state: str
) -> Values:
    """The values a draft of ``found`` holds: every cell (``lengkap``) or
    some required cells left empty (``sebagian``)."""
    values = generate(indicator, rows, found)
    if state == "sebagian":
        if indicator.empty_in_partial:
            empty = set(indicator.empty_in_partial)
        elif len(rows) > 1:
            empty = set()
            for row in rows[len(rows) - max(1, len(rows) // 4) :]:
                values.pop(row)
        else:
            required = [c["code"] for c in indicator.components if c["required"]]
            empty = {required[-1]}
        values = {
            row: {code: value for code, value in cells.items() if code not in empty}
            for row, cells in values.items()
        }
    return {row: cells for row, cells in values.items() if cells}


def _split_saves(values: Values, rows: Sequence[str]) -> tuple[Values, Values]:
    """Two saves that together write ``values``: the first half of the rows
    then the rest, or (one row) the first components then the others."""
    if len(rows) > 1:
        half = set(rows[: (len(rows) + 1) // 2])
        first = {row: cells for row, cells in values.items() if row in half}
        second = {row: cells for row, cells in values.items() if row not in half}
        return first, second
    first, second = {}, {}
    for row, cells in values.items():
        codes = list(cells)
        half = (len(codes) + 1) // 2
        first[row] = {c: cells[c] for c in codes[:half]}
        second[row] = {c: cells[c] for c in codes[half:]}
    return first, {row: cells for row, cells in second.items() if cells}


# --------------------------------------------------------------------------
# Loading through the actions
# --------------------------------------------------------------------------


def load(echo: Echo = print) -> None:
    """Apply ``data/indicators.yaml``. Safe to run repeatedly."""
    indicators, links = content()
    ckan = Ckan(satudata_source=SOURCE)
    structures: Counter[Outcome] = Counter()
    drafts: Counter[Outcome] = Counter()
    for indicator in indicators:
        outcome, shown = _ensure_structure(ckan, indicator)
        structures[outcome] += 1
        if shown is None:
            echo(f"  indicator structure of {indicator.dataset} is locked with"
                 " another shape: kept, its periods left alone")  # fmt: skip
            continue
        rows = [row["code"] for row in shown["rows"]]
        user = _operator(indicator.dataset)
        for period_id, state in indicator.fills:
            drafts[_ensure_draft(ckan, indicator, rows, period_id, state, user)] += 1
    _report(echo, "indicator structures", structures)
    _report(echo, "indicator drafts", drafts)
    created: Counter[Outcome] = Counter()
    for link in links:
        created[_ensure_survey_link(ckan, link, echo)] += 1
    _report(echo, "survey links", created)


def _report(echo: Echo, what: str, outcomes: Counter[Outcome]) -> None:
    report(echo, what, outcomes, OUTCOMES)


def _shape(structure: DataDict) -> DataDict:
    """What a locked structure may no longer change."""
    return {
        "breakdown": structure["breakdown"],
        "granularity": structure["granularity"],
        "first_period": structure["first_period"],
        "components": [(c["code"], c["type"]) for c in structure["components"]],
    }


def _ensure_structure(
    ckan: Ckan, indicator: Indicator
) -> tuple[Outcome, DataDict | None]:
    """Outcome and the shown structure (None: locked with another shape)."""
    wanted = indicator.structure
    shown = ckan.show("satudata_structure_show", id=indicator.dataset)
    if shown is None:
        created = ckan("satudata_structure_update", id=indicator.dataset, **wanted)
        return "created", created
    if {key: shown[key] for key in _STRUCTURE_KEYS} == wanted:
        return "unchanged", shown
    if shown["locked"] and _shape(shown) != _shape(wanted):
        return "kept", None
    updated = ckan("satudata_structure_update", id=indicator.dataset, **wanted)
    return "updated", updated


def _operator(dataset: str) -> str | None:
    """The demo account that is editor of ``dataset``'s organization."""
    owner = next(d.organization for d in catalogue.datasets() if d.name == dataset)
    for account in catalogue.ACCOUNTS:
        if (owner, "editor") not in account.memberships:
            continue
        if authz.users_role_for_group_or_org(owner, account.name) == "editor":
            return account.name
    return None


def _is_part(current: Values, wanted: Values) -> bool:
    """Whether every cell of ``current`` holds the value ``wanted`` has."""
    return all(
        code in wanted.get(row, {}) and wanted[row][code] == value
        for row, cells in current.items()
        for code, value in cells.items()
    )


def _revised(ckan: Ckan, dataset: str, period_id: str, values: Values) -> Values:
    """``values`` with the approved change requests of a published period
    applied, oldest first (the demo approves one: a reload leaves it be)."""
    revisions = ckan("satudata_revision_list", id=dataset, period=period_id)
    revised = {row: dict(cells) for row, cells in values.items()}
    for revision in reversed(revisions["revisions"]):
        for cell in revision["cells"]:
            target = revised.setdefault(cell["row"], {})
            if cell["new"] is None:
                target.pop(cell["component"], None)
            else:
                target[cell["component"]] = cell["new"]
    return {row: cells for row, cells in revised.items() if cells}


def _ensure_draft(
    ckan: Ckan, indicator: Indicator, rows: Sequence[str], period_id: str,
    state: str, user: str | None,
) -> Outcome:  # fmt: skip
    found = parse_period(period_id, indicator.granularity)
    assert found is not None
    values = wanted_values(indicator, rows, found, state)
    kode, sumber = indicator.references(found)
    shown = ckan("satudata_submission_show", id=indicator.dataset, period=period_id)
    current = shown["values"]
    if shown["state"] == "published":
        values = _revised(ckan, indicator.dataset, period_id, values)
    if (
        current == values
        and shown["kode_referensi"] == kode
        and shown["sumber_data"] == sumber
    ):
        return "unchanged"
    references = {"kode_referensi": kode, "sumber_data": sumber}
    if shown["revision"] == 0:
        first, second = _split_saves(values, rows)
        for part, extra in ((first, {}), (second, references)):
            if part or extra:
                _save(ckan, user, indicator.dataset, period_id, part, extra)
        return "created"
    if (
        shown["state"] == "draft"
        and _is_part(current, values)
        and shown["kode_referensi"] in ("", kode)
        and shown["sumber_data"] in ("", sumber)
    ):
        missing = {
            row: {c: v for c, v in cells.items() if current.get(row, {}).get(c) != v}
            for row, cells in values.items()
        }
        missing = {row: cells for row, cells in missing.items() if cells}
        _save(ckan, user, indicator.dataset, period_id, missing, references)
        return "updated"
    return "kept"  # someone else filled or edited it since


def _save(
    ckan: Ckan, user: str | None, dataset: str, period_id: str, values: Values,
    extra: DataDict,
) -> None:  # fmt: skip
    ckan("satudata_submission_save", user=user, id=dataset, period=period_id,
         values=values, **extra)  # fmt: skip


def _ensure_survey_link(ckan: Ckan, link: SurveyLink, echo: Echo) -> Outcome:
    existing = ckan("satudata_survey_link_list", id=link.dataset, period=link.period)
    if any(found["label"] == link.label and found["active"] for found in existing):
        return "unchanged"
    expires = dt.date.today() + dt.timedelta(days=link.days)
    rows = {"rows": list(link.rows)} if link.rows else {}
    created = ckan(
        "satudata_survey_link_create",
        id=link.dataset,
        period=link.period,
        label=link.label,
        expires=expires.isoformat(),
        **rows,
    )
    echo(f"  survey link '{link.label}' ({link.dataset}, {link.period}, until"
         f" {expires.isoformat()}; shown only now): {created['url']}")  # fmt: skip
    return "created"
