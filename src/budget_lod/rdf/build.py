"""Document model → RDF: one document's named-graph content under the budget-lod ontology.

Deterministic: the same :class:`Document` always gives the same triples (IRIs from :class:`Minter`,
blank nodes only for columns and narrative notes). Every amount is a ``qb:Observation`` in the
budget's ``qb:DataSet`` (structure ``bud:structure``): ``bud:amount`` in 元 as ``xsd:decimal``, with the
printed text, printed unit, printed precision in 元 (for rounding tolerances) and page as attributes,
and ``prov:wasDerivedFrom`` the source document. Classification codes seen become SKOS concepts
(``skos:broader`` 项 → 款 → 类) labelled with the names seen.
"""

from __future__ import annotations

import re
from decimal import Decimal

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from budget_lod.model.amounts import precision_of
from budget_lod.model.document import Amount, Claim, Document, Indicator, Project, Reading, Row, Table
from budget_lod.rdf import codes
from budget_lod.rdf.graphs import budget_iri
from budget_lod.rdf.iri import Minter
from budget_lod.rdf.vocab import ORG, PROV, QB, terms

SCHEME_LABELS = {
    "functional": ("支出功能分类科目", "functional classification of expenditure"),
    "economic": ("部门预算支出经济分类科目", "economic classification of expenditure"),
}


def _name_of_class(header: str | None) -> str | None:
    """A column header naming an economic 类 (``301工资福利支出``, ``工资福利支出(301)``) without its code."""
    if not header:
        return None
    name = re.sub(r"^\d+|[(（]\d+[)）]$", "", header).strip()
    return name or None


def decimal_literal(value: Decimal) -> Literal:
    """An ``xsd:decimal`` literal in plain positional notation (never ``1E+2``), always with a point
    (``95.0``, as Turtle writes it, so that graphs round-trip exactly)."""
    text = format(value, "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _parent_code(scheme: str, code: str) -> str | None:
    """类 of a 款, 款 of a 项: functional 3/5/7 digits, economic 3/5 digits."""
    if not code.isdigit():
        return None
    cut = {5: 3, 7: 5}.get(len(code))
    if cut is None or (scheme == "economic" and len(code) == 7):
        return None
    return code[:cut]


class _Builder:
    def __init__(self, doc: Document, minter: Minter):
        self.doc = doc
        self.m = minter
        self.B = terms(minter)
        self.g = rdflib.Graph()
        for prefix, ns in (
            ("bud", minter.vocab), ("qb", QB), ("skos", SKOS), ("prov", PROV), ("org", ORG), ("dcterms", DCTERMS),
        ):
            self.g.bind(prefix, ns)
        self.budget = URIRef(budget_iri(doc, minter))
        self.source = URIRef(Minter.source(str(self.budget)))
        self.dataset = URIRef(Minter.dataset(str(self.budget)))
        self.concept_labels: dict[str, str] = {}
        self.minted_measures: set[str] = set()

    def add(self, s, p, o) -> None:
        if o is not None:
            self.g.add((s, p, o))

    # ------------------------------------------------------------------ top level
    def build(self) -> rdflib.Graph:
        doc, B, g = self.doc, self.B, self.g
        dept = URIRef(self.m.department(doc.department, doc.department_code))
        g.add((dept, RDF.type, B.Department))
        g.add((dept, RDF.type, ORG.Organization))
        g.add((dept, RDFS.label, Literal(doc.department, lang="zh")))
        if doc.department_code:
            g.add((dept, B.departmentCode, Literal(doc.department_code)))
        if doc.region:
            g.add((dept, B.region, Literal(doc.region, lang="zh")))

        b = self.budget
        final = doc.kind == "final_accounts"
        scope_zh = ("部门" if doc.scope == "department" else "单位") + ("决算" if final else "预算")
        g.add((b, RDF.type, B.FinalAccounts if final else B.Budget))
        g.add((b, B.documentKind, URIRef(self.m.concept("document-kind", doc.kind))))
        g.add((b, RDFS.label, Literal(f"{doc.department} {doc.fiscal_year}年{scope_zh}", lang="zh")))
        g.add((b, B.department, dept))
        g.add((b, B.fiscalYear, Literal(doc.fiscal_year, datatype=XSD.integer)))
        g.add((b, B.scope, Literal(doc.scope)))
        g.add((b, B.sourceDocument, self.source))
        g.add((b, B.dataSet, self.dataset))
        if doc.layout:
            g.add((b, B.layout, Literal(doc.layout)))
        for entry in doc.toc:
            g.add((b, B.tocEntry, Literal(entry, lang="zh")))
        for kind in doc.missing_tables:
            g.add((b, B.lacksTable, URIRef(codes.table_kind_concept(self.m, kind))))

        s = self.source
        g.add((s, RDF.type, B.SourceDocument))
        g.add((s, RDF.type, PROV.Entity))
        g.add((s, B.fileName, Literal(doc.source)))
        g.add((s, B.sha256, Literal(doc.sha256)))
        g.add((s, B.pageCount, Literal(doc.page_count, datatype=XSD.integer)))

        if doc.narrative_file is not None:
            n = URIRef(f"{s}/narrative")
            g.add((b, B.narrativeDocument, n))
            g.add((n, RDF.type, B.SourceDocument))
            g.add((n, RDF.type, PROV.Entity))
            g.add((n, B.fileName, Literal(doc.narrative_file.name)))
            g.add((n, B.sha256, Literal(doc.narrative_file.sha256)))
            g.add((n, B.pageCount, Literal(doc.narrative_file.page_count, datatype=XSD.integer)))
        for note in doc.unread:
            g.add((b, B.unreadText, Literal(f"p{note.page} {note.kind}: {note.text}", lang="zh")))

        ds = self.dataset
        g.add((ds, RDF.type, QB.DataSet))
        g.add((ds, QB.structure, B.structure))
        g.add((ds, RDFS.label, Literal(f"{doc.department} {doc.fiscal_year}年{scope_zh}金额", lang="zh")))
        g.add((ds, PROV.wasDerivedFrom, s))

        seen_kinds: dict[str, int] = {}
        for table in doc.tables:
            n = seen_kinds[table.kind] = seen_kinds.get(table.kind, 0) + 1
            self.table(table, table.kind if n == 1 else f"{table.kind}-{n}")
        seen_projects: dict[str, int] = {}
        for project in doc.projects:
            n = seen_projects[project.code] = seen_projects.get(project.code, 0) + 1
            self.project(project, project.code if n == 1 else f"{project.code}-{n}")
        for i, claim in enumerate(doc.claims, start=1):
            self.claim(claim, i)
        for note in doc.notes:
            node = BNode()
            g.add((b, B.hasNote, node))
            g.add((node, RDF.type, B.Note))
            g.add((node, B.text, Literal(note.text, lang="zh")))
            g.add((node, B.page, Literal(note.page, datatype=XSD.integer)))
            g.add((node, B.noteKind, Literal(note.kind)))
        return g

    # ------------------------------------------------------------------ tables
    def table(self, table: Table, key: str) -> None:
        B, g = self.B, self.g
        t = URIRef(Minter.table(str(self.budget), key))
        g.add((self.budget, B.hasTable, t))
        g.add((t, RDF.type, B.Table))
        g.add((t, B.inBudget, self.budget))
        g.add((t, B.tableKind, URIRef(codes.table_kind_concept(self.m, table.kind))))
        g.add((t, DCTERMS.title, Literal(table.title, lang="zh")))
        g.add((t, B.unit, URIRef(codes.unit_concept(self.m, table.unit))))
        for p in table.pages:
            g.add((t, B.page, Literal(p, datatype=XSD.integer)))
        g.add((t, B.declaredEmpty, Literal(bool(table.empty))))
        if table.note:
            g.add((t, B.tableNote, Literal(table.note, lang="zh")))
        if table.reading is not None:
            self.reading(t, key, table.reading)
        for pos, measure in enumerate(table.measures, start=1):
            col = BNode()
            g.add((t, B.column, col))
            g.add((col, RDF.type, B.Column))
            g.add((col, B.columnMeasure, self.measure(measure, table.measure_labels.get(measure))))
            g.add((col, B.position, Literal(pos, datatype=XSD.integer)))
            if measure in table.measure_labels:
                g.add((col, RDFS.label, Literal(table.measure_labels[measure], lang="zh")))
        seen: dict[tuple[str, str], int] = {}
        for pos, row in enumerate(table.rows, start=1):
            n = seen[(row.scheme, row.code)] = seen.get((row.scheme, row.code), 0) + 1
            self.row(t, row, row.code if n == 1 else f"{row.code}-{n}", table.measure_labels, pos)

    def reading(self, t: URIRef, key: str, reading: Reading) -> None:
        """How the table was read, and the checks its reading failed (each a node of its own)."""
        B, g = self.B, self.g
        g.add((t, B.readingStatus, Literal(reading.status)))
        g.add((t, B.readingStrategy, Literal(reading.strategy)))
        g.add((t, B.figuresPrinted, Literal(reading.numbers_printed, datatype=XSD.integer)))
        g.add((t, B.figuresRead, Literal(reading.numbers_read, datatype=XSD.integer)))
        for n, check in enumerate(reading.problems, start=1):
            c = URIRef(f"{t}/reading/{n}")
            g.add((t, B.readingCheck, c))
            g.add((c, RDF.type, B.ReadingCheck))
            g.add((c, B.checkKind, Literal(check.kind)))
            g.add((c, B.checkDetail, Literal(check.detail)))
            self.add(c, B.code, Literal(check.code) if check.code else None)
            if check.measure:
                g.add((c, B.columnMeasure, self.measure(check.measure, None)))
            if check.printed is not None:
                g.add((c, B.statedAmount, decimal_literal(check.printed)))
            if check.computed is not None:
                g.add((c, B.computedAmount, decimal_literal(check.computed)))
            if check.page is not None:
                g.add((c, B.page, Literal(check.page, datatype=XSD.integer)))

    def row(self, t: URIRef, row: Row, key: str, labels, position: int) -> None:
        """One line item; ``position`` is its printed order in the table (from 1; two-sided summary tables
        read line by line, left cell before right)."""
        B, g = self.B, self.g
        li = URIRef(Minter.line_item(str(t), row.scheme, key))
        g.add((li, RDF.type, B.LineItem))
        g.add((li, B.inTable, t))
        g.add((li, B.position, Literal(position, datatype=XSD.integer)))
        g.add((li, B.scheme, Literal(row.scheme)))
        g.add((li, B.code, Literal(row.code)))
        g.add((li, RDFS.label, Literal(row.name, lang="zh")))
        g.add((li, B.page, Literal(row.page, datatype=XSD.integer)))
        if row.number is not None:
            g.add((li, B.rowNumber, Literal(row.number, datatype=XSD.integer)))
        concept = None
        if row.scheme in SCHEME_LABELS and row.level is not None:
            g.add((li, B.level, Literal(row.level, datatype=XSD.integer)))
            concept = self.concept(row.scheme, row.code, row.name)
            g.add((li, B.classification, concept))
        own = self.doc.phase
        for phase, amounts in ((own, row.amounts), *row.phases.items()):
            for measure, amount in amounts.items():
                obs = self.observation(li, measure, amount, labels.get(measure), phase)
                g.add((obs, B.inTable, t))
                if concept is not None:
                    g.add((obs, B.classification, concept))

    def observation(self, item: URIRef, measure: str, amount: Amount, label: str | None = None,
                    phase: str | None = None) -> URIRef:
        """One amount; ``phase`` defaults to the document's own (a budget's, or final accounts' 决算数)."""
        B, g = self.B, self.g
        phase = phase or self.doc.phase
        obs = URIRef(Minter.observation(str(item), measure, None if phase == self.doc.phase else phase))
        g.add((obs, RDF.type, QB.Observation))
        g.add((obs, QB.dataSet, self.dataset))
        g.add((obs, B.item, item))
        g.add((obs, B.measure, self.measure(measure, label)))
        g.add((obs, B.phase, URIRef(self.m.concept("phase", phase))))
        self.amount_attributes(obs, amount, B.amount)
        g.add((obs, PROV.wasDerivedFrom, self.source))
        return obs

    def amount_attributes(self, node, amount: Amount, value_property) -> None:
        B, g = self.B, self.g
        g.add((node, value_property, decimal_literal(amount.yuan)))
        g.add((node, B.printedValue, Literal(amount.printed)))
        g.add((node, B.printedUnit, Literal(amount.unit)))
        g.add((node, B.precisionYuan, decimal_literal(amount.precision_yuan)))
        g.add((node, B.page, Literal(amount.page, datatype=XSD.integer)))

    def measure(self, measure: str, label: str | None) -> URIRef:
        iri = codes.measure_concept(self.m, measure)
        node = URIRef(iri)
        if iri not in self.minted_measures and not codes.is_known(self.m, iri):
            self.minted_measures.add(iri)
            self.g.add((node, RDF.type, SKOS.Concept))
            self.g.add((node, RDF.type, self.B.Measure))
            self.g.add((node, SKOS.inScheme, URIRef(self.m.scheme("measure"))))
            self.g.add((node, SKOS.notation, Literal(measure)))
            self.g.add((node, SKOS.prefLabel, Literal(label or measure, lang="zh" if label else None)))
            classified = codes.measure_classification(measure)
            if classified is not None:  # a column per economic 类: the same category as the code concept
                self.g.add((node, SKOS.closeMatch, self.concept(*classified, _name_of_class(label))))
        return node

    def concept(self, scheme: str, code: str, name: str | None) -> URIRef:
        """The SKOS concept of a classification code, with its broader chain up to the 类."""
        iri = self.m.concept(scheme, code)
        node = URIRef(iri)
        g = self.g
        if iri not in self.concept_labels:
            self.concept_labels[iri] = ""
            scheme_iri = URIRef(self.m.scheme(scheme))
            if (scheme_iri, RDF.type, SKOS.ConceptScheme) not in g:
                zh, en = SCHEME_LABELS[scheme]
                g.add((scheme_iri, RDF.type, SKOS.ConceptScheme))
                g.add((scheme_iri, SKOS.prefLabel, Literal(zh, lang="zh")))
                g.add((scheme_iri, SKOS.prefLabel, Literal(en, lang="en")))
            g.add((node, RDF.type, SKOS.Concept))
            g.add((node, SKOS.inScheme, scheme_iri))
            g.add((node, SKOS.notation, Literal(code)))
            parent = _parent_code(scheme, code)
            if parent is None:
                g.add((node, SKOS.topConceptOf, scheme_iri))
                g.add((scheme_iri, SKOS.hasTopConcept, node))
            else:
                g.add((node, SKOS.broader, self.concept(scheme, parent, None)))
        if name:
            first = self.concept_labels[iri]
            if not first:
                self.concept_labels[iri] = name
                g.add((node, SKOS.prefLabel, Literal(name, lang="zh")))
            elif name != first:
                g.add((node, SKOS.altLabel, Literal(name, lang="zh")))
        return node

    # ------------------------------------------------------------------ projects
    def project(self, project: Project, key: str) -> None:
        B, g = self.B, self.g
        p = URIRef(Minter.project(str(self.budget), key))
        g.add((self.budget, B.hasProject, p))
        g.add((p, RDF.type, B.Project))
        g.add((p, B.inBudget, self.budget))
        g.add((p, B.code, Literal(project.code)))
        g.add((p, RDFS.label, Literal(project.name, lang="zh")))
        g.add((p, B.unit, URIRef(codes.unit_concept(self.m, project.unit))))
        for page in project.pages:
            g.add((p, B.page, Literal(page, datatype=XSD.integer)))
        if project.purpose:
            g.add((p, B.purpose, Literal(project.purpose, lang="zh")))
        if project.goals:
            g.add((p, B.goals, Literal(project.goals, lang="zh")))
        amounts = ([("amount", project.amount)] if project.amount is not None else [])
        amounts += list(project.funding.items()) + list(project.plan.items())
        for measure, amount in amounts:
            self.observation(p, measure, amount)
        for n, ind in enumerate(project.indicators, start=1):
            self.indicator(p, n, ind)

    def indicator(self, p: URIRef, n: int, ind: Indicator) -> None:
        B, g = self.B, self.g
        i = URIRef(Minter.indicator(str(p), n))
        g.add((p, B.indicator, i))
        g.add((i, RDF.type, B.Indicator))
        level1 = codes.level1_concept(self.m, ind.level1)
        level2 = codes.level2_concept(self.m, level1, ind.level2)
        for iri, name, broader in ((level1, ind.level1, None), (level2, ind.level2, level1)):
            if not codes.is_known(self.m, iri):
                node = URIRef(iri)
                g.add((node, RDF.type, SKOS.Concept))
                g.add((node, RDF.type, B.IndicatorLevel))
                g.add((node, SKOS.inScheme, URIRef(self.m.scheme("indicator-level"))))
                g.add((node, SKOS.prefLabel, Literal(name, lang="zh")))
                if broader:
                    g.add((node, SKOS.broader, URIRef(broader)))
        g.add((i, B.level1, URIRef(level1)))
        g.add((i, B.level2, URIRef(level2)))
        g.add((i, RDFS.label, Literal(ind.level3, lang="zh")))
        if ind.description:
            g.add((i, B.description, Literal(ind.description, lang="zh")))
        if ind.comparator:
            g.add((i, B.comparator, Literal(ind.comparator)))
        if ind.target:
            g.add((i, B.target, Literal(ind.target, lang="zh")))
        if ind.target_value is not None:
            g.add((i, B.targetValue, decimal_literal(ind.target_value)))
        if ind.target_unit:
            g.add((i, B.targetUnit, Literal(ind.target_unit)))
        if ind.basis:
            g.add((i, B.basis, Literal(ind.basis, lang="zh")))
        g.add((i, B.page, Literal(ind.page, datatype=XSD.integer)))

    # ------------------------------------------------------------------ narrative
    def claim(self, claim: Claim, n: int) -> None:
        B, g = self.B, self.g
        c = URIRef(Minter.claim(str(self.budget), n))
        g.add((self.budget, B.hasClaim, c))
        g.add((c, RDF.type, B.Claim))
        g.add((c, B.inBudget, self.budget))
        g.add((c, B.claimKind, URIRef(codes.figure_concept(self.m, claim.kind))))
        g.add((c, B.sentence, Literal(claim.sentence, lang="zh")))
        g.add((c, B.page, Literal(claim.page, datatype=XSD.integer)))
        if claim.file == "narrative":  # the page is in the narrative file of a two-file disclosure
            g.add((c, PROV.wasDerivedFrom, URIRef(f"{self.source}/narrative")))
        if claim.amount is not None:
            a = claim.amount
            g.add((c, B.statedAmount, decimal_literal(a.yuan)))
            g.add((c, B.printedValue, Literal(a.printed)))
            g.add((c, B.printedUnit, Literal(a.unit)))
        elif claim.current is not None or claim.base is not None:  # the unit the sentence's figures are in
            g.add((c, B.printedUnit, Literal((claim.current or claim.base).unit)))
        if claim.base is not None:
            g.add((c, B.baseAmount, decimal_literal(claim.base.yuan)))
            if claim.kind == "execution":  # the budget figure is printed with a precision of its own
                g.add((c, B.basePrecisionYuan, decimal_literal(claim.base.precision_yuan)))
        if claim.current is not None:
            g.add((c, B.currentAmount, decimal_literal(claim.current.yuan)))
        printed = next((a for a in (claim.amount, claim.current, claim.base) if a is not None), None)
        if printed is not None:
            g.add((c, B.precisionYuan, decimal_literal(printed.precision_yuan)))
        if claim.path:
            g.add((c, B.pathLeaf, Literal(claim.path[-1])))
            g.add((c, B.pathLevel, Literal(len(claim.path), datatype=XSD.integer)))
            if len(claim.path) > 1:
                g.add((c, B.pathParent, Literal(claim.path[-2])))
        if claim.count is not None:
            g.add((c, B["count"], Literal(claim.count, datatype=XSD.integer)))
        if claim.code:
            g.add((c, B.code, Literal(claim.code)))
        if claim.subject:
            g.add((c, B.subject, URIRef(codes.figure_concept(self.m, claim.subject))))
        if claim.direction:
            g.add((c, B.direction, Literal(claim.direction)))
        if claim.percent is not None:
            g.add((c, B.percent, decimal_literal(claim.percent)))
            g.add((c, B.percentPrecision, decimal_literal(precision_of(claim.percent))))
        if claim.base_year is not None:
            g.add((c, B.baseYear, Literal(claim.base_year, datatype=XSD.integer)))
        if claim.basis is not None:
            g.add((c, B.basis, Literal(claim.basis)))
        if claim.table:
            g.add((c, B.aboutTable, URIRef(codes.table_kind_concept(self.m, claim.table))))
        if claim.phase:  # an execution statement: which budget it is set against
            g.add((c, B.basePhase, URIRef(self.m.concept("phase", claim.phase))))
        if claim.reason:
            g.add((c, B.reason, Literal(claim.reason, lang="zh")))


def build_graph(doc: Document, minter: Minter) -> rdflib.Graph:
    """The document's named-graph content (deterministic: the same document gives the same triples)."""
    return _Builder(doc, minter).build()
