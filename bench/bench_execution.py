"""Budget versus execution pages at scale, side by side in one run: each page kind on a small store and on one
with N more departments (each with a 2024 budget and final accounts and a 2025 budget: 3·N documents).

Both stores hold the hand-made pairs of ``budget_lod.web.handmade_pairs`` (a department with three budgets and
two final accounts, final accounts alone, …); the larger one N departments more, written with the bulk loader.
Every page kind that shows final accounts or compares them with a budget is timed (best of ``--repeat``,
page cache off, the two real servers taking turns request by request, as ``bench_scale.py`` does) and the
ratio printed (goal ≤ 1.5: a page costs what is on it, not what the store holds).

    python3 bench/bench_execution.py [--departments 500] [--small 5] [--repeat 7] [--workdir DIR] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import latencies  # noqa: E402
from common import ROOT  # noqa: E402

sys.path.insert(0, str(ROOT / "src"))

BASE = "http://scale.example/"
GOAL = 1.5


def stores(work: Path, small: int, large: int) -> tuple[Path, Path, float]:
    """The small and large stores (written unless already there) and the seconds writing the large one took."""
    from budget_lod.web.handmade_pairs import ALONE_FINAL, DOCUMENTS, PUTUO_BUDGET, others, write

    specs = [*DOCUMENTS, ALONE_FINAL, PUTUO_BUDGET]
    out, took = [], 0.0
    for name, extra in (("store-small", small), ("store-large", large)):
        path = work / name
        if not (path / "CURRENT").exists():
            shutil.rmtree(path, ignore_errors=True)
            t0 = time.perf_counter()
            write(path, BASE, specs + others(extra))
            took = time.perf_counter() - t0
        out.append(path)
    return out[0], out[1], took


def paths() -> dict[str, str]:
    from budget_lod.rdf.iri import Minter
    from budget_lod.web.handmade_pairs import ALONE, TESTER

    m = Minter(BASE)
    budget = m.budget(*TESTER[:2], 2024, "department")
    final = m.budget(*TESTER[:2], 2024, "department", "final_accounts")
    item = m.line_item(m.table(final, "general_budget_expenditure"), "functional", "2210201")
    doc = lambda iri: iri.replace(BASE + "id/", "/doc/", 1)  # noqa: E731
    return {
        "home": "/", "budget with its 决算": doc(budget), "final accounts": doc(final),
        "final accounts (Turtle)": doc(final) + ".ttl",
        "final accounts alone": doc(m.budget(*ALONE[:2], 2024, "department", "final_accounts")),
        "final line item": doc(item), "budget line item": doc(item.replace("/final-accounts/", "/budget/", 1)),
        "observation, 年初预算数": doc(m.observation(item, "total", "initial_budget")),
        "table of a 决算": doc(m.table(final, "three_public")),
        "department (chart)": doc(m.department(*TESTER[:2])),
        "code (项, every dept)": doc(m.concept("functional", "2080505")),
        "code (类)": doc(m.concept("functional", "221")),
        "catalog page": "/catalog?page_size=10",
        "final accounts CSV": final.replace(BASE + "id/", "/dumps/", 1) + ".csv",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--departments", type=int, default=500, help="departments added to the large store")
    ap.add_argument("--small", type=int, default=5, help="departments added to the small store")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-execution-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        small, large, took = stores(work, args.small, args.departments)
        from budget_lod.store import open_store

        counts = []
        for store in (small, large):
            with open_store(store, mode="read", base_iri=BASE) as s:
                counts.append(s.statistics().kinds)
        if took:
            print(f"large store written in {took:.0f} s ({3 * args.departments} documents more)")
        kinds = list(paths())
        small_pages, large_pages = latencies([small, large], paths(), args.repeat)
        docs = [c.get("budget", 0) + c.get("final_accounts", 0) for c in counts]
        print(f"{'page (best of ' + str(args.repeat) + ', cache off)':28s} {docs[0]:>6d} docs {docs[1]:>9d} docs"
              f"   ratio   (goal ≤ {GOAL})")
        worst = 0.0
        for kind in kinds:
            (a, sa), (b, sb) = small_pages[kind], large_pages[kind]
            worst = max(worst, b / a)
            print(f"{kind:28s} {a * 1000:8.1f} ms {b * 1000:11.1f} ms   {b / a:5.2f}   ({sa // 1024} KB → {sb // 1024} KB)")
        print(f"{'worst page ratio':28s} {worst:35.2f}")
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
