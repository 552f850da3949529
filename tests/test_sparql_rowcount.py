"""Row counting and cutting of Oxigraph's SELECT result texts (``store/rowcount.py``) and the row cap of
``store/results.run``: the expected numbers come from the data put in, and every cut text is checked by
parsing it with an independent reader (json, xml.dom, csv)."""

from __future__ import annotations

import csv
import io
import json
from xml.dom import minidom

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budget_lod.store.results import QueryRequest, run
from budget_lod.store.rowcount import RowCounter, cut_rows

FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
           "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
# values that look like the marks the counter looks for, or break quoting
TRICKY = ['a},{"b', "c\\", "x\ny", 'q,"r"', "[{", ',{"x":{"type":', "\r\n", "<result>", "tab\there", "中文",
          "ends{", "x,{},y", "{", '{"', "}", '\\"', ""]
QUERY = "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o OPTIONAL { ?s <http://example.org/none> ?unbound } }"


def _store(values: list[str]) -> ox.Store:
    s = ox.Store()
    for i, v in enumerate(values):
        s.add(ox.Quad(ox.NamedNode(f"http://example.org/r{i}"), ox.NamedNode("http://example.org/p"), ox.Literal(v)))
    return s


def parsed_rows(body: bytes, fmt: str) -> int:
    """Rows of a result text, read by a parser that knows nothing of rowcount.py."""
    if fmt == "json":
        return len(json.loads(body)["results"]["bindings"])
    if fmt == "xml":
        return len(minidom.parseString(body).getElementsByTagName("result"))
    if fmt == "csv":
        return len(list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))) - 1
    return len(body.decode("utf-8").split("\n")) - 2  # header line, rows, and the empty text after the last \n


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 8192])
def test_counts_rows_whatever_the_chunking(fmt, chunk):
    values = TRICKY * 7
    body = _store(values).query(QUERY).serialize(format=FORMATS[fmt])
    counter = RowCounter(fmt)
    for i in range(0, len(body), chunk):
        counter.feed(body[i:i + chunk])
    assert counter.exact() == len(values)


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.text(alphabet=st.sampled_from('{}[],:"\\\n\r\tab<>/中'), max_size=8), min_size=1,
                       max_size=30),
       chunk=st.integers(min_value=1, max_value=40), fmt=st.sampled_from(sorted(FORMATS)))
def test_counts_rows_of_any_literal_text(values, chunk, fmt):
    body = _store(values).query(QUERY).serialize(format=FORMATS[fmt])
    counter = RowCounter(fmt)
    for i in range(0, len(body), chunk):
        counter.feed(body[i:i + chunk])
    assert counter.exact() == len(values) == parsed_rows(body, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("n", [0, 1, 5, 119])
def test_cut_keeps_exactly_n_rows_and_stays_well_formed(fmt, n):
    values = TRICKY * 7  # 119 rows
    body = _store(values).query(QUERY).serialize(format=FORMATS[fmt])
    assert parsed_rows(cut_rows(body, fmt, n), fmt) == n


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("cap, expected, truncated", [(None, 119, False), (119, 119, False), (118, 118, True),
                                                      (10, 10, True), (0, 0, True)])
def test_run_caps_rows_in_every_format(fmt, cap, expected, truncated):
    store = _store(TRICKY * 7)
    res = run(store, QueryRequest(QUERY, results_format=fmt, max_rows=cap))
    assert (res.count, res.truncated) == (expected, truncated)
    assert parsed_rows(res.body, fmt) == expected


def test_run_caps_a_large_result_while_oxigraph_writes():
    """10 000 rows (~1 MB of JSON, many 8 KB chunks): the cap cuts at row 2 500 exactly."""
    store = _store([f"v{i}" for i in range(10_000)])
    res = run(store, QueryRequest(QUERY, results_format="json", max_rows=2_500))
    assert (res.count, res.truncated, parsed_rows(res.body, "json")) == (2_500, True, 2_500)
    res = run(store, QueryRequest(QUERY, results_format="json", max_rows=10_000))
    assert (res.count, res.truncated, parsed_rows(res.body, "json")) == (10_000, False, 10_000)


@pytest.mark.parametrize("fmt", FORMATS)
def test_rows_without_variables_are_kept(fmt):
    """``SELECT * {}`` has one row and no variable (Oxigraph's XML writer would drop it)."""
    res = run(ox.Store(), QueryRequest("SELECT * WHERE {}", results_format=fmt))
    assert res.count == 1
    if fmt == "json":
        assert json.loads(res.body)["results"]["bindings"] == [{}]


def test_construct_cap():
    store = _store([f"v{i}" for i in range(50)])
    res = run(store, QueryRequest("CONSTRUCT WHERE { ?s ?p ?o }", graph_format="nt", max_rows=20))
    assert (res.count, res.truncated, res.body.count(b"\n")) == (20, True, 20)
    res = run(store, QueryRequest("CONSTRUCT WHERE { ?s ?p ?o }", graph_format="nt", max_rows=50))
    assert (res.count, res.truncated, res.body.count(b"\n")) == (50, False, 50)
