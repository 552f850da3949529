"""A SHACL-SPARQL executor on Oxigraph: the ``sh:sparql`` constraints of the shapes, run fast.

rdflib's SPARQL engine needs 0.1–20 s per rule on one document's graph; Oxigraph answers the same
queries in milliseconds. This module follows SHACL §5 (SPARQL-based constraints): for each shape with
``sh:sparql`` and each of its focus nodes (``sh:targetClass`` / ``sh:targetNode``), the ``sh:select``
query runs with ``$this`` and ``$currentShape`` pre-bound (SEP-0007 substitutions, the pre-binding
SHACL describes), the prefixes of ``sh:prefixes`` / ``sh:declare``, and one ``sh:ValidationResult`` per
solution (``sh:focusNode``, ``sh:value`` from ``?value`` or the focus node, ``sh:resultPath`` from
``?path``, messages with ``{?var}`` substituted). Core constraints stay with pyshacl.

Messages may write an amount (bound in 元) as ``{?var|u}``: it is shown in the unit the rule binds as
``?unit`` (the printed unit of the figure the finding is about, e.g. ``10.00 万元``), exactly, with at least
two decimals; without ``?unit`` in 元. ``values|`` markers keep ``{?var}``: the numbers in 元.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from budget_lod.model.amounts import UNIT_FACTORS
from budget_lod.rdf.vocab import SH

_VAR = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)(\|u)?\}")
_CENT = Decimal("0.01")


def to_ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def from_ox(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value
    if dt == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(dt))


def quads(graph: rdflib.Graph) -> list[ox.Quad]:
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]


class SparqlConstraint:
    """One ``sh:SPARQLConstraint`` as loaded from the shapes graph."""

    def __init__(self, shapes: rdflib.Graph, node):
        self.node = node
        self.select = str(shapes.value(node, SH.select))
        self.messages = list(shapes.objects(node, SH.message))
        self.prefixes: dict[str, str] = {}
        for holder in shapes.objects(node, SH.prefixes):
            for decl in shapes.objects(holder, SH.declare):
                self.prefixes[str(shapes.value(decl, SH.prefix))] = str(shapes.value(decl, SH.namespace))
        self.deactivated = str(shapes.value(node, SH.deactivated)).lower() == "true"


class SparqlShape:
    def __init__(self, shapes: rdflib.Graph, node):
        self.node = node
        self.severity = shapes.value(node, SH.severity) or SH.Violation
        self.target_classes = list(shapes.objects(node, SH.targetClass))
        self.target_nodes = list(shapes.objects(node, SH.targetNode))
        self.constraints = [SparqlConstraint(shapes, c) for c in shapes.objects(node, SH.sparql)]
        self.deactivated = str(shapes.value(node, SH.deactivated)).lower() == "true"


@lru_cache(maxsize=8)
def _split(shapes_id: int, shapes: rdflib.Graph) -> tuple[list[SparqlShape], rdflib.Graph]:
    sparql_shapes = [SparqlShape(shapes, s) for s in sorted(set(shapes.subjects(SH.sparql, None)))]
    core = rdflib.Graph()
    for s, p, o in shapes:
        if p == SH.sparql:
            continue
        if (s, RDF.type, SH.NodeShape) in shapes and any(True for _ in shapes.objects(s, SH.sparql)) \
                and p in (SH.targetClass, SH.targetNode):
            continue  # a shape holding only SPARQL rules: keep it out of pyshacl's way
        core.add((s, p, o))
    return sparql_shapes, core


def split_shapes(shapes: rdflib.Graph) -> tuple[list[SparqlShape], rdflib.Graph]:
    """(the SPARQL-based shapes, the remaining core shapes graph for pyshacl); cached per shapes graph."""
    return _split(id(shapes), shapes)


def _text(term) -> str:
    """A bound value as shown in a message: decimals with two places (元 to the fen), others as is."""
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        try:
            return f"{Decimal(str(term)):.2f}"
        except InvalidOperation:
            return str(term)
    return str(term)


def in_unit(yuan: Decimal, unit: str) -> str:
    """An amount in 元 written in ``unit``, exactly, with at least two decimals: ``10.00 万元``, ``0.00505 万元``."""
    factor = UNIT_FACTORS.get(unit)
    if factor is None:
        unit, factor = "元", Decimal(1)
    value = yuan / factor
    text = format(value.quantize(_CENT) if value == value.quantize(_CENT) else value.normalize(), "f")
    return f"{text} {unit}"


def _format(message: str, bindings: dict[str, object]) -> str:
    unit = str(bindings.get("unit", "元"))

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in bindings:
            return m.group(0)
        if m.group(2):
            try:
                return in_unit(Decimal(str(bindings[name])), unit)
            except InvalidOperation:
                return str(bindings[name])
        return _text(bindings[name])

    once = _VAR.sub(sub, message)
    return _VAR.sub(sub, once)  # a bound value may itself hold placeholders (a message part chosen by the rule)


def run_sparql_shapes(store: ox.Store, data: rdflib.Graph, shapes: list[SparqlShape], report: rdflib.Graph) -> None:
    """Evaluate every SPARQL-based constraint and add its ``sh:ValidationResult`` nodes to ``report``."""
    for shape in shapes:
        if shape.deactivated:
            continue
        focus = list(shape.target_nodes)
        for cls in shape.target_classes:
            focus.extend(data.subjects(RDF.type, cls))
        for constraint in shape.constraints:
            if constraint.deactivated:
                continue
            for f in focus:
                # $this is pre-bound by substitution (it is projected); $currentShape is a constant of the
                # shape, written into the text (Oxigraph only substitutes projected variables)
                text = constraint.select.replace("$currentShape", f"<{shape.node}>")
                subs = {ox.Variable("this"): to_ox(f)}
                solutions = store.query(text, prefixes=constraint.prefixes, substitutions=subs)
                variables = [v.value for v in solutions.variables]
                for row in solutions:
                    bound = {name: from_ox(row[name]) for name in variables if row[name] is not None}
                    bound.setdefault("this", f)
                    result = BNode()
                    report.add((result, RDF.type, SH.ValidationResult))
                    report.add((result, SH.focusNode, f))
                    report.add((result, SH.value, bound.get("value", f)))
                    if "path" in bound:
                        report.add((result, SH.resultPath, bound["path"]))
                    report.add((result, SH.resultSeverity, shape.severity))
                    report.add((result, SH.sourceShape, shape.node))
                    report.add((result, SH.sourceConstraint, constraint.node))
                    report.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
                    for m in constraint.messages:
                        report.add((result, SH.resultMessage, Literal(_format(str(m), bound), lang=m.language)))
