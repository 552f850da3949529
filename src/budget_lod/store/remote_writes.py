"""The SPARQL Update texts a remote store sends to replace documents: staged chunks, then one switch.

A document is written in two phases, so that the graphs readers see change only at the end:

1. **stage** — its triples go into fresh staging graphs (``urn:x-budget-lod:staging:<uuid>:<n>``) in
   requests of at most ``max_triples`` triples each (Virtuoso's SPARQL compiler runs out of parser stack
   on a few thousand triples in one request). Triples that share a blank node stay in the same request,
   because a blank node label means the same node only within one request. Chunks with blank nodes are
   written as ``INSERT { … } WHERE {}`` (Virtuoso refuses blank nodes in ``INSERT DATA``; a template's
   blank nodes are fresh, once, per request — exactly INSERT DATA's meaning).
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
    """``stage`` requests (in order), then the one ``switch`` request; ``staging`` graphs to drop on failure."""

    stage: list[str]
    switch: str
    staging: list[str]

    def cleanup(self) -> str:
        return " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in self.staging)


def _line(s, p, o) -> str:
    return f"{s.n3()} {p.n3()} {o.n3()} .\n"


def _units(pairs: Sequence[tuple[str, rdflib.Graph]]) -> list[list[tuple[int, str, bool]]]:
    """The triples as ``(graph index, N-Triples line, has blank node)``, grouped so that triples sharing
    a blank node are in one group (union-find over blank nodes)."""
    parent: dict[rdflib.BNode, rdflib.BNode] = {}

    def find(b):
        root = parent.setdefault(b, b)
        while parent[root] != root:
            root = parent[root]
        while parent[b] != root:  # path compression
            parent[b], b = root, parent[b]
        return root

    plain: list[list[tuple[int, str, bool]]] = []
    linked: list[tuple[int, tuple]] = []
    for i, (_, data) in enumerate(pairs):
        for s, p, o in data:
            bnodes = [t for t in (s, o) if isinstance(t, rdflib.BNode)]
            if not bnodes:
                plain.append([(i, _line(s, p, o), False)])
                continue
            roots = [find(b) for b in bnodes]
            for r in roots[1:]:
                if r != roots[0]:
                    parent[r] = roots[0]
            linked.append((i, (s, p, o)))
    groups: dict[rdflib.BNode, list[tuple[int, str, bool]]] = {}
    for i, (s, p, o) in linked:
        root = find(s if isinstance(s, rdflib.BNode) else o)
        groups.setdefault(root, []).append((i, _line(s, p, o), True))
    return plain + list(groups.values())


def _chunks(units: list[list[tuple[int, str, bool]]], max_triples: int) -> list[list[tuple[int, str, bool]]]:
    chunks: list[list[tuple[int, str, bool]]] = []
    current: list[tuple[int, str, bool]] = []
    for unit in units:
        if current and len(current) + len(unit) > max_triples:
            chunks.append(current)
            current = []
        current.extend(unit)
    if current:
        chunks.append(current)
    return chunks


def _insert(chunk: list[tuple[int, str, bool]], staging: list[str]) -> str:
    by_graph: dict[int, list[str]] = {}
    for i, line, _ in chunk:
        by_graph.setdefault(i, []).append(line)
    body = "".join(f"GRAPH <{staging[i]}> {{\n{''.join(lines)}}}\n" for i, lines in sorted(by_graph.items()))
    if any(has_bnode for _, _, has_bnode in chunk):
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
    stage = [_insert(chunk, staging) for chunk in _chunks(_units(pairs), max_triples)]
    filled = [i for i, (_, data) in enumerate(pairs) if len(data)]
    ops = []
    for i, target in enumerate(targets):
        if i in filled:
            ops.append(f"MOVE SILENT GRAPH <{staging[i]}> TO GRAPH <{target}>")
        else:
            ops.append(f"DROP SILENT GRAPH <{target}>")
    listed = "".join(f"<{targets[i]}> <{_RDF_TYPE}> <{NAMED_GRAPH}> .\n" for i in filled)
    emptied = "".join(f"<{t}> <{_RDF_TYPE}> <{NAMED_GRAPH}> .\n" for i, t in enumerate(targets) if i not in filled)
    if emptied:
        ops.append(f"DELETE DATA {{ GRAPH <{REGISTRY}> {{\n{emptied}}} }}")
    if listed:
        ops.append(f"INSERT DATA {{ GRAPH <{REGISTRY}> {{\n{listed}}} }}")
    return WritePlan(stage, " ;\n".join(ops), [staging[i] for i in filled])


REGISTERED_GRAPHS = f"SELECT DISTINCT ?g WHERE {{ GRAPH <{REGISTRY}> {{ ?g <{_RDF_TYPE}> <{NAMED_GRAPH}> }} }}"
