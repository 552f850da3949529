"""Extraction: a budget disclosure PDF → the document model (``budget_lod.model``). Never imports rdflib."""
