"""Template families of generated disclosures: one module per way a region lays the budget tables out.

Each family module exports ``VARIANTS``, a tuple of :class:`~budget_lod.sample.truth.Variant` (its layouts
with their figures and metadata); :mod:`budget_lod.sample.variants` collects them into the registry.
:mod:`~budget_lod.sample.families.hebei` is the bundled Hebei sample, rendered from a data file.
"""
