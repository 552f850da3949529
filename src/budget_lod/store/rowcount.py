r"""Counting rows in SPARQL SELECT results as Oxigraph writes them, and cutting them after the n-th row.

Oxigraph's result writers hand over chunks of about 8 KB cut anywhere. A row is recognised by a mark
that cannot occur inside a value once quoted strings are blanked out:

* JSON — ``{"head":…,"results":{"bindings":[{…},{…}]}}`` (compact). With every string removed, a row
  starts at ``[{`` or ``,{`` and nowhere else (inside a row, ``{`` follows ``:``). A string cut by the
  chunk boundary is carried over to the next chunk. Removing strings costs more than Oxigraph's writing,
  so while no ``{`` can be inside a string the marks are counted on the raw text: outside strings ``{``
  is always followed by ``"`` and a name (a key) — a ``{`` in a value is followed by anything else, or
  by the closing quote and then ``, } ] :``. The first chunk that could hold one switches the counter to
  the exact way for good (recounting what came before).
* XML — one ``<result>`` element per row (``<`` in a value is always escaped as ``&lt;``).
* CSV — rows end with CRLF; a value holding a line break is quoted, so CRLF is counted outside quotes.
* TSV — one line per row (terms are written in N-Triples form: line breaks in values are escaped).

The first line of CSV and TSV is the header, not a row. :func:`cut_rows` finds the n-th row exactly on
the complete text (once, when the cap is exceeded) and closes the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_CSV_QUOTED = re.compile(rb'"[^"]*(?:""[^"]*)*"')


@dataclass(frozen=True)
class _Grammar:
    strings: re.Pattern | None  # quoted values, blanked before counting marks
    marks: tuple[bytes, ...]  # one of them per row (per line for CSV/TSV, header included)
    first: bytes | None  # the mark of the first row, when it differs (looked for until found)
    header_lines: int  # marks that are not rows
    tail: bytes  # closes a document cut after a row


GRAMMARS = {
    "json": _Grammar(_JSON_STRING, (b",{",), b"[{", 0, b"]}}"),
    "xml": _Grammar(None, (b"<result>", b"<result/>"), None, 0, b"</results></sparql>"),
    "csv": _Grammar(_CSV_QUOTED, (b"\r\n",), None, 1, b""),
    "tsv": _Grammar(None, (b"\n",), None, 1, b""),
}


_JSON_SUSPECT = re.compile(rb'\{(?:[^"]|"[,}\]:])')  # a "{" that may be inside a string value
_JSON_SUSPECT_AT_END = re.compile(rb'\{"?$')  # ... when nothing follows it yet


class RowCounter:
    """Rows in a result text fed chunk by chunk: :meth:`feed` returns the running total (exact for CSV,
    TSV and XML; for JSON possibly one too many until :meth:`exact` or the next chunk settles it)."""

    def __init__(self, fmt: str):
        self.grammar = GRAMMARS[fmt]
        self._marks = 0
        self._carry = b""  # an unfinished quoted string at the end of the last chunk
        self._keep = max(len(m) for m in self.grammar.marks + (self.grammar.first or b"",)) - 1
        self._first = self.grammar.first  # still to be found
        self._prev = b""  # the end of the last chunk's skeleton, for marks cut in two
        self._raw = fmt == "json"  # counting on the raw text while no "{" can be in a value
        self._fed: list[bytes] = []
        self._tail = b""  # the raw text's last two bytes: a "{" there is checked with what follows

    @property
    def rows(self) -> int:
        return max(0, self._marks - self.grammar.header_lines)

    def feed(self, chunk: bytes) -> int:
        if self._raw:
            if _JSON_SUSPECT.search(self._tail + chunk) is None:
                self._fed.append(chunk)
                self._tail = (self._tail + chunk)[-2:]
                self._count(chunk)
                return self.rows
            return self._recount(chunk)
        g = self.grammar
        if g.strings is None:
            skeleton = chunk
        else:
            data = self._carry + chunk
            skeleton = g.strings.sub(b"", data)
            open_at = skeleton.find(b'"')  # every complete string is gone: a quote left opens an unfinished one
            if open_at >= 0:
                self._carry = data[len(data) - (len(skeleton) - open_at):]
                skeleton = skeleton[:open_at]
            else:
                self._carry = b""
        self._count(skeleton)
        return self.rows

    def exact(self) -> int:
        """The exact number of rows fed so far (the complete text when the writer has finished)."""
        if self._raw and _JSON_SUSPECT_AT_END.search(self._tail) is not None:
            return self._recount(b"")
        return self.rows

    def _recount(self, chunk: bytes) -> int:
        """Switch to the exact way for good and count everything again."""
        self._raw = False
        text = b"".join(self._fed) + chunk
        self._fed.clear()
        self._marks, self._prev, self._first = 0, b"", self.grammar.first
        return self.feed(text)

    def _count(self, skeleton: bytes) -> None:
        text = self._prev + skeleton  # marks wholly inside _prev were counted last time
        self._marks += sum(text.count(m) - self._prev.count(m) for m in self.grammar.marks)
        if self._first is not None and self._first in text:
            self._marks += 1
            self._first = None
        self._prev = text[-self._keep:] if self._keep else b""


_FINDERS = {
    "json": re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[,]\{'),
    "xml": re.compile(rb"<result/?>"),
    "csv": re.compile(rb'"[^"]*(?:""[^"]*)*"|\r\n'),
    "tsv": re.compile(rb"\n"),
}


def cut_rows(text: bytes, fmt: str, n: int) -> bytes:
    """``text`` (a complete or interrupted result document) with only its first ``n`` rows, closed."""
    g = GRAMMARS[fmt]
    seen = 0
    for m in _FINDERS[fmt].finditer(text):
        if m.group().startswith(b'"'):
            continue  # a quoted value
        seen += 1
        if g.header_lines:  # CSV, TSV: cut after the line ending row n
            if seen == n + g.header_lines:
                return text[:m.end()]
        elif seen == n + 1:  # JSON, XML: cut where row n + 1 starts (after "[" / before ",")
            return text[:m.start() + (1 if m.group().startswith(b"[") else 0)] + g.tail
    return text  # n rows or fewer: nothing to cut
