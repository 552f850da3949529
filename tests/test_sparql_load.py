"""The public endpoint under hostile load: a burst of heavy queries cannot exhaust the server.

The real server (``budget-lod serve``'s waitress, default limits: 2 queries at once, 1 GB per query, 2 s
wait for a slot) holds a few synthetic budgets; twelve copies of a cross product sorted whole — the
query that grew a worker by ~330 MB a second — are sent at once, and a light ``ASK`` right after them.
While they run, the memory of the server and every process it started is sampled from ``/proc``.
The time limit is raised to a minute so that the memory limit, not the clock, is what stops the
heaviest query.
"""

from __future__ import annotations

import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from budget_lod.rdf.iri import Minter
from budget_lod.web.testing import run_server

HEAVY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 5"
LIGHT = "ASK { ?s ?p ?o }"
SERVER_LIMIT = 2 * 1024**3  # the bound for the server's processes together
LIVENESS_SECONDS = 3.0  # the explicit bound for the light query


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            with open(f"/proc/{p}/statm", "rb") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
    return total


def ask(server, query: str, timeout: float = 120) -> tuple[int, dict, str]:
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(server.bind_url + "sparql", data=data,
                                 headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers), resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from budget_lod.store import open_store
    from budget_lod.store.synthetic import fill

    store_dir = tmp_path_factory.mktemp("load") / "store"
    with open_store(store_dir, mode="write") as store:
        fill(store, Minter("http://load.example/"), departments=6, rows_per_class=8)
    site = run_server(store_dir, "http://load.example/", BUDGET_LOD_QUERY_TIMEOUT="60", BUDGET_LOD_PAGE_CACHE_MB="0")
    yield site
    site.stop()


def test_twelve_heavy_queries_leave_the_server_bounded_and_a_light_one_answered(server):
    assert ask(server, LIGHT)[0] == 200  # the workers are up
    peak, stop = [0], threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss(server.process.pid))
            time.sleep(0.05)

    heavy: list[tuple[int, dict, str]] = []
    sampler = threading.Thread(target=sample)
    senders = [threading.Thread(target=lambda: heavy.append(ask(server, HEAVY))) for _ in range(12)]
    sampler.start()
    for t in senders:
        t.start()
    time.sleep(0.3)  # the burst is in
    t0 = time.monotonic()
    light = ask(server, LIGHT)
    light_seconds = time.monotonic() - t0
    for t in senders:
        t.join(180)
    stop.set()
    sampler.join()

    assert light[0] == 200 and '"boolean":true' in light[2].replace(" ", ""), light
    assert light_seconds < LIVENESS_SECONDS, light_seconds
    assert peak[0] < SERVER_LIMIT, f"server processes reached {peak[0] / 1024**2:.0f} MB"
    assert len(heavy) == 12
    statuses = sorted(status for status, _, _ in heavy)
    assert statuses == [503] * 12, [(s, b[:200]) for s, _, b in heavy]
    assert all(h.get("Retry-After", "").isdigit() for _, h, _ in heavy)
    # every refusal names the setting that caused it; the query left running longest met the memory limit
    assert all("BUDGET_LOD_QUERY_" in body for _, _, body in heavy), [b[:200] for _, _, b in heavy]
    assert any("BUDGET_LOD_QUERY_MEMORY_MB" in body and "1024 MB" in body for _, _, body in heavy)
    # and afterwards the endpoint answers as before
    assert ask(server, LIGHT)[0] == 200
