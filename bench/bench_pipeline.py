"""Per document: extract / build graph / validate times, and whole pipeline / extraction (goal ≤ 2)."""

from __future__ import annotations

import time

from common import corpus_disclosures, main_guard


def run(args: list[str]) -> None:
    from budget_lod.extract import extract_document
    from budget_lod.rdf.build import build_graph
    from budget_lod.rdf.iri import Minter
    from budget_lod.validate import validate_graph

    minter = Minter()
    print(f"{'document':48} {'extract':>8} {'build':>8} {'validate':>9} {'triples':>8} {'whole/extract':>14}")
    tot_e = tot_all = 0.0
    for path in corpus_disclosures(args):
        best = None
        for _ in range(3):
            t0 = time.perf_counter()
            doc = extract_document(path)
            t1 = time.perf_counter()
            g = build_graph(doc, minter)
            t2 = time.perf_counter()
            validate_graph(g, minter)
            t3 = time.perf_counter()
            run_ = (t1 - t0, t2 - t1, t3 - t2)
            if best is None or sum(run_) < sum(best):
                best = run_
        e, b, v = best
        tot_e, tot_all = tot_e + e, tot_all + e + b + v
        print(f"{path.main.name[:48]:48} {e:8.3f} {b:8.3f} {v:9.3f} {len(g):8d} {(e + b + v) / e:14.2f}")
    print(f"{'ALL':48} {tot_e:8.3f} {'':8} {'':9} {'':8} {tot_all / tot_e:14.2f}   (goal ≤ 2.00)")


if __name__ == "__main__":
    main_guard(run)
