"""Our vocabulary as data: the ontology, its code lists and the SHACL shapes, loaded under any base.

The Turtle files in ``ontology/`` and ``shapes/`` use relative IRIs (``@prefix bud: <def/budget#>``);
they are parsed with ``publicID=minter.base`` so the vocabulary lives at ``{base}def/budget#`` under
whatever base the deployment uses. Parsed graphs are cached per base (treat them as read-only).

:func:`terms` gives a closed namespace built from the terms ``ontology/budget.ttl`` actually declares,
so a misspelled term raises instead of minting a wrong IRI (like rdflib's ``DefinedNamespace`` with
``_fail = True``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD, ClosedNamespace

from budget_lod.rdf.iri import Minter

ROOT = Path(__file__).resolve().parents[3]
ONTOLOGY_DIR = ROOT / "ontology"
SHAPES_DIR = ROOT / "shapes"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"

QB = rdflib.Namespace("http://purl.org/linked-data/cube#")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")

_DECLARED = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, QB.DataStructureDefinition)


def _parse(paths: list[Path], base: str) -> rdflib.Graph:
    g = rdflib.Graph()
    for path in paths:
        g.parse(path, format="turtle", publicID=base)
    return g


@lru_cache(maxsize=8)
def _ontology(base: str) -> rdflib.Graph:
    paths = [ONTOLOGY_DIR / "budget.ttl", *sorted((ONTOLOGY_DIR / "codelists").glob("*.ttl"))]
    g = _parse(paths, base)
    # every code-list entry is a skos:Concept (stated, not left to RDFS inference: validation runs without it)
    for concept in set(g.subjects(SKOS.inScheme, None)):
        g.add((concept, RDF.type, SKOS.Concept))
    return g


def sparql_prefixes(base: str) -> dict[str, str]:
    """The prefixes the SHACL-SPARQL rules use, for a deployment base."""
    return {
        "bud": base + "def/budget#",
        "shp": base + "def/shapes#",
        "m": base + "id/measure/",
        "tk": base + "id/table-kind/",
        "fig": base + "id/figure/",
        "ph": base + "id/phase/",
        "skos": str(SKOS),
        "rdfs": str(RDFS),
        "xsd": str(XSD),
        "qb": str(QB),
        "dcterms": str(DCTERMS),
    }


@lru_cache(maxsize=8)
def _shapes(base: str) -> rdflib.Graph:
    g = _parse(sorted(SHAPES_DIR.glob("*.shapes.ttl")), base)
    holder = rdflib.URIRef(base + "def/shapes#prefixes")
    for prefix, ns in sparql_prefixes(base).items():
        decl = rdflib.BNode()
        g.add((holder, SH.declare, decl))
        g.add((decl, SH.prefix, rdflib.Literal(prefix)))
        g.add((decl, SH.namespace, rdflib.Literal(ns, datatype=XSD.anyURI)))
    return g


def load_ontology(minter: Minter) -> rdflib.Graph:
    """The ontology and every code list under ``minter.base`` (cached: do not modify the result)."""
    return _ontology(minter.base)


def load_shapes(minter: Minter) -> rdflib.Graph:
    """All SHACL shapes of ``shapes/*.shapes.ttl`` under ``minter.base`` (cached: do not modify)."""
    return _shapes(minter.base)


@lru_cache(maxsize=8)
def _terms(base: str) -> ClosedNamespace:
    ns = base + "def/budget#"
    g = _ontology(base)
    names = sorted(
        str(s)[len(ns):]
        for t in _DECLARED
        for s in g.subjects(RDF.type, t)
        if isinstance(s, rdflib.URIRef) and str(s).startswith(ns)
    )
    return ClosedNamespace(ns, names)


def terms(minter: Minter) -> ClosedNamespace:
    """The closed ``bud:`` namespace: ``terms(m).LineItem`` works, ``terms(m).LineItme`` raises."""
    return _terms(minter.base)
