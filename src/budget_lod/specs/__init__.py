"""Layouts of the standard tables as data (``tables*.toml``) and their loader (:mod:`budget_lod.specs.layout`)."""
