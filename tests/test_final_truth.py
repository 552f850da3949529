"""The hand-typed 决算 truth files (``extract_fixtures/final/*.toml``) are sound before anything is measured against
them: each obeys the 决算 template's arithmetic (``check.py``, rounding differences declared and bounded), has the
contract's shape, and holds every number printed on its table pages — so a typo, a forgotten row, a blank typed
as 0.00 or a figure put on the wrong page fails here.

Nothing here runs the extractor; the PDFs are read with pdfplumber alone.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from extract_fixtures.final.check import (CARRYOVER_PARTS, EXPENDITURE_CARRYOVER_PARTS, KINDS, PHASE_KEYS,
                                          SUMMARY_ITEMS, amount, check)

HERE = Path(__file__).parent / "extract_fixtures" / "final"
TRUTHS = sorted(HERE.glob("*.toml"))
CONTRACT = (HERE / "CONTRACT.md").read_text("utf-8")
EMPTY_BY_NOTE = re.compile(r"说明：.*(没有|无).*故本表无数据")

# An amount as printed: with or without thousands separators, always with decimals (integers on a table page are
# codes, years and page numbers). A number followed by a unit or a percent sign is narrative, not a cell.
DECIMAL = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+(?![\d.])(?!\s*(?:万|元|亿|%|％))")
NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d.])")


def _load(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8"))


def _section(title: str) -> str:
    return CONTRACT.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def _pdf(corpus: Path, truth: dict) -> Path:
    found = sorted(corpus.rglob(truth["metadata"]["source"]))
    assert len(found) == 1, f"{truth['metadata']['source']}: {len(found)} files of that name in the corpus"
    return found[0]


def test_the_corpus_final_accounts_have_a_truth_file():
    assert "2024-final-dept-social-work" in [p.stem for p in TRUTHS]


def test_checker_knows_the_contract():
    """check.py's kinds and phases are exactly the contract's; every measure and item code it allows is named
    there (the fund sub-rows of 结转和结余, which the contract elides with …, excepted)."""
    assert set(re.findall(r"\| `([a-z_]+)`", _section("Table kinds"))) == set(KINDS)
    assert set(re.findall(r"\| `([a-z_]+)`", _section("Phases"))) == set(PHASE_KEYS.values())
    named = set(re.findall(r"`([a-z_]+)`", _section("Rows and measures")))
    allowed = {m for k in KINDS.values() for m in k.measures} | SUMMARY_ITEMS | {
        c for k in KINDS.values() for c in k.items if c != "TOTAL"}
    elided = (set(CARRYOVER_PARTS) | set(EXPENDITURE_CARRYOVER_PARTS)) - named
    assert allowed - named == elided
    assert "carryover_income_general_budget" in named and "expenditure_carryover_" in _section("Rows and measures")


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_truth_adds_up(path):
    """No arithmetic or shape failure, every declared rounding difference found, and every amount takes part in
    at least one identity."""
    truth = _load(path)
    report = check(truth)
    assert report.failures == []
    assert len(report.amounts) > 100
    assert set(report.rounded) == {r["identity"] for r in truth.get("rounding", [])}
    assert report.unchecked == set()


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_truth_has_the_template_tables(path):
    """The nine tables of the national 决算 template, each once; an empty one carries the 说明 saying it has no
    data; the file's own name as its source."""
    truth = _load(path)
    assert set(truth["tables"]) == set(KINDS)
    m = truth["metadata"]
    assert m["source"] == f"{path.stem}.pdf" and m["kind"] == "final_accounts" and m["unit"] in ("万元", "元")
    for kind, spec in truth["tables"].items():
        if spec["empty"]:
            assert any(EMPTY_BY_NOTE.search(n) for n in spec["notes"]), kind


def test_the_corpus_document_in_numbers():
    """What the reading found, so a lost table or row shows: amounts per table, the three tables printed empty."""
    truth = _load(HERE / "2024-final-dept-social-work.toml")
    per_table = {k: sum(len(r.get(key, {})) for r in s["rows"] for key in PHASE_KEYS) for k, s in truth["tables"].items()}
    assert per_table == {
        "income_expenditure_summary": 9, "income_summary": 36, "expenditure_summary": 39,
        "fiscal_appropriation_summary": 15, "general_budget_expenditure": 39, "general_budget_basic_expenditure": 67,
        "three_public": 0, "government_fund_expenditure": 0, "state_capital_expenditure": 0,
    }


def _bump(truth: dict, kind: str, row: int, key: str = "amounts") -> dict:
    bad = copy.deepcopy(truth)
    r = bad["tables"][kind]["rows"][row]
    m = next(iter(r[key]))
    r[key][m] = str(amount(r[key][m]) + Decimal("0.01"))
    return bad


def test_checker_catches_a_typo():
    """The checker can fail: one digit changed in any row of any table, a declared rounding dropped or invented, a
    phase a table does not print, a blank table declared filled."""
    truth = _load(HERE / "2024-final-dept-social-work.toml")
    assert check(truth).failures == []
    for kind, spec in truth["tables"].items():
        for i in range(len(spec["rows"])):
            assert check(_bump(truth, kind, i)).failures, (kind, spec["rows"][i]["code"])
    for change in (lambda t: t["rounding"].pop(),
                   lambda t: t["rounding"].append({"identity": "income_summary: 201 total = Σ children",
                                                   "difference": "0.01"}),
                   lambda t: t["tables"]["income_summary"]["rows"][0].update(initial_budget={"total": "1.00"}),
                   lambda t: t["tables"]["three_public"].update(empty=False),
                   lambda t: t["tables"]["three_public"].update(notes=[]),
                   lambda t: t["tables"]["income_summary"]["rows"].pop(3)):
        bad = copy.deepcopy(truth)
        change(bad)
        assert check(bad).failures


def test_checker_bounds_rounding_by_printed_precision():
    """A difference beyond what rounding of the printed figures allows fails even when declared."""
    truth = _load(HERE / "2024-final-dept-social-work.toml")
    bad = copy.deepcopy(truth)
    row = next(r for r in bad["tables"]["general_budget_expenditure"]["rows"] if r["code"] == "TOTAL")
    row["amounts"]["basic"] = "105.78"  # 人员 + 公用 = 105.59: off by -0.19, beyond ±0.015
    bad["rounding"][1]["difference"] = "-0.19"
    assert any("exceeds the rounding band" in f for f in check(bad).failures)


def _printed(pdf, page: int, pattern: re.Pattern) -> Counter:
    p = pdf.pages[page - 1]
    text = p.within_bbox(p.bbox).extract_text() or ""  # text placed off the page is not printed
    return Counter(amount(n) for n in pattern.findall(text))


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_every_printed_number_is_in_the_truth(path, corpus):
    """Both ways, page by page: each decimal number printed on a table page is in the truth on that page as many
    times as it is printed (in any phase); each truth amount is printed on its page."""
    truth = _load(path)
    on_page: dict[int, Counter] = {}
    for spec in truth["tables"].values():
        for r in spec["rows"]:
            for key in PHASE_KEYS:
                for printed in r.get(key, {}).values():
                    on_page.setdefault(r["page"], Counter())[amount(printed)] += 1
    pages = sorted({p for spec in truth["tables"].values() for p in spec["pages"]})
    with pdfplumber.open(_pdf(corpus, truth)) as pdf:
        for page in pages:
            typed = on_page.get(page, Counter())
            forgotten = _printed(pdf, page, DECIMAL) - typed
            assert not forgotten, f"p{page}: printed but not in the truth: {dict(forgotten)}"
            invented = typed - _printed(pdf, page, NUMBER)
            assert not invented, f"p{page}: in the truth but not printed on the page: {dict(invented)}"


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_every_note_is_printed_on_its_table_pages(path, corpus):
    """The notes (and template instructions left in) typed for a table are printed, as typed, on its pages."""
    truth = _load(path)
    with pdfplumber.open(_pdf(corpus, truth)) as pdf:
        for kind, spec in truth["tables"].items():
            lines = {ln.strip() for p in spec["pages"] for ln in (pdf.pages[p - 1].extract_text() or "").splitlines()}
            assert {*spec["notes"], *spec.get("instructions", [])} - lines == set(), kind
