"""Pages at ten times the scale, side by side in one run: 10, N and K×N budgets.

Extracting 10,000 PDFs takes hours on two cores (``bench_scale.py`` measures the rate: about 56 a minute),
and what a page costs depends on the store, not on how the store was filled. So this bench takes the N
documents a ``bench_scale.py --keep`` run ingested (``WORKDIR/store-2``) and loads them K times into a fresh
store through the same bulk writer ``ingest`` uses (a checkpoint per batch, with its statistics) —
copy k under new department keys, department names (``07·`` before the name: in catalog order the copies
come copy by copy, each in the originals' order, so a page of the K×N store lists the same kind of documents
as a page of the N store), source hashes and blank nodes, so that the K×N documents are distinct budgets to
every page and query. Measured here:

* the load: documents per minute, the loading process's peak resident memory, the store's whole size over
  its database's (``primary/``);
* ``budget-lod ingest --jobs 2`` of ``--extra`` new generated disclosures into a copy of the small store and
  into the K×N store: documents per minute and peak resident memory of all its processes, side by side
  (goal: ≤ 1 GB whatever the store holds);
* the latency of every kind of page (best of ``--repeat``, page cache off, the servers taking turns) on the
  small store of ``bench_scale.py`` (10 budgets), on the N store and on the K×N store, each beside the
  small one (goal ≤ 1.5, as for N).

    python3 bench/bench_replica.py WORKDIR [--copies 10] [--repeat 7]

The copies share their figures with the originals: this measures the store and the pages, not reading.
The link step is left out of the load (it compares each final accounts with its budget, ~4 s a pair, and
``bench_scale.py``'s ingest rate includes it): a copy's pages pair a budget with its final accounts by path.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import BASE, GOALS, check, latencies, resources, run, stored  # noqa: E402
from common import disk_usage  # noqa: E402

SHA = re.compile(rb'sha256> "([0-9a-f]{64})"')
BLANK = re.compile(rb"(^|\s)_:", re.M)


def documents(primary: Path) -> list[str]:
    """The document graphs of a store (not their report graphs, links or registry)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(primary))
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    return [g for g in names if g.startswith(BASE + "graph/") and not g.endswith("/report")
            and not g.startswith(BASE + "graph/links/")]


def copy_of(nquads: bytes, key: str, name: str | None, k: int) -> bytes:
    """Copy ``k`` of one document: its department key, department name, source hashes and blank nodes
    renamed (copy 0 is the document itself)."""
    if k == 0:
        return nquads
    code, _, digest = key.rpartition("-")
    new_key = (code + "-" if code else "") + hashlib.sha1(f"{digest}/{k}".encode()).hexdigest()[:len(digest)]
    out = nquads
    for sha in set(SHA.findall(nquads)):
        out = out.replace(sha, hashlib.sha256(sha + b"/%d" % k).hexdigest().encode())
    for before, after in ((b"/", b"/"), (b"/", b">"), (b"/", b"#"), (b'"', b'"')):
        out = out.replace(before + key.encode() + after, before + new_key.encode() + after)
    if name:  # copy k's names sort before every original's, in the originals' order: copies do not cluster
        out = out.replace(name.encode(), f"{k:02d}·{name}".encode())
    return BLANK.sub(rb"\1_:c%db" % k, out)


def load(source: Path, target: Path, copies: int) -> tuple[int, float]:
    """Load ``copies`` copies of every document of ``source`` into a fresh store at ``target``."""
    import pyoxigraph as ox

    from budget_lod.store import open_store
    from budget_lod.store.bulk import StagedDocument

    docs = documents(source / "primary")
    with open_store(source, mode="read", base_iri=BASE) as s:
        entries = {BASE + "graph/" + b.budget[len(BASE + "id/"):].removeprefix("budget/"): b
                   for b in s.statistics().budgets}
    reader = ox.Store.read_only(str(source / "primary"))
    shutil.rmtree(target, ignore_errors=True)
    n, t0 = 0, time.perf_counter()
    with open_store(target, mode="write", base_iri=BASE) as store, \
            store.bulk() as bulk:
        for k in range(copies):
            for g in docs:
                data = b"".join(  # N-Triples written by Oxigraph, each line given its graph
                    reader.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)).replace(
                        b" .\n", f" <{name}> .\n".encode()) for name in (g, g + "/report"))
                entry = entries.get(g)
                key = g[len(BASE + "graph/"):].removeprefix("final-accounts/").split("/")[0]
                data = copy_of(data, key, entry.department_name if entry else None, k)
                graph = copy_of(g.encode(), key, None, k).decode()
                bulk.add(StagedDocument(graph, graph + "/report", data,
                                        identity=tuple(sorted({m.decode() for m in SHA.findall(data)}))))
                n += 1
                if n % 500 == 0:
                    print(f"  {n} documents loaded, {n / (time.perf_counter() - t0) * 60:.0f} a minute", flush=True)
        bulk.commit()
    return n, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("workdir", type=Path, help="a bench_scale.py --keep work folder (store-small, store-2)")
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--extra", type=int, default=20, help="new disclosures ingested into the small and K×N stores")
    ap.add_argument("--reuse", action="store_true", help="keep an existing store-xK (its load is not measured)")
    args = ap.parse_args()
    small, big, huge = args.workdir / "store-small", args.workdir / "store-2", args.workdir / f"store-x{args.copies}"
    if not args.reuse or not huge.exists():
        n, t = load(big, huge, args.copies)
        db, total = disk_usage(huge / "primary"), disk_usage(huge, skip=("sources",))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(f"load: {n} documents in {t:.0f} s = {n / t * 60:.0f} documents/min, peak RSS {peak / 2**20:.0f} MB, "
              f"store / database {total / db:.2f} (goal ≤ {GOALS['disk']}), {total / n / 1024:.0f} KB a document")
    extra = args.workdir / "corpus-extra"
    if not any(extra.glob("*.pdf")):
        _, r, _ = run(["sample", "--count", str(args.extra), "--seed", "9999", str(extra)])
        check(r)
    shutil.rmtree(args.workdir / "store-small-extra", ignore_errors=True)
    shutil.copytree(small, args.workdir / "store-small-extra")
    for label, store in (("small", args.workdir / "store-small-extra"), (f"x{args.copies}", huge)):
        t, r, peak = run(["ingest", str(extra), "--store", str(store), "--jobs", "2", "--base-url", BASE])
        check(r, allowed=(0, 2))
        n = stored(r)
        print(f"ingest {n} new into the {label} store, 2 processes: {n / t * 60:.1f} documents/min, "
              f"peak RSS {peak[1] / 2**20:.0f} MB all processes ({peak[0] / 2**20:.0f} MB the writer)", flush=True)
    with_small = len(documents(small / "primary"))
    paths = resources(small, with_small)
    sizes = [with_small] + [len(documents(p / "primary")) for p in (big, huge)]
    timed = latencies([small, big, huge], paths, args.repeat)
    print()
    print(f"{'page (best of ' + str(args.repeat) + ', cache off)':24s}" + "".join(f"{n:>9d} budgets" for n in sizes)
          + f"   ratios (goal ≤ {GOALS['pages']})")
    worst = [0.0, 0.0]
    for kind in paths:
        base = timed[0][kind][0]
        cells = "".join(f"{t[kind][0] * 1000:13.1f} ms" for t in timed)
        ratios = [t[kind][0] / base for t in timed[1:]]
        worst = [max(w, r) for w, r in zip(worst, ratios)]
        print(f"{kind:24s}{cells}   " + "  ".join(f"{r:5.2f}" for r in ratios))
    print(f"{'worst page ratio':24s}{'':51s}   " + "  ".join(f"{w:5.2f}" for w in worst))


if __name__ == "__main__":
    main()
