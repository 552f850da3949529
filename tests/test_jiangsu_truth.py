"""The hand-typed Jiangsu truth files (``extract_fixtures/jiangsu/*.toml``) are sound before anything is measured
against them: each obeys the template's arithmetic (``check.py``), has the contract's shape, and holds every
number printed on its table pages — so a typo, a forgotten row or a figure put on the wrong page fails here.

Nothing here runs the extractor; the PDFs are read with pdfplumber alone.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from extract_fixtures.jiangsu.check import INCOME_SUMMARY_ITEMS, KINDS, SUMMARY_ITEMS, amount, check

HERE = Path(__file__).parent / "extract_fixtures" / "jiangsu"
TRUTHS = sorted(HERE.glob("*.toml"))
CONTRACT = (HERE / "CONTRACT.md").read_text("utf-8")

# An amount as printed: with or without thousands separators, always with decimals (integers on a table page are
# codes, years, page and table numbers). A number followed by a unit or a percent sign is narrative, not a cell.
DECIMAL = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+(?![\d.])(?!\s*(?:万|元|亿|%|％))")
NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d.])")
NO_IDENTITY = {("income_summary", "carryover_used")}  # 其中：动用上年结转和结余资金 is a part of 上年结转, not a sum


def _load(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8"))


def _section(title: str) -> str:
    return CONTRACT.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_there_are_truth_files():
    assert len(TRUTHS) == 5, [p.name for p in TRUTHS]


def test_checker_knows_the_contract():
    """check.py's kinds are exactly the contract's; every measure and item code it allows is named there."""
    contract_kinds = set(re.findall(r"\| `([a-z_]+)`", _section("Table kinds")))
    assert contract_kinds == set(KINDS)
    named = set(re.findall(r"`([a-z_]+)`", _section("Rows")))
    allowed = {m for k in KINDS.values() for m in k.measures} | SUMMARY_ITEMS | INCOME_SUMMARY_ITEMS
    assert allowed - named == set()


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_truth_adds_up(path):
    """No arithmetic or shape failure, and every amount takes part in at least one identity."""
    truth = _load(path)
    report = check(truth)
    assert report.failures == []
    assert len(report.amounts) > 100
    unchecked = {(kind, truth["tables"][kind]["rows"][i]["code"], m) for kind, i, m in report.unchecked}
    assert {u for u in unchecked if (u[0], u[1]) not in NO_IDENTITY} == set()


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_truth_has_the_template_tables(path):
    """The Jiangsu template's twelve tables, each once, with the file's own name as its source."""
    truth = _load(path)
    assert set(truth["tables"]) == set(KINDS)
    assert truth["metadata"]["source"] == f"{path.stem}.pdf"
    assert truth["metadata"]["unit"] == "万元" and truth["metadata"]["scope"] == "department"


def test_checker_catches_a_typo():
    """The checker can fail: one digit changed in a coded row, in a summary, in the procurement table."""
    truth = _load(TRUTHS[0])
    for kind, row in (("general_budget_basic_expenditure", 3), ("income_expenditure_summary", 0), ("procurement", 3)):
        bad = _load(TRUTHS[0])
        r = bad["tables"][kind]["rows"][row]
        m = next(iter(r["amounts"]))
        r["amounts"][m] = str(amount(r["amounts"][m]) + Decimal("0.01"))
        assert check(bad).failures, (kind, row)
    assert check(truth).failures == []


def _printed(pdf, page: int, pattern: re.Pattern) -> Counter:
    p = pdf.pages[page - 1]
    text = p.within_bbox(p.bbox).extract_text() or ""  # text placed off the page is not printed
    return Counter(amount(n) for n in pattern.findall(text))


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_every_printed_number_is_in_the_truth(path, corpus):
    """Both ways, page by page: each decimal number printed on a table page is in the truth on that page as many
    times as it is printed; each truth amount is printed on its page."""
    truth = _load(path)
    pdf_path = corpus / "jiangsu-province" / truth["metadata"]["source"]
    on_page: dict[int, Counter] = {}
    for spec in truth["tables"].values():
        for r in spec["rows"]:
            for printed in r["amounts"].values():
                on_page.setdefault(r["page"], Counter())[amount(printed)] += 1
    pages = sorted({p for spec in truth["tables"].values() for p in spec["pages"]})
    with pdfplumber.open(pdf_path) as pdf:
        for page in pages:
            typed = on_page.get(page, Counter())
            forgotten = _printed(pdf, page, DECIMAL) - typed
            assert not forgotten, f"p{page}: printed but not in the truth: {dict(forgotten)}"
            invented = typed - _printed(pdf, page, NUMBER)
            assert not invented, f"p{page}: in the truth but not printed on the page: {dict(invented)}"
