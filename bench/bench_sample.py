"""Generator speed: a corpus of N disclosures (``budget-lod sample --count N``), docs and pages per second.

Usage: ``python3 bench/bench_sample.py [N] [SEED]`` (default 40 disclosures, seed 0). Prints, by family, the
disclosures, pages and seconds per disclosure split into laying out (figures, tables, text, truth) and
painting the PDF (reportlab), with painting's share side by side — then docs/s and pages/s for the whole
corpus as ``write_corpus`` writes it (truth files included).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from common import main_guard


def run(args: list[str]) -> None:
    from budget_lod.sample.corpus import plan_corpus, write_corpus

    count = int(args[0]) if args else 40
    seed = int(args[1]) if len(args) > 1 else 0
    rows: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for v in plan_corpus(count, seed):  # the two steps apart, disclosure by disclosure
            t0 = time.perf_counter()
            files = v.rendered.files
            t1 = time.perf_counter()
            v.write(Path(tmp) / f"{v.name}.pdf")
            t2 = time.perf_counter()
            r = rows.setdefault(v.family, [0, 0, 0.0, 0.0])
            r[0] += 1
            r[1] += sum(len(f.builder.pages) for f in files.values())
            r[2] += t1 - t0
            r[3] += t2 - t1
        print(f"{'family':12} {'docs':>5} {'pages':>6} {'layout s/doc':>13} {'paint s/doc':>12} {'paint share':>12}")
        for family, (docs, pages, lay, paint) in sorted(rows.items()):
            print(f"{family:12} {docs:5d} {pages:6d} {lay / docs:13.3f} {paint / docs:12.3f} "
                  f"{paint / (lay + paint):12.2f}")
        start = time.perf_counter()
        written = list(write_corpus(Path(tmp) / "corpus", count, seed))
        secs = time.perf_counter() - start
    pages = sum(w.pages for w in written)
    print(f"write_corpus: {count} disclosures, {pages} pages in {secs:.2f}s — {count / secs:.1f} docs/s, "
          f"{pages / secs:.0f} pages/s (truth files included)")


if __name__ == "__main__":
    main_guard(run)
