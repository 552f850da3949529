"""Test support for the web layer: a real server process on a free loopback port, and small hand-made data.

``run_server(store_dir, base_url)`` starts ``budget_lod.web.serve`` in a subprocess (the real WSGI server)
and polls until it answers; ``shared_server(name, fill, base_url)`` fills a store and keeps one server per
name for the whole test session (stopped at exit); ``fetch`` sends path-only requests to the bind address,
as a reverse proxy does; ``only_budget`` and ``printed_rows`` read a served budget as a harvester and a
reader do. Test data: ``web/handmade.py`` (hand-made budgets) or the real pipeline.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ServerProcess:
    process: subprocess.Popen
    port: int
    base_url: str  # the public base (may differ from the bind address)
    log: Path

    @property
    def bind_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def run_server(store_dir: Path, base_url: str | None = None, port: int | None = None, timeout: float = 30.0,
               **env: str) -> ServerProcess:
    """Start the real server on 127.0.0.1:``port`` (default: a free one); ``base_url`` defaults to that address."""
    port = port or free_port()
    base = base_url or f"http://127.0.0.1:{port}/"
    log = Path(tempfile.mkstemp(prefix="budget-lod-server-", suffix=".log")[1])
    environ = dict(os.environ, BUDGET_LOD_STORE=str(store_dir), BUDGET_LOD_BASE_URL=base,
                   BUDGET_LOD_HOST="127.0.0.1", BUDGET_LOD_PORT=str(port), **env)
    code = "from budget_lod.config import Settings; from budget_lod.web import serve; serve(Settings.load())"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", code], env=environ, stdout=out, stderr=subprocess.STDOUT)
    server = ServerProcess(proc, port, base, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{server.bind_url}.well-known/void", timeout=2):
                return server
        except urllib.error.HTTPError:
            return server  # it answers
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"server did not answer within {timeout}s:\n{log.read_text(errors='replace')}")


_SERVERS: dict[str, ServerProcess] = {}


def shared_server(name: str, fill: Callable[[Path, str], None], base_url: str | None = None) -> ServerProcess:
    """One server per ``name`` for the whole session, stopped at exit.

    ``fill(store_dir, base_url)`` writes the store first, minting under the base the server will answer
    for: ``base_url`` if given (a public base behind a proxy), else the server's own loopback address.
    """
    if name not in _SERVERS or _SERVERS[name].process.poll() is not None:
        port = free_port()
        base = base_url or f"http://127.0.0.1:{port}/"
        store_dir = Path(tempfile.mkdtemp(prefix=f"budget-lod-{name}-"))
        fill(store_dir, base)
        _SERVERS[name] = run_server(store_dir, base, port=port)
    return _SERVERS[name]


@atexit.register
def _stop_all() -> None:
    for server in _SERVERS.values():
        server.stop()


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip()

    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(server: ServerProcess, path: str, headers: dict[str, str] | None = None, method: str = "GET") -> Reply:
    """One request to the server's bind address with the path only (as a reverse proxy would send it);
    redirects are not followed."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()


def local_path(server: ServerProcess, url: str) -> str:
    """The path of a public URL under the server's base (what the proxy forwards)."""
    if not url.startswith(server.base_url):
        raise AssertionError(f"{url} is not under the public base {server.base_url}")
    return "/" + url[len(server.base_url):]


def only_budget(server: ServerProcess) -> str:
    """The IRI of the one budget a server publishes, read from its catalog as a harvester would."""
    import rdflib

    catalog = rdflib.Graph().parse(data=fetch(server, "/catalog.ttl").body, format="turtle")
    (ds,) = catalog.subjects(rdflib.RDF.type, rdflib.namespace.DCAT.Dataset)
    return str(ds)[: -len("/dataset")]


def printed_rows(html: str, table_id: str) -> list[list[str]]:
    """The body rows of one table on a budget page, as a reader sees them: [code, name, amounts…]."""
    import re

    block = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr class=\"level-[^\"]*\">(.*?)</tr>", block, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]


def _cells(block: str, attribute: str) -> dict[str, str]:
    """``attribute="key"`` → the cell's text (tags stripped) for every cell of a row that carries it."""
    import re

    return {m.group(1): re.sub(r"<[^>]+>", "", m.group(2)).strip()
            for m in re.finditer(rf'<td[^>]*{attribute}="([^"]+)"[^>]*>(.*?)</td>', block, re.DOTALL)}


def execution_rows(html: str, table_key: str, measure: str = "total") -> dict[str, dict[str, str]]:
    """A budget or final-accounts page's comparison of one table (``table_key``: its kind) for one measure, as a
    reader sees it: code → figure (``budget``, ``initial``, ``adjusted``, ``final``, ``rate``, ``difference``) →
    text; the cells marked as a mismatch under ``"mismatch"`` (comma-separated figures)."""
    import re

    article = html.split(f'id="execution-{table_key}"', 1)[1].split("</article>", 1)[0]
    block = article.split(f'data-measure="{measure}"', 1)[1].split("</table>", 1)[0]
    out = {}
    for m in re.finditer(r'<tr[^>]*data-code="([^"]+)"[^>]*>(.*?)</tr>', block, re.DOTALL):
        cells = _cells(m.group(2), "data-figure")
        marked = re.findall(r'<td class="[^"]*\bmismatch\b[^"]*" data-figure="([^"]+)"', m.group(2))
        out[m.group(1)] = {**cells, "mismatch": ",".join(marked)}
    return out


def figure_rows(html: str, table_class: str, key: str) -> dict[str, dict[str, str]]:
    """The rows of the ``<table class="… table_class …">`` of a page, keyed by the rows' ``data-{key}``:
    ``data-figure`` → text."""
    import re

    block = re.split(rf'<table class="[^"]*\b{table_class}\b[^"]*"', html, maxsplit=1)[1].split("</table>", 1)[0]
    return {m.group(1): _cells(m.group(2), "data-figure")
            for m in re.finditer(rf'<tr[^>]*data-{key}="([^"]+)"[^>]*>(.*?)</tr>', block, re.DOTALL)}
