"""Stores: a small interface (``base.Store``), the embedded Oxigraph store, and a remote SPARQL server."""
