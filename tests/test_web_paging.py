"""Pages that stay the same size as the store grows: home, code pages, catalog and VoID, paged.

Seven synthetic budgets are served with small pages. Paging through each list must give every item once,
in order; and what the pages show from the statistics the store keeps at ingest must be exactly what the
same site shows when it has to ask the store by queries (a store without statistics, such as a remote
SPARQL server).
"""

from __future__ import annotations

import re

import pytest
import rdflib
from rdflib.namespace import RDF, VOID

from budget_lod.rdf.iri import Minter

BASE = "http://paging.example/"
M = Minter(BASE)
HYDRA = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")
BUDGETS = 7


class WithoutStatistics:
    """The same store, as a store that keeps no statistics would be read."""

    def __init__(self, store):
        self._store = store

    def statistics(self):
        return None

    def __getattr__(self, name):
        return getattr(self._store, name)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    from budget_lod.store import open_store
    from budget_lod.store.synthetic import fill

    path = tmp_path_factory.mktemp("paging") / "store"
    with open_store(path, mode="write") as s:
        fill(s, M, departments=BUDGETS, rows_per_class=2)
    return path


def app_for(store_dir, hide_statistics: bool):
    from budget_lod.store import open_store
    from budget_lod.web.app import create_app

    store = open_store(store_dir, mode="read", base_iri=BASE)
    app = create_app({"STORE_DIR": str(store_dir), "BASE_URL": BASE, "SPARQL_TIMEOUT": 10, "MAX_ROWS": 1000,
                      "PAGE_CACHE_BYTES": 0, "HOME_PAGE_SIZE": 3, "CODE_PAGE_SIZE": 2,
                      "STORE": WithoutStatistics(store) if hide_statistics else store})
    return app, store


@pytest.fixture(scope="module")
def clients(store_dir):
    apps = [app_for(store_dir, hide) for hide in (False, True)]
    yield [app.test_client() for app, _ in apps]
    for _, store in apps:
        store.close()


def budget_links(html: str) -> list[str]:
    return re.findall(r'<a class="budget-link" href="([^"]+)"', html)


def test_home_pages_list_every_budget_once_in_order(clients):
    fast, slow = clients
    seen = []
    for page in (1, 2, 3):
        html = fast.get(f"/?page={page}").get_data(as_text=True)
        assert html == slow.get(f"/?page={page}").get_data(as_text=True)
        links = budget_links(html)
        assert 1 <= len(links) <= 3
        seen += links
        assert f"{BUDGETS} 份预算" in html and f"{BUDGETS} 个部门" in html
        assert ('rel="next"' in html) == (page < 3)
    assert len(seen) == len(set(seen)) == BUDGETS
    assert seen == [M.budget(f"测试部门{d:03d}", f"{900 + d}", 2025, "department") for d in range(1, BUDGETS + 1)]
    assert fast.get("/?page=4").status_code == 404 and fast.get("/?page=x").status_code == 400


def catalog_page(client, page: int, size: int) -> rdflib.Graph:
    return rdflib.Graph().parse(data=client.get(f"/catalog.ttl?page={page}&page_size={size}").data, format="turtle")


def test_catalog_pages_are_the_same_from_statistics_and_from_queries(clients):
    from rdflib.compare import isomorphic
    from rdflib.namespace import DCAT

    fast, slow = clients
    found = []
    for page in (1, 2, 3):
        g, reference = catalog_page(fast, page, 3), catalog_page(slow, page, 3)
        assert isomorphic(g, reference)
        (view,) = g.subjects(RDF.type, HYDRA.PagedCollection)
        assert int(g.value(view, HYDRA.totalItems)) == BUDGETS
        found += sorted(str(d) for d in g.subjects(RDF.type, DCAT.Dataset))
    assert len(set(found)) == BUDGETS


def test_void_counts_kept_at_ingest_are_the_counted_ones_and_subsets_page(clients):
    fast, slow = clients
    graphs = []
    for page in range(1, 6):
        reply = fast.get(f"/.well-known/void.ttl?page={page}&page_size=3")
        if reply.status_code == 404:
            break
        assert reply.data == slow.get(f"/.well-known/void.ttl?page={page}&page_size=3").data
        g = rdflib.Graph().parse(data=reply.data, format="turtle")
        (root,) = [s for s in g.subjects(RDF.type, VOID.Dataset) if g.value(s, VOID.sparqlEndpoint)]
        graphs += [str(x) for x in g.objects(root, VOID.subset)]
        assert int(g.value(root, VOID.triples)) > 1000 and int(g.value(root, VOID.distinctSubjects)) > 100
    assert len(graphs) == len(set(graphs)) == 2 * BUDGETS


def code_items(html: str) -> list[str]:
    """The lines a code page lists (none: the budgets of this page do not use the code)."""
    if '<details class="occurrences">' not in html:
        return []
    block = html.split('<details class="occurrences">', 1)[1].split("</details>", 1)[0]
    return re.findall(r'<td><a href="([^"]+/table/[^"]+)">', block)


def test_a_code_used_by_many_lines_pages_through_the_budgets(clients, store_dir, monkeypatch):
    from budget_lod.store import open_store
    from budget_lod.web import code_pages as pages

    with open_store(store_dir, mode="read") as s:
        rows = list(s.query(f"SELECT ?c (COUNT(?i) AS ?n) WHERE {{ ?i <{M.vocab}classification> ?c . "
                            "FILTER(STRLEN(STR(?c)) = STRLEN(\"" + M.concept("functional", "201") + "\")) } "
                            "GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 1"))
        concept, lines = rows[0]["c"].value, int(rows[0]["n"].value)
        every = sorted(r["i"].value for r in s.query(f"SELECT ?i WHERE {{ ?i <{M.vocab}classification> <{concept}> }}"))
    assert lines == len(every) > 4
    monkeypatch.setattr(pages, "LIST_ALL_UP_TO", 4)  # so this code counts as used by many lines
    fast, slow = clients
    path = concept.replace(BASE + "id/", "/doc/", 1)
    seen = []
    for page in (1, 2, 3, 4):
        html = fast.get(f"{path}?page={page}").get_data(as_text=True)
        assert html == slow.get(f"{path}?page={page}").get_data(as_text=True)
        assert f"of {BUDGETS} that use this code" in html
        assert ('rel="next"' in html) == (page < 4)
        seen += code_items(html)
    assert sorted(seen) == every  # each line once, over the pages
    monkeypatch.setattr(pages, "LIST_ALL_UP_TO", 1000)
    html = fast.get(path).get_data(as_text=True)
    assert sorted(code_items(html)) == every and 'rel="next"' not in html  # few enough: all on one page
    assert html == slow.get(path).get_data(as_text=True)
