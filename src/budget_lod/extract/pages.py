"""One parsed view of each PDF page, computed once and shared by every extractor.

pdfminer's layout pass (``page.chars``) is the dominant cost of reading a PDF; everything here is derived
from the characters and ruling lines of that one pass and cached, so table finding, narrative parsing and
project parsing never re-parse a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class TextLine:
    """A visual line of text: its words joined by single spaces, with its vertical position."""

    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    words: tuple[dict[str, Any], ...]


def _outside(ch: dict[str, Any], width: float, height: float) -> bool:
    """A character whose centre lies beyond the page's edges."""
    x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return not (0 <= x <= width and 0 <= y <= height)


class PageView:
    """A lazily-evaluated, cached view of one pdfplumber page (1-based ``number``)."""

    def __init__(self, page: Any):
        self.page = page
        self.number: int = page.page_number
        # pdfminer turns the characters of a page with /Rotate 90 or 270 upright (coordinates as displayed) while
        # pdfplumber keeps the unrotated width and height: the page as displayed is what the text lies on
        w, h = float(page.width), float(page.height)
        turned = int(getattr(page, "rotation", 0) or 0) % 180 == 90
        self.width, self.height = (h, w) if turned else (w, h)
        if not turned and any(_outside(ch, w, h) for ch in page.chars):
            # content drawn beyond the page's edges (a spreadsheet printed onto a page too short for it) is not
            # printed: no reader sees it, so neither does the extractor
            self.page = page.crop((0, 0, w, h), relative=False, strict=False)

    @cached_property
    def chars(self) -> list[dict[str, Any]]:
        return self.page.chars

    @cached_property
    def words(self) -> list[dict[str, Any]]:
        return self.page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5, y_tolerance=3)

    @cached_property
    def lines(self) -> list[TextLine]:
        """Words grouped into visual lines (top to bottom, left to right)."""
        out: list[TextLine] = []
        for w in sorted(self.words, key=lambda w: (round(w["top"]), w["x0"])):
            if out and abs(out[-1].top - w["top"]) <= 3:
                prev = out[-1]
                ws = tuple(sorted(prev.words + (w,), key=lambda x: x["x0"]))
                out[-1] = TextLine(
                    " ".join(x["text"] for x in ws), min(prev.top, w["top"]), max(prev.bottom, w["bottom"]),
                    min(prev.x0, w["x0"]), max(prev.x1, w["x1"]), ws,
                )
            else:
                out.append(TextLine(w["text"], w["top"], w["bottom"], w["x0"], w["x1"], (w,)))
        return out

    @cached_property
    def text(self) -> str:
        """The page's text, one visual line per line."""
        return "\n".join(line.text for line in self.lines)

    @cached_property
    def ruled_tables(self) -> list[Any]:
        """Tables drawn with ruling lines, as found by pdfplumber (cells as bounding boxes, no text yet)."""
        return self.page.find_tables()

    @cached_property
    def rulings(self) -> list[dict[str, Any]]:
        """Ruling lines and thin rectangles (table borders), as pdfplumber edges."""
        return self.page.edges
