"""The registry of representations: media types and suffixes → how to render a resource.

One table (rdflib ``plugin.py`` habit): each :class:`Format` names its media type, the file suffix that
selects it in a URL, and the rdflib serializer that writes it (``None`` for HTML, rendered by templates).
Negotiation takes the suffix first, then the ``Accept`` header, in the server's order of preference.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept


@dataclass(frozen=True)
class Format:
    name: str  # short name, also the key in this registry
    media_type: str
    suffix: str | None  # ".ttl" … (None: only reachable by Accept)
    serializer: str | None  # rdflib serializer name; None for HTML
    label: str
    aliases: tuple[str, ...] = ()  # other media types that mean the same


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("html", "text/html", ".html", None, "HTML", ("application/xhtml+xml",)),
        Format("turtle", "text/turtle", ".ttl", "turtle", "Turtle", ("application/x-turtle",)),
        Format("jsonld", "application/ld+json", ".jsonld", "json-ld", "JSON-LD"),
        Format("nt", "application/n-triples", ".nt", "nt", "N-Triples"),
        Format("rdfxml", "application/rdf+xml", ".rdf", "xml", "RDF/XML", ("application/xml", "text/xml")),
    )
}

# what a resource document offers, in the server's order of preference for `*/*`
DOC_FORMATS: tuple[str, ...] = ("html", "turtle", "jsonld", "nt", "rdfxml")
# what machine-first resources (catalog, VoID, vocabularies) offer: RDF first, HTML last
DATA_FORMATS: tuple[str, ...] = ("turtle", "rdfxml", "jsonld", "nt", "html")

BY_SUFFIX: dict[str, Format] = {f.suffix: f for f in FORMATS.values() if f.suffix}


def split_suffix(path: str) -> tuple[str, Format | None]:
    """``"a/b.ttl"`` → ``("a/b", turtle)``; a path without a known suffix → ``(path, None)``."""
    for suffix, fmt in BY_SUFFIX.items():
        if path.endswith(suffix):
            return path[: -len(suffix)], fmt
    return path, None


def negotiate(accept: MIMEAccept, offered: tuple[str, ...]) -> Format | None:
    """The best of ``offered`` (format names, in preference order) for an Accept header, or None (406).

    No Accept header means anything goes: the first offered format.
    """
    if not accept:
        return FORMATS[offered[0]]
    candidates: list[str] = []
    owner: dict[str, Format] = {}
    for name in offered:
        fmt = FORMATS[name]
        for mt in (fmt.media_type, *fmt.aliases):
            candidates.append(mt)
            owner.setdefault(mt, fmt)
    best = accept.best_match(candidates)
    return owner[best] if best else None
