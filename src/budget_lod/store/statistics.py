"""What the store holds, counted once at every write and published beside each checkpoint.

The site needs figures whose count grows with the store if taken on request — VoID's triples and
distinct subjects, the number of budgets and departments, the order the home page and the catalog page
through, each document graph's publication dates. The writer keeps them current instead: after every
write it summarises only the graphs it changed and saves the whole as ``checkpoints/<n>.stats.json``
beside the checkpoint it publishes (:mod:`budget_lod.store.checkpoints`); readers load it once per
checkpoint.

Per named graph (:class:`GraphSummary`): its triples and distinct subjects; for a document graph, the
budgets and final accounts it states (subjects typed ``…/def/budget#Budget`` or ``…#FinalAccounts``,
whatever the deployment's base: :data:`DOCUMENT_TYPES`), with their kind, department, department name
(the least of its labels, as ``MIN(STR(?name))``) and fiscal year; for a
report graph, its ingest record (the graph a ``prov:Activity`` generated, the data set with
``dcterms:issued`` / ``dcterms:modified``; :mod:`budget_lod.rdf.records`).

Code concepts (subjects typed ``skos:Concept`` with a ``skos:notation``: the 功能/经济分类 codes each
document states for the lines it prints), merged over the store (:class:`Concept`): notation, broader
concept, each label with the number of graphs stating it, and the number of graphs stating the
concept — what a code page needs (its path, its narrower codes, its most printed name) without reading
every document that uses the code.

Whole store: quads (the sum over graphs) and distinct subjects across graphs, kept exact without a
scan: a write of graphs ``C`` changes the count by the subjects of ``C``'s new content that no graph
outside ``C`` states, minus those of ``C``'s old content (one index look-up per subject; a subject shared
with other graphs, such as a code concept, is usually settled by the first quad found).

Nothing here imports rdflib: query workers and the writer use it.
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PROV_ACTIVITY = "http://www.w3.org/ns/prov#Activity"
PROV_GENERATED = "http://www.w3.org/ns/prov#generated"
DCT_ISSUED = "http://purl.org/dc/terms/issued"
DCT_MODIFIED = "http://purl.org/dc/terms/modified"
SKOS = "http://www.w3.org/2004/02/skos/core#"
BUDGET_TYPE_SUFFIX = "/def/budget#Budget"
# the classes whose instances are listed (home page, catalog), by the ending of their IRI → the document kind
DOCUMENT_TYPES = {BUDGET_TYPE_SUFFIX: "budget", "/def/budget#FinalAccounts": "final_accounts"}
FORMAT_VERSION = 3


@dataclass(frozen=True)
class BudgetEntry:
    """One budget (or final accounts: ``kind``) as the home page and the catalog list it."""

    budget: str
    department: str | None
    department_name: str | None
    year: int | None
    kind: str = "budget"  # budget | final_accounts

    @property
    def order(self) -> tuple:
        """Catalog order: department name, newest year first, then the IRI (as ``web_budgets.rq`` sorts)."""
        return (self.department_name or "", -(self.year or 0), self.budget)


@dataclass(frozen=True)
class Record:
    """A report graph's ingest record: the document graph it was generated with, its data set and dates."""

    graph: str
    dataset: str
    issued: str  # xsd:dateTime lexical forms, as stored
    modified: str


@dataclass
class Concept:
    """A code concept over the store: ``labels`` counts the graphs stating each label, ``graphs`` those
    stating the concept."""

    notation: str
    broader: str | None = None
    labels: dict[str, int] = field(default_factory=dict)
    graphs: int = 0

    def to_json(self) -> list:
        return [self.notation, self.broader, self.labels, self.graphs]

    @property
    def label(self) -> str | None:
        """The label stated by the most graphs (ties: the least)."""
        return min(self.labels, key=lambda lbl: (-self.labels[lbl], lbl)) if self.labels else None


@dataclass(frozen=True)
class GraphSummary:
    triples: int
    subjects: int
    budgets: tuple[BudgetEntry, ...] = ()
    record: Record | None = None

    def to_json(self) -> list:
        return [self.triples, self.subjects,
                [[b.budget, b.department, b.department_name, b.year, b.kind] for b in self.budgets],
                None if self.record is None else [self.record.graph, self.record.dataset, self.record.issued,
                                                  self.record.modified]]

    @classmethod
    def from_json(cls, data: list) -> "GraphSummary":
        triples, subjects, budgets, record = data
        return cls(triples, subjects, tuple(BudgetEntry(*b) for b in budgets), None if record is None else Record(*record))


@dataclass
class Statistics:
    """The store's figures at one checkpoint (see the module docstring)."""

    graphs: dict[str, GraphSummary] = field(default_factory=dict)
    subjects: int = 0
    concepts: dict[str, Concept] = field(default_factory=dict)

    @property
    def quads(self) -> int:
        return sum(g.triples for g in self.graphs.values())

    @cached_property
    def budgets(self) -> list[BudgetEntry]:
        """Every budget and final accounts, in catalog order (one stated by two graphs is listed once)."""
        seen: dict[str, BudgetEntry] = {}
        for name in sorted(self.graphs):
            for b in self.graphs[name].budgets:
                seen.setdefault(b.budget, b)
        return sorted(seen.values(), key=lambda b: b.order)

    @cached_property
    def kinds(self) -> dict[str, int]:
        """How many of :attr:`budgets` are of each kind (``budget``, ``final_accounts``)."""
        out: dict[str, int] = {}
        for b in self.budgets:
            out[b.kind] = out.get(b.kind, 0) + 1
        return out

    @cached_property
    def departments(self) -> int:
        return len({b.department for b in self.budgets if b.department})

    @cached_property
    def records(self) -> dict[str, Record]:
        """Document graph IRI → its ingest record."""
        return {s.record.graph: s.record for s in self.graphs.values() if s.record is not None}

    @cached_property
    def narrower(self) -> dict[str, list[str]]:
        """Concept → its narrower concepts (sorted by notation)."""
        out: dict[str, list[str]] = {}
        for iri, c in self.concepts.items():
            if c.broader:
                out.setdefault(c.broader, []).append(iri)
        for children in out.values():
            children.sort(key=lambda iri: (self.concepts[iri].notation, iri))
        return out

    def path(self, concept: str) -> list[str]:
        """``concept`` and its broader concepts (any order; a cycle is cut)."""
        out: list[str] = []
        while concept in self.concepts and concept not in out:
            out.append(concept)
            concept = self.concepts[concept].broader or ""
        return out

    @cached_property
    def records_by_dataset(self) -> dict[str, Record]:
        return {r.dataset: r for r in self.records.values()}

    @cached_property
    def span(self) -> tuple[str, str] | None:
        """(first ``dcterms:issued``, last ``dcterms:modified``) over every record, as stored; None without records."""
        if not self.records:
            return None
        issued = min((r.issued for r in self.records.values()), key=_instant)
        modified = max((r.modified for r in self.records.values()), key=_instant)
        return issued, modified

    @cached_property
    def graph_names(self) -> list[str]:
        return sorted(self.graphs)

    # --- files ------------------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write atomically (a temporary name, then renamed) as compact JSON."""
        doc = {"format": FORMAT_VERSION, "subjects": self.subjects,
               "graphs": {name: s.to_json() for name, s in sorted(self.graphs.items())},
               "concepts": {iri: c.to_json() for iri, c in sorted(self.concepts.items())}}
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> "Statistics | None":
        """The statistics saved at ``path``; None if there are none (a store written before them)."""
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except FileNotFoundError:
            return None
        if doc.get("format") != FORMAT_VERSION:
            return None
        return cls({name: GraphSummary.from_json(s) for name, s in doc["graphs"].items()}, doc["subjects"],
                   {iri: Concept(*c) for iri, c in doc.get("concepts", {}).items()})


def _instant(text: str) -> datetime.datetime:
    """An ``xsd:dateTime`` lexical form as an aware instant (no zone: UTC), for ordering."""
    when = datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=datetime.timezone.utc)


# --- summarising graphs -------------------------------------------------------------------------------------

def _value(term) -> str:
    return term.value


def _year(term) -> int | None:
    text = getattr(term, "value", "")
    return int(text[:4]) if text[:4].isdigit() else None


def summarize(store: ox.Store, graph: str) -> tuple[GraphSummary, set, dict[str, tuple]]:
    """One named graph's summary, its set of subjects (pyoxigraph terms) and its code concepts
    (IRI → (notation, broader, labels))."""
    quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
    subjects = {q.subject for q in quads}
    by_sp: dict[tuple, list] = {}
    for q in quads:
        by_sp.setdefault((q.subject, q.predicate.value), []).append(q.object)

    def objects(s, p: str) -> list:
        return by_sp.get((s, p), [])

    budgets = []
    for q in quads:
        kind = next((k for suffix, k in DOCUMENT_TYPES.items() if q.object.value.endswith(suffix)), None) \
            if q.predicate.value == RDF_TYPE and isinstance(q.object, ox.NamedNode) else None
        if kind is not None:
            vocab = q.object.value[: q.object.value.rindex("#") + 1]
            b = q.subject
            dept = next(iter(objects(b, vocab + "department")), None)
            names = sorted(_value(n) for n in objects(dept, RDFS_LABEL)) if dept is not None else []
            years = [y for y in (_year(t) for t in objects(b, vocab + "fiscalYear")) if y is not None]
            budgets.append(BudgetEntry(b.value, getattr(dept, "value", None), names[0] if names else None,
                                       max(years) if years else None, kind))
    record = None
    activities = sorted((q.subject for q in quads if q.predicate.value == RDF_TYPE and q.object.value == PROV_ACTIVITY),
                        key=str)
    for a in activities:
        generated = sorted(_value(g) for g in objects(a, PROV_GENERATED))
        datasets = sorted((q.subject for q in quads if q.predicate.value == DCT_ISSUED), key=str)
        for ds in datasets:
            issued, modified = objects(ds, DCT_ISSUED), objects(ds, DCT_MODIFIED)
            if generated and issued and modified:
                record = Record(generated[0], ds.value, _value(issued[0]), _value(modified[0]))
                break
        if record:
            break
    concepts: dict[str, tuple] = {}
    for q in quads:
        if q.predicate.value == RDF_TYPE and q.object.value == SKOS + "Concept" and isinstance(q.subject, ox.NamedNode):
            c = q.subject
            notations = sorted(_value(n) for n in objects(c, SKOS + "notation"))
            if notations:
                broader = sorted(_value(b) for b in objects(c, SKOS + "broader"))
                labels = sorted({_value(lbl) for lbl in objects(c, SKOS + "prefLabel")
                                 if getattr(lbl, "language", None) in ("zh", None)})
                concepts[c.value] = (notations[0], broader[0] if broader else None, tuple(labels))
    summary = GraphSummary(len(quads), len(subjects), tuple(sorted(budgets, key=lambda e: e.budget)), record)
    return summary, subjects, concepts


def _count(concepts: dict[str, Concept], stated: dict[str, tuple], step: int) -> None:
    """Add (``step`` 1) or take away (-1) one graph's code concepts to/from the merged ``concepts``."""
    for iri, (notation, broader, labels) in stated.items():
        c = concepts.get(iri)
        if c is None:
            c = concepts[iri] = Concept(notation, broader)
        c.graphs += step
        if step > 0:
            c.notation, c.broader = notation, broader or c.broader
        for lbl in labels:
            c.labels[lbl] = c.labels.get(lbl, 0) + step
            if c.labels[lbl] <= 0:
                del c.labels[lbl]
        if c.graphs <= 0:
            del concepts[iri]


def _stated_outside(store: ox.Store, subject, graphs: set) -> bool:
    """Whether a named graph outside ``graphs`` states ``subject``."""
    for q in store.quads_for_pattern(subject, None, None, None):
        g = q.graph_name
        if isinstance(g, ox.NamedNode) and g.value not in graphs:
            return True
    return False


def full(store: ox.Store) -> Statistics:
    """The statistics of a whole store, counted (once: a store written before statistics were kept)."""
    stats = Statistics()
    everything: set = set()
    for g in store.named_graphs():
        if isinstance(g, ox.NamedNode):
            summary, subjects, concepts = summarize(store, g.value)
            if summary.triples:
                stats.graphs[g.value] = summary
                everything |= subjects
                _count(stats.concepts, concepts, 1)
    stats.subjects = len(everything)
    return stats


class Change:
    """The graphs one write changes: their old content is summarised before the write, the new after.

    ``before(store, graphs)`` must be called for each graph before its content is replaced or dropped;
    ``after(store, stats)`` then returns the new statistics (``stats`` is not modified).
    """

    def __init__(self):
        self.old: dict[str, tuple[set, dict[str, tuple]]] = {}  # graph → (subjects, code concepts)

    def before(self, store: ox.Store, graphs: Iterable[str]) -> None:
        for graph in graphs:
            if graph not in self.old:
                _, subjects, concepts = summarize(store, graph)
                self.old[graph] = (subjects, concepts)

    @property
    def graphs(self) -> set[str]:
        return set(self.old)

    def after(self, store: ox.Store, stats: Statistics) -> Statistics:
        changed = self.graphs
        graphs = {name: s for name, s in stats.graphs.items() if name not in changed}
        concepts = {iri: Concept(c.notation, c.broader, dict(c.labels), c.graphs) for iri, c in stats.concepts.items()}
        new_subjects: set = set()
        old_subjects: set = set()
        for name in sorted(changed):
            summary, subjects, stated = summarize(store, name)
            if summary.triples:
                graphs[name] = summary
            new_subjects |= subjects
            old, old_stated = self.old[name]
            old_subjects |= old
            _count(concepts, old_stated, -1)
            _count(concepts, stated, 1)
        gained = sum(1 for s in new_subjects if not _stated_outside(store, s, changed))
        lost = sum(1 for s in old_subjects if not _stated_outside(store, s, changed))
        return Statistics(graphs, stats.subjects + gained - lost, concepts)
