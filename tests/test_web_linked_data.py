"""Linked data on the real server behind a (simulated) reverse proxy: 303s, conneg, suffixes, 404/406, ETag.

The server binds 127.0.0.1:<port> while its public base is http://budget.example.test/; requests carry the
path only, as a proxy forwards them, and every minted URI, redirect and link must use the public base.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from budget_lod.rdf.iri import Minter
from budget_lod.web.handmade import fill_store
from budget_lod.web.testing import fetch, local_path, shared_server

PUBLIC = "http://budget.example.test/"
M = Minter(PUBLIC)
BUDGET = M.budget("平乡县测试局", "901", 2025, "department")
ITEM = M.line_item(M.table(BUDGET, "general_budget_expenditure"), "functional", "2010301")
BUD = rdflib.Namespace(M.vocab)

RDF_FORMATS = {  # media type → (suffix, rdflib parser)
    "text/turtle": (".ttl", "turtle"),
    "application/ld+json": (".jsonld", "json-ld"),
    "application/n-triples": (".nt", "nt"),
    "application/rdf+xml": (".rdf", "xml"),
}


@pytest.fixture(scope="module")
def server():
    return shared_server("proxy", fill_store, base_url=PUBLIC)


def doc_path(iri: str) -> str:
    return "/doc/" + iri[len(PUBLIC + "id/"):]


def parse(reply, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=reply.body, format=fmt, publicID=PUBLIC)


def test_id_answers_303_to_its_document_on_the_public_base(server):
    r = fetch(server, local_path(server, BUDGET))
    assert r.status == 303
    assert r.headers["location"] == PUBLIC + "doc/" + BUDGET[len(PUBLIC + "id/"):]


@pytest.mark.parametrize("media_type", sorted(RDF_FORMATS))
def test_document_negotiates_every_rdf_format_with_the_same_graph(server, media_type):
    suffix, parser = RDF_FORMATS[media_type]
    by_accept = fetch(server, doc_path(BUDGET), {"Accept": media_type})
    by_suffix = fetch(server, doc_path(BUDGET) + suffix)
    assert by_accept.status == by_suffix.status == 200
    assert by_accept.media_type == by_suffix.media_type == media_type
    assert "Accept" in by_accept.headers["vary"]
    g = parse(by_accept, parser)
    assert (rdflib.URIRef(BUDGET), RDF.type, BUD.Budget) in g
    assert isomorphic(g, parse(by_suffix, parser))
    reference = parse(fetch(server, doc_path(BUDGET) + ".nt"), "nt")
    assert isomorphic(g, reference)


def test_browsers_get_html_and_every_response_links_its_alternates(server):
    r = fetch(server, doc_path(BUDGET), {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert r.status == 200 and r.media_type == "text/html"
    links = r.headers["link"]
    for media_type, (suffix, _) in RDF_FORMATS.items():
        assert f'<{PUBLIC}doc/{BUDGET[len(PUBLIC + "id/"):]}{suffix}>; rel="alternate"; type="{media_type}"' in links
    assert "127.0.0.1" not in r.text()  # every link on the page uses the public base


def test_unservable_accept_is_406_and_unknown_resources_are_404(server):
    assert fetch(server, doc_path(BUDGET), {"Accept": "application/pdf"}).status == 406
    assert fetch(server, "/doc/budget/nobody/2025/department", {"Accept": "text/turtle"}).status == 404
    assert fetch(server, "/doc/budget/nobody/2025/department.ttl").status == 404
    assert fetch(server, "/doc/functional/9999999").status == 404


def test_etag_and_if_none_match_give_304(server):
    first = fetch(server, doc_path(ITEM) + ".ttl")
    etag = first.headers["etag"]
    again = fetch(server, doc_path(ITEM) + ".ttl", {"If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    other = fetch(server, doc_path(ITEM) + ".jsonld", {"If-None-Match": etag})
    assert other.status == 200  # a different representation has a different ETag


def test_line_item_amounts_are_exact_yuan(server):
    g = parse(fetch(server, doc_path(ITEM) + ".ttl"), "turtle")
    # the line item's own description; its total observation is described at its own URI
    assert (rdflib.URIRef(ITEM), BUD.code, rdflib.Literal("2010301")) in g
    obs = parse(fetch(server, doc_path(M.observation(ITEM, "total")) + ".ttl"), "turtle")
    amounts = [Decimal(str(o)) for o in obs.objects(rdflib.URIRef(M.observation(ITEM, "total")), BUD.amount)]
    assert amounts == [Decimal("100.00") * 10000]  # printed 100.00 万元


def test_every_minted_uri_in_the_store_dereferences(server):
    dump = rdflib.Dataset()
    dump.parse(data=fetch(server, "/dumps/all.nq").body, format="nquads")
    minted = {str(t) for q in dump.quads() for t in (q[0], q[2])
              if isinstance(t, rdflib.URIRef) and str(t).startswith(PUBLIC + "id/")}
    kinds = {u[len(PUBLIC + "id/"):].split("/")[0] for u in minted}
    assert {"department", "budget", "functional", "economic", "measure"} <= kinds
    failures = []
    for iri in sorted(minted):
        redirect = fetch(server, local_path(server, iri))
        if redirect.status != 303:
            failures.append((iri, "id", redirect.status))
            continue
        doc = fetch(server, local_path(server, redirect.headers["location"]), {"Accept": "text/turtle"})
        if doc.status != 200:
            failures.append((iri, "doc", doc.status))
    assert not failures, failures[:10]
    assert len(minted) > 100


def test_named_graphs_serve_their_triples(server):
    graph = M.document_graph("平乡县测试局", "901", 2025, "department")
    r = fetch(server, local_path(server, graph), {"Accept": "text/turtle"})
    assert r.status == 200
    g = parse(r, "turtle")
    assert (rdflib.URIRef(BUDGET), RDF.type, BUD.Budget) in g
    assert fetch(server, local_path(server, graph + "/report") + ".nt").status == 200
    assert fetch(server, "/graph/nobody/2025/department").status == 404


@pytest.mark.parametrize("which", ["budget", "shapes"])
def test_ontology_and_shapes_at_their_namespace_documents(server, which):
    r = fetch(server, f"/def/{which}", {"Accept": "text/turtle"})
    assert r.status == 200 and r.media_type == "text/turtle"
    g = parse(r, "turtle")
    if which == "budget":
        assert (rdflib.URIRef(PUBLIC + "def/budget"), RDF.type, OWL.Ontology) in g
        assert (BUD.Budget, RDF.type, OWL.Class) in g
    else:
        assert any(str(s).startswith(PUBLIC + "def/shapes#") for s in g.subjects())
    assert fetch(server, f"/def/{which}.jsonld").media_type == "application/ld+json"
    assert fetch(server, f"/def/{which}", {"Accept": "text/html"}).media_type == "text/html"


def test_head_is_answered_like_get(server):
    r = fetch(server, "/catalog", method="HEAD")
    assert r.status == 200 and r.body == b"" and r.media_type == "text/turtle"


def test_project_and_indicator_pages(server):
    project = M.project(BUDGET, "P001")
    html = fetch(server, doc_path(project), {"Accept": "text/html"}).text()
    indicators_table = html.split("绩效指标", 1)[1].split("</table>", 1)[0]
    assert "信息化运维项目" in html and indicators_table.count(f'<a href="{project}/indicator/') == 2
    indicator = fetch(server, doc_path(M.indicator(project, 1)), {"Accept": "text/html"}).text()
    assert "系统运维数量" in indicator and "≥3套" in indicator and "产出指标" in indicator
    assert 'type="application/ld+json"' in indicator


def test_code_page_lists_the_classification_across_budgets(server):
    html = fetch(server, doc_path(M.concept("functional", "2010301")), {"Accept": "text/html"}).text()
    # 行政运行 appears in both years of 平乡县测试局 and in the 上海 budget
    assert html.count(f'href="{PUBLIC}id/budget/') >= 3
    for amount in ("1,000,000.00", "1,200,000.00", "9,540,600.00"):  # 100.00 and 120.00 万元; 9,540,600.00 元
        assert amount in html


def test_code_page_matrix_of_departments_and_years(server):
    """行政运行 (2010301): 平乡县测试局 100.00 万元 (2025) and 120.00 万元 (2024), 上海 9,540,600.00 元 (2025): one row
    per department, one column per year, newest first, and the year's total over departments."""
    import re

    html = fetch(server, doc_path(M.concept("functional", "2010301")), {"Accept": "text/html"}).text()
    matrix = html.split('class="amounts code-matrix"', 1)[1].split("</table>", 1)[0]
    years = [int(y) for y in re.findall(r'<th class="num">(\d{4}) 年', matrix)]
    assert years == [2025, 2024]
    rows = {re.sub(r"<[^>]+>", "", r[0]).strip(): [re.sub(r"<[^>]+>", "", c).strip() for c in r[1:]]
            for r in (re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S) for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", matrix, re.S))
            if r}
    assert rows["平乡县测试局"] == ["1,000,000.00", "1,200,000.00"]
    assert rows["上海市普陀区测试办公室"] == ["9,540,600.00", ""]
    total_2025 = Decimal("100.00") * 10000 + Decimal("9540600.00")
    assert rows["合计 Total of these departments"] == [f"{total_2025:,.2f}", "1,200,000.00"]
    # narrower codes link to their own pages
    narrower = fetch(server, doc_path(M.concept("functional", "201")), {"Accept": "text/html"}).text()
    assert f'<a href="{M.concept("functional", "20103")}">' in narrower


def test_line_item_page_shows_its_classification_path(server):
    """2010301 行政运行 sits under 20103 and 201 (as the hand-made budget prints them): 类 → 款 → 项, each
    linked to its code page with its printed name."""
    import re

    html = fetch(server, doc_path(ITEM), {"Accept": "text/html"}).text()
    path = html.split('class="class-path"', 1)[1].split("</ol>", 1)[0]
    steps = [(iri, code, name.strip()) for iri, code, name in
             re.findall(r'<a href="([^"]+)"><span class="code">(\d+)</span>([^<]*)</a>', path)]
    assert steps == [(M.concept("functional", "201"), "201", "一般公共服务支出"),
                     (M.concept("functional", "20103"), "20103", "政府办公厅(室)及相关机构事务"),
                     (M.concept("functional", "2010301"), "2010301", "行政运行")]
