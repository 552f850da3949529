"""Terms between rdflib (which builds the graphs) and pyoxigraph (which stores and queries them).

Only the store package converts; the rest of the code sees rdflib graphs or pyoxigraph query results.
Note: Oxigraph keeps numeric literals in canonical form (``"1.50"^^xsd:decimal`` reads back as
``"1.5"``): values are preserved exactly, lexical forms of numbers are not.
"""

from __future__ import annotations

from typing import Iterable, Iterator

import pyoxigraph as ox
import rdflib
from rdflib.term import Identifier

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_ox(term: Identifier):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} ({type(term).__name__}) in Oxigraph")


def to_rdflib(term) -> Identifier:
    """A pyoxigraph term as an rdflib term (plain strings become plain literals, as RDF 1.1 says)."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return rdflib.Literal(term.value) if dt == _XSD_STRING else rdflib.Literal(term.value, datatype=rdflib.URIRef(dt))
    raise TypeError(f"unsupported term {term!r} ({type(term).__name__})")


def graph_of(triples: Iterable) -> rdflib.Graph:
    """pyoxigraph triples or quads (graph names dropped) as an rdflib graph."""
    g = rdflib.Graph()
    for t in triples:
        g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return g


def quads_of(graph_iri: str, data: rdflib.Graph) -> Iterator:
    """An rdflib graph's triples as pyoxigraph quads in the named graph ``graph_iri``."""
    g = ox.NamedNode(graph_iri)
    for s, p, o in data:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), g)
