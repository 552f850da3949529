"""The registry of SPARQL result formats: names, aliases and media types → how to write each.

One table (rdflib ``plugin.py`` habit). ``results`` formats answer SELECT and ASK; ``graph`` formats answer
CONSTRUCT and DESCRIBE (and dumps). A client picks one by ``Accept`` or by ``format=`` (a name, an alias
or a media type); the first format of each kind is the default. No rdflib import: query workers use it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class ResultFormat:
    name: str
    kind: str  # "results" (SELECT/ASK) or "graph" (CONSTRUCT/DESCRIBE)
    media_type: str
    aliases: tuple[str, ...] = ()  # other names and media types that mean the same
    rdf_format: object = None  # pyoxigraph RdfFormat for graph formats


FORMATS: dict[str, ResultFormat] = {
    f.name: f
    for f in (
        ResultFormat("json", "results", "application/sparql-results+json", ("srj", "application/json")),
        ResultFormat("xml", "results", "application/sparql-results+xml", ("srx", "application/xml", "text/xml")),
        ResultFormat("csv", "results", "text/csv"),
        ResultFormat("tsv", "results", "text/tab-separated-values"),
        ResultFormat("turtle", "graph", "text/turtle", ("ttl", "application/x-turtle"), ox.RdfFormat.TURTLE),
        ResultFormat("nt", "graph", "application/n-triples", ("ntriples", "n-triples"), ox.RdfFormat.N_TRIPLES),
        ResultFormat("jsonld", "graph", "application/ld+json", ("json-ld", "json", "application/json"), ox.RdfFormat.JSON_LD),
        ResultFormat("rdfxml", "graph", "application/rdf+xml", ("rdf", "xml", "application/xml", "text/xml"), ox.RdfFormat.RDF_XML),
        ResultFormat("nquads", "dataset", "application/n-quads", ("nq",), ox.RdfFormat.N_QUADS),
        ResultFormat("trig", "dataset", "application/trig", (), ox.RdfFormat.TRIG),
    )
}

FORM_KIND = {"SELECT": "results", "ASK": "results", "CONSTRUCT": "graph", "DESCRIBE": "graph"}

_LOOKUP: dict[tuple[str, str], ResultFormat] = {}
for _f in FORMATS.values():
    for _key in (_f.name, _f.media_type, *_f.aliases):
        _LOOKUP.setdefault((_f.kind, _key.lower()), _f)


def lookup(key: str, kind: str) -> ResultFormat | None:
    """A format of ``kind`` by name, alias or media type (case-insensitive), or None.

    The same key may mean different formats for different kinds: ``xml`` is SPARQL Results XML for a
    SELECT and RDF/XML for a CONSTRUCT.
    """
    return _LOOKUP.get((kind, key.strip().lower()))


def offered(kind: str) -> list[ResultFormat]:
    """The formats of one kind, default first."""
    return [f for f in FORMATS.values() if f.kind == kind]
