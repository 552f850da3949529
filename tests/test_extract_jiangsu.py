"""The five Jiangsu corpus documents read by ``extract_document``, compared with the hand-verified truth files
(``extract_fixtures/jiangsu/*.toml``, checked on their own by test_jiangsu_truth.py) both ways: every truth
amount extracted with the same value in 元, measure, row and page; no extracted amount the truth lacks; the
metadata equal; no truth table reported missing.

Rows are matched by (scheme, code); procurement item rows (opaque codes) by name — the extracted row's name
contains the truth row's label (a project row's 专项名称 or its 经济科目) — and amount, in row order.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from extract_fixtures.jiangsu.check import amount

HERE = Path(__file__).parent / "extract_fixtures" / "jiangsu"
TRUTHS = sorted(HERE.glob("*.toml"))
FACTOR = {"万元": Decimal(10000), "元": Decimal(1)}
SHOW = 25  # failures listed in a message (all are counted)


def _truth(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8"))


def _bare(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


@pytest.fixture(scope="module")
def document(corpus, extracted):
    return lambda truth: extracted(corpus / "jiangsu-province" / truth["metadata"]["source"])


def compare(truth: dict, doc) -> tuple[list[str], list[str], int]:
    """(truth amounts not extracted as printed, extracted amounts the truth lacks, number of truth amounts).

    An extracted amount in a truth row's place with the wrong value or page is reported once, as not extracted."""
    unit = truth["metadata"]["unit"]
    missing: list[str] = []
    seen: set[tuple[int, int, str]] = set()  # (table index, row index, measure) of the extraction, compared
    n = 0
    for kind, spec in truth["tables"].items():
        ti = next((i for i, t in enumerate(doc.tables) if t.kind == kind), None)
        table = doc.tables[ti] if ti is not None else None
        if table is not None and table.unit != unit:
            missing.append(f"{kind}: unit {table.unit!r}, printed {unit!r}")
        used: set[int] = set()
        for tr in spec["rows"]:
            n += len(tr["amounts"])
            where = f"{kind} {tr['scheme']}/{tr['code'] or tr['name']} p{tr['page']}"
            if table is None:
                missing.append(f"{where}: no {kind} table")
                continue
            ri = _find_row(table, tr, used)
            if ri is None:
                missing.append(f"{where}: row not extracted")
                continue
            used.add(ri)
            row = table.rows[ri]
            for m, printed in tr["amounts"].items():
                a = row.amounts.get(m)
                seen.add((ti, ri, m))
                want = amount(printed) * FACTOR[unit]
                if a is None:
                    missing.append(f"{where} {m}={printed}: not extracted (row has {sorted(row.amounts)})")
                elif a.yuan != want or a.page != tr["page"]:
                    missing.append(f"{where} {m}={printed}: extracted {a.printed} = {a.yuan} 元 on p{a.page}")
    extra = [f"{t.kind} {r.scheme}/{r.code} {_bare(r.name)[:30]!r} {m}={a.printed} p{a.page}"
             for ti, t in enumerate(doc.tables) for ri, r in enumerate(t.rows) for m, a in r.amounts.items()
             if (ti, ri, m) not in seen]
    return missing, extra, n


def _find_row(table, tr: dict, used: set[int]) -> int | None:
    """The extracted row for a truth row: by scheme and code, or for an opaque procurement row by label and
    amount (the first such row not matched yet)."""
    if tr["code"]:
        return next((i for i, r in enumerate(table.rows) if (r.scheme, r.code) == (tr["scheme"], tr["code"])), None)
    labels = [_bare(tr["name"])] + ([_bare(tr["economic"])] if tr.get("economic") else [])
    total = amount(tr["amounts"]["total"])
    for i, r in enumerate(table.rows):
        a = r.amounts.get("total")
        if i in used or r.scheme != "item" or a is None or amount(a.printed) != total:
            continue
        if any(label in _bare(r.name) for label in labels):
            return i
    return None


def _report(what: str, lines: list[str], n: int) -> str:
    return f"{len(lines)} {what} (of {n} truth amounts):\n  " + "\n  ".join(lines[:SHOW])


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_metadata(path, document):
    truth = _truth(path)
    doc = document(truth)
    m = truth["metadata"]
    assert (doc.department, doc.fiscal_year, doc.region, doc.scope, doc.department_code) == (
        m["department"], m["fiscal_year"], m["region"], m["scope"], m.get("department_code"))


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_no_truth_table_missing(path, document):
    truth = _truth(path)
    doc = document(truth)
    assert set(truth["tables"]) & set(doc.missing_tables) == set()
    assert set(truth["tables"]) - {t.kind for t in doc.tables} == set()
    empty = {t.kind: t.empty for t in reversed(doc.tables)}  # the first table of a kind wins
    assert {k: empty.get(k) for k in truth["tables"]} == {k: s["empty"] for k, s in truth["tables"].items()}


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_every_truth_amount_extracted(path, document):
    truth = _truth(path)
    missing, _, n = compare(truth, document(truth))
    assert not missing, _report("truth amounts not extracted as printed", missing, n)


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_no_amount_the_truth_lacks(path, document):
    truth = _truth(path)
    _, extra, n = compare(truth, document(truth))
    assert not extra, _report("extracted amounts not in the truth", extra, n)
