"""The extractor on the provincial (Jiangsu-family) variants: every amount, table, stated figure against the truth.

Each variant of ``budget_lod.sample.families.jiangsu`` is rendered and extracted; every amount —
(table, scheme, code, measure) → (元, page) — is compared both ways with its truth (whose soundness
``test_variants_jiangsu_truth`` checks), procurement rows by name (their codes are opaque, CONTRACT.md), and so
are the metadata, each table's unit, pages and title, the empty 政府性基金 table with its note, and the figures
the narrative states (a two-file disclosure: the narrative file's). These variants are the yardstick for the
provincial template. Tables a variant prints in a way the reader does not master yet (``NOT_YET_READ``) are
held to honesty instead: their readings must say they failed.
"""

from __future__ import annotations

import pytest

from budget_lod.sample.variants import PROVINCIAL, VARIANTS
from budget_lod.specs.layout import norm
from test_reading_checks import NOT_YET_READ


@pytest.fixture(scope="session")
def jiangsu_docs(variant_document):
    return variant_document


def _opaque(kind: str, code: str) -> bool:
    return kind == "procurement" and code not in ("TOTAL", "goods", "works", "services")


def check_metadata(name, doc):
    v = VARIANTS[name]
    assert (doc.department, doc.department_code, doc.fiscal_year, doc.scope, doc.region) == (
        v.department, v.department_code, v.fiscal_year, v.scope, v.region)
    assert doc.page_count == v.page_count


def _read(name: str, kind: str) -> bool:
    """Tables the reader masters (the others' readings must say they failed: test_reading_checks)."""
    return kind not in NOT_YET_READ.get(name, ())


def check_amounts(name, doc):
    """Every printed amount, exactly, on its page — and nothing else (procurement rows by name)."""
    got = {(t.kind, r.scheme, r.code, m): (a.yuan, a.page)
           for t in doc.tables for r in t.rows for m, a in r.amounts.items()
           if not _opaque(t.kind, r.code) and _read(name, t.kind)}
    expected = {k: v for k, v in VARIANTS[name].expected_amounts().items()
                if not _opaque(k[0], k[2]) and _read(name, k[0])}
    missing = sorted(set(expected) - set(got))
    invented = sorted(set(got) - set(expected))
    wrong = sorted((k, expected[k], got[k]) for k in set(expected) & set(got) if expected[k] != got[k])
    assert (missing, invented, wrong) == ([], [], [])


def check_procurement(name, doc):
    """Project and item rows of the procurement table by name, amount and page (in printed order)."""
    table = doc.table("procurement")
    assert table is not None
    if not _read(name, "procurement"):
        assert table.reading.status == "failed"
        return
    got = [(norm(r.name), r.amounts["total"].yuan, r.amounts["total"].page) for r in table.rows
           if _opaque("procurement", r.code) and "total" in r.amounts]
    expected = [(norm(r.name), r.amounts["total"], r.page) for r in VARIANTS[name].tables["procurement"].rows
                if _opaque("procurement", r.code)]
    assert len(got) == len(expected)
    for (gn, gy, gp), (en, ey, ep) in zip(got, expected):
        assert en in gn and (gy, gp) == (ey, ep), ((gn, gy, gp), (en, ey, ep))


def check_tables(name, doc):
    for kind, t in VARIANTS[name].tables.items():
        table = doc.table(kind)
        assert table is not None, kind
        if not _read(name, kind):
            assert table.reading.status == "failed", kind
            continue
        assert (table.unit, tuple(table.pages)) == (t.unit, t.pages), kind
        assert norm(t.title) in norm(table.title), kind
        assert table.empty == t.empty, kind
        if t.empty:
            assert table.note is not None and norm(t.note) in norm(table.note), kind


def check_claims(name, doc):
    """Every figure the narrative states: (kind, code, 元, page); changes by subject, direction, amount, %."""
    def key(kind, code, subject, direction, yuan, percent, page):
        return kind, code, subject, direction, yuan, percent, page

    got = {key(c.kind, c.code, c.subject, c.direction, c.amount.yuan if c.amount else None, c.percent, c.page)
           for c in doc.claims}
    for c in VARIANTS[name].claims:
        if c.kind == "change" and c.direction == "flat":
            continue
        assert key(c.kind, c.code, c.subject, c.direction, c.amount, c.percent, c.page) in got, c


CHECKS = {"metadata": check_metadata, "amounts": check_amounts, "procurement": check_procurement,
          "tables": check_tables, "claims": check_claims}


@pytest.mark.parametrize("check", sorted(CHECKS))
@pytest.mark.parametrize("name", PROVINCIAL)
def test_variant(check, name, jiangsu_docs):
    CHECKS[check](name, jiangsu_docs(name))
