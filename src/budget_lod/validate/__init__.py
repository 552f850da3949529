"""Validation: SHACL shapes (``shapes/``) run with pyshacl, results as findings, text and JSON renderings."""

from budget_lod.validate.findings import Finding, Outcome
from budget_lod.validate.run import validate_graph
from budget_lod.validate.text import format_json, format_text

__all__ = ["Finding", "Outcome", "validate_graph", "format_text", "format_json"]
