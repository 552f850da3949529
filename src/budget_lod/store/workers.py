"""Query workers: processes that run SPARQL on the CURRENT checkpoint, watched, and killed when they overreach.

pyoxigraph's ``Store.query`` has no time or memory limit and cannot be interrupted from Python, so every
timed query runs in one of a small pool of worker processes (``spawn``ed: no state inherited from a
threaded server). A worker opens the CURRENT checkpoint read-only (:class:`CheckpointReader`, reopened
when a writer publishes, also while idle so the old checkpoint can be deleted) and answers
:class:`QueryRequest` with :class:`SerializedResult`.

What hostile load cannot do (what Virtuoso's ``MaxQueryMem`` and Fuseki's limits do for them):

* **run long** — past its time limit the worker is killed: :class:`QueryTimeout`;
* **grow without bound** — the thread waiting for the answer reads the worker's resident anonymous
  memory every few milliseconds and kills it past ``memory_mb`` (``BUDGET_LOD_QUERY_MEMORY_MB``):
  :class:`QueryOverMemory`, naming the setting. The same limit holds for the running queries together
  (one query alone may use all of it; when together they go over, the one started last is stopped), so
  the server's memory is bounded by one limit, not one per slot;
* **pile up** — at most ``size`` queries run at once (``BUDGET_LOD_QUERY_WORKERS``); at most ``2 × size``
  more wait, at most ``wait`` seconds (``BUDGET_LOD_QUERY_WAIT``), newest first (under overload the newest
  request is the one whose client is still waiting; a new one turns the oldest waiter away when the queue
  is full, so waiting requests never hold all of the web server's threads), then get :class:`QueryBusy`
  (503 with ``Retry-After``);
* **starve light queries** — when queries wait and every running one has run longer than ``long_after``
  seconds, the most recently started of them gives way (:class:`QueryBusy`): the oldest keeps running to
  its own limits while the other slots keep turning over, so a light query is answered within about
  ``long_after`` plus a worker start. A spare worker process is kept ready so a killed one costs no slot.

A killed worker is replaced in the background. The hand-off is kept small because every request pays
it: one persistent pipe per worker; the request goes as a plain tuple, the answer as one message when
small or as a header followed by the body as raw bytes when large (``send_bytes``: not pickled, not
copied twice); the worker checks CURRENT with one ``stat`` (a writer replaces the file, so its inode and
times change) and asks the :class:`CheckpointReader` for the store only when it changed.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import queue
import select
import threading
import time

from budget_lod.errors import BudgetLodError
from budget_lod.store.results import QueryRequest, SerializedResult


class QueryStopped(BudgetLodError):
    """The endpoint stopped or refused a query to protect itself: HTTP 503 with ``Retry-After``."""

    status = 503
    retry_after = 5


class QueryTimeout(QueryStopped):
    """A query ran past its time limit: HTTP 503."""

    def __init__(self, message: str, limit: float):
        super().__init__(message)
        self.limit = limit


class QueryOverMemory(QueryStopped):
    """A query's worker grew past the memory limit per query: HTTP 503."""


class QueryBusy(QueryStopped):
    """Every query slot stayed taken for the brief wait, or a long query gave way to waiting ones: HTTP 503."""

    retry_after = 2


class QueryFailed(BudgetLodError):
    """The store raised while evaluating (e.g. a SPARQL feature Oxigraph does not support): HTTP 400."""

    status = 400


INLINE_BYTES = 64 * 1024  # answers up to this size travel in the same message as their header
IDLE_REFRESH_SECONDS = 1.0  # an idle worker moves to a newly published checkpoint within this
WATCH_SECONDS = 0.02  # how often a running query's worker is checked (time, memory, giving way)
DEFAULT_MEMORY_MB = 1024.0
DEFAULT_WAIT_SECONDS = 2.0
DEFAULT_LONG_AFTER = 1.0
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _current_stamp(path: str):
    """What identifies the CURRENT file now (it is replaced, never rewritten, when a writer publishes)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size


def anon_memory(pid: int) -> int:
    """Bytes of a process's resident memory that are its own (resident minus file-backed and shared pages):
    what a query's intermediate results occupy. 0 if the process is gone."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            fields = f.read().split()
    except OSError:
        return 0
    return max(0, int(fields[1]) - int(fields[2])) * _PAGE


def _worker_main(conn, store_dir: str) -> None:  # runs in the child process
    from budget_lod.store.checkpoints import CheckpointReader
    from budget_lod.store.results import run

    reader = CheckpointReader(store_dir)
    current = str(reader.layout.current)
    stamp, store = object(), None
    while True:
        try:
            if not conn.poll(IDLE_REFRESH_SECONDS):
                now = _current_stamp(current)
                if store is not None and now != stamp:  # idle: let go of a superseded checkpoint
                    store, stamp = reader.store(), now
                continue
            fields = conn.recv()
        except (EOFError, OSError):  # the server went away
            return
        except Exception:  # noqa: BLE001 — a checkpoint that cannot be opened now: tried again on the next query
            continue
        if fields is None:
            return
        try:
            now = _current_stamp(current)
            if now != stamp or store is None:
                store, stamp = reader.store(), now
            res = run(store, QueryRequest(*fields))
        except SyntaxError as exc:
            conn.send(("syntax", f"not a valid SPARQL 1.1 query: {exc}", None))
        except Exception as exc:  # report any evaluation error to the client, keep serving
            conn.send(("failed", f"{type(exc).__name__}: {exc}", None))
        else:
            meta = (res.media_type, res.form, res.count, res.truncated)
            if len(res.body) <= INLINE_BYTES:  # one message: the server wakes once
                conn.send(("ok", meta, res.body))
            else:  # a large body follows as raw bytes (no pickling, no extra copy)
                conn.send(("ok", meta, None))
                conn.send_bytes(res.body)


class _Worker:
    def __init__(self, ctx, store_dir: str):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, store_dir), daemon=True,
                                   name="budget-lod-query-worker")
        self.process.start()
        child.close()
        self.poller = select.poll()
        self.poller.register(self.conn.fileno(), select.POLLIN)

    def answered_within(self, seconds: float) -> bool:
        """Whether the worker's answer is ready within ``seconds`` (waits at most that long)."""
        return bool(self.poller.poll(max(0, math.ceil(seconds * 1000))))

    def memory(self) -> int:
        return anon_memory(self.process.pid)

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class _Running:
    """A query holding a slot: when it started, its worker, and whether it was asked to give way."""

    __slots__ = ("started", "give_way", "worker")

    def __init__(self):
        self.started = time.monotonic()
        self.give_way = False
        self.worker: _Worker | None = None


class _Waiter:
    __slots__ = ("granted", "evicted")

    def __init__(self):
        self.granted = False
        self.evicted = False


class QueryPool:
    """Worker processes over the checkpoints of ``store_dir``, at most ``size`` queries at once (see the
    module docstring for ``memory_mb``, ``wait`` and ``long_after``)."""

    def __init__(self, store_dir: str | os.PathLike, size: int = 2, *, memory_mb: float | None = None,
                 wait: float | None = None, long_after: float = DEFAULT_LONG_AFTER, spare: int = 1):
        if size < 1:
            raise ValueError("a query pool needs at least one worker")
        self.store_dir = str(store_dir)
        self.size = size
        self.memory_mb = DEFAULT_MEMORY_MB if memory_mb is None else memory_mb
        self.wait = DEFAULT_WAIT_SECONDS if wait is None else wait
        self.long_after = long_after
        self.max_waiting = 2 * size
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: set[_Worker] = set()
        self._mutex = threading.Lock()
        self._slots = threading.Condition()
        self._free = size
        self._waiters: list[_Waiter] = []
        self._running: set[_Running] = set()
        self._closed = False
        self.killed = 0  # workers stopped for running over time (for tests and logs)
        self.over_memory = 0  # … for growing past the memory limit
        self.gave_way = 0  # … to let waiting queries run
        self.busy = 0  # queries refused after waiting for a slot
        for _ in range(size + spare):
            self._add()

    def _add(self) -> None:
        w = _Worker(self._ctx, self.store_dir)
        with self._mutex:
            if self._closed:
                w.kill()
                return
            self._all.add(w)
        self._idle.put(w)

    # --- slots ----------------------------------------------------------------------------------------
    def _acquire(self) -> _Running:
        """A query slot, waiting at most ``self.wait`` seconds (newest waiter first); raises QueryBusy."""
        deadline = time.monotonic() + self.wait
        with self._slots:
            if self._free > 0 and not self._waiters:
                self._free -= 1
                return self._start()
            me = _Waiter()
            if len(self._waiters) >= self.max_waiting:  # the queue is full: the oldest waiter goes
                oldest = self._waiters.pop(0)
                oldest.evicted = True
                self._slots.notify_all()
            self._waiters.append(me)
            while not me.granted:
                left = deadline - time.monotonic()
                if left <= 0 or me.evicted:
                    if not me.evicted:
                        self._waiters.remove(me)
                    self.busy += 1
                    raise QueryBusy(f"all {self.size} query slots stayed busy"
                                    + (f" for {self.wait:g} s" if not me.evicted else " and newer queries are waiting")
                                    + " (settings BUDGET_LOD_QUERY_WORKERS, BUDGET_LOD_QUERY_WAIT); try again shortly")
                self._ask_long_query_to_give_way()
                self._slots.wait(min(left, WATCH_SECONDS * 5))
            return self._start()

    def _start(self) -> _Running:
        r = _Running()
        self._running.add(r)
        return r

    def _ask_long_query_to_give_way(self) -> None:
        """Called with the slots' lock held while someone waits: if every running query is long, the most
        recently started one is asked to give way (at most one at a time)."""
        if self._free > 0 or not self._running or any(r.give_way for r in self._running):
            return
        now = time.monotonic()
        if all(now - r.started >= self.long_after for r in self._running):
            max(self._running, key=lambda r: r.started).give_way = True

    def _youngest_over_budget(self, slot: _Running, own: int, limit: float) -> bool:
        """Whether the running queries together use more than ``limit`` and ``slot`` is the one started last."""
        with self._slots:
            others = [r for r in self._running if r is not slot]
        if not others or any(r.started > slot.started for r in others):
            return False
        return own + sum(r.worker.memory() for r in others if r.worker is not None) > limit

    def _release(self, r: _Running) -> None:
        with self._slots:
            self._running.discard(r)
            if self._waiters:
                self._waiters.pop().granted = True  # newest first
            else:
                self._free += 1
            self._slots.notify_all()

    # --- running --------------------------------------------------------------------------------------
    def run(self, req: QueryRequest, timeout: float) -> SerializedResult:
        """Run ``req`` in a worker within ``timeout`` seconds and the memory limit (see the module docstring)."""
        slot = self._acquire()
        try:
            return self._run(req, timeout, slot)
        finally:
            self._release(slot)

    def _run(self, req: QueryRequest, timeout: float, slot: _Running) -> SerializedResult:
        deadline = slot.started + timeout
        try:
            w = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise QueryTimeout(f"no query worker became free within the time limit of {timeout:g} s; "
                               "try again shortly", timeout) from None
        slot.worker = w
        limit = self.memory_mb * 1024 * 1024
        status = None
        try:
            w.conn.send(tuple(vars(req).values()))  # the fields in order: cheaper to pickle
            while True:
                left = deadline - time.monotonic()
                if w.answered_within(min(WATCH_SECONDS, max(0.0, left))):
                    status, payload, body = w.conn.recv()
                    if status == "ok":
                        payload = SerializedResult(w.conn.recv_bytes() if body is None else body, *payload)
                    break
                if left <= 0:
                    status = "timeout"
                elif (own := w.memory()) > limit:
                    status = "memory"
                elif slot.give_way:
                    status = "give_way"
                elif self._youngest_over_budget(slot, own, limit):
                    status = "shared_memory"
                if status:
                    break
        except (EOFError, OSError, BrokenPipeError):
            status, payload = "died", None
        if status in ("ok", "failed", "syntax"):
            self._idle.put(w)
            if status == "syntax":
                from budget_lod.store.readonly import QuerySyntaxError

                raise QuerySyntaxError(payload)
            if status == "failed":
                raise QueryFailed(payload)
            return payload
        self._retire(w)
        elapsed = time.monotonic() - slot.started
        if status == "died":
            raise QueryFailed("the query worker stopped unexpectedly (out of memory?); the query was not answered")
        if status == "memory":
            self.over_memory += 1
            raise QueryOverMemory(
                f"query stopped: it needed more than the memory limit of {self.memory_mb:g} MB per query "
                "(setting BUDGET_LOD_QUERY_MEMORY_MB). Add a LIMIT, avoid cross products and large ORDER BY.")
        if status == "shared_memory":
            self.over_memory += 1
            raise QueryOverMemory(
                f"query stopped: the queries running at once needed more than the memory limit of {self.memory_mb:g} MB "
                "(setting BUDGET_LOD_QUERY_MEMORY_MB; the most recent one gives way). Try again shortly.")
        if status == "give_way":
            self.gave_way += 1
            raise QueryBusy(
                f"query stopped after {elapsed:.1f} s to let waiting queries run: the endpoint runs "
                f"{self.size} queries at once and a long one gives way when others wait "
                "(setting BUDGET_LOD_QUERY_WORKERS); try again shortly")
        self.killed += 1
        raise QueryTimeout(
            f"query stopped: it ran longer than the time limit of {timeout:g} s "
            "(setting SPARQL_TIMEOUT / BUDGET_LOD_QUERY_TIMEOUT). Add a LIMIT or narrow the patterns.", timeout)

    def _retire(self, w: _Worker) -> None:
        with self._mutex:
            self._all.discard(w)
        w.process.kill()  # at once: its memory goes now, the join and the replacement in the background
        threading.Thread(target=self._replace, args=(w,), daemon=True).start()

    def _replace(self, w: _Worker) -> None:
        w.kill()
        self._add()

    def close(self) -> None:
        with self._mutex:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            try:
                w.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
        for w in workers:
            w.process.join(1)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(1)
            w.conn.close()
