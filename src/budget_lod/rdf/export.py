"""Serialisations of a graph or a dataset: Turtle, JSON-LD (with the published ``@context``), N-Quads,
N-Triples, RDF/XML. One table maps the names and media types people use to rdflib's serialisers.

The published context is ``ontology/context.jsonld``; its ``bud:`` / ``shp:`` entries are relative and
are resolved against the deployment base by :func:`jsonld_context`.
"""

from __future__ import annotations

import json
from functools import lru_cache

import rdflib

from budget_lod.rdf.iri import DEFAULT_BASE, Minter
from budget_lod.rdf.vocab import CONTEXT_FILE

# name / suffix / media type → (rdflib format, needs a dataset)
FORMATS: dict[str, tuple[str, bool]] = {
    "turtle": ("turtle", False), "ttl": ("turtle", False), "text/turtle": ("turtle", False),
    "jsonld": ("json-ld", False), "json-ld": ("json-ld", False), "application/ld+json": ("json-ld", False),
    "nquads": ("nquads", True), "nq": ("nquads", True), "application/n-quads": ("nquads", True),
    "nt": ("nt", False), "ntriples": ("nt", False), "application/n-triples": ("nt", False),
    "xml": ("xml", False), "rdf": ("xml", False), "application/rdf+xml": ("xml", False),
    "trig": ("trig", True), "application/trig": ("trig", True),
}


@lru_cache(maxsize=8)
def _context(base: str) -> str:
    ctx = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    for key in ("bud", "shp"):
        ctx[key] = base + ctx[key]
    return json.dumps(ctx, ensure_ascii=False)


def jsonld_context(minter: Minter | None = None) -> dict:
    """The published JSON-LD ``@context`` with ``bud:``/``shp:`` under the deployment base."""
    return json.loads(_context((minter or Minter(DEFAULT_BASE)).base))


def serialize(graph_or_dataset: rdflib.Graph | rdflib.Dataset, fmt: str, minter: Minter | None = None) -> bytes:
    """Serialise to ``fmt`` (turtle, jsonld, nquads, nt, xml, trig — or a media type)."""
    try:
        rdf_format, needs_dataset = FORMATS[fmt.lower()]
    except KeyError:
        raise ValueError(f"unknown RDF format {fmt!r} (known: turtle, jsonld, nquads, nt, xml, trig)") from None
    data = graph_or_dataset
    if needs_dataset and not isinstance(data, rdflib.Dataset):
        ds = rdflib.Dataset()
        for prefix, ns in data.namespaces():
            ds.bind(prefix, ns)
        target = ds.graph(data.identifier) if isinstance(data.identifier, rdflib.URIRef) else ds.default_context
        for triple in data:
            target.add(triple)
        data = ds
    if rdf_format == "json-ld":
        out = data.serialize(format="json-ld", context=jsonld_context(minter), auto_compact=True)
    else:
        out = data.serialize(format=rdf_format)
    return out.encode("utf-8") if isinstance(out, str) else out
