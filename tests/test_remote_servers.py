"""budget-lod on real external SPARQL servers: Oxigraph server and Virtuoso, started for real.

For each server (a session fixture: a real process on free loopback ports, stopped at the end) the bundled
sample PDF is ingested with the real CLI (``budget-lod ingest --store URL`` + ``BUDGET_LOD_UPDATE_URL``),
validated (``budget-lod validate --all --store URL``) and served (``budget-lod serve`` on the URL). Every
answer is compared with the embedded store's for the same PDF under the same public base: the stored
graphs (isomorphic), the amounts (exact Decimals, to the fen), the pages' printed tables (and their own
arithmetic: 合计 = Σ 类), a line item's Turtle, a SPARQL SELECT through SPARQLWrapper, the catalog.
Failed writes leave the remote store as it was; the read-only guard answers before anything is sent.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from decimal import Decimal

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from budget_lod.errors import StoreError
from budget_lod.store import QueryRefused, RemoteStore, open_store
from budget_lod.store.remote_writes import STAGING_PREFIX
from budget_lod.web.testing import fetch, local_path, only_budget, printed_rows, run_server

from servers import Listener, start_oxigraph, start_virtuoso

BASE = "http://budget.example/"  # the same public base for every store, so the same IRIs are minted
BUD = rdflib.Namespace(BASE + "def/budget#")
XSD_DECIMAL = rdflib.XSD.decimal


def cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    import os

    environ = dict(os.environ, BUDGET_LOD_BASE_URL=BASE, **env)
    return subprocess.run([sys.executable, "-m", "budget_lod", *args], capture_output=True, text=True,
                          timeout=300, env=environ)


def json_reports(stdout: str) -> list[dict]:
    decoder, text, out = json.JSONDecoder(), stdout.strip(), []
    while text:
        obj, end = decoder.raw_decode(text)
        out.append(obj)
        text = text[end:].strip()
    return out


class Deployment:
    """One store with the sample ingested, validated (remote stores: ``validate --all``) and served."""

    def __init__(self, name, location, ingest, validate, site, sparql_server=None):
        self.name = name
        self.location = location  # a directory or the query endpoint URL
        self.ingest = ingest
        self.validate = validate
        self.site = site
        self.sparql_server = sparql_server

    def store(self, **kw):
        if self.sparql_server is None:
            return open_store(self.location, mode="read")
        return RemoteStore(self.sparql_server.query_url, self.sparql_server.update_url, graphs_ttl=0, **kw)


@pytest.fixture(scope="session")
def embedded(sample_pdf, tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("embedded") / "store"
    ingest = cli("ingest", "--store", str(store_dir), str(sample_pdf))
    assert ingest.returncode == 0, ingest.stderr
    site = run_server(store_dir, BASE)
    yield Deployment("embedded", str(store_dir), ingest, None, site)
    site.stop()


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def remote(request, sample_pdf, tmp_path_factory):
    start = {"oxigraph": start_oxigraph, "virtuoso": start_virtuoso}[request.param]
    server = start(tmp_path_factory.mktemp(request.param))
    site = None
    try:
        url = server.query_url
        ingest = cli("ingest", "--store", url, str(sample_pdf), BUDGET_LOD_UPDATE_URL=server.update_url)
        assert ingest.returncode == 0, ingest.stderr
        validate = cli("validate", "--all", "--store", url, "--format", "json")
        site = run_server(url, BASE)  # budget-lod serve with BUDGET_LOD_STORE=URL
        yield Deployment(request.param, url, ingest, validate, site, server)
    finally:
        if site is not None:
            site.stop()
        server.stop()


def timeless(graph: rdflib.Graph) -> rdflib.Graph:
    """The graph with each xsd:dateTime (the ingest record's times, different in every run) made one token."""
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and o.datatype == rdflib.XSD.dateTime:
            assert isinstance(o.toPython(), __import__("datetime").datetime), o  # a valid time, read back as one
            o = rdflib.Literal("TIME")
        out.add((s, p, o))
    return out


def nquads(deployment) -> list[str]:
    """Everything the store holds, through ``budget-lod export`` (sorted lines; blank node labels vary)."""
    r = cli("export", "--store", deployment.location, "--format", "nquads")
    assert r.returncode == 0, r.stderr
    return sorted(re.sub(r"_:\S+", "_:b", line) for line in r.stdout.splitlines())


def raw_graph_names(server) -> list[str]:
    """Every named graph on the server, asked without budget-lod's dataset (what the server really holds)."""
    data = urllib.parse.urlencode({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"}).encode()
    req = urllib.request.Request(server.query_url, data=data, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        doc = json.loads(resp.read())
    return [b["g"]["value"] for b in doc["results"]["bindings"] if "g" in b]


# --- the CLI ----------------------------------------------------------------------------------------------

def test_cli_ingests_and_validates_as_the_embedded_store(remote, embedded):
    assert f"stored 1 document(s) in {remote.location}" in remote.ingest.stdout
    summary = lambda r: r.stdout.splitlines()[0].split(": ", 1)[1]  # noqa: E731 — without the PDF's path
    assert summary(remote.ingest) == summary(embedded.ingest)
    # validate --all re-validates what the server holds: what validation found at ingest (the same counts
    # the embedded store's ingest printed; the sample has one real violation)
    assert remote.validate.returncode == 1, remote.validate.stderr
    (report,) = json_reports(remote.validate.stdout)
    assert report["document"] in remote.store().named_graphs()
    counts = re.search(r"(\d+) violations, (\d+) warnings, (\d+) notes", embedded.ingest.stdout).groups()
    found = tuple(str(sum(1 for x in report["results"] if x["severity"] == s))
                  for s in ("Violation", "Warning", "Info"))
    assert found == counts
    assert [x["rule"] for x in report["results"] if x["severity"] == "Violation"] == ["procurement-included"]


def test_stored_graphs_are_the_embedded_graphs(remote, embedded):
    local, far = embedded.store(), remote.store()
    try:
        assert far.named_graphs() == local.named_graphs()
        assert len(far.named_graphs()) == 2  # the document graph and its report graph, nothing of the server's
        for g in local.named_graphs():
            mine, theirs = to_isomorphic(timeless(local.graph(g))), to_isomorphic(timeless(far.graph(g)))
            if not isomorphic(mine, theirs):
                _, only_local, only_remote = graph_diff(mine, theirs)
                pytest.fail(f"<{g}> differs:\nembedded only {sorted(only_local)[:5]}\n"
                            f"remote only {sorted(only_remote)[:5]}")
            assert len(theirs) > 10
        budget = next(str(s) for s in local.graph(local.named_graphs()[0]).subjects(rdflib.RDF.type, BUD.Budget))
        mine, theirs = timeless(local.describe(budget)), timeless(far.describe(budget))
        assert len(theirs) > 5 and isomorphic(mine, theirs)
        assert far.incoming_count(budget) == local.incoming_count(budget) > 0
    finally:
        local.close()


def test_amounts_are_exact_to_the_fen(remote, embedded):
    local, far = embedded.store(), remote.store()
    try:
        (doc,) = [g for g in local.named_graphs() if not g.endswith("/report")]
        amounts = lambda store: sorted(o.toPython() for o in store.graph(doc).objects(None, BUD.amount))  # noqa: E731
        mine, theirs = amounts(local), amounts(far)
        assert len(mine) > 100 and all(isinstance(a, Decimal) for a in theirs)
        assert theirs == mine
    finally:
        local.close()
    # values a budget prints, written and read back on the server itself: equal as numbers, exact to the fen
    graph, report = BASE + "graph/test/decimals", BASE + "graph/test/decimals/report"
    printed = ["0.10", "0.01", "-0.01", "1234567890123.45", "100", "7872600.00", "954.06"]
    g = rdflib.Graph()
    for i, text in enumerate(printed):
        g.add((rdflib.URIRef(f"{BASE}id/test/{i}"), BUD.amount, rdflib.Literal(text, datatype=XSD_DECIMAL)))
    far.replace_document(graph, g, report, rdflib.Graph())
    try:
        back = {str(s): o for s, _, o in far.graph(graph)}
        for i, text in enumerate(printed):
            value = back[f"{BASE}id/test/{i}"]
            assert value.datatype == XSD_DECIMAL and Decimal(str(value)) == Decimal(text), (text, str(value))
        rows = list(far.query(f"SELECT (SUM(?a) AS ?t) WHERE {{ GRAPH <{graph}> {{ ?s <{BUD.amount}> ?a }} }}"))
        assert Decimal(rows[0]["t"].value) == sum(Decimal(t) for t in printed)  # summed on the server, exactly
    finally:
        far.replace_document(graph, rdflib.Graph(), report, rdflib.Graph())  # emptied: unlisted again
    assert graph not in far.named_graphs()


# --- the served site --------------------------------------------------------------------------------------

def test_home_and_budget_page_print_the_same_figures(remote, embedded):
    home = fetch(remote.site, "/", {"Accept": "text/html"})
    assert home.status == 200, remote.site.log.read_text(errors="replace")[-3000:]
    links = lambda html: sorted(set(re.findall(r'href="([^"]*/budget/[^"]*)"', html)))  # noqa: E731
    assert links(home.text()) == links(fetch(embedded.site, "/", {"Accept": "text/html"}).text()) != []
    budget = only_budget(remote.site)
    assert budget == only_budget(embedded.site)
    path = local_path(remote.site, budget.replace("/id/", "/doc/", 1))
    page, reference = (fetch(d.site, path, {"Accept": "text/html"}) for d in (remote, embedded))
    assert page.status == reference.status == 200
    rows = printed_rows(page.text(), "general_budget_expenditure")
    assert rows == printed_rows(reference.text(), "general_budget_expenditure")
    as_decimal = lambda s: Decimal(s.replace(",", "")) if s else Decimal(0)  # noqa: E731
    total = next(r for r in rows if r[0] == "")  # the 合计 row has no code
    classes = [r for r in rows if len(r[0]) == 3]
    assert len(classes) >= 2 and sum(as_decimal(r[2]) for r in classes) == as_decimal(total[2])


def test_line_item_turtle_is_the_same_graph(remote, embedded):
    budget = only_budget(remote.site)
    page = local_path(remote.site, budget.replace("/id/", "/doc/", 1))
    html = fetch(remote.site, page, {"Accept": "text/html"}).text()
    item = re.search(r'href="(' + re.escape(budget) + r'/table/general_budget_expenditure/functional/\d{7})"', html)
    assert item, "no line item linked from the budget page"
    path = local_path(remote.site, item.group(1).replace("/id/", "/doc/", 1)) + ".ttl"
    graphs = []
    for d in (remote, embedded):
        reply = fetch(d.site, path)
        assert reply.status == 200 and reply.media_type == "text/turtle"
        graphs.append(rdflib.Graph().parse(data=reply.body, format="turtle"))
    assert len(graphs[0]) > 3 and isomorphic(graphs[0], graphs[1])
    assert list(graphs[0].objects(rdflib.URIRef(item.group(1)), BUD.code))


def test_sparql_select_through_sparqlwrapper(remote, embedded):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    query = f"""PREFIX bud: <{BUD}>
        SELECT ?g (COUNT(*) AS ?triples) (SUM(?a) AS ?amounts) WHERE {{
          GRAPH ?g {{ ?s ?p ?o OPTIONAL {{ FILTER(?p = bud:amount) BIND(?o AS ?a) }} }}
        }} GROUP BY ?g ORDER BY ?g"""
    answers = []
    for d in (remote, embedded):
        w = SPARQLWrapper(d.site.bind_url + "sparql")
        w.setQuery(query)
        w.setReturnFormat(JSON)
        w.setMethod(POST)
        rows = w.query().convert()["results"]["bindings"]
        answers.append([(r["g"]["value"], int(r["triples"]["value"]), Decimal(r["amounts"]["value"]) if "amounts" in r
                         else None) for r in rows])
    assert answers[0] == answers[1]
    assert len(answers[0]) == 2 and answers[0][0][1] > 1000  # the document graph and its report
    # the default graph is the union of the document's graphs (no server graphs mixed in)
    w = SPARQLWrapper(remote.site.bind_url + "sparql")
    w.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    w.setReturnFormat(JSON)
    n = int(w.query().convert()["results"]["bindings"][0]["n"]["value"])
    assert n == sum(count for _, count, _ in answers[0])
    # ASK (Virtuoso answers it as a row) and CONSTRUCT (N-Triples from the server, Turtle from the site)
    for text, expected in ((f"ASK {{ ?b a <{BUD.Budget}> }}", True), (f"ASK {{ ?b a <{BUD.Nothing}> }}", False)):
        w.setQuery(text)
        assert w.query().convert()["boolean"] is expected
    # (no blank node objects: hundreds of indistinguishable leaf blank nodes make isomorphism exponential)
    construct = f"CONSTRUCT {{ ?b ?p ?o }} WHERE {{ ?b a <{BUD.Budget}> ; ?p ?o FILTER(!isBlank(?o)) }}"
    graphs = []
    for d in (remote, embedded):
        reply = fetch(d.site, "/sparql?query=" + urllib.parse.quote(construct), {"Accept": "text/turtle"})
        assert reply.status == 200 and reply.media_type == "text/turtle"
        graphs.append(timeless(rdflib.Graph().parse(data=reply.body, format="turtle")))
    assert len(graphs[0]) > 5 and isomorphic(graphs[0], graphs[1])


def test_catalog_is_the_same(remote, embedded):
    graphs = [timeless(rdflib.Graph().parse(data=fetch(d.site, "/catalog.ttl").body, format="turtle"))
              for d in (remote, embedded)]
    # a remote store keeps no source PDFs (no directory): the embedded site's PDF distribution (its download
    # URL, media type and file type) is the one thing its catalog has more
    names_pdf = lambda t: any("pdf" in str(x).lower() for x in t)  # noqa: E731
    assert not [t for t in graphs[0] if names_pdf(t)]
    assert [t for t in graphs[1] if names_pdf(t)]
    pdf_nodes = {x for t in graphs[1] if names_pdf(t) for x in t if isinstance(x, rdflib.BNode)}  # the distribution
    reference = rdflib.Graph()
    for t in graphs[1]:
        if not names_pdf(t) and not pdf_nodes & set(t):
            reference.add(t)
    assert len(graphs[0]) > 10
    _, only_remote, only_embedded = graph_diff(to_isomorphic(graphs[0]), to_isomorphic(reference))
    assert isomorphic(graphs[0], reference), '\n'.join(map(str, sorted(only_remote) + ['--'] + sorted(only_embedded)))


# --- failures and the guard -------------------------------------------------------------------------------

def test_failed_cli_ingest_leaves_the_server_as_it_was(remote, sample_pdf, tmp_path):
    before = nquads(remote)
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(sample_pdf.read_bytes()[:5000])
    # the broken file first: the batch is refused before anything is extracted further (or sent)
    r = cli("ingest", "--strict", "--store", remote.location, str(bad), str(sample_pdf), "--base-url",
            "http://other.example/", BUDGET_LOD_UPDATE_URL=remote.sparql_server.update_url)
    assert r.returncode == 2 and "broken.pdf" in r.stderr
    assert nquads(remote) == before and len(before) > 1000


def test_refused_chunk_leaves_the_server_as_it_was(remote):
    before = nquads(remote)
    store = remote.store(max_triples=2)
    g, report = rdflib.Graph(), rdflib.Graph()
    for i in range(5):  # three requests of this graph go through before the report's is refused
        g.add((rdflib.URIRef(f"{BASE}id/test/{i}"), BUD.amount, rdflib.Literal(f"{i}.10", datatype=XSD_DECIMAL)))
    report.add((rdflib.URIRef(BASE + "id/test/r"), rdflib.Literal("not a predicate"), rdflib.Literal(1)))
    (doc,) = [x for x in store.named_graphs() if not x.endswith("/report")]
    with pytest.raises(StoreError, match="unchanged"):
        store.replace_document(doc, g, doc + "/report", report)  # would replace the sample's graphs
    assert nquads(remote) == before
    assert not [n for n in raw_graph_names(remote.sparql_server) if n.startswith(STAGING_PREFIX)]


def test_read_only_guard_refuses_before_sending(remote):
    listener = Listener()
    try:
        url = f"http://127.0.0.1:{listener.port}/sparql"
        store = RemoteStore(url, url)
        for text in ("DELETE WHERE { ?s ?p ?o }", f"SELECT * WHERE {{ SERVICE <{remote.location}> {{ ?s ?p ?o }} }}",
                     "DROP ALL"):
            with pytest.raises(QueryRefused):
                store.query(text)
            with pytest.raises(QueryRefused):
                store.query_serialized(text)
        assert listener.connections == 0
    finally:
        listener.close()
    # and the served site on the remote store refuses them with 403, the server's data untouched
    before = nquads(remote)
    for text in ("DELETE WHERE { ?s ?p ?o }", "DROP ALL"):
        data = urllib.parse.urlencode({"update": text}).encode()
        assert fetch_post(remote.site, data).status == 403
    q = urllib.parse.quote(f"SELECT * WHERE {{ SERVICE <{remote.location}> {{ ?s ?p ?o }} }}")
    assert fetch(remote.site, f"/sparql?query={q}", {"Accept": "application/sparql-results+json"}).status == 403
    assert nquads(remote) == before


def fetch_post(site, data: bytes):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=30)
    try:
        conn.request("POST", "/sparql", body=data, headers={"Content-Type": "application/x-www-form-urlencoded"})
        resp = conn.getresponse()
        resp.read()
        return resp
    finally:
        conn.close()


def test_virtuoso_sparql_auth_with_credentials_in_the_url(remote):
    """The operator's other way to let budget-lod write to Virtuoso: /sparql-auth (HTTP Digest) as a user
    with SPARQL_UPDATE (here dba), credentials in BUDGET_LOD_UPDATE_URL."""
    if remote.name != "virtuoso":
        return  # Oxigraph server has no authentication of its own (put a proxy in front)
    port = remote.sparql_server.extra["http_port"]
    store = RemoteStore(remote.location, f"http://dba:dba@127.0.0.1:{port}/sparql-auth", graphs_ttl=0)
    wrong = RemoteStore(remote.location, f"http://dba:wrong@127.0.0.1:{port}/sparql-auth")
    graph, report = BASE + "graph/test/auth", BASE + "graph/test/auth/report"
    g = rdflib.Graph()
    g.add((rdflib.URIRef(BASE + "id/test/auth"), BUD.amount, rdflib.Literal("1.50", datatype=XSD_DECIMAL)))
    with pytest.raises(StoreError, match="401"):
        wrong.replace_document(graph, g, report, rdflib.Graph())
    store.replace_document(graph, g, report, rdflib.Graph())
    try:
        assert graph in store.named_graphs()
        assert {o.toPython() for o in store.graph(graph).objects()} == {Decimal("1.5")}
    finally:
        store.replace_document(graph, rdflib.Graph(), report, rdflib.Graph())
    assert graph not in store.named_graphs()


def test_what_one_update_request_guarantees(remote):
    """Why the switch is the only multi-operation request and names no data: Oxigraph server runs a request
    as one transaction; Virtuoso commits its operations one by one (the remote.py docstring says so)."""
    import urllib.error

    graph = BASE + "graph/test/atomic"
    update = (f'INSERT DATA {{ GRAPH <{graph}> {{ <{BASE}id/test/a> <{BUD.amount}> "1.00"^^<{XSD_DECIMAL}> }} }} ;\n'
              f"DROP GRAPH <{BASE}graph/test/never-created>")  # fails when it runs (no SILENT)
    data = urllib.parse.urlencode({"update": update}).encode()
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(urllib.request.Request(remote.sparql_server.update_url, data=data), timeout=60)
    applied = graph in raw_graph_names(remote.sparql_server)
    assert applied is {"oxigraph": False, "virtuoso": True}[remote.name]
    if applied:
        remote.store().replace_document(graph, rdflib.Graph(), graph + "/report", rdflib.Graph())  # drop it again
    assert graph not in raw_graph_names(remote.sparql_server)
