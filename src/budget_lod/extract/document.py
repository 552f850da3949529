"""``extract_document(path) -> Document``: one budget disclosure PDF read into the document model.

Steps: open the PDF (clear errors for unreadable input) → locate the standard tables → read their
metadata → build each table → narrative claims/notes/toc and projects (``extract.narrative``,
``extract.projects``) → list the mandated tables found neither filled nor declared empty.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from budget_lod.extract.locate import locate_tables
from budget_lod.extract.metadata import read_metadata
from budget_lod.extract.pages import PageView
from budget_lod.extract.pdf import not_a_disclosure, open_pdf
from budget_lod.extract.tables import build_table
from budget_lod.model.document import MANDATED_TABLES, Claim, Document, Table
from budget_lod.specs.layout import Layout, load_layout, norm


def extract_document(path: str | Path, layout: Layout | None = None) -> Document:
    """Read every standard table, the metadata, narrative and projects of the disclosure at ``path``.

    Raises :class:`~budget_lod.errors.InputError` for a file that is not a PDF, is encrypted, truncated or
    corrupt, has no text layer, or carries none of the standard table titles.
    """
    layout = layout or load_layout()
    with open_pdf(path) as pdf:
        drafts = locate_tables(pdf.pages, layout)
        if not drafts:
            raise not_a_disclosure(pdf.source)
        meta = read_metadata(pdf.pages, drafts, layout)
        tables = tuple(build_table(d, layout, meta.unit) for d in drafts)
        claims, notes, toc = _narrative(pdf.pages, meta.unit, drafts)
        claims = _resolve_codes(claims, tables)
        projects = _projects(pdf.pages)
        page_count = len(pdf.pages)
        sha = pdf.sha256
    return Document(
        source=Path(path).name,
        sha256=sha,
        page_count=page_count,
        department=meta.department,
        department_code=meta.department_code,
        region=meta.region,
        fiscal_year=meta.fiscal_year,
        scope=meta.scope,
        tables=tables,
        projects=projects,
        claims=claims,
        notes=notes,
        toc=toc,
        missing_tables=missing_tables(tables, layout, claims, meta.fiscal_year),
        layout=layout.name,
    )


def missing_tables(tables: Sequence[Table], layout: Layout, claims: Sequence[Claim] = (),
                   fiscal_year: int | None = None) -> tuple[str, ...]:
    """Mandated kinds neither present nor declared empty. A table is present when it holds a figure, or is
    printed with its column headers (an empty table printed is a table of no figures), and declared empty by a
    note under it (``空表``, ``本部门无相关收支项目``) or by the narrative stating its subject as zero (a family
    that prints no 国有资本经营预算 table says ``国有资本经营预算收入为0万元``: the table kind's ``empty_claims``). A kind
    the template added later (``mandated_from``) is not missing from an earlier year's disclosure."""
    present = {t.kind for t in tables
               if not t.empty or t.columns or (t.note and layout.empty_note.search(norm(t.note)))}
    zero = {c.kind for c in claims if c.amount is not None and c.amount.yuan == 0}
    present |= {spec.kind for spec in layout.tables if zero & set(spec.empty_claims)}
    not_yet = {spec.kind for spec in layout.tables
               if spec.mandated_from and fiscal_year and fiscal_year < spec.mandated_from}
    return tuple(k for k in MANDATED_TABLES if k not in present and k not in not_yet)


def _narrative(pages: Sequence[PageView], unit: str, drafts):
    from budget_lod.extract.narrative import extract_narrative

    areas: dict[int, list[tuple[float, float, float, float]]] = {}
    for d in drafts:  # the located tables' grids: their lines are cells, not sentences (ruled or not)
        for g in d.grids:
            areas.setdefault(g.page, []).append(g.bbox)
    return extract_narrative(pages, unit, areas)


def _resolve_codes(claims, tables):
    from budget_lod.extract.narrative import resolve_claim_codes

    return resolve_claim_codes(claims, tables)


def _projects(pages: Sequence[PageView]):
    from budget_lod.extract.projects import extract_projects

    return extract_projects(pages)
