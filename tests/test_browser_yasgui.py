"""The SPARQL query page in headless Chromium (Debian's, through chromedriver): YASGUI on the real server.

Every example query (``queries/example_*.rq``) has a tab; each runs against the endpoint and shows a result
table; the largest-classes example also draws as a chart; the browser logs no error (a Content-Security-
Policy violation would be one); the plain form answers without JavaScript. Screenshots go to
``tests/_artifacts/``.
"""

from __future__ import annotations

import re
import tempfile
import urllib.parse
from decimal import Decimal
from pathlib import Path

import pytest

from budget_lod.web.sparql import examples
from budget_lod.web.testing import fetch, shared_server

ARTIFACTS = Path(__file__).parent / "_artifacts"
# the sample (Hebei 平乡县人民政府办公室, 万元): its functional classes (类) in the 一般公共预算支出表, largest first
SAMPLE_CLASSES = [("201", Decimal("787.26")), ("208", Decimal("75.20")), ("221", Decimal("51.40")),
                  ("210", Decimal("40.20"))]


@pytest.fixture(scope="module")
def server(sample_pdf):
    from test_web_pipeline import ingest_sample

    return shared_server("pipeline", ingest_sample(sample_pdf))


def chromium(javascript: bool = True):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", f"--user-data-dir={tempfile.mkdtemp(prefix='budget-lod-chromium-')}",
                "--window-size=1280,1600", "--lang=zh-CN"):
        options.add_argument(arg)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    d.set_page_load_timeout(30)
    return d


@pytest.fixture(scope="module")
def driver():
    d = chromium()
    yield d
    d.quit()


def example_named(name: str):
    (e,) = [e for e in examples() if e.name == name]
    return e


def no_errors(driver) -> None:
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def value_of(cell: str) -> str:
    """A YASR table cell's value: ``"7872600.00"^^<…#decimal>`` → ``7872600.00``, ``"名称"@zh`` → ``名称``."""
    m = re.match(r'"([^"]*)"', cell.strip())
    return m.group(1) if m else cell.strip()


def result_count(driver, panel: str) -> int | None:
    """The number of results YASR reports for the last run (its ``N results in … seconds`` chip), if any yet."""
    from selenium.webdriver.common.by import By

    chips = driver.find_elements(By.CSS_SELECTOR, f"{panel} .yasr_response_chip")
    m = re.match(r"\s*(\d+) results?\b", chips[0].text) if chips else None
    return int(m.group(1)) if m else None


def run_tab(driver, title: str, shot: str) -> tuple[list[str], list[list[str]]]:
    """Select the tab named ``title``, run its query, wait for the result table: (column heads, rows; none when
    the query found nothing)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    (tab,) = [t for t in driver.find_elements(By.CSS_SELECTOR, ".tabsList .tab") if t.text.split("\n")[0] == title]
    tab.find_element(By.TAG_NAME, "a").click()
    panel = ".tabPanel.active"
    driver.find_element(By.CSS_SELECTOR, f"{panel} .yasqe_queryButton").click()
    WebDriverWait(driver, 30).until(
        lambda d: result_count(d, panel) == 0
        or d.find_elements(By.CSS_SELECTOR, f"{panel} .yasr_results table tbody tr")
        or d.find_elements(By.CSS_SELECTOR, f"{panel} .yasr .errorResult"))
    assert not driver.find_elements(By.CSS_SELECTOR, f"{panel} .yasr .errorResult"), title
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{shot}.png"))
    no_errors(driver)
    table = driver.find_element(By.CSS_SELECTOR, f"{panel} .yasr_results table")
    heads = [th.text.strip() for th in table.find_elements(By.CSS_SELECTOR, "thead th")][1:]  # after the row number
    if result_count(driver, panel) == 0:
        return heads, []
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")][1:]
            for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    return heads, rows


@pytest.fixture(scope="module")
def page(server, driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(server.base_url + "sparql")
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".tabsList .tab"))
    no_errors(driver)
    return driver


def test_every_example_has_a_tab_and_the_plain_form_is_put_away(page):
    from selenium.webdriver.common.by import By

    tabs = [t.text.split("\n")[0] for t in page.find_elements(By.CSS_SELECTOR, ".tabsList .tab")]
    assert tabs == [e.title_zh for e in examples()] and len(tabs) >= 4
    assert not page.find_element(By.ID, "sparql-query").is_displayed()  # YASGUI took over
    endpoint = page.find_element(By.CSS_SELECTOR, ".tabPanel.active .controlbar input").get_attribute("value")
    assert endpoint == page.current_url.split("?")[0]  # this site's endpoint, nothing else


@pytest.mark.parametrize("example", [e.name for e in examples()])
def test_each_example_runs_and_shows_a_result_table(page, example):
    """On the sample (one budget) every example runs; those comparing a budget with its final accounts find
    nothing here (tests/test_browser_execution.py runs them where pairs are stored)."""
    e = example_named(example)
    heads, rows = run_tab(page, e.title_zh, f"yasgui-{example}")
    found = result_count(page, ".tabPanel.active")
    assert heads and bool(rows) == (found > 0) and len(rows) <= found, (example, found, heads, rows[:2])
    assert all(len(r) == len(heads) for r in rows), (example, heads, rows[:2])
    assert found > 0 or "bud:FinalAccounts" in e.text, example  # the sample holds no final accounts


def test_largest_classes_table_and_chart_show_the_samples_figures(page):
    """In 元, largest first, together the 954.06 万元 the department spends."""
    from selenium.webdriver.common.by import By

    heads, rows = run_tab(page, example_named("largest_functional_classes").title_zh, "yasgui-largest-classes")
    assert heads[:3] == ["code", "name", "total_yuan"]
    got = [(value_of(r[0]), Decimal(value_of(r[2]))) for r in rows]
    assert got == [(code, wan * 10000) for code, wan in SAMPLE_CLASSES]
    assert "一般公共服务支出" in value_of(rows[0][1])
    page.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr .select_chart").click()
    bars = page.find_elements(By.CSS_SELECTOR, ".tabPanel.active svg.sparql-chart rect.bar")
    assert [Decimal(b.get_attribute("data-value")) for b in bars] == [wan * 10000 for _, wan in SAMPLE_CLASSES]
    widths = [float(b.get_attribute("width")) for b in bars]
    assert widths == sorted(widths, reverse=True) and widths[1] / widths[0] == pytest.approx(75.20 / 787.26, abs=0.01)
    ARTIFACTS.mkdir(exist_ok=True)
    page.save_screenshot(str(ARTIFACTS / "yasgui-chart.png"))
    no_errors(page)


def test_the_samples_violation_is_listed(page):
    """The sample says 10.00 万元 of asset purchases are in the procurement budget, whose table is empty."""
    _, rows = run_tab(page, [e for e in examples() if e.name == "violations"][0].title_zh, "yasgui-violations")
    assert any("政府采购" in " ".join(r) for r in rows)


def test_a_query_in_the_url_opens_and_runs(server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    d = chromium()
    try:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        d.get(server.base_url + "sparql?query=" + urllib.parse.quote(query))
        WebDriverWait(d, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".tabPanel.active .yasr_results table tbody tr"))
        assert d.find_element(By.CSS_SELECTOR, ".tabsList .tab.active").text.startswith("查询")
        no_errors(d)
    finally:
        d.quit()


def test_the_plain_form_works_without_javascript(server):
    from selenium.webdriver.common.by import By

    d = chromium(javascript=False)
    try:
        d.get(server.base_url + "sparql")
        assert d.find_element(By.ID, "sparql-query").is_displayed()
        assert not d.find_element(By.ID, "yasgui").is_displayed()
        links = d.find_elements(By.CSS_SELECTOR, ".sparql-examples a")
        assert len(links) == len(examples())
        links[0].click()  # an example fills the form
        assert "SELECT" in d.find_element(By.ID, "sparql-query").get_attribute("value")
    finally:
        d.quit()
    # what the form submits: the endpoint in the chosen format
    query = example_named("largest_functional_classes").text
    reply = fetch(server, "/sparql?" + urllib.parse.urlencode({"query": query, "format": "csv"}),
                  {"Accept": "text/html"})
    assert reply.status == 200 and reply.media_type == "text/csv"
    assert reply.text().splitlines()[0].startswith("code,name,total_yuan")


def test_the_query_page_keeps_scripts_and_connections_on_the_site(server):
    reply = fetch(server, "/sparql", {"Accept": "text/html"})
    csp = dict(part.strip().split(" ", 1) for part in reply.headers["content-security-policy"].split(";"))
    assert csp["script-src"] == "'self'" and csp["connect-src"] == "'self'" and csp["object-src"] == "'none'"
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert "vendor/yasgui/yasgui.min.js" in reply.text()
    licence = fetch(server, "/static/vendor/yasgui/LICENSE.md")
    assert licence.status == 200 and b"MIT License" in licence.body
