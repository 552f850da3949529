"""The statistics a writer keeps with each checkpoint (store/statistics.py) are what counting finds.

After every kind of write — one document, a replaced document, a removed one, a bulk batch — the
statistics published with the checkpoint are compared with the same figures counted from scratch: by
SPARQL over the published checkpoint (quads, distinct subjects, budgets, code concepts) and by
:func:`statistics.full`. The synthetic budgets share code concepts and departments across graphs, so
the incremental distinct-subject count is exercised where it is hard.
"""

from __future__ import annotations

import random

import pytest

from budget_lod.rdf.iri import Minter
from budget_lod.store import open_store, statistics
from budget_lod.store.bulk import StagedDocument
from budget_lod.store.convert import quads_of
from budget_lod.store.synthetic import Facts, budget

BASE = "http://stats.example/"
MINTER = Minter(BASE)


def synthetic(dept: int, year: int, seed: int = 1):
    """(graph, data, report graph, report) of one synthetic budget."""
    return budget(MINTER, dept, year, 2, random.Random(seed * 1000 + dept * 10 + year), Facts())


def staged(doc) -> StagedDocument:
    import pyoxigraph as ox

    g, data, rg, report = doc
    quads = list(quads_of(g, data)) + list(quads_of(rg, report))
    return StagedDocument(g, rg, ox.serialize(quads, format=ox.RdfFormat.N_QUADS), token=g)


def counted(store_dir) -> dict:
    """The figures, counted by SPARQL on what readers see."""
    with open_store(store_dir, mode="read") as s:
        def one(q: str) -> int:
            return int(next(iter(s.query(q)))["n"].value)

        return {
            "quads": one("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
            "subjects": one("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
            "graphs": sorted(s.named_graphs()),
            "budgets": one(f"SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE {{ ?b a <{MINTER.vocab}Budget> }}"),
            "concepts": one("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <http://www.w3.org/2004/02/skos/core#Concept> ;"
                            " <http://www.w3.org/2004/02/skos/core#notation> ?x }"),
        }


def kept(store_dir) -> statistics.Statistics:
    with open_store(store_dir, mode="read") as s:
        stats = s.statistics()
    assert stats is not None
    return stats


def check(store_dir) -> statistics.Statistics:
    stats, expected = kept(store_dir), counted(store_dir)
    assert stats.quads == expected["quads"]
    assert stats.subjects == expected["subjects"]
    assert stats.graph_names == expected["graphs"]
    assert len(stats.budgets) == expected["budgets"]
    assert len(stats.concepts) == expected["concepts"]
    with open_store(store_dir, mode="write") as w:  # and what a recount from scratch finds
        recount = statistics.full(w._writable())
    assert recount.subjects == stats.subjects
    assert {k: v.to_json() for k, v in recount.graphs.items()} == {k: v.to_json() for k, v in stats.graphs.items()}
    assert {k: v.to_json() for k, v in recount.concepts.items()} == {k: v.to_json() for k, v in stats.concepts.items()}
    return stats


def test_statistics_follow_every_kind_of_write(tmp_path):
    store_dir = tmp_path / "store"
    with open_store(store_dir, mode="write") as w:
        for dept in (1, 2, 3):
            w.replace_document(*synthetic(dept, 2025))
    stats = check(store_dir)
    assert [b.year for b in stats.budgets] == [2025, 2025, 2025]
    assert [b.department_name for b in stats.budgets] == ["测试部门001", "测试部门002", "测试部门003"]

    with open_store(store_dir, mode="write") as w:
        w.replace_document(*synthetic(2, 2025, seed=2))  # the same budget, other figures and codes
        g, _, rg, _ = synthetic(3, 2025)
        w.remove_document(g, rg)
    stats = check(store_dir)
    assert len(stats.budgets) == 2

    with open_store(store_dir, mode="write") as w:
        with w.bulk(max_documents=2) as bulk:
            published = []
            for dept, year in ((1, 2024), (4, 2025), (2, 2025), (5, 2026)):
                published += bulk.add(staged(synthetic(dept, year, seed=3)))
            assert len(published) == 4 - bulk.pending  # batches of two published as they filled
    stats = check(store_dir)
    assert [(b.department_name, b.year) for b in stats.budgets] == [
        ("测试部门001", 2025), ("测试部门001", 2024), ("测试部门002", 2025), ("测试部门004", 2025), ("测试部门005", 2026)]
    assert stats.departments == 4


def test_code_concepts_merge_labels_and_paths(tmp_path):
    store_dir = tmp_path / "store"
    with open_store(store_dir, mode="write") as w:
        for dept in range(1, 5):
            w.replace_document(*synthetic(dept, 2025))
    stats = check(store_dir)
    leaf = next(iri for iri, c in stats.concepts.items() if len(c.notation) == 7)
    path = stats.path(leaf)
    assert [len(stats.concepts[c].notation) for c in path] == [7, 5, 3]
    cls = path[-1]
    assert path[1] in stats.narrower[cls]
    assert stats.concepts[cls].graphs == sum(1 for g in stats.graphs if not g.endswith("/report")
                                             and cls in _concepts_of(store_dir, g))


def _concepts_of(store_dir, graph: str) -> set[str]:
    with open_store(store_dir, mode="read") as s:
        rows = s.query(f"SELECT DISTINCT ?c WHERE {{ GRAPH <{graph}> {{ ?c a <http://www.w3.org/2004/02/skos/core#Concept> }} }}")
        return {r["c"].value for r in rows}


def test_a_store_without_statistics_gets_them_at_its_next_write(tmp_path):
    from budget_lod.store.checkpoints import Layout

    store_dir = tmp_path / "store"
    with open_store(store_dir, mode="write") as w:
        w.replace_document(*synthetic(1, 2025))
    layout = Layout(store_dir)
    layout.stats(layout.read_current()).unlink()  # as a store written before statistics were kept
    with open_store(store_dir, mode="read") as s:
        assert s.statistics() is None
    with open_store(store_dir, mode="write") as w:
        w.replace_document(*synthetic(2, 2025))
    check(store_dir)


@pytest.mark.parametrize("bad", ["garbage", '{"format": 999}'])
def test_unreadable_statistics_are_none_not_an_error(tmp_path, bad):
    path = tmp_path / "x.stats.json"
    path.write_text(bad, encoding="utf-8")
    if bad == "garbage":
        with pytest.raises(ValueError):
            statistics.Statistics.load(path)
    else:
        assert statistics.Statistics.load(path) is None
