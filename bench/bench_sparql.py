"""SPARQL speed, side by side on the same data in one run: our HTTP endpoint vs raw pyoxigraph vs rdflib.

Generates budget-shaped synthetic data (``store/synthetic.py``, ~200k triples by default), writes it
through the Store API (one document at a time, as ingest does), starts the real endpoint in a subprocess
and runs a fixed set of queries three ways:

* endpoint — HTTP GET ``/sparql`` (JSON results), the full path: parse check, worker process, time limit;
* raw — pyoxigraph ``Store.query`` on the same checkpoint in this process, results serialized to JSON by
  Oxigraph itself (the least any server must do);
* rdflib — rdflib's SPARQL engine on an in-memory Dataset of the same graphs (union default graph).

Prints per-query best-of times and the ratios endpoint/raw (goal ≤ 1.2) and rdflib/endpoint (speed-up).
Dereference requests per second are measured by ``bench_deref.py`` (the /doc routes' owner).

    python3 bench/bench_sparql.py [--departments N] [--rows-per-class R] [--repeat K]
"""

from __future__ import annotations

import argparse
import glob
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from common import best_of  # noqa: E402

QUERIES = {
    "count triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "group by measure": """PREFIX bud: <def/budget#>
SELECT ?measure (SUM(?amount) AS ?total) (COUNT(?o) AS ?n)
WHERE { ?o bud:measure ?measure ; bud:amount ?amount } GROUP BY ?measure ORDER BY DESC(?total)""",
    "rows of one budget": """PREFIX bud: <def/budget#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?code ?label ?amount WHERE {
  ?t bud:inBudget ?b ; bud:tableKind <id/table-kind/general_budget_expenditure> .
  { SELECT ?b WHERE { ?b a bud:Budget } ORDER BY ?b LIMIT 1 }
  ?row bud:inTable ?t ; bud:code ?code ; rdfs:label ?label .
  ?o bud:item ?row ; bud:measure <id/measure/total> ; bud:amount ?amount } ORDER BY ?code""",
    "describe one line item": None,  # filled in once the data exist (needs an IRI)
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--departments", type=int, default=45)
    ap.add_argument("--rows-per-class", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    import pyoxigraph as ox
    import rdflib

    from budget_lod.rdf.iri import Minter
    from budget_lod.store import open_store, synthetic
    from budget_lod.store.checkpoints import Layout

    for path in sorted(glob.glob(str(ROOT / "src/budget_lod/queries/example_*.rq"))):
        QUERIES["example " + Path(path).stem[len("example_"):]] = Path(path).read_text(encoding="utf-8")

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    minter = Minter(base)
    docs, facts = synthetic.graphs(minter, args.departments, (2024, 2025), args.rows_per_class)
    store_dir = Path(tempfile.mkdtemp(prefix="bench-sparql-")) / "store"
    t0 = time.perf_counter()
    with open_store(store_dir, mode="write") as s:
        for d in docs:
            s.replace_document(*d)
    ingest = time.perf_counter() - t0
    print(f"data: {facts.triples} triples in {len(docs)} documents; "
          f"written one document at a time in {ingest:.1f} s ({ingest / len(docs) * 1000:.0f} ms per document "
          "including its checkpoint)")

    layout = Layout(store_dir)
    raw = ox.Store.read_only(str(layout.checkpoint(layout.read_current())))
    item = next(iter(raw.query("PREFIX bud: <def/budget#> SELECT ?r WHERE { ?r a bud:LineItem } LIMIT 1",
                               use_default_graph_as_union=True,
                               base_iri=base)))["r"].value
    QUERIES["describe one line item"] = f"DESCRIBE <{item}>"

    ds = rdflib.Dataset(default_union=True)
    for g_iri, g, r_iri, r in docs:
        target = ds.graph(rdflib.URIRef(g_iri))
        for t in g:
            target.add(t)
        target = ds.graph(rdflib.URIRef(r_iri))
        for t in r:
            target.add(t)

    env = dict(os.environ)
    code = ("import sys; from budget_lod.web.sparql import serve_standalone; "
            "serve_standalone(sys.argv[1], sys.argv[2], '127.0.0.1', int(sys.argv[3]), SPARQL_TIMEOUT=120, "
            "SPARQL_MAX_ROWS=1000000)")
    server = subprocess.Popen([sys.executable, "-c", code, str(store_dir), base, str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(endpoint + "?query=ASK%7B%7D", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

        def via_http(q: str) -> bytes:
            req = urllib.request.Request(endpoint + "?query=" + urllib.parse.quote(q),
                                         headers={"Accept": "application/sparql-results+json, text/turtle"})
            with urllib.request.urlopen(req, timeout=300) as resp:
                return resp.read()

        def via_raw(q: str) -> bytes:
            result = raw.query(q, base_iri=base, use_default_graph_as_union=True)
            if isinstance(result, ox.QueryTriples):
                return ox.serialize(result, format=ox.RdfFormat.TURTLE)
            return result.serialize(format=ox.QueryResultsFormat.JSON)

        def via_rdflib(q: str):
            res = ds.query(q, base=base)
            return res.serialize(format="json" if res.type in ("SELECT", "ASK") else "turtle")

        print(f"\n{'query':<40} {'endpoint':>10} {'raw':>10} {'rdflib':>10} {'end/raw':>8} {'rdflib/end':>10}")
        ratios, speedups = [], []
        for name, q in QUERIES.items():
            via_http(q)  # warm: parse cache, worker's store handle, OS caches
            t_end = best_of(lambda: via_http(q), args.repeat)
            t_raw = best_of(lambda: via_raw(q), args.repeat)
            t_lib = best_of(lambda: via_rdflib(q), 1)
            ratios.append(t_end / t_raw)
            speedups.append(t_lib / t_end)
            print(f"{name:<40} {t_end * 1000:>8.1f}ms {t_raw * 1000:>8.1f}ms {t_lib * 1000:>8.0f}ms "
                  f"{t_end / t_raw:>8.2f} {t_lib / t_end:>10.1f}")
        geo = lambda xs: __import__("math").prod(xs) ** (1 / len(xs))  # noqa: E731
        print(f"\nendpoint / raw pyoxigraph: geometric mean {geo(ratios):.2f} (goal ≤ 1.2), "
              f"worst {max(ratios):.2f}")
        print(f"rdflib / endpoint speed-up: geometric mean {geo(speedups):.1f}×, least {min(speedups):.1f}×")
        print("dereference requests per second: see bench/bench_deref.py")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
