r"""Lexical helpers for SPARQL text (no rdflib: query workers use them): comments, IRIs and strings blanked out.

Not a parser and never the security decision on its own: :mod:`budget_lod.store.readonly` uses
:func:`may_name_service` only to skip the full parse when the letters ``service`` appear nowhere.
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_NOISE = re.compile(r'#[^\n]*|<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', re.DOTALL)
_PROLOGUE = re.compile(r"\s*(?:(?:BASE|PREFIX\s+[^\s:]*:)\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def may_name_service(sparql: str) -> bool:
    decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if int(m.group(1) or m.group(2), 16) < 0x110000
                          else "?", sparql)
    return "service" in decoded.casefold()


def lexical_form(sparql: str) -> str | None:
    """The form named by the first keyword after BASE/PREFIX declarations (comments, IRIs and strings removed)."""
    m = _PROLOGUE.match(_NOISE.sub(" ", sparql))
    return m.group(1).upper() if m else None


_FROM = re.compile(r"(?<![?$\w:])FROM\b", re.IGNORECASE)


def has_dataset_clause(sparql: str) -> bool:
    """Whether the query names its own dataset (``FROM`` / ``FROM NAMED``)."""
    return bool(_FROM.search(_NOISE.sub(" ", sparql)))
