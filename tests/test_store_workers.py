"""The query worker pool (``store/workers.py``) and the guard's remembered verdicts (``store/readonly.py``).

Expected numbers come from the data each test writes; nothing is copied from an answer.
"""

from __future__ import annotations

import json
import threading
import time

import pytest
import rdflib

from budget_lod.store import QueryRefused, QuerySyntaxError, QueryTimeout, check_query, open_store
from budget_lod.store.results import QueryRequest
from budget_lod.store.workers import QueryPool

EX = "http://example.org/"


def _graph(n: int, text: str = "value") -> rdflib.Graph:
    g = rdflib.Graph()
    for i in range(n):
        g.add((rdflib.URIRef(f"{EX}r{i}"), rdflib.URIRef(f"{EX}p"), rdflib.Literal(f"{text} {i} " + "x" * 80)))
    return g


@pytest.fixture(scope="module")
def pool_dir(tmp_path_factory):
    store_dir = tmp_path_factory.mktemp("workers") / "store"
    with open_store(store_dir, mode="write") as s:
        s.replace_document(f"{EX}graph/a", _graph(20_000), f"{EX}graph/a/report", rdflib.Graph())
    pool = QueryPool(store_dir, size=2)
    yield store_dir, pool
    pool.close()


def test_a_large_answer_crosses_the_pipe_whole(pool_dir):
    """~3 MB of JSON (far more than a pipe buffer) arrives complete and parses to every row."""
    _, pool = pool_dir
    res = pool.run(QueryRequest("SELECT ?s ?o WHERE { ?s ?p ?o }", max_rows=100_000), timeout=60)
    rows = json.loads(res.body)["results"]["bindings"]
    assert len(res.body) > 2_000_000
    assert res.count == len(rows) == 20_000 and not res.truncated
    assert {r["s"]["value"] for r in rows} == {f"{EX}r{i}" for i in range(20_000)}


def test_a_worker_follows_each_new_checkpoint_at_once(tmp_path):
    """Checkpoints published in quick succession (same second) are each seen by the next query of the
    same, already running worker."""
    store_dir = tmp_path / "store"
    with open_store(store_dir, mode="write") as s:
        s.replace_document(f"{EX}graph/a", _graph(1), f"{EX}graph/a/report", rdflib.Graph())
    pool = QueryPool(store_dir, size=1)
    try:
        count = QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert json.loads(pool.run(count, timeout=30).body)["results"]["bindings"][0]["n"]["value"] == "1"
        with open_store(store_dir, mode="write") as s:
            for n in (3, 7, 2, 5):
                s.replace_document(f"{EX}graph/a", _graph(n), f"{EX}graph/a/report", rdflib.Graph())
                body = json.loads(pool.run(count, timeout=30).body)
                assert body["results"]["bindings"][0]["n"]["value"] == str(n)
    finally:
        pool.close()


def test_current_stamp_changes_with_every_publish_even_within_a_second(tmp_path):
    from budget_lod.store.checkpoints import Layout
    from budget_lod.store.workers import _current_stamp

    store_dir = tmp_path / "store"
    current = str(Layout(store_dir).current)
    stamps = []
    with open_store(store_dir, mode="write") as s:
        for n in range(4):
            s.replace_document(f"{EX}graph/a", _graph(n + 1), f"{EX}graph/a/report", rdflib.Graph())
            stamps.append(_current_stamp(current))
    assert None not in stamps and len(set(stamps)) == 4


def test_over_time_query_is_killed_and_the_pool_keeps_answering(pool_dir):
    _, pool = pool_dir
    killed = pool.killed
    heavy = QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }")
    with pytest.raises(QueryTimeout) as info:
        pool.run(heavy, timeout=0.5)  # (killed at the limit, not later: bench/bench_limits.py)
    assert info.value.limit == 0.5 and info.value.status == 503
    assert pool.killed == killed + 1
    res = pool.run(QueryRequest("ASK { ?s ?p ?o }"), timeout=30)
    assert json.loads(res.body)["boolean"] is True


def test_store_errors_come_back_as_errors_and_the_worker_stays(pool_dir):
    from budget_lod.store.workers import QueryFailed

    _, pool = pool_dir
    with pytest.raises((QueryFailed, QuerySyntaxError)):
        pool.run(QueryRequest("SELECT WHERE nonsense"), timeout=30)
    killed = pool.killed
    assert json.loads(pool.run(QueryRequest("ASK {}"), timeout=30).body)["boolean"] is True
    assert pool.killed == killed


@pytest.mark.parametrize("text, error", [
    ("INSERT DATA { <http://a> <http://b> <http://c> }", QueryRefused),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", QueryRefused),
    ("SELECT ?service WHERE { ?x", QuerySyntaxError),  # names "service": the full parse finds the error
])
def test_remembered_refusals_are_still_refusals(text, error):
    """The verdict on a text is cached; asking again refuses again, with a new exception each time."""
    raised = []
    for _ in range(3):
        with pytest.raises(error) as info:
            check_query(text)
        raised.append(info.value)
    assert len({id(e) for e in raised}) == 3
    assert len({str(e) for e in raised}) == 1


def test_remembered_forms():
    assert [check_query(q) for q in ("ASK {}", "ASK {}", "DESCRIBE <http://a>", "CONSTRUCT WHERE { ?s ?p ?o }")] \
        == ["ASK", "ASK", "DESCRIBE", "CONSTRUCT"]


# --- what hostile load cannot do (the whole server under a burst: test_sparql_load.py) ---------------------

CROSS = QueryRequest("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 5")  # 20,000² rows sorted


def test_a_query_past_the_memory_limit_is_stopped_naming_the_setting(pool_dir):
    from budget_lod.store import QueryOverMemory

    store_dir, _ = pool_dir
    pool = QueryPool(store_dir, size=1, memory_mb=150)
    try:
        with pytest.raises(QueryOverMemory, match=r"150 MB.*BUDGET_LOD_QUERY_MEMORY_MB"):
            pool.run(CROSS, timeout=120)
        assert pool.over_memory == 1 and pool.killed == 0  # memory, not the clock, stopped it
        assert json.loads(pool.run(QueryRequest("ASK { ?s ?p ?o }"), timeout=30).body)["boolean"] is True
    finally:
        pool.close()


def _in_thread(pool: QueryPool, req: QueryRequest, timeout: float = 60) -> tuple[threading.Thread, list]:
    out: list = []

    def run() -> None:
        try:
            out.append(pool.run(req, timeout=timeout))
        except Exception as exc:  # noqa: BLE001 — the test looks at what came back
            out.append(exc)

    t = threading.Thread(target=run)
    t.start()
    return t, out


def test_a_query_waiting_too_long_for_a_slot_gets_busy_with_retry_after(pool_dir):
    from budget_lod.store import QueryBusy

    store_dir, _ = pool_dir
    pool = QueryPool(store_dir, size=1, wait=0.3, long_after=60)
    try:
        t, out = _in_thread(pool, CROSS, timeout=3)
        time.sleep(0.3)
        with pytest.raises(QueryBusy, match="BUDGET_LOD_QUERY_WAIT") as info:
            pool.run(QueryRequest("ASK { ?s ?p ?o }"), timeout=30)
        assert info.value.status == 503 and info.value.retry_after > 0
        t.join(30)
        assert pool.busy == 1
    finally:
        pool.close()


def test_a_long_query_gives_way_to_a_waiting_one(pool_dir):
    from budget_lod.store import QueryBusy

    store_dir, _ = pool_dir
    pool = QueryPool(store_dir, size=1, wait=10, long_after=0.5)
    try:
        t, out = _in_thread(pool, CROSS)
        time.sleep(0.2)
        res = pool.run(QueryRequest("ASK { ?s ?p ?o }"), timeout=30)  # waits until the long one gives way
        assert json.loads(res.body)["boolean"] is True
        t.join(30)
        (stopped,) = out
        assert isinstance(stopped, QueryBusy) and "let waiting queries run" in str(stopped)
        assert pool.gave_way == 1
    finally:
        pool.close()


def test_a_long_query_alone_is_left_to_its_own_limits(pool_dir):
    store_dir, _ = pool_dir
    pool = QueryPool(store_dir, size=1, long_after=0.1)
    try:
        slow = QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . FILTER(?a != ?c) }")
        with pytest.raises(QueryTimeout):
            pool.run(slow, timeout=1.5)  # nobody waited: it ran to its time limit, not to long_after
        assert pool.gave_way == 0 and pool.killed == 1
    finally:
        pool.close()


def test_the_newest_waiter_goes_first_and_a_full_queue_turns_the_oldest_away(pool_dir):
    from budget_lod.store import QueryBusy

    store_dir, _ = pool_dir
    pool = QueryPool(store_dir, size=1, wait=30, long_after=60)  # two may wait
    try:
        running, _ = _in_thread(pool, CROSS, timeout=2)
        time.sleep(0.3)
        waiting = []
        for n in range(3):
            waiting.append(_in_thread(pool, QueryRequest(f"ASK {{ ?s ?p 'w{n}' }}"), timeout=30))
            time.sleep(0.2)
        for t, _ in [(running, None)] + waiting:
            t.join(60)
        first, second, third = (out[0] for _, out in waiting)
        assert isinstance(first, QueryBusy) and "newer queries are waiting" in str(first)
        assert not isinstance(second, Exception) and not isinstance(third, Exception)
    finally:
        pool.close()
