"""The CLI contract: exit codes, one clear error line, nothing half-written, a store untouched by a failed ingest."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from budget_lod.cli import main
from budget_lod.model.serialize import CSV_HEADER


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budget_lod", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_extract_csv_header_and_rows(sample_pdf):
    r = run_cli("extract", str(sample_pdf), "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == ["document", "department", "fiscal_year", "table", "scheme", "code", "name", "measure",
                       "amount_yuan", "page", "phase"]  # the contract, spelled out
    assert tuple(rows[0]) == CSV_HEADER
    body = rows[1:]
    assert len(body) > 100
    for row in body:
        assert row[8].count(".") == 1 and len(row[8].split(".")[1]) == 2, row  # amounts have two decimals
        assert row[9].isdigit() and int(row[9]) >= 1
        assert row[10] == "budget"  # a budget's own figures
    tables = {row[3] for row in body}
    assert {"expenditure_summary", "general_budget_basic_expenditure", "three_public", "project"} <= tables


def test_extract_json_is_the_document_model(sample_pdf):
    r = run_cli("extract", str(sample_pdf), "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["fiscal_year"] == 2025
    assert {"tables", "projects", "claims", "notes"} <= doc.keys()


@pytest.mark.parametrize(
    "content, reason_word",
    [
        (b"this is not a pdf at all\n", "PDF"),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", ""),  # truncated
    ],
)
def test_bad_input_one_line_exit_2(tmp_path, content, reason_word):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    r = run_cli("extract", str(bad))
    assert r.returncode == 2
    assert r.stdout == ""  # never a half result
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    assert "bad.pdf" in lines[0] and reason_word in lines[0]


def test_missing_file_is_a_clear_error(tmp_path):
    r = run_cli("extract", str(tmp_path / "nope.pdf"))
    assert r.returncode == 2
    assert "nope.pdf" in r.stderr


def test_failed_ingest_leaves_store_as_it_was(tmp_path, sample_pdf):
    store = tmp_path / "store"
    assert main(["ingest", str(sample_pdf), "--store", str(store)]) == 0
    before = subprocess.run([sys.executable, "-m", "budget_lod", "export", "--store", str(store), "--format", "nquads"],
                            capture_output=True, timeout=300).stdout
    assert len(before) > 1000
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(sample_pdf.read_bytes()[: 5000])
    r = run_cli("ingest", str(sample_pdf), str(bad), "--strict", "--store", str(store), "--base-url",
                "http://other.example/")
    assert r.returncode == 2 and "broken.pdf" in r.stderr and "nothing was stored" in r.stderr
    after = subprocess.run([sys.executable, "-m", "budget_lod", "export", "--store", str(store), "--format", "nquads"],
                           capture_output=True, timeout=300).stdout
    assert sorted(after.splitlines()) == sorted(before.splitlines())
    # without --strict the readable document is stored, the broken file reported, and the exit code says so
    r = run_cli("ingest", str(bad), str(sample_pdf), "--store", str(store), "--base-url", "http://other.example/")
    assert r.returncode == 2
    assert [ln for ln in r.stderr.splitlines() if "broken.pdf" in ln] == [ln for ln in r.stderr.splitlines()
                                                                          if ln.startswith("budget-lod ingest:")]
    assert "stored 1 document(s)" in r.stdout and "1 failed" in r.stdout
    after = subprocess.run([sys.executable, "-m", "budget_lod", "export", "--store", str(store), "--format", "nquads"],
                           capture_output=True, timeout=300).stdout
    assert b"http://other.example/graph/" in after and set(before.splitlines()) < set(after.splitlines())


def test_validate_pdf_json_contract(sample_pdf):
    r = run_cli("validate", str(sample_pdf), "--format", "json")
    assert r.returncode == 1, r.stderr  # the sample's one real Violation (procurement-included)
    out = json.loads(r.stdout)
    assert set(out) == {"document", "conforms", "results"}
    for res in out["results"]:
        assert {"rule", "severity", "table", "code", "measure", "page", "message_zh", "message_en", "values"} <= set(res)
        assert res["severity"] in ("Violation", "Warning", "Info")
    assert [(x["rule"], x["severity"]) for x in out["results"] if x["severity"] == "Violation"] == \
        [("procurement-included", "Violation")]
    assert out["conforms"] is False


def test_validate_needs_file_or_all(tmp_path):
    assert main(["validate", "--store", str(tmp_path)]) == 2


def test_bad_base_url_is_refused(sample_pdf, tmp_path):
    r = run_cli("ingest", str(sample_pdf), "--store", str(tmp_path / "s"), "--base-url", "not a url")
    assert r.returncode == 2 and "base" in r.stderr.lower()
    assert not (tmp_path / "s").exists()  # refused before the store is touched


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, sample_pdf):
    store = tmp_path_factory.mktemp("export") / "store"
    assert main(["ingest", str(sample_pdf), "--store", str(store)]) == 0
    return store


@pytest.mark.parametrize("fmt, parse_as", [("jsonld", "json-ld"), ("turtle", "turtle"), ("nquads", "nquads")])
def test_export_formats_hold_everything_stored(sample_store, tmp_path, fmt, parse_as):
    import rdflib

    nq = tmp_path / "all.nq"
    assert main(["export", "--store", str(sample_store), "--format", "nquads", "-o", str(nq)]) == 0
    reference = rdflib.Dataset()
    reference.parse(nq, format="nquads")
    out = tmp_path / f"all.{fmt}"
    assert main(["export", "--store", str(sample_store), "--format", fmt, "-o", str(out)]) == 0
    got = rdflib.Dataset()
    got.parse(out, format=parse_as)
    from rdflib.compare import isomorphic

    def merged(ds: rdflib.Dataset) -> rdflib.Graph:
        g = rdflib.Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g

    assert len(merged(reference)) > 1000
    assert isomorphic(merged(got), merged(reference))  # blank nodes compared by structure
    if fmt == "jsonld":
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert doc["@context"]["bud"].endswith("/def/budget#")  # the published context, under the base


def test_demo_without_serving_ingests_and_reports(tmp_path):
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("BUDGET_LOD_")}
    r = subprocess.run([sys.executable, "-m", "budget_lod", "demo", "--no-serve", "--store", str(tmp_path / "s"),
                        "--port", "8199"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "1/3" in r.stdout and "2/3" in r.stdout and "3/3" in r.stdout
    assert "procurement" in r.stdout  # the sample's real finding is reported
    assert "http://127.0.0.1:8199/graph/" in r.stdout  # minted where the demo will serve
    assert (tmp_path / "sample" / "hebei-sample.pdf").is_file()


def test_validate_all_revalidates_what_is_stored(sample_store):
    r = run_cli("validate", "--all", "--store", str(sample_store), "--format", "json")
    assert r.returncode == 1, r.stderr  # the sample carries one real violation
    decoder, text, reports = json.JSONDecoder(), r.stdout.strip(), []
    while text:
        obj, end = decoder.raw_decode(text)
        reports.append(obj)
        text = text[end:].strip()
    (report,) = reports  # one stored document
    assert "/graph/" in report["document"]  # named by its stored document graph
    assert report["conforms"] is False
    assert [x["rule"] for x in report["results"] if x["severity"] == "Violation"] == ["procurement-included"]
