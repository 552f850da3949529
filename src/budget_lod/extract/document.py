"""``extract_document(source) -> Document``: one budget disclosure read into the document model.

Steps: open the PDF (clear errors for unreadable input) → locate the standard tables → read their
metadata → build each table → narrative claims/notes/toc and projects (``extract.narrative``,
``extract.projects``) → list the mandated tables found neither filled nor declared empty.

A disclosure published as two files (:class:`~budget_lod.extract.pairing.DisclosureFiles`: the tables PDF and
the narrative PDF) is read as one document: tables from the first, the narrative from both, every claim and
note marked with the file its page is in.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Sequence

from budget_lod.errors import InputError
from budget_lod.extract.checks import unread_notes
from budget_lod.extract.locate import locate_tables
from budget_lod.extract.metadata import cover_metadata, read_metadata
from budget_lod.extract.pages import PageView
from budget_lod.extract.pairing import DisclosureFiles
from budget_lod.extract.pdf import not_a_disclosure, open_pdf
from budget_lod.extract.tables import build_table
from budget_lod.model.document import MANDATED_TABLES, Claim, Document, SourceFile, Table
from budget_lod.specs.layout import Layout, load_layout, norm

NARRATIVE = "narrative"  # Claim.file / Note.file of what the separate narrative file says


def extract_document(source: str | Path | DisclosureFiles, layout: Layout | None = None) -> Document:
    """Read every standard table, the metadata, narrative and projects of the disclosure at ``source`` (a PDF,
    or the files of a two-file disclosure).

    Raises :class:`~budget_lod.errors.InputError` for a file that is not a PDF, is encrypted, truncated or
    corrupt, has no text layer, or carries none of the standard table titles; and for a narrative file whose
    cover names another year or scope than the tables.
    """
    layout = layout or load_layout()
    files = source if isinstance(source, DisclosureFiles) else DisclosureFiles(Path(source))
    with open_pdf(files.main) as pdf:
        drafts = locate_tables(pdf.pages, layout)
        if not drafts:
            raise _no_tables(pdf.source, pdf.pages, layout, paired=files.narrative is not None)
        meta = read_metadata(pdf.pages, drafts, layout)
        tables = tuple(build_table(d, layout, meta.unit, meta.kind) for d in drafts)
        claims, notes, toc = _narrative(pdf.pages, meta.unit, drafts, meta.kind)
        projects = _projects(pdf.pages)
        unread = unread_notes(pdf.pages, drafts, layout)
        page_count = len(pdf.pages)
        sha = pdf.sha256
    narrative_file = None
    if files.narrative is not None:
        with open_pdf(files.narrative) as npdf:
            _check_pairing(npdf.source, npdf.pages, files.main, meta, layout)
            n_claims, n_notes, n_toc = _narrative(npdf.pages, meta.unit, [], meta.kind)
            claims += tuple(replace(c, file=NARRATIVE) for c in n_claims)
            notes += tuple(replace(n, file=NARRATIVE) for n in n_notes)
            toc = toc or n_toc
            projects += _projects(npdf.pages)
            narrative_file = SourceFile(Path(files.narrative).name, npdf.sha256, len(npdf.pages))
    claims = _resolve_codes(claims, tables)
    return Document(
        source=Path(files.main).name,
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
        narrative_file=narrative_file,
        unread=unread,
        kind=meta.kind,
    )


def _no_tables(source: str, pages: Sequence[PageView], layout: Layout, paired: bool) -> InputError:
    """The error for a file without tables; a disclosure's narrative alone is told how to pair it."""
    cover = cover_metadata(pages, layout)
    if cover is not None and not paired:
        return InputError(source, "no standard table in this file: it reads as the narrative of a two-file "
                                  f"disclosure ({cover.department} {cover.fiscal_year}); give it together with its "
                                  "tables file (extract/validate TABLES.pdf --narrative THIS.pdf; ingest pairs the "
                                  "two files of a batch itself)")
    return not_a_disclosure(source)


def _check_pairing(source: str, pages: Sequence[PageView], main: Path, meta, layout: Layout) -> None:
    """A narrative file given with a tables file must be of the same year and scope, as its cover says."""
    cover = cover_metadata(pages, layout)
    if cover is None:
        return
    if cover.fiscal_year and meta.fiscal_year and cover.fiscal_year != meta.fiscal_year:
        raise InputError(source, f"the narrative is of {cover.fiscal_year}, its tables file {main} of "
                                 f"{meta.fiscal_year}: not the two files of one disclosure")
    if cover.scope != meta.scope:
        raise InputError(source, f"the narrative is a {cover.scope} disclosure, its tables file {main} a "
                                 f"{meta.scope} one: not the two files of one disclosure")


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


def _narrative(pages: Sequence[PageView], unit: str, drafts, kind: str = "budget"):
    from budget_lod.extract.narrative import extract_narrative

    areas: dict[int, list[tuple[float, float, float, float]]] = {}
    for d in drafts:  # the located tables' grids: their lines are cells, not sentences (ruled or not)
        for g in d.grids:
            areas.setdefault(g.page, []).append(g.bbox)
    return extract_narrative(pages, unit, areas, kind)


def _resolve_codes(claims, tables):
    from budget_lod.extract.narrative import resolve_claim_codes

    return resolve_claim_codes(claims, tables)


def _projects(pages: Sequence[PageView]):
    from budget_lod.extract.projects import extract_projects

    return extract_projects(pages)
