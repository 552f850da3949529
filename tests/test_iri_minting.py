"""IRI minting (``rdf/iri.py``) pinned: public URIs must never be re-minted silently.

The expected hashes are SHA-256 of names normalised by hand here (NFKC folding, white space removed), so a
change to the normalisation (no longer stripping white space, no NFKC, …) changes a hash and fails; the
URI templates are the README's scheme, written out literally.
"""

from __future__ import annotations

import hashlib

import pytest

from budget_lod.rdf.iri import DEFAULT_BASE, Minter, department_key, name_hash, normalise_base, slug

DEPT = "平乡县人民政府办公室"
BASE = "http://lod.example.test/"


def sha8(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def test_the_published_department_hash_is_stable():
    # the README's example URI and every URI already published for the sample use this value
    assert name_hash(DEPT) == "957901e0" == sha8(DEPT)
    assert department_key(DEPT, "434") == "434-957901e0"
    assert department_key(DEPT) == "957901e0"
    assert department_key(DEPT, None) == "957901e0"


@pytest.mark.parametrize("printed", [
    " 平乡县人民政府办公室",  # leading space
    "平乡县人民政府办公室\n",  # trailing newline
    "平乡县人民政府\n办公室",  # a name wrapped in its cell
    "平乡县 人民政府 办公室",  # spaces inside
    "平乡县\u3000人民政府办公室",  # ideographic (full-width) space
    "平乡县\u00a0人民政府办公室",  # no-break space
    "平乡县\t人民政府办公室\r\n",
])
def test_white_space_anywhere_in_a_name_is_not_part_of_its_hash(printed):
    assert name_hash(printed) == "957901e0"


@pytest.mark.parametrize("printed, normalised", [
    ("第１办公室", "第1办公室"),  # full-width digit
    ("ＡＢＣ局", "ABC局"),  # full-width Latin letters
    ("（筹）办公室", "(筹)办公室"),  # full-width parentheses
    ("㈱办公室", "(株)办公室"),  # a compatibility character NFKC unfolds
])
def test_names_are_nfkc_folded_before_hashing(printed, normalised):
    assert name_hash(printed) == sha8(normalised)
    assert name_hash(printed) == name_hash(normalised)


def test_hash_length_and_distinct_names():
    assert name_hash(DEPT, 12) == hashlib.sha256(DEPT.encode()).hexdigest()[:12]
    assert len(name_hash(DEPT)) == 8
    assert name_hash("平乡县财政局") != name_hash(DEPT)
    assert name_hash("abc") != name_hash("ABC")  # hashing keeps case: only slugs are lower-cased


@pytest.mark.parametrize("text, expected", [
    ("total", "total"),
    ("Total", "total"),
    (" basic ", "basic"),
    ("plan_12", "plan_12"),
    ("a.b-c", "a.b-c"),
    ("vehicle total", "vehicle-total"),
    ("vehicle  \n total", "vehicle-total"),
    ("２０１０３", "20103"),  # full-width digits fold to ASCII: an ASCII slug
    ("ＴＯＴＡＬ", "total"),
])
def test_ascii_slugs_pass_through_lower_cased(text, expected):
    assert slug(text) == expected


@pytest.mark.parametrize("text, ascii_part, hashed", [
    ("行政运行", "", "行政运行"),
    ("Vehicle 购置", "vehicle", "Vehicle购置"),
    ("一般 公共 预算", "", "一般公共预算"),
    ("a/b", "a-b", "a/b"),
    ("--x 办公--", "x", "--x办公--"),
])
def test_other_slugs_keep_their_ascii_and_add_the_name_hash(text, ascii_part, hashed):
    expected = f"{ascii_part}-{sha8(hashed)}" if ascii_part else sha8(hashed)
    assert slug(text) == expected


def test_empty_slug_is_the_hash_of_nothing():
    assert slug("") == sha8("")
    assert slug("  ") == sha8("")


def test_department_code_is_slugged():
    assert department_key(DEPT, " 434 ") == "434-957901e0"
    assert department_key(DEPT, "４３４") == "434-957901e0"


@pytest.mark.parametrize("given, expected", [
    ("http://lod.example.test", "http://lod.example.test/"),
    ("http://lod.example.test/", "http://lod.example.test/"),
    ("https://lod.example.test///", "https://lod.example.test/"),
    ("https://lod.example.test/budgets", "https://lod.example.test/budgets/"),
    ("https://lod.example.test/LOD-X", "https://lod.example.test/LOD-X/"),  # only slashes are trimmed
])
def test_a_base_ends_with_exactly_one_slash(given, expected):
    assert normalise_base(given) == expected
    assert Minter(given).base == expected


@pytest.mark.parametrize("bad", ["lod.example.test", "ftp://lod.example.test/", "http:///x", "http:// x", "",
                                 "/relative/", "xhttp://a/"])
def test_a_base_must_be_an_absolute_http_url(bad):
    with pytest.raises(ValueError, match="absolute http"):
        normalise_base(bad)


def test_default_base():
    assert DEFAULT_BASE == "http://127.0.0.1:8080/"
    assert Minter().base == "http://127.0.0.1:8080/"


def test_every_template_of_the_scheme():
    m = Minter(BASE)
    d = "434-957901e0"
    budget = f"{BASE}id/budget/{d}/2025/department"
    assert m.vocab == f"{BASE}def/budget#"
    assert m.shapes == f"{BASE}def/shapes#"
    assert m.department(DEPT, "434") == f"{BASE}id/department/{d}"
    assert m.department(DEPT) == f"{BASE}id/department/957901e0"
    assert m.budget(DEPT, "434", 2025, "department") == budget
    assert m.budget(DEPT, None, 2024, "unit") == f"{BASE}id/budget/957901e0/2024/unit"
    assert m.document_graph(DEPT, "434", 2025, "department") == f"{BASE}graph/{d}/2025/department"
    assert m.report_graph(DEPT, "434", 2025, "department") == f"{BASE}graph/{d}/2025/department/report"
    assert m.source(budget) == budget + "/source"
    assert m.dataset(budget) == budget + "/dataset"
    assert m.report(budget) == budget + "/report"
    assert m.ingest(budget) == budget + "/ingest"
    table = m.table(budget, "expenditure_summary")
    assert table == budget + "/table/expenditure_summary"
    assert m.line_item(table, "functional", "2010301") == table + "/functional/2010301"
    assert m.line_item(table, "item", "Vehicle Total") == table + "/item/vehicle-total"
    assert m.line_item(table, "item", "行政运行") == table + "/item/" + sha8("行政运行")
    assert m.line_item(table, "economic", "Ab C") == table + "/economic/Ab C"  # codes are digits: not slugged
    item = table + "/functional/2010301"
    assert m.observation(item, "Total") == item + "/total"
    assert m.observation(item, "基本支出") == item + "/" + sha8("基本支出")
    project = m.project(budget, "P 1")
    assert project == budget + "/project/p-1"
    assert m.indicator(project, 3) == project + "/indicator/3"
    assert m.claim(budget, 7) == budget + "/claim/7"
    assert m.scheme("functional") == f"{BASE}id/functional"
    assert m.concept("economic", "30101") == f"{BASE}id/economic/30101"


def test_doc_for_maps_only_our_own_ids():
    m = Minter(BASE)
    assert m.doc_for(f"{BASE}id/budget/x/2025/department") == f"{BASE}doc/budget/x/2025/department"
    assert m.doc_for(f"{BASE}id/") == f"{BASE}doc/"
    assert m.doc_for(f"{BASE}def/budget#Budget") is None
    assert m.doc_for("http://elsewhere.test/id/budget/x") is None
    assert m.doc_for(f"x{BASE}id/budget") is None


def test_final_accounts_and_phases():
    m = Minter(BASE)
    d = "434-957901e0"
    assert m.budget(DEPT, "434", 2024, "department") == m.budget(DEPT, "434", 2024, "department", "budget")
    accounts = m.budget(DEPT, "434", 2024, "department", kind="final_accounts")
    assert accounts == f"{BASE}id/final-accounts/{d}/2024/department"
    assert m.budget(DEPT, "434", 2024, "department", kind="other") == f"{BASE}id/budget/{d}/2024/department"
    assert m.document_graph(DEPT, "434", 2024, "unit") == f"{BASE}graph/{d}/2024/unit"
    assert m.document_graph(DEPT, "434", 2024, "unit", kind="final_accounts") == \
        f"{BASE}graph/final-accounts/{d}/2024/unit"
    assert m.report_graph(DEPT, "434", 2024, "unit") == f"{BASE}graph/{d}/2024/unit/report"
    assert m.report_graph(DEPT, "434", 2024, "unit", kind="final_accounts") == \
        f"{BASE}graph/final-accounts/{d}/2024/unit/report"
    item = accounts + "/table/expenditure_summary/functional/2010301"
    assert m.observation(item, "total") == item + "/total"
    assert m.observation(item, "total", None) == item + "/total"
    assert m.observation(item, "total", "Budget") == item + "/total/budget"  # a 决算's 年初预算数
    assert m.observation(item, "total", "年初预算") == item + "/total/" + sha8("年初预算")


def test_the_graph_of_a_budget_or_final_accounts():
    m = Minter(BASE)
    for kind in ("budget", "final_accounts"):
        budget = m.budget(DEPT, "434", 2024, "unit", kind=kind)
        assert m.graph_of_budget(budget) == m.document_graph(DEPT, "434", 2024, "unit", kind=kind)
    assert m.graph_of_budget(f"{BASE}id/budget/957901e0/2024/department") == f"{BASE}graph/957901e0/2024/department"
    assert m.graph_of_budget(f"{BASE}id/department/957901e0") is None  # not a budget
    assert m.graph_of_budget("http://elsewhere.test/id/budget/957901e0/2024/department") is None  # not ours
