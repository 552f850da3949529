"""Cell normalisation: printed amounts → :class:`Amount`, wrapped codes → digits, labels → stable slugs."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from budget_lod.model.amounts import parse_amount, precision_of, to_yuan
from budget_lod.model.document import Amount
from budget_lod.specs.layout import norm

_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"^[-—–−－─/]+$")


def fallback_slug(label: str) -> str:
    """A stable ASCII slug for a label no rule names: ``x`` + 8 hex digits of its normalised text's hash."""
    return "x" + hashlib.sha256(norm(label).encode("utf-8")).hexdigest()[:8]


def amount(text: str, unit: str, page: int) -> Amount | None:
    """The amount printed in a cell, or ``None`` for a blank (or non-numeric) cell. Blank is not zero, and
    neither is a dash placeholder; a negative amount may be printed ``-1,234.00`` or ``（1,234.00）``."""
    printed = _SPACES.sub("", unicodedata.normalize("NFKC", text))  # （1,234.00） → (1,234.00)
    if _DASHES.match(printed):
        return None  # a placeholder (—, ——, -, –): blank
    try:
        value = parse_amount(printed)
    except ValueError:
        return None
    if value is None:
        return None
    return Amount(to_yuan(value, unit), printed, unit, precision_of(value), page)


def digits(text: str) -> str:
    """The digits of a code cell, wrapped lines joined (``201030`` / ``1`` → ``2010301``)."""
    return re.sub(r"\D", "", text)


def label(text: str) -> str:
    """A printed label with wrapped lines joined: no break between Chinese characters, else one space."""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = ""
    for p in parts:
        if out and (out[-1].isascii() and out[-1].isalnum()) and (p[0].isascii() and p[0].isalnum()):
            out += " "
        out += p
    return out
