"""Ingest in extraction processes: the same store as in one process, and a process that dies costs one document.

Two generated disclosures (``sample --count``) and a third file whose extraction kills its process
(as a crash inside a PDF library would) are ingested with two processes: the two are stored, the third
is reported by name, and what is stored is what a one-process ingest of the two stores.
"""

from __future__ import annotations

import os

import pytest

from budget_lod.config import Settings
from budget_lod.store import open_store

BASE = "http://parallel.example/"


def dies_on_killme(unit, base_url, with_text=False):
    """``pipeline.stage_unit``, but the process dies on a file named KILLME (runs in the extraction process)."""
    from budget_lod.pipeline import stage_unit

    if "KILLME" in unit.files.main.name:
        os._exit(9)
    return stage_unit(unit, base_url, with_text)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from budget_lod.sample.corpus import write_corpus

    folder = tmp_path_factory.mktemp("parallel-corpus")
    list(write_corpus(folder, 2, 0, lambda *a, **k: None))
    pdfs = sorted(folder.glob("*.pdf"))
    killer = folder / "000-KILLME.pdf"
    killer.write_bytes(pdfs[0].read_bytes() + b"\n%another file\n")
    return folder


def ingest(folder, store, jobs: int):
    import budget_lod.pipeline as pipeline

    stored, failed = [], []
    result = pipeline.ingest([folder], Settings.load(store=str(store), base_url=BASE), jobs=jobs,
                             on_stored=stored.append, on_failed=failed.append)
    return result, stored, failed


def graphs(store) -> dict[str, int]:
    with open_store(store, mode="read") as s:
        return {g: len(s.graph(g)) for g in s.named_graphs()}


def test_two_processes_store_what_one_does_and_a_dying_process_costs_one_document(corpus, tmp_path, monkeypatch):
    import budget_lod.pipeline as pipeline

    monkeypatch.setattr(pipeline, "stage_unit", dies_on_killme)
    result, stored, failed = ingest(corpus, tmp_path / "two", jobs=2)
    assert [f.files.main.name for f in failed] == ["000-KILLME.pdf"]
    assert "died" in failed[0].reason and "000-KILLME.pdf" in failed[0].reason
    assert result.stored == len(stored) == len(list(corpus.glob("*.pdf"))) - 1
    monkeypatch.undo()

    (corpus / "000-KILLME.pdf").rename(tmp_path / "killer.pdf")  # the one-process run reads the others only
    try:
        one, stored_one, failed_one = ingest(corpus, tmp_path / "one", jobs=1)
    finally:
        (tmp_path / "killer.pdf").rename(corpus / "000-KILLME.pdf")
    assert not failed_one and one.stored == result.stored
    assert [s.graph_iri for s in stored_one] == [s.graph_iri for s in stored]  # the same order: input order
    assert graphs(tmp_path / "one") == graphs(tmp_path / "two")
