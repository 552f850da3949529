"""Open a PDF for extraction, refusing clearly what cannot be read as a budget disclosure.

:func:`open_pdf` yields the document's :class:`~budget_lod.extract.pages.PageView` list, or raises
:class:`~budget_lod.errors.InputError` naming the file and the reason: not a PDF, encrypted, truncated or
corrupt, no text layer (a scan). Whether it is a budget disclosure at all is decided by the table finder
(:func:`not_a_disclosure` builds that error) once titles have been looked for.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from budget_lod.errors import InputError
from budget_lod.extract.pages import PageView

_HEAD_BYTES = 1024
_TAIL_BYTES = 2048


@dataclass(frozen=True)
class OpenedPdf:
    """A readable PDF: its pages (views over one pdfminer pass), name and content hash."""

    source: str
    sha256: str
    pages: tuple[PageView, ...]


def _check_bytes(source: str, data: bytes) -> None:
    if not data:
        raise InputError(source, "empty file, not a PDF")
    if b"%PDF-" not in data[:_HEAD_BYTES]:
        raise InputError(source, "not a PDF file (no %PDF- header)")
    if b"%%EOF" not in data[-_TAIL_BYTES:]:
        raise InputError(source, "truncated PDF (no %%EOF end marker): the file is incomplete, download it again")


def _is_encryption_error(exc: BaseException) -> bool:
    names = {type(e).__name__ for e in (exc, exc.__cause__, exc.__context__) if e is not None}
    return any("Password" in n or "Encrypt" in n for n in names)


@contextmanager
def open_pdf(path: str | Path) -> Iterator[OpenedPdf]:
    """Open ``path`` and check every page has been parsed; the pages are valid inside the ``with`` block."""
    import pdfplumber

    path = Path(path)
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot read the file: {exc.strerror or exc}") from None
    _check_bytes(source, data)
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        if _is_encryption_error(exc):
            raise InputError(source, "encrypted PDF (password protected): provide an unencrypted copy") from None
        raise InputError(source, f"corrupt PDF, cannot be parsed ({type(exc).__name__}: {exc})") from None
    try:
        if getattr(pdf.doc, "encryption", None) and not _readable(pdf):
            raise InputError(source, "encrypted PDF (password protected): provide an unencrypted copy")
        try:
            pages = tuple(PageView(p) for p in pdf.pages)
        except Exception as exc:
            if _is_encryption_error(exc):
                raise InputError(source, "encrypted PDF (password protected): provide an unencrypted copy") from None
            raise InputError(source, f"corrupt PDF, its page tree cannot be read ({type(exc).__name__})") from None
        if not pages:
            raise InputError(source, "PDF has no pages")
        n_chars = 0
        for view in pages:
            try:
                n_chars += len(view.chars)
            except Exception as exc:
                raise InputError(source, f"corrupt PDF, page content cannot be parsed ({type(exc).__name__})",
                                 where=f"page {view.number}") from None
        if n_chars == 0:
            raise InputError(source, "no text layer (a scanned image?): run OCR first, tables cannot be read")
        yield OpenedPdf(source, hashlib.sha256(data).hexdigest(), pages)
    finally:
        pdf.close()


def _readable(pdf) -> bool:
    try:
        return len(pdf.pages) >= 0
    except Exception:
        return False


def not_a_disclosure(source: str) -> InputError:
    """The error for a readable PDF in which no standard table title was found."""
    return InputError(
        source,
        "not a budget disclosure: none of the standard table titles (收支总表, 收入总表, 支出总表, 财政拨款收支总表, "
        "一般公共预算支出表, “三公”经费表 …) was found",
    )
