"""The registry of generated test disclosures: every family's variants by name, and rendering one to PDF.

Each :class:`~budget_lod.sample.truth.Variant` carries its own synthetic figures (consistent by
construction: parent = Σ children, 合计 = 基本 + 项目 = 人员 + 公用, the same figures across tables), its
metadata and a layout unlike the bundled Hebei sample; laying it out yields the expected truth — every amount
in 元 with the page it is printed on, the empty and the missing tables. The layouts live one family to a
module in :mod:`budget_lod.sample.families`.

``write_variant(name, path)`` renders one to PDF (deterministic bytes, well under a second);
``VARIANTS`` maps each name to its variant.
"""

from __future__ import annotations

from pathlib import Path

from budget_lod.sample.families import basic_split, county, mof, plain, shanghai
from budget_lod.sample.truth import Variant

FAMILIES = (shanghai, mof, county, basic_split, plain)

VARIANTS: dict[str, Variant] = {v.name: v for family in FAMILIES for v in family.VARIANTS}

__all__ = ["FAMILIES", "VARIANTS", "Variant", "write_variant"]


def write_variant(name: str, path: str | Path) -> Path:
    """Render the variant ``name`` (a key of :data:`VARIANTS`) to ``path`` (parents created); return it."""
    try:
        variant = VARIANTS[name]
    except KeyError:
        raise ValueError(f"unknown variant {name!r} (known: {', '.join(VARIANTS)})") from None
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    variant.rendered.builder.write(str(out), title=f"{variant.department}{variant.fiscal_year}年预算")
    return out
