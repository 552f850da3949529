"""How promptly the limits act — the wall-clock checks that used to sit inside tests (issue 12), measured here.

Each line is a ratio measured side by side in one run:

* **query time limit** — a query that would run for minutes, through the worker pool and through the real
  server's ``/sparql``: seconds until it is refused / the limit (goal ≤ 1.5: killed at the limit, not later);
* **light query beside a heavy one** — a small query on the real server while a heavy one occupies a worker,
  against the same query on an idle server (goal ≤ 3, and under 1 s);
* **write lock** — a second writer giving up: seconds waited / the wait asked for (goal ≤ 1.5);
* **rendering a variant** — each generator variant laid out and painted from scratch: seconds against the
  1 s budget the variants were meant to keep (goal ≤ 1).

    python3 bench/bench_limits.py [--limit SECONDS]
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import rdflib

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIGHT = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a ?t }"
EX = "http://example.org/"


def _filled_store(folder: Path) -> Path:
    from budget_lod.store import open_store

    store_dir = folder / "store"
    g = rdflib.Graph()
    for i in range(5000):
        g.add((rdflib.URIRef(f"{EX}r{i}"), rdflib.RDF.type, rdflib.URIRef(f"{EX}T{i % 7}")))
    with open_store(store_dir, mode="write") as s:
        s.replace_document(f"{EX}graph/a", g, f"{EX}graph/a/report", rdflib.Graph())
    return store_dir


def _get(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            resp.read()
            status = resp.status
    except urllib.error.HTTPError as err:
        status = err.code
    return status, time.perf_counter() - started


def pool_limit(store_dir: Path, limit: float) -> float:
    from budget_lod.store.results import QueryRequest
    from budget_lod.store.workers import QueryPool, QueryTimeout

    pool = QueryPool(store_dir, size=2)
    try:
        started = time.perf_counter()
        try:
            pool.run(QueryRequest(HEAVY), timeout=limit)
        except QueryTimeout:
            pass
        return time.perf_counter() - started
    finally:
        pool.close()


def server_limits(store_dir: Path, limit: float) -> tuple[float, float, float]:
    """(heavy query refused after, light query alone, light query beside the heavy one), seconds."""
    from budget_lod.web.testing import run_server

    server = run_server(store_dir, BUDGET_LOD_QUERY_TIMEOUT=str(limit))
    try:
        url = server.bind_url + "sparql?query="
        _get(url + urllib.parse.quote(LIGHT))  # warm: the worker has the checkpoint open
        alone = min(_get(url + urllib.parse.quote(LIGHT))[1] for _ in range(5))
        outcome = {}
        t = threading.Thread(target=lambda: outcome.update(heavy=_get(url + urllib.parse.quote(HEAVY))))
        t.start()
        time.sleep(0.3)
        beside = _get(url + urllib.parse.quote(LIGHT))[1]
        t.join()
        status, heavy = outcome["heavy"]
        assert status == 503, status
        return heavy, alone, beside
    finally:
        server.stop()


def lock_wait(store_dir: Path, wait: float) -> float:
    from budget_lod.errors import StoreError
    from budget_lod.store.oxigraph import EmbeddedStore

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from budget_lod.store import open_store; "
                               "s = open_store(sys.argv[1], mode='write'); print('locked', flush=True); time.sleep(60)",
         str(store_dir)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.perf_counter()
        try:
            EmbeddedStore(store_dir, "write", lock_wait=wait)
        except StoreError:
            pass
        return time.perf_counter() - started
    finally:
        holder.kill()
        holder.wait()


def render_times(folder: Path) -> dict[str, float]:
    from budget_lod.sample.variants import VARIANTS

    out = {}
    for name, variant in sorted(VARIANTS.items()):
        fresh = dataclasses.replace(variant)  # no cached layout: lay out and paint from scratch
        started = time.perf_counter()
        fresh.rendered.builder.write(str(folder / f"{name}.pdf"), title=f"{fresh.department}{fresh.fiscal_year}年预算")
        out[name] = time.perf_counter() - started
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=float, default=2.0, help="the query time limit to measure (s)")
    args = ap.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-limits-"))
    store_dir = _filled_store(folder)
    print(f"{'what':<44} {'seconds':>8}  {'ratio':>6}  goal")
    pooled = pool_limit(store_dir, args.limit)
    print(f"{'query time limit, worker pool':<44} {pooled:8.2f}  {pooled / args.limit:6.2f}  ≤ 1.5 × limit")
    heavy, alone, beside = server_limits(store_dir, args.limit)
    print(f"{'query time limit, /sparql (503)':<44} {heavy:8.2f}  {heavy / args.limit:6.2f}  ≤ 1.5 × limit")
    print(f"{'light query beside a heavy one / alone':<44} {beside:8.3f}  {beside / alone:6.2f}  "
          f"≤ 3 (alone {alone:.3f} s)")
    waited = lock_wait(store_dir, 0.5)
    print(f"{'second writer gives up (wait 0.5 s)':<44} {waited:8.2f}  {waited / 0.5:6.2f}  ≤ 1.5 × wait")
    for name, seconds in render_times(folder).items():
        print(f"{'render variant ' + name:<44} {seconds:8.2f}  {seconds / 1.0:6.2f}  ≤ 1 (1 s budget)")


if __name__ == "__main__":
    main()
