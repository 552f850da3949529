"""The link step: a department's budget and its final accounts (决算) of one year, side by side.

When both documents of a pair are stored — whichever came first — :func:`link_step` (run by the writer on every
published batch, :mod:`budget_lod.store.bulk`) builds the pair's **links graph**, ``{base}graph/links/{dept}/{year}/
{scope}``, replaced whole each time either document is ingested:

* ``<final accounts> bud:executes <budget>``, and ``<final line item> bud:executes <budget line item>`` for every line
  of the same table kind, scheme and code (a code printed twice in one table of either document is not linked);
* one ``bud:Execution`` per linked line and measure both documents print, at ``{final line item}/execution/{measure}``:
  the two observations and amounts, ``bud:variance`` (final − budget, 元) and ``bud:executionRate`` (final / budget ×
  100, rounded half up to 0.01 %; none where the budget is not above 0) — exact ``Decimal`` arithmetic;
* the cross-document findings of ``shapes/links.shapes.ttl`` (rules of ``shp:scope "links"``: a 年初预算数 the final
  accounts print or state that differs from the stored budget, an overspend) as an ``sh:ValidationReport`` at
  ``{final accounts}/links-report``, worded and located as a document's own report.

A pair is one final accounts and one budget of the same fiscal year and scope whose department is the same: the
same department IRI, or — where one of the two prints no department code — the same department name (its hash).
Two candidates for one document are a doubt, and a doubt links nothing.

The step reads the store through :class:`Source` (SPARQL SELECT and the content of one graph), so it runs where the
documents are: the embedded writer's own database before it publishes (links and documents become visible
together), or a remote server.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable, Iterable, Protocol

import pyoxigraph as ox
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from budget_lod.rdf.build import decimal_literal
from budget_lod.rdf.iri import Minter
from budget_lod.rdf.vocab import SH, load_shapes, terms
from budget_lod.validate.findings import Outcome
from budget_lod.validate.run import _ontology_quads, link_shape_nodes, outcome_of
from budget_lod.validate.sparql_engine import quads, run_sparql_shapes, split_shapes

CENT = Decimal("0.01")


class Source(Protocol):
    """What the link step reads: SELECT solutions (``row["var"]`` pyoxigraph terms) and one graph's content."""

    def select(self, sparql: str) -> Iterable: ...

    def graph(self, iri: str) -> rdflib.Graph: ...


class OxigraphSource:
    """A :class:`Source` over a pyoxigraph store (the writer's database: named graphs, queried with GRAPH)."""

    def __init__(self, store: ox.Store):
        self.store = store

    def select(self, sparql: str) -> Iterable:
        return self.store.query(sparql)

    def graph(self, iri: str) -> rdflib.Graph:
        from budget_lod.store.convert import graph_of

        return graph_of(self.store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))


class StoreSource:
    """A :class:`Source` over a store of :mod:`budget_lod.store` (embedded or remote: ``query`` and ``graph``)."""

    def __init__(self, store):
        self.store = store

    def select(self, sparql: str) -> Iterable:
        return self.store.query(sparql)

    def graph(self, iri: str) -> rdflib.Graph:
        return self.store.graph(iri)


@dataclass(frozen=True)
class Document:
    """A stored budget or final accounts: its graph, IRI, kind, department, year and scope."""

    graph: str
    iri: str
    final: bool
    department: str
    year: int
    scope: str

    @property
    def department_hash(self) -> str:
        return self.department.rsplit("/", 1)[-1].rsplit("-", 1)[-1]

    @property
    def department_coded(self) -> bool:
        return "-" in self.department.rsplit("/", 1)[-1]


def links_graph(final_graph: str, minter: Minter) -> str:
    """``{base}graph/links/{dept}/{year}/{scope}`` of the final accounts' graph ``{base}graph/final-accounts/…``."""
    prefix = minter.base + "graph/final-accounts/"
    if not final_graph.startswith(prefix):
        raise ValueError(f"<{final_graph}> is not a final accounts' graph under {minter.base}")
    return minter.base + "graph/links/" + final_graph[len(prefix):]


def links_report(final_accounts: str) -> str:
    return final_accounts + "/links-report"


def _documents(source: Source, minter: Minter, graphs: Iterable[str] | None = None) -> list[Document]:
    """The budgets and final accounts stored (in ``graphs`` only, when given)."""
    v = minter.vocab
    values = ""
    if graphs is not None:
        names = sorted(set(graphs))
        if not names:
            return []
        values = "VALUES ?g { " + " ".join(f"<{g}>" for g in names) + " }"
    query = f"""SELECT ?g ?doc ?type ?dept ?year ?scope WHERE {{ {values}
      GRAPH ?g {{ ?doc a ?type ; <{v}department> ?dept ; <{v}fiscalYear> ?year ; <{v}scope> ?scope .
                 VALUES ?type {{ <{v}Budget> <{v}FinalAccounts> }} }} }}"""
    out = []
    for row in source.select(query):
        try:
            year = int(row["year"].value)
        except ValueError:
            continue
        out.append(Document(row["g"].value, row["doc"].value, row["type"].value.endswith("FinalAccounts"),
                            row["dept"].value, year, row["scope"].value))
    return out


def counterparts(doc: Document, stored: Iterable[Document]) -> list[Document]:
    """The documents of the other kind that ``doc`` pairs with (see the module docstring); several are a doubt."""
    others = [d for d in stored if d.final != doc.final and d.year == doc.year and d.scope == doc.scope]
    same = [d for d in others if d.department == doc.department]
    if same:
        return same
    return [d for d in others if d.department_hash == doc.department_hash
            and not (d.department_coded and doc.department_coded)]


def stored_pairs(source: Source, minter: Minter) -> list[tuple[Document, Document]]:
    """Every (final accounts, budget) pair of the store (``validate --all`` checks them after the documents)."""
    stored = _documents(source, minter)
    return sorted(((f, found[0]) for f in stored if f.final
                   for found in [counterparts(f, stored)] if len(found) == 1 and counterparts(found[0], stored) == [f]),
                  key=lambda p: p[0].graph)


def pairs_of(source: Source, changed: Iterable[str], minter: Minter) -> tuple[list[tuple[Document, Document]], list[str]]:
    """(final accounts, budget) pairs to link because a graph in ``changed`` is one of them, and the links graphs to
    drop (a final accounts written again that no longer pairs)."""
    mine = _documents(source, minter, changed)
    if not mine:
        return [], []
    stored = _documents(source, minter)
    pairs: dict[str, tuple[Document, Document]] = {}
    drop: list[str] = []
    for doc in mine:
        if doc.final:
            found = counterparts(doc, stored)
            if len(found) == 1 and len(counterparts(found[0], stored)) == 1:
                pairs[doc.graph] = (doc, found[0])
            else:
                drop.append(links_graph(doc.graph, minter))
        else:
            for final in counterparts(doc, stored):
                found = counterparts(final, stored)
                if len(found) == 1 and found[0] == doc:
                    pairs[final.graph] = (final, doc)
                elif len(found) > 1:
                    drop.append(links_graph(final.graph, minter))  # another budget makes the pair a doubt now
    return [pairs[g] for g in sorted(pairs)], sorted(set(drop) - {links_graph(g, minter) for g in pairs})


# ---------------------------------------------------------------------------------------------- the links


def _lines(g: rdflib.Graph, doc: str, B) -> dict[tuple[str, str, str], URIRef]:
    """(table kind, scheme, code) → line item of the document ``doc`` (keys printed twice left out)."""
    out: dict[tuple[str, str, str], URIRef] = {}
    twice: set = set()
    for table in g.subjects(B.inBudget, URIRef(doc)):
        if (table, RDF.type, B.Table) not in g:
            continue
        kind = str(g.value(table, B.tableKind) or "").rsplit("/", 1)[-1]
        for li in g.subjects(B.inTable, table):
            if (li, RDF.type, B.LineItem) not in g:
                continue
            key = (kind, str(g.value(li, B.scheme)), str(g.value(li, B.code)))
            if key in out:
                twice.add(key)
            out[key] = li
    return {k: v for k, v in out.items() if k not in twice}


def _amounts(g: rdflib.Graph, item: URIRef, phase: URIRef, B) -> dict[URIRef, tuple[URIRef, Decimal]]:
    """measure → (observation, amount) of one line item in one phase."""
    out = {}
    for o in g.subjects(B.item, item):
        if (o, B.phase, phase) in g:
            amount = g.value(o, B.amount)
            if amount is not None:
                out[g.value(o, B.measure)] = (o, Decimal(str(amount)))
    return out


def build_links(final: Document, budget: Document, data: rdflib.Graph, minter: Minter) -> rdflib.Graph:
    """The links of a pair (without the report), from the union of the two documents' graphs."""
    B = terms(minter)
    out = rdflib.Graph()
    out.bind("bud", minter.vocab)
    out.add((URIRef(final.iri), B.executes, URIRef(budget.iri)))
    final_phase, budget_phase = URIRef(minter.concept("phase", "final")), URIRef(minter.concept("phase", "budget"))
    budget_lines = _lines(data, budget.iri, B)
    for key, fli in sorted(_lines(data, final.iri, B).items()):
        bli = budget_lines.get(key)
        if bli is None:
            continue
        out.add((fli, B.executes, bli))
        spent, planned = _amounts(data, fli, final_phase, B), _amounts(data, bli, budget_phase, B)
        for measure in sorted(set(spent) & set(planned)):
            (fo, f), (bo, b) = spent[measure], planned[measure]
            x = URIRef(f"{fli}/execution/{str(measure).rsplit('/', 1)[-1]}")
            for p, o in ((RDF.type, B.Execution), (B.finalItem, fli), (B.budgetItem, bli), (B.measure, measure),
                         (B.finalObservation, fo), (B.budgetObservation, bo), (B.finalAmount, decimal_literal(f)),
                         (B.budgetAmount, decimal_literal(b)), (B.variance, decimal_literal(f - b))):
                out.add((x, p, o))
            if b > 0:
                out.add((x, B.executionRate, decimal_literal((f * 100 / b).quantize(CENT, ROUND_HALF_UP))))
    return out


def check_links(final: Document, data: rdflib.Graph, minter: Minter) -> Outcome:
    """The cross-document findings of the pair (rules of ``shp:scope "links"``) on the documents and their links."""
    shapes = load_shapes(minter)
    sparql_shapes, _ = split_shapes(shapes)
    mine = link_shape_nodes(shapes, minter)
    store = ox.Store()
    store.extend(_ontology_quads(minter.base))
    store.extend(quads(data))
    raw = rdflib.Graph()
    run_sparql_shapes(store, data, [s for s in sparql_shapes if s.node in mine], raw)
    outcome = outcome_of(data, raw, minter, URIRef(links_report(final.iri)))
    # what the report is about: the pair
    outcome.report.add((URIRef(links_report(final.iri)), terms(minter).executes, URIRef(final.iri)))
    return outcome


def link_pair(final: Document, budget: Document, source: Source, minter: Minter) -> tuple[rdflib.Graph, Outcome]:
    """The content of one pair's links graph (links and report) and the report's findings."""
    data = source.graph(final.graph) + source.graph(budget.graph)
    links = build_links(final, budget, data, minter)
    outcome = check_links(final, data + links, minter)
    return links + outcome.report, outcome


def link_step(source: Source, changed: Iterable[str], minter: Minter,
              on_error: Callable[[str], None] | None = None,
              on_linked: Callable[[Document, Document, Outcome, int], None] | None = None
              ) -> list[tuple[str, rdflib.Graph | None]]:
    """The links graphs to write after the graphs ``changed`` were: ``(links graph, content)``, or ``None`` to drop.

    A pair whose linking fails unexpectedly is reported through ``on_error`` (one line naming both documents) and
    left as it was: links are derived, and the documents themselves are stored whatever happens here. Each pair
    linked is told to ``on_linked(final, budget, outcome, executions)`` (its findings; its ``bud:Execution`` count)."""
    pairs, drop = pairs_of(source, changed, minter)
    out: list[tuple[str, rdflib.Graph | None]] = [(g, None) for g in drop]
    for final, budget in pairs:
        try:
            content, outcome = link_pair(final, budget, source, minter)
        except Exception as exc:  # noqa: BLE001 — one pair's failure must not cost the batch its documents
            if on_error is None:
                raise
            on_error(f"<{final.iri}>: not linked to <{budget.iri}> ({type(exc).__name__}: {exc})")
            continue
        out.append((links_graph(final.graph, minter), content))
        if on_linked is not None:
            on_linked(final, budget, outcome, sum(1 for _ in content.subjects(RDF.type, terms(minter).Execution)))
    return out


__all__ = ["Document", "OxigraphSource", "Source", "StoreSource", "build_links", "check_links", "counterparts", "link_pair",
           "link_step", "links_graph", "links_report", "pairs_of", "stored_pairs", "SH"]
