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
