"""Bulk writes and what a kill -9 leaves: the store is always its last published batch, never half of one.

A writer killed between Oxigraph's (non-transactional) bulk load and the publication of its batch — the
worst moment — leaves readers on the previous batch, and the next writer puts ``primary/`` back to it.
The real ``budget-lod ingest`` killed midway keeps every document it reported stored, each whole, and
the same command run again stores the rest without reading those again.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from budget_lod.store import open_store
from budget_lod.store.checkpoints import Layout

from test_store_statistics import MINTER, check, staged, synthetic

KILLED_WRITER = r"""
import os, signal, sys
sys.path.insert(0, sys.argv[2])
from test_store_statistics import staged, synthetic
from budget_lod.store import open_store
store = open_store(sys.argv[1], mode="write")
bulk = store.bulk(max_documents=2)
published = []
for dept in (1, 2, 3):
    published += bulk.add(staged(synthetic(dept, 2025)))
print(len(published), flush=True)
bulk._load()                         # the third document is in primary/, not yet published
os.kill(os.getpid(), signal.SIGKILL)
"""


def graphs_seen(store_dir) -> list[str]:
    with open_store(store_dir, mode="read") as s:
        return sorted(s.named_graphs())


def test_a_writer_killed_inside_a_bulk_batch_leaves_the_last_published_one(tmp_path):
    store_dir = tmp_path / "store"
    r = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(store_dir), str(Path(__file__).parent)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == -signal.SIGKILL and r.stdout.split() == ["2"], r.stderr
    layout = Layout(store_dir)
    assert layout.unpublished.exists()  # the killed writer had begun a batch
    first_two = sorted(g for dept in (1, 2) for g in (synthetic(dept, 2025)[0], synthetic(dept, 2025)[2]))
    assert graphs_seen(store_dir) == first_two  # readers: the published batch, nothing of the third document
    with open_store(store_dir, mode="write") as w:  # the next writer puts primary/ back first
        assert not layout.unpublished.exists()
        assert sorted(g.value for g in w._writable().named_graphs()) == first_two
        w.replace_document(*synthetic(4, 2025))
    stats = check(store_dir)  # and keeps counting right from there
    assert len(stats.budgets) == 3


def test_an_aborted_batch_is_undone_and_a_bad_document_refuses_only_its_batch(tmp_path):
    from budget_lod.errors import StoreError
    from budget_lod.store.bulk import StagedDocument

    store_dir = tmp_path / "store"
    with open_store(store_dir, mode="write") as w:
        w.replace_document(*synthetic(1, 2025))
    before = graphs_seen(store_dir)
    with open_store(store_dir, mode="write") as w:
        with pytest.raises(StoreError, match="not valid N-Quads"):
            with w.bulk(max_documents=10) as bulk:
                bulk.add(staged(synthetic(2, 2025)))
                bulk.add(StagedDocument(MINTER.base + "graph/x", MINTER.base + "graph/x/report", b"<broken"))
                bulk.commit()
        assert sorted(g.value for g in w._writable().named_graphs()) == before
    assert graphs_seen(store_dir) == before
    check(store_dir)


def test_one_checkpoint_per_batch_not_per_document(tmp_path):
    store_dir = tmp_path / "store"
    layout = Layout(store_dir)
    with open_store(store_dir, mode="write") as w:
        start = layout.read_current()
        with w.bulk(max_documents=3) as bulk:
            for dept in range(1, 8):
                bulk.add(staged(synthetic(dept, 2025)))
        assert bulk.published == 3  # 3 + 3 + 1
        assert layout.read_current() == start + 3
    assert layout.numbers() == [layout.read_current()]  # the superseded ones are gone
    assert len(kept_budgets(store_dir)) == 7


def kept_budgets(store_dir):
    with open_store(store_dir, mode="read") as s:
        return s.statistics().budgets


# --- the real command, killed ----------------------------------------------------------------------------

def ingest_cmd(store_dir, files, *extra) -> list[str]:
    return [sys.executable, "-m", "budget_lod", "ingest", "--store", str(store_dir), "--jobs", "1", "--batch", "1",
            "--base-url", CLI_BASE,
            *extra, *map(str, files)]


CLI_BASE = "http://bulk.example/"
STORED_LINE = re.compile(r"^(\S.*?): .* → <(\S+)>$")


@pytest.fixture(scope="module")
def four_pdfs(sample_pdf, corpus, tmp_path_factory) -> list[Path]:
    """Four distinct disclosures (the sample and three real ones)."""
    folder = tmp_path_factory.mktemp("four")
    picks = [sample_pdf] + [corpus / "shanghai-putuo" / n for n in (
        "2025-dept-commerce-commission.pdf", "2025-dept-district-government-office.pdf", "2024-dept-wanli-subdistrict.pdf")]
    out = []
    for n, p in enumerate(picks):
        out.append(folder / f"{n}-{p.name}")
        out[-1].write_bytes(p.read_bytes())
    return out


def test_a_killed_ingest_keeps_what_it_reported_and_resumes(tmp_path, four_pdfs):
    store_dir = tmp_path / "store"
    proc = subprocess.Popen(ingest_cmd(store_dir, four_pdfs), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reported: dict[str, str] = {}
    deadline = time.monotonic() + 240
    while len(reported) < 2 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        m = STORED_LINE.match(line.strip())
        if m:
            reported[m.group(1)] = m.group(2)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert len(reported) == 2, proc.stderr.read()

    stored = graphs_seen(store_dir)
    from budget_lod.pipeline import prepare
    from budget_lod.rdf.iri import Minter

    with open_store(store_dir, mode="read") as s:
        for path, graph in reported.items():  # every document reported stored is there, whole
            assert len(s.graph(graph)) == len(prepare(Path(path), Minter(CLI_BASE)).graph)
        for graph in [g for g in stored if not g.endswith("/report")]:  # and nothing else but whole documents
            assert graph + "/report" in stored
            assert s.query(f"ASK {{ GRAPH <{graph}/report> {{ ?a <http://www.w3.org/ns/prov#generated> <{graph}> }} }}")

    again = subprocess.run(ingest_cmd(store_dir, four_pdfs), capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    resumed = {m.group(1): m.group(2) for m in map(STORED_LINE.match, again.stdout.splitlines()) if m}
    assert not set(resumed) & set(reported)  # nothing reported stored was read again
    assert set(resumed) | set(reported) == {str(p) for p in four_pdfs}
    assert f"stored {len(resumed)} document(s)" in again.stdout
    final = graphs_seen(store_dir)
    assert final == sorted({g for g in list(reported.values()) + list(resumed.values())}
                           | {g + "/report" for g in list(reported.values()) + list(resumed.values())})
