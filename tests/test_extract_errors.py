"""Unreadable input is refused with one clear reason naming the file; a partial disclosure lists what is missing."""

from __future__ import annotations

import pytest

from budget_lod.errors import InputError
from budget_lod.extract import extract_document

OFFICE = "shanghai-putuo/2025-dept-district-government-office.pdf"


def _refused(path) -> InputError:
    with pytest.raises(InputError) as info:
        extract_document(path)
    err = info.value
    assert err.source == str(path)
    assert str(err).startswith(str(path)) and "\n" not in str(err)
    return err


def _reportlab_pdf(path, draw, **canvas_kw):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), **canvas_kw)
    draw(c)
    c.showPage()
    c.save()
    return path


def test_text_file_renamed_pdf(tmp_path):
    p = tmp_path / "notes.pdf"
    p.write_text("预算 this is a text file, not a PDF\n", encoding="utf-8")
    assert "not a PDF" in _refused(p).reason


def test_empty_file(tmp_path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    assert "not a PDF" in _refused(p).reason


def test_truncated_copy_of_a_real_pdf(tmp_path, corpus):
    data = (corpus / OFFICE).read_bytes()
    p = tmp_path / "truncated.pdf"
    p.write_bytes(data[: len(data) // 2])
    assert "truncated" in _refused(p).reason


def test_corrupt_body(tmp_path):
    p = tmp_path / "corrupt.pdf"
    p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    assert "corrupt" in _refused(p).reason


def test_encrypted_pdf(tmp_path):
    p = _reportlab_pdf(tmp_path / "locked.pdf", lambda c: c.drawString(72, 720, "budget"), encrypt="secret")
    assert "encrypted" in _refused(p).reason


def test_image_only_pdf_has_no_text_layer(tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    img = Image.new("RGB", (200, 100), "white")
    for x in range(20, 180):
        img.putpixel((x, 50), (0, 0, 0))
    p = _reportlab_pdf(tmp_path / "scan.pdf", lambda c: c.drawImage(ImageReader(img), 72, 500, 400, 200))
    assert "no text layer" in _refused(p).reason


def test_valid_pdf_that_is_not_a_disclosure(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def draw(c):
        c.setFont("STSong-Light", 12)
        c.drawString(72, 720, "会议纪要：关于年度工作安排的通知")
        c.drawString(72, 700, "Minutes of the meeting, nothing about budgets.")

    p = _reportlab_pdf(tmp_path / "minutes.pdf", draw)
    assert "not a budget disclosure" in _refused(p).reason


def test_missing_table_is_listed_and_the_rest_extracted(tmp_path, corpus):
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(str(corpus / OFFICE))
    new = pdfium.PdfDocument.new()
    new.import_pages(src, [i for i in range(len(src)) if i != 19])  # drop page 20: the “三公” table
    p = tmp_path / "partial.pdf"
    new.save(str(p))
    doc = extract_document(p)
    assert doc.missing_tables == ("three_public",)
    assert doc.table("three_public") is None
    assert doc.table("expenditure_summary").rows[-1].code == "TOTAL"
