r"""The read-only guard: every query is parsed before it runs; updates, LOAD and SERVICE are refused.

Both rdflib and pyoxigraph fetch any URL a query names in ``SERVICE`` (and an update in ``LOAD``),
loopback included, so a public endpoint must refuse them before evaluation. The decision is made on the
parse tree (rdflib's SPARQL 1.1 grammar), not on the text: a ``SERVICE`` inside a string literal or a
comment is harmless, and one hidden by odd spacing or case is still found. Text that is not a query is
parsed as an update to tell "read-only endpoint" (403) from "syntax error" (400).

rdflib's parser is slow (tens of ms for an ordinary query, more for long ones), so a fast path skips it
when it cannot matter: if the text, with SPARQL's ``\u``/``\U`` escapes decoded, does not contain the
letters ``service`` anywhere, no SERVICE clause can exist; and ``pyoxigraph.Store.query`` only ever runs
queries (an update or LOAD is a syntax error there). The form is then read from the first keyword after
the prologue; anything unusual (no form found) takes the full parse.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from budget_lod.errors import BudgetLodError

MAX_QUERY_CHARS = 200_000

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
_UPDATE_OPS = {
    "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD", "Move": "MOVE",
    "Copy": "COPY", "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
    "Modify": "INSERT/DELETE … WHERE",
}
_parse_lock = threading.Lock()  # pyparsing's packrat cache is shared state


class QueryRefused(BudgetLodError):
    """A well-formed request this endpoint will not run (an update, LOAD, SERVICE): HTTP 403."""

    status = 403


class QuerySyntaxError(BudgetLodError):
    """The text is neither a SPARQL 1.1 query nor an update: HTTP 400."""

    status = 400


def _names(node) -> set[str]:
    """Names of every grammar rule in a parse tree."""
    found: set[str] = set()
    stack = [node]
    while stack:
        x = stack.pop()
        if isinstance(x, CompValue):
            found.add(x.name)
            stack.extend(x.values())
        elif isinstance(x, (ParseResults, list, tuple)):
            stack.extend(x)
        elif isinstance(x, dict):
            stack.extend(x.values())
    return found


from budget_lod.store.lexical import lexical_form as _lexical_form, may_name_service as _may_name_service  # noqa: E402


def check_query(sparql: str) -> str:
    """The form of a read-only query (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``), or an error.

    Raises :class:`QueryRefused` for updates and SERVICE, :class:`QuerySyntaxError` for anything that
    does not parse (text taking the fast path is parsed by Oxigraph when it runs; its syntax errors
    come back from the store as ``QueryFailed``). The verdict on each text up to
    :data:`CACHED_QUERY_CHARS` characters is remembered (the server and the store both ask).
    """
    if len(sparql) > CACHED_QUERY_CHARS:
        return _verdict(sparql).form()
    return _cached_verdict(sparql).form()


CACHED_QUERY_CHARS = 16_000


class _Verdict:
    """A query's form, or the refusal to raise (a new exception each time: no shared tracebacks)."""

    __slots__ = ("_form", "_error", "_message")

    def __init__(self, form: str | None, error: type | None = None, message: str = ""):
        self._form, self._error, self._message = form, error, message

    def form(self) -> str:
        if self._error is not None:
            raise self._error(self._message)
        return self._form


def _verdict(sparql: str) -> _Verdict:
    if len(sparql) > MAX_QUERY_CHARS:
        return _Verdict(None, QuerySyntaxError, f"query too long ({len(sparql)} characters; at most {MAX_QUERY_CHARS})")
    if not _may_name_service(sparql):
        form = _lexical_form(sparql)
        if form is not None:
            return _Verdict(form)
    try:
        return _Verdict(parse_check(sparql))
    except (QueryRefused, QuerySyntaxError) as exc:
        return _Verdict(None, type(exc), str(exc))


_cached_verdict = lru_cache(maxsize=512)(_verdict)


@lru_cache(maxsize=1024)
def parse_check(sparql: str) -> str:
    """The form of a read-only query (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``), or an error.

    Raises :class:`QueryRefused` for updates and SERVICE, :class:`QuerySyntaxError` for anything that
    does not parse. Results are cached: the same query text is parsed once.
    """
    if len(sparql) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"query too long ({len(sparql)} characters; at most {MAX_QUERY_CHARS})")
    with _parse_lock:
        try:
            tree = parseQuery(sparql)
            query_error = None
        except Exception as exc:  # pyparsing raises ParseException (and a few others on odd input)
            tree, query_error = None, exc
        if tree is None:
            try:
                update = parseUpdate(sparql)
            except Exception:
                update = None
    if tree is None:
        if update is not None and update.request:
            ops = sorted({label for name, label in _UPDATE_OPS.items() if name in _names(update)})
            raise QueryRefused(
                "SPARQL Update is not allowed: this endpoint is read-only "
                f"({', '.join(ops) or 'update'} refused). Only SELECT, ASK, CONSTRUCT and DESCRIBE queries run here."
            )
        raise QuerySyntaxError(f"not a valid SPARQL 1.1 query: {query_error}")
    names = _names(tree)
    if "ServiceGraphPattern" in names:
        raise QueryRefused(
            "SERVICE (federated query) is not allowed: this endpoint never fetches other URLs. "
            "Run federated queries from your own client."
        )
    form = next((f for n, f in _FORMS.items() if n in names), None)
    if form is None:  # pragma: no cover - the grammar has no other query forms
        raise QuerySyntaxError("not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return form
