"""Matching budget / final-accounts pairs (``budget_lod.sample.pairs``): which line items correspond, their
execution rates, and the differences planted between the two documents.

The truth of the pair is checked against the two documents' own truths read as JSON (never through the pair's
code): every line of the budget's 一般公共预算 table and “三公” table, and every line of the final accounts', is a
line of the pair with its figures and pages; the 年初预算数 the final accounts state equal the budget's figures
but on the misreported item and the lines above it, off by exactly the planted amount; the planted overspend
is declared with a rate above 100 %; the declared differences are exactly those. Then both PDFs are extracted
and linked line by line by code: the rates from the extracted figures are the truth's, and the mismatches found
between the stored budget and the 年初预算数 a table prints are exactly the declared ones.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

from budget_lod.extract import extract_document
from budget_lod.sample.pairs import PAIRS, TOLERANCE, pair_document
from budget_lod.sample.truthfile import truth_document

NAMES = sorted(PAIRS)
CENT = Decimal("0.01")
COMPARED = {"general_budget_expenditure": ("total", "basic", "project"),
            "three_public": ("total", "overseas", "vehicle_total", "vehicle_purchase", "vehicle_operation",
                             "reception")}


def _json(v) -> dict:
    return json.loads(json.dumps(truth_document(v)))


def _rate(final: Decimal | None, budget: Decimal | None) -> Decimal | None:
    return ((final or Decimal(0)) / budget * 100).quantize(CENT, ROUND_HALF_UP) if budget else None


@pytest.mark.parametrize("name", NAMES)
def test_a_pair_is_one_department_and_year(name):
    p = PAIRS[name]
    b, f = p.budget, p.final
    assert (b.department, b.department_code, b.region, b.fiscal_year, b.scope) == (
        f.department, f.department_code, f.region, f.fiscal_year, f.scope)
    assert (b.kind, f.kind) == ("budget", "final_accounts")


@pytest.mark.parametrize("name", NAMES)
def test_every_printed_line_of_either_document_is_a_line_of_the_pair(name):
    p = PAIRS[name]
    budget, final = _json(p.budget), _json(p.final)
    lines = {(ln.table, ln.scheme, ln.code, ln.measure): ln for ln in p.lines}
    for table, measures in COMPARED.items():
        for r in budget["tables"][table]["rows"]:
            for m in measures:
                if m in r["amounts"]:
                    ln = lines[(table, r["scheme"], r["code"], m)]
                    assert (ln.budget, ln.budget_page) == (Decimal(r["amounts"][m]), r["page"])
        for r in final["tables"][table]["rows"]:
            for m in measures:
                ln = lines.get((table, r["scheme"], r["code"], m))
                if m in r["amounts"]:
                    assert (ln.final, ln.final_page) == (Decimal(r["amounts"][m]), r["page"])
                initial = r.get("phases", {}).get("initial_budget", {}).get(m)
                if initial is not None:
                    assert (ln.initial, ln.initial_page) == (Decimal(initial), r["page"])
    for ln in p.lines:  # and the rate is the 决算数 over the stored budget's figure
        assert ln.rate == _rate(ln.final, ln.budget)


@pytest.mark.parametrize("name", NAMES)
def test_the_stated_initial_budget_is_the_budgets_but_where_misreported(name):
    p = PAIRS[name]
    (item,) = p.final.figures.special["misreport"]
    planted = p.final.figures.execution.misreport
    above = {"TOTAL", item[:3], item[:5], item}
    stated = [ln for ln in p.lines if ln.initial is not None]
    assert stated
    off = {(ln.table, ln.code, ln.measure) for ln in stated if abs(ln.initial - (ln.budget or 0)) > TOLERANCE}
    assert off and {code for _, code, _ in off} <= above
    for ln in stated:
        if (ln.table, ln.code, ln.measure) in off:
            assert ln.initial - ln.budget == planted
    declared = {(d.table, d.code, d.measure) for d in p.differences if d.kind == "initial_vs_budget"}
    assert declared == off
    assert {d.cause for d in p.differences if d.kind == "initial_vs_budget"} == {item}


@pytest.mark.parametrize("name", NAMES)
def test_the_planted_overspend_is_declared_with_its_rate(name):
    p = PAIRS[name]
    (item,) = p.final.figures.special["overspend"]
    line = p.line("general_budget_expenditure", item)
    assert line.final > line.budget and line.rate > 100
    overspent = {(ln.table, ln.code, ln.measure) for ln in p.lines
                 if ln.budget is not None and ln.final is not None and ln.final > ln.budget + TOLERANCE}
    assert {(d.table, d.code, d.measure) for d in p.differences if d.kind == "overspend"} == overspent
    assert any(d.code == item and d.cause == item for d in p.differences if d.kind == "overspend")


def test_a_rate_that_does_not_recompute_is_a_fault_of_the_final_accounts():
    faults = [f for p in PAIRS.values() for f in p.final.faults]
    assert [f.kind for f in faults] == ["execution_rate"]


@pytest.mark.parametrize("name", NAMES)
def test_the_truth_files_name_each_other(name):
    p = PAIRS[name]
    of_budget, of_final = pair_document(p, "b", "f")
    assert of_budget == {"role": "budget", "final": "f"}
    assert of_final["budget"] == "b" and len(of_final["lines"]) == len(p.lines)
    assert {d["kind"] for d in of_final["differences"]} == {"initial_vs_budget", "overspend"}


# --- read back: both PDFs extracted and linked line by line --------------------------------------------------


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    out = tmp_path_factory.mktemp("pairs")
    docs = {}
    for name, p in PAIRS.items():
        files = p.write(out)
        docs[name] = (extract_document(files["budget"]["main"]), extract_document(files["final"]["main"]))
    return docs


def _figures(doc, phase: str | None = None) -> dict:
    out = {}
    for table, measures in COMPARED.items():
        t = doc.table(table)
        for r in t.rows if t else ():
            amounts = r.amounts if phase is None else r.phases.get(phase, {})
            for m in measures:
                if m in amounts:
                    out[(table, r.scheme, r.code, m)] = amounts[m].yuan
    return out


def _compared(name: str, key: tuple) -> bool:
    """Lines the reader masters (a filled “三公” table of 预算数 | 决算数: test_variants_final.KNOWN_GAPS)."""
    return key[0] != "three_public" or PAIRS[name].final.tables["three_public"].empty


@pytest.mark.parametrize("name", NAMES)
def test_read_back_the_rates_are_the_truths(name, read):
    budget_doc, final_doc = read[name]
    budget, final = _figures(budget_doc), _figures(final_doc)
    for ln in PAIRS[name].lines:
        if _compared(name, ln.key) and ln.budget:
            assert _rate(final.get(ln.key), budget.get(ln.key)) == ln.rate, ln


@pytest.mark.parametrize("name", NAMES)
def test_read_back_the_initial_budget_mismatches_are_the_declared_ones(name, read):
    budget_doc, final_doc = read[name]
    budget, initial = _figures(budget_doc), _figures(final_doc, "initial_budget")
    found = {k for k, v in initial.items() if _compared(name, k) and abs(v - budget.get(k, 0)) > TOLERANCE}
    declared = {(d.table, d.scheme, d.code, d.measure) for d in PAIRS[name].differences
                if d.kind == "initial_vs_budget" and _compared(name, (d.table,))
                and PAIRS[name].line(d.table, d.code, d.measure).initial_page in final_doc.table(d.table).pages}
    assert found == declared
    if any(r.phases for r in final_doc.table("general_budget_expenditure").rows):
        assert found  # a table printing the 年初预算数 shows the planted misreport


def test_a_stated_initial_budget_is_read_from_the_narrative_with_its_items_code(read):
    """Where the table prints 决算数 only, the misreported 年初预算 is stated in the 情况说明 alone
    (``N、…（项）。…年初预算为 A 万元，支出决算为 B 万元``): an execution claim carries it with its item's code."""
    name = "pair_county"
    _, final_doc = read[name]
    (item,) = PAIRS[name].final.figures.special["misreport"]
    stated = PAIRS[name].line("general_budget_expenditure", item).initial
    assert stated is not None
    assert any(c.code == item and c.kind == "execution" and stated in {a.yuan for a in (c.amount, c.base) if a}
               for c in final_doc.claims)
