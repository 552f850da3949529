"""The ready example queries of the SPARQL page, run on the ingested sample, against the printed figures.

Expected values are the Hebei disclosure's own printed figures (万元 × 10000), not the queries' output.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budget_lod.cli import main
from budget_lod.store import open_store

QUERIES = Path(__file__).resolve().parents[1] / "src" / "budget_lod" / "queries"
BASE = "http://127.0.0.1:8080/"


@pytest.fixture(scope="module")
def store(tmp_path_factory, sample_pdf):
    path = tmp_path_factory.mktemp("examples") / "store"
    assert main(["ingest", str(sample_pdf), "--store", str(path), "--base-url", BASE]) == 0
    with open_store(path, mode="read", base_iri=BASE) as s:
        yield s


def rows(store, name):
    solutions = store.query((QUERIES / name).read_text(encoding="utf-8"))
    return [{v.value: s[v] for v in solutions.variables if s[v] is not None} for s in solutions]


def wan(text: str) -> Decimal:
    return Decimal(text) * 10000


def test_largest_functional_classes(store):
    got = [(r["code"].value, Decimal(r["total_yuan"].value)) for r in rows(store, "example_largest_functional_classes.rq")]
    assert got == [("201", wan("787.26")), ("208", wan("75.20")), ("221", wan("51.40")), ("210", wan("40.20"))]


def test_three_public_by_department(store):
    got = {r["measure"].value.rsplit("/", 1)[1]: Decimal(r["amount_yuan"].value)
           for r in rows(store, "example_three_public_by_department.rq")}
    # printed: “三公”经费 17.00 = 公务用车运行维护费 15.00 + 公务接待费 2.00 (万元); nothing for 出国 or 购置
    assert got["total"] == wan("17.00")
    assert got["vehicle_operation"] == wan("15.00") and got["reception"] == wan("2.00")
    assert got["vehicle_total"] == wan("15.00")
    assert "overseas" not in got and "vehicle_purchase" not in got  # blank cells are not zero


def test_project_indicators(store):
    got = rows(store, "example_project_indicators.rq")
    projects = {r["project_name"].value for r in got}
    assert projects == {"综合业务事务管理"}  # the project with the most indicators (14 printed)
    assert len({r["indicator"] for r in got}) == 14


def test_violations(store):
    got = rows(store, "example_violations.rq")
    messages = {r["message"].value for r in got}
    assert any("政府采购" in m for m in messages)  # the sample's one real violation, in Chinese and English
    assert len({r["focus"] for r in got}) == 1
