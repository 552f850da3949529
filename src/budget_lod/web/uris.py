"""What a path under ``/id/`` names, read from the IRI scheme of ``rdf/iri.py`` (a table of patterns).

The page kind follows from the URI alone, so choosing a page needs no query and no vocabulary. A budget
(``budget/…``) and final accounts (``final-accounts/…``) share every pattern below them; ``root`` tells
them apart. The two documents of one department, year and scope — and their line items — differ only by
that root, so each one's counterpart is named by its path (:func:`counterpart`).
"""

from __future__ import annotations

import re

ROOTS = {"budget": "budget", "final-accounts": "final_accounts"}  # path root → document kind
_BUDGET = r"(?P<root>budget|final-accounts)/(?P<dept>[^/]+)/(?P<year>\d{4})/(?P<scope>[^/]+)"
_TABLE = _BUDGET + r"/table/(?P<kind>[^/]+)"
_ITEM = _TABLE + r"/(?P<scheme>functional|economic|item)/(?P<code>[^/]+)"
_PROJECT = _BUDGET + r"/project/(?P<project>[^/]+)"

KINDS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("department", r"department/(?P<dept>[^/]+)"),
        ("budget", _BUDGET),
        ("source", _BUDGET + "/source"),
        ("dataset", _BUDGET + "/dataset"),
        ("report", _BUDGET + "/report"),
        ("table", _TABLE),
        ("line_item", _ITEM),
        ("observation", _ITEM + r"/(?P<measure>[^/]+)"),
        ("project", _PROJECT),
        ("indicator", _PROJECT + r"/indicator/(?P<n>\d+)"),
        ("claim", _BUDGET + r"/claim/(?P<n>\d+)"),
        ("scheme", r"(?P<scheme>functional|economic)"),
        ("code", r"(?P<scheme>functional|economic)/(?P<code>[0-9A-Za-z]+)"),
    )
)


def classify(path: str) -> tuple[str, dict[str, str]]:
    """The kind of resource ``{base}id/{path}`` names and the parts of its path; ``("resource", {})`` if none."""
    for name, pattern in KINDS:
        m = pattern.fullmatch(path)
        if m:
            return name, m.groupdict()
    return "resource", {}


def budget_prefix(path: str) -> str | None:
    """``budget/{dept}/{year}/{scope}`` (or ``final-accounts/…``) of any path inside a document, else None."""
    m = re.match(_BUDGET + "(?:/|$)", path)
    return m.group(0).rstrip("/") if m else None


def document_kind(path: str) -> str | None:
    """``budget`` or ``final_accounts`` for a path inside one of them, else None."""
    m = re.match(_BUDGET + "(?:/|$)", path)
    return ROOTS[m.group("root")] if m else None


def counterpart(path: str) -> str | None:
    """The same path in the other document of the department, year and scope: a budget's line item
    ``budget/{dept}/{year}/{scope}/table/…`` ↔ ``final-accounts/{dept}/{year}/{scope}/table/…``; None for a
    path in no document."""
    m = re.match(_BUDGET + "(?:/|$)", path)
    if not m:
        return None
    other = "final-accounts" if m.group("root") == "budget" else "budget"
    return other + path[len(m.group("root")):]
