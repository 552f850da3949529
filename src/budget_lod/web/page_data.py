"""Small helpers every page builder shares: IRI tails, amounts as printed, PDF links, column labels, a
resource's amounts and query rows as plain values."""

from __future__ import annotations

from decimal import Decimal

import rdflib

from budget_lod.model.amounts import UNIT_FACTORS
from budget_lod.web import labels
from budget_lod.web.queries import value
from budget_lod.web.site import SiteData


def last_segment(iri: str | None) -> str:
    return (iri or "").rstrip("/").rsplit("/", 1)[-1]


def shown(amount: Decimal | None, printed: str | None, unit: str | None) -> str:
    """An amount as the table printed it; else its value in 元 converted to ``unit``, with separators."""
    if printed:
        return printed
    if amount is None:
        return ""
    q = (Decimal(amount) / UNIT_FACTORS.get(unit or "元", Decimal(1))).quantize(Decimal("0.01"))
    return f"{q:,}"


def source_link(sha: str | None, page: int | None = None) -> str | None:
    if not sha:
        return None
    return f"/sources/{sha}.pdf" + (f"#page={page}" if page else "")


def measure_label(s: SiteData, measure_iri: str, printed: str | None = None) -> tuple[str, str]:
    """(中文, English) for a column: the printed header first, then the code list, then the slug."""
    slug = last_segment(measure_iri)
    zh = printed or s.concept_label(measure_iri, "zh") or labels.MEASURE_LABELS.get(slug, (slug,))[0]
    en = s.concept_label(measure_iri, "en") or labels.MEASURE_LABELS.get(slug, ("", slug))[1]
    return zh, en


def table_label(s: SiteData, kind_iri: str | None, title: str | None) -> tuple[str, str]:
    slug = last_segment(kind_iri)
    zh, en = labels.TABLE_LABELS.get(slug, (None, slug))
    return (title or s.concept_label(kind_iri, "zh") or zh or slug, s.concept_label(kind_iri, "en") or en)


def phase_of(row: dict, own: str) -> str:
    """The phase slug of a query row's amount (``?phase``); ``own`` (the document's) where none is stated."""
    return last_segment(value(row, "phase")) or own


def own_phase(iri: str, base: str) -> str:
    """The phase of a document's own figures from its IRI: ``final`` inside final accounts, else ``budget``."""
    return "final" if iri.startswith(f"{base}id/final-accounts/") else "budget"


def item_amounts(s: SiteData, item: rdflib.URIRef) -> list[dict]:
    """The amounts of a line item or project, one per measure and phase, in the usual column order (the
    document's own phase last, as a 决算 prints 年初预算数 | 全年预算数 | 决算数), read from its document graph."""
    out = []
    own = own_phase(str(item), s.base)
    for r in s.select("web_item_amounts", item=item, graph=s.graph_of(str(item))):
        m = value(r, "measure")
        yuan = Decimal(value(r, "amount"))
        zh, en = measure_label(s, m)
        phase = phase_of(r, own)
        precision = value(r, "precision")
        out.append({"measure": last_segment(m), "label": zh, "en": en, "yuan": yuan, "phase": phase,
                    "phaseLabel": labels.PHASE_LABELS.get(phase, (phase, phase)), "own": phase == own,
                    "precision": Decimal(precision) if precision is not None else None,
                    "shown": shown(yuan, value(r, "printed"), value(r, "printedUnit")),
                    "unit": value(r, "printedUnit") or "元", "page": value(r, "page"), "obs": value(r, "obs")})
    order = tuple(labels.MEASURE_LABELS)
    phases = tuple(p for p in labels.PHASE_ORDER if p != own) + (own,)
    return sorted(out, key=lambda a: (phases.index(a["phase"]) if a["phase"] in phases else len(phases),
                                      order.index(a["measure"]) if a["measure"] in order else len(order), a["measure"]))


def first(rows: list[dict]) -> dict:
    """The first query row as plain Python values (``{}`` for none)."""
    return {k: value(rows[0], k) for k in rows[0]} if rows else {}


def plain(rows: list[dict]) -> list[dict]:
    """Query rows as plain Python values."""
    return [{k: value(r, k) for k in r} for r in rows]
