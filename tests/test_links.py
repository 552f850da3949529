"""The link step (``budget_lod.validate.links``): a stored budget and its final accounts, linked line by line.

Every generated pair (``budget_lod.sample.pairs``) is rendered, read and stored by ``ingest``; the links graph the
writer publishes with the documents must hold, for every line both documents print in the tables the pair's
truth compares, one ``bud:Execution`` per measure with the budget's figure, the 决算数 and the execution rate the
truth gives (computed here from the truth's figures, never read back from the code); the cross-document findings
are exactly the truth's differences — a 年初预算数 off the stored budget a Violation on that line, an overspend a
Warning or (covered by the 全年预算数) an Info — and nothing else. The same links come out whichever document is
stored first, the links graph is no document (``validate --all`` does not validate it as one), and pairing by
department, year and scope links nothing it doubts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from budget_lod.config import Settings
from budget_lod.pipeline import ingest
from budget_lod.rdf.iri import Minter
from budget_lod.sample.pairs import LINE_TABLES, PAIRS
from budget_lod.store import open_store
from budget_lod.store.remote import RemoteStore
from budget_lod.validate.links import Document, StoreSource, counterparts, link_pair, links_graph, stored_pairs

BASE = "http://links.example/"
NAMES = sorted(PAIRS)
CENT = Decimal("0.01")


def rate(final: Decimal, budget: Decimal) -> Decimal | None:
    return (final * 100 / budget).quantize(CENT, ROUND_HALF_UP) if budget > 0 else None


@pytest.fixture(scope="module")
def files() -> dict[str, dict[str, list[Path]]]:
    folder = Path(tempfile.mkdtemp(prefix="budget-lod-links-"))
    return {name: {role: list(paths.values()) for role, paths in PAIRS[name].write(folder / name).items()}
            for name in NAMES}


def _store(files, order: tuple[str, ...]) -> Path:
    """A store with every pair's documents ingested in ``order`` (one ingest per role; both: one batch)."""
    store = Path(tempfile.mkdtemp(prefix="budget-lod-links-store-")) / "store"
    settings = Settings.load(store=str(store), base_url=BASE)
    for roles in order:
        ingest([f for n in NAMES for r in roles.split("+") for f in files[n][r]], settings)
    return store


@pytest.fixture(scope="module")
def together(files) -> Path:
    return _store(files, ("budget+final",))


def graphs(name: str) -> tuple[str, str, str, str]:
    """(budget IRI, final accounts IRI, final accounts' graph, links graph) of a pair."""
    b = PAIRS[name].budget
    m = Minter(BASE)
    key = (b.department, b.department_code, b.fiscal_year, b.scope)
    final_graph = m.document_graph(*key, "final_accounts")
    return m.budget(*key), m.budget(*key, "final_accounts"), final_graph, links_graph(final_graph, m)


def executions(store_dir: Path | str, name: str, **remote: str) -> dict[tuple[str, str, str],
                                                                        tuple[Decimal, Decimal, Decimal | None]]:
    """(table, code, measure) → (budget amount, final amount, rate) of the pair's stored Executions."""
    _, _, _, links = graphs(name)
    v = Minter(BASE).vocab
    store = RemoteStore(str(store_dir), remote["update"], graphs_ttl=0) if remote else open_store(store_dir)
    try:
        rows = list(store.query(f"""SELECT ?kind ?code ?measure ?b ?f ?rate WHERE {{
          GRAPH <{links}> {{ ?x a <{v}Execution> ; <{v}finalItem> ?fli ; <{v}measure> ?measure ;
                             <{v}budgetAmount> ?b ; <{v}finalAmount> ?f .
                             OPTIONAL {{ ?x <{v}executionRate> ?rate }} }}
          GRAPH ?g {{ ?fli <{v}code> ?code ; <{v}inTable> ?t . ?t <{v}tableKind> ?kind }} }}"""))
    finally:
        store.close()
    out = {}
    for r in rows:
        key = (r["kind"].value.rsplit("/", 1)[-1], r["code"].value, r["measure"].value.rsplit("/", 1)[-1])
        assert key not in out, f"{key} linked twice"
        out[key] = (Decimal(r["b"].value), Decimal(r["f"].value),
                    Decimal(r["rate"].value) if r["rate"] is not None else None)
    return out


def expected(name: str) -> dict[tuple[str, str, str], tuple[Decimal, Decimal, Decimal | None]]:
    """The same from the pair's truth: every line both documents print, with the budget's figure and 决算数."""
    return {(ln.table, ln.code, ln.measure): (ln.budget, ln.final, rate(ln.final, ln.budget))
            for ln in PAIRS[name].lines if ln.budget is not None and ln.final is not None}


@pytest.mark.parametrize("name", NAMES)
def test_every_line_both_print_is_linked_with_the_truths_rate(together, name):
    got = executions(together, name)
    want = expected(name)
    assert want, "the pair compares no line: the test would prove nothing"
    compared = {k: v for k, v in got.items() if k[0] in LINE_TABLES and k[2] in LINE_TABLES[k[0]]}
    assert compared == want
    assert any(r is not None and r > 100 for _, _, r in want.values()), "the truth plants an overspend"


@pytest.mark.parametrize("name", NAMES)
def test_the_final_accounts_execute_the_budget(together, name):
    budget, final, _, links = graphs(name)
    v = Minter(BASE).vocab
    store = open_store(together)
    try:
        assert store.query(f"ASK {{ GRAPH <{links}> {{ <{final}> <{v}executes> <{budget}> }} }}") is True
        linked = int(next(iter(store.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{links}> {{ ?f <{v}executes> ?b FILTER(?f != <{final}>) }} }}"
        )))["n"].value)
    finally:
        store.close()
    lines = {(ln.table, ln.code) for ln in PAIRS[name].lines if ln.budget is not None and ln.final is not None}
    assert linked >= len(lines)  # every compared line, and the lines of the other tables both print


def _findings(store_dir: Path, name: str):
    store = open_store(store_dir)
    try:
        source = StoreSource(store)
        pairs = stored_pairs(source, Minter(BASE))
        _, final, _, _ = graphs(name)
        pair = next(p for p in pairs if p[0].iri == final)
        return link_pair(*pair, source, Minter(BASE))[1].results
    finally:
        store.close()


@pytest.mark.parametrize("name", NAMES)
def test_cross_document_findings_are_the_truths_differences(together, name):
    found = _findings(together, name)

    def line(f) -> tuple:  # a finding on a stated figure names its claim kind as code, the table's row in values
        return (f.table, f.values.get("row") if f.claim else f.code, f.measure or "total")

    violations = {line(f) for f in found if f.severity == "Violation"}
    overspent = {line(f)[:2] for f in found if f.rule == "overspend"}  # one finding per line, whatever its columns
    diffs = PAIRS[name].differences
    initial = {(d.table, d.code, d.measure) for d in diffs if d.kind == "initial_vs_budget"}
    assert initial, "the pair plants a misreported 年初预算数"
    assert violations == initial
    assert sum(1 for f in found if f.severity == "Violation") == len(initial)
    assert overspent == {(d.table, d.code) for d in diffs if d.kind == "overspend"}
    assert {f.rule for f in found} <= {"initial-vs-budget", "stated-initial-vs-budget", "overspend"}


@pytest.mark.parametrize("name", NAMES)
def test_the_stored_links_report_holds_those_findings(together, name):
    _, final, _, links = graphs(name)
    store = open_store(together)
    try:
        rows = list(store.query(f"""PREFIX sh: <http://www.w3.org/ns/shacl#>
          SELECT ?sev (COUNT(?r) AS ?n) WHERE {{ GRAPH <{links}> {{
            <{final}/links-report> a sh:ValidationReport ; sh:result ?r . ?r sh:resultSeverity ?sev }} }}
          GROUP BY ?sev"""))
    finally:
        store.close()
    stored = {r["sev"].value.rsplit("#", 1)[-1]: int(r["n"].value) for r in rows}
    found = _findings(together, name)
    counted = {s: sum(1 for f in found if f.severity == s) for s in {f.severity for f in found}}
    assert stored == counted and stored.get("Violation")


def test_the_links_do_not_depend_on_which_document_came_first(files, together):
    later = _store(files, ("final", "budget"))
    earlier = _store(files, ("budget", "final"))
    for name in NAMES:
        assert executions(later, name) == executions(together, name) == executions(earlier, name)


@pytest.mark.parametrize("server", ["oxigraph", "virtuoso"])
def test_an_external_server_gets_the_same_links(files, together, server, tmp_path):
    """Through a real Oxigraph server and a real Virtuoso: the budgets in one run, the final accounts in the next."""
    sys.path.insert(0, str(Path(__file__).parent))
    from servers import start_oxigraph, start_virtuoso

    running = {"oxigraph": start_oxigraph, "virtuoso": start_virtuoso}[server](tmp_path)
    try:
        for role in ("budget", "final"):
            r = subprocess.run([sys.executable, "-m", "budget_lod", "ingest", "--store", running.query_url,
                                "--base-url", BASE, *[str(f) for n in NAMES for f in files[n][role]]],
                               capture_output=True, text=True, timeout=600,
                               env={**os.environ, "BUDGET_LOD_UPDATE_URL": running.update_url})
            assert r.returncode == 0, r.stderr
            assert "not linked" not in r.stderr and "were not written" not in r.stderr, r.stderr
        for name in NAMES:
            assert executions(running.query_url, name, update=running.update_url) == executions(together, name)
    finally:
        running.stop()


def test_a_links_graph_is_no_document(together, tmp_path):
    store = open_store(together)
    try:
        names = [g for g, _ in store.documents()]
    finally:
        store.close()
    assert len(names) == 2 * len(NAMES)
    assert not [g for g in names if "/graph/links/" in g]


def test_validate_all_reports_each_pair_after_its_documents(together):
    r = subprocess.run([sys.executable, "-m", "budget_lod", "validate", "--all", "--store", str(together),
                        "--base-url", BASE], capture_output=True, text=True)
    assert r.returncode == 1, r.stderr  # the planted 年初预算数 are Violations
    for name in NAMES:
        _, _, final_graph, _ = graphs(name)
        assert f"== {final_graph} ↔ " in r.stdout
    assert "年初预算数" in r.stdout


# --- pairing, on documents alone ----------------------------------------------------------------------

def doc(final: bool, department: str, year: int = 2025, scope: str = "department") -> Document:
    return Document(f"g:{final}:{department}", f"d:{final}:{department}", final, department, year, scope)


def test_a_document_pairs_with_the_other_kind_of_the_same_department_year_and_scope():
    f, b = doc(True, "x/dept/001-aaa"), doc(False, "x/dept/001-aaa")
    others = [doc(False, "x/dept/001-aaa", 2024), doc(False, "x/dept/001-aaa", scope="unit"),
              doc(False, "x/dept/002-bbb"), doc(True, "x/dept/001-aaa", 2024)]
    assert counterparts(f, [f, b, *others]) == [b]
    assert counterparts(b, [f, b, *others]) == [f]


def test_by_name_only_where_one_of_the_two_prints_no_department_code():
    f = doc(True, "x/dept/aaa")  # no code printed: the name's hash alone
    assert counterparts(f, [f, doc(False, "x/dept/001-aaa")]) == [doc(False, "x/dept/001-aaa")]
    coded = doc(True, "x/dept/009-aaa")  # both coded, different codes, same name: two departments
    assert counterparts(coded, [coded, doc(False, "x/dept/001-aaa")]) == []


def test_ingest_says_what_it_linked_and_what_it_found(files, together, tmp_path):
    r = subprocess.run([sys.executable, "-m", "budget_lod", "ingest", "--store", str(tmp_path / "store"),
                        "--base-url", BASE, *[str(f) for n in NAMES for roles in files[n].values() for f in roles]],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    for name in NAMES:
        budget, final, _, _ = graphs(name)
        found = _findings(together, name)
        counts = [sum(1 for f in found if f.severity == s) for s in ("Violation", "Warning", "Info")]
        line = f"linked <{final}> → <{budget}>: {len(executions(together, name))} figures side by side; " \
               f"{counts[0]} violations, {counts[1]} warnings, {counts[2]} notes between them"
        assert line in r.stdout.splitlines()
