"""Reading a remote server's SPARQL JSON results into pyoxigraph terms, tolerant of real servers' dialects.

``pyoxigraph.parse_query_results`` accepts only the W3C format to the letter; real servers differ:

* Virtuoso writes ``"type": "typed-literal"`` (the pre-standard 2006 name) and blank nodes as
  ``nodeID://b10001`` (not a valid blank node label), and answers ASK with a one-row SELECT result
  (``__ASK_RETVAL`` = 1, or no rows) instead of ``{"boolean": …}``;
* a literal carrying both ``xml:lang`` and ``datatype`` ``rdf:langString`` is RDF 1.1 style.

:func:`parse_select` returns :class:`Solutions` (``.variables``; iterate; ``row["name"]``), the same shape
as ``pyoxigraph.QuerySolutions`` that the rest of the code reads; :func:`parse_ask` a ``bool``.
"""

from __future__ import annotations

import json
import re
from typing import Iterator, Sequence

import pyoxigraph as ox

from budget_lod.store.workers import QueryFailed

_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_BAD_BNODE_CHARS = re.compile(r"[^A-Za-z0-9_\-]")


class Solution:
    """One row: ``row["var"]``, ``row[ox.Variable("var")]`` or ``row[i]``; ``None`` where unbound."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: Sequence[str], values: Sequence[object]):
        self._names = names
        self._values = values

    def __getitem__(self, key):
        if isinstance(key, int):
            return self._values[key]
        name = key.value if isinstance(key, ox.Variable) else str(key)
        try:
            return self._values[self._names.index(name)]
        except ValueError:
            raise KeyError(name) from None

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Solution({dict(zip(self._names, self._values))!r})"


class Solutions:
    """A SELECT result read from a remote server: ``variables`` (``ox.Variable``) and its rows."""

    def __init__(self, names: Sequence[str], rows: list[Solution]):
        self.names = list(names)
        self.variables = [ox.Variable(n) for n in names]
        self._rows = rows

    def __iter__(self) -> Iterator[Solution]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def blank_label(value: str) -> str:
    """A server's blank node id as a valid label (``nodeID://b10001`` → ``b10001``), the same for the same id."""
    label = value.rsplit("://", 1)[-1]
    label = _BAD_BNODE_CHARS.sub("_", label) or "b"
    return label if label[0].isalnum() else "b" + label


def term(binding: dict):
    """One JSON binding (``{"type": …, "value": …}``) as a pyoxigraph term."""
    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(blank_label(value))
    if kind in ("literal", "typed-literal"):
        lang = binding.get("xml:lang")
        if lang:
            return ox.Literal(value, language=lang)
        datatype = binding.get("datatype")
        if datatype and datatype != _RDF_LANGSTRING:
            return ox.Literal(value, datatype=ox.NamedNode(datatype))
        return ox.Literal(value)
    if kind == "triple":
        raise QueryFailed("the server answered with an RDF-star triple term, which this store does not read")
    raise QueryFailed(f"the server answered with an unknown term type {kind!r}")


def _document(body: bytes, url: str) -> dict:
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QueryFailed(f"{url}: the answer is not SPARQL JSON results: {exc}") from None
    if not isinstance(doc, dict):
        raise QueryFailed(f"{url}: the answer is not SPARQL JSON results")
    return doc


def parse_select(body: bytes, url: str = "the server") -> Solutions:
    """A SELECT answer in SPARQL JSON (W3C or Virtuoso's dialect)."""
    doc = _document(body, url)
    names = list(doc.get("head", {}).get("vars", []))
    bindings = doc.get("results", {}).get("bindings")
    if bindings is None:
        raise QueryFailed(f"{url}: expected SELECT results, got {sorted(doc)}")
    rows = []
    for b in bindings:
        extra = [k for k in b if k not in names]
        names.extend(extra)  # a server that binds a variable it did not announce
        rows.append(b)
    return Solutions(names, [Solution(names, [term(b[n]) if n in b else None for n in names]) for b in rows])


def parse_ask(body: bytes, url: str = "the server") -> bool:
    """An ASK answer: ``{"boolean": …}``, or a one-row result whose value is true / non-zero (Virtuoso)."""
    doc = _document(body, url)
    if "boolean" in doc:
        return bool(doc["boolean"])
    bindings = doc.get("results", {}).get("bindings")
    if bindings is None:
        raise QueryFailed(f"{url}: expected an ASK answer, got {sorted(doc)}")
    if not bindings:
        return False
    values = [v.get("value", "") for v in bindings[0].values()]
    return any(str(v).strip().lower() not in ("0", "false", "") for v in values) if values else True
