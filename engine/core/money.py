"""Money: the one parser every amount goes through, whatever its source (YAML, JSON, CSV).

An amount is exact to the penny: never negative, never more than two decimal places, never
a float's rounding. Plain text is digits with an optional point (``3800``, ``12500.00``); an
export's spelling (``£3,800``, ``12,500.00``) is read only where a column map says the column
holds money (``export=True``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

#: The largest amount read (a bound on input, far above any real benefit figure).
MAX_AMOUNT = Decimal(10) ** 15
PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
PENNY = Decimal("0.01")


def parse_money(value, export: bool = False) -> Decimal:
    """The exact amount of ``value``, or ValueError saying what was expected."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise ValueError("expected an amount of money in pounds (e.g. 4999.99)")
    if isinstance(value, str):
        amount = _from_text(value.strip(), export)
    else:
        amount = _from_number(value)
    if amount < 0:
        raise ValueError("an amount of money cannot be negative")
    if amount > MAX_AMOUNT:
        raise ValueError(f"an amount of more than £{MAX_AMOUNT:,} is not a real figure")
    if amount != amount.quantize(PENNY) or _places(amount) > 2:
        raise ValueError("an amount of money has at most two decimal places (pence)")
    return amount.quantize(PENNY)


def _from_number(value) -> Decimal:
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        raise ValueError("expected an amount of money in pounds (e.g. 4999.99)") from None
    if not amount.is_finite():
        raise ValueError("an amount of money must be a number (not NaN or infinity)")
    return amount


def _from_text(text: str, export: bool) -> Decimal:
    negative = text.startswith("-")
    body = text[1:].strip() if negative else text
    if export:
        body = body.removeprefix("£").strip()
        if GROUPED.match(body):
            body = body.replace(",", "")
    if not PLAIN.match(body):
        hint = " (write it as 3800.00, or mark the column as money in the column map)" \
            if not export and ("£" in body or "," in body) else ""
        raise ValueError(f"expected an amount of money in pounds such as 4999.99{hint}")
    if negative:
        raise ValueError("an amount of money cannot be negative")
    return Decimal(body)


def _places(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
