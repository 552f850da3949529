"""Shared fixtures: where the corpus and standards are, and the bundled sample PDF (made once)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _shared(sub: str, env: str) -> Path:
    return Path(os.environ.get(env) or ROOT.parent / "shared" / sub)


CORPUS = _shared("corpus", "BUDGET_LOD_CORPUS")
STANDARDS = _shared("standards", "BUDGET_LOD_STANDARDS")


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"corpus not found at {CORPUS}: set BUDGET_LOD_CORPUS")
    return CORPUS


@pytest.fixture(scope="session")
def standards() -> Path:
    if not STANDARDS.is_dir():
        pytest.fail(f"standards not found at {STANDARDS}: set BUDGET_LOD_STANDARDS")
    return STANDARDS


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory) -> Path:
    from budget_lod.sample import write_sample_pdf

    return write_sample_pdf(tmp_path_factory.mktemp("sample") / "hebei-sample.pdf")


@pytest.fixture(scope="session")
def pages_of():
    """``pages_of(path)`` → the PDF's PageViews, parsed once per session and shared by every test module."""
    import pdfplumber

    from budget_lod.extract.pages import PageView

    cache: dict[str, list] = {}
    opened = []

    def get(path: Path) -> list:
        key = str(Path(path).resolve())
        if key not in cache:
            pdf = pdfplumber.open(key)
            opened.append(pdf)
            cache[key] = [PageView(p) for p in pdf.pages]
        return cache[key]

    yield get
    for pdf in opened:
        pdf.close()


@pytest.fixture(scope="session")
def extracted():
    """``extracted(path)`` → ``extract_document(path)``, once per session (documents are immutable)."""
    from budget_lod.extract import extract_document

    cache: dict[str, object] = {}

    def get(path: Path):
        key = str(Path(path).resolve())
        if key not in cache:
            cache[key] = extract_document(path)
        return cache[key]

    return get


@pytest.fixture(scope="session")
def variant_document(tmp_path_factory):
    """``variant_document(name)`` → the extraction of a generated variant (its PDF, or its tables PDF with its
    narrative PDF), rendered and read once per session."""
    from budget_lod.extract import extract_document
    from budget_lod.extract.pairing import DisclosureFiles
    from budget_lod.sample.truth import NARRATIVE
    from budget_lod.sample.variants import VARIANTS

    folder = tmp_path_factory.mktemp("variant-documents")
    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            files = VARIANTS[name].write(folder / f"{name}.pdf")
            cache[name] = extract_document(DisclosureFiles(files["main"], files.get(NARRATIVE)))
        return cache[name]

    return get
