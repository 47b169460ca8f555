"""Numbers as Indonesians read them on a page: ``.`` groups thousands and
``,`` is the decimal comma (``1.234.567``, ``99,5``, ``-1.250,75``).

:func:`ckanext.satudata.indicators.cells.display` writes stored
values back into form fields without grouping (so that they read back
unchanged); published tables and charts group the thousands.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def as_decimal(value: Any) -> Decimal | None:
    """``value`` as an exact :class:`Decimal` (floats by their shortest
    repr), ``None`` for what is not a finite number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    return None


def plain(number: Decimal) -> int | float:
    """A :class:`Decimal` as the JSON number it stands for."""
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def format_number(value: Any, decimals: int | None = None) -> str:
    """``value`` with Indonesian grouping and decimal comma; rounded to
    ``decimals`` places when given (whole numbers have none otherwise).
    Text is returned as it is, ``None`` as an empty string."""
    number = as_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    elif number == number.to_integral_value():
        number = number.to_integral_value()  # 1000.0 is shown as 1.000
    if number == 0:
        number = abs(number)  # no "-0"
    text = format(number, ",f")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
