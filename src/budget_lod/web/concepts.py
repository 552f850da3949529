"""Classification codes (功能/经济分类) as pages show them: a code's path up to its 类 and the codes under it,
from the store's statistics when it keeps them (else by a query over the code lists the documents state)."""

from __future__ import annotations

import rdflib

from budget_lod.web import labels, listing
from budget_lod.web.queries import value
from budget_lod.web.site import SiteData


def concepts(rows: list[dict]) -> list[dict]:
    """Concept rows (one per label seen) → one per concept, shortest code first (类 → 款 → 项)."""
    seen: dict[str, dict] = {}
    for r in rows:
        c = seen.setdefault(value(r, "concept"), {"iri": value(r, "concept"), "notation": value(r, "notation") or "",
                                                  "label": value(r, "label")})
        c["label"] = c["label"] or value(r, "label")
    out = sorted(seen.values(), key=lambda c: (len(c["notation"]), c["notation"]))
    for c in out:
        c["level"] = labels.LEVEL_LABELS.get(labels.level_of(c["notation"]), ("", ""))
    return out


def known_concepts(stats, iris: list[str]) -> list[dict]:
    """The same entries as :func:`concepts`, from the code concepts the store's statistics merge."""
    rows = [{"concept": rdflib.URIRef(i), "notation": rdflib.Literal(stats.concepts[i].notation),
             **({"label": rdflib.Literal(stats.concepts[i].label)} if stats.concepts[i].label else {})}
            for i in iris if i in stats.concepts]
    return concepts(rows)


def concept_path(s: SiteData, concept: str) -> list[dict]:
    """A code and its broader codes (类 → 款 → 项), from the statistics when the store keeps them."""
    stats = listing.statistics(s)
    if stats is not None and concept in stats.concepts:
        return known_concepts(stats, stats.path(concept))
    return concepts(s.select("web_concept_path", concept=rdflib.URIRef(concept)))


def narrower_concepts(s: SiteData, concept: str) -> list[dict]:
    """The codes directly under a code, from the statistics when the store keeps them."""
    stats = listing.statistics(s)
    if stats is not None:
        return known_concepts(stats, stats.narrower.get(concept, []))
    return concepts(s.select("web_concept_narrower", concept=rdflib.URIRef(concept)))
