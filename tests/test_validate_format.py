"""The readable report and the ``--format json`` contract."""

from __future__ import annotations

import json

from rdf_hebei_sample import hebei_document

from budget_lod.rdf.build import build_graph
from budget_lod.rdf.iri import Minter
from budget_lod.validate import format_json, format_text, validate_graph

MINTER = Minter()


def test_text_and_json_reports():
    outcome = validate_graph(build_graph(hebei_document(), MINTER), MINTER)
    text = format_text(outcome)
    assert "procurement-included" in text and "文字称列入政府采购预算" in text and "procurement budget" in text
    assert "page 31" in text and "stated = 100000.00" in text
    data = json.loads(format_json("hebei.pdf", outcome))
    assert data["document"] == "hebei.pdf" and data["conforms"] is False
    result = data["results"][0]
    assert set(result) == {"rule", "severity", "table", "code", "measure", "page", "message_zh", "message_en", "values",
                           "category", "places"}
    assert result["category"] == "document" and not [r for r in data["results"] if r["category"] == "reading"]
    assert result["severity"] == "Violation" and result["page"] == 31
    # a finding on a narrative claim: the claim kind, its narrative page and the table it was compared with
    assert (result["rule"], result["table"], result["code"]) == ("procurement-included", "procurement", "procurement_included")
    assert "claim procurement_included, table procurement, page 31" in text
