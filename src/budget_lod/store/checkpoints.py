"""One writer, many readers: the store directory's layout, its write lock and its published checkpoints.

pyoxigraph allows one writing process per database, and opening a database read-only while another
process writes it is undefined behaviour. So readers never open the database a writer writes::

    DIR/write.lock          exclusive flock held by the one writer (the pid inside says who)
    DIR/primary/            the read-write database; only the lock holder opens it
    DIR/checkpoints/<n>/    immutable copies made with Store.backup (hard links to RocksDB's immutable files)
    DIR/checkpoints/<n>.lock   readers hold a shared flock on it while they have <n> open
    DIR/checkpoints/<n>.stats.json  what checkpoint n holds, counted at the write (store/statistics.py)
    DIR/CURRENT             the number of the checkpoint readers should use (replaced atomically)
    DIR/UNPUBLISHED         present while primary/ holds writes not yet in a published checkpoint

After a write the writer makes checkpoint n+1 (into a temporary name, then renamed), saves its statistics
and switches CURRENT with ``os.replace``; readers check CURRENT on every use and reopen when it changed.
A checkpoint no longer current is deleted as soon as no reader holds its lock (``grace`` seconds after it
was superseded, 0 by default): a reader locks a checkpoint before opening it and reads CURRENT again if
it was deleted in between, so nothing waits on a clock. Readers that stay idle let go of a superseded
checkpoint by themselves (:meth:`CheckpointReader.follow`).

**Unpublished writes.** Before it changes ``primary/`` the writer creates ``UNPUBLISHED``; it removes it
once the change is published. A writer that finds the marker when it opens the store (the previous one
was killed, or failed, between the two) first puts ``primary/`` back to the CURRENT checkpoint
(:func:`restore_primary`: the checkpoint's immutable files hard-linked, the rest copied). So whatever
moment a writer is killed at, the store is what the last published checkpoint holds — never a half
write, also for Oxigraph's bulk loader, which is not transactional. Nothing here imports rdflib: query
workers use it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from budget_lod.errors import StoreError

GRACE_SECONDS = 0.0
LOCK_WAIT_SECONDS = 30.0


class Layout:
    """Paths inside a store directory."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.lock = self.root / "write.lock"
        self.primary = self.root / "primary"
        self.checkpoints = self.root / "checkpoints"
        self.current = self.root / "CURRENT"
        self.unpublished = self.root / "UNPUBLISHED"

    def checkpoint(self, n: int) -> Path:
        return self.checkpoints / str(n)

    def checkpoint_lock(self, n: int) -> Path:
        return self.checkpoints / f"{n}.lock"

    def stats(self, n: int) -> Path:
        return self.checkpoints / f"{n}.stats.json"

    def read_current(self) -> int | None:
        """The published checkpoint number, or None before the first write."""
        try:
            text = self.current.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        try:
            return int(text)
        except ValueError:
            raise StoreError(f"{self.current}: not a checkpoint number ({text!r}); the store directory is damaged") from None

    def numbers(self) -> list[int]:
        """Numbers of every complete checkpoint on disk, ascending."""
        if not self.checkpoints.is_dir():
            return []
        return sorted(int(p.name) for p in self.checkpoints.iterdir() if p.is_dir() and p.name.isdigit())


class WriteLock:
    """The exclusive writer lock of a store directory (an ``fcntl.flock`` on ``DIR/write.lock``)."""

    def __init__(self, layout: Layout, wait: float = LOCK_WAIT_SECONDS):
        layout.root.mkdir(parents=True, exist_ok=True)
        self._file = open(layout.lock, "a+", encoding="ascii")
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self._file.seek(0)
                    holder = self._file.read().strip() or "unknown"
                    self._file.close()
                    raise StoreError(
                        f"{layout.root}: another process (pid {holder}) is writing this store; "
                        f"waited {wait:g} s. Run one ingest at a time, or try again when it has finished."
                    ) from None
                time.sleep(0.05)
        self._file.seek(0)
        self._file.truncate()
        self._file.write(str(os.getpid()))
        self._file.flush()

    def release(self) -> None:
        if not self._file.closed:
            self._file.seek(0)
            self._file.truncate()
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()


def publish(store: ox.Store, layout: Layout, grace: float = GRACE_SECONDS, stats=None) -> int:
    """Make the writer's current state a new checkpoint and point CURRENT at it; returns its number.

    The caller holds the write lock. ``stats`` (:class:`~budget_lod.store.statistics.Statistics`) are
    saved beside the checkpoint before it becomes current. Readers switch on their next use; older
    checkpoints are pruned. Ends an unpublished write (removes ``UNPUBLISHED``).
    """
    store.flush()
    layout.checkpoints.mkdir(parents=True, exist_ok=True)
    for stale in layout.checkpoints.glob(".tmp-*"):  # left by a writer that crashed mid-backup
        shutil.rmtree(stale, ignore_errors=True)
    n = max(layout.numbers() + [layout.read_current() or 0]) + 1
    tmp = layout.checkpoints / f".tmp-{n}"
    store.backup(str(tmp))
    layout.checkpoint_lock(n).touch()  # its mtime is when checkpoint n-1 and older were superseded
    if stats is not None:
        stats.save(layout.stats(n))
    os.rename(tmp, layout.checkpoint(n))
    _write_atomically(layout.current, f"{n}\n")
    layout.unpublished.unlink(missing_ok=True)
    prune(layout, grace)
    return n


def begin_unpublished(layout: Layout) -> None:
    """Mark ``primary/`` as about to hold changes readers have not been given (see the module docstring)."""
    if not layout.unpublished.exists():
        _write_atomically(layout.unpublished, f"{os.getpid()}\n")


def restore_primary(layout: Layout) -> None:
    """Make ``primary/`` a copy of the CURRENT checkpoint (empty if none); the primary must be closed.

    Immutable table files (``*.sst``) are hard-linked, the rest copied, into ``primary.restoring/``, which
    then replaces ``primary/``; a restore interrupted in turn is simply done again (the marker stays until
    the end). Removes ``UNPUBLISHED``.
    """
    staging, old = layout.root / "primary.restoring", layout.root / "primary.old"
    for leftover in (staging, old):
        shutil.rmtree(leftover, ignore_errors=True)
    n = layout.read_current()
    if n is not None:
        source = layout.checkpoint(n)
        staging.mkdir()
        for item in source.iterdir():
            if item.is_dir():
                shutil.copytree(item, staging / item.name)
            elif item.suffix == ".sst":
                os.link(item, staging / item.name)
            else:
                shutil.copy2(item, staging / item.name)
    if layout.primary.exists():
        os.rename(layout.primary, old)
    if n is not None:
        os.rename(staging, layout.primary)
    _fsync_dir(layout.root)
    shutil.rmtree(old, ignore_errors=True)
    layout.unpublished.unlink(missing_ok=True)
    _fsync_dir(layout.root)


def _fsync_dir(path: Path) -> None:
    dir_fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="ascii") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def prune(layout: Layout, grace: float = GRACE_SECONDS) -> list[int]:
    """Delete superseded checkpoints no reader uses, ``grace`` seconds after they were superseded."""
    current = layout.read_current()
    if current is None:
        return []
    numbers = layout.numbers()
    removed = []
    now = time.time()
    for m in numbers:
        if m >= current:
            continue
        successor = min(k for k in numbers + [current] if k > m)
        try:
            superseded_at = layout.checkpoint_lock(successor).stat().st_mtime
        except FileNotFoundError:
            superseded_at = now
        if now - superseded_at < grace:
            continue
        lock_path = layout.checkpoint_lock(m)
        with open(lock_path, "a+") as lf:
            try:
                fcntl.flock(lf, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a reader still has it open
            shutil.rmtree(layout.checkpoint(m), ignore_errors=True)
            layout.stats(m).unlink(missing_ok=True)
            lock_path.unlink(missing_ok=True)
        removed.append(m)
    return removed


class CheckpointReader:
    """Read-only access to the CURRENT checkpoint, reopened when a writer publishes a new one.

    Before the first write (no CURRENT yet) it reads an empty in-memory store. Thread-safe.
    """

    def __init__(self, root: str | os.PathLike):
        self.layout = Layout(root)
        if not self.layout.root.is_dir():
            raise StoreError(f"{self.layout.root}: no such store directory; run `budget-lod ingest` first or check --store")
        self._mutex = threading.Lock()
        self._number: int | None = None
        self._store: ox.Store | None = None
        self._lockfile = None
        self._stats: tuple[int | None, object] | None = None
        self._stop = threading.Event()
        self._follower: threading.Thread | None = None

    @property
    def number(self) -> int | None:
        """The checkpoint number now open (None: empty store)."""
        return self._number

    def store(self) -> ox.Store:
        """The store of the CURRENT checkpoint (checked on every call; cheap when unchanged)."""
        n = self.layout.read_current()
        if self._store is not None and n == self._number:
            return self._store
        with self._mutex:
            n = self.layout.read_current()
            if self._store is not None and n == self._number:
                return self._store
            if n is None:
                self._swap(None, ox.Store(), None)
                return self._store
            for _ in range(20):
                try:
                    lockfile = open(self.layout.checkpoint_lock(n), "r")
                except FileNotFoundError:
                    lockfile = None
                if lockfile is not None:
                    fcntl.flock(lockfile, fcntl.LOCK_SH)
                path = self.layout.checkpoint(n)
                if lockfile is not None and path.is_dir():
                    try:
                        store = ox.Store.read_only(str(path))
                    except (OSError, RuntimeError) as exc:  # pyoxigraph: RuntimeError for a damaged one
                        lockfile.close()
                        raise StoreError(f"{path}: cannot open checkpoint read-only: {exc}") from None
                    self._swap(n, store, lockfile)
                    return store
                if lockfile is not None:
                    lockfile.close()  # pruned between reading CURRENT and locking: read CURRENT again
                time.sleep(0.01)
                n = self.layout.read_current()
            raise StoreError(f"{self.layout.root}: CURRENT names checkpoint {n}, which does not exist")

    def _swap(self, n, store, lockfile) -> None:
        old_lock = self._lockfile
        self._number, self._store, self._lockfile = n, store, lockfile
        if old_lock is not None:
            old_lock.close()  # releases the shared lock: the writer may prune it after the grace period

    def statistics(self):
        """The :class:`~budget_lod.store.statistics.Statistics` of the checkpoint :meth:`store` gives now (loaded
        once per checkpoint); None for a checkpoint published without them or an empty store."""
        from budget_lod.store.statistics import Statistics

        self.store()
        n = self._number
        cached = self._stats
        if cached is not None and cached[0] == n:
            return cached[1]
        stats = None if n is None else Statistics.load(self.layout.stats(n))
        self._stats = (n, stats)
        return stats

    def follow(self, interval: float = 1.0) -> None:
        """Move to a newly published checkpoint within ``interval`` seconds even when idle, so that the old
        one can be deleted (a daemon thread; stops with :meth:`close`)."""
        if self._follower is not None:
            return

        def run() -> None:
            while not self._stop.wait(interval):
                if self._store is not None and self.layout.read_current() != self._number:
                    try:
                        self.store()
                    except Exception:  # noqa: BLE001 — the next request reports it
                        pass

        self._follower = threading.Thread(target=run, name="budget-lod-checkpoint-follower", daemon=True)
        self._follower.start()

    def close(self) -> None:
        self._stop.set()
        with self._mutex:
            self._store = None
            if self._lockfile is not None:
                self._lockfile.close()
                self._lockfile = None
