"""Exports for the open-fiscal-data world: one flat CSV of every amount, described twice.

* :mod:`budget_lod.export.columns` — the CSV's columns as data: name, titles, types, and how each maps to
  the Fiscal Data Package model and to RDF (CSVW).
* :mod:`budget_lod.export.amounts` — reads the store (through the store interface, named queries only) and
  yields one CSV row per amount of every table line item, budget by budget, in bounded memory.
* :mod:`budget_lod.export.fdp` — the ``datapackage.json`` of a Fiscal Data Package (0.3: ``model`` with
  measures and dimensions) over that CSV.
* :mod:`budget_lod.export.csvw` — the ``…csv-metadata.json`` (W3C CSV on the Web) that turns the same CSV
  back into the graph's observations, line items, tables and budgets.
* :mod:`budget_lod.export.package` — writes a whole package to a directory (``budget-lod export --format fdp``).

The per-budget CSV served under ``/dumps/`` is this CSV, so one file serves spreadsheets, OpenSpending-style
tools (through the FDP descriptor) and RDF tools (through the CSVW metadata).
"""
