"""Budget versus execution on the site: final accounts (部门决算) served like budgets and shown beside them.

The store holds the corpus 决算 ``shanghai-putuo/2024-final-dept-social-work.pdf`` ingested through the real
pipeline, a budget written by hand for the same department and year (``web/handmade_pairs.py``), a department
with three budgets and two final accounts (one printing 年初预算数 | 全年预算数 | 决算数, one 年初预算数 planted
off the budget, one line overspent) and final accounts whose budget is not stored. The real server serves it.

Expected figures come from the data alone: the hand-made documents' printed tuples and the corpus 决算's
truth file (``tests/extract_fixtures/final/…toml``, typed from the PDF); rates are computed here (决算数 over the
budgeted figure, per cent to 0.01, half up). The pages are read as a reader reads them (the cells' text).
"""

from __future__ import annotations

import re
import tomllib
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, RDF

from budget_lod.rdf.iri import Minter
from budget_lod.web.handmade_pairs import ALONE, ALONE_FINAL, DOCUMENTS, PUTUO, PUTUO_LINES, TESTER, pair_filler
from budget_lod.web.testing import execution_rows, fetch, figure_rows, local_path, shared_server

FINAL_PDF = "shanghai-putuo/2024-final-dept-social-work.pdf"
TRUTH = Path(__file__).parent / "extract_fixtures" / "final" / "2024-final-dept-social-work.toml"
WAN = Decimal(10000)
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def server(corpus):
    return shared_server("execution", pair_filler(corpus / FINAL_PDF))


@pytest.fixture(scope="module")
def m(server) -> Minter:
    return Minter(server.base_url)


def page(server, iri: str, accept: str = "text/html"):
    return fetch(server, local_path(server, iri.replace("/id/", "/doc/", 1)), {"Accept": accept})


def html(server, iri: str) -> str:
    r = page(server, iri)
    assert r.status == 200, (iri, r.status)
    return r.text()


def number(text: str) -> Decimal | None:
    """A figure as the page prints it (``1,234.50``, ``103.50%``, ``-2.00``) → Decimal; blank or — → None."""
    text = text.replace(",", "").rstrip("%").strip()
    return Decimal(text) if text and text != "—" else None


def rate(final: Decimal | None, base: Decimal) -> Decimal:
    return ((final or Decimal(0)) * 100 / base).quantize(CENT, ROUND_HALF_UP)


def printed(spec: tuple, table: str, phase: str) -> dict[str, dict[str, Decimal]]:
    """code → measure → 元 of a hand-made document's table in one phase (万元 as printed × 10000)."""
    return {code: {k: Decimal(v) * WAN for k, v in amounts.items()} for code, amounts in spec[6][table].get(phase, ())}


def doc(year: int, kind: str, who: tuple = TESTER) -> tuple:
    return next(d for d in (*DOCUMENTS, ALONE_FINAL) if d[:3] == who and d[3] == kind and d[4] == year)


def truth_final(table: str) -> dict[str, dict[str, Decimal]]:
    """The corpus 决算's 决算数 (元) of one table, from its truth file."""
    data = tomllib.loads(TRUTH.read_text(encoding="utf-8"))
    return {r["code"]: {k: Decimal(v) * WAN for k, v in r["amounts"].items()} for r in data["tables"][table]["rows"]}


# --- final accounts are resources like budgets ------------------------------------------------------------

def test_final_accounts_dereference_like_budgets(server, m):
    iri = m.budget(*TESTER[:2], 2024, "department", "final_accounts")
    r = fetch(server, local_path(server, iri), {"Accept": "text/turtle"})
    assert r.status == 303 and r.headers["location"] == iri.replace("/id/", "/doc/", 1)
    doc_path = local_path(server, r.headers["location"])
    for accept, media in (("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"),
                          ("application/n-triples", "application/n-triples"), ("text/html", "text/html")):
        got = fetch(server, doc_path, {"Accept": accept})
        assert got.status == 200 and got.media_type == media, accept
        assert got.headers["vary"] == "Accept" and f'<{iri.replace("/id/", "/doc/", 1)}.ttl>' in got.headers["link"]
    g = rdflib.Graph().parse(data=fetch(server, doc_path + ".ttl").body, format="turtle")
    assert (rdflib.URIRef(iri), RDF.type, rdflib.URIRef(m.vocab + "FinalAccounts")) in g
    item = m.line_item(m.table(iri, "general_budget_expenditure"), "functional", "2210201")
    obs = m.observation(item, "total", "initial_budget")  # another phase's amount lives at …/{measure}/{phase}
    got = rdflib.Graph().parse(data=page(server, obs, "text/turtle").body, format="turtle")
    assert got.value(rdflib.URIRef(obs), rdflib.URIRef(m.vocab + "amount")).toPython() == Decimal("35.00") * WAN
    assert fetch(server, doc_path, {"Accept": "application/x-unknown"}).status == 406
    graph = fetch(server, local_path(server, iri.replace("/id/final-accounts/", "/graph/final-accounts/", 1)) + ".ttl")
    assert graph.status == 200 and len(rdflib.Graph().parse(data=graph.body, format="turtle")) > 100


def test_what_is_not_stored_is_404(server, m):
    missing = [m.budget(*TESTER[:2], 2025, "department", "final_accounts"),  # the budget is stored, not its 决算
               m.line_item(m.table(m.budget(*TESTER[:2], 2024, "department", "final_accounts"),
                                   "general_budget_expenditure"), "functional", "2013901"),
               m.budget(*ALONE[:2], 2024, "department")]  # final accounts alone: no budget
    for iri in missing:
        assert page(server, iri).status == 404, iri
        assert page(server, iri, "text/turtle").status == 404, iri
    dump = m.budget(*TESTER[:2], 2022, "department", "final_accounts").replace("/id/", "/dumps/", 1) + ".csv"
    assert fetch(server, local_path(server, dump)).status == 404


def test_home_lists_budgets_and_final_accounts(server, m):
    text = fetch(server, "/").text()
    finals = re.findall(r'<a class="final-link" href="([^"]+)"', text)
    budgets = re.findall(r'<a class="budget-link" href="([^"]+)"', text)
    stored_budgets = sum(1 for d in DOCUMENTS if d[3] == "budget") + 1  # + the corpus 决算's budget
    stored_finals = sum(1 for d in DOCUMENTS if d[3] == "final_accounts") + 2  # + ALONE_FINAL and the corpus 决算
    assert f"{stored_budgets} 份预算" in text and f"{stored_finals} 份决算" in text
    assert m.budget(*TESTER[:2], 2024, "department", "final_accounts") in finals
    assert m.budget(*PUTUO[:2], 2024, "department", "final_accounts") in finals
    assert len(budgets) + len(finals) == min(10, stored_budgets + stored_finals)  # 10 a page


def test_catalog_lists_each_final_accounts_as_a_dataset_and_passes_dcat_ap(server, m, standards):
    import pyshacl

    data = rdflib.Graph().parse(data=fetch(server, "/catalog.ttl?page_size=1000").body, format="turtle")
    datasets = set(data.subjects(RDF.type, DCAT.Dataset))
    final = rdflib.URIRef(m.dataset(m.budget(*TESTER[:2], 2024, "department", "final_accounts")))
    assert final in datasets and len(datasets) == len(DOCUMENTS) + 3  # + ALONE_FINAL, the corpus 决算 and its budget
    assert "决算" in str(data.value(final, DCTERMS.title))
    downloads = [str(data.value(d, DCAT.downloadURL)) for d in data.objects(final, DCAT.distribution)]
    assert any("/dumps/final-accounts/" in u and u.endswith(".csv") for u in downloads)
    for url in downloads:
        got = fetch(server, local_path(server, url))
        assert got.status == 200, url
    shapes = rdflib.Graph()
    shapes.parse(standards / "dcat-ap-3.0.1.shapes.ttl")
    shapes.parse(standards / "dcat-ap-3.0.1.range.ttl")
    conforms, _, report = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert conforms, report


# --- budget and final accounts side by side ---------------------------------------------------------------

def test_budget_page_shows_budgeted_stated_final_and_rate(server, m):
    text = html(server, m.budget(*TESTER[:2], 2024, "department"))
    budget, final = doc(2024, "budget"), doc(2024, "final_accounts")
    table = "general_budget_expenditure"
    b, fi = printed(budget, table, "budget"), printed(final, table, "final")
    ini, adj = printed(final, table, "initial_budget"), printed(final, table, "adjusted_budget")
    for measure in ("total", "basic", "project"):
        rows = execution_rows(text, table, measure)
        expected = {c for c in b if measure in b[c]} | {c for c in fi if measure in fi[c]}
        assert set(rows) == expected, measure
        for code, cells in rows.items():
            assert number(cells["budget"]) * WAN == b[code][measure]
            assert number(cells["initial"]) * WAN == ini[code][measure]
            assert number(cells["adjusted"]) * WAN == adj[code][measure]
            assert number(cells["final"]) * WAN == fi[code][measure]
            assert number(cells["rate"]) == rate(fi[code][measure], b[code][measure]), (code, measure)
            assert number(cells["difference"]) * WAN == fi[code][measure] - b[code][measure]
    assert number(execution_rows(text, table)["208"]["rate"]) > 100  # the overspend
    tp = execution_rows(text, "three_public")["TOTAL"]
    assert (number(tp["budget"]), number(tp["final"]), number(tp["rate"])) == (Decimal("12.00"), Decimal("9.60"),
                                                                               Decimal("80.00"))
    head = re.search(r'<dd class="headline-rate"><strong>([^<]+)</strong>', text).group(1)
    assert number(head) == rate(fi["TOTAL"]["total"], b["TOTAL"]["total"])


def test_a_stated_initial_budget_off_the_stored_budget_is_marked(server, m):
    text = html(server, m.budget(*TESTER[:2], 2024, "department", "final_accounts"))
    budget, final = doc(2024, "budget"), doc(2024, "final_accounts")
    b = printed(budget, "general_budget_expenditure", "budget")
    ini = printed(final, "general_budget_expenditure", "initial_budget")
    for measure in ("total", "basic", "project"):
        marked = {code for code, cells in execution_rows(text, "general_budget_expenditure", measure).items()
                  if cells["mismatch"] == "initial"}
        assert marked == {c for c in ini if measure in ini[c] and ini[c][measure] != b[c].get(measure)}, measure
    assert {c for c, cells in execution_rows(text, "general_budget_expenditure").items() if cells["mismatch"]} == {
        "TOTAL", "221", "22102", "2210201"}


def test_final_accounts_page_prints_their_phases_side_by_side(server, m):
    text = html(server, m.budget(*TESTER[:2], 2024, "department", "final_accounts"))
    block = text.split('<article class="budget-table form-rows" id="general_budget_expenditure">', 1)[1]
    block = block.split("</article>", 1)[0]
    heads = [re.sub(r"<[^>]+>", "", h).split()[0] for h in re.findall(r'<th class="group"[^>]*>(.*?)</th>', block)]
    assert heads == ["年初预算数", "全年预算数", "决算数"]  # as the 决算 template prints them
    row = re.search(r'<tr class="level-3">\s*<td class="code">2210201</td>(.*?)</tr>', block, re.DOTALL).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r'<td class="num"[^>]*>(.*?)</td>', row, re.DOTALL)]
    final = doc(2024, "final_accounts")[6]["general_budget_expenditure"]
    assert cells == [dict(final[p])["2210201"][k] for p in ("initial_budget", "adjusted_budget", "final")
                     for k in ("total", "basic", "project")]


def test_corpus_final_accounts_beside_a_stored_budget(server, m):
    text = html(server, m.budget(*PUTUO[:2], 2024, "department", "final_accounts"))
    budget = {code: {k: Decimal(v) * WAN for k, v in amounts.items()} for code, amounts in PUTUO_LINES}
    for table in ("general_budget_expenditure", "expenditure_summary"):
        final = truth_final(table)
        for measure in ("total", "basic", "project"):
            rows = execution_rows(text, table, measure)
            expected = {c for c in budget if measure in budget[c]} | {c for c in final if measure in final[c]}
            assert set(rows) == expected, (table, measure)
            for code, cells in rows.items():
                spent = final.get(code, {}).get(measure)
                assert number(cells["budget"]) * WAN == budget[code][measure]
                assert (number(cells["final"]) or 0) * WAN == (spent or 0)
                assert number(cells["rate"]) == rate(spent, budget[code][measure]), (table, code, measure)
    not_spent = execution_rows(text, "general_budget_expenditure")["2013902"]  # budgeted, not in the 决算
    assert not_spent["final"] == "—" and number(not_spent["rate"]) == 0
    assert "initial" not in execution_rows(text, "general_budget_expenditure")["TOTAL"]  # the PDF prints none


def test_final_accounts_alone_are_compared_with_their_own_initial_budget(server, m):
    text = html(server, m.budget(*ALONE[:2], 2024, "department", "final_accounts"))
    assert "未收录预算文件" in text
    ini = printed(ALONE_FINAL, "general_budget_expenditure", "initial_budget")
    fi = printed(ALONE_FINAL, "general_budget_expenditure", "final")
    rows = execution_rows(text, "general_budget_expenditure")
    assert set(rows) == set(fi)
    for code, cells in rows.items():
        assert "budget" not in cells and number(cells["initial"]) * WAN == ini[code]["total"]
        assert number(cells["rate"]) == rate(fi[code]["total"], ini[code]["total"])


def test_line_item_pages_show_both_documents(server, m):
    final_doc = m.budget(*TESTER[:2], 2024, "department", "final_accounts")
    item = m.line_item(m.table(final_doc, "general_budget_expenditure"), "functional", "2210201")
    text = html(server, item)
    budget_item = item.replace("/final-accounts/", "/budget/", 1)
    assert f'<a class="counterpart" href="{budget_item}">' in text
    rows = figure_rows(text, "item-execution", "measure")
    b = printed(doc(2024, "budget"), "general_budget_expenditure", "budget")["2210201"]
    final = doc(2024, "final_accounts")
    for measure in ("total", "basic", "project"):
        cells = rows[measure]
        assert number(cells["budget"]) * WAN == b[measure]
        assert number(cells["initial"]) * WAN == printed(final, "general_budget_expenditure", "initial_budget")["2210201"][measure]
        spent = printed(final, "general_budget_expenditure", "final")["2210201"][measure]
        assert number(cells["final"]) * WAN == spent and number(cells["rate"]) == rate(spent, b[measure])
    # a budget line its 决算 does not print: nothing spent
    putuo_item = m.line_item(m.table(m.budget(*PUTUO[:2], 2024, "department"), "general_budget_expenditure"),
                             "functional", "2013902")
    cells = figure_rows(html(server, putuo_item), "item-execution", "measure")["total"]
    assert cells["final"] == "—" and number(cells["rate"]) == 0 and number(cells["budget"]) == Decimal("5.00")
    # a budget whose final accounts are not stored: no comparison
    alone_budget = m.line_item(m.table(m.budget(*TESTER[:2], 2025, "department"), "general_budget_expenditure"),
                               "functional", "201")
    assert 'id="execution"' not in html(server, alone_budget)


def test_department_page_charts_budget_and_final_each_year(server, m):
    text = html(server, m.department(*TESTER[:2]))
    rows = figure_rows(text, "department-years", "year")
    assert set(rows) == {"2023", "2024", "2025"}
    for year in (2023, 2024, 2025):
        b = printed(doc(year, "budget"), "general_budget_expenditure", "budget")["TOTAL"]["total"]
        has_final = any(d[3] == "final_accounts" and d[4] == year for d in DOCUMENTS if d[:3] == TESTER)
        f = printed(doc(year, "final_accounts"), "general_budget_expenditure", "final")["TOTAL"]["total"] \
            if has_final else None
        cells = rows[str(year)]
        assert number(cells["planned"]) * WAN == b
        assert (number(cells["final"]) * WAN if cells["final"] else None) == f
        assert number(cells["rate"]) == (rate(f, b) if f is not None else None)
    rects = re.findall(r'<rect class="bar (planned|final)[^"]*" x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)" '
                       r'data-kind="\w+" data-yuan="([^"]+)"', text)
    assert len(rects) == 5  # three budgets, two final accounts
    tallest = max(Decimal(v) for _, _, v in rects)
    for _, height, yuan in rects:  # heights proportional to the figures (180 px for the largest)
        assert Decimal(height) == pytest.approx(Decimal(yuan) * 180 / tallest, abs=Decimal("0.1"))
    # final accounts alone: the budgeted bar is their own 年初预算数, drawn lighter
    alone = html(server, m.department(*ALONE[:2]))
    assert re.search(r'<rect class="bar planned stated"', alone)
    assert number(figure_rows(alone, "department-years", "year")["2024"]["rate"]) == Decimal("105.00")


def test_code_page_compares_the_departments_execution(server, m):
    text = html(server, m.concept("functional", "2080505"))
    rows = figure_rows(text, "code-execution", "key")
    putuo_budget = dict(PUTUO_LINES)["2080505"]["total"]
    putuo_final = truth_final("expenditure_summary")["2080505"]["total"]
    expected = {f"{PUTUO[0]} 2024": (Decimal(putuo_budget) * WAN, putuo_final)}
    for year in (2023, 2024):
        expected[f"{TESTER[0]} {year}"] = (
            printed(doc(year, "budget"), "general_budget_expenditure", "budget")["2080505"]["total"],
            printed(doc(year, "final_accounts"), "general_budget_expenditure", "final")["2080505"]["total"])
    assert set(rows) == set(expected)
    for key, (budgeted, spent) in expected.items():
        cells = rows[key]
        assert (number(cells["budget"]), number(cells["final"])) == (budgeted, spent), key
        assert number(cells["rate"]) == rate(spent, budgeted) and number(cells["difference"]) == spent - budgeted


# --- example queries ----------------------------------------------------------------------------------------

def sparql(server, name: str) -> list[dict]:
    import json
    import urllib.parse

    query = (Path(__file__).resolve().parents[1] / "src/budget_lod/queries" / name).read_text(encoding="utf-8")
    r = fetch(server, "/sparql?query=" + urllib.parse.quote(query), {"Accept": "application/sparql-results+json"})
    assert r.status == 200, r.text()
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(r.body)["results"]["bindings"]]


def pairs_of_lines() -> list[tuple[str, str, dict, dict]]:
    """(department, code, budget 元 by measure, final 元 by measure) for every general-budget line both
    documents of a stored pair print."""
    out = []
    for year in (2023, 2024):
        b = printed(doc(year, "budget"), "general_budget_expenditure", "budget")
        f = printed(doc(year, "final_accounts"), "general_budget_expenditure", "final")
        out += [(TESTER[0], code, b[code], f[code]) for code in b if code in f]
    budget = {code: {k: Decimal(v) * WAN for k, v in a.items()} for code, a in PUTUO_LINES}
    final = truth_final("general_budget_expenditure")
    out += [(PUTUO[0], code, budget[code], final[code]) for code in budget if code in final]
    return out


def test_example_execution_rate_by_functional_class(server):
    expected: dict[str, list[Decimal]] = {}
    for _, code, b, f in pairs_of_lines():
        if len(code) == 3:
            sums = expected.setdefault(code, [Decimal(0), Decimal(0)])
            sums[0] += b["total"]
            sums[1] += f["total"]
    got = {r["code"]: (Decimal(r["budget_yuan"]), Decimal(r["final_yuan"]), Decimal(r["rate_percent"]))
           for r in sparql(server, "example_execution_by_functional_class.rq")}
    assert got == {c: (b, f, rate(f, b)) for c, (b, f) in expected.items()}


def test_example_largest_overspends(server):
    over = sorted(((f["total"] - b["total"], dept, code) for dept, code, b, f in pairs_of_lines()
                   if code != "TOTAL" and f["total"] > b["total"]), key=lambda o: (-o[0], o[1], o[2]))
    got = [(Decimal(r["over_yuan"]), r["department_name"], r["code"]) for r in sparql(server, "example_largest_overspends.rq")]
    assert got == over[:20]


def test_a_pair_the_link_step_made_across_department_keys_is_shown(tmp_path):
    """A budget printing its department code and final accounts printing none have different department keys;
    ingest's link step pairs them by name and says so with ``bud:executes`` in a links graph of its own."""
    from budget_lod.store import open_store
    from budget_lod.web.app import create_app
    from budget_lod.web.handmade_pairs import write

    base = "http://links.example/"
    lm = Minter(base)
    budget_spec, final_spec = doc(2024, "budget"), doc(2024, "final_accounts")
    coded = ("联动测试局", "904", "测试县", *budget_spec[3:])
    uncoded = ("联动测试局", None, "测试县", *final_spec[3:])
    write(tmp_path / "store", base, [coded, uncoded])
    budget = lm.budget("联动测试局", "904", 2024, "department")
    final = lm.budget("联动测试局", None, 2024, "department", "final_accounts")
    app = create_app({"STORE_DIR": str(tmp_path / "store"), "BASE_URL": base, "SPARQL_TIMEOUT": 10, "MAX_ROWS": 1000,
                      "PAGE_CACHE_BYTES": 0})
    client = app.test_client()
    before = client.get(budget.replace("/id/", "/doc/", 1), headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'id="execution"' not in before  # no path names the other: not paired
    links = rdflib.Graph()
    links.add((rdflib.URIRef(final), rdflib.URIRef(lm.vocab + "executes"), rdflib.URIRef(budget)))
    with open_store(tmp_path / "store", mode="write") as w:
        w.replace_document(f"{base}graph/links/904/2024/department", links, f"{base}graph/links/904/2024/department/report",
                           rdflib.Graph())
    app = create_app({"STORE_DIR": str(tmp_path / "store"), "BASE_URL": base, "SPARQL_TIMEOUT": 10, "MAX_ROWS": 1000,
                      "PAGE_CACHE_BYTES": 0})
    text = app.test_client().get(budget.replace("/id/", "/doc/", 1), headers={"Accept": "text/html"}).get_data(as_text=True)
    b = printed(budget_spec, "general_budget_expenditure", "budget")["TOTAL"]["total"]
    f = printed(final_spec, "general_budget_expenditure", "final")["TOTAL"]["total"]
    cells = execution_rows(text, "general_budget_expenditure")["TOTAL"]
    assert (number(cells["budget"]) * WAN, number(cells["final"]) * WAN, number(cells["rate"])) == (b, f, rate(f, b))
    item = lm.line_item(lm.table(final, "general_budget_expenditure"), "functional", "208")
    page = app.test_client().get(item.replace("/id/", "/doc/", 1), headers={"Accept": "text/html"}).get_data(as_text=True)
    assert f'<a class="counterpart" href="{item.replace(final, budget)}">' in page
