"""The registry of generated test disclosures: every family's variants by name, and rendering one to PDF.

Each :class:`~budget_lod.sample.truth.Variant` carries its own synthetic figures (consistent by
construction: parent = Σ children, 合计 = 基本 + 项目 = 人员 + 公用, the same figures across tables), its
metadata and a layout unlike the bundled Hebei sample; laying it out yields the expected truth — every amount
in 元 with the page it is printed on, the empty and the missing tables. The layouts live one family to a
module in :mod:`budget_lod.sample.families`.

``write_variant(name, path)`` renders one to PDF (deterministic bytes, well under a second);
``VARIANTS`` maps each name to its budget variant; ``NATIONAL`` names those on the national template (nine
mandated tables), ``PROVINCIAL`` those on the provincial one (the Jiangsu family's twelve tables).
``FINAL_VARIANTS`` maps the final-accounts (部门决算) variants by name (``FINAL``: their names); they are kept
apart from the budgets, whose checks do not apply to them. Matching budget / final-accounts pairs:
:mod:`budget_lod.sample.pairs`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from budget_lod.sample.families import basic_split, county, final, hebei_like, jiangsu, mof, plain, shanghai
from budget_lod.sample.truth import MAIN, Variant

FAMILIES = (hebei_like, shanghai, mof, county, basic_split, plain, jiangsu)
FINAL_FAMILIES = (final,)  # families of final accounts (部门决算)
PROVINCIAL_FAMILIES = frozenset({"jiangsu"})  # families of the provincial template (its own twelve tables)

VARIANTS: dict[str, Variant] = {
    v.name: replace(v, family=getattr(module, "FAMILY", module.__name__.rsplit(".", 1)[-1]))
    for module in FAMILIES for v in module.VARIANTS}
NATIONAL = tuple(sorted(n for n, v in VARIANTS.items() if v.family not in PROVINCIAL_FAMILIES))
PROVINCIAL = tuple(sorted(n for n, v in VARIANTS.items() if v.family in PROVINCIAL_FAMILIES))
FINAL_VARIANTS: dict[str, Variant] = {v.name: v for module in FINAL_FAMILIES for v in module.VARIANTS}
FINAL = tuple(sorted(FINAL_VARIANTS))

__all__ = ["FAMILIES", "FINAL", "FINAL_FAMILIES", "FINAL_VARIANTS", "NATIONAL", "PROVINCIAL", "PROVINCIAL_FAMILIES",
           "VARIANTS", "Variant", "write_variant"]


def write_variant(name: str, path: str | Path) -> Path:
    """Render the variant ``name`` (a key of :data:`VARIANTS` or :data:`FINAL_VARIANTS`) to ``path`` (parents
    created); return the path of its main file (a two-file disclosure writes ``<stem>.tables.pdf`` and
    ``<stem>.narrative.pdf``)."""
    variant = VARIANTS.get(name) or FINAL_VARIANTS.get(name)
    if variant is None:
        raise ValueError(f"unknown variant {name!r} (known: {', '.join([*VARIANTS, *FINAL_VARIANTS])})")
    return variant.write(path)[MAIN]
