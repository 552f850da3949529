"""Frozen dataclasses for one budget disclosure: tables, rows, amounts, projects, indicators, claims.

Every number is an :class:`Amount` carrying its exact value in 元, how it was printed and the page it
came from. Blank cells are simply absent from ``Row.amounts`` (blank is not zero).

Vocabulary used across the project (the ``extract --format csv`` contract):

* ``Table.kind`` is one of :data:`TABLE_KINDS`.
* ``Row.scheme`` is one of :data:`SCHEMES`: ``functional`` (功能分类, codes of 3/5/7 digits), ``economic``
  (经济分类, 3/5 digits) or ``item`` (any other labelled row; ``code`` is a stable slug of the label).
  A 合计 row has ``code == "TOTAL"``.
* ``Row.amounts`` maps a measure slug (``total``, ``basic``, ``project``, ``personnel``, ``public`` …) to
  an :class:`Amount`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

TABLE_KINDS: tuple[str, ...] = (
    "income_expenditure_summary",  # 收支总表 / 财务收支预算总表
    "income_summary",  # 收入总表
    "expenditure_summary",  # 支出总表
    "fiscal_appropriation_summary",  # 财政拨款收支总表
    "fiscal_appropriation_expenditure",  # 财政拨款支出(预算)表 (功能科目)
    "fiscal_appropriation_basic_expenditure",  # 财政拨款基本支出(预算)表 (经济科目)
    "general_budget_expenditure",  # 一般公共预算(财政拨款)支出表 / 支出功能分类预算表
    "general_budget_basic_expenditure",  # 一般公共预算基本支出表 (经济分类)
    "government_fund_expenditure",  # 政府性基金预算支出表
    "state_capital_expenditure",  # 国有资本经营预算支出表
    "three_public",  # “三公”经费 (和机关运行经费; 会议费、培训费) 表
    "admin_operating_expenditure",  # (一般公共预算)机关运行经费支出(预算)表 (经济科目)
    "project",  # 项目绩效目标表 (rows of projects)
    "procurement",  # 政府采购预算表
    "assets",  # 固定资产 / 国有资产占用情况表
)

# Tables every disclosure built on the national template must carry (present, or declared empty).
MANDATED_TABLES: tuple[str, ...] = (
    "income_expenditure_summary",
    "income_summary",
    "expenditure_summary",
    "fiscal_appropriation_summary",
    "general_budget_expenditure",
    "general_budget_basic_expenditure",
    "government_fund_expenditure",
    "state_capital_expenditure",
    "three_public",
)

SCHEMES: tuple[str, ...] = ("functional", "economic", "item")

# What kind of document a disclosure is: a budget (部门预算, what is planned) or final accounts (部门决算, what was
# spent, published about 18 months after the year begins).
DOCUMENT_KINDS: tuple[str, ...] = ("budget", "final_accounts")

# Which figure of a line item an amount is: a budget document's own figure; final accounts' 决算数, and the budget
# figures they print beside it: 年初预算数 (the budget as passed) and 调整预算数 / 全年预算数 (as adjusted in the year).
PHASES: tuple[str, ...] = ("budget", "final", "initial_budget", "adjusted_budget")


@dataclass(frozen=True)
class Amount:
    """One printed number: exact value in 元, the text as printed, its unit and printed precision, its page."""

    yuan: Decimal  # exact, quantized to 0.01
    printed: str  # the cell text as printed, e.g. "9,540,600.00" or "954.06"
    unit: str  # the unit the table declares: "元" or "万元"
    precision: Decimal  # printed precision in the printed unit, e.g. Decimal("0.01")
    page: int  # 1-based page number in the source PDF

    @property
    def precision_yuan(self) -> Decimal:
        """Printed precision converted to 元 (0.01 万元 → 100 元)."""
        from budget_lod.model.amounts import UNIT_FACTORS

        return self.precision * UNIT_FACTORS[self.unit]


@dataclass(frozen=True)
class Row:
    """One line of a table: a classification code (or item slug), its printed name and its amounts."""

    scheme: str  # functional | economic | item
    code: str  # digits ("2010301"), "TOTAL", or a slug for item rows
    name: str  # the label as printed (wrapped lines joined)
    amounts: Mapping[str, Amount]  # measure slug → amount; blank cells absent
    page: int  # page where the row starts
    number: int | None = None  # 序号 / row number as printed, if any
    parent: str | None = None  # the code of the row this one is a part of, in a table whose rows nest by layout
    # (an item under its project, a group's item under the group's 小计); coded rows nest by their codes
    phases: Mapping[str, Mapping[str, Amount]] = field(default_factory=dict)  # phase → measure → amount, for
    # the figures of phases other than the document's own (a 决算 row's 年初预算数 and 全年预算数 beside its 决算数)

    @property
    def level(self) -> int | None:
        """Hierarchy level from the code: 类=1, 款=2, 项=3 (functional 3/5/7 digits; economic 3/5)."""
        if not self.code.isdigit():
            return None
        return {3: 1, 5: 2, 7: 3}.get(len(self.code))


@dataclass(frozen=True)
class ReadingCheck:
    """One way a table's reading was checked against itself, and what it found.

    ``kind``: ``coverage`` (a number printed in the table and not read into an amount), ``total`` (the 合计 row
    against its top-level rows), ``parent`` (a row against the rows that make it up), ``parts`` (a row's
    whole column against its part columns), ``rows`` (a summary row against the rows that make it up),
    ``unverified`` (figures placed by position alone that no total or sum of the table confirms)."""

    kind: str
    ok: bool
    detail: str  # what was compared, in words (English), e.g. "201 total 12,706.28 ≠ Σ 20101 … 12,700.00"
    code: str | None = None  # the row checked
    measure: str | None = None
    printed: Decimal | None = None  # the whole as printed (元)
    computed: Decimal | None = None  # what its parts add up to (元)
    page: int | None = None


@dataclass(frozen=True)
class Reading:
    """How a table was read and whether the reading stands its own checks.

    ``status``: ``ok`` — every printed number read, and the table's arithmetic holds or, where it does not, the
    table was read cell by cell from its rulings (the document's own inconsistency, left to validation);
    ``failed`` — a number printed in the table was not read, or the arithmetic fails on a reading that placed
    figures by position alone (no rulings): the reading is not to be trusted, and no claim is checked against it.
    """

    status: str  # ok | failed
    strategy: str  # how the table's cells were found: ruled, or a layout grid fallback (rows_ruled, unruled, one_row)
    numbers_printed: int  # figures printed in the table's cells (codes, 行次 and header numbers excluded)
    numbers_read: int  # of them, read into an amount
    checks: tuple[ReadingCheck, ...] = ()  # every identity checked (passed and failed) and every unread number

    @property
    def problems(self) -> tuple[ReadingCheck, ...]:
        return tuple(c for c in self.checks if not c.ok)


@dataclass(frozen=True)
class Table:
    """One standard table, merged across the pages it spans."""

    kind: str  # one of TABLE_KINDS
    title: str  # as printed
    unit: str  # unit of amounts the table declares ("元", "万元")
    pages: tuple[int, ...]
    measures: tuple[str, ...]  # column measure slugs, in printed order
    measure_labels: Mapping[str, str]  # measure slug → column header as printed
    rows: tuple[Row, ...]
    empty: bool = False  # declared empty ("空表", "无…预算") or with no amounts at all
    note: str | None = None  # the note printed under the table ("注：…")
    columns: tuple[str, ...] = ()  # the column headers read (lowest header cell of each column), as printed
    reading: Reading | None = None  # the reading's self-checks


@dataclass(frozen=True)
class Indicator:
    """One performance indicator (绩效指标) of a project."""

    level1: str  # 一级指标, e.g. 产出指标
    level2: str  # 二级指标, e.g. 数量指标
    level3: str  # 三级指标 (the indicator's name)
    description: str | None  # 绩效指标描述 / 指标解释
    comparator: str | None  # ">=", "<=", "=", ">", "<" or None for a qualitative target
    target: str  # target value as printed ("≥98%", "持续提升")
    target_value: Decimal | None  # numeric part of the target, if any
    target_unit: str | None  # unit of the numeric target ("%", "套", "万元")
    basis: str | None  # 指标值确定依据
    page: int


@dataclass(frozen=True)
class Project:
    """A project (项目) with its performance-target table (绩效目标表) or project explanation."""

    code: str  # 项目编码 as printed, or a slug of the name when none is printed
    name: str
    amount: Amount | None  # 预算数
    funding: Mapping[str, Amount]  # funding source slug → amount (e.g. "fiscal", "other")
    plan: Mapping[str, Amount]  # plan_03 / plan_06 / plan_10 / plan_12 (cumulative by month-end), or plan_q1 … plan_q4 (each quarter)
    purpose: str | None  # 资金用途
    goals: str | None  # 绩效目标 text
    indicators: tuple[Indicator, ...]
    pages: tuple[int, ...]
    unit: str = "万元"


@dataclass(frozen=True)
class Claim:
    """A figure the narrative states, with the sentence that states it.

    ``kind`` names what the figure claims to be, from a closed list the validator knows
    (``income_total``, ``expenditure_total``, ``basic_total``, ``project_total``, ``personnel``, ``public``,
    ``three_public_total``, ``overseas``, ``vehicle_total``, ``vehicle_purchase``, ``vehicle_operation``,
    ``reception``, ``admin_operating``, ``procurement_total``, ``asset_purchase``, ``assets_total``,
    ``project_count``, ``functional_item`` (with ``code``), ``change`` …). ``subject`` carries the claim's
    subject for ``change`` (the kind that changed) and ``code`` a classification code where one applies.

    Final accounts state how a budget was carried out: an ``execution`` claim (``年初预算为 A 万元，支出决算为 B
    万元，完成年初预算的 C%``) has ``amount`` B (the 决算数), ``base`` A (the budget figure, when stated), ``phase``
    which budget (``initial_budget`` or ``adjusted_budget``), ``percent`` C (when stated), ``direction`` (决算数
    大于 / 小于 / 与…持平 预算数) and ``reason``; it is about ``subject`` (a total) or ``code`` (a line, ``subject``
    ``functional_item``).
    """

    kind: str
    sentence: str
    page: int
    amount: Amount | None = None
    count: int | None = None
    code: str | None = None
    subject: str | None = None  # for kind == "change": which total changed
    direction: str | None = None  # "increase" | "decrease" | "flat" (增加 / 减少 / 持平)
    percent: Decimal | None = None  # stated percentage of a change, if any
    base_year: int | None = None  # year compared with (比2024年…)
    base: Amount | None = None  # for "change": the base-year figure the text states (2023年预算执行数为60.13万元)
    current: Amount | None = None  # for "change": the current figure the change is stated against
    path: tuple[str, ...] = ()  # for "functional_item" (and its changes): the quoted 类/款/项 names as printed
    levels: tuple[int | None, ...] = ()  # the level of each ``path`` name (1 类, 2 款, 3 项; None: not marked)
    table: str | None = None  # the table kind the narrative's section is about (“五、财政拨款支出预算表情况说明”)
    basis: str | None = None  # for "change": what the base is, as printed without noise words (预算, 预算执行)
    file: str | None = None  # "narrative": ``page`` is in the separate narrative file of a two-file disclosure
    phase: str | None = None  # for "execution": the budget it is set against (initial_budget | adjusted_budget)
    reason: str | None = None  # for "execution": the reason the text gives for a gap (…的主要原因：…)


@dataclass(frozen=True)
class Note:
    """Narrative text worth keeping: a page's paragraph, for checks on placeholders, years and contents."""

    page: int
    text: str
    kind: str = "text"  # text | toc | table_note
    file: str | None = None  # "narrative": ``page`` is in the separate narrative file of a two-file disclosure


@dataclass(frozen=True)
class SourceFile:
    """One PDF a disclosure was read from."""

    name: str  # file name as given
    sha256: str
    page_count: int


@dataclass(frozen=True)
class Document:
    """One budget disclosure (部门预算 or 单位预算) as extracted from its PDF."""

    source: str  # file name as given
    sha256: str
    page_count: int
    department: str
    department_code: str | None
    region: str | None  # e.g. "上海市普陀区", "平乡县" where the document says
    fiscal_year: int
    scope: str  # "department" (部门预算) | "unit" (单位预算)
    tables: tuple[Table, ...]
    projects: tuple[Project, ...] = ()
    claims: tuple[Claim, ...] = ()
    notes: tuple[Note, ...] = ()
    toc: tuple[str, ...] = ()  # table titles listed in the table of contents (目录), if any
    missing_tables: tuple[str, ...] = ()  # mandated kinds found neither filled nor declared empty
    layout: str | None = None  # name of the layout spec that matched
    kind: str = "budget"  # one of DOCUMENT_KINDS
    narrative_file: SourceFile | None = None  # a two-file disclosure's narrative PDF (``source`` holds the tables)
    unread: tuple[Note, ...] = ()  # what was printed but not understood: a table title of no known kind, figures
    # on a table page outside every table read (``Note.kind``: ``unknown_title`` | ``stray_figures``)

    @property
    def coverage(self) -> tuple[int, int]:
        """(figures read, figures printed) over every table read."""
        readings = [t.reading for t in self.tables if t.reading is not None]
        return sum(r.numbers_read for r in readings), sum(r.numbers_printed for r in readings)
    extras: Mapping[str, str] = field(default_factory=dict)

    @property
    def phase(self) -> str:
        """The phase of the document's own figures: ``budget``, or ``final`` for final accounts."""
        return "final" if self.kind == "final_accounts" else "budget"

    def table(self, kind: str) -> Table | None:
        """The first table of ``kind``, or ``None``."""
        return next((t for t in self.tables if t.kind == kind), None)
