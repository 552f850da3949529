"""Validation results as plain data: :class:`Finding` (one result) and :class:`Outcome` (a whole report).

A finding is located in the document's own terms — extract's table id (the table kind), the row code,
the measure slug and the page — derived from the result's value node (or focus node) in the data graph.
This is the JSON contract of ``budget-lod validate --format json``.

Findings fall in two categories: ``document`` (the disclosure contradicts itself or the template) and
``reading`` (a table whose reading failed its own arithmetic: a problem of the extraction, kept apart so
that it is never taken for the document's). One inconsistency stated in several places is one finding;
``places`` lists every page (and sentence) where it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import rdflib

SEVERITIES = ("Violation", "Warning", "Info")
CATEGORIES = ("document", "reading")


@dataclass(frozen=True)
class Finding:
    """One validation result."""

    rule: str  # rule id, e.g. "parent-sum", "revenue-equals-expenditure"
    severity: str  # Violation | Warning | Info
    table: str | None  # extract's table id (Table.kind), "project" for projects
    code: str | None  # row code, project code, or the claim kind for narrative findings (``values["row"]``:
    # the row of the table cell the claim was compared with, if one)
    measure: str | None  # measure slug
    page: int | None  # 1-based page of the source PDF
    message_zh: str
    message_en: str
    values: Mapping[str, str] = field(default_factory=dict)  # the numbers compared (元), as printed by the rule
    rule_zh: str = ""  # the rule's name in Chinese
    rule_en: str = ""  # the rule's name in English
    claim: bool = False  # about a narrative claim: ``code`` is the claim kind, ``page`` the narrative's page
    category: str = "document"  # document | reading (see the module docstring)
    places: tuple[tuple[int, str], ...] = ()  # (page, sentence or "") of every place the inconsistency shows

    def as_json(self) -> dict:
        """The ``validate --format json`` result object."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "table": self.table,
            "code": self.code,
            "measure": self.measure,
            "page": self.page,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "values": dict(self.values),
            "category": self.category,
            "places": [{"page": page, "sentence": sentence} for page, sentence in self.places],
        }


@dataclass(frozen=True)
class Outcome:
    """A document's validation: ``conforms`` is False iff any finding of the document is a Violation (a
    reading problem is the extraction's, not the document's)."""

    conforms: bool
    results: list[Finding]
    report: rdflib.Graph  # the sh:ValidationReport, its node at Minter.report(budget)

    def count(self, severity: str, category: str = "document") -> int:
        return sum(1 for f in self.results if f.severity == severity and f.category == category)
