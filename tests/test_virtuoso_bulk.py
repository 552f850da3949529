"""Beyond one machine: N-Quads files from ``ingest --to DIR``, loaded by Virtuoso's own bulk loader, served.

The bundled sample is ingested twice for real: into the embedded store, and as files (``ingest --to``).
A real Virtuoso 7 loads the files with ``ld_dir`` + ``rdf_loader_run`` (what an operator runs in
``isql``, README "Beyond one machine"), and ``budget-lod serve --store URL`` serves it. What it serves must
be what the embedded store serves: the same graphs (times aside: each ingest records its own), the same
budget page figures, catalog and VoID size.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import rdflib
from rdflib.compare import isomorphic

from budget_lod.store import RemoteStore, open_store
from budget_lod.web.testing import fetch, local_path, only_budget, printed_rows, run_server

from servers import start_virtuoso, virtuoso_sql

BASE = "http://bulk.example/"


def cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, BUDGET_LOD_BASE_URL=BASE)
    return subprocess.run([sys.executable, "-m", "budget_lod", *args], capture_output=True, text=True, timeout=300,
                          env=env)


def timeless(graph: rdflib.Graph) -> rdflib.Graph:
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and o.datatype == rdflib.XSD.dateTime:
            o = rdflib.Literal("TIME")
        out.add((s, p, o))
    return out


@pytest.fixture(scope="module")
def deployments(sample_pdf, tmp_path_factory):
    work = tmp_path_factory.mktemp("virtuoso-bulk")
    store_dir = work / "store"
    r = cli("ingest", "--store", str(store_dir), str(sample_pdf))
    assert r.returncode == 0, r.stderr
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    sites = []
    try:
        files = server.log.parent / "load"  # inside the server's DirsAllowed
        written = cli("ingest", "--to", str(files), str(sample_pdf))
        assert written.returncode == 0, written.stderr
        virtuoso_sql(server, f"ld_dir('{files}', '*.nq', 'urn:x-budget-lod:unused');")
        virtuoso_sql(server, "rdf_loader_run();")
        virtuoso_sql(server, "checkpoint;")
        errors = virtuoso_sql(server, "SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;")
        sites = [run_server(store_dir, BASE), run_server(server.query_url, BASE)]
        yield {"store": store_dir, "server": server, "files": files, "written": written, "errors": errors,
               "embedded": sites[0], "virtuoso": sites[1], "pdf": sample_pdf}
    finally:
        for site in sites:
            site.stop()
        server.stop()


def test_one_file_per_document_and_the_registry(deployments):
    files = sorted(p.name for p in deployments["files"].iterdir())
    (document,) = [f for f in files if f.endswith(".nq") and f != "graphs.nq"]
    assert re.fullmatch(r"[0-9a-f-]+_2025_department\.nq", document)
    assert "graphs.nq" in files and "manifest.tsv" in files
    assert "stored 1 document(s)" in deployments["written"].stdout
    assert "\n0 Rows." in deployments["errors"], deployments["errors"]  # the loader refused no file
    again = cli("ingest", "--to", str(deployments["files"]), str(deployments["pdf"]))  # written already: skipped
    assert again.returncode == 0 and "1 unchanged" in again.stdout


def test_virtuoso_holds_the_embedded_graphs(deployments):
    local = open_store(deployments["store"], mode="read")
    far = RemoteStore(deployments["server"].query_url, graphs_ttl=0)
    try:
        names = local.named_graphs()
        assert far.named_graphs() == names and len(names) == 2  # the registry lists exactly ours
        for g in names:
            assert isomorphic(timeless(local.graph(g)), timeless(far.graph(g))), g
    finally:
        local.close()


def test_the_served_site_is_the_same(deployments):
    embedded, virtuoso = deployments["embedded"], deployments["virtuoso"]
    budget = only_budget(virtuoso)
    assert budget == only_budget(embedded)
    path = local_path(virtuoso, budget.replace("/id/", "/doc/", 1))
    pages = [fetch(site, path, {"Accept": "text/html"}) for site in (virtuoso, embedded)]
    assert pages[0].status == pages[1].status == 200
    rows = printed_rows(pages[0].text(), "general_budget_expenditure")
    assert len(rows) > 3 and rows == printed_rows(pages[1].text(), "general_budget_expenditure")
    voids = [rdflib.Graph().parse(data=fetch(site, "/.well-known/void.ttl").body, format="turtle")
             for site in (virtuoso, embedded)]
    triples = [sorted(int(o) for o in g.objects(None, rdflib.namespace.VOID.triples)) for g in voids]
    assert triples[0] == triples[1] and triples[0][0] > 1000
    # the catalog: the same but for the PDF download, which only a store directory keeps
    graphs = [timeless(rdflib.Graph().parse(data=fetch(site, "/catalog.ttl").body, format="turtle"))
              for site in (virtuoso, embedded)]
    is_pdf = lambda t: any("pdf" in str(x).lower() for x in t)  # noqa: E731
    pdf_nodes = {x for t in graphs[1] if is_pdf(t) for x in t if isinstance(x, rdflib.BNode)}
    reference = rdflib.Graph()
    for t in graphs[1]:
        if not is_pdf(t) and not pdf_nodes & set(t):
            reference.add(t)
    assert len(graphs[0]) > 10 and isomorphic(graphs[0], reference)
