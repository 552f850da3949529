"""The expected truth of a generated disclosure: every printed amount in 元 with its page, the tables, the record.

A :class:`Variant` names a disclosure (department, year, scope, unit), carries its synthetic figures and the
layout function that prints them; laying it out yields the pages to paint and, for every standard table, an
:class:`ExpectedTable` whose rows hold exact 元 amounts and the page each row is printed on (the pages come
from the layout engine, never from reading a PDF). ``expected_amounts()`` flattens that truth to
``(table kind, scheme, code, measure) → (元, page)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Callable, Mapping

from budget_lod.sample.layout import PageBuilder
from budget_lod.sample.synthetic import Figures

if TYPE_CHECKING:
    from budget_lod.sample.printing import Writer


@dataclass(frozen=True)
class ExpectedRow:
    """A printed row: its scheme and code (as the extract contract names them), amounts in 元, page."""

    scheme: str
    code: str
    name: str
    amounts: Mapping[str, Decimal]  # measure slug → exact 元; blank cells absent
    page: int


@dataclass(frozen=True)
class ExpectedTable:
    """A standard table as printed: kind, title, unit, rows with amounts, empty flag and note."""

    kind: str
    title: str
    unit: str
    rows: tuple[ExpectedRow, ...]
    pages: tuple[int, ...]
    empty: bool = False
    note: str | None = None  # the wording that declares the table empty



@dataclass(frozen=True)
class Rendered:
    """A laid-out variant: the pages to paint and the tables as they landed."""

    builder: PageBuilder
    tables: Mapping[str, ExpectedTable]



@dataclass(frozen=True)
class Variant:
    """One unseen-layout disclosure: what it is, its figures and metadata, and how it is laid out.

    ``tables`` (the expected truth, pages included) and ``expected_amounts()`` come from laying it out.
    """

    name: str
    description: str
    department: str
    department_code: str | None
    region: str | None
    fiscal_year: int
    scope: str  # department | unit
    unit: str  # the unit most tables declare
    figures: Figures
    missing_tables: tuple[str, ...]
    layout: Callable[["Variant"], "Writer"] = field(repr=False, compare=False)

    @cached_property
    def rendered(self) -> Rendered:
        w = self.layout(self)
        return Rendered(w.pb, dict(w.tables))

    @property
    def tables(self) -> Mapping[str, ExpectedTable]:
        return self.rendered.tables

    @property
    def page_count(self) -> int:
        return len(self.rendered.builder.pages)

    def expected_amounts(self) -> dict[tuple[str, str, str, str], tuple[Decimal, int]]:
        """``(table kind, scheme, code, measure) → (元, page)`` for every printed amount."""
        out: dict[tuple[str, str, str, str], tuple[Decimal, int]] = {}
        for t in self.tables.values():
            for r in t.rows:
                for m, v in r.amounts.items():
                    key = (t.kind, r.scheme, r.code, m)
                    if key in out:
                        raise ValueError(f"{self.name}: amount {key} printed twice")
                    out[key] = (v, r.page)
        return out

