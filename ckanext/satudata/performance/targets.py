"""The values of a performance indicator's fields, and its achievement.

Targets per year are written ``2024: 80; 2025: 85,5`` (a year, a colon or
an equals sign, a number; separated by semicolons or new lines). Numbers
are Indonesian (``1.250.000,5``) or plain (``85.5``); a single dot followed
by exactly three digits (``12.500``) could be either and is refused. The
stored text is the canonical Indonesian form, years in order.

Achievement (capaian) in percent, after the usual rules of Indonesian
performance reports (LKjIP):

- higher is better (``naik``): realisation / target * 100;
- lower is better (``turun``): (2 * target - realisation) / target * 100,
  never below 0.

No achievement without a target, without a realisation or with a target
of 0.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from ckanext.satudata.messages import N_

UP, DOWN = "naik", "turun"
DIRECTIONS = (UP, DOWN)
YES, NO = "ya", "tidak"
FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_TARGETS = 50
_ENTRY = re.compile(r"^\s*(\d{4})\s*[:=]\s*(\S.*?)\s*$")
_PLAIN = re.compile(r"^-?\d+(?:\.\d+)?$")
_COMMA = re.compile(r"^-?\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^-?\d+(?:,\d+)?$")
_DOTS = re.compile(r"^-?\d{1,3}(?:\.\d{3}){2,}$")
_AMBIGUOUS = re.compile(r"^-?\d{1,3}\.\d{3}$")
PERCENT_PLACES = 2


class TargetError(ValueError):
    """A target text that cannot be read: ``msgid`` and its ``params``."""

    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params


FORMAT = N_("Write the targets per year as 2024: 80; 2025: 85,5 (a year, a colon"
            " and a number, separated by semicolons)")


def parse_number(text: str) -> Decimal:
    """An Indonesian or plain number.

    :raises TargetError: not a number, or ambiguous (``12.500``)
    """
    value = text.strip().replace(" ", "")
    if _AMBIGUOUS.match(value):
        raise TargetError(N_(
            "{value} could be read two ways: write it without the dot (12500) or"
            " with a decimal comma (12,5)"), value=text.strip())
    if _DOTS.match(value):
        value = value.replace(".", "")
    elif _COMMA.match(value):
        value = value.replace(".", "").replace(",", ".")
    elif not _PLAIN.match(value):
        raise TargetError(N_("{value} is not a number"), value=text.strip())
    try:
        return Decimal(value)
    except InvalidOperation:
        raise TargetError(N_("{value} is not a number"), value=text.strip()) from None


def parse(value: Any) -> dict[int, Decimal]:
    """Targets per year of ``value``: the text form, or a mapping of years
    to numbers (the API may send ``{"2024": 80}``); empty → ``{}``.

    :raises TargetError: the first problem found
    """
    if value is None:
        return {}
    if isinstance(value, Mapping):
        entries = [(str(year), str(number)) for year, number in value.items()]
    else:
        text = str(value)
        if not text.strip():
            return {}
        entries = []
        for part in re.split(r"[;\n]", text):
            if not part.strip():
                continue
            match = _ENTRY.match(part)
            if not match:
                raise TargetError(FORMAT)
            entries.append((match.group(1), match.group(2)))
    found: dict[int, Decimal] = {}
    for year_text, number in entries:
        if not re.fullmatch(r"\d{4}", year_text.strip()):
            raise TargetError(FORMAT)
        year = int(year_text)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise TargetError(N_("{year} is not a year between {first} and {last}"),
                              year=year, first=FIRST_YEAR, last=LAST_YEAR)
        if year in found:
            raise TargetError(N_("Year {year} has two targets"), year=year)
        found[year] = parse_number(number)
    if len(found) > MAX_TARGETS:
        raise TargetError(N_("At most {count} targets"), count=MAX_TARGETS)
    return dict(sorted(found.items()))


def number_text(value: Decimal) -> str:
    """``value`` as the canonical text writes it (``85,5``, ``1250000``)."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def to_text(targets: Mapping[int, Decimal]) -> str:
    """The canonical text of ``targets`` (``2024: 80; 2025: 85,5``)."""
    return "; ".join(f"{year}: {number_text(number)}"
                     for year, number in sorted(targets.items()))


def plain(value: Decimal | None) -> int | float | None:
    """A number for JSON: whole numbers as ``int``."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def achievement(target: Decimal | None, realisation: Decimal | None,
                direction: str) -> Decimal | None:
    """Capaian in percent, rounded to two decimals (see the module)."""
    if target is None or realisation is None or target == 0:
        return None
    if direction == DOWN:
        percent = (2 * target - realisation) / target * 100
        percent = max(percent, Decimal(0))
    else:
        percent = realisation / target * 100
    return percent.quantize(Decimal(1).scaleb(-PERCENT_PLACES), rounding=ROUND_HALF_UP)


def marked(value: Any) -> bool:
    """Whether ``indikator_kinerja`` marks the dataset."""
    return str(value or "").strip().lower() == YES
