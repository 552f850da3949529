"""Narrative claims of the Hebei disclosure, from its real text layer re-set as PDF pages.

The corpus holds the text of the 平乡县人民政府办公室 2025 disclosure line by line (a page starts at a line
with a leading space). Its narrative pages are re-set here line for line with reportlab, so the parser
meets the original wording and line breaks. Expected figures were read from the tables of the same text and
cross-checked by their arithmetic (see each test), not taken from the parser.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from budget_lod.extract.narrative import extract_narrative
from budget_lod.extract.pages import PageView

FONT = "STSong-Light"


TABLE = "\x01"  # marks a line printed as a ruled table row (cells split at spaces)


def _hebei_pages(text: str) -> list[list[str]]:
    """The narrative part (第一部分 … end, without the project tables) as pages of lines; the fixed-asset
    table's rows are marked to be printed as a ruled table, as in the original."""
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("第一部分"))
    stop = next(i for i, l in enumerate(lines) if "部门项目预算安排情况及绩效目标" in l)
    resume = next(i for i, l in enumerate(lines) if "政府采购预算情况" in l and i > stop)
    table_from = next(i for i, l in enumerate(lines) if l.startswith("项 目 数量"))
    table_to = next(i for i, l in enumerate(lines) if "九、名词解释" in l)
    pages: list[list[str]] = [[]]
    for i in list(range(start + 1, stop + 1)) + list(range(resume, len(lines))):
        line = lines[i]
        if not line.strip():
            continue
        if line.startswith(" ") and pages[-1]:
            pages.append([])
        pages[-1].append((TABLE if table_from <= i < table_to else "") + line.strip())
    return pages


def render_lines(path: Path, pages: list[list[str]], size: float = 10.0) -> Path:
    """Write ``pages`` of text lines as a PDF with a Chinese text layer (reportlab's built-in CID font).

    A line starting with :data:`TABLE` is printed as a ruled table row: its space-separated cells in
    columns, with vertical rules between them and horizontal rules above and below."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    c = Canvas(str(path), pagesize=A4)
    for n, page in enumerate(pages, 1):
        y = A4[1] - 50
        for line in page:
            c.setFont(FONT, size)
            if line.startswith(TABLE):
                cols = (40, 240, 330, 420, 555)
                for x, cell in zip(cols, line[1:].split(" ")[:4]):
                    c.drawString(x + 3, y, cell)
                top, bottom = y + size * 1.2, y - size * 0.6
                for x in cols:
                    c.line(x, top, x, bottom)
                c.line(cols[0], top, cols[-1], top)
                c.line(cols[0], bottom, cols[-1], bottom)
            else:
                c.drawString(40, y, line)
            y -= size * 1.8
        c.setFont(FONT, 9)
        c.drawString(A4[0] / 2, 25, str(n))  # a page number: not narrative
        c.showPage()
    c.save()
    return path


@pytest.fixture(scope="session")
def hebei(corpus, tmp_path_factory):
    text = next((corpus / "hebei-pingxiang").glob("*.txt")).read_text(encoding="utf-8")
    pdf = render_lines(tmp_path_factory.mktemp("hebei") / "narrative.pdf", _hebei_pages(text))
    with pdfplumber.open(pdf) as doc:
        pages = [PageView(p) for p in doc.pages]
        claims, notes, toc = extract_narrative(pages, "万元")
    return claims, notes, toc


def _one(claims, kind, **where):
    found = [c for c in claims if c.kind == kind and all(getattr(c, k) == v for k, v in where.items())]
    assert len(found) == 1, (kind, where, found)
    return found[0]


def _wan(claim) -> Decimal:
    assert claim.amount is not None and claim.amount.unit == "万元"
    assert claim.amount.yuan == (Decimal(claim.amount.printed.replace(",", "")) * 10000).quantize(Decimal("0.01"))
    return Decimal(claim.amount.printed)


def test_totals_agree_with_the_tables(hebei):
    claims, _, _ = hebei
    # 收支总表: 本年收入合计 954.06 = 本年支出合计 954.06; 支出总表 合计 954.06 = 653.66 基本 + 300.40 项目
    assert Decimal("653.66") + Decimal("300.40") == Decimal("954.06")
    # 基本支出表: 合计 653.66 = 人员经费 614.10 + 公用经费 39.56
    assert Decimal("614.10") + Decimal("39.56") == Decimal("653.66")
    expected = {
        "income_total": "954.06", "income_general_budget": "954.06", "income_government_fund": "0.00",
        "income_state_capital": "0.00", "income_special_account": "0.00", "income_unit_funds": "0.00",
        "income_carryover": "0.00", "basic_total": "653.66", "personnel": "614.10",
        "public": "39.56", "project_total": "300.40",
    }
    for kind, value in expected.items():
        assert _wan(_one(claims, kind)) == Decimal(value), kind
    # “2025年支出预算 954.06万元” and “2025年预算收支安排 954.06万元” both state the expenditure total
    totals = [c for c in claims if c.kind == "expenditure_total"]
    assert [_wan(c) for c in totals] == [Decimal("954.06"), Decimal("954.06")]


def test_year_on_year_changes(hebei):
    claims, _, _ = hebei
    changes = [c for c in claims if c.kind == "change"]
    got = [(c.subject, c.direction, _wan(c), c.base_year) for c in changes]
    assert got == [
        ("expenditure_total", "decrease", Decimal("212.54"), 2024),
        ("basic_total", "decrease", Decimal("19.58"), 2024),
        ("project_total", "decrease", Decimal("192.96"), 2024),
        ("three_public_total", "decrease", Decimal("1.00"), 2024),
    ]
    # the parts of the stated change add up to the whole
    assert got[1][2] + got[2][2] == got[0][2]
    assert changes[0].current is not None and changes[0].current.printed == "954.06"


def test_three_public_and_admin_operating(hebei):
    claims, _, _ = hebei
    # “三公” table: 小计 17.00 = 出国 (blank) + 公务用车购置及运维费 15.00 + 公务接待费 2.00; 运维 15.00, 购置 blank
    assert Decimal("15.00") + Decimal("2.00") == Decimal("17.00")
    expected = {
        "three_public_total": "17.00", "overseas": "0.00", "vehicle_total": "15.00",
        "vehicle_purchase": "0.00", "vehicle_operation": "15.00", "reception": "2.00",
        "admin_operating": "39.56",
    }
    for kind, value in expected.items():
        assert _wan(_one(claims, kind)) == Decimal(value), kind


def test_assets_and_procurement_inclusion(hebei):
    claims, _, _ = hebei
    # 固定资产占用情况表: 资产总额 529.20 = 车辆 80.92 + 其他固定资产 448.28
    assert Decimal("80.92") + Decimal("448.28") == Decimal("529.20")
    assert _wan(_one(claims, "assets_total")) == Decimal("529.20")
    assert _wan(_one(claims, "asset_purchase")) == Decimal("10.00")
    # the text says the 10.00万元 are in the procurement budget (whose table is declared empty)
    assert _wan(_one(claims, "procurement_included")) == Decimal("10.00")


def test_pages_and_sentences(hebei):
    claims, _, _ = hebei
    total = _one(claims, "income_total")
    assert "2025年预算收入954.06万元" in total.sentence
    assert total.page == total.amount.page
    # 收入说明 and 三公 sit on different pages of the re-set text; page numbers are never claims
    assert _one(claims, "reception").page > total.page
    assert all(c.amount is None or c.amount.page >= 1 for c in claims)


def test_notes_keep_the_text_for_placeholder_and_year_checks(hebei):
    _, notes, toc = hebei
    assert toc == ()  # this text has no 目录
    texts = [n.text for n in notes if n.kind == "text"]
    assert any(t.startswith("三、机关运行经费安排情况") for t in texts)
    assert any("与2024年相比减少1.00万元" in t for t in texts)
    # a lone page number is not narrative
    assert not any(t.strip().isdigit() for t in texts)
