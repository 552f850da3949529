"""The checkpoint store's pieces one at a time (``store/checkpoints.py``): the directory layout, the writer lock,
publishing, pruning and the reader — numbers, file contents and error messages exactly."""

from __future__ import annotations

import fcntl
import os
import time

import pyoxigraph as ox
import pytest

from budget_lod.errors import StoreError
from budget_lod.store.checkpoints import CheckpointReader, Layout, WriteLock, prune, publish

EX = "http://example.org/"


def quad(n: int) -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"{EX}s{n}"), ox.NamedNode(f"{EX}p"), ox.Literal(str(n)), ox.NamedNode(f"{EX}g"))


def test_layout_paths(tmp_path):
    layout = Layout(tmp_path)
    assert layout.root == tmp_path
    assert layout.lock == tmp_path / "write.lock" and layout.primary == tmp_path / "primary"
    assert layout.checkpoints == tmp_path / "checkpoints" and layout.current == tmp_path / "CURRENT"
    assert layout.checkpoint(12) == tmp_path / "checkpoints" / "12"
    assert layout.checkpoint_lock(12) == tmp_path / "checkpoints" / "12.lock"


def test_read_current(tmp_path):
    layout = Layout(tmp_path)
    assert layout.read_current() is None
    layout.current.write_text(" 7\n", encoding="ascii")
    assert layout.read_current() == 7
    layout.current.write_text("seven\n", encoding="ascii")
    with pytest.raises(StoreError) as info:
        layout.read_current()
    assert str(info.value) == f"{layout.current}: not a checkpoint number ('seven'); the store directory is damaged"


def test_numbers_are_the_complete_checkpoints_in_order(tmp_path):
    layout = Layout(tmp_path)
    assert layout.numbers() == []
    for name in ("10", "2", "1", ".tmp-11"):
        (layout.checkpoints / name).mkdir(parents=True)
    (layout.checkpoints / "3").write_text("not a checkpoint")
    (layout.checkpoints / "2.lock").touch()
    assert layout.numbers() == [1, 2, 10]


def test_the_write_lock_names_its_holder_and_waits_as_long_as_asked(tmp_path):
    layout = Layout(tmp_path / "store")
    lock = WriteLock(layout, wait=0.0)
    assert layout.lock.read_text() == str(os.getpid())
    with pytest.raises(StoreError) as info:
        WriteLock(layout, wait=0.25)
    assert str(info.value) == (f"{layout.root}: another process (pid {os.getpid()}) is writing this store; waited 0.25 s. "
                               "Run one ingest at a time, or try again when it has finished.")
    lock.release()
    assert layout.lock.read_text() == ""  # released: no holder named
    lock.release()  # twice is harmless
    again = WriteLock(layout, wait=0.0)
    again.release()


def test_a_lock_held_without_a_pid_says_unknown(tmp_path):
    layout = Layout(tmp_path)
    layout.lock.touch()
    with open(layout.lock, "a+") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(StoreError, match=r"another process \(pid unknown\) is writing this store; waited 0 s"):
            WriteLock(layout, wait=0.0)


def test_a_lock_freed_while_waiting_is_taken(tmp_path):
    import threading

    layout = Layout(tmp_path)
    first = WriteLock(layout, wait=0.0)
    threading.Timer(0.2, first.release).start()
    second = WriteLock(layout, wait=10.0)
    assert layout.lock.read_text() == str(os.getpid())
    second.release()


@pytest.fixture()
def writer(tmp_path):
    layout = Layout(tmp_path / "store")
    layout.root.mkdir()
    store = ox.Store(str(layout.primary))
    yield layout, store
    del store


def test_publish_numbers_checkpoints_and_switches_current(writer):
    layout, store = writer
    (layout.checkpoints / ".tmp-9").mkdir(parents=True)  # left by a writer that crashed mid-backup
    store.add(quad(1))
    assert publish(store, layout, grace=60) == 1
    assert layout.current.read_text(encoding="ascii") == "1\n"
    assert layout.numbers() == [1] and layout.checkpoint_lock(1).is_file()
    assert not (layout.checkpoints / ".tmp-9").exists()
    assert not any(p.name.startswith(".") for p in layout.root.iterdir())  # no temporary CURRENT left
    store.add(quad(2))
    assert publish(store, layout, grace=60) == 2
    assert layout.numbers() == [1, 2]  # within the grace period the old one stays
    assert len(ox.Store.read_only(str(layout.checkpoint(1)))) == 1
    assert len(ox.Store.read_only(str(layout.checkpoint(2)))) == 2


def test_publish_never_reuses_a_number(writer):
    layout, store = writer
    layout.current.write_text("5\n", encoding="ascii")  # CURRENT ahead of what is on disk
    assert publish(store, layout, grace=60) == 6
    (layout.checkpoints / "9").mkdir()  # a checkpoint ahead of CURRENT
    assert publish(store, layout, grace=60) == 10


def test_prune_honours_the_grace_period_and_the_readers(writer):
    layout, store = writer
    assert prune(layout, grace=0.0) == []  # nothing published
    for n in range(3):
        store.add(quad(n))
        publish(store, layout, grace=3600)
    assert layout.numbers() == [1, 2, 3]
    assert prune(layout, grace=3600) == []
    old = time.time() - 100
    os.utime(layout.checkpoint_lock(2), (old, old))  # 1 was superseded by 2 a hundred seconds ago
    assert prune(layout, grace=50) == [1]
    assert layout.numbers() == [2, 3] and not layout.checkpoint_lock(1).exists()
    assert prune(layout, grace=150) == []  # 2 was superseded just now
    with open(layout.checkpoint_lock(2)) as reader:  # a reader holds 2
        fcntl.flock(reader, fcntl.LOCK_SH)
        assert prune(layout, grace=0.0) == []
        assert layout.numbers() == [2, 3]
    assert prune(layout, grace=0.0) == [2]
    assert layout.numbers() == [3] and layout.checkpoint_lock(3).exists()


def test_prune_without_the_successors_lock_file_waits_a_grace_period(writer):
    layout, store = writer
    for n in range(2):
        store.add(quad(n))
        publish(store, layout, grace=3600)
    layout.checkpoint_lock(2).unlink()
    assert prune(layout, grace=10) == []  # superseded "now"
    assert prune(layout, grace=0.0) == [1]


def test_the_reader_follows_current(writer):
    layout, store = writer
    reader = CheckpointReader(layout.root)
    assert reader.number is None and len(reader.store()) == 0  # nothing published: empty
    store.add(quad(1))
    publish(store, layout, grace=0.0)
    first = reader.store()
    assert reader.number == 1 and len(first) == 1
    assert reader.store() is first  # unchanged: the same store
    store.add(quad(2))
    publish(store, layout, grace=0.0)
    assert layout.numbers() == [1, 2]  # the reader still holds 1
    assert len(reader.store()) == 2 and reader.number == 2
    assert prune(layout, grace=0.0) == [1]  # … until it moved on
    reader.close()
    assert prune(layout, grace=0.0) == []
    store.add(quad(3))
    publish(store, layout, grace=0.0)  # nobody holds 2 now
    assert layout.numbers() == [3]


def test_a_reader_needs_the_directory_and_the_checkpoint_current_names(tmp_path):
    with pytest.raises(StoreError) as info:
        CheckpointReader(tmp_path / "none")
    assert str(info.value) == (f"{tmp_path / 'none'}: no such store directory; run `budget-lod ingest` first or check "
                               "--store")
    layout = Layout(tmp_path)
    layout.current.write_text("7\n", encoding="ascii")
    with pytest.raises(StoreError) as info:
        CheckpointReader(tmp_path).store()
    assert str(info.value) == f"{tmp_path}: CURRENT names checkpoint 7, which does not exist"


def test_the_write_lock_makes_its_directory(tmp_path):
    layout = Layout(tmp_path / "a" / "b" / "store")
    lock = WriteLock(layout, wait=0.0)
    assert layout.lock.is_file()
    lock.release()


def test_prune_looks_at_every_checkpoint_whatever_the_order_of_their_ages(writer):
    layout, store = writer
    for n in range(3):
        store.add(quad(n))
        publish(store, layout, grace=3600)
    old = time.time() - 100
    os.utime(layout.checkpoint_lock(3), (old, old))  # 2 superseded long ago, 1 (by 2) just now
    assert prune(layout, grace=50) == [2]
    assert layout.numbers() == [1, 3]


def test_prune_removes_a_checkpoint_whose_lock_file_is_gone(writer):
    layout, store = writer
    for n in range(2):
        store.add(quad(n))
        publish(store, layout, grace=3600)
    layout.checkpoint_lock(1).unlink()
    assert prune(layout, grace=0.0) == [1]
    assert layout.numbers() == [2] and not layout.checkpoint_lock(1).exists()


def test_the_reader_reads_a_checkpoint_only_under_its_lock(writer):
    layout, store = writer
    store.add(quad(1))
    publish(store, layout, grace=3600)
    layout.checkpoint_lock(1).unlink()  # a checkpoint being pruned: its lock goes first
    with pytest.raises(StoreError, match="CURRENT names checkpoint 1, which does not exist"):
        CheckpointReader(layout.root).store()


def test_a_damaged_checkpoint_is_a_clear_error(tmp_path):
    layout = Layout(tmp_path)
    layout.checkpoint(1).mkdir(parents=True)
    (layout.checkpoint(1) / "CURRENT").write_text("garbage")  # not a RocksDB directory
    layout.checkpoint_lock(1).touch()
    layout.current.write_text("1\n", encoding="ascii")
    with pytest.raises(StoreError) as info:
        CheckpointReader(tmp_path).store()
    assert str(info.value).startswith(f"{layout.checkpoint(1)}: cannot open checkpoint read-only: ")


def test_the_reader_gives_stores_and_reopens_after_close(writer):
    layout, store = writer
    reader = CheckpointReader(layout.root)
    assert isinstance(reader.store(), ox.Store)  # empty, before anything is published
    store.add(quad(1))
    publish(store, layout, grace=3600)
    assert isinstance(reader.store(), ox.Store) and reader.number == 1
    reader.close()
    again = reader.store()
    assert isinstance(again, ox.Store) and len(again) == 1 and reader.number == 1
    reader.close()
