"""The bundled sample disclosure: Hebei figures rendered into a realistic budget-disclosure PDF.

``write_sample_pdf(path)`` renders the 平乡县人民政府办公室 2025年部门预算 figures (kept in this package's
data file, amounts in 万元) into an A4 PDF with a Chinese text layer, ruled tables, a narrow code column
whose 7-digit codes wrap, a table continued over a page break with its header repeated, and page numbers.
``load_figures()`` returns the same figures as plain dicts with ``Decimal`` amounts, so tests can compare
an extraction of the PDF against them; ``sample_layout()`` says on which page each table, row and
project lands. The README demo uses it, so a fresh clone needs no corpus.
"""

from budget_lod.sample.families.hebei import sample_layout, write_sample_pdf
from budget_lod.sample.families.hebei_data import load_figures, load_raw

__all__ = ["load_figures", "load_raw", "sample_layout", "write_sample_pdf"]
