"""Dereference speed of the real server: requests per second for HTML pages vs Turtle, side by side.

Fills a store (the hand-made budgets plus ``--departments`` synthetic ones, so pages query a store of
realistic size), starts ``budget-lod serve``'s server (waitress) twice on it — as shipped, and with its
page cache off (``BUDGET_LOD_PAGE_CACHE_MB=0``: every request builds its page from the store) — and for
each kind of resource requests its ``/doc/`` document as HTML and as Turtle from ``--clients`` concurrent
keep-alive clients, the two servers taking turns. Prints requests/s per kind and format for both, the
HTML/Turtle cost ratio of a built page and what the cache multiplies.

    python3 bench/bench_deref.py [--departments N] [--requests R] [--clients C]
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from budget_lod.rdf.iri import Minter
from budget_lod.web.handmade import fill_store
from budget_lod.web.testing import free_port, run_server

FORMATS = {"HTML": "text/html", "Turtle": "text/turtle"}


def fill(store_dir: Path, base: str, departments: int) -> None:
    fill_store(store_dir, base)
    if departments:
        from budget_lod.store import open_store
        from budget_lod.store.synthetic import fill as synthetic

        store = open_store(store_dir, mode="write")
        try:
            synthetic(store, Minter(base), departments, years=(2024, 2025))
        finally:
            store.close()


def resources(base: str) -> dict[str, str]:
    m = Minter(base)
    budget = m.budget("平乡县测试局", "901", 2025, "department")
    item = m.line_item(m.table(budget, "general_budget_expenditure"), "functional", "2010301")
    return {
        "budget": budget,
        "line item": item,
        "observation": m.observation(item, "total"),
        "code (across budgets)": m.concept("functional", "201"),
        "department": m.department("平乡县测试局", "901"),
    }


def hammer(port: int, path: str, accept: str, requests: int, clients: int, status: int = 200) -> float:
    """Requests per second for ``requests`` GETs of ``path`` spread over ``clients`` keep-alive connections."""
    per_client = max(1, requests // clients)
    errors: list[str] = []

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(per_client):
            conn.request("GET", path, headers={"Accept": accept})
            resp = conn.getresponse()
            resp.read()
            if resp.status != status:
                errors.append(f"{path}: {resp.status}")
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    if errors:
        raise SystemExit(f"errors: {errors[:3]}")
    return per_client * clients / elapsed


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--departments", type=int, default=50, help="synthetic departments (×2 years) besides the hand-made ones")
    ap.add_argument("--requests", type=int, default=200, help="requests per (resource, format)")
    ap.add_argument("--clients", type=int, default=4, help="concurrent keep-alive clients")
    args = ap.parse_args(argv)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    store_dir = Path(tempfile.mkdtemp(prefix="budget-lod-bench-deref-"))
    t0 = time.perf_counter()
    fill(store_dir, base, args.departments)
    print(f"store: 3 hand-made + {2 * args.departments} synthetic budgets, filled in {time.perf_counter() - t0:.1f}s")
    server = run_server(store_dir, base, port=port)
    building = run_server(store_dir, base, BUDGET_LOD_PAGE_CACHE_MB="0")
    try:
        print(f"{'resource':24} {'built: HTML':>11} {'Turtle':>8} {'HTML/Turtle':>12} "
              f"{'cached: HTML':>13} {'Turtle':>8} {'cache gain':>11}   (requests/s)")
        for name, iri in resources(base).items():
            path = "/doc/" + iri[len(base + "id/"):]
            for srv in (server, building):
                hammer(srv.port, path, FORMATS["HTML"], 10, 1)  # warm up
            rate: dict[tuple[str, str], float] = {}
            for f, mt in FORMATS.items():
                rate["built", f] = hammer(building.port, path, mt, args.requests, args.clients)
                rate["cached", f] = hammer(server.port, path, mt, args.requests, args.clients)
            print(f"{name:24} {rate['built', 'HTML']:11.1f} {rate['built', 'Turtle']:8.1f} "
                  f"{rate['built', 'Turtle'] / rate['built', 'HTML']:11.2f}× {rate['cached', 'HTML']:13.1f} "
                  f"{rate['cached', 'Turtle']:8.1f} {rate['cached', 'HTML'] / rate['built', 'HTML']:10.1f}×")
        r303 = hammer(port, "/id/" + resources(base)["line item"][len(base + "id/"):], "*/*", args.requests, args.clients, 303)
        print(f"{'303 See Other (/id/)':24} {r303:11.1f}")
    finally:
        server.stop()
        building.stop()
        shutil.rmtree(store_dir, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
