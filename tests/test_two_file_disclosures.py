"""A disclosure published as two PDFs (narrative + tables) read as one document: paired explicitly
(``--narrative``), by looking beside the file given, and within a batch (``pair_files``) — never on a doubt.

The corpus's two-file disclosures (江苏省政协办公厅, 中共江苏省委办公厅 2017) are paired in a folder holding
other departments' and years' disclosures too; the narrative's claims keep the narrative file's pages and the
tables' amounts the tables file's.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from budget_lod.extract import extract_document
from budget_lod.extract.pairing import DisclosureFiles, pair_files

PAIRS = ("2017-dept-cppcc-office", "2017-dept-party-committee-office")


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budget_lod", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def jiangsu(corpus) -> Path:
    return corpus / "jiangsu-province"


def test_a_batch_pairs_each_narrative_with_its_tables_and_nothing_else(jiangsu):
    files = sorted(jiangsu.glob("*.pdf"))
    disclosures = pair_files(files)
    paired = {(d.main.name, d.narrative.name) for d in disclosures if d.narrative}
    assert paired == {(f"{p}.tables.pdf", f"{p}.narrative.pdf") for p in PAIRS}
    assert sorted(p for d in disclosures for p in d.paths) == files  # every file once
    # a narrative whose department two tables files could be is paired with neither
    lone = [f for f in files if f.name.endswith(".narrative.pdf")]
    assert all(d.narrative is None for d in pair_files([lone[0], *(f for f in files if "npc" in f.name)]))


@pytest.mark.parametrize("stem", PAIRS)
def test_the_paired_document_keeps_each_file_its_pages(jiangsu, extracted, stem):
    doc = extract_document(DisclosureFiles(jiangsu / f"{stem}.tables.pdf", jiangsu / f"{stem}.narrative.pdf"))
    assert doc.narrative_file is not None and doc.narrative_file.name == f"{stem}.narrative.pdf"
    assert doc.claims and all(c.file == "narrative" for c in doc.claims)  # the tables file states nothing
    assert max(c.page for c in doc.claims) <= doc.narrative_file.page_count
    with pdfplumber.open(jiangsu / f"{stem}.narrative.pdf") as pdf:  # each claim's words on its narrative page
        pages = {n: re.sub(r"\s+", "", (p.extract_text() or "")) for n, p in enumerate(pdf.pages, start=1)}
    for c in doc.claims:
        assert c.amount is None or c.amount.printed in pages[c.page], (c.page, c.sentence)
    tables_alone = extracted(jiangsu / f"{stem}.tables.pdf")
    assert [(t.kind, t.rows) for t in doc.tables] == [(t.kind, t.rows) for t in tables_alone.tables]


def test_extract_finds_the_other_file_beside_the_one_given(jiangsu, tmp_path):
    stem = PAIRS[0]
    for name in (f"{stem}.tables.pdf", f"{stem}.narrative.pdf", "2017-dept-procuratorate.pdf"):
        shutil.copy(jiangsu / name, tmp_path / name)
    together = _cli("extract", str(tmp_path / f"{stem}.narrative.pdf"))
    assert together.returncode == 0, together.stderr
    assert f"read together with {tmp_path / f'{stem}.tables.pdf'}" in together.stderr
    explicit = _cli("extract", str(tmp_path / f"{stem}.tables.pdf"), "--narrative",
                    str(tmp_path / f"{stem}.narrative.pdf"))
    assert explicit.returncode == 0 and explicit.stdout == together.stdout
    rows = list(csv.reader(io.StringIO(together.stdout)))
    assert len(rows) > 100 and {r[0] for r in rows[1:]} == {f"{stem}.tables.pdf"}
    alone = _cli("extract", "--alone", str(tmp_path / f"{stem}.narrative.pdf"))
    assert alone.returncode == 2 and alone.stdout == ""
    assert "narrative of a two-file disclosure" in alone.stderr and "--narrative" in alone.stderr


def test_a_narrative_of_another_year_is_refused(jiangsu, tmp_path):
    other = _cli("extract", str(jiangsu / "2018-dept-npc-standing-committee-office.pdf"), "--narrative",
                 str(jiangsu / f"{PAIRS[0]}.narrative.pdf"))
    assert other.returncode == 2 and other.stdout == ""
    assert "2017" in other.stderr and "2018" in other.stderr and "not the two files of one disclosure" in other.stderr
