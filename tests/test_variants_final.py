"""The extractor on final accounts (部门决算) laid out unlike the corpus one (``budget_lod.sample.families.final``).

Each final-accounts variant — the final family's and the final accounts of each budget / 决算 pair — is rendered
and extracted; every amount — (table, scheme, code, measure, phase) → (元, page), the 决算数 as ``Row.amounts``
and the 年初预算数 / 全年预算数 as ``Row.phases`` — is compared both ways with the truth (whose soundness
``test_variants_final_truth`` checks), and so are the metadata (the document kind included), each table's unit,
pages and title, the empty tables with the 说明 that declares them, and that no mandated table is missing; a
reading that says it is sound holds exactly the truth's figures of its table.

The variants are the yardstick: what the reader does not master yet is listed in ``KNOWN_GAPS`` (which variants,
and why), held out of the comparisons above — and each gap is asserted to be still open, so that mending the
reader makes the list shrink rather than hide a regression.
"""

from __future__ import annotations

import pytest

from budget_lod.extract import extract_document
from budget_lod.sample.pairs import PAIRS
from budget_lod.sample.variants import FINAL_VARIANTS
from budget_lod.specs.layout import norm

ALL = {**FINAL_VARIANTS, **{p.final.name: p.final for p in PAIRS.values()}}
NAMES = sorted(ALL)
FILLED_THREE_PUBLIC = sorted(n for n, v in ALL.items() if not v.tables["three_public"].empty)

# what the reader does not master yet: gap → (variants, why) — none left (the filled “三公” table's 预算数 | 决算数
# columns under each item, once read as total, total_2 …, now take their item's measure)
KNOWN_GAPS: dict[str, tuple[list[str], str]] = {}


def _gap(gap: str, name: str) -> bool:
    return gap in KNOWN_GAPS and name in KNOWN_GAPS[gap][0]


@pytest.fixture(scope="session")
def final_docs(tmp_path_factory):
    """Extraction of each final-accounts variant, made once per session on first use."""
    folder = tmp_path_factory.mktemp("final-pdfs")
    cache: dict = {}

    def get(name: str):
        if name not in cache:
            cache[name] = extract_document(ALL[name].write(folder / f"{name}.pdf")["main"])
        return cache[name]

    return get


def _amounts(doc, held_out: set[str]) -> dict:
    out = {}
    for t in doc.tables:
        if t.kind in held_out:
            continue
        for r in t.rows:
            for phase, amounts in ((doc.phase, r.amounts), *r.phases.items()):
                for m, a in amounts.items():
                    out[(t.kind, r.scheme, r.code, m, phase)] = (a.yuan, a.page)
    return out


def _held_out(name: str) -> set[str]:
    return {"three_public"} if _gap("three_public_phases", name) else set()


def check_metadata(name, doc):
    v = ALL[name]
    assert (doc.kind, doc.phase, doc.department, doc.department_code, doc.fiscal_year, doc.scope, doc.region,
            doc.page_count) == (v.kind, "final", v.department, v.department_code, v.fiscal_year, v.scope, v.region,
                                v.page_count)


def check_amounts(name, doc):
    """Every printed amount of every phase, exactly, on its page — and nothing else."""
    held = _held_out(name)
    got = _amounts(doc, held)
    expected = {k: v for k, v in ALL[name].expected_phase_amounts().items() if k[0] not in held}
    missing = sorted(set(expected) - set(got))
    invented = sorted(set(got) - set(expected))
    wrong = sorted((k, expected[k], got[k]) for k in set(expected) & set(got) if expected[k] != got[k])
    assert (missing, invented, wrong) == ([], [], [])


def check_tables(name, doc):
    """Each table found with its unit, pages and title; empty where the truth is, with the 说明 declaring it;
    no mandated table missing."""
    assert doc.missing_tables == ()
    for kind, t in ALL[name].tables.items():
        table = doc.table(kind)
        assert table is not None, kind
        assert (table.unit, tuple(table.pages), table.empty) == (t.unit, t.pages, t.empty), kind
        assert norm(t.title) in norm(table.title), kind
        if t.empty:
            assert table.note is not None and norm(t.note) in norm(table.note), kind


def check_readings(name, doc):
    """A reading that says ok holds exactly the truth's figures of its table (every phase)."""
    expected = ALL[name].expected_phase_amounts()
    wrong = []
    for t in doc.tables:
        if t.kind in _held_out(name):
            continue
        got = {k: v for k, v in _amounts(doc, set()).items() if k[0] == t.kind}
        if t.reading.status == "ok" and got != {k: v for k, v in expected.items() if k[0] == t.kind}:
            wrong.append(t.kind)
    assert wrong == []


CHECKS = {"metadata": check_metadata, "amounts": check_amounts, "tables": check_tables, "readings": check_readings}


@pytest.mark.parametrize("check", sorted(CHECKS))
@pytest.mark.parametrize("name", NAMES)
def test_final_variant(check, name, final_docs):
    CHECKS[check](name, final_docs(name))


@pytest.mark.parametrize("name", FILLED_THREE_PUBLIC)
def test_a_filled_three_public_table_reads_each_item_in_both_phases(name, final_docs):
    """预算数 | 决算数 under each item of the “三公” table: each column the item's measure, in its phase."""
    doc = final_docs(name)
    got = {k: v for k, v in _amounts(doc, set()).items() if k[0] == "three_public"}
    expected = {k: v for k, v in ALL[name].expected_phase_amounts().items() if k[0] == "three_public"}
    assert expected and got == expected
    assert {k[4] for k in got} == {"initial_budget", "final"}
