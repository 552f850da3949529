"""Pages that compare a budget with its final accounts ask the store the same questions however many documents
it holds: no query of theirs reads other documents, so their cost does not grow with the store.

Two stores hold the same hand-made pairs (``web/handmade_pairs.py``); the second holds 40 more departments'
budgets and final accounts using the same codes. Every query each page sends is recorded with the size of its
answer: for the budget, final-accounts, line-item, table and department pages they must be the same queries,
word for word, answering as many rows in both stores (each is bound to the page's own documents, graphs or
IRIs; a query over every document would answer more in the larger store). That is what keeps their latency
flat; the latencies themselves are measured side by side in ``bench/bench_execution.py``, not here.
"""

from __future__ import annotations

import pytest
import rdflib

from budget_lod.rdf.iri import Minter
from budget_lod.web.handmade_pairs import (
    ALONE,
    ALONE_FINAL,
    DOCUMENTS,
    PUTUO_BUDGET,
    TESTER,
    others,
    write,
)

BASE = "http://scale-execution.example/"
M = Minter(BASE)


class Recording:
    """A store that records every query sent to it and the size of its answer (rows, or triples of a graph)."""

    def __init__(self, store):
        self._store = store
        self.queries: list[tuple[str, int]] = []

    def query(self, q, *args, **kwargs):
        result = self._store.query(q, *args, **kwargs)
        if hasattr(result, "variables"):  # solutions: read once, handed on as rows
            names = [v.value if hasattr(v, "value") else str(v) for v in result.variables]
            result = [{n: s[n] for n in names if s[n] is not None} for s in result]
        self.queries.append((q, len(result) if isinstance(result, (list, rdflib.Graph)) else -1))
        return result

    def __getattr__(self, name):
        return getattr(self._store, name)


@pytest.fixture(scope="module")
def clients(tmp_path_factory):
    from budget_lod.store import open_store
    from budget_lod.web.app import create_app

    specs = [*DOCUMENTS, ALONE_FINAL, PUTUO_BUDGET]
    out = []
    for name, extra in (("small", 0), ("large", 40)):
        path = tmp_path_factory.mktemp(name) / "store"
        write(path, BASE, specs + others(extra))
        store = Recording(open_store(path, mode="read", base_iri=BASE))
        app = create_app({"STORE_DIR": str(path), "BASE_URL": BASE, "SPARQL_TIMEOUT": 10, "MAX_ROWS": 1000,
                          "PAGE_CACHE_BYTES": 0, "STORE": store})
        out.append((app.test_client(), store))
    yield out
    for _, store in out:
        store.close()


def pages() -> dict[str, str]:
    budget = M.budget(*TESTER[:2], 2024, "department")
    final = M.budget(*TESTER[:2], 2024, "department", "final_accounts")
    item = M.line_item(M.table(final, "general_budget_expenditure"), "functional", "2210201")
    return {"budget": budget, "final accounts": final, "final line item": item,
            "budget line item": item.replace("/final-accounts/", "/budget/", 1),
            "final accounts alone": M.budget(*ALONE[:2], 2024, "department", "final_accounts"),
            "observation of another phase": M.observation(item, "total", "initial_budget"),
            "department": M.department(*TESTER[:2]), "table": M.table(final, "three_public")}


@pytest.mark.parametrize("kind", list(pages()))
def test_a_page_asks_the_same_queries_whatever_the_store_holds(clients, kind):
    path = pages()[kind].replace(BASE + "id/", "/doc/", 1)
    seen = []
    for client, store in clients:
        store.queries.clear()
        r = client.get(path, headers={"Accept": "text/html"})
        assert r.status_code == 200, (kind, r.status_code)
        seen.append(list(store.queries))
    small, large = seen
    assert small and small == large, kind


def test_the_larger_store_really_is_larger(clients):
    (small, _), (large, _) = clients
    count = lambda c: c.get("/").get_data(as_text=True).split(" 份预算")[0].rsplit("· ", 1)[-1]  # noqa: E731
    assert int(count(large)) == int(count(small)) + 40 * 2  # two budgets more for each added department


def test_without_statistics_the_pages_are_the_same(clients):
    """A store that keeps no statistics (a remote SPARQL server) is asked by queries instead: the same
    budgets and final accounts, counted, listed and paired the same."""
    from budget_lod.web.app import create_app

    client, store = clients[1]  # the larger store: several home pages

    class WithoutStatistics:
        def statistics(self):
            return None

        def __getattr__(self, name):
            return getattr(store, name)

    slow = create_app({"STORE_DIR": "unused", "BASE_URL": BASE, "SPARQL_TIMEOUT": 10, "MAX_ROWS": 1000,
                       "PAGE_CACHE_BYTES": 0, "STORE": WithoutStatistics()}).test_client()
    paths = ["/", "/?page=2", "/?page=9", "/catalog.ttl?page=2&page_size=12", "/catalog?page=2&page_size=7"]
    for path in paths + [p.replace(BASE + "id/", "/doc/", 1) for p in pages().values()]:
        fast_reply, slow_reply = client.get(path, headers={"Accept": "text/html"}), slow.get(path, headers={"Accept": "text/html"})
        assert fast_reply.status_code == slow_reply.status_code == 200, path
        if path.startswith("/catalog.ttl"):  # blank-node distributions: the same graph, in any order
            from rdflib.compare import isomorphic

            graphs = [rdflib.Graph().parse(data=r.get_data(as_text=True), format="turtle") for r in (fast_reply, slow_reply)]
            assert len(graphs[0]) > 100 and isomorphic(*graphs), path
        else:
            assert fast_reply.get_data(as_text=True) == slow_reply.get_data(as_text=True), path
