"""Extraction: a budget disclosure PDF → the document model (``budget_lod.model``). Never imports rdflib.

Public entry point: :func:`extract_document`.
"""

from budget_lod.extract.document import extract_document

__all__ = ["extract_document"]
