"""The Hebei family: the bundled sample figures rendered into a disclosure laid out like the printed template.

Order of the document: cover, 目录, the nine standard tables (each from a new page, with its title, the
header line ``<code> <department> 预算年度：<year> 单位：万元``, ruled headers and a 栏次 row, repeated on
continuation pages), then the narrative 情况说明 with the project performance-target tables, the
procurement table and the fixed-asset table inside it. Page numbers in the footer from page 2 on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from budget_lod.sample.families.hebei_data import load_raw
from budget_lod.sample.layout import (
    MARGIN_X,
    PAGE_H,
    PAGE_W,
    Cell,
    GridTable,
    PageBuilder,
    text_width,
)

TITLE_SIZE = 15.0
HEADER_SIZE = 9.0
ALIGN_BY_TYPE = {"no": "center", "code": "left", "name": "left", "text": "center", "amount": "right"}
CHINESE_NUMERALS = "一二三四五六七八九十"


def _cells(spec: list) -> list[Cell]:
    """Header cells from the data file: ``"text"`` or ``["text", colspan, rowspan]``."""
    out = []
    for c in spec:
        if isinstance(c, str):
            out.append(Cell(c))
        else:
            out.append(Cell(c[0], colspan=c[1], rowspan=c[2]))
    return out


def _printed_columns(t: dict[str, Any]) -> list[int]:
    """Indexes of the columns that are printed (``key`` columns are ids, not print)."""
    return [i for i, c in enumerate(t["columns"]) if c["type"] != "key"]


def _standard_table(t: dict[str, Any], with_column_numbers: bool = True, size: float = 8.0) -> GridTable:
    """A standard table: header rows, the 栏次 row, one body row per data row."""
    cols = _printed_columns(t)
    head = [_cells(r) for r in t["header"]]
    if with_column_numbers:
        head.append([Cell("栏次")] + [Cell(str(n)) for n in range(1, len(cols))])
    body = []
    for row in t["rows"]:
        body.append([Cell(row[i], align=ALIGN_BY_TYPE[t["columns"][i]["type"]]) for i in cols])
    layout = t.get("layout", {})
    numbers = {int(r[cols[0]]): k for k, r in enumerate(t["rows"]) if r[cols[0]].isdigit()}
    breaks = {numbers[n] for n in layout.get("breaks_before", []) if n in numbers}
    split = {numbers[int(n)]: lines for n, lines in layout.get("split_rows", {}).items()}
    return GridTable(
        widths=[float(w) for w in layout["widths"]],
        head=head,
        repeat=head,
        body=body,
        breaks_before=breaks,
        split_rows=split,
        size=size,
    )


def _project_table(p: dict[str, Any]) -> GridTable:
    """A project performance-target table (项目绩效目标表): a form on top, indicator rows below."""
    plan = p["plan"]
    rows: list[list[Cell]] = [
        [Cell("项目编码"), Cell(p["code"], colspan=2), Cell("项目名称"), Cell(p["name"], colspan=3)],
        [
            Cell("预算规模及资金用途", rowspan=2),
            Cell("预算数"),
            Cell(p["amount"]),
            Cell("其中：财政资金"),
            Cell(p["funding"]["fiscal"]),
            Cell("其他资金"),
            Cell(p["funding"]["other"]),
        ],
        [Cell(p["purpose"], colspan=6, align="left")],
        [Cell("资金支出计划（%）", rowspan=2), Cell("3月底"), Cell("6月底"), Cell("10月底"), Cell("12月底", colspan=3)],
        [Cell(plan["plan_03"]), Cell(plan["plan_06"]), Cell(plan["plan_10"]), Cell(plan["plan_12"], colspan=3)],
        [Cell("绩效目标"), Cell("\n".join(p["goals"]), colspan=6, align="left")],
    ]
    indicator_head = [
        Cell("一级指标"),
        Cell("二级指标"),
        Cell("三级指标"),
        Cell("绩效指标描述", colspan=2),
        Cell("指标值"),
        Cell("指标值确定依据"),
    ]
    rows.append(indicator_head)
    first_indicator = len(rows)
    indicators = p["indicators"]
    for i, (l1, l2, l3, desc, target, basis) in enumerate(indicators):
        row = []
        if i == 0 or indicators[i - 1][0] != l1:
            span = 1
            while i + span < len(indicators) and indicators[i + span][0] == l1:
                span += 1
            row.append(Cell(l1, rowspan=span))
        row += [
            Cell(l2),
            Cell(l3, align="left"),
            Cell(desc, colspan=2, align="left"),
            Cell(target),
            Cell(basis),
        ]
        rows.append(row)
    breaks = {first_indicator + k for k in p.get("layout", {}).get("indicator_breaks_before", [])}
    return GridTable(
        widths=[50.0, 62.0, 100.0, 100.0, 103.0, 50.0, 50.0],
        head=[],
        repeat=[indicator_head],
        body=rows,
        breaks_before=breaks,
        size=8.0,
    )


class SampleDocument:
    """Lays out the whole sample document from the data file."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.doc = data["document"]
        self.pb = PageBuilder()
        self.toc: list[tuple[str, int, int]] = []  # (entry, level, page)
        self.placement: dict[str, dict[str, Any]] = {"tables": {}, "projects": {}}

    # -- header lines ---------------------------------------------------------------------------------
    def header_line(self, parts: list[str] | None = None) -> None:
        """The line under a table title: department code and name, budget year, unit."""
        d = self.doc
        parts = parts or [
            f"{d['department_code']} {d['department']}",
            f"预算年度：{d['fiscal_year']}",
            f"单位：{d['unit']}",
        ]
        self.pb.spread(parts, HEADER_SIZE, gap=5.0)

    # -- pages ----------------------------------------------------------------------------------------
    def cover(self) -> None:
        pb, d = self.pb, self.doc
        pb.new_page()
        pb.skip(190)
        pb.line(d["department"], 26, "center", gap=22)
        pb.line(f"{d['fiscal_year']}年部门预算", 26, "center", gap=60)
        pb.line("（部门预算信息公开）", 14, "center", gap=200)
        pb.line(d["department"], 14, "center", gap=10)

    def contents(self) -> None:
        """Reserve page 2 for the 目录; it is filled in once all page numbers are known."""
        self.pb.new_page()

    def fill_contents(self) -> None:
        pb = self.pb
        size, leading = 11.0, 21.0
        y = PAGE_H - 90
        pb.text(PAGE_W / 2, y, "目    录", 18, "center", page=2)
        y -= 40
        for entry, level, page in self.toc:
            x = MARGIN_X + 20 + 24 * level
            num = str(page)
            right = PAGE_W - MARGIN_X - 20
            pb.text(x, y, entry, size, page=2)
            start = x + text_width(entry, size) + 4
            dots = "." * max(3, int((right - text_width(num, size) - 4 - start) / text_width(".", size)))
            pb.text(start, y, dots, size, page=2)
            pb.text(right, y, num, size, "right", page=2)
            y -= leading

    def standard_tables(self) -> None:
        for i, t in enumerate(self.data["tables"]):
            pb = self.pb
            pb.new_page()
            self.toc.append((f"{CHINESE_NUMERALS[i]}、{t['title']}", 0, pb.page))
            pb.skip(6)
            pb.line(t["title"], TITLE_SIZE, "center", gap=12)
            self.header_line()
            first = pb.page
            row_pages = pb.table(_standard_table(t), on_continue=self.header_line)
            self._record_table(t, first, row_pages)
            for note in t.get("notes", []):
                pb.skip(6)
                pb.line(note, 9.0)

    def narrative(self) -> None:
        pb = self.pb
        for block in self.data["narrative"]:
            kind, arg = block
            if kind == "part":
                pb.new_page()
                pb.skip(6)
                pb.line(arg, 14.0, "center", gap=14)
                self.toc.append((f"{CHINESE_NUMERALS[len(self.data['tables'])]}、{arg.split(' ', 1)[-1]}", 0, pb.page))
            elif kind == "h1":
                pb.ensure(60)
                pb.skip(6)
                pb.line(arg, 12.0, gap=6)
            elif kind == "h2":
                pb.ensure(50)
                pb.line(arg, 11.0, gap=4)
            elif kind == "p":
                pb.paragraph(arg)
            elif kind == "table":
                getattr(self, f"_narrative_{arg}")()
            else:
                raise ValueError(f"unknown narrative block {kind!r}")

    def _narrative_units(self) -> None:
        u = self.data["units"]
        pb = self.pb
        pb.skip(6)
        pb.ensure(80)
        pb.line(u["title"], 11.0, "center", gap=6)
        t = GridTable(
            widths=[float(w) for w in u["layout"]["widths"]],
            head=[_cells(r) for r in u["header"]],
            repeat=[_cells(r) for r in u["header"]],
            body=[[Cell(c) for c in r] for r in u["rows"]],
            size=9.0,
            min_row=20.0,
        )
        pb.table(t)
        pb.skip(8)

    def _narrative_projects(self) -> None:
        pb = self.pb
        for p in self.data["projects"]:
            pb.new_page()
            title = f"{p['number']}、{p['name']}绩效目标表"
            self.toc.append((title, 1, pb.page))
            pb.line(title, 12.0, "center", gap=6)
            pb.line("单位：万元", HEADER_SIZE, "right", gap=4)
            first = pb.page
            row_pages = pb.table(_project_table(p))
            self.placement["projects"][p["code"]] = {
                "pages": list(range(first, pb.page + 1)),
                "indicator_pages": row_pages[-len(p["indicators"]) :],
            }
        pb.skip(14)

    def _narrative_procurement(self) -> None:
        t = self.data["procurement"]
        pb = self.pb
        pb.ensure(200)
        pb.skip(4)
        pb.line(t["title"], 12.0, "center", gap=8)
        self.toc.append((t["title"], 1, pb.page))
        self.header_line(t["header_line"])
        self.placement["tables"][t["kind"]] = {"pages": [pb.page], "row_pages": {}}
        table = GridTable(
            widths=[float(w) for w in t["layout"]["widths"]],
            head=[_cells(r) for r in t["header"]],
            repeat=[_cells(r) for r in t["header"]],
            body=[],
            size=7.0,
            leading=8.5,
        )
        pb.table(table)
        for note in t["notes"]:
            pb.skip(2)
            pb.paragraph(note, size=8.0, leading=12.0, indent=0)
        pb.skip(10)

    def _narrative_assets(self) -> None:
        t = self.data["assets"]
        pb = self.pb
        pb.ensure(180)
        pb.skip(6)
        pb.line(t["title"], 12.0, "center", gap=8)
        self.toc.append((t["title"], 1, pb.page))
        self.header_line(t["header_line"])
        first = pb.page
        row_pages = pb.table(_standard_table(t, with_column_numbers=False, size=9.0))
        self._record_table(t, first, row_pages)
        pb.skip(10)

    def _record_table(self, t: dict[str, Any], first: int, row_pages: list[int]) -> None:
        """Remember the pages a table spans and the page each of its rows starts on (by 序号 or id)."""
        key = next(i for i, c in enumerate(t["columns"]) if c["type"] in ("no", "key"))
        numbered = t["columns"][key]["type"] == "no"
        rows = {(int(r[key]) if numbered else r[key]): page for r, page in zip(t["rows"], row_pages)}
        self.placement["tables"][t["kind"]] = {
            "pages": list(range(first, self.pb.page + 1)),
            "row_pages": rows,
        }

    # -- whole document -------------------------------------------------------------------------------
    def build(self) -> PageBuilder:
        self.cover()
        self.contents()
        self.standard_tables()
        self.narrative()
        self.fill_contents()
        return self.pb


def sample_layout() -> dict[str, Any]:
    """Where things land in the sample PDF, from the layout itself (no PDF is read).

    ``{"page_count": n, "tables": {kind: {"pages": [...], "row_pages": {序号 or row id: page}}},
    "projects": {code: {"pages": [...], "indicator_pages": [...]}}, "toc": [(entry, page), ...]}``.
    Pages are 1-based and equal the printed page numbers.
    """
    doc = SampleDocument(load_raw())
    pb = doc.build()
    return {
        "page_count": len(pb.pages),
        "tables": doc.placement["tables"],
        "projects": doc.placement["projects"],
        "toc": [(entry, page) for entry, _, page in doc.toc],
    }


def write_sample_pdf(path: str | Path) -> Path:
    """Render the bundled sample disclosure to ``path`` (parents created); return the path.

    The output is byte-for-byte the same on every run (reportlab's invariant mode, no dates).
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    data = load_raw()
    pb = SampleDocument(data).build()
    pb.write(str(out), title=data["document"]["title"])
    return out
