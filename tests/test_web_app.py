"""The web layer's small parts: format negotiation, query parameters, URI kinds, the app factory."""

from __future__ import annotations

from decimal import Decimal

import pytest
import rdflib
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from budget_lod.errors import ConfigError
from budget_lod.rdf.iri import Minter
from budget_lod.web import queries, uris
from budget_lod.web.app import amount, create_app
from budget_lod.web.formats import DATA_FORMATS, DOC_FORMATS, negotiate, split_suffix
from budget_lod.web.paths import find_site_dir


def accept(header: str) -> MIMEAccept:
    return parse_accept_header(header, MIMEAccept)


@pytest.mark.parametrize("header,offered,expected", [
    ("text/turtle", DOC_FORMATS, "turtle"),
    ("text/turtle;q=0.5, application/ld+json", DOC_FORMATS, "jsonld"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", DOC_FORMATS, "html"),
    ("*/*", DOC_FORMATS, "html"),  # people first for resource documents
    ("*/*", DATA_FORMATS, "turtle"),  # machines first for the catalog
    ("application/xml", DOC_FORMATS, "rdfxml"),
    ("text/*", DATA_FORMATS, "turtle"),
    ("application/n-triples", DATA_FORMATS, "nt"),
])
def test_negotiation_picks_the_best_offered_format(header, offered, expected):
    assert negotiate(accept(header), offered).name == expected


def test_negotiation_without_a_match_is_none_and_without_accept_is_the_default():
    assert negotiate(accept("image/png"), DOC_FORMATS) is None
    assert negotiate(accept(""), DATA_FORMATS).name == "turtle"


def test_suffixes():
    assert split_suffix("budget/a/2025/department.ttl")[0] == "budget/a/2025/department"
    assert split_suffix("x.jsonld")[1].media_type == "application/ld+json"
    assert split_suffix("x.rdf")[1].name == "rdfxml"
    assert split_suffix("functional/201") == ("functional/201", None)


def test_query_parameters_are_checked_and_escaped():
    q = "SELECT * WHERE { $s ?p $o }"
    out = queries.bind(q, {"s": rdflib.URIRef("http://x.test/id/a"), "o": 'say "hi"\n'})
    assert out == 'SELECT * WHERE { <http://x.test/id/a> ?p "say \\"hi\\"\\n" }'
    with pytest.raises(ValueError):
        queries.bind(q, {"s": rdflib.URIRef("http://x.test/> } ; DROP ALL ; <x"), "o": 1})
    with pytest.raises(KeyError):
        queries.bind(q, {"s": rdflib.URIRef("http://x.test/a")})
    assert queries.bind("LIMIT $n", {"n": 5}) == "LIMIT 5"


def test_a_query_over_graphs_reads_those_graphs_only(tmp_path):
    import pyoxigraph as ox

    store = ox.Store(str(tmp_path / "db"))
    g = [f"http://x.test/graph/{n}" for n in range(3)]
    for n, name in enumerate(g):  # the same subject stated in three graphs, a different label in each
        store.add(ox.Quad(ox.NamedNode("http://x.test/id/c"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                          ox.Literal(f"label {n}"), ox.NamedNode(name)))
    q = "# a comment naming WHERE { to skip\nSELECT ?g ?l WHERE { GRAPH ?g { $s rdfs:label ?l } } ORDER BY ?l"
    text = queries.prefixes("http://x.test/def/budget#", "http://x.test/def/shapes#") + queries.over_graphs(
        q, [g[0], g[2]], {"s": rdflib.URIRef("http://x.test/id/c")})
    assert [(s["g"].value, s["l"].value) for s in store.query(text)] == [(g[0], "label 0"), (g[2], "label 2")]
    with pytest.raises(ValueError):
        queries.over_graphs(q, [], {"s": rdflib.URIRef("http://x.test/id/c")})  # no graphs is not "every graph"
    with pytest.raises(ValueError):
        queries.over_graphs(q, ["http://x.test/> } ; DROP ALL ; <x"], {"s": rdflib.URIRef("http://x.test/id/c")})


def test_every_named_query_of_the_web_parses():
    from rdflib.plugins.sparql import prepareQuery

    names = sorted(p.stem for p in queries.QUERY_DIR.glob("web_*.rq"))
    assert len(names) > 10
    for name in names:
        params = {p: rdflib.URIRef("http://x.test/id/p") for p in queries._PARAM.findall(queries.load(name))}
        params.update({k: 1 for k in ("limit", "offset") if k in params})
        prepareQuery(queries.prefixes("http://x.test/def/budget#", "http://x.test/def/shapes#")
                     + queries.bind(queries.load(name), params))


def test_uri_kinds_follow_the_minting_scheme():
    m = Minter("http://x.test/")
    budget = m.budget("某某局", "434", 2025, "department")
    table = m.table(budget, "general_budget_expenditure")
    item = m.line_item(table, "functional", "2010301")
    project = m.project(budget, "P-01")
    cases = {
        m.department("某某局", "434"): "department", budget: "budget", m.source(budget): "source",
        m.dataset(budget): "dataset", m.report(budget): "report", table: "table", item: "line_item",
        m.observation(item, "total"): "observation", project: "project", m.indicator(project, 2): "indicator",
        m.claim(budget, 1): "claim", m.concept("economic", "30101"): "code", m.scheme("functional"): "scheme",
    }
    for iri, kind in cases.items():
        assert uris.classify(iri[len("http://x.test/id/"):])[0] == kind, iri


def test_amounts_are_formatted_exactly():
    assert amount(Decimal("1234567.5")) == "1,234,567.50"
    assert amount(Decimal("9540600")) == "9,540,600.00"
    assert amount(None) == ""


def test_app_factory_config(tmp_path):
    app = create_app({"STORE_DIR": str(tmp_path), "BASE_URL": "https://budget.example.test/a", "SPARQL_TIMEOUT": 2,
                      "MAX_ROWS": 10})
    assert app.config["BASE_URL"] == "https://budget.example.test/a/"
    rules = {r.rule for r in app.url_map.iter_rules()}
    assert {"/", "/id/<path:path>", "/doc/<path:path>", "/catalog", "/.well-known/void", "/dumps/", "/sparql"} <= rules
    assert (find_site_dir() / "templates" / "base.html").is_file()
    with pytest.raises(ConfigError):
        find_site_dir(tmp_path)
