"""Cell values: parse what people type (Indonesian number formats) into the
stored value of a component type, and format stored values back.

Stored values are JSON: ``int`` for integer, ``int``/``float`` for decimal and
percentage, ``str`` for text; an empty cell is ``None``.

Numbers follow Indonesian usage: ``.`` groups thousands and ``,`` is the
decimal comma (``10.518`` is ten thousand five hundred and eighteen,
``3,5`` is three and a half). A single ``.`` that is not followed by exactly
three digits (``3.5``, ``0.25``) can only be a decimal point and is read as
one; ``1.500`` is always one thousand five hundred.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ckanext.satudata.messages import N_

TYPES = ("integer", "decimal", "percentage", "text")
MAX_TEXT = 500
# Numbers beyond this are refused: they cannot be exact in JSON/float.
MAX_ABS = Decimal(10) ** 15

_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_COMMA_DECIMAL = re.compile(r"^[+-]?\d+(,\d+)?$")
_POINT_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


class CellError(ValueError):
    """A value that does not fit its component; ``message`` is a msgid with
    ``{type}`` and ``{value}`` placeholders, translated by the caller."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


def _number(text: str) -> Decimal:
    cleaned = _SPACES.sub("", text)
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _COMMA_DECIMAL.match(cleaned):
        cleaned = cleaned.replace(",", ".")
    elif not _POINT_DECIMAL.match(cleaned):
        raise CellError(N_("Not a number: {value}"), value=text)
    try:
        number = Decimal(cleaned)
    except InvalidOperation as error:
        raise CellError(N_("Not a number: {value}"), value=text) from error
    if abs(number) >= MAX_ABS:
        raise CellError(N_("Number too large: {value}"), value=text)
    return number


def _from_float(value: float, original: Any) -> Decimal:
    if not math.isfinite(value):
        raise CellError(N_("Not a number: {value}"), value=original)
    number = Decimal(repr(value))
    if abs(number) >= MAX_ABS:
        raise CellError(N_("Number too large: {value}"), value=original)
    return number


def _as_json(number: Decimal) -> int | float:
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def parse(raw: Any, ctype: str) -> int | float | str | None:
    """The stored value of ``raw`` for a component of type ``ctype``.

    ``raw`` is what a form, a CSV cell or a spreadsheet cell holds (str, int,
    float, bool or None). Raises :class:`CellError` when it does not fit.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise CellError(N_("Not a number: {value}"), value=raw)
    if ctype == "text":
        text = str(raw).strip()
        if len(text) > MAX_TEXT:
            raise CellError(N_("Text longer than {limit} characters"), limit=MAX_TEXT)
        return text or None
    if isinstance(raw, int):
        number = Decimal(raw)
        if abs(number) >= MAX_ABS:
            raise CellError(N_("Number too large: {value}"), value=raw)
    elif isinstance(raw, float):
        number = _from_float(raw, raw)
    else:
        text = str(raw).strip()
        if not text:
            return None
        if ctype == "percentage" and text.endswith("%"):
            text = text[:-1].strip()
        number = _number(text)
    if ctype == "integer":
        if number != number.to_integral_value():
            raise CellError(N_("Not a whole number: {value}"), value=raw)
        return int(number)
    if ctype in ("decimal", "percentage"):
        return _as_json(number)
    raise CellError(N_("Unknown type {type}"), type=ctype)


def display(value: Any) -> str:
    """A stored value as Indonesian text for a form field (``10518`` →
    ``10518``, ``3.5`` → ``3,5``); no thousands grouping so that it reads
    back unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = format(Decimal(repr(value)), "f")
        return text.replace(".", ",")
    return str(value)
