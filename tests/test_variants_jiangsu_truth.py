"""The provincial (Jiangsu-family) variants' truth is sound and printed where it says, before any extractor reads it.

Independent of the generator's code path: the truth is checked as the JSON it writes (``truth_check``: the
contract's identities, the claims against the tables), in the contract's terms (kinds, schemes, item codes,
measures from ``tests/extract_fixtures/jiangsu/CONTRACT.md``, typed here again), and every amount and stated
figure is read back from the PDF's own text with pdfplumber on the page and in the file the truth names.
Planted faults (a misstated figure, a misprinted parent row) are found by the checker exactly where planted.
"""

from __future__ import annotations

import dataclasses
import json
import re
from decimal import Decimal
from functools import partial

import pdfplumber
import pytest
from extract_fixtures.jiangsu.check import check as check_typed_truth
from truth_check import check

from budget_lod.sample.families.jiangsu import Plan, layout
from budget_lod.sample.truth import MAIN, NARRATIVE
from budget_lod.sample.truthfile import truth_document
from budget_lod.sample.variants import PROVINCIAL, VARIANTS

NAMES = list(PROVINCIAL)
WAN = Decimal(10000)
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d,])")

# the contract (CONTRACT.md), typed again from the note, not taken from the generator
SUMMARY_ITEMS = {"income_fiscal_appropriation", "income_general_budget", "income_government_fund",
                 "income_special_account", "income_other_funds", "income_total", "carryover", "income_grand_total",
                 "expenditure_basic", "expenditure_project", "expenditure_reserve", "expenditure_total",
                 "expenditure_carryover", "expenditure_grand_total"}
INCOME_ITEMS = {"income_grand_total", "income_general_budget", "income_general_budget_appropriation",
                "income_general_budget_earmarked", "income_government_fund", "income_special_account",
                "income_special_account_education", "income_special_account_other", "income_other_funds",
                "income_business", "income_operating", "income_other", "income_debt", "carryover", "carryover_used"}
CONTRACT = {  # kind → (schemes, measures, item codes allowed)
    "income_expenditure_summary": ({"item", "functional"}, {"amount"}, SUMMARY_ITEMS),
    "income_summary": ({"item"}, {"total"}, INCOME_ITEMS),
    "expenditure_summary": ({"functional"}, {"total", "basic", "project", "reserve", "next_year_carryover"}, set()),
    "fiscal_appropriation_summary": ({"item", "functional"}, {"amount"}, SUMMARY_ITEMS),
    "fiscal_appropriation_expenditure": ({"functional"}, {"total"}, set()),
    "fiscal_appropriation_basic_expenditure": ({"economic"}, {"total"}, set()),
    "general_budget_expenditure": ({"functional"}, {"total"}, set()),
    "general_budget_basic_expenditure": ({"economic"}, {"total"}, set()),
    "government_fund_expenditure": ({"functional"}, {"total"}, set()),
    "admin_operating_expenditure": ({"economic"}, {"total"}, set()),
    "three_public": ({"item"}, {"grand_total", "total", "overseas", "vehicle_total", "vehicle_purchase",
                                "vehicle_operation", "reception", "meeting", "training"}, {"TOTAL"}),
    "procurement": ({"item"}, {"total"}, None),  # None: TOTAL, the categories, opaque codes with a level
}


def _doc(variant) -> dict:
    return json.loads(json.dumps(truth_document(variant)))


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("jiangsu")
    return {n: VARIANTS[n].write(out / f"{n}.pdf") for n in NAMES}


@pytest.fixture(scope="module")
def page_text(written):
    """``text(name, role, page)``: the page's text as pdfplumber reads it (cached)."""
    cache: dict = {}

    def text(name: str, role: str, page: int) -> str:
        if (name, role) not in cache:
            with pdfplumber.open(written[name][role]) as pdf:
                cache[name, role] = [p.extract_text() or "" for p in pdf.pages]
        return cache[name, role][page - 1]

    return text


def _numbers(text: str) -> set[Decimal]:
    return {Decimal(a.replace(",", "") + (f".{b}" if b else "")) for a, b in _NUMBER.findall(text)}


def test_the_family_is_registered():
    assert len(NAMES) >= 4 and all(VARIANTS[n].family == "jiangsu" for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_truth_holds_the_templates_identities(name):
    doc = _doc(VARIANTS[name])
    assert check(doc) == []
    assert len(doc["amounts"]) > 100 and len(doc["claims"]) > 40


@pytest.mark.parametrize("name", NAMES)
def test_truth_passes_the_checker_of_the_typed_truth_files(name):
    """The generator's truth, put in the shape of the hand-typed truth files (opaque procurement codes blank),
    passes their own checker (``extract_fixtures/jiangsu/check.py``): shape and every identity it knows."""
    doc = _doc(VARIANTS[name])
    meta = {k: v for k, v in doc["metadata"].items() if v is not None}
    tables = {kind: {**t, "rows": [{**r, "code": "" if r.get("level") else r["code"]} for r in t["rows"]]}
              for kind, t in doc["tables"].items()}
    report = check_typed_truth({"metadata": {**meta, "source": doc["files"]["main"]["name"]}, "tables": tables})
    assert report.failures == []
    assert len(report.checked) > 0.9 * len(report.amounts)


@pytest.mark.parametrize("name", NAMES)
def test_truth_is_in_the_contracts_terms(name):
    doc = _doc(VARIANTS[name])
    assert set(doc["tables"]) == set(CONTRACT)
    for kind, t in doc["tables"].items():
        schemes, measures, items = CONTRACT[kind]
        assert t["unit"] == "万元" and t["empty"] == (not t["rows"]), kind
        for r in t["rows"]:
            assert r["scheme"] in schemes and set(r["amounts"]) <= measures, (kind, r)
            if r["scheme"] == "item" and items is not None:
                assert r["code"] in items, (kind, r)
            elif r["scheme"] == "item":
                assert r["code"] in ("TOTAL", "goods", "works", "services") or r["level"] in ("project", "item")
            else:
                assert r["code"] == "TOTAL" or (r["code"].isdigit() and len(r["code"]) in (3, 5, 7)), (kind, r)
            assert r["page"] in t["pages"]
    assert doc["tables"]["government_fund_expenditure"]["note"].startswith("注")


@pytest.mark.parametrize("name", NAMES)
def test_every_amount_is_printed_on_its_page_in_its_file(name, page_text):
    doc = _doc(VARIANTS[name])
    for a in doc["amounts"]:
        wan = Decimal(a["yuan"]) / WAN
        assert wan in _numbers(page_text(name, a["file"], a["page"])), a


@pytest.mark.parametrize("name", NAMES)
def test_every_stated_figure_is_printed_on_its_page(name, page_text):
    doc = _doc(VARIANTS[name])
    for c in doc["claims"]:
        if c["kind"] == "change" and c["direction"] == "flat":
            assert "持平" in page_text(name, c["file"], c["page"]) or "一致" in page_text(name, c["file"], c["page"])
            continue
        text = page_text(name, c["file"], c["page"])
        assert Decimal(c["yuan"]) / WAN in _numbers(text) | {Decimal(0)}, c
        if c["percent"] is not None:
            assert Decimal(c["percent"]) in _numbers(text), c


def test_a_two_file_disclosure_keeps_tables_and_text_apart(page_text):
    (name,) = [n for n in NAMES if len(VARIANTS[n].roles) == 2]
    v, doc = VARIANTS[name], _doc(VARIANTS[name])
    assert v.roles == (MAIN, NARRATIVE)
    assert {t["file"] for t in doc["tables"].values()} == {MAIN}
    assert {c["file"] for c in doc["claims"]} == {NARRATIVE}
    assert doc["files"][MAIN]["name"].endswith(".tables.pdf")
    assert doc["files"][NARRATIVE]["name"].endswith(".narrative.pdf")
    for role in (MAIN, NARRATIVE):  # both name the same department; the text names the year
        assert v.department in page_text(name, role, 1)
    assert str(v.fiscal_year) in page_text(name, NARRATIVE, 1)
    kinds = {c["kind"] for c in doc["claims"]}
    assert {"income_total", "functional_item", "change", "overseas", "meeting", "training"} <= kinds


def test_the_family_numbers_its_tables_three_ways(page_text):
    numbers = {}
    for name in NAMES:
        for kind, t in _doc(VARIANTS[name])["tables"].items():
            numbers.setdefault(name, []).append(t["number"])
            if t["number"]:
                assert t["number"].replace(" ", "") in page_text(name, t["file"], t["pages"][0]).replace(" ", "")
    styles = {name: {re.sub(r"[0-9一二三四五六七八九十]", "", n or "") for n in ns} for name, ns in numbers.items()}
    assert {"公开表", "表", "、", ""} <= set().union(*styles.values())


@pytest.mark.parametrize("name", NAMES)
def test_procurement_spans_two_pages(name):
    doc = _doc(VARIANTS[name])
    t = doc["tables"]["procurement"]
    assert len(t["pages"]) >= 2
    assert {r.get("level") for r in t["rows"]} >= {"project", "item"}


@pytest.mark.parametrize("name", NAMES)
def test_rendering_is_deterministic(name, written, tmp_path):
    fresh = dataclasses.replace(VARIANTS[name])  # lay out and paint from scratch
    again = fresh.write(tmp_path / f"{name}.pdf")
    for role, path in written[name].items():
        assert again[role].read_bytes() == path.read_bytes()
    assert truth_document(fresh) == truth_document(VARIANTS[name])


def test_the_checker_fails_on_a_wrong_amount():
    doc = _doc(VARIANTS[NAMES[0]])
    row = doc["tables"]["fiscal_appropriation_expenditure"]["rows"][3]
    row["amounts"]["total"] = str(Decimal(row["amounts"]["total"]) + 100)
    assert any(row["code"] in f.codes for f in check(doc))


def test_planted_faults_are_found_where_planted():
    """A copy of a variant with a misstated figure and a misprinted 款 row: the checker's failures all involve
    them, each is found, and the truth records both with the pages they are printed on."""
    base = VARIANTS[NAMES[0]]
    section = next(ln.code for ln in base.figures.functional if ln.code.isdigit() and len(ln.code) == 5)
    plan = Plan(base.layout.keywords["plan"].look, misstate={"basic_total": Decimal(12300)},
                misprint={("general_budget_expenditure", section, "total"): Decimal(-4500)})
    v = dataclasses.replace(base, name="faulty", layout=partial(layout, plan=plan))
    doc = _doc(v)
    kinds = {(f["kind"], f["table"], f["code"]) for f in doc["faults"]}
    assert kinds == {("claim_vs_table", "income_expenditure_summary", "expenditure_basic"),
                     ("parent_vs_children", "general_budget_expenditure", section)}
    failures = check(doc)
    assert failures
    for f in failures:
        assert section in f.codes or "basic_total" in f.codes, f
    assert any(section in f.codes for f in failures) and any("basic_total" in f.codes for f in failures)
    for f in doc["faults"]:
        assert f["page"] in doc["tables"][f["table"]]["pages"]
        assert Decimal(f["printed"]) != Decimal(f["expected"])
