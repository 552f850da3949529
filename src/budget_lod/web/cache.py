"""Rendered documents kept per store checkpoint: a page is built once per checkpoint, then replayed.

Everything the site shows is a function of the store's data, and the embedded store changes only by
publishing a new checkpoint. :class:`PageCache` (WSGI middleware in front of the Flask app) keeps the
successful ``GET`` answers of the read-only pages — ``/doc/…`` in every format, the home page, the
catalog, VoID — keyed by (checkpoint, path, query string, ``Accept``), and empties itself when the
checkpoint changes. A replayed answer honours ``If-None-Match`` (304) like the app does.

Nothing is cached when the store cannot say which data it serves (``checkpoint`` is None: an empty
store, or a remote SPARQL server whose data may change behind our back), nor for answers that are not
200, carry cookies, or are larger than an eighth of the budget. The budget is in bytes of bodies
(``PAGE_CACHE_BYTES``, from ``BUDGET_LOD_PAGE_CACHE_MB``; 0 turns the cache off); the least recently
used answers go first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Iterable

CACHED_PREFIXES = ("/doc/", "/catalog", "/.well-known/void", "/def/")
CACHED_PATHS = ("/",)
_KEPT_HEADERS = {"etag", "vary"}  # what a 304 repeats


class PageCache:
    """WSGI middleware replaying rendered pages for as long as the store's checkpoint stays the same."""

    def __init__(self, app: Callable, version: Callable[[], object], max_bytes: int):
        self.app = app
        self.version = version
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, tuple[str, list[tuple[str, str]], bytes]] = OrderedDict()
        self._bytes = 0
        self._seen_version: object = None
        self._lock = threading.Lock()
        self.hits = self.misses = 0  # for tests and the benchmark

    @staticmethod
    def cacheable(environ: dict) -> bool:
        if environ.get("REQUEST_METHOD") != "GET":
            return False
        path = environ.get("PATH_INFO", "")
        return path in CACHED_PATHS or path.startswith(CACHED_PREFIXES)

    def __call__(self, environ: dict, start_response):
        if self.max_bytes <= 0 or not self.cacheable(environ):
            return self.app(environ, start_response)
        version = self.version()
        if version is None:
            return self.app(environ, start_response)
        key = (environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""),
               environ.get("HTTP_ACCEPT", ""))
        with self._lock:
            if version != self._seen_version:
                self._entries.clear()
                self._bytes = 0
                self._seen_version = version
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self.hits += 1
        if entry is not None:
            return self._replay(entry, environ, start_response)
        self.misses += 1
        return self._fill(key, version, environ, start_response)

    def _replay(self, entry, environ, start_response) -> Iterable[bytes]:
        status, headers, body = entry
        etag = next((v for k, v in headers if k.lower() == "etag"), None)
        wanted = _etags(environ.get("HTTP_IF_NONE_MATCH", ""))
        if etag is not None and (etag in wanted or "*" in wanted or etag.removeprefix("W/") in wanted):
            start_response("304 Not Modified", [(k, v) for k, v in headers if k.lower() in _KEPT_HEADERS])
            return [b""]
        start_response(status, headers)
        return [body]

    def _fill(self, key, version, environ, start_response) -> Iterable[bytes]:
        captured: dict = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, list(headers)
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers = captured.get("status", ""), captured.get("headers", [])
        if (status.startswith("200 ") and len(body) <= self.max_bytes // 8
                and not any(k.lower() == "set-cookie" for k, _ in headers)):
            self._keep(key, version, (status, headers, body))
        return [body]

    def _keep(self, key, version, entry) -> None:
        size = len(entry[2])
        with self._lock:
            if version != self._seen_version:  # the data changed while this page was being built
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[2])
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped[2])


def _etags(header: str) -> set[str]:
    """The entity tags of an ``If-None-Match`` header (weak ones compared by their opaque part too)."""
    tags = {t.strip() for t in header.split(",") if t.strip()}
    return tags | {t[2:] for t in tags if t.startswith("W/")}
