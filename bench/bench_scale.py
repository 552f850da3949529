"""Province scale, side by side in one run: ingest with 1 and 2 processes, memory, disk, validate, dump, pages.

Generates a corpus (``budget-lod sample --count N --seed S``), then, all measured here in one run:

* ``budget-lod ingest`` of the N disclosures with ``--jobs 1`` and ``--jobs 2`` into two fresh stores:
  documents per minute and the ratio (goal ≥ 1.7 on 2 cores); the peak resident memory of the ingest's
  writer process and of all its processes, sampled from /proc, beside the same for the first ``--small``
  disclosures alone (goal: ≤ 1 GB, the same whatever N);
* bytes on disk per document (the store without its source PDFs, and the PDFs), and the store's whole
  size over its database's (``primary/``; goal ≤ 1.5);
* ``validate --all`` and ``export --format nquads`` times;
* the latency of every kind of page (best of ``--repeat``, page cache off, the two servers taking turns)
  on the store of the first ``--small`` disclosures and on the store of all N, and their ratio (goal ≤
  1.5 for every kind). Paged lists (catalog, VoID) ask for pages of ``--small`` items, so that both are
  full; the home and code pages show their configured page.

    python3 bench/bench_scale.py [--count 1000] [--seed 0] [--small 10] [--workdir DIR] [--keep]

On a machine shared with others the process comparison is noisy: run it where nothing else runs.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, disk_usage, tree_rss  # noqa: E402

BASE = "http://scale.example/"
GOALS = {"speedup": 1.7, "rss": 1024**3, "disk": 1.5, "pages": 1.5}


def run(args: list[str], **env: str) -> tuple[float, subprocess.CompletedProcess, tuple[int, int]]:
    """Run ``python -m budget_lod ARGS``: (seconds, result, (peak RSS of the process, of its tree))."""
    environ = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""), **env)
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "budget_lod", *args], stdout=out, stderr=err, env=environ)
    peak = [0, 0]
    while proc.poll() is None:
        alone, total = tree_rss(proc.pid)
        peak = [max(peak[0], alone), max(peak[1], total)]
        time.sleep(0.2)
    elapsed = time.perf_counter() - t0
    out.seek(0)
    err.seek(0)
    result = subprocess.CompletedProcess(args, proc.returncode, out.read().decode(), err.read().decode())
    return elapsed, result, (peak[0], peak[1])


def check(result: subprocess.CompletedProcess, allowed=(0,)) -> None:
    if result.returncode not in allowed:
        raise SystemExit(f"budget-lod {' '.join(result.args[:1])} failed ({result.returncode}):\n{result.stderr[-3000:]}")


def stored(result: subprocess.CompletedProcess) -> int:
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("stored "))
    return int(line.split()[1])


def small_copy(corpus: Path, target: Path, count: int) -> Path:
    """The first ``count`` disclosures of the corpus (files ``NNN-…``, both files of a pair), hard-linked."""
    target.mkdir(parents=True, exist_ok=True)
    numbers = sorted({p.name.split("-", 1)[0] for p in corpus.glob("*.pdf")})[:count]
    for p in corpus.glob("*.pdf"):
        if p.name.split("-", 1)[0] in numbers:
            os.link(p, target / p.name)
    return target


# --- pages ------------------------------------------------------------------------------------------------

def resources(store_dir: Path, page: int) -> dict[str, str]:
    """One path of every kind of page, chosen in the small store (so every one exists in both); paged lists
    ask for ``page`` items (the small store's size), so both stores fill the page."""
    from budget_lod.store import open_store

    with open_store(store_dir, mode="read", base_iri=BASE) as s:
        stats = s.statistics()
        budget = stats.budgets[0]
        bud = BASE + "def/budget#"

        def one(q: str) -> dict:
            solutions = s.query(q)
            names = [v.value for v in solutions.variables]
            rows = list(solutions)
            return {k: rows[0][k].value for k in names if rows[0][k] is not None} if rows else {}

        item = one(f"""SELECT ?table ?item ?obs ?concept WHERE {{
            ?table <{bud}inBudget> <{budget.budget}> . ?item <{bud}inTable> ?table ; <{bud}classification> ?concept .
            ?obs <{bud}item> ?item . FILTER(STRLEN(STR(?concept)) = STRLEN("{BASE}id/functional/2010301")) }}
            ORDER BY ?item LIMIT 1""")
        project = one(f"""SELECT ?project ?indicator WHERE {{ ?project <{bud}inBudget> ?b ;
            <{bud}indicator> ?indicator }} ORDER BY ?project ?indicator LIMIT 1""")
        leaf = item.get("concept", "")
        cls = leaf[: -4] if leaf else ""
        graph = budget.budget.replace("/id/budget/", "/graph/", 1)
    paths = {
        "home": "/", "budget": budget.budget, "budget (Turtle)": budget.budget + ".ttl", "table": item.get("table"),
        "line item": item.get("item"), "observation": item.get("obs"), "project": project.get("project"),
        "indicator": project.get("indicator"), "department": budget.department, "code (类)": cls, "code (项)": leaf,
        "catalog": f"/catalog?page_size={page}", "catalog page 2": f"/catalog?page=2&page_size={page // 2}",
        "VoID": f"/.well-known/void?page_size={page}",
        "named graph": graph, "SPARQL ASK": "/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"),
    }
    out = {}
    for kind, iri in paths.items():
        if not iri:
            continue
        path = iri.replace(BASE + "id/", "/doc/", 1).replace(BASE, "/", 1)
        out[kind] = path
    return out


def latencies(stores: list[Path], paths: dict[str, str], repeat: int) -> list[dict[str, tuple[float, int]]]:
    """Best time (s) and size of each page on each store, from real servers with the page cache off, the
    servers taking turns request by request (so a busy moment of the machine touches both)."""
    from budget_lod.web.testing import run_server

    servers = [run_server(store, BASE, BUDGET_LOD_PAGE_CACHE_MB="0") for store in stores]
    try:
        conns = [http.client.HTTPConnection("127.0.0.1", s.port, timeout=120) for s in servers]
        out: list[dict[str, tuple[float, int]]] = [{} for _ in servers]
        for kind, path in paths.items():
            accept = "text/turtle" if kind in ("VoID", "named graph", "budget (Turtle)") else \
                "application/sparql-results+json" if kind.startswith("SPARQL") else "text/html"
            best, size = [float("inf")] * len(conns), [0] * len(conns)
            for n in range(repeat + 2):  # two to warm up
                for i, conn in enumerate(conns):
                    t0 = time.perf_counter()
                    conn.request("GET", path, headers={"Accept": accept})
                    resp = conn.getresponse()
                    body = resp.read()
                    if resp.status != 200:
                        raise SystemExit(f"{path}: {resp.status} {body[:300]!r}")
                    if n >= 2:
                        best[i] = min(best[i], time.perf_counter() - t0)
                    size[i] = len(body)
            for i in range(len(conns)):
                out[i][kind] = (best[i], size[i])
        for conn in conns:
            conn.close()
        return out
    finally:
        for s in servers:
            s.stop()


# --- the run ----------------------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--small", type=int, default=10, help="disclosures in the small store pages are compared with")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--keep", action="store_true", help="keep the corpus and the stores")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    try:
        print(f"work folder {work}", flush=True)
        if not any(corpus.glob("*.pdf")):
            t, r, _ = run(["sample", "--count", str(args.count), "--seed", str(args.seed), str(corpus)])
            check(r)
            print(f"corpus: {args.count} disclosures generated in {t:.0f} s", flush=True)
        small = small_copy(corpus, work / "corpus-small", args.small) if not (work / "corpus-small").exists() \
            else work / "corpus-small"

        rows = {}
        for label, folder, jobs, store in (("1 process", corpus, 1, "store-1"), ("2 processes", corpus, 2, "store-2"),
                                           (f"first {args.small}, 2 processes", small, 2, "store-small")):
            shutil.rmtree(work / store, ignore_errors=True)
            t, r, peak = run(["ingest", str(folder), "--store", str(work / store), "--jobs", str(jobs),
                              "--base-url", BASE])
            check(r, allowed=(0, 2))  # 2: some generated disclosure failed; reported below
            n = stored(r)
            rows[label] = (n, t, peak, r.returncode)
            failed = sum(1 for ln in r.stderr.splitlines() if ln.startswith("budget-lod ingest:"))
            print(f"ingest {label}: {n} stored in {t:.0f} s = {n / t * 60:.1f} documents/min, "
                  f"peak RSS {peak[0] / 2**20:.0f} MB (writer) / {peak[1] / 2**20:.0f} MB (all processes)"
                  + (f", {failed} reported failed" if failed else ""), flush=True)

        (n1, t1, _, _), (n2, t2, peak2, _) = rows["1 process"], rows["2 processes"]
        speedup = (n2 / t2) / (n1 / t1)
        store = work / "store-2"
        db, total, pdfs = (disk_usage(store / "primary"), disk_usage(store, skip=("sources",)),
                           disk_usage(store / "sources"))
        t_validate, r, _ = run(["validate", "--all", "--store", str(store), "--format", "json"])
        check(r, allowed=(0, 1))
        dump = work / "all.nq"
        t_dump, r, _ = run(["export", "--store", str(store), "--format", "nquads", "-o", str(dump)])
        check(r)
        paths = resources(work / "store-small", rows[f"first {args.small}, 2 processes"][0])
        small_pages, big_pages = latencies([work / "store-small", store], paths, args.repeat)

        print()
        print(f"{'':38s} {'value':>14s}   goal")
        print(f"{'documents/min, 1 process':38s} {n1 / t1 * 60:14.1f}")
        print(f"{'documents/min, 2 processes':38s} {n2 / t2 * 60:14.1f}")
        print(f"{'speed-up 2 / 1':38s} {speedup:14.2f}   ≥ {GOALS['speedup']}")
        for label, (n, t, peak, _) in rows.items():
            print(f"{'peak RSS, all processes, ' + label:38s} {peak[1] / 2**20:11.0f} MB   ≤ 1024 MB")
        print(f"{'disk per document (store, no PDFs)':38s} {total / n2 / 1024:11.0f} KB")
        print(f"{'disk per document (source PDFs)':38s} {pdfs / n2 / 1024:11.0f} KB")
        print(f"{'store / database (primary/)':38s} {total / db:14.2f}   ≤ {GOALS['disk']}")
        print(f"{'validate --all':38s} {t_validate:12.1f} s   ({t_validate / n2 * 1000:.0f} ms a document)")
        print(f"{'export --format nquads':38s} {t_dump:12.1f} s   ({dump.stat().st_size / 2**20:.0f} MB)")
        print()
        print(f"{'page (best of ' + str(args.repeat) + ', cache off)':24s} {args.small:>5d} budgets {n2:>7d} budgets"
              f"   ratio   (goal ≤ {GOALS['pages']})")
        worst = 0.0
        for kind in paths:
            (a, sa), (b, sb) = small_pages[kind], big_pages[kind]
            worst = max(worst, b / a)
            print(f"{kind:24s} {a * 1000:8.1f} ms {b * 1000:11.1f} ms   {b / a:5.2f}   ({sa // 1024} KB → {sb // 1024} KB)")
        print(f"{'worst page ratio':24s} {worst:35.2f}")
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
