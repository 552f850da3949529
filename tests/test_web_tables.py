"""Laying tables out as printed: two-sided summaries put back line by line, grouped “三公” headers, code
columns only for classified rows, rows without a label of their own.

The two-sided summaries are checked on hand-built rows (sides of different lengths, rows arriving in any
order, line numbers, page breaks) and on real renderings: the bundled sample and the ``shanghai_unit``
variant are ingested through the pipeline and their budget pages rendered; each page's lines are compared
with the lines the PDF prints, read from the PDF's own text lines (pdfplumber), not from the extractor.
"""

from __future__ import annotations

import random
import re

import pytest

from budget_lod.web.tables import header_rows, is_total, lay_out, side_of, summary_lines, summary_sides


def row(code: str, scheme: str = "item", number: int | None = None, **amounts) -> dict:
    return {"code": code, "scheme": scheme, "name": code, "number": number, "amounts": amounts, "iri": code}


def names(lines) -> list[tuple[str | None, str | None]]:
    return [(a and a["code"], b and b["code"]) for a, b in lines]


def test_sides_follow_the_item_slugs():
    assert side_of(row("income_general_budget")) == "income"
    assert side_of(row("carryover_income_general_budget")) == "income"  # a carried-over income section
    assert side_of(row("201", "functional")) == "expenditure"
    assert side_of(row("expenditure_carryover")) == "expenditure"
    assert side_of(row("expenditure_x4d0583e3")) == "expenditure"  # an unknown label keeps its side prefix


def test_summary_lines_as_printed_left_cell_first():
    # Shanghai 收支总表: 7 income rows beside 9 classes, totals on the last line (read left cell, then right)
    rows = [row("income_fiscal_appropriation"), row("201", "functional"), row("income_general_budget"),
            row("204", "functional"), row("income_other"), row("205", "functional"), row("206", "functional"),
            row("income_grand_total"), row("expenditure_grand_total")]
    assert names(summary_lines(rows)) == [
        ("income_fiscal_appropriation", "201"), ("income_general_budget", "204"), ("income_other", "205"),
        (None, "206"), ("income_grand_total", "expenditure_grand_total")]


def test_summary_lines_pair_by_printed_number_when_rows_have_one():
    rows = [row("income_a", number=1), row("201", "functional", 1), row("income_b", number=2),
            row("202", "functional", 3), row("income_total", number=4), row("expenditure_total", number=4)]
    assert names(summary_lines(rows)) == [("income_a", "201"), ("income_b", None), (None, "202"),
                                          ("income_total", "expenditure_total")]


def test_an_expenditure_row_first_opens_its_own_line():
    assert names(summary_lines([row("201", "functional"), row("income_a"), row("202", "functional")])) == [
        (None, "201"), ("income_a", "202")]


def placed(code: str, position: int, page: int = 3, number: int | None = None, scheme: str = "item") -> dict:
    return dict(row(code, scheme, number), position=position, page=page)


# a 收支总表 with 2 income items beside 4 classes, totals, a carry-over line with no expenditure beside it:
#   income_fiscal | 201            (page 3)
#   income_other  | 205
#                 | 208
#                 | 210            (page 4)
#   income_total  | expenditure_total
#   carryover     |
#   income_grand_total | expenditure_grand_total
UNEQUAL = [
    ("income_fiscal", "201"), ("income_other", "205"), (None, "208"), (None, "210"),
    ("income_total", "expenditure_total"), ("carryover", None), ("income_grand_total", "expenditure_grand_total"),
]


def unequal_rows(numbered: bool = False) -> list[dict]:
    """UNEQUAL's rows with positions read left cell first, line by line, and their pages (and line numbers)."""
    rows, position = [], 0
    for n, line in enumerate(UNEQUAL, start=1):
        for code in line:
            if code is not None:
                position += 1
                scheme = "functional" if code.isdigit() else "item"
                rows.append(placed(code, position, 3 if n <= 3 else 4, n if numbered else None, scheme))
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_unequal_sides_in_any_stored_order_print_line_by_line(seed):
    rows = unequal_rows()
    random.Random(seed).shuffle(rows)
    assert names(summary_lines(rows)) == UNEQUAL


def test_line_numbers_pair_rows_even_when_positions_run_side_by_side():
    # positions counted down the income side first, then the expenditure side: only the 行次 tell the lines
    rows = unequal_rows(numbered=True)
    income = [r for r in rows if side_of(r) == "income"]
    expenditure = [r for r in rows if side_of(r) == "expenditure"]
    for position, r in enumerate(income + expenditure, start=1):
        r["position"] = position
    random.Random(4).shuffle(rows)
    assert names(summary_lines(rows)) == UNEQUAL


def test_rows_on_different_pages_never_share_a_line():
    # the income side's last item ends page 3; the next expenditure row opens page 4
    rows = [placed("income_a", 1, 3), placed("201", 2, 3, scheme="functional"), placed("income_b", 3, 3),
            placed("202", 4, 4, scheme="functional")]
    assert names(summary_lines(rows)) == [("income_a", "201"), ("income_b", None), (None, "202")]


def test_summary_sides_show_each_measure_where_rows_carry_it():
    measures = [("amount", ("金额", "amount")), ("total", ("合计", "total")), ("general_budget", ("一般公共预算", "")),
                ("government_fund", ("政府性基金", ""))]
    rows = [row("income_general_budget", amount=1), row("201", "functional", total=1, general_budget=1)]
    sides = summary_sides(measures, rows)
    assert [s["key"] for s in sides] == ["income", "expenditure"]
    assert [m for m, _ in sides[0]["measures"]] == ["amount", "government_fund"]
    assert [m for m, _ in sides[1]["measures"]] == ["total", "general_budget", "government_fund"]


def test_vehicle_columns_get_their_printed_heading():
    measures = [("total", ("合计", "")), ("reception", ("公务接待费", "")), ("vehicle_total", ("小计", "")),
                ("vehicle_purchase", ("购置费", "")), ("vehicle_operation", ("运行费", "")),
                ("admin_operating", ("机关运行经费", ""))]
    top, below = header_rows(measures)
    assert [(c["label"][0], c["colspan"], c["rowspan"]) for c in top] == [
        ("合计", 1, 2), ("公务接待费", 1, 2), ("公务用车购置及运行费", 3, 1), ("机关运行经费", 1, 2)]
    assert [c["measure"] for c in below] == ["vehicle_total", "vehicle_purchase", "vehicle_operation"]
    # the body's columns line up: top cells spanning both rows, then the group's cells, in printed order
    assert [c["measure"] for c in top if c["rowspan"] == 2][:2] + [c["measure"] for c in below] == [
        m for m, _ in measures][:5]


def test_a_lone_group_member_needs_no_heading():
    assert len(header_rows([("total", ("合计", "")), ("vehicle_total", ("公务用车购置及运维费", ""))])) == 1


def test_totals_and_codes():
    assert is_total("TOTAL") and is_total("income_grand_total") and is_total("assets_total")
    assert not is_total("income_general_budget") and not is_total("201")
    t = {"kind": "three_public", "label": ("2025年部门“三公”经费和机关运行经费预算表", ""), "measures": [],
         "rows": [dict(row("TOTAL", total=1), name="2025年部门“三公”经费和机关运行经费预算表")]}
    lay_out(t)
    assert t["rows"][0]["name"] == "合计"  # the PDF prints this row without a label: not the table's title
    assert t["show_codes"] is False
    coded = lay_out({"kind": "general_budget_expenditure", "label": ("表", ""), "measures": [],
                     "rows": [row("TOTAL", "functional", total=1), row("201", "functional", total=1)]})
    assert coded["show_codes"] is True and coded["form"] == "rows"


def test_code_title_drops_printed_ordinals_and_takes_the_commonest_name():
    from budget_lod.web.code_pages import code_name

    assert code_name(["一、一般公共服务支出", "一般公共服务支出", "一般公共服务支出"], "201") == "一般公共服务支出"
    assert code_name(["1. 一般公共预算资金"], "x") == "一般公共预算资金"
    assert code_name(["二十一、粮油物资储备支出"], "222") == "粮油物资储备支出"
    assert code_name([], "30101") == "30101"


def test_code_matrix_takes_the_all_funds_table_first_and_totals_each_year():
    from decimal import Decimal

    from budget_lod.web.code_pages import code_matrix

    def item(dept, year, kind, amount):
        return {"dept": dept, "deptName": dept, "year": year, "kind": f"http://x.test/id/table-kind/{kind}",
                "amount": Decimal(amount), "item": f"{dept}/{year}/{kind}"}

    m = code_matrix([item("乙局", 2025, "general_budget_expenditure", "80"), item("乙局", 2025, "expenditure_summary", "100"),
                     item("甲局", 2024, "fiscal_appropriation_summary", "7"), item("甲局", 2025, "income_summary", "5")])
    assert m["years"] == [2025, 2024]
    assert [(r["name"], [c and c["amount"] for c in r["cells"]]) for r in m["rows"]] == [
        ("乙局", [Decimal("100"), None]), ("甲局", [Decimal("5"), Decimal("7")])]
    assert m["totals"] == [Decimal("105"), Decimal("7")]


# --- real renderings: the sample and a variant through the pipeline, their pages against the PDFs' lines ----

SUMMARY_KINDS = ("income_expenditure_summary", "fiscal_appropriation_summary")


@pytest.fixture(scope="module")
def rendered(sample_pdf, tmp_path_factory, extracted):
    """(PDF, extracted document, budget page HTML) for the sample and the shanghai_unit variant."""
    from budget_lod.config import Settings
    from budget_lod.pipeline import ingest
    from budget_lod.rdf.graphs import budget_iri
    from budget_lod.rdf.iri import Minter
    from budget_lod.sample.variants import write_variant
    from budget_lod.web.app import create_app
    from budget_lod.web.site import site

    base = "http://tables.example.test/"
    folder = tmp_path_factory.mktemp("summary-lines")
    variant = write_variant("shanghai_unit", folder / "shanghai_unit.pdf")
    stored = []
    ingest([sample_pdf, variant], Settings.load(store=str(folder / "store"), base_url=base), on_stored=stored.append)
    assert len(stored) == 2
    app = create_app({"STORE_DIR": str(folder / "store"), "BASE_URL": base})
    client = app.test_client()
    out = {}
    for p in stored:
        document = extracted(p.path)
        doc_url = budget_iri(document, Minter(base)).replace(base + "id/", "/doc/", 1)
        page = client.get(doc_url, headers={"Accept": "text/html"})
        assert page.status_code == 200
        out[p.path.stem] = (p.path, document, page.get_data(as_text=True))
    with app.app_context():
        site().close()
    return out


def page_lines(html: str, kind: str) -> list[tuple[str | None, str | None]]:
    """The lines of one summary table on the budget page: (income name, expenditure name)."""
    block = html.split(f'id="{kind}"', 1)[1].split("</table>", 1)[0]
    out = []
    for tr in re.findall(r'<tr class="line[^"]*">(.*?)</tr>', block, re.S):
        cells = {side: re.sub(r"<[^>]+>", "", text).strip() or None for side, text in
                 re.findall(r'<td class="name side-start (income|expenditure)">(.*?)</td>', tr, re.S)}
        out.append((cells.get("income"), cells.get("expenditure")))
    return out


def pdf_lines(pdf_path, pages) -> list[tuple[int, str]]:
    """The text lines printed on ``pages`` (words of one baseline joined, spaces dropped), top to bottom."""
    import pdfplumber

    out = []
    with pdfplumber.open(pdf_path) as pdf:
        for n in pages:
            words = sorted(pdf.pages[n - 1].extract_words(), key=lambda w: (round(w["top"]), w["x0"]))
            line: list[dict] = []
            for w in words + [None]:
                if line and (w is None or abs(w["top"] - line[0]["top"]) > 3):
                    out.append((n, "".join(x["text"] for x in sorted(line, key=lambda x: x["x0"]))))
                    line = []
                if w is not None:
                    line.append(w)
    return out


def printed_lines(pdf_path, table) -> list[tuple[str | None, str | None]]:
    """The table's lines as the PDF prints them: each row found on the first printed text line (after the
    previous row of its side) that holds its name; rows found on the same text line share a printed line."""
    lines = pdf_lines(pdf_path, table.pages)
    found: dict[int, list[str | None]] = {}
    after = {"income": -1, "expenditure": -1}
    for r in table.rows:
        side = side_of({"code": r.code})
        name = re.sub(r"\s+", "", r.name)
        at = next(i for i, (_, text) in enumerate(lines) if i > after[side] and name in text)
        after[side] = at
        found.setdefault(at, [None, None])[0 if side == "income" else 1] = r.name
    return [tuple(found[i]) for i in sorted(found)]


@pytest.mark.parametrize("name", ["hebei-sample", "shanghai_unit"])
def test_summary_tables_render_line_by_line_as_printed(rendered, name):
    pdf_path, document, html = rendered[name]
    checked = 0
    for kind in SUMMARY_KINDS:
        table = document.table(kind)
        if table is None or not table.rows:
            continue
        expected = printed_lines(pdf_path, table)
        assert page_lines(html, kind) == expected, kind
        assert any(a is None or b is None for a, b in expected)  # the sides are of different lengths
        checked += 1
    assert checked == 2
