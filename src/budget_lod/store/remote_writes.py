"""The SPARQL Update texts a remote store sends to replace documents: staged chunks, then one switch.

A document is written in two phases, so that the graphs readers see change only at the end:

1. **stage** — its triples go into fresh staging graphs (``urn:x-budget-lod:staging:<uuid>:<n>``) in
   requests of at most ``max_triples`` triples each (Virtuoso's SPARQL compiler runs out of parser stack
   on a few thousand triples in one request), one graph per request. Triples that share a blank node stay
   in the same request, because a blank node label means the same node only within one request (so a
   blank node is local to its graph). Chunks with blank nodes are written as ``INSERT { … } WHERE {}``
   (Virtuoso refuses blank nodes in ``INSERT DATA``; a template's blank nodes are fresh, once, per
   request — INSERT DATA's meaning; and Virtuoso 7.2 fails, "string_output_string needs a string
   output", on one template with blank nodes in two GRAPH blocks, hence one graph per request).
2. **switch** — one small request: ``MOVE SILENT GRAPH <staging> TO GRAPH <target>`` for every graph with
   content, ``DROP SILENT GRAPH <target>`` for a graph replaced by nothing, and the registry graph
   (:data:`REGISTRY`) updated to list exactly the non-empty graphs. It names no data, so no data can make
   it fail.

Staging graphs are not in the registry, so readers never see them; if staging fails they are dropped
(best effort) and the visible store is unchanged.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Sequence

import rdflib

from budget_lod.store.oxigraph import _iri

REGISTRY = "urn:x-budget-lod:graphs"  # the graph listing budget-lod's own named graphs on a shared server
NAMED_GRAPH = "http://www.w3.org/ns/sparql-service-description#NamedGraph"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
STAGING_PREFIX = "urn:x-budget-lod:staging:"
DEFAULT_MAX_TRIPLES = 1000


@dataclass(frozen=True)
class WritePlan:
    """``stage`` requests (in order), then the ``switch``; ``staging`` graphs to drop on failure. ``moves``
    (staging → target) and ``emptied`` (targets replaced by nothing) make the switch; the switches of
    several plans can be sent as one (:func:`switch_of`)."""

    stage: list[str]
    moves: list[tuple[str, str]]
    emptied: list[str]

    @property
    def staging(self) -> list[str]:
        return [s for s, _ in self.moves]

    @property
    def switch(self) -> str:
        return switch_of([self])

    def cleanup(self) -> str:
        return " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in self.staging)


def switch_of(plans: Sequence[WritePlan]) -> str:
    """One request switching in every plan of ``plans``: MOVEs, DROPs, and the registry updated."""
    ops = [f"MOVE SILENT GRAPH <{s}> TO GRAPH <{t}>" for p in plans for s, t in p.moves]
    ops += [f"DROP SILENT GRAPH <{t}>" for p in plans for t in p.emptied]
    listed = "".join(f"<{t}> <{_RDF_TYPE}> <{NAMED_GRAPH}> .\n" for p in plans for _, t in p.moves)
    emptied = "".join(f"<{t}> <{_RDF_TYPE}> <{NAMED_GRAPH}> .\n" for p in plans for t in p.emptied)
    if emptied:
        ops.append(f"DELETE DATA {{ GRAPH <{REGISTRY}> {{\n{emptied}}} }}")
    if listed:
        ops.append(f"INSERT DATA {{ GRAPH <{REGISTRY}> {{\n{listed}}} }}")
    return " ;\n".join(ops)


def _line(s, p, o) -> str:
    return f"{s.n3()} {p.n3()} {o.n3()} .\n"


def _units(data: rdflib.Graph) -> list[list[tuple[str, bool]]]:
    """One graph's triples as ``(N-Triples line, has blank node)``, grouped so that triples sharing a blank
    node are in one group (union-find over blank nodes)."""
    parent: dict[rdflib.BNode, rdflib.BNode] = {}

    def find(b):
        root = parent.setdefault(b, b)
        while parent[root] != root:
            root = parent[root]
        while parent[b] != root:  # path compression
            parent[b], b = root, parent[b]
        return root

    plain: list[list[tuple[str, bool]]] = []
    linked: list[tuple] = []
    for s, p, o in data:
        bnodes = [t for t in (s, o) if isinstance(t, rdflib.BNode)]
        if not bnodes:
            plain.append([(_line(s, p, o), False)])
            continue
        roots = [find(b) for b in bnodes]
        if len(roots) == 2 and roots[0] != roots[1]:
            parent[roots[1]] = roots[0]
        linked.append((s, p, o))
    groups: dict[rdflib.BNode, list[tuple[str, bool]]] = {}
    for s, p, o in linked:
        groups.setdefault(find(s if isinstance(s, rdflib.BNode) else o), []).append((_line(s, p, o), True))
    return plain + list(groups.values())


def _chunks(units: list[list[tuple[str, bool]]], max_triples: int) -> list[list[tuple[str, bool]]]:
    chunks: list[list[tuple[str, bool]]] = []
    current: list[tuple[str, bool]] = []
    for unit in units:
        if current and len(current) + len(unit) > max_triples:
            chunks.append(current)
            current = []
        current.extend(unit)
    if current:
        chunks.append(current)
    return chunks


def _insert(chunk: list[tuple[str, bool]], graph: str) -> str:
    body = f"GRAPH <{graph}> {{\n{''.join(line for line, _ in chunk)}}}\n"
    if any(has_bnode for _, has_bnode in chunk):
        return f"INSERT {{\n{body}}} WHERE {{}}"
    return f"INSERT DATA {{\n{body}}}"


def plan_replace(pairs: Sequence[tuple[str, rdflib.Graph]], max_triples: int = DEFAULT_MAX_TRIPLES) -> WritePlan:
    """The requests that replace each ``(graph IRI, content)`` of ``pairs`` (raises ValueError on a bad IRI)."""
    if max_triples < 1:
        raise ValueError("max_triples must be at least 1")
    targets = [_iri(g) for g, _ in pairs]
    if len(set(targets)) != len(targets):
        raise ValueError("the same graph is written twice in one batch")
    run = uuid.uuid4().hex
    staging = [f"{STAGING_PREFIX}{run}:{n}" for n in range(len(pairs))]
    stage = [_insert(chunk, staging[i]) for i, (_, data) in enumerate(pairs)
             for chunk in _chunks(_units(data), max_triples)]
    filled = [i for i, (_, data) in enumerate(pairs) if len(data)]
    moves = [(staging[i], targets[i]) for i in filled]
    emptied = [t for i, t in enumerate(targets) if i not in filled]
    return WritePlan(stage, moves, emptied)


REGISTERED_GRAPHS = f"SELECT DISTINCT ?g WHERE {{ GRAPH <{REGISTRY}> {{ ?g <{_RDF_TYPE}> <{NAMED_GRAPH}> }} }}"
