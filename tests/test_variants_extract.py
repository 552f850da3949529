"""The extractor on disclosures laid out unlike anything in the corpus (``budget_lod.sample.variants``).

Each variant is rendered to PDF and extracted; every amount — (table, scheme, code, measure) → (元, page)
— is compared both ways with the variant's expected truth (whose arithmetic ``test_variants_truth``
checks), and so are the metadata (region included), each table's unit and pages, the empty tables with their wording, the
missing tables and the row names. Every check runs on every variant.
"""

from __future__ import annotations

import pytest

from budget_lod.extract import extract_document
from budget_lod.sample.variants import NATIONAL, VARIANTS, write_variant
from budget_lod.specs.layout import norm

@pytest.fixture(scope="session")
def variant_docs(tmp_path_factory):
    """Extraction of each variant, made once per session on first use."""
    folder = tmp_path_factory.mktemp("variant-pdfs")
    cache: dict = {}

    def get(name: str):
        if name not in cache:
            cache[name] = extract_document(write_variant(name, folder / f"{name}.pdf"))
        return cache[name]

    return get


def check_metadata(name, doc):
    v = VARIANTS[name]
    assert (doc.department, doc.department_code, doc.fiscal_year, doc.scope, doc.region) == (
        v.department, v.department_code, v.fiscal_year, v.scope, v.region)
    assert doc.page_count == v.page_count


def check_amounts(name, doc):
    """Every printed amount, exactly, on its page — and nothing else."""
    got = {(t.kind, r.scheme, r.code, m): (a.yuan, a.page)
           for t in doc.tables for r in t.rows for m, a in r.amounts.items()}
    expected = VARIANTS[name].expected_amounts()
    missing = sorted(set(expected) - set(got))
    invented = sorted(set(got) - set(expected))
    wrong = sorted((k, expected[k], got[k]) for k in set(expected) & set(got) if expected[k] != got[k])
    assert (missing, invented, wrong) == ([], [], [])


def check_tables(name, doc):
    """Each expected table is found with its unit, pages and whole title (lines it is wrapped over joined; a
    number such as 表一 printed before it may come along); every amount carries its table's unit."""
    for kind, t in VARIANTS[name].tables.items():
        table = doc.table(kind)
        assert table is not None, kind
        assert (table.unit, tuple(table.pages)) == (t.unit, t.pages), kind
        assert norm(t.title) in norm(table.title), kind
        assert all(a.unit == t.unit for r in table.rows for a in r.amounts.values()), kind


def check_empty_and_missing(name, doc):
    v = VARIANTS[name]
    assert doc.missing_tables == v.missing_tables
    for kind, t in v.tables.items():
        table = doc.table(kind)
        assert table is not None, kind
        assert table.empty == t.empty, kind
        if t.empty:
            assert table.note is not None and norm(t.note) in norm(table.note), kind


def check_names(name, doc):
    """Row labels with their wrapped lines joined (white space aside)."""
    for kind, t in VARIANTS[name].tables.items():
        if kind == "three_public":
            continue  # its one row is named by the table
        table = doc.table(kind)
        assert table is not None, kind
        got = {(r.scheme, r.code): norm(r.name) for r in table.rows}
        expected = {(r.scheme, r.code): norm(r.name) for r in t.rows}
        assert {k: got.get(k) for k in expected} == expected, kind


CHECKS = {"metadata": check_metadata, "amounts": check_amounts, "tables": check_tables,
          "empty_and_missing": check_empty_and_missing, "names": check_names}


@pytest.mark.parametrize("check", sorted(CHECKS))
@pytest.mark.parametrize("name", NATIONAL)  # the provincial variants: test_variants_jiangsu
def test_variant(check, name, variant_docs):
    CHECKS[check](name, variant_docs(name))
