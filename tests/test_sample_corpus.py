"""``budget-lod sample --count N --seed S OUTDIR``: a generated corpus of distinct disclosures with truth files.

The corpus is deterministic (same N and S → same bytes), its disclosures distinct (departments, codes,
figures, files — but a budget and its final accounts, which share their department), every family present (final
accounts among them, one of them with its budget: a pair), and each truth file sound when read on its own:
``truth_check`` (which reads only the JSON) finds no failure but around the faults the truth says were planted,
and finds each of them; every amount of every phase and every stated figure is printed on the page the truth
gives (pdfplumber's text); a pair's truth files name each other and agree on the figures of its line items.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pdfplumber
import pytest
from truth_check import check

from budget_lod.cli import main
from budget_lod.model.amounts import UNIT_FACTORS
from budget_lod.sample.corpus import FAMILY_ORDER, plan_corpus, write_corpus

COUNT, SEED = 9, 11  # one disclosure of each of the eight families (the final accounts paired), and one more
_NUMBER = re.compile(r"(?<![\d.,])([-（(]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)[)）]?(?![\d,])")


def _numbers(text: str) -> set[Decimal]:
    return {Decimal(n.replace(",", "")) * (-1 if sign else 1) for sign, n in _NUMBER.findall(text)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    written = list(write_corpus(out, COUNT, SEED))
    return out, written, [json.loads(w.truth.read_text(encoding="utf-8")) for w in written]


def test_same_count_and_seed_give_the_same_bytes(corpus, tmp_path):
    out, written, _ = corpus
    again = list(write_corpus(tmp_path, COUNT, SEED))
    first = sorted(p.name for p in out.iterdir())
    assert first == sorted(p.name for p in tmp_path.iterdir())
    for name in first:
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes(), name
    assert [w.name for w in again] == [w.name for w in written]


def test_another_seed_gives_another_corpus():
    a, b = plan_corpus(3, SEED), plan_corpus(3, SEED + 1)
    assert [v.department for v in a] != [v.department for v in b]


def test_disclosures_are_distinct(corpus):
    out, written, docs = corpus
    departments = [d["metadata"]["department"] for d in docs if d.get("pair", {}).get("role") != "final"]
    assert len(set(departments)) == len(departments) == COUNT - sum(1 for d in docs if "pair" in d) // 2
    codes = [d["metadata"]["department_code"] for d in docs if d["metadata"]["department_code"]]
    assert codes and len(set(codes)) == len(codes)
    figures = [frozenset((a["table"], a["code"], a["measure"], a["yuan"]) for a in d["amounts"]) for d in docs]
    assert len(set(figures)) == COUNT
    pdfs = [p.read_bytes() for w in written for p in w.files.values()]
    assert len(set(pdfs)) == len(pdfs)


def test_every_family_is_present(corpus):
    _, written, docs = corpus
    assert {w.family for w in written} == set(FAMILY_ORDER)
    assert any(len(d["files"]) == 2 for d in docs)  # a two-file disclosure among them
    assert all(d["claims"] for d in docs)  # every disclosure states figures in its narrative


def test_truth_files_add_up_but_where_faults_are_planted(corpus):
    _, _, docs = corpus
    assert any(d["faults"] for d in docs) and any(not d["faults"] for d in docs)
    for d in docs:
        failures = check(d)
        planted = {f["code"] for f in d["faults"]} | {f["claim"] for f in d["faults"] if f["claim"]}
        assert [f for f in failures if not planted & set(f.codes)] == [], d["name"]
        for f in d["faults"]:  # each planted fault is found
            assert any({f["code"], f["claim"]} & set(x.codes) for x in failures), (d["name"], f)
            assert Decimal(f["printed"]) != Decimal(f["expected"])


def test_faults_of_every_kind_are_planted(corpus):
    _, _, docs = corpus
    kinds = {f["kind"] for d in docs for f in d["faults"]}
    assert kinds == {"claim_vs_table", "parent_vs_children", "execution_rate"}


def test_final_accounts_and_a_pair_are_among_them(corpus):
    _, _, docs = corpus
    by_name = {d["name"]: d for d in docs}
    finals = [d for d in docs if d["metadata"]["kind"] == "final_accounts"]
    assert finals and all(d["family"] == "final" for d in finals)
    assert {a["phase"] for d in finals for a in d["amounts"]} >= {"final", "initial_budget"}
    assert {a["phase"] for d in docs if d not in finals for a in d["amounts"]} == {"budget"}
    pairs = [d for d in finals if "pair" in d]
    assert pairs
    for final in pairs:
        budget = by_name[final["pair"]["budget"]]
        assert budget["pair"] == {"role": "budget", "final": final["name"]}
        assert {k: budget["metadata"][k] for k in ("department", "fiscal_year", "scope")} == {
            k: final["metadata"][k] for k in ("department", "fiscal_year", "scope")}
        printed = {(a["table"], a["scheme"], a["code"], a["measure"]): (a["yuan"], a["page"]) for a in budget["amounts"]}
        lines = final["pair"]["lines"]
        assert any(ln["budget"] and ln["final"] for ln in lines)
        for ln in lines:  # the budget figure of each line is what the budget prints, where it prints one
            key = (ln["table"], ln["scheme"], ln["code"], ln["measure"])
            assert (ln["budget"], ln["budget_page"]) == printed.get(key, (None, None)), key
        kinds = {x["kind"] for x in final["pair"]["differences"]}
        assert "initial_vs_budget" in kinds


def test_every_amount_and_stated_figure_is_printed_on_its_page(corpus):
    out, _, docs = corpus
    for d in docs:
        pages = {}
        for role, f in d["files"].items():
            with pdfplumber.open(out / f["name"]) as pdf:
                assert len(pdf.pages) == f["pages"]
                pages[role] = [_numbers(p.extract_text() or "") for p in pdf.pages]
        for a in d["amounts"]:  # every phase's
            factor = UNIT_FACTORS[d["tables"][a["table"]]["unit"]]
            assert Decimal(a["yuan"]) / factor in pages[a["file"]][a["page"] - 1], (d["name"], a)
        for c in d["claims"]:
            if c["direction"] == "flat":
                continue
            stated = (Decimal(c["yuan"]) / UNIT_FACTORS[c["unit"]]).quantize(Decimal("0.01"))
            assert stated in pages[c["file"]][c["page"] - 1] | {Decimal(0)}, (d["name"], c)


def test_the_cli_writes_a_corpus_and_reports_progress(tmp_path, capsys):
    assert main(["sample", "--count", "2", "--seed", "4", str(tmp_path / "c")]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("[") == 2 and "[2/2]" in captured.err
    lines = captured.out.strip().splitlines()
    assert len(lines) == 2 and all(line.endswith(".truth.json") for line in lines)
    assert sorted(p.suffix for p in (tmp_path / "c").iterdir()) == [".json", ".json", ".pdf", ".pdf"]


def test_the_cli_refuses_a_count_below_one_and_a_file_for_a_folder(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["sample", "--count", "0", str(tmp_path)])
    assert exc.value.code == 2
    (tmp_path / "x.pdf").write_bytes(b"")
    assert main(["sample", "--count", "1", str(tmp_path / "x.pdf")]) == 2
    assert "x.pdf" in capsys.readouterr().err


def test_the_cli_still_writes_the_bundled_sample(tmp_path, capsys):
    from budget_lod.sample import write_sample_pdf

    assert main(["sample", str(tmp_path / "s.pdf")]) == 0
    assert (tmp_path / "s.pdf").read_bytes() == write_sample_pdf(tmp_path / "again.pdf").read_bytes()


def test_a_province_sized_plan_stays_distinct():
    """Beyond the listed provinces, place names and 3-digit codes (a 1,000-disclosure corpus ran out of them):
    every disclosure of a large plan is its own budget — department, year, scope and kind — with its own code."""
    plan = plan_corpus(2000, 5)
    assert len(plan) == 2000
    assert len({(v.department, v.fiscal_year, v.scope, v.family == "final") for v in plan}) == 2000
    codes = [v.department_code for v in plan if v.department_code and v.family != "final"]
    assert codes and len(set(codes)) == len(codes)


def test_department_codes_go_on_past_the_three_digit_ones():
    import random

    from budget_lod.sample.corpus import _Places

    places = _Places(random.Random(3))
    codes = [places.code() for _ in range(3000)]
    assert len(set(codes)) == 3000
    assert all(re.fullmatch(r"\d{3}", c) for c in codes[:899])
    assert all(re.fullmatch(r"\d{6}", c) for c in codes[899:])
