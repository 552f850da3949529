"""Sentence patterns of the narrative on small rendered pages: wording variants other disclosures use.

Each case is a page of text rendered with reportlab's built-in Chinese font and read back through
pdfplumber, so the tests exercise the same path as a real PDF. Expected values are the figures written
into each case.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from budget_lod.extract.narrative import extract_narrative, load_spec, resolve_claim_codes
from budget_lod.extract.pages import PageView
from budget_lod.model.document import Amount, Claim, Row, Table

FONT = "STSong-Light"


def _render(path: Path, pages: list[list[str]], table_rows: int = 0) -> Path:
    """Pages of lines; the first ``table_rows`` lines of page 1 are drawn as a ruled 3-column table."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    c = Canvas(str(path), pagesize=A4)
    for n, page in enumerate(pages):
        y = A4[1] - 60
        for i, line in enumerate(page):
            c.setFont(FONT, 10)
            if n == 0 and i < table_rows:
                cols = (40, 200, 380, 555)
                for x, cell in zip(cols, line.split(" ")):
                    c.drawString(x + 3, y, cell)
                for x in cols:
                    c.line(x, y + 12, x, y - 6)
                c.line(cols[0], y + 12, cols[-1], y + 12)
                c.line(cols[0], y - 6, cols[-1], y - 6)
            else:
                c.drawString(40, y, line)
            y -= 18
        c.showPage()
    c.save()
    return path


@pytest.fixture
def narrate(tmp_path):
    def run(pages: list[list[str]], unit: str = "万元", table_rows: int = 0):
        pdf = _render(tmp_path / "case.pdf", pages, table_rows)
        with pdfplumber.open(pdf) as doc:
            return extract_narrative([PageView(p) for p in doc.pages], unit)
    return run


def test_change_with_amount_and_percentage(narrate):
    claims, _, _ = narrate([[
        "2025年部门预算编制说明",
        "2025年，某某局收入预算1,200.00万元，比2024年预算增加100.00万元，增长9.1%。",
    ]])
    (change,) = [c for c in claims if c.kind == "change"]
    assert (change.subject, change.direction, change.amount.printed, change.percent, change.base_year) == (
        "income_total", "increase", "100.00", Decimal("9.1"), 2024)
    assert change.current is not None and change.current.printed == "1,200.00"
    assert change.amount.yuan == Decimal("1000000.00")


def test_percentage_only_change_and_bare_figure_in_the_tables_unit(narrate):
    claims, _, _ = narrate([["2025年部门支出预算为954.06，较2024年预算下降 5.2%。"]], unit="万元")
    total = [c for c in claims if c.kind == "expenditure_total"]
    assert [(c.amount.printed, c.amount.unit, c.amount.yuan) for c in total] == [
        ("954.06", "万元", Decimal("9540600.00"))]
    (change,) = [c for c in claims if c.kind == "change"]
    assert (change.subject, change.direction, change.amount, change.percent) == (
        "expenditure_total", "decrease", None, Decimal("5.2"))


def test_amounts_in_yuan_and_thousands(narrate):
    claims, _, _ = narrate([["2025年“三公”经费预算数为1,234,567.89元，其中：公务接待费34,567.89元。"]])
    (total,) = [c for c in claims if c.kind == "three_public_total"]
    assert (total.amount.unit, total.amount.yuan, total.amount.precision) == ("元", Decimal("1234567.89"), Decimal("0.01"))
    (rec,) = [c for c in claims if c.kind == "reception"]
    assert rec.amount.yuan == Decimal("34567.89")


def test_printed_functional_code_and_resolution_from_tables(narrate):
    claims, _, _ = narrate([[
        "财政拨款支出主要内容如下：",
        "1.“行政运行（2010301）”科目120.50万元，主要用于机关运转。",
        "2.“一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）”80.00万元。",
    ]])
    items = [c for c in claims if c.kind == "functional_item"]
    assert [(c.code, c.path) for c in items] == [
        ("2010301", ("行政运行",)),
        (None, ("一般公共服务支出", "政府办公厅（室）及相关机构事务", "一般行政管理事务")),
    ]
    amount = Amount(Decimal("800000.00"), "800,000.00", "元", Decimal("0.01"), 3)
    rows = tuple(Row("functional", code, name, {"total": amount}, 3) for code, name in (
        ("201", "一般公共服务支出"), ("20103", "政府办公厅(室)及相关机构事务"), ("2010302", "一般行政管理事务"),
        ("20113", "商贸事务"), ("2011302", "一般行政管理事务")))
    table = Table("general_budget_expenditure", "支出表", "元", (3,), ("total",), {"total": "合计"}, rows)
    resolved = resolve_claim_codes(items, [table])
    assert [c.code for c in resolved] == ["2010301", "2010302"]  # the 款 name tells the two 一般行政管理事务 apart
    # a bare name shared by two codes resolves to none: the figure is no claim
    ambiguous = Claim("functional_item", "s", 1, path=("一般行政管理事务",))
    assert resolve_claim_codes([ambiguous], [table]) == ()


def test_table_rows_are_not_narrative_and_placeholders_stay_in_notes(narrate):
    claims, notes, _ = narrate([[
        "项目 预算数 备注",
        "支出预算 500.00万元 合计",
        "2025年，XX单位收入预算××万元，比20XX年预算增加待填写万元。",
        "机关运行经费预算为12.00万元。",
    ]], table_rows=2)
    assert [(c.kind, c.amount.printed) for c in claims] == [("admin_operating", "12.00")]
    texts = [n.text for n in notes]
    assert any("XX单位" in t and "××万元" in t and "待填写" in t for t in texts)
    assert not any("500.00" in t for t in texts)


def test_sentence_running_over_a_page_break(narrate):
    first = "2025年，本部门政府采购预算合计" + "安排" * 22
    claims, notes, _ = narrate([[first], ["共计56.00万元，其中：政府采购服务预算56.00万元。"]])
    assert [(c.kind, c.amount.printed, c.amount.page) for c in claims] == [
        ("procurement_total", "56.00", 2), ("procurement_services", "56.00", 2)]
    (note,) = [n for n in notes if "政府采购预算合计" in n.text]
    assert note.page == 1 and note.text.endswith("其中：政府采购服务预算56.00万元。")


def test_spec_kinds_are_a_closed_list():
    kinds = load_spec().kinds
    assert len(kinds) == len(set(kinds))
    for kind in ("income_total", "expenditure_total", "basic_total", "project_total", "personnel", "public",
                 "three_public_total", "overseas", "vehicle_total", "vehicle_purchase", "vehicle_operation",
                 "reception", "admin_operating", "procurement_total", "asset_purchase", "assets_total",
                 "project_count", "functional_item", "change", "prior_year"):
        assert kind in kinds


def test_rows_of_tables_printed_without_rulings_are_not_sentences(tmp_path):
    """A table drawn with no vertical rulings (an unruled variant) is still a located table: none of its
    rows (``201一般公共服务支出224.75 175.45 49.30``) may come back as a narrative claim or note."""
    from budget_lod.extract import extract_document
    from budget_lod.sample.variants import write_variant

    doc = extract_document(write_variant("unruled_split", tmp_path / "unruled.pdf"))
    table_pages = {a.page for t in doc.tables for r in t.rows for a in r.amounts.values()}
    assert table_pages
    assert not [c for c in doc.claims if c.page in table_pages]
    texts = [n.text for n in doc.notes if n.kind == "text" and n.page in table_pages]
    assert not [t for t in texts if "一般公共服务支出" in t], texts
