"""Rendered pages are replayed while the store's checkpoint stays the same, and never after it changes."""

from __future__ import annotations

import random

import pytest

from budget_lod.rdf.iri import Minter
from budget_lod.store import open_store, synthetic
from budget_lod.web.app import create_app
from budget_lod.web.cache import PageCache

BASE = "http://lod.example.test/"
HTML = {"Accept": "text/html"}


def _app(store_dir, cache_bytes: int):
    app = create_app({"STORE_DIR": str(store_dir), "BASE_URL": BASE, "SPARQL_TIMEOUT": 10, "MAX_ROWS": 100,
                      "PAGE_CACHE_BYTES": cache_bytes})
    cache = app.wsgi_app.inner  # ProtocolFastPath → PageCache → Flask
    assert isinstance(cache, PageCache)
    return app, cache


def _add_department(store_dir, number: int) -> str:
    """Write one more synthetic budget (a new checkpoint); its department's printed name."""
    facts = synthetic.Facts()
    with open_store(store_dir, mode="write") as store:
        store.replace_document(*synthetic.budget(Minter(BASE), number, 2025, 2, random.Random(number), facts))
    return f"测试部门{number:03d}"


@pytest.fixture()
def store_dir(tmp_path):
    d = tmp_path / "store"
    _add_department(d, 1)
    return d


@pytest.fixture()
def app(store_dir):
    app, cache = _app(store_dir, 8 * 1024 * 1024)
    yield app, cache
    app.extensions["budget_lod"].close()


def test_a_page_is_built_once_per_checkpoint(app):
    app, cache = app
    client = app.test_client()
    first = client.get("/", headers=HTML)
    second = client.get("/", headers=HTML)
    assert first.status_code == second.status_code == 200
    assert first.data == second.data and "测试部门001" in first.get_data(as_text=True)
    assert (cache.misses, cache.hits) == (1, 1)


def test_a_new_checkpoint_is_seen_at_once(app, store_dir):
    app, cache = app
    client = app.test_client()
    assert "测试部门002" not in client.get("/", headers=HTML).get_data(as_text=True)
    _add_department(store_dir, 2)
    page = client.get("/", headers=HTML).get_data(as_text=True)
    assert "测试部门001" in page and "测试部门002" in page
    assert cache.hits == 0 and cache.misses == 2


def test_each_format_is_kept_apart_and_304_is_answered(app):
    app, cache = app
    client = app.test_client()
    budget = "/doc/" + Minter(BASE).budget("测试部门001", "901", 2025, "department")[len(BASE + "id/"):]
    turtle = client.get(budget, headers={"Accept": "text/turtle"})
    html = client.get(budget, headers=HTML)
    assert turtle.status_code == html.status_code == 200, (turtle.status_code, budget)
    for _ in range(2):
        assert client.get(budget, headers={"Accept": "text/turtle"}).mimetype == "text/turtle"
        assert client.get(budget, headers=HTML).mimetype == "text/html"
    assert cache.hits == 4
    again = client.get(budget, headers={"Accept": "text/turtle", "If-None-Match": turtle.headers["ETag"]})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == turtle.headers["ETag"]
    assert cache.hits == 5


def test_errors_and_other_paths_are_not_kept(app):
    app, cache = app
    client = app.test_client()
    for _ in range(2):
        assert client.get("/doc/budget/no-such/2025/department", headers=HTML).status_code == 404
        assert client.get("/sparql?query=ASK%7B%7D").status_code == 200
    assert cache.hits == 0 and len(cache._entries) == 0


def test_the_cache_can_be_turned_off(store_dir):
    app, cache = _app(store_dir, 0)
    client = app.test_client()
    assert client.get("/", headers=HTML).data == client.get("/", headers=HTML).data
    assert cache.hits == cache.misses == 0
    app.extensions["budget_lod"].close()


def test_the_least_recently_used_go_first_within_the_budget(store_dir):
    app, cache = _app(store_dir, 8 * 1024 * 1024)
    client = app.test_client()
    accepts = [f"text/turtle;q=0.{9 - i}1" for i in range(10)]  # ten keys for one same-sized answer
    size = len(client.get("/catalog", headers={"Accept": accepts[0]}).data)
    cache.max_bytes = 8 * size + size // 2  # room for eight of them
    cache._entries.clear(), setattr(cache, "_bytes", 0)
    for a in accepts:
        assert client.get("/catalog", headers={"Accept": a}).status_code == 200
    assert len(cache._entries) == 8 and cache._bytes <= cache.max_bytes
    hits = cache.hits
    client.get("/catalog", headers={"Accept": accepts[-1]})  # the newest is there
    assert cache.hits == hits + 1
    client.get("/catalog", headers={"Accept": accepts[0]})  # the oldest went first
    assert cache.hits == hits + 1
    app.extensions["budget_lod"].close()
