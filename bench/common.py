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


def tree_rss(pid: int) -> tuple[int, int]:
    """(resident bytes of ``pid`` alone, of ``pid`` and all its descendants), read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    page = os.sysconf("SC_PAGE_SIZE")
    alone, total, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            with open(f"/proc/{p}/statm", "rb") as f:
                rss = int(f.read().split()[1]) * page
        except OSError:
            continue
        total += rss
        alone = rss if p == pid else alone
    return alone, total


def disk_usage(path: Path, skip: tuple[str, ...] = ()) -> int:
    """Bytes allocated under ``path`` (a file hard-linked twice counted once), leaving out top-level ``skip``."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for root, dirs, files in os.walk(path):
        if Path(root) == Path(path):
            dirs[:] = [d for d in dirs if d not in skip]
        for name in files:
            try:
                st = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_blocks * 512
    return total
