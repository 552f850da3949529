"""The corpus 部门决算 read by ``extract_document``, compared with its hand-verified truth file
(``extract_fixtures/final/*.toml``, checked on its own by test_final_truth.py) both ways: every truth amount
extracted with the same value in 元, table, row, measure, phase and page; no extracted amount the truth lacks; the
metadata (document kind included) equal; every table present, the empty ones declared empty with their notes.

The document's own figures (phase ``final`` of final accounts, ``Document.phase``) are ``Row.amounts``; the
figures of other phases printed beside them are ``Row.phases[phase][measure]``. Rows are matched by
(scheme, code).
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from extract_fixtures.final.check import FINAL, PHASE_KEYS, amount

HERE = Path(__file__).parent / "extract_fixtures" / "final"
TRUTHS = sorted(HERE.glob("*.toml"))
FACTOR = {"万元": Decimal(10000), "元": Decimal(1)}
SHOW = 25  # failures listed in a message (all are counted)


def _truth(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8"))


def _bare(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


@pytest.fixture(scope="module")
def document(corpus, extracted):
    def get(truth: dict):
        found = sorted(corpus.rglob(truth["metadata"]["source"]))
        assert len(found) == 1, f"{truth['metadata']['source']}: {len(found)} files of that name in the corpus"
        return extracted(found[0])

    return get


def _of_phase(row, phase: str, own: str) -> dict:
    """An extracted row's amounts of one phase: its own figures, or those printed beside them."""
    return dict(row.amounts) if phase == own else dict(row.phases.get(phase, {}))


def compare(truth: dict, doc) -> tuple[list[str], list[str], int]:
    """(truth amounts not extracted as printed, extracted amounts the truth lacks, number of truth amounts).

    An extracted amount in a truth amount's place with the wrong value or page is reported once, as not extracted."""
    unit = truth["metadata"]["unit"]
    own = doc.phase
    missing: list[str] = []
    seen: set[tuple[int, int, str, str]] = set()  # (table index, row index, phase, measure) compared
    n = 0
    for kind, spec in truth["tables"].items():
        ti = next((i for i, t in enumerate(doc.tables) if t.kind == kind), None)
        table = doc.tables[ti] if ti is not None else None
        if table is not None and table.unit != unit:
            missing.append(f"{kind}: unit {table.unit!r}, printed {unit!r}")
        for tr in spec["rows"]:
            where = f"{kind} {tr['scheme']}/{tr['code']} p{tr['page']}"
            ri = None if table is None else next(
                (i for i, r in enumerate(table.rows) if (r.scheme, r.code) == (tr["scheme"], tr["code"])), None)
            for key, phase in PHASE_KEYS.items():
                for m, printed in tr.get(key, {}).items():
                    n += 1
                    if table is None:
                        missing.append(f"{where} {phase} {m}={printed}: no {kind} table")
                        continue
                    if ri is None:
                        missing.append(f"{where} {phase} {m}={printed}: row not extracted")
                        continue
                    got = _of_phase(table.rows[ri], phase, own)
                    a = got.get(m)
                    seen.add((ti, ri, phase, m))
                    want = amount(printed) * FACTOR[unit]
                    if a is None:
                        missing.append(f"{where} {phase} {m}={printed}: not extracted (row has {sorted(got)} in "
                                       f"{phase})")
                    elif a.yuan != want or a.page != tr["page"]:
                        missing.append(f"{where} {phase} {m}={printed}: extracted {a.printed} = {a.yuan} 元 on "
                                       f"p{a.page}")
    extra = []
    for ti, t in enumerate(doc.tables):
        for ri, r in enumerate(t.rows):
            for phase in (own, *r.phases):
                for m, a in _of_phase(r, phase, own).items():
                    if (ti, ri, phase, m) not in seen:
                        extra.append(f"{t.kind} {r.scheme}/{r.code} {_bare(r.name)[:30]!r} {phase} {m}={a.printed} "
                                     f"p{a.page}")
    return missing, extra, n


def _report(what: str, lines: list[str], n: int) -> str:
    return f"{len(lines)} {what} (of {n} truth amounts):\n  " + "\n  ".join(lines[:SHOW])


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_metadata(path, document):
    truth = _truth(path)
    doc = document(truth)
    m = truth["metadata"]
    fields = ("department", "fiscal_year", "region", "scope", "kind", "department_code")
    got = {f: getattr(doc, f) for f in fields}
    assert {f: v for f, v in got.items() if v != m.get(f)} == {}, {f: m.get(f) for f in fields}
    assert doc.phase == FINAL


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_no_truth_table_missing(path, document):
    truth = _truth(path)
    doc = document(truth)
    assert set(truth["tables"]) & set(doc.missing_tables) == set()
    assert set(truth["tables"]) - {t.kind for t in doc.tables} == set()
    empty = {t.kind: t.empty for t in reversed(doc.tables)}  # the first table of a kind wins
    assert {k: empty.get(k) for k in truth["tables"]} == {k: s["empty"] for k, s in truth["tables"].items()}


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_empty_tables_with_their_notes(path, document):
    """A table printed empty is read as empty, on its page, with the 说明 saying why (and its 注)."""
    truth = _truth(path)
    doc = document(truth)
    wrong = []
    for kind, spec in truth["tables"].items():
        t = doc.table(kind)
        if not spec["empty"] or t is None:
            continue
        lost = [n for n in spec["notes"] if _bare(n) not in _bare(t.note)]
        if not t.empty or list(t.pages) != spec["pages"] or lost:
            wrong.append(f"{kind}: empty={t.empty} pages={list(t.pages)} note={t.note!r}; notes lost: {lost}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_table_notes(path, document):
    """Every table's notes printed under it (注：…) are its note."""
    truth = _truth(path)
    doc = document(truth)
    lost = {kind: [n for n in spec["notes"] if _bare(n) not in _bare(getattr(doc.table(kind), "note", ""))]
            for kind, spec in truth["tables"].items()}
    assert {k: v for k, v in lost.items() if v} == {}


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
