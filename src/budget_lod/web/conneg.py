"""One render path: a resource's data once (an rdflib Graph), any registered format out.

:func:`represent` picks the format (suffix first, then ``Accept``; 406 when nothing offered fits),
serializes RDF through the registry in :mod:`formats` or calls the page's HTML renderer, and adds what
every representation carries: ``Vary: Accept``, ``Link`` headers to its alternates and an ETag honoured by
``If-None-Match`` (304).
"""

from __future__ import annotations

from typing import Callable

import rdflib
from flask import Response, abort, request

from budget_lod.web import formats, queries
from budget_lod.web.formats import FORMATS, Format


def choose(suffix_format: Format | None, offered: tuple[str, ...]) -> Format:
    """The format to serve: the URL's suffix if offered (else 404), otherwise the Accept header (else 406)."""
    if suffix_format is not None:
        if suffix_format.name not in offered:
            abort(404)
        return suffix_format
    fmt = formats.negotiate(request.accept_mimetypes, offered)
    if fmt is None:
        abort(406, description="acceptable here: " + ", ".join(FORMATS[n].media_type for n in offered))
    return fmt


def bind_prefixes(graph: rdflib.Graph, vocab: str, shapes: str) -> rdflib.Graph:
    for prefix, ns in queries.STANDARD_PREFIXES.items():
        graph.bind(prefix, ns, override=False)
    graph.bind("bud", vocab, override=True)
    graph.bind("bsh", shapes, override=True)
    return graph


def serialize(graph: rdflib.Graph, fmt: Format) -> bytes:
    if fmt.serializer == "json-ld":
        context = {p: str(ns) for p, ns in graph.namespaces() if p}
        return graph.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    return graph.serialize(format=fmt.serializer, encoding="utf-8")


def alternates(doc_url: str, offered: tuple[str, ...]) -> str:
    """``Link`` header value naming every representation of ``doc_url`` (its suffixed URLs)."""
    return ", ".join(
        f'<{doc_url}{FORMATS[n].suffix}>; rel="alternate"; type="{FORMATS[n].media_type}"'
        for n in offered
        if FORMATS[n].suffix
    )


def finish(resp: Response, doc_url: str | None, offered: tuple[str, ...]) -> Response:
    """Headers every representation carries; answers 304 when the client's ETag still matches."""
    resp.headers["Vary"] = "Accept"
    if doc_url:
        resp.headers["Link"] = alternates(doc_url, offered)
    resp.add_etag()
    return resp.make_conditional(request)


def represent(
    graph: rdflib.Graph,
    fmt: Format,
    html: Callable[[], str],
    doc_url: str | None,
    offered: tuple[str, ...],
) -> Response:
    """The response for ``graph`` in ``fmt`` (``html()`` renders the page when HTML is chosen)."""
    if fmt.serializer is None:
        body = html().encode("utf-8")
    else:
        body = serialize(graph, fmt)
    resp = Response(body, mimetype=fmt.media_type)
    return finish(resp, doc_url, offered)
