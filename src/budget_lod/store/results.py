"""Running one query on a pyoxigraph store and writing its result in a wire format, with a row cap.

Used in-process and inside the query workers (so no rdflib here: workers start fast). Results are written
by Oxigraph's own serializers (Rust; several times faster than building them in Python). For SELECT, the
row cap is kept while Oxigraph writes: its output goes into a :class:`_CappedOutput`, which counts rows
in each chunk (see :mod:`budget_lod.store.rowcount`) and stops the writer once ``max_rows`` rows are
exceeded; the text is then cut after the last allowed row and closed. The Python writers below
(:func:`write_solutions`) remain for results without variables (Oxigraph's XML writer drops their rows)
and :func:`write_boolean` writes ASK answers.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from budget_lod.store.formats import FORMATS
from budget_lod.store.lexical import has_dataset_clause
from budget_lod.store.rowcount import RowCounter, cut_rows

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_OX_RESULTS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
               "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "qb": "http://purl.org/linked-data/cube#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
}


@dataclass(frozen=True)
class SerializedResult:
    """A query result as bytes on the wire, and what the client should be told about it."""

    body: bytes
    media_type: str
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    count: int  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) written; 1 for ASK
    truncated: bool  # more rows existed than the cap allowed


@dataclass(frozen=True)
class QueryRequest:
    """Everything a worker needs to run a query (picklable)."""

    sparql: str
    results_format: str = "json"  # for SELECT/ASK
    graph_format: str = "turtle"  # for CONSTRUCT/DESCRIBE
    max_rows: int | None = None
    base_iri: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


_cached_dataset_clause = lru_cache(maxsize=256)(has_dataset_clause)


def _names_its_dataset(sparql: str) -> bool:
    """:func:`has_dataset_clause`, remembered for texts of ordinary length (a worker sees them again and again)."""
    return _cached_dataset_clause(sparql) if len(sparql) <= 16_000 else has_dataset_clause(sparql)


def execute(store: ox.Store, req: QueryRequest):
    """Evaluate a (checked) query: the default graph is the union of all named graphs, unless the
    query (``FROM``) or the request (``default-graph-uri`` / ``named-graph-uri``) names its dataset."""
    kwargs: dict = {"base_iri": req.base_iri, "prefixes": None}
    if req.default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in req.default_graphs]
    elif not _names_its_dataset(req.sparql):  # the union would override the query's own FROM
        kwargs["use_default_graph_as_union"] = True
    if req.named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in req.named_graphs]
    return store.query(req.sparql, **kwargs)


def run(store: ox.Store, req: QueryRequest) -> SerializedResult:
    """Run ``req`` on ``store`` and serialize the result (at most ``max_rows`` rows or triples)."""
    result = execute(store, req)
    cap = req.max_rows
    if isinstance(result, ox.QueryBoolean):
        fmt = FORMATS[req.results_format]
        return SerializedResult(write_boolean(bool(result), fmt.name), fmt.media_type, "ASK", 1, False)
    if isinstance(result, ox.QuerySolutions):
        fmt = FORMATS[req.results_format]
        names = [v.value for v in result.variables]
        if not names:  # rows without variables: Oxigraph's XML writer would drop them
            rows = list(result if cap is None else islice(result, cap + 1))
            truncated = cap is not None and len(rows) > cap
            rows = rows[:cap] if truncated else rows
            return SerializedResult(write_solutions(names, rows, fmt.name), fmt.media_type, "SELECT", len(rows),
                                    truncated)
        body, count, truncated = _CappedOutput.write_all(result, fmt.name, cap)
        return SerializedResult(body, fmt.media_type, "SELECT", count, truncated)
    fmt = FORMATS[req.graph_format]
    counted = _Counted(result, cap)
    body = ox.serialize(counted, format=fmt.rdf_format, prefixes=PREFIXES if fmt.name == "turtle" else None)
    truncated = counted.count == cap and next(result, None) is not None
    # CONSTRUCT and DESCRIBE look the same once evaluated; the caller knows which it sent
    return SerializedResult(body or b"", fmt.media_type, "CONSTRUCT", counted.count, truncated)


class _Counted:
    """The first ``cap`` items of an iterator (all when ``cap`` is None), counting them as they pass."""

    def __init__(self, items, cap: int | None):
        self._items = iter(items) if cap is None else islice(items, cap)
        self.count = 0

    def __iter__(self):
        return self

    def __next__(self):
        item = next(self._items)
        self.count += 1
        return item


class _Enough(Exception):
    """Raised into Oxigraph's result writer to stop it: the row cap is exceeded."""


class _CappedOutput:
    """A binary file Oxigraph writes SELECT results into, keeping at most ``cap`` rows."""

    def __init__(self, fmt: str, cap: int | None):
        self.counter = RowCounter(fmt)
        self.cap = cap
        self.parts: list[bytes] = []

    def write(self, chunk) -> int:
        chunk = bytes(chunk)
        self.parts.append(chunk)
        rows = self.counter.feed(chunk)
        if self.cap is not None and rows > self.cap and self.counter.exact() > self.cap:
            raise _Enough
        return len(chunk)

    def flush(self) -> None:
        pass

    @classmethod
    def write_all(cls, solutions: ox.QuerySolutions, fmt: str, cap: int | None) -> tuple[bytes, int, bool]:
        """(body, rows written, truncated) for ``solutions`` in ``fmt`` with at most ``cap`` rows."""
        out = cls(fmt, cap)
        try:
            solutions.serialize(out, format=_OX_RESULTS[fmt])
        except _Enough:
            return cut_rows(b"".join(out.parts), fmt, cap), cap, True
        return b"".join(out.parts), out.counter.exact(), False


# --- SELECT / ASK writers -------------------------------------------------------------------------------

def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            out["datatype"] = t.datatype.value
        return out
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(t.subject), "predicate": _json_term(t.predicate),
                                            "object": _json_term(t.object)}}
    raise TypeError(f"unexpected term {t!r}")


def _xml_term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    return f"<literal>{escape(str(t))}</literal>"


def _csv_value(t) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, (ox.NamedNode, ox.Literal)):
        return t.value
    return str(t)


def _tsv_value(t) -> str:
    return "" if t is None else str(t)  # pyoxigraph's str() is the N-Triples / Turtle form TSV asks for


def write_solutions(names: Sequence[str], rows: Sequence, fmt: str) -> bytes:
    """SELECT results in ``fmt`` (json, xml, csv, tsv)."""
    if fmt == "json":
        bindings = []
        for row in rows:
            b = {}
            for n in names:
                v = row[n]
                if v is not None:
                    b[n] = _json_term(v)
            bindings.append(b)
        doc = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(n)}/>" for n in names]
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>")
            for n in names:
                v = row[n]
                if v is not None:
                    out.append(f"<binding name={quoteattr(n)}>{_xml_term(v)}</binding>")
            out.append("</result>")
        out.append("</results>\n</sparql>\n")
        return "".join(out).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(names)
        for row in rows:
            w.writerow([_csv_value(row[n]) for n in names])
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join(_tsv_value(row[n]) for n in names) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"{fmt!r} is not a SELECT result format")


def write_boolean(value: bool, fmt: str) -> bytes:
    """ASK results in ``fmt``; CSV and TSV (which the W3C formats leave undefined) as one column."""
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{word}</boolean></sparql>\n").encode()
    if fmt == "csv":
        return f"_askResult\r\n{word}\r\n".encode()
    if fmt == "tsv":
        return f"?_askResult\n{word}\n".encode()
    raise ValueError(f"{fmt!r} is not an ASK result format")
