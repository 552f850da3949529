"""Extraction speed vs pdfplumber's own floor (open + ``page.chars`` of every page), side by side.

Prints per disclosure (a two-file disclosure's PDFs together): floor seconds, ours seconds, ratio ours / floor
(goal ≤ 1.3), and the total ratio.
"""

from __future__ import annotations

import pdfplumber

from common import best_of, corpus_disclosures, main_guard


def floor(files) -> None:
    for path in files.paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.chars  # noqa: B018 - the layout pass is the point


def ours(files) -> None:
    from budget_lod.extract import extract_document

    extract_document(files)


def run(args: list[str]) -> None:
    tot_f = tot_o = 0.0
    print(f"{'document':48} {'pages':>5} {'floor s':>8} {'ours s':>8} {'ratio':>6}")
    for path in corpus_disclosures(args):
        n = 0
        for p in path.paths:
            with pdfplumber.open(p) as pdf:
                n += len(pdf.pages)
        # interleave the two so both see the same machine state
        f = best_of(lambda: floor(path))
        o = best_of(lambda: ours(path))
        tot_f, tot_o = tot_f + f, tot_o + o
        print(f"{path.main.name[:48]:48} {n:5d} {f:8.3f} {o:8.3f} {o / f:6.2f}")
    print(f"{'ALL':48} {'':5} {tot_f:8.3f} {tot_o:8.3f} {tot_o / tot_f:6.2f}   (goal ≤ 1.30)")


if __name__ == "__main__":
    main_guard(run)
