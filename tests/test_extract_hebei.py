"""The bundled Hebei sample PDF (万元, wrapped 7-digit codes, a code split over a page break, repeated
headers, a transposed “三公” table) read by the same generic engine: every amount, exactly.

Expected values are typed in from the Hebei text of the corpus (``extract_fixtures/hebei_expected.toml``) and
their arithmetic is checked here before they are compared with the extraction — both ways, so a missing
amount and an invented one both fail.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from budget_lod.extract import extract_document
from budget_lod.model.document import MANDATED_TABLES

EXPECTED = tomllib.loads((Path(__file__).parent / "extract_fixtures" / "hebei_expected.toml").read_text("utf-8"))


def _expected_rows(kind: str) -> dict[tuple[str, str], dict[str, Decimal]]:
    spec = EXPECTED["tables"][kind]
    if "same_as" in spec:
        return _expected_rows(spec["same_as"])
    return {(s, c): {m: Decimal(v) for m, v in ms.items()} for s, c, ms in spec.get("rows", [])}


@pytest.fixture(scope="session")
def hebei(sample_pdf):
    return extract_document(sample_pdf)


def _sum(rows, codes, m):
    return sum((rows[("functional", c)].get(m, Decimal(0)) for c in codes), Decimal(0))


def test_expected_values_add_up():
    """The hand-typed figures obey the template's arithmetic (so a typo there cannot pass unnoticed)."""
    es = _expected_rows("expenditure_summary")
    for (_, code), ms in es.items():
        assert ms["total"] == ms.get("basic", 0) + ms.get("project", 0), code
        kids = [c for (_, c) in es if c.isdigit() and len(c) == len(code) + 2 and c.startswith(code)]
        if code == "TOTAL":
            kids = [c for (_, c) in es if c.isdigit() and len(c) == 3]
        for m in ms if kids else ():
            assert ms[m] == _sum(es, kids, m), (code, m)
    inc = _expected_rows("income_summary")
    assert {c: v["total"] for (_, c), v in inc.items()} == {c: v["total"] for (_, c), v in es.items()}
    for (_, code), ms in inc.items():
        assert ms["total"] == ms["current_year_total"] == ms["fiscal_appropriation"]
    basic = _expected_rows("general_budget_basic_expenditure")
    for (_, code), ms in basic.items():
        assert ms["total"] == ms.get("personnel", 0) + ms.get("public", 0), code
        kids = [c for (_, c) in basic if c.isdigit() and len(c) == 5 and c.startswith(code)] if len(code) == 3 else []
        if code == "TOTAL":
            kids = [c for (_, c) in basic if len(c) == 3]
        for m in ms if kids else ():
            assert ms[m] == sum((basic[("economic", c)].get(m, 0) for c in kids), Decimal(0)), (code, m)
    assert basic[("economic", "TOTAL")]["total"] == es[("functional", "TOTAL")]["basic"]
    for kind in ("income_expenditure_summary", "fiscal_appropriation_summary"):
        rows = _expected_rows(kind)
        first = "amount" if kind == "income_expenditure_summary" else "total"
        classes = [c for (s, c) in rows if s == "functional"]
        for c in classes:
            assert rows[("functional", c)][first] == es[("functional", c)]["total"]
        assert _sum(rows, classes, first) == rows[("item", "expenditure_total")][first] \
            == rows[("item", "income_total")]["amount"] == rows[("item", "income_grand_total")]["amount"]
    tp = _expected_rows("three_public")
    for ms in tp.values():
        assert ms["grand_total"] == ms["total"] == ms.get("overseas", 0) + ms["vehicle_total"] + ms["reception"]
        assert ms["vehicle_total"] == ms.get("vehicle_purchase", 0) + ms["vehicle_operation"]
    assets = _expected_rows("assets")
    assert assets[("item", "assets_total")]["value"] == sum(
        (v["value"] for (_, c), v in assets.items() if c != "assets_total"), Decimal(0))


def test_metadata(hebei):
    m = EXPECTED["metadata"]
    assert (hebei.department, hebei.department_code, hebei.fiscal_year, hebei.region) == (
        m["department"], m["department_code"], m["fiscal_year"], m["region"])
    assert hebei.scope == "department" and hebei.missing_tables == ()
    assert {t.kind for t in hebei.tables} >= set(MANDATED_TABLES)


@pytest.mark.parametrize("kind", sorted(EXPECTED["tables"]))
def test_every_amount_exactly(hebei, kind):
    spec = EXPECTED["tables"][kind]
    table = hebei.table(kind)
    assert table is not None, kind
    assert table.unit == EXPECTED["metadata"]["unit"]
    got = {(r.scheme, r.code): {m: Decimal(a.printed) for m, a in r.amounts.items()}
           for r in table.rows if r.amounts}
    assert got == _expected_rows(kind)
    for r in table.rows:
        for a in r.amounts.values():
            assert a.yuan == Decimal(a.printed) * 10000 and a.unit == "万元" and a.page in table.pages
    if "empty_note" in spec:
        assert table.empty and spec["empty_note"] in table.note
    else:
        assert not table.empty


def test_wrapped_and_split_codes(hebei):
    """7-digit codes wrap in the narrow code column (201030/1); one is split across a page break."""
    es = hebei.table("expenditure_summary")
    codes = [r.code for r in es.rows]
    assert "2101102" in codes and "210110" not in codes and "2" not in codes
    assert len(es.pages) == 2
    assert all(len(c) in (3, 5, 7) for c in codes if c != "TOTAL")
    numbers = [r.number for r in es.rows]
    assert numbers == list(range(1, 19))  # 序号 kept, no row lost or doubled at the page break


def test_csv_rows(hebei):
    import csv
    import io

    from budget_lod.model.serialize import write_csv

    buf = io.StringIO()
    write_csv(hebei, buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    mine = [r for r in rows if r["table"] != "project"]
    assert {r["amount_yuan"] for r in mine if r["table"] == "three_public" and r["code"] == "TOTAL"
            and r["measure"] == "grand_total"} == {"170000.00"}
    assert all(r["code"].isdigit() or r["code"] == "TOTAL" for r in mine if r["scheme"] != "item")
    assert all(r["code"].isascii() and r["measure"].isascii() for r in mine)
