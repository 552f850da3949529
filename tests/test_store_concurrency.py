"""One writer beside running readers: readers switch to each new checkpoint, never see an error or a
half-written state, and old checkpoints are pruned once no reader holds them."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import rdflib
from rdflib import RDF, Literal, Namespace

from budget_lod.store import checkpoints, open_store
from budget_lod.store.checkpoints import Layout

EX = Namespace("http://example.org/")

READER = r"""
import json, sys, time
from budget_lod.store import open_store
store = open_store(sys.argv[1], mode="read")
seen, errors, deadline = [], [], time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    try:
        rows = list(store.query("SELECT ?v (COUNT(?i) AS ?n) WHERE { <http://example.org/doc> <http://example.org/version> ?v . "
                                "?i a <http://example.org/Item> } GROUP BY ?v"))
        state = [(r["v"].value, r["n"].value) for r in rows]
        if not seen or seen[-1] != state:
            seen.append(state)
    except Exception as exc:
        errors.append(repr(exc))
    time.sleep(0.005)
print(json.dumps({"seen": seen, "errors": errors}))
"""

ITEMS = 300  # every version has exactly this many items: a half-written state would show another count


def version(v: int) -> tuple[rdflib.Graph, rdflib.Graph]:
    g = rdflib.Graph()
    g.add((EX.doc, EX.version, Literal(v)))
    for i in range(ITEMS):
        g.add((EX[f"item/{v}/{i}"], RDF.type, EX.Item))
    r = rdflib.Graph()
    r.add((EX.report, EX.version, Literal(v)))
    return g, r


def test_reader_sees_each_published_version_and_never_an_error(tmp_path):
    path = tmp_path / "store"
    with open_store(path, mode="write") as s:
        s.replace_document("http://example.org/g", *_args(1))
    reader = subprocess.Popen([sys.executable, "-c", READER, str(path), "6"], stdout=subprocess.PIPE, text=True)
    time.sleep(1.5)  # the reader is up and reading version 1
    writer = subprocess.run(
        [sys.executable, "-c",
         "import sys, time\n"
         "sys.path.insert(0, sys.argv[2])\n"
         "from test_store_concurrency import _args\n"
         "from budget_lod.store import open_store\n"
         "with open_store(sys.argv[1], mode='write') as s:\n"
         "    for v in (2, 3, 4):\n"
         "        s.replace_document('http://example.org/g', *_args(v)); time.sleep(0.5)\n",
         str(path), str(__import__("pathlib").Path(__file__).parent)], capture_output=True, text=True, timeout=60)
    assert writer.returncode == 0, writer.stderr
    out, _ = reader.communicate(timeout=60)
    result = json.loads(out)
    assert result["errors"] == []
    versions = [state[0][0] for state in result["seen"]]
    assert versions[0] == "1" and versions[-1] == "4"
    assert versions == sorted(versions, key=int)  # never back in time
    assert all(state == [[state[0][0], str(ITEMS)]] for state in result["seen"]), result["seen"]  # never half a version


def _args(v: int):
    g, r = version(v)
    return g, "http://example.org/g/report", r


def test_old_checkpoints_pruned_after_grace_unless_a_reader_holds_them(tmp_path):
    path = tmp_path / "store"
    layout = Layout(path)
    with open_store(path, mode="write") as s:
        s.replace_document("http://example.org/g", *_args(1))
    reader = open_store(path, mode="read")
    assert len(reader) == ITEMS + 2
    held = reader.checkpoint
    from budget_lod.store.oxigraph import EmbeddedStore

    with EmbeddedStore(path, "write", grace=0.0) as w:
        w.replace_document("http://example.org/g", *_args(2))
        w.replace_document("http://example.org/g", *_args(3))
        remaining = layout.numbers()
        assert held in remaining  # the reader still has it open
        assert remaining[-1] == layout.read_current()
        assert len(remaining) == 2  # everything else superseded and unused is gone
    assert len(reader) == ITEMS + 2  # the reader moves to the CURRENT checkpoint on its next use …
    assert reader._reader.number == layout.read_current()
    assert checkpoints.prune(layout, grace=0.0) == [held]  # … and then its old one can go
    assert layout.numbers() == [layout.read_current()]
    rows = list(reader.query("SELECT ?v WHERE { <http://example.org/doc> <http://example.org/version> ?v }"))
    assert [r["v"].value for r in rows] == ["3"]
    reader.close()


def test_superseded_checkpoints_go_at_once_unless_a_grace_is_asked_for(tmp_path):
    from budget_lod.store.oxigraph import EmbeddedStore

    path = tmp_path / "store"
    layout = Layout(path)
    with open_store(path, mode="write") as s:  # default: no grace, no reader
        for v in (1, 2, 3):
            s.replace_document("http://example.org/g", *_args(v))
    assert layout.numbers() == [layout.read_current()]
    with EmbeddedStore(path, "write", grace=30.0) as w:
        for v in (4, 5):
            w.replace_document("http://example.org/g", *_args(v))
    assert len(layout.numbers()) == 3  # within the grace asked for
    with EmbeddedStore(path, "write") as w:
        w.replace_document("http://example.org/g", *_args(6))
    assert layout.numbers() == [layout.read_current()]
    # each checkpoint's statistics go with it
    assert sorted(p.name for p in layout.checkpoints.glob("*.stats.json")) == [f"{layout.read_current()}.stats.json"]


def test_an_idle_reader_lets_go_of_a_superseded_checkpoint(tmp_path):
    path = tmp_path / "store"
    layout = Layout(path)
    with open_store(path, mode="write") as s:
        s.replace_document("http://example.org/g", *_args(1))
    reader = open_store(path, mode="read")
    try:
        assert len(reader) == ITEMS + 2
        held = reader.checkpoint
        with open_store(path, mode="write") as s:
            s.replace_document("http://example.org/g", *_args(2))
            assert held in layout.numbers()  # the reader still has it open
            deadline = time.monotonic() + 10
            while held in layout.numbers() and time.monotonic() < deadline:
                time.sleep(0.2)
                checkpoints.prune(layout)  # what the writer does at its next publication
        assert layout.numbers() == [layout.read_current()]  # the idle reader moved on by itself
    finally:
        reader.close()
