"""budget-lod: Chinese government budget disclosures (部门预算公开) as linked open data.

The pipeline, one way: specs → extract → model → rdf → validate → store → web, driven by ``cli``.
"""

__version__ = "0.1.0"
