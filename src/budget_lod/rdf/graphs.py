"""The named graphs of one document: its content graph and its validation-report graph."""

from __future__ import annotations

from budget_lod.model.document import Document
from budget_lod.rdf.iri import Minter


def budget_iri(doc: Document, minter: Minter) -> str:
    """The budget (or final accounts) the document discloses (department × fiscal year × scope × kind)."""
    return minter.budget(doc.department, doc.department_code, doc.fiscal_year, doc.scope, doc.kind)


def document_graph_iri(doc: Document, minter: Minter) -> str:
    """The named graph holding the document's triples (replaced whole on re-ingest)."""
    return minter.document_graph(doc.department, doc.department_code, doc.fiscal_year, doc.scope, doc.kind)


def report_graph_iri(doc: Document, minter: Minter) -> str:
    """The named graph holding the document's SHACL validation report."""
    return minter.report_graph(doc.department, doc.department_code, doc.fiscal_year, doc.scope, doc.kind)
