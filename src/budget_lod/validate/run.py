"""Run the SHACL shapes on a document graph with pyshacl and turn the report into findings.

Speed matters (the whole pipeline should cost at most twice the extraction): no inference, the
ontology's code lists are merged into a private copy of the data graph (the rules read them as data),
and every SHACL-SPARQL rule targets the budget so it runs once per document.

pyshacl drops the language tags of SPARQL-based messages; the rules therefore prefix their messages
(``zh|``, ``en|``, ``values|``, ``rule|``, ``at|``) and this module turns them back into language-tagged
``sh:resultMessage`` literals, ``shp:values`` and ``shp:rule`` on the result, and adds the location of
each result (``bud:inTable``, ``bud:code``, ``bud:measure``, ``bud:page``) so the stored report can be
queried on its own.

A finding about a narrative claim keeps the claim's kind as its code and the narrative page as its page,
and names the table the claim was compared with: the one the rule says (``at|table=…;row=…``, the row
going into the values), else the one the claim's figure declares in ``figures.ttl`` — ``bud:comparedWith``,
else the table of one of its ``bud:locatedAt`` locations, printed tables first, in the template's table
order. A change or base-year figure is located by the figure it is about (``bud:subject``).

A finding is a *reading* problem (``Finding.category``) when its rule's shape says so (``shp:category
"reading"``) or when it is located in a table whose reading failed its self-check (``bud:readingStatus
"failed"``, recorded by extraction) — never a Violation then; every other finding is about the document.
Results of one rule saying the same thing with the same numbers about the same row or claim kind — one
inconsistency stated on several pages — are merged into one finding listing every place (``Finding.places``).
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from budget_lod.model.document import TABLE_KINDS
from budget_lod.rdf.iri import Minter
from budget_lod.rdf.vocab import QB, SH, load_ontology, load_shapes, terms
from budget_lod.validate.findings import Finding, Outcome
from budget_lod.validate.sparql_engine import quads, run_sparql_shapes, split_shapes

_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@lru_cache(maxsize=8)
def _ontology_quads(base: str) -> list:
    return quads(load_ontology(Minter(base)))


def validate_graph(data: rdflib.Graph, minter: Minter) -> Outcome:
    """Validate one document's graph; ``report`` is ready to be stored in its own named graph."""
    B = terms(minter)
    shapes = load_shapes(minter)
    sparql_shapes, core_shapes = split_shapes(shapes)
    links = link_shape_nodes(shapes, minter)
    raw = rdflib.Graph()
    # core SHACL: pyshacl on the document graph as it is (no copy, no inference)
    _, core_report, _ = pyshacl.validate(
        data, shacl_graph=core_shapes, inference="none", advanced=False, inplace=True,
        abort_on_first=False, allow_infos=True, allow_warnings=True,
    )
    for triple in core_report:
        raw.add(triple)
    # SHACL-SPARQL: on Oxigraph, with the code lists the rules read as data (the rules across documents aside)
    store = ox.Store()
    store.extend(_ontology_quads(minter.base))
    store.extend(quads(data))
    run_sparql_shapes(store, data, [s for s in sparql_shapes if s.node not in links], raw)
    budget = next(iter(data.subjects(RDF.type, B.Budget)), None) or next(iter(data.subjects(RDF.type, B.FinalAccounts)), None)
    report_node = URIRef(Minter.report(str(budget))) if budget is not None else rdflib.BNode()
    return outcome_of(data, raw, minter, report_node)


def link_shape_nodes(shapes: rdflib.Graph, minter: Minter) -> set:
    """The shapes of the rules across documents (``shp:scope "links"``): run by the link step, not per document."""
    return set(shapes.subjects(URIRef(minter.shapes + "scope"), Literal("links")))


def outcome_of(data: rdflib.Graph, raw: rdflib.Graph, minter: Minter, report_node) -> Outcome:
    """Findings and the stored report (at ``report_node``) of the SHACL results in ``raw`` about ``data``: results
    saying the same thing merged, each located in the data's own terms."""
    g = _Lookup(data, load_ontology(minter))
    shapes = load_shapes(minter)
    shp = rdflib.Namespace(minter.shapes)
    report = rdflib.Graph()
    report.bind("sh", SH)
    report.bind("shp", shp)
    report.bind("bud", minter.vocab)
    report.add((report_node, RDF.type, SH.ValidationReport))
    merged: dict[tuple, tuple[Finding, list, list[tuple[int, str]]]] = {}
    for result in sorted(raw.subjects(RDF.type, SH.ValidationResult), key=lambda r: _result_order(raw, r)):
        finding = _finding(raw, result, g, shapes, minter)
        key = (finding.rule, finding.severity, finding.category, finding.table, finding.code, finding.measure,
               finding.claim, tuple(sorted(finding.values.items())))
        place = _place(raw, result, g, finding, minter)
        if key in merged:
            merged[key][1].append(result)
            merged[key][2].append(place)
        else:
            merged[key] = (finding, [result], [place])
    findings: list[Finding] = []
    for finding, results, places in merged.values():
        finding = _with_places(finding, places)
        findings.append(finding)
        for result in results[:1]:
            _store_result(report, report_node, raw, result, finding, g, shp, minter)
    findings.sort(key=lambda f: (_ORDER[f.severity], f.rule, f.table or "", f.code or "", f.measure or "", f.page or 0, f.message_en))
    conforms = not any(f.severity == "Violation" and f.category == "document" for f in findings)
    report.add((report_node, SH.conforms, Literal(conforms)))
    return Outcome(conforms=conforms, results=findings, report=report)


class _Lookup:
    """Read-only look-ups over the data graph, falling back to the ontology (for code-list notations)."""

    def __init__(self, data: rdflib.Graph, ontology: rdflib.Graph):
        self.data, self.ontology = data, ontology

    def value(self, s=None, p=None, o=None):
        v = self.data.value(s, p, o)
        return v if v is not None else self.ontology.value(s, p, o)

    def objects(self, s, p):
        yield from self.data.objects(s, p)
        yield from self.ontology.objects(s, p)

    def subjects(self, p, o):
        yield from self.data.subjects(p, o)
        yield from self.ontology.subjects(p, o)

    def __contains__(self, triple) -> bool:
        return triple in self.data or triple in self.ontology


def _local(iri) -> str:
    s = str(iri)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _pairs(text: str) -> dict[str, str]:
    """``name=value;name=value`` → a dict (a pair without ``=`` is skipped)."""
    return dict(pair.split("=", 1) for pair in text.split(";") if "=" in pair)


def _messages(raw: rdflib.Graph, result) -> tuple[str, str, dict[str, str], str | None, dict[str, str]]:
    """(zh, en, values, finer rule id, ``at|`` location) of a result's marked messages."""
    zh = en = ""
    values: dict[str, str] = {}
    rule = None
    at: dict[str, str] = {}
    for m in raw.objects(result, SH.resultMessage):
        text = str(m)
        lang = getattr(m, "language", None)
        if text.startswith("zh|"):
            zh = text[3:]
        elif text.startswith("en|"):
            en = text[3:]
        elif text.startswith("values|"):
            values.update(_pairs(text[7:]))
        elif text.startswith("at|"):
            at = {k: v for k, v in _pairs(text[3:]).items() if v and not v.startswith("{?")}
        elif text.startswith("rule|"):
            rule = text[5:]
        elif lang == "zh":
            zh = text
        elif lang == "en":
            en = text
        else:
            en = en or text
    return zh, en, values, rule, at


def _label(graph: rdflib.Graph, node, lang: str) -> str:
    for lbl in list(graph.objects(node, RDFS.label)) + list(graph.objects(node, SKOS.prefLabel)):
        if getattr(lbl, "language", None) == lang:
            return str(lbl)
    return ""


def _notation(g: rdflib.Graph, node) -> str | None:
    n = g.value(node, SKOS.notation) if node is not None else None
    return str(n) if n is not None else None


def _int(lit) -> int | None:
    try:
        return int(lit) if lit is not None else None
    except (TypeError, ValueError):
        return None


def _locate(g: rdflib.Graph, node, minter: Minter) -> tuple[str | None, str | None, str | None, int | None, URIRef | None]:
    """(table id, code, measure, page, table node) of a result's value or focus node."""
    B = terms(minter)
    if node is None:
        return None, None, None, None, None
    types = set(g.objects(node, RDF.type))
    table = code = measure = None
    page = _int(g.value(node, B.page))
    tnode = None
    if QB.Observation in types:
        item = g.value(node, B.item)
        tnode = g.value(node, B.inTable)
        measure = _notation(g, g.value(node, B.measure))
        code = str(g.value(item, B.code)) if g.value(item, B.code) is not None else None
        if tnode is None and (item, RDF.type, B.Project) in g:
            table = "project"
    elif B.LineItem in types:
        tnode = g.value(node, B.inTable)
        code = str(g.value(node, B.code))
    elif B.Project in types:
        table = "project"
        code = str(g.value(node, B.code))
        pages = sorted(_int(p) for p in g.objects(node, B.page))
        page = pages[0] if pages else None
    elif B.Indicator in types:
        table = "project"
        project = g.value(None, B.indicator, node)
        code = str(g.value(project, B.code)) if project is not None else None
    elif B.Claim in types:
        code = _notation(g, g.value(node, B.claimKind))
        table = _claim_table(g, node, minter)
    elif B.Table in types:
        tnode = node
        pages = sorted(_int(p) for p in g.objects(node, B.page))
        page = pages[0] if pages else None
    elif B.TableKind in types:
        table = _notation(g, node)
    if tnode is not None:
        table = _notation(g, g.value(tnode, B.tableKind))
        if page is None:
            pages = sorted(_int(p) for p in g.objects(tnode, B.page))
            page = pages[0] if pages else None
    return table, code, measure, page, tnode


def _claim_table(g: "_Lookup", claim, minter: Minter) -> str | None:
    """The table id a claim is compared with, from its figure's data in figures.ttl (None: no table)."""
    B = terms(minter)
    figure = g.value(claim, B.claimKind)
    if not _declares_table(g, figure, B):
        figure = g.value(claim, B.subject) or figure  # a change or base-year figure: by what it is about
    compared = list(g.objects(figure, B.comparedWith))
    places = [(kind, None) for kind in compared] or [
        (g.value(loc, B.locationTable), loc) for loc in g.objects(figure, B.locatedAt)
    ]
    candidates = set()
    for kind, loc in places:
        notation = _notation(g, kind)
        if notation:
            order = TABLE_KINDS.index(notation) if notation in TABLE_KINDS else len(TABLE_KINDS)
            table = _table_node(g, claim, notation, minter)
            printed = table is not None and (loc is None or _cell_printed(g, table, loc, B))
            candidates.add((not printed, table is None, order, notation))
    return min(candidates)[3] if candidates else None


def _cell_printed(g: "_Lookup", table, loc, B) -> bool:
    """Whether ``table`` prints the cell a figure's location names (its row, its measure)."""
    row, measure = g.value(loc, B.locationRow), g.value(loc, B.locationMeasure)
    for item in g.data.subjects(B.inTable, table):
        if (item, B.code, row) in g.data and any((o, B.measure, measure) in g.data for o in g.data.subjects(B.item, item)):
            return True
    return False


def _declares_table(g: "_Lookup", figure, B) -> bool:
    return figure is not None and (
        g.value(figure, B.comparedWith) is not None or g.value(figure, B.locatedAt) is not None
    )


def _table_node(g: "_Lookup", claim, notation: str, minter: Minter) -> URIRef | None:
    """The claim's budget's table of kind ``notation`` (the first by page), if the document prints one."""
    B = terms(minter)
    budget = g.value(claim, B.inBudget)
    kind = URIRef(minter.concept("table-kind", notation))
    tables = [t for t in g.data.subjects(B.tableKind, kind) if (t, B.inBudget, budget) in g.data]
    return min(tables, key=lambda t: (min((_int(p) or 0 for p in g.data.objects(t, B.page)), default=0), str(t)),
               default=None)


def _finding(raw: rdflib.Graph, result, g: rdflib.Graph, shapes: rdflib.Graph, minter: Minter) -> Finding:
    severity = _SEVERITY.get(raw.value(result, SH.resultSeverity), "Violation")
    source = raw.value(result, SH.sourceConstraint) or raw.value(result, SH.sourceShape)
    zh, en, values, rule, at = _messages(raw, result)
    rule_zh, rule_en = _label(shapes, source, "zh"), _label(shapes, source, "en")
    if rule:
        data_rule = next((s for s in g.subjects(SKOS.notation, Literal(rule))), None)
        rule_zh = _label(g, data_rule, "zh") or rule_zh
        rule_en = _label(g, data_rule, "en") or rule_en
    else:
        rule = _local(source) if isinstance(source, URIRef) else "shape"
    node = raw.value(result, SH.value)
    if node is None or isinstance(node, Literal) or (node, RDF.type, terms(minter).Budget) in g \
            or (node, RDF.type, terms(minter).FinalAccounts) in g:
        node = raw.value(result, SH.focusNode)
    table, code, measure, page, _ = _locate(g, node, minter)
    if at.get("table"):
        table = at["table"]
    if at.get("page", "").isdigit():  # a finding about the document, shown on this page
        page = int(at["page"])
    claim = (node, RDF.type, terms(minter).Claim) in g
    row = at.get("row") or (str(g.value(node, terms(minter).code) or "") if claim else "")
    if row:  # the cell's row: the one compared with, else the functional line the claim names
        values = {**values, "row": row}
    shape = raw.value(result, SH.sourceShape)
    reading = str(shapes.value(shape, URIRef(minter.shapes + "category")) or "") == "reading"
    if not reading and not claim:
        tnode = _locate(g, node, minter)[4]
        reading = tnode is not None and str(g.value(tnode, terms(minter).readingStatus) or "") == "failed"
    if reading and severity == "Violation":
        severity = "Warning"  # a table not understood is no violation of the document
    return Finding(rule, severity, table, code, measure, page, zh or rule_zh, en or rule_en, values, rule_zh, rule_en,
                   claim, "reading" if reading else "document")


def _result_order(raw: rdflib.Graph, result) -> tuple:
    """Results in a stable order (the page first), so the place a merged finding keeps is the first one."""
    return tuple(sorted(str(m) for m in raw.objects(result, SH.resultMessage))), str(raw.value(result, SH.value))


def _place(raw: rdflib.Graph, result, g: "_Lookup", finding: Finding, minter: Minter) -> tuple[int, str]:
    """(page, sentence) of one result: the claim's sentence for a narrative finding, else ""."""
    node = raw.value(result, SH.value)
    sentence = g.data.value(node, terms(minter).sentence) if finding.claim and node is not None else None
    if sentence is None and finding.table is None and finding.code is None:  # a finding about the document's text
        sentence = finding.message_zh.split("：", 1)[-1] if "：" in finding.message_zh else None
    return (finding.page if finding.page is not None else 0, str(sentence or ""))


def _with_places(finding: Finding, places: list[tuple[int, str]]) -> Finding:
    """The finding with every place it shows; its page the first, its messages naming the others."""
    unique = sorted(set(places))
    if len(unique) <= 1:
        return replace(finding, places=tuple(unique))
    first = unique[0][0]
    others = sorted({p for p, _ in unique} - {first})
    zh, en = finding.message_zh, finding.message_en
    if others:
        zh += f"（另见第 {'、'.join(str(p) for p in others)} 页）"
        en += f" (also on page{'s' if len(others) > 1 else ''} {', '.join(str(p) for p in others)})"
    elif len(unique) > 1:
        zh += f"（同页另有 {len(unique) - 1} 处）"
        en += f" ({len(unique) - 1} more on the same page)"
    return replace(finding, page=first or finding.page, message_zh=zh, message_en=en, places=tuple(unique))


def _store_result(report, report_node, raw, result, finding: Finding, g, shp, minter: Minter) -> None:
    B = terms(minter)
    report.add((report_node, SH.result, result))
    for p, o in raw.predicate_objects(result):
        if p in (SH.resultMessage, SH.resultSeverity):
            continue
        report.add((result, p, o))
    report.add((result, SH.resultSeverity, SH[finding.severity]))
    if finding.message_zh:
        report.add((result, SH.resultMessage, Literal(finding.message_zh, lang="zh")))
    if finding.message_en:
        report.add((result, SH.resultMessage, Literal(finding.message_en, lang="en")))
    report.add((result, shp.rule, Literal(finding.rule)))
    if finding.values:
        report.add((result, shp.values, Literal(json.dumps(dict(finding.values), ensure_ascii=False), datatype=RDF.JSON)))
    node = raw.value(result, SH.value) or raw.value(result, SH.focusNode)
    _, _, _, _, tnode = _locate(g, node, minter)
    if finding.table and finding.claim:
        tnode = _table_node(g, node, finding.table, minter)  # the table the claim was compared with
    if tnode is not None:
        report.add((result, B.inTable, tnode))
    if finding.code:
        report.add((result, B.code, Literal(finding.code)))
    if finding.measure:
        report.add((result, B.measure, URIRef(minter.concept("measure", finding.measure))))
    if finding.page is not None:
        report.add((result, B.page, Literal(finding.page, datatype=XSD.integer)))
    for page, _ in finding.places:
        if page:
            report.add((result, B.page, Literal(page, datatype=XSD.integer)))
    report.add((result, shp.category, Literal(finding.category)))
