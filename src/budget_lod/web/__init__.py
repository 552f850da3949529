"""The public web site: linked data, HTML pages, the DCAT catalog, VoID and dumps (and the SPARQL endpoint).

``create_app(config)`` builds the Flask app; ``serve(settings)`` runs it on a production WSGI server.
"""

from __future__ import annotations

from budget_lod.web.app import create_app
from budget_lod.web.serve import serve

__all__ = ["create_app", "serve"]
