"""Narratives of the Jiangsu corpus documents (one-file and two-file disclosures) read against the hand-typed truth
of their tables (``tests/extract_fixtures/jiangsu/*.toml``, typed from the PDFs, never from the extractor).

The claims come from ``extract_narrative`` on the narrative pages (the narrative PDF of a two-file disclosure is
read directly, before the two files are paired); the tables they are checked against are the truth's. So these
tests measure the narrative side alone: every classified line a figure is bound to is the line the tables print
with that figure, a line the text does not name unambiguously makes no claim, and validating the narrative with
the true tables gives exactly the inconsistencies the documents really print (checked by hand):

* 2017 江苏省人民检察院, p19: “此外，基本支出预算数为12323.46万元” where the tables and the same page's “基本支出12323.48万元”
  print 12,323.48 (claim-vs-table, Violation); p22: 机关运行经费 “比2016年增加3401.59万元，增长129.97%” —
  3,401.59 over 2,630.96 is 129.29 % (change-percent, Warning).
* 2018 江苏省人大常委会办公厅, p21: 单位预留机动经费 1,685.72 “与上年相比增加1557.29万元，增长1312.56%” — over 128.43 that
  is 1,212.56 % (change-percent, Warning).
* 2017 中共江苏省委办公厅 (narrative file p8): 行政运行 6,106.99 “增加101.48万元，增长1.66%” — over 6,005.51 that is
  1.69 % (1.66 % is the increase over this year's figure) (change-percent, Warning).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from budget_lod.extract.narrative import extract_narrative, resolve_claim_codes
from budget_lod.model.amounts import parse_amount, precision_of, to_yuan
from budget_lod.model.document import Amount, Document, Row, Table
from budget_lod.rdf.build import build_graph
from budget_lod.rdf.iri import Minter
from budget_lod.validate import validate_graph

TRUTH = Path(__file__).parent / "extract_fixtures" / "jiangsu"
MINTER = Minter()

# narrative file → (truth file, the document findings (rule, severity) it really has)
DOCS = {
    "2017-dept-npc-standing-committee-office.pdf": ("2017-dept-npc-standing-committee-office.toml", {}),
    "2018-dept-npc-standing-committee-office.pdf": ("2018-dept-npc-standing-committee-office.toml",
                                                    {("change-percent", "Warning"): 1}),
    "2017-dept-procuratorate.pdf": ("2017-dept-procuratorate.toml",
                                    {("claim-vs-table", "Violation"): 1, ("change-percent", "Warning"): 1}),
    "2017-dept-cppcc-office.narrative.pdf": ("2017-dept-cppcc-office.tables.toml", {}),
    "2017-dept-party-committee-office.narrative.pdf": ("2017-dept-party-committee-office.tables.toml",
                                                       {("change-percent", "Warning"): 1}),
}


def _amount(text: str, unit: str, page: int) -> Amount:
    value = parse_amount(text)
    return Amount(to_yuan(value, unit), text, unit, precision_of(value), page)


def truth_tables(name: str) -> tuple[tuple[Table, ...], dict]:
    data = tomllib.loads((TRUTH / name).read_text(encoding="utf-8"))
    unit = data["metadata"]["unit"]
    out = []
    for kind, t in data["tables"].items():
        rows = []
        for n, r in enumerate(t["rows"]):
            code = r["code"] or f"line{n}"  # procurement lines are named, not coded
            rows.append(Row(r["scheme"], code, r["name"], {m: _amount(v, unit, r["page"]) for m, v in r["amounts"].items()},
                            r["page"]))
        measures = tuple(dict.fromkeys(m for r in rows for m in r.amounts))
        out.append(Table(kind, t["title"], unit, tuple(t["pages"]), measures, {}, tuple(rows), empty=t["empty"],
                         note=t.get("note")))
    return tuple(out), data["metadata"]


@pytest.fixture(scope="session")
def jiangsu(corpus, pages_of):
    """narrative file → (claims resolved against the true tables, the true tables, metadata)."""
    out = {}
    for narrative, (truth, _) in DOCS.items():
        tables, meta = truth_tables(truth)
        claims, notes, _ = extract_narrative(pages_of(corpus / "jiangsu-province" / narrative), meta["unit"])
        out[narrative] = resolve_claim_codes(claims, tables), tables, meta, notes
    return out


def _cells(tables, kind: str | None) -> dict[str, set[Decimal]]:
    """code → the amounts (元) the table(s) print for it (total or amount)."""
    cells: dict[str, set[Decimal]] = {}
    for t in tables:
        if kind is None or t.kind == kind:
            for r in t.rows:
                for m in ("total", "amount"):
                    if m in r.amounts:
                        cells.setdefault(r.code, set()).add(r.amounts[m].yuan)
    return cells


@pytest.mark.parametrize("narrative", sorted(DOCS))
def test_classified_lines_are_the_lines_the_tables_print(jiangsu, narrative):
    claims, tables, _, _ = jiangsu[narrative]
    items = [c for c in claims if c.kind in ("functional_item", "economic_item")]
    assert items
    kinds = {t.kind for t in tables}
    for c in items:
        assert c.code is not None  # unresolved figures are left out
        where = c.table if c.table in kinds else None
        assert c.amount.yuan in _cells(tables, where).get(c.code, set()), (c.code, c.table, c.sentence)


@pytest.mark.parametrize("narrative", sorted(DOCS))
def test_changes_of_lines_are_bound_to_their_line(jiangsu, narrative):
    claims, _, _, _ = jiangsu[narrative]
    for c in claims:
        if c.kind == "change" and c.subject in ("functional_item", "economic_item"):
            # the item's own figure is what it changed from; its code is the item's
            owner = [x for x in claims if x.kind == c.subject and x.code == c.code and x.amount == c.current]
            assert owner, c.sentence


def test_the_functional_lines_of_each_section(jiangsu):
    claims, _, _, _ = jiangsu["2017-dept-cppcc-office.narrative.pdf"]
    got = {(c.table, c.code, c.amount.printed) for c in claims if c.kind == "functional_item"}
    # 一、收支预算总表: 类 as “1.一般公共服务（类）支出6,543.55万元” (all funds, with 80.00 of 其他资金)
    assert ("income_expenditure_summary", "201", "6,543.55") in got
    # 五、财政拨款支出预算表: “1.政协事务（款）行政运行（项）支出3,233.03万元” under “（一）一般公共服务支出（类）”
    assert ("fiscal_appropriation_expenditure", "2010201", "3,233.03") in got
    # a path naming all three levels at once: “（二）社会保障和就业支出（类）行政事业单位离退休（款）未归口管理的…（项）”
    assert ("fiscal_appropriation_expenditure", "2080504", "1,509.72") in got
    # 八、一般公共预算支出预算表: the same lines again, about that table
    assert ("general_budget_expenditure", "2210202", "751.77") in got
    economic = {(c.table, c.code, c.amount.printed) for c in claims if c.kind == "economic_item"}
    # 六、财政拨款基本支出预算表: “（1）基本工资（款）支出737.94万元” under “1、工资福利支出（类）”
    assert ("fiscal_appropriation_basic_expenditure", "30101", "737.94") in economic
    # 十、机关运行经费: “（8）会议费（款）支出1,094.62万元” (more than the basic table's 66.72: 口径 includes projects)
    assert ("admin_operating_expenditure", "30215", "1,094.62") in economic


def test_a_line_named_unlike_the_tables_makes_no_claim(jiangsu):
    # “1.人大事务行政运行（项）支出10528.33万元” names no line of the tables (人大事务 is the 款, 行政运行 the 项)
    claims, _, _, _ = jiangsu["2017-dept-npc-standing-committee-office.pdf"]
    assert not [c for c in claims if c.kind == "functional_item" and c.code and len(c.code) == 7]
    assert [c.code for c in claims if c.kind == "functional_item" and c.amount.printed == "10528.33"] == ["201"]
    # “1．行政事业单位离退休（类）未归口管理的行政单位离退休支出（项）256.76万元”: a 款 marked as a 类 — no such 类
    claims, _, _, _ = jiangsu["2018-dept-npc-standing-committee-office.pdf"]
    assert not [c for c in claims if c.amount is not None and c.amount.printed == "256.76"]


def test_totals_are_the_documents_and_items_never_are(jiangsu):
    for narrative, (claims, tables, meta, _) in jiangsu.items():
        total = next(r.amounts["total"].yuan for t in tables if t.kind == "expenditure_summary" for r in t.rows
                     if r.code == "TOTAL")
        stated = {c.amount.yuan for c in claims if c.kind == "expenditure_total"}
        assert stated == {total}, narrative


def test_an_earlier_years_figure_is_no_claim_about_this_year(jiangsu):
    # “2017年度部门支出预算安排与2016年度相比（2016年度部门支出预算安排为8,648.07万元）”
    claims, _, _, _ = jiangsu["2017-dept-cppcc-office.narrative.pdf"]
    (prior,) = [c for c in claims if c.amount is not None and c.amount.printed == "8,648.07"]
    assert (prior.kind, prior.subject, prior.base_year) == ("prior_year", "expenditure_total", 2016)


@pytest.mark.parametrize("narrative", sorted(DOCS))
def test_validated_with_the_true_tables_only_the_real_inconsistencies_show(jiangsu, narrative):
    claims, tables, meta, notes = jiangsu[narrative]
    doc = Document(narrative, "0" * 64, 40, meta["department"], None, None, meta["fiscal_year"], "department",
                   tables, claims=claims, notes=notes)
    outcome = validate_graph(build_graph(doc, MINTER), MINTER)
    found = Counter((f.rule, f.severity) for f in outcome.results if f.category == "document")
    assert found == Counter(DOCS[narrative][1]), [(f.rule, f.message_en[:220]) for f in outcome.results]
