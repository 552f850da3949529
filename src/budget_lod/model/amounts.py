"""Exact amounts: parse printed numbers into ``Decimal`` and convert 万元 to 元 without floats.

A printed cell such as ``"9,540,600.00"`` or ``"954.06"`` becomes a ``Decimal``; blank cells are ``None``
(blank is not zero). The printed precision is kept so that rounding tolerances can be derived from it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# unit as printed → factor to 元 (exact)
UNIT_FACTORS: dict[str, Decimal] = {
    "元": Decimal(1),
    "万元": Decimal(10000),
    "千元": Decimal(1000),
    "亿元": Decimal(100000000),
}

_NUMBER = re.compile(r"^[-−–]?\d{1,3}(,\d{3})+(\.\d+)?$|^[-−–]?\d+(\.\d+)?$")
_BLANKS = {"", "-", "—", "－", "/", "　"}


def parse_amount(text: str | None) -> Decimal | None:
    """Parse a printed amount; ``None`` for a blank cell; ``ValueError`` for anything else.

    Thousands separators and full-width/typographic minus signs are accepted; spaces inside the cell
    (from wrapped text) are removed first. The result keeps the printed scale (``"12.00"`` → ``Decimal("12.00")``).
    """
    if text is None:
        return None
    s = re.sub(r"\s+", "", text).replace("，", ",")
    if s in _BLANKS:
        return None
    if s.startswith("(") and s.endswith(")"):
        s = "-" + s[1:-1]
    if not _NUMBER.match(s):
        raise ValueError(f"not an amount: {text!r}")
    s = s.replace(",", "").replace("−", "-").replace("–", "-")
    try:
        return Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise ValueError(f"not an amount: {text!r}") from exc


def to_yuan(value: Decimal, unit: str) -> Decimal:
    """Convert ``value`` printed in ``unit`` to 元, exactly, quantized to the fen (0.01)."""
    try:
        factor = UNIT_FACTORS[unit]
    except KeyError:
        raise ValueError(f"unknown unit of amounts: {unit!r} (known: {', '.join(UNIT_FACTORS)})") from None
    return (value * factor).quantize(Decimal("0.01"))


def precision_of(value: Decimal) -> Decimal:
    """The printed precision of ``value`` in its own unit: ``Decimal('954.06')`` → ``Decimal('0.01')``."""
    exp = value.as_tuple().exponent
    assert isinstance(exp, int)
    return Decimal(1).scaleb(min(exp, 0))
