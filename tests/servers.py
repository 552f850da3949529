"""Real SPARQL servers for the tests: Oxigraph server and Virtuoso, each a subprocess on free loopback ports.

``start_oxigraph(workdir)`` runs ``oxigraph serve`` (the PyPI package ``oxigraph``) on a data directory;
``start_virtuoso(workdir)`` writes a minimal ``virtuoso.ini`` (its own database files, SQL and HTTP ports,
``DirsAllowed``, ``ResultSetMaxRows`` and ``MaxSortedTopRows`` large enough), runs ``virtuoso-t
+foreground`` and grants SPARQL Update to the anonymous ``SPARQL`` user through ``isql``. Both poll
until the server answers a query and return a :class:`SparqlServer` whose ``stop()`` ends the process
(terminate, then kill).

Each raises :class:`ServerUnavailable` naming the missing program, so a test can fail with what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from budget_lod.web.testing import free_port

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
ThreadsPerQuery = 2
MaxSortedTopRows = 1000000
MaxClientConnections = 8

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 8
ServerThreads = 8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


class ServerUnavailable(RuntimeError):
    """The server's program is not installed (or does not start); the message says what to install."""


@dataclass
class SparqlServer:
    name: str
    process: subprocess.Popen
    query_url: str
    update_url: str
    log: Path
    extra: dict = field(default_factory=dict)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _answers(url: str) -> bool:
    data = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    req = urllib.request.Request(url, data=data, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(req, timeout=2) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _wait(server: SparqlServer, timeout: float) -> SparqlServer:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerUnavailable(f"{server.name} exited with {server.process.returncode}:\n"
                                    f"{server.log.read_text(errors='replace')[-3000:]}")
        if _answers(server.query_url):
            return server
        time.sleep(0.2)
    server.stop()
    raise ServerUnavailable(f"{server.name} did not answer within {timeout:g} s:\n"
                            f"{server.log.read_text(errors='replace')[-3000:]}")


def start_oxigraph(workdir: Path, timeout: float = 30.0) -> SparqlServer:
    """``oxigraph serve --location workdir/db --bind 127.0.0.1:PORT`` (no ``--union-default-graph``:
    the store sends its dataset with every query)."""
    exe = shutil.which("oxigraph")
    if exe is None:
        raise ServerUnavailable("`oxigraph` is not on PATH: pip install oxigraph (the test extras have it)")
    port = free_port()
    log = workdir / "oxigraph.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([exe, "serve", "--location", str(workdir / "db"), "--bind", f"127.0.0.1:{port}"],
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    return _wait(SparqlServer("oxigraph", proc, base + "/query", base + "/update", log), timeout)


def _isql() -> str | None:
    return shutil.which("isql-vt") or shutil.which("isql-v")


def start_virtuoso(workdir: Path, timeout: float = 60.0) -> SparqlServer:
    """``virtuoso-t +foreground +configfile workdir/virtuoso.ini`` on fresh database files, then
    ``GRANT SPARQL_UPDATE TO "SPARQL"`` over isql (what an operator does to let ``/sparql`` write)."""
    exe, isql = shutil.which("virtuoso-t"), _isql()
    if exe is None or isql is None:
        raise ServerUnavailable("`virtuoso-t` / `isql-vt` not found: apt-get install virtuoso-opensource-7-bin")
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = workdir / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=workdir, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = workdir / "virtuoso.out"
    with open(log, "wb") as out:
        proc = subprocess.Popen([exe, "+foreground", "+configfile", str(ini)], cwd=workdir,
                                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    server = _wait(SparqlServer("virtuoso", proc, base + "/sparql", base + "/sparql", log,
                                {"sql_port": sql_port, "http_port": http_port, "isql": isql}), timeout)
    virtuoso_sql(server, 'GRANT SPARQL_UPDATE TO "SPARQL";')
    return server


def virtuoso_sql(server: SparqlServer, statement: str) -> str:
    """Run one SQL statement as dba through isql; its output (raises on failure)."""
    run = subprocess.run([server.extra["isql"], f"127.0.0.1:{server.extra['sql_port']}", "dba", "dba",
                          f"exec={statement}"], capture_output=True, text=True, timeout=60,
                         stdin=subprocess.DEVNULL, env=dict(os.environ, LANG="C.UTF-8"))
    if run.returncode != 0 or "*** Error" in run.stdout + run.stderr:
        raise RuntimeError(f"isql {statement!r} failed:\n{run.stdout}\n{run.stderr}")
    return run.stdout


# --- small servers inside the test process -----------------------------------------------------------------

class Listener:
    """A loopback TCP port that counts the connections it receives (a server that must never be asked)."""

    def __init__(self):
        import socket
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@dataclass
class MiniSparqlServer:
    """A tiny SPARQL 1.1 Query + Update server over an in-memory pyoxigraph store, in a thread of the
    test process: ``query_url``, ``update_url``, the store ``db`` and every ``updates`` text received
    (a refused update answers 400)."""

    query_url: str
    update_url: str
    db: object
    updates: list[str]
    _server: object = None

    def stop(self) -> None:
        self._server.shutdown()


def start_mini_sparql() -> MiniSparqlServer:
    import threading

    import pyoxigraph as ox
    from werkzeug.serving import make_server
    from werkzeug.wrappers import Request, Response

    db, updates = ox.Store(), []

    @Request.application
    def app(request: Request) -> Response:
        if request.path == "/update":
            updates.append(request.form["update"])
            try:
                db.update(request.form["update"])
            except (SyntaxError, OSError) as exc:
                return Response(str(exc), status=400)
            return Response(status=204)
        kwargs = {}
        if request.form.getlist("default-graph-uri"):
            kwargs["default_graph"] = [ox.NamedNode(g) for g in request.form.getlist("default-graph-uri")]
        if request.form.getlist("named-graph-uri"):
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in request.form.getlist("named-graph-uri")]
        result = db.query(request.form["query"], **kwargs)
        if isinstance(result, ox.QueryTriples):
            return Response(ox.serialize(result, format=ox.RdfFormat.N_TRIPLES), mimetype="application/n-triples")
        return Response(result.serialize(format=ox.QueryResultsFormat.JSON), mimetype="application/sparql-results+json")

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.port}"
    return MiniSparqlServer(base + "/query", base + "/update", db, updates, server)
