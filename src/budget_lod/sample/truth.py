"""The expected truth of a generated disclosure: every printed amount in 元 with its page, the tables, the record.

A :class:`Variant` names a disclosure (department, year, scope, unit), carries its synthetic figures and the
layout function that prints them; laying it out yields the pages to paint and, for every standard table, an
:class:`ExpectedTable` whose rows hold exact 元 amounts and the page each row is printed on (the pages come
from the layout engine, never from reading a PDF). ``expected_amounts()`` flattens that truth to
``(table kind, scheme, code, measure) → (元, page)`` — the document's own figures — and
``expected_phase_amounts()`` to ``(table kind, scheme, code, measure, phase) → (元, page)`` with the figures of
other phases a final-accounts row prints beside its own (年初预算数, 全年预算数). A disclosure is one PDF (role
``main``) or a tables PDF (``main``) plus a narrative PDF (``narrative``); every table, claim and fault says
which file it is in. The figures the narrative states are :class:`ExpectedClaim`; faults printed on purpose
are :class:`PlantedFault`. A variant is a budget (``kind`` ``budget``: its figures are of phase ``budget``) or
final accounts (``final_accounts``: its own figures are of phase ``final``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from budget_lod.sample.layout import PageBuilder

if TYPE_CHECKING:
    from budget_lod.sample.printing import Writer


MAIN = "main"  # the file holding the tables (or everything)
NARRATIVE = "narrative"  # the separate narrative file of a two-file disclosure
FILE_SUFFIX = {MAIN: ".tables", NARRATIVE: ".narrative"}  # file name infix when a disclosure has two files


@dataclass(frozen=True)
class ExpectedRow:
    """A printed row: its scheme and code (as the extract contract names them), amounts in 元, page.

    ``detail`` holds further printed labels of a row whose code is opaque (a procurement row's ``level``
    project | item, its ``economic`` 经济科目 and ``method`` 采购组织形式). ``phases`` holds the figures of other
    phases than the document's own a final-accounts row prints (``initial_budget`` 年初预算数, ``adjusted_budget``
    全年预算数: phase → measure → 元)."""

    scheme: str
    code: str
    name: str
    amounts: Mapping[str, Decimal]  # measure slug → exact 元; blank cells absent
    page: int
    detail: Mapping[str, str] = field(default_factory=dict)
    phases: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)


@dataclass(frozen=True)
class ExpectedTable:
    """A standard table as printed: kind, title, unit, rows with amounts, empty flag and note, and the file
    (role) it is printed in; ``number`` is the printed table number (公开01表, 表一, 一、), if any."""

    kind: str
    title: str
    unit: str
    rows: tuple[ExpectedRow, ...]
    pages: tuple[int, ...]
    empty: bool = False
    note: str | None = None  # the wording that declares the table empty
    number: str | None = None
    file: str = MAIN


@dataclass(frozen=True)
class ExpectedClaim:
    """A figure the narrative states: what it claims to be (``kind``, the extract vocabulary: ``income_total``,
    ``expenditure_total``, ``basic_total``, ``project_total``, ``reserve_total``, ``functional_item`` with
    ``code``, ``overseas`` … ``meeting``, ``training``, ``change`` with ``subject``), the amount in 元 as stated,
    the page and file it is printed in. A ``change`` states ``amount`` (the difference, never negative),
    ``direction`` (increase | decrease | flat), ``percent`` and the ``current`` figure it compares.

    Final accounts state how a budget was carried out: an ``execution`` claim (a line item's, with ``code``;
    or a total's, ``subject`` naming it: ``expenditure_general_budget``, ``three_public_total``, ``overseas``,
    ``vehicle_total``, ``reception``) states ``amount`` (the 决算数), ``base`` (the budget figure it is set
    against, when the sentence states it), ``phase`` (which budget: ``initial_budget`` 年初预算 or
    ``adjusted_budget`` 全年预算), ``percent`` (完成…的 C%, when stated) and ``direction`` (``increase``: 决算数大于
    预算数, ``decrease``: 小于, ``flat``: 持平)."""

    kind: str
    amount: Decimal | None
    page: int
    file: str = MAIN
    code: str | None = None
    subject: str | None = None
    direction: str | None = None
    percent: Decimal | None = None
    current: Decimal | None = None
    unit: str = "万元"  # the unit the sentence states the figure in
    base: Decimal | None = None  # an execution claim's budget figure
    phase: str | None = None  # an execution claim's budget phase (initial_budget | adjusted_budget)


@dataclass(frozen=True)
class PlantedFault:
    """A fault printed on purpose, and where: ``kind`` is ``claim_vs_table`` (the narrative states ``stated``
    where the table prints ``printed``), ``parent_vs_children`` (a parent row prints ``printed`` where its
    children add up to ``expected``) or ``execution_rate`` (final accounts: an execution claim states the rate
    ``printed`` where its figures give ``expected``; ``table``/``code``/``measure`` name the line it is about,
    ``page`` that line's page, ``claim_page`` the sentence's). ``phase`` is the phase of the figure at fault
    (``None``: the document's own)."""

    kind: str
    table: str
    scheme: str
    code: str
    measure: str
    printed: Decimal
    expected: Decimal
    page: int
    file: str = MAIN
    claim: str | None = None  # the claim kind (claim_vs_table)
    claim_page: int | None = None
    claim_file: str | None = None
    phase: str | None = None


@dataclass(frozen=True)
class RenderedFile:
    """One file of a laid-out disclosure: its pages and from which page on they carry page numbers."""

    builder: PageBuilder
    footer_from: int = 2


@dataclass(frozen=True)
class Rendered:
    """A laid-out variant: the pages to paint (``files`` by role; ``builder`` is the main file's) and the
    tables, claims and planted faults as they landed."""

    builder: PageBuilder
    tables: Mapping[str, ExpectedTable]
    files: Mapping[str, RenderedFile] = field(default_factory=dict)
    claims: tuple[ExpectedClaim, ...] = ()
    faults: tuple[PlantedFault, ...] = ()


@dataclass(frozen=True)
class Variant:
    """One generated disclosure: what it is, its figures and metadata, and how it is laid out.

    ``tables`` (the expected truth, pages included) and ``expected_amounts()`` come from laying it out.
    ``family`` names the template family (the module in :mod:`budget_lod.sample.families`).
    """

    name: str
    description: str
    department: str
    department_code: str | None
    region: str | None
    fiscal_year: int
    scope: str  # department | unit
    unit: str  # the unit most tables declare
    figures: Any  # synthetic.Figures (national template) or the family's own figures
    missing_tables: tuple[str, ...]
    layout: Callable[["Variant"], "Writer"] = field(repr=False, compare=False)
    family: str = ""
    kind: str = "budget"  # budget | final_accounts (model.document.DOCUMENT_KINDS)

    @property
    def phase(self) -> str:
        """The phase of the document's own figures: ``budget``, or ``final`` for final accounts."""
        return "final" if self.kind == "final_accounts" else "budget"

    @cached_property
    def rendered(self) -> Rendered:
        w = self.layout(self)
        files = {MAIN: RenderedFile(w.pb, w.footer_from), **w.files}
        return Rendered(w.pb, dict(w.tables), files, tuple(w.claims), tuple(w.faults))

    @property
    def tables(self) -> Mapping[str, ExpectedTable]:
        return self.rendered.tables

    @property
    def claims(self) -> tuple[ExpectedClaim, ...]:
        return self.rendered.claims

    @property
    def faults(self) -> tuple[PlantedFault, ...]:
        return self.rendered.faults

    @property
    def page_count(self) -> int:
        """Pages of the main file."""
        return len(self.rendered.builder.pages)

    @property
    def roles(self) -> tuple[str, ...]:
        """The files of the disclosure by role: ``("main",)`` or ``("main", "narrative")``."""
        return tuple(self.rendered.files)

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

    def expected_phase_amounts(self) -> dict[tuple[str, str, str, str, str], tuple[Decimal, int]]:
        """``(table kind, scheme, code, measure, phase) → (元, page)`` for every printed amount, the document's
        own figures (phase ``budget`` or ``final``) and those of the other phases a row prints."""
        out = {(*key, self.phase): value for key, value in self.expected_amounts().items()}
        for t in self.tables.values():
            for r in t.rows:
                for phase, amounts in r.phases.items():
                    for m, v in amounts.items():
                        key = (t.kind, r.scheme, r.code, m, phase)
                        if key in out:
                            raise ValueError(f"{self.name}: amount {key} printed twice")
                        out[key] = (v, r.page)
        return out

    def file_names(self, path: str | Path) -> dict[str, Path]:
        """Where each file goes when the disclosure is written to ``path``: the path itself for a one-file
        disclosure; ``<stem>.tables.pdf`` and ``<stem>.narrative.pdf`` beside it for a two-file one."""
        out = Path(path)
        if len(self.rendered.files) == 1:
            return {MAIN: out}
        stem = out.name[: -len(".pdf")] if out.name.endswith(".pdf") else out.name
        return {role: out.with_name(f"{stem}{FILE_SUFFIX[role]}.pdf") for role in self.rendered.files}

    def write(self, path: str | Path) -> dict[str, Path]:
        """Paint every file (deterministic bytes; parents created); return the paths by role."""
        names = self.file_names(path)
        title = f"{self.department}{self.fiscal_year}年{'度决算' if self.kind == 'final_accounts' else '预算'}"
        for role, f in self.rendered.files.items():
            names[role].parent.mkdir(parents=True, exist_ok=True)
            f.builder.write(str(names[role]), title=title, footer_from=f.footer_from)
        return names
