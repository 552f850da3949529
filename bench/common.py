"""Shared helpers for the benchmarks: the inputs (corpus PDFs + bundled sample) and a best-of timer."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]


def corpus_pdfs(args: list[str]) -> list[Path]:
    """PDFs named on the command line, else every corpus PDF plus the bundled sample."""
    if args:
        out: list[Path] = []
        for a in map(Path, args):
            out += sorted(a.rglob("*.pdf")) if a.is_dir() else [a]
        return out
    corpus = Path(os.environ.get("BUDGET_LOD_CORPUS", ROOT.parent / "shared" / "corpus"))
    pdfs = sorted(corpus.rglob("*.pdf")) if corpus.is_dir() else []
    from budget_lod.sample import write_sample_pdf

    pdfs.append(write_sample_pdf(Path(tempfile.mkdtemp()) / "hebei-sample.pdf"))
    return pdfs


def corpus_disclosures(args: list[str]):
    """The disclosures the corpus PDFs make (a two-file disclosure's tables and narrative PDFs as one)."""
    from budget_lod.extract.pairing import pair_files

    return pair_files(corpus_pdfs(args))


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best wall-clock time of ``repeat`` runs (seconds): the least disturbed measurement."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main_guard(fn: Callable[[list[str]], None]) -> None:
    fn(sys.argv[1:])
