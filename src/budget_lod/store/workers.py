"""Query workers: processes that run SPARQL on the CURRENT checkpoint and can be killed when over time.

pyoxigraph's ``Store.query`` has no time limit and cannot be interrupted from Python, so every timed
query runs in one of a small pool of worker processes (``spawn``ed: no state inherited from a threaded
server). A worker opens the CURRENT checkpoint read-only (:class:`CheckpointReader`, reopened when a
writer publishes) and answers :class:`QueryRequest` with :class:`SerializedResult`. When a query runs
past its limit the worker is killed and a fresh one started in the background; the caller gets
:class:`QueryTimeout` at once, and the other workers keep answering.

The hand-off is kept small because every request pays it: one persistent pipe per worker; the request
goes as a plain tuple, the answer as one message when small (one wake-up of the server thread) or
as a header followed by the body as raw bytes when large (``send_bytes``: not pickled, not copied
twice); the server waits on a ``poll`` object made once per worker; the worker checks CURRENT with one ``stat`` (a writer replaces the file, so its inode and times
change) and asks the :class:`CheckpointReader` for the store only when it changed.
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


class QueryTimeout(BudgetLodError):
    """A query ran past its time limit (or waited that long for a free worker): HTTP 503."""

    status = 503

    def __init__(self, message: str, limit: float):
        super().__init__(message)
        self.limit = limit


class QueryFailed(BudgetLodError):
    """The store raised while evaluating (e.g. a SPARQL feature Oxigraph does not support): HTTP 400."""

    status = 400


INLINE_BYTES = 64 * 1024  # answers up to this size travel in the same message as their header


def _current_stamp(path: str):
    """What identifies the CURRENT file now (it is replaced, never rewritten, when a writer publishes)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size


def _worker_main(conn, store_dir: str) -> None:  # runs in the child process
    from budget_lod.store.checkpoints import CheckpointReader
    from budget_lod.store.results import run

    reader = CheckpointReader(store_dir)
    current = str(reader.layout.current)
    stamp, store = object(), None
    while True:
        try:
            fields = conn.recv()
        except (EOFError, OSError):  # the server went away
            return
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

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """A fixed number of query worker processes over the checkpoints of ``store_dir``."""

    def __init__(self, store_dir: str | os.PathLike, size: int = 2):
        if size < 1:
            raise ValueError("a query pool needs at least one worker")
        self.store_dir = str(store_dir)
        self.size = size
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: set[_Worker] = set()
        self._mutex = threading.Lock()
        self._closed = False
        self.killed = 0  # workers stopped for running over time (for tests and logs)
        for _ in range(size):
            self._add()

    def _add(self) -> None:
        w = _Worker(self._ctx, self.store_dir)
        with self._mutex:
            if self._closed:
                w.kill()
                return
            self._all.add(w)
        self._idle.put(w)

    def run(self, req: QueryRequest, timeout: float) -> SerializedResult:
        """Run ``req`` in a worker; kill it and raise :class:`QueryTimeout` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        try:
            w = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(
                f"all {self.size} query workers stayed busy for the whole time limit of {timeout:g} s; "
                "try again shortly", timeout) from None
        try:
            w.conn.send(tuple(vars(req).values()))  # the fields in order: cheaper to pickle
            if w.answered_within(deadline - time.monotonic()):
                status, payload, body = w.conn.recv()
                if status == "ok":
                    payload = SerializedResult(w.conn.recv_bytes() if body is None else body, *payload)
            else:
                status = "timeout"
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
        if status == "died":
            raise QueryFailed("the query worker stopped unexpectedly (out of memory?); the query was not answered")
        self.killed += 1
        raise QueryTimeout(
            f"query stopped: it ran longer than the time limit of {timeout:g} s "
            "(setting SPARQL_TIMEOUT / BUDGET_LOD_QUERY_TIMEOUT). Add a LIMIT or narrow the patterns.", timeout)

    def _retire(self, w: _Worker) -> None:
        with self._mutex:
            self._all.discard(w)
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
