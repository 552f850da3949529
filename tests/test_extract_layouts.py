"""Layouts beyond the two regions of the corpus, drawn here with reportlab: the same generic engine reads a
table printed without any ruling lines, continued on a second page without its header."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_lod.extract import extract_document

# (code, name, total, basic, project) in 元 as printed; parents are the sums of their children (checked below)
ROWS = [
    ("201", "一般公共服务支出", "1,500.00", "1,000.00", "500.00"),
    ("20103", "政府办公厅（室）及相关机构事务", "1,500.00", "1,000.00", "500.00"),
    ("2010301", "行政运行", "1,000.00", "1,000.00", ""),
    ("2010302", "一般行政管理事务", "500.00", "", "500.00"),
    ("208", "社会保障和就业支出", "300.25", "300.25", ""),
    ("20805", "行政事业单位养老支出", "300.25", "300.25", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "200.25", "200.25", ""),
    ("2080506", "机关事业单位职业年金缴费支出", "100.00", "100.00", ""),
    ("", "合计", "1,800.25", "1,300.25", "500.00"),
]
PER_PAGE = 5


def _d(s: str) -> Decimal:
    return Decimal(s.replace(",", "")) if s else Decimal(0)


def test_the_fixture_adds_up():
    by = {r[0]: r for r in ROWS}
    for code, _, total, basic, project in ROWS:
        assert _d(total) == _d(basic) + _d(project)
        kids = [r for c, r in by.items() if c and len(c) == len(code) + 2 and c.startswith(code)] if code else \
            [r for c, r in by.items() if len(c) == 3]
        if kids:
            for i in (2, 3, 4):
                assert _d(by[code][i]) == sum((_d(k[i]) for k in kids), Decimal(0))


@pytest.fixture(scope="module")
def unruled_pdf(tmp_path_factory):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path_factory.mktemp("unruled") / "unruled.pdf"
    c = canvas.Canvas(str(path), pagesize=(842, 595))
    c.setFont("STSong-Light", 12)  # a table of contents without leader dots, its titles alone on their lines
    for i, line in enumerate(("目 录", "一、2025年部门收入预算总表", "二、2025年部门支出预算总表",
                              "三、其他相关情况说明", "四、名词解释", "附：2025年预算 1,800.25 万元")):
        c.drawString(100, 520 - 24 * i, line)
    c.showPage()
    amount_x = (480, 600, 720)
    for page, start in enumerate(range(0, len(ROWS), PER_PAGE), start=1):
        y = 490
        if page == 1:
            c.setFont("STSong-Light", 14)
            c.drawCentredString(421, 540, "2025年部门支出预算总表")
            c.setFont("STSong-Light", 9)
            c.drawString(60, 515, "编制部门：某某县测试局")
            c.drawRightString(780, 515, "单位：元")
            c.drawString(60, y, "科目编码")
            c.drawString(160, y, "科目名称")
            for x, t in zip(amount_x, ("合计", "基本支出", "项目支出")):
                c.drawRightString(x, y, t)
        c.setFont("STSong-Light", 9)
        for code, name, *amounts in ROWS[start:start + PER_PAGE]:
            y -= 20
            c.drawString(60, y, code)
            c.drawString(160, y, name)
            for x, a in zip(amount_x, amounts):
                if a:
                    c.drawRightString(x, y, a)
        c.drawCentredString(421, 40, str(page + 1))
        c.showPage()
    c.save()
    return path


def test_unruled_table_over_two_pages(unruled_pdf):
    doc = extract_document(unruled_pdf)
    assert doc.department == "某某县测试局" and doc.fiscal_year == 2025
    assert [t.kind for t in doc.tables] == ["expenditure_summary"]  # nothing taken from the contents page
    t = doc.table("expenditure_summary")
    assert t.pages == (2, 3) and t.unit == "元"
    got = {r.code: {m: a.printed for m, a in r.amounts.items()} for r in t.rows}
    want = {(code or "TOTAL"): {m: v for m, v in zip(("total", "basic", "project"), amounts) if v}
            for code, _, *amounts in ROWS}
    assert got == want
    assert by_page(t) == {2: 5, 3: 4}
    assert "expenditure_summary" not in doc.missing_tables


def by_page(table):
    out: dict[int, int] = {}
    for r in table.rows:
        out[r.page] = out.get(r.page, 0) + 1
    return out


# --- an “Excel export”: title and unit as merged rows inside the grid, the title repeated with （续） ------

COLS = (60, 260, 380, 600, 720)  # x of the column edges: 项目 | 预算数 | 项目 | 预算数
HEAD = [[("收入", 2), ("支出", 2)], [("项目", 1), ("预算数", 1), ("项目", 1), ("预算数", 1)]]
PAGE1 = [["一、财政拨款收入", "", "一、外交支出", ""],  # a first body row with no figure at all
         ["1. 一般公共预算资金", "10.50", "二、一般公共服务支出", "8.00"],
         ["2. 政府性基金", "", "三、住房保障支出", "2.50"]]
PAGE2 = [["收入总计", "10.50", "支出总计", "10.50"]]


def _grid_page(c, title, body, cols=COLS):
    rows = [[(title, 4)], [("编制单位：某某县测试局 单位：万元", 4)], *HEAD, *[[(t, 1) for t in r] for r in body]]
    top, h = 540, 22
    for i, row in enumerate(rows):
        y = top - i * h
        c.line(cols[0], y, cols[-1], y)
        col = 0
        for text, span in row:
            x0, x1 = cols[col], cols[col + span]
            c.line(x0, y, x0, y - h)
            c.line(x1, y, x1, y - h)
            if text and text[0].isdigit() and "." in text and " " not in text:
                c.drawRightString(x1 - 4, y - 15, text)
            else:
                c.drawString(x0 + 4, y - 15, text)
            col += span
    c.line(cols[0], top - len(rows) * h, cols[-1], top - len(rows) * h)


@pytest.fixture(scope="module")
def excel_pdf(tmp_path_factory):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path_factory.mktemp("excel") / "excel.pdf"
    c = canvas.Canvas(str(path), pagesize=(842, 595))
    # the continuation page draws its columns at other widths: only its repeated header ties it to page 1
    pages = (("2025年部门收支预算总表", PAGE1, COLS), ("2025年部门收支预算总表（续）", PAGE2, (40, 290, 400, 630, 760)))
    for title, body, cols in pages:
        c.setFont("STSong-Light", 10)
        _grid_page(c, title, body, cols)
        c.showPage()
    c.save()
    return path


def test_title_inside_the_grid_and_repeated_with_xu(excel_pdf):
    doc = extract_document(excel_pdf)
    assert [t.kind for t in doc.tables] == ["income_expenditure_summary"]
    assert doc.department == "某某县测试局"
    t = doc.table("income_expenditure_summary")
    assert t.pages == (1, 2) and t.unit == "万元"
    got = {(r.scheme, r.code): {m: a.printed for m, a in r.amounts.items()} for r in t.rows}
    assert got == {
        ("item", "income_fiscal_appropriation"): {},
        ("functional", "202"): {},
        ("item", "income_general_budget"): {"amount": "10.50"},
        ("functional", "201"): {"amount": "8.00"},
        ("item", "income_government_fund"): {},
        ("functional", "221"): {"amount": "2.50"},
        ("item", "income_grand_total"): {"amount": "10.50"},
        ("item", "expenditure_grand_total"): {"amount": "10.50"},
    }
    # the arithmetic of the fixture itself: both sides balance
    assert Decimal("8.00") + Decimal("2.50") == Decimal("10.50")
    assert "income_summary" in doc.missing_tables and "income_expenditure_summary" not in doc.missing_tables


# --- template variants: code printed in the name cell, a 小计 under 基本支出, a percentage column -------

def _draw(c, xs, rows, top=520, h=22):
    """Ruled rows of (text, colspan) cells between column edges ``xs``; numbers right-aligned."""
    for i, row in enumerate(rows):
        y = top - i * h
        c.line(xs[0], y, xs[-1], y)
        col = 0
        for text, span in row:
            x0, x1 = xs[col], xs[col + span]
            c.line(x0, y, x0, y - h)
            c.line(x1, y, x1, y - h)
            if text.replace(",", "").replace(".", "").isdigit():
                c.drawRightString(x1 - 4, y - 15, text)
            else:
                c.drawString(x0 + 4, y - 15, text)
            col += span
    c.line(xs[0], top - len(rows) * h, xs[-1], top - len(rows) * h)


def _cells(*texts):
    return [(t, 1) for t in texts]


GB_ROWS = [  # 科目 | 合计 | 基本支出: 小计 人员经费 公用经费 | 项目支出 | 增减%
    ("201 一般公共服务支出", "100.00", "60.00", "50.00", "10.00", "40.00", "5.0"),
    ("20103 政府办公厅（室）及相关机构事务", "100.00", "60.00", "50.00", "10.00", "40.00", "5.0"),
    ("2010301 行政运行", "60.00", "60.00", "50.00", "10.00", "", "3.5"),
    ("2010302 一般行政管理事务", "40.00", "", "", "", "40.00", ""),
    ("合计", "100.00", "60.00", "50.00", "10.00", "40.00", ""),
]


BASIC_ROWS = [  # 科目编码 (two unlabelled columns: 类, 款) | 科目名称 | 合计 | 人员经费 | 公用经费
    ("301", "", "工资福利支出", "50.00", "50.00", ""),
    ("301", "01", "基本工资", "30.00", "30.00", ""),
    ("301", "2", "津贴补贴", "20.00", "20.00", ""),
    ("302", "", "商品和服务支出", "10.00", "", "10.00"),
    ("302", "01", "办公费", "10.00", "", "10.00"),
    ("", "", "合计", "60.00", "50.00", "10.00"),
]


@pytest.fixture(scope="module")
def variant_pdf(tmp_path_factory):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path_factory.mktemp("variant") / "variant.pdf"
    c = canvas.Canvas(str(path), pagesize=(842, 595))
    c.setFont("STSong-Light", 14)
    c.drawCentredString(421, 560, "2025年一般公共预算支出表")
    c.setFont("STSong-Light", 9)
    c.drawString(60, 535, "部门：某某县测试局   部门编码：123001")
    c.drawRightString(780, 535, "单位：万元")
    xs = (60, 300, 380, 460, 540, 620, 700, 780)
    head = [[("", 1), ("", 1), ("基本支出", 3), ("", 1), ("", 1)],
            _cells("科目", "合计", "小计", "人员经费", "公用经费", "项目支出", "增减%")]
    _draw(c, xs, head + [_cells(*r) for r in GB_ROWS])
    c.showPage()
    c.setFont("STSong-Light", 14)
    c.drawCentredString(421, 560, "2025年一般公共预算“三公”经费支出表")
    c.setFont("STSong-Light", 9)
    c.drawRightString(780, 535, "单位：万元")
    _draw(c, (60, 200, 340, 560, 780), [_cells("合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"),
                                         _cells("12.00", "2.00", "8.00", "2.00")])
    c.showPage()
    c.setFont("STSong-Light", 14)
    c.drawCentredString(421, 560, "2025年政府性基金预算支出表")
    c.setFont("STSong-Light", 9)
    c.drawRightString(780, 535, "单位：万元")
    xs = (60, 300, 460, 620, 780)
    _draw(c, xs, [_cells("科目", "合计", "基本支出", "项目支出"), _cells("", "", "", ""),
                  [("注：本单位无政府性基金预算支出，故本表为空表。", 4)]])
    c.drawString(64.3, 520 - 22 - 15, "合计")  # printed twice, 0.3 pt apart: a fake-bold label
    c.drawString(64.0, 520 - 22 - 15, "合计")
    c.showPage()
    c.setFont("STSong-Light", 14)
    c.drawCentredString(421, 560, "2025年一般公共预算基本支出表")
    c.setFont("STSong-Light", 9)
    c.drawRightString(780, 535, "单位：万元")
    header = [("科目编码", 2), ("科目名称", 1), ("合计", 1), ("人员经费", 1), ("公用经费", 1)]
    _draw(c, (60, 110, 160, 400, 500, 640, 780), [header] + [_cells(*r) for r in BASIC_ROWS[:-1]]
          + [[("合计", 3), *_cells(*BASIC_ROWS[-1][3:])]])
    c.showPage()
    c.save()
    return path


def test_template_variants(variant_pdf):
    doc = extract_document(variant_pdf)
    assert (doc.department, doc.department_code, doc.fiscal_year) == ("某某县测试局", "123001", 2025)
    t = doc.table("general_budget_expenditure")
    got = {r.code: {m: a.printed for m, a in r.amounts.items()} for r in t.rows}
    names = ("total", "basic", "personnel", "public", "project")
    want = {(c.split(" ")[0] if c[0].isdigit() else "TOTAL"): {m: v for m, v in zip(names, vals) if v}
            for c, *vals, _pct in GB_ROWS}
    assert got == want  # codes split off the names, 小计 under 基本支出 is `basic`, the % column is no amount
    assert {r.code: r.name for r in t.rows}["2010301"] == "行政运行"
    for r in t.rows:  # the fixture's own arithmetic
        v = {m: Decimal(a.printed) for m, a in r.amounts.items()}
        assert v["total"] == v.get("basic", 0) + v.get("project", 0)
        assert v.get("basic", 0) == v.get("personnel", 0) + v.get("public", 0)
    fund = doc.table("government_fund_expenditure")
    assert fund.empty and fund.note == "注：本单位无政府性基金预算支出，故本表为空表。"  # a note drawn inside the grid
    assert [(r.code, r.name) for r in fund.rows] == [("TOTAL", "合计")]  # the doubled glyphs read once
    assert "government_fund_expenditure" not in doc.missing_tables
    basic = doc.table("general_budget_basic_expenditure")
    assert {r.code: {m: a.printed for m, a in r.amounts.items()} for r in basic.rows} == {
        (k + x.zfill(2) if x else k) or "TOTAL": {m: v for m, v in zip(("total", "personnel", "public"), vals) if v}
        for k, x, _name, *vals in BASIC_ROWS}
    assert Decimal("30.00") + Decimal("20.00") == Decimal("50.00")  # 301 = Σ its 款 (the fixture adds up)
    tp = doc.table("three_public")
    assert tp.unit == "万元"
    assert {m: a.yuan for m, a in tp.rows[0].amounts.items()} == {
        "total": Decimal("120000.00"), "overseas": Decimal("20000.00"), "vehicle_total": Decimal("80000.00"),
        "reception": Decimal("20000.00")}


# --- a two-column transposed “三公” table without a 小计 row; an empty table declared without 注： ----------

TP_ROWS = [("合计", "80.04"), ("1.因公出国（境）费", "10.00"), ("2.公务用车购置及运行费", "60.04"),
           ("其中：公务用车购置费", "40.00"), ("公务用车运行费", "20.04"), ("3.公务接待费", "10.00")]


@pytest.fixture(scope="module")
def transposed_pdf(tmp_path_factory):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path_factory.mktemp("transposed") / "transposed.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("STSong-Light", 14)
    c.drawCentredString(298, 800, "2026年一般公共预算“三公”经费支出表")
    c.setFont("STSong-Light", 9)
    c.drawRightString(540, 780, "单位：万元")
    _draw(c, (60, 360, 540), [_cells("项目", "预算数")] + [_cells(*r) for r in TP_ROWS], top=770)
    c.setFont("STSong-Light", 14)
    c.drawCentredString(298, 560, "2026年国有资本经营预算支出表")
    c.setFont("STSong-Light", 9)
    c.drawRightString(540, 540, "单位：万元")
    _draw(c, (60, 160, 360, 540), [_cells("科目编码", "科目名称", "合计"), [("合计", 2), ("", 1)]], top=530)
    c.drawString(60, 470, "本部门无国有资本经营预算财政拨款支出，本表无数据。")
    c.showPage()
    c.save()
    return path


def test_transposed_three_public_and_an_empty_table_by_a_sentence(transposed_pdf):
    doc = extract_document(transposed_pdf)
    tp = doc.table("three_public")
    v = {m: Decimal(a.printed) for m, a in tp.rows[0].amounts.items()}
    assert tp.rows[0].code == "TOTAL" and len(tp.rows) == 1
    assert v == {"total": Decimal("80.04"), "overseas": Decimal("10.00"), "vehicle_total": Decimal("60.04"),
                 "vehicle_purchase": Decimal("40.00"), "vehicle_operation": Decimal("20.04"),
                 "reception": Decimal("10.00")}  # 合计 is the “三公” total when no 小计 row is printed
    assert v["total"] == v["overseas"] + v["vehicle_total"] + v["reception"]
    assert v["vehicle_total"] == v["vehicle_purchase"] + v["vehicle_operation"]
    sc = doc.table("state_capital_expenditure")
    assert sc.empty and "本表无数据" in sc.note
    assert "state_capital_expenditure" not in doc.missing_tables
