"""The final-accounts (部门决算) variants' truth is sound and printed where it says, before any extractor reads it.

Independent of the generator's code path: the truth is checked as the JSON it writes (``truth_check``: the 决算
template's identities, the other phases within their rounding, the claims and execution rates against the
tables), in the contract's terms (kinds, schemes, item codes, measures and phases typed again here from
``tests/extract_fixtures/final/CONTRACT.md``), and every amount of every phase and every stated figure is read
back from the PDF's own text with pdfplumber on the page the truth names. Planted faults (a 完成率 that does not
recompute) are found by the checker exactly where planted, and a truth tampered with is caught. The variants:
the final family's and the final accounts of each budget / 决算 pair.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pdfplumber
import pytest
from truth_check import check

from budget_lod.sample.pairs import PAIRS
from budget_lod.sample.truthfile import truth_document
from budget_lod.sample.variants import FINAL_VARIANTS

ALL = {**FINAL_VARIANTS, **{p.final.name: p.final for p in PAIRS.values()}}
NAMES = sorted(ALL)
WAN = Decimal(10000)
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d,])")

# the contract (CONTRACT.md), typed again from the note, not taken from the generator
SUMMARY_ITEMS = {"income_general_budget", "income_government_fund", "income_state_capital", "income_higher_subsidy",
                 "income_business", "income_operating", "income_subordinate_remittance", "income_other",
                 "income_total", "income_non_fiscal_balance", "carryover", "carryover_income_general_budget",
                 "carryover_income_government_fund", "carryover_income_state_capital", "income_grand_total",
                 "expenditure_total", "expenditure_balance_distribution", "expenditure_carryover",
                 "expenditure_carryover_general_budget", "expenditure_carryover_government_fund",
                 "expenditure_carryover_state_capital", "expenditure_grand_total"}
THREE_PUBLIC = {"total", "overseas", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception"}
CONTRACT = {  # kind → (schemes, measures, item codes allowed, other phases allowed)
    "income_expenditure_summary": ({"item", "functional"}, {"amount"}, SUMMARY_ITEMS, set()),
    "income_summary": ({"functional"}, {"total", "fiscal_appropriation", "superior_subsidy", "business",
                                        "operating", "affiliated", "other"}, set(), set()),
    "expenditure_summary": ({"functional"}, {"total", "basic", "project", "to_superior", "operating",
                                             "to_affiliated"}, set(), set()),
    "fiscal_appropriation_summary": ({"item", "functional"}, {"amount", "total", "general_budget",
                                                              "government_fund", "state_capital"}, SUMMARY_ITEMS,
                                     set()),
    "general_budget_expenditure": ({"functional"}, {"total", "basic", "project"}, set(),
                                   {"initial_budget", "adjusted_budget"}),
    "general_budget_basic_expenditure": ({"economic", "item"}, {"total"}, {"personnel", "public"}, set()),
    "three_public": ({"item"}, THREE_PUBLIC, {"TOTAL"}, {"initial_budget"}),
    "government_fund_expenditure": (set(), set(), set(), set()),
    "state_capital_expenditure": (set(), set(), set(), set()),
}


def _doc(variant) -> dict:
    return json.loads(json.dumps(truth_document(variant)))


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("final")
    return {n: ALL[n].write(out / f"{n}.pdf")["main"] for n in NAMES}


@pytest.fixture(scope="module")
def pages(written):
    """``pages(name)``: each page's text as pdfplumber reads it (cached)."""
    cache: dict = {}

    def get(name: str) -> list[str]:
        if name not in cache:
            with pdfplumber.open(written[name]) as pdf:
                cache[name] = [p.extract_text() or "" for p in pdf.pages]
        return cache[name]

    return get


def _numbers(text: str) -> set[Decimal]:
    return {Decimal(f"{whole.replace(',', '')}.{frac}" if frac else whole.replace(",", ""))
            for whole, frac in _NUMBER.findall(text)}


@pytest.mark.parametrize("name", NAMES)
def test_truth_is_in_the_contracts_terms(name):
    doc = _doc(ALL[name])
    assert doc["metadata"]["kind"] == "final_accounts" and doc["metadata"]["unit"] == "万元"
    assert set(doc["tables"]) == set(CONTRACT) and doc["missing_tables"] == []
    for kind, t in doc["tables"].items():
        schemes, measures, items, phases = CONTRACT[kind]
        assert t["unit"] == "万元", kind
        assert t["empty"] == (not t["rows"]), kind
        for r in t["rows"]:
            assert r["scheme"] in schemes, (kind, r)
            assert set(r["amounts"]) <= measures, (kind, r)
            assert set(r.get("phases", {})) <= phases, (kind, r)
            assert all(set(a) <= measures for a in r.get("phases", {}).values()), (kind, r)
            if r["scheme"] == "item":
                assert r["code"] in items, (kind, r["code"])
            else:
                assert r["code"] == "TOTAL" or (r["code"].isdigit() and len(r["code"]) in (3, 5, 7)), (kind, r)
    phases = {a["phase"] for a in doc["amounts"]}
    assert "final" in phases and phases <= {"final", "initial_budget", "adjusted_budget"}
    for a in doc["amounts"]:  # printed in 万元 to 0.01: whole hundreds of 元
        assert Decimal(a["yuan"]) % 100 == 0, a


@pytest.mark.parametrize("name", NAMES)
def test_truth_adds_up_but_where_faults_are_planted(name):
    doc = _doc(ALL[name])
    failures = check(doc)
    planted = {f["code"] for f in doc["faults"]} | {f["claim"] for f in doc["faults"] if f["claim"]}
    assert [f for f in failures if not planted & set(f.codes)] == []
    for f in doc["faults"]:
        assert any({f["code"], f["claim"]} - {None} <= set(x.codes) for x in failures), f
        assert Decimal(f["printed"]) != Decimal(f["expected"])


def test_the_variants_plant_a_rate_that_does_not_recompute():
    planted = [(v, f) for v in ALL.values() for f in v.faults]
    assert planted and {f.kind for _, f in planted} == {"execution_rate"}
    for v, f in planted:
        claim = next(c for c in v.claims if c.kind == "execution" and c.code == f.code)
        recomputed = (claim.amount / claim.base * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert claim.percent == f.printed != f.expected == recomputed


def _tampered(doc: dict, kind: str, code: str, measure: str, phase: str | None, delta: Decimal) -> dict:
    out = copy.deepcopy(doc)
    row = next(r for r in out["tables"][kind]["rows"] if r["code"] == code)
    amounts = row["amounts"] if phase is None else row["phases"][phase]
    amounts[measure] = str(Decimal(amounts[measure]) + delta)
    return out


def test_a_tampered_truth_is_caught():
    """The checker can fail: one 决算数, one 年初预算数 (beyond its rounding), one stated rate, one “三公” figure."""
    v = FINAL_VARIANTS["final_phases"]
    doc = _doc(v)
    item = next(r.code for r in v.tables["general_budget_expenditure"].rows
                if len(r.code) == 7 and r.amounts.get("total") and r.phases.get("initial_budget", {}).get("total"))
    before = {(f.what, f.codes) for f in check(doc)}
    for kind, code, measure, phase, delta in (
            ("general_budget_expenditure", item, "total", None, Decimal(100)),
            ("general_budget_expenditure", item, "total", "initial_budget", Decimal(10000)),
            ("income_summary", item, "total", None, Decimal(-100)),
            ("three_public", "TOTAL", "overseas", "initial_budget", Decimal(100))):
        after = check(_tampered(doc, kind, code, measure, phase, delta))
        assert {(f.what, f.codes) for f in after} - before, (kind, code, measure, phase)
    claims = copy.deepcopy(doc)
    stated = next(c for c in claims["claims"] if c["kind"] == "execution" and c["percent"] and c["code"]
                  and c["code"] != v.faults[0].code)
    stated["percent"] = str(Decimal(stated["percent"]) + Decimal("0.01"))
    assert any(stated["code"] in f.codes for f in check(claims))


def test_a_rounded_initial_budget_passes_within_its_rounding_only():
    doc = _doc(FINAL_VARIANTS["final_phases"])
    item = next(r["code"] for r in doc["tables"]["general_budget_expenditure"]["rows"]
                if len(r["code"]) == 7 and r.get("phases", {}).get("initial_budget", {}).get("basic"))
    within = _tampered(doc, "general_budget_expenditure", item, "basic", "initial_budget", Decimal(100))
    assert not [f for f in check(within) if f.what.startswith("initial_budget")]  # 0.01 万元: a rounding
    beyond = _tampered(doc, "general_budget_expenditure", item, "basic", "initial_budget", Decimal(300))
    assert [f for f in check(beyond) if f.what.startswith("initial_budget") and item in f.codes]


@pytest.mark.parametrize("name", NAMES)
def test_every_amount_and_stated_figure_is_printed_on_its_page(name, pages):
    v = ALL[name]
    text = pages(name)
    assert len(text) == v.page_count
    numbers = [_numbers(t) for t in text]
    for (kind, scheme, code, measure, phase), (yuan, page) in v.expected_phase_amounts().items():
        assert yuan / WAN in numbers[page - 1], (kind, code, measure, phase, yuan, page)
        assert page in v.tables[kind].pages
    for c in v.claims:
        if c.kind == "change" and c.direction == "flat":
            continue
        near = numbers[c.page - 1] | (numbers[c.page] if c.page < len(numbers) else set())
        assert c.amount / WAN in numbers[c.page - 1] | {Decimal(0)}, c
        if c.percent is not None:
            assert c.percent in near, c
        if c.base is not None:  # stated before the 决算数: on its page or the one before
            assert c.base / WAN in numbers[c.page - 1] | numbers[c.page - 2] | {Decimal(0)}, c


@pytest.mark.parametrize("name", NAMES)
def test_empty_tables_are_declared_by_their_note_on_their_page(name, pages):
    v = ALL[name]
    squeeze = [t.replace(" ", "").replace("\n", "") for t in pages(name)]
    empty = [t for t in v.tables.values() if t.empty]
    assert {t.kind for t in empty} >= {"government_fund_expenditure", "state_capital_expenditure"}
    for t in empty:
        assert t.note and t.note.startswith("说明：") and "故本表无数据" in t.note
        assert t.note.replace(" ", "") in squeeze[t.pages[-1] - 1], t.kind


@pytest.mark.parametrize("name", NAMES)
def test_every_item_is_stated_against_its_budget(name):
    """One execution statement per 项 of the 一般公共预算财政拨款支出决算表 printing any figure, in code order,
    its 决算数 the table's; the total's statement against the 年初预算."""
    v = ALL[name]
    fig = v.figures
    items = [c for c in v.claims if c.kind == "execution" and c.code]
    assert [c.code for c in items] == [ln.code for ln in fig.items]
    for c in items:
        assert c.amount == fig.line(c.code).amounts.get("gb_total", Decimal(0))
        assert c.phase in ("initial_budget", "adjusted_budget") and c.base is not None
        assert c.direction == ("increase" if c.amount > c.base else "decrease" if c.amount < c.base else "flat")
    total = [c for c in v.claims if c.kind == "execution" and c.subject == "expenditure_general_budget"]
    assert [c.phase for c in total][:1] == ["initial_budget"] and total[0].amount == fig.total("gb_total")


@pytest.mark.parametrize("name", NAMES)
def test_rendering_is_deterministic(name, written, tmp_path):
    fresh = dataclasses.replace(ALL[name])  # no cached layout: lay out and paint from scratch
    path = fresh.write(tmp_path / "again.pdf")["main"]
    assert path.read_bytes() == written[name].read_bytes()
    assert fresh.expected_phase_amounts() == ALL[name].expected_phase_amounts()
