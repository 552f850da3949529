"""What a reader sees: headless Chromium (Debian's, through chromedriver) on the real server.

Loads the home, budget, line-item and SPARQL pages, checks the tables, the chart and the provenance link,
and that the browser logged no errors; screenshots go to ``tests/_artifacts/``.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from budget_lod.rdf.iri import Minter
from budget_lod.web.handmade import fill_store
from budget_lod.web.testing import shared_server

ARTIFACTS = Path(__file__).parent / "_artifacts"


@pytest.fixture(scope="module")
def server():
    return shared_server("local", fill_store)


@pytest.fixture(scope="module")
def driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", f"--user-data-dir={tempfile.mkdtemp(prefix='budget-lod-chromium-')}",
                "--window-size=1280,1600", "--lang=zh-CN"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    d.set_page_load_timeout(30)
    yield d
    d.quit()


def visit(driver, url: str, shot: str):
    driver.get(url)
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{shot}.png"))
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def test_home_lists_departments_and_budgets(server, driver):
    from selenium.webdriver.common.by import By

    visit(driver, server.base_url, "home")
    text = driver.find_element(By.TAG_NAME, "main").text
    assert "平乡县测试局" in text and "上海市普陀区测试办公室" in text
    assert len(driver.find_elements(By.CSS_SELECTOR, "a.budget-link")) == 3


def test_budget_page_shows_tables_chart_and_findings(server, driver):
    from selenium.webdriver.common.by import By

    m = Minter(server.base_url)
    visit(driver, m.budget("平乡县测试局", "901", 2025, "department"), "budget")
    assert "/doc/budget/" in driver.current_url  # followed the 303
    table = driver.find_element(By.CSS_SELECTOR, "#general_budget_expenditure table.amounts")
    rows = {tr.find_element(By.CSS_SELECTOR, "td.code").text: [td.text for td in tr.find_elements(By.CSS_SELECTOR, "td.num")]
            for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")}
    assert rows["201"] == ["150.00", "100.00", "50.00"]  # 合计 = 基本 + 项目, as printed in 万元
    assert rows["2010350"] == ["50.00", "", "50.00"]  # blank is not zero
    # the 项 rows are indented more than their 类
    indent = {code: driver.find_element(By.CSS_SELECTOR, f"#general_budget_expenditure tr.level-{lvl} td.name")
              .value_of_css_property("padding-left") for code, lvl in (("201", 1), ("2010301", 3))}
    assert float(indent["2010301"].rstrip("px")) > float(indent["201"].rstrip("px"))
    bars = driver.find_elements(By.CSS_SELECTOR, "#chart-functional svg rect.bar")
    assert [b.get_attribute("data-code") for b in bars] == ["201", "208"]  # largest first
    widths = [float(b.get_attribute("width")) for b in bars]
    assert widths[1] / widths[0] == pytest.approx(30 / 150, abs=0.01)
    assert bars[0].size["width"] > 0
    assert len(driver.find_elements(By.CSS_SELECTOR, "#chart-economic svg rect.bar")) == 2
    findings = driver.find_elements(By.CSS_SELECTOR, "li.finding")
    assert [f.get_attribute("class").split()[-1] for f in findings] == ["violation", "warning"]
    assert driver.find_element(By.CSS_SELECTOR, "a.pdf").get_attribute("href").endswith(".pdf")
    ld = driver.find_element(By.CSS_SELECTOR, 'script[type="application/ld+json"]').get_attribute("innerHTML")
    assert '"@type": "Dataset"' in ld


def test_line_item_page_shows_path_amounts_and_pdf_page(server, driver):
    from selenium.webdriver.common.by import By

    m = Minter(server.base_url)
    budget = m.budget("平乡县测试局", "901", 2025, "department")
    visit(driver, m.line_item(m.table(budget, "general_budget_expenditure"), "functional", "2010301"), "line-item")
    path = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "ol.class-path li")]
    assert [p.split()[-2] for p in path] == ["201", "20103", "2010301"]  # 类 / 款 / 项
    cells = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
             for tr in driver.find_elements(By.CSS_SELECTOR, "table.item-amounts tbody tr")]
    total = next(c for c in cells if c[0].startswith("合计"))
    assert total[1] == "100.00" and Decimal(total[2].replace(",", "")) == Decimal("100.00") * 10000
    pdf = driver.find_element(By.CSS_SELECTOR, ".provenance a.pdf").get_attribute("href")
    assert pdf.endswith("#page=2")


def test_pdf_link_opens_the_source(server, driver):
    import urllib.request

    from selenium.webdriver.common.by import By

    m = Minter(server.base_url)
    driver.get(m.budget("上海市普陀区测试办公室", None, 2025, "department"))
    href = driver.find_element(By.CSS_SELECTOR, "a.pdf").get_attribute("href")
    with urllib.request.urlopen(href) as r:
        assert r.headers["Content-Type"] == "application/pdf" and r.read(4) == b"%PDF"


def test_sparql_page_loads_with_examples(server, driver):
    from selenium.webdriver.common.by import By

    visit(driver, server.base_url + "sparql", "sparql")
    assert driver.find_element(By.ID, "sparql-query").is_displayed()
    assert len(driver.find_elements(By.CSS_SELECTOR, "#sparql-example option")) > 1


def test_real_pipeline_budget_page_renders_every_table(sample_pdf, driver):
    from selenium.webdriver.common.by import By

    from test_web_pipeline import ingest_sample

    server = shared_server("pipeline", ingest_sample(sample_pdf))
    visit(driver, server.base_url, "pipeline-home")
    driver.find_element(By.CSS_SELECTOR, "a.budget-link").click()
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "pipeline-budget.png"))
    assert not [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    tables = driver.find_elements(By.CSS_SELECTOR, "article.budget-table")
    assert len(tables) >= 9  # the mandated tables, filled or declared empty
    assert driver.find_elements(By.CSS_SELECTOR, "#chart-functional svg rect.bar")
    amounts = driver.find_elements(By.CSS_SELECTOR, "#general_budget_expenditure td.num")
    assert any(a.text for a in amounts)
    # the summary reads as printed: 收入 | 支出 side by side, the first line 一般公共预算拨款收入 beside 一般公共服务支出
    sides = [th.text.split()[0] for th in driver.find_elements(By.CSS_SELECTOR, "#income_expenditure_summary th.side")]
    assert sides == ["收入", "支出"]
    first = driver.find_element(By.CSS_SELECTOR, "#income_expenditure_summary tbody tr")
    assert [td.text for td in first.find_elements(By.CSS_SELECTOR, "td.name")] == ["一、一般公共预算拨款收入", "一、一般公共服务支出"]
    left, right = (td.rect["x"] for td in first.find_elements(By.CSS_SELECTOR, "td.name"))
    assert right > left + 200  # really side by side on screen


@pytest.fixture(scope="module")
def pipeline_server(sample_pdf):
    from test_web_pipeline import ingest_sample

    return shared_server("pipeline", ingest_sample(sample_pdf))


def run_example(driver, server, name: str, shot: str) -> tuple[list[str], list[list[str]]]:
    """On the SPARQL page: pick an example, click 运行 Run, wait for the results table; (heads, rows)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver.get(server.base_url + "sparql")
    Select(driver.find_element(By.ID, "sparql-example")).select_by_value(name)
    assert "SELECT" in driver.find_element(By.ID, "sparql-query").get_attribute("value")
    driver.find_element(By.ID, "sparql-run").click()
    status = driver.find_element(By.ID, "sparql-status")
    WebDriverWait(driver, 30).until(lambda d: "running" not in status.get_attribute("class")
                                    and status.get_attribute("class") != "sparql-status")
    assert "ok" in status.get_attribute("class").split(), status.text
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{shot}.png"))
    assert not [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    table = driver.find_element(By.CSS_SELECTOR, "#sparql-results table.sparql-table")
    heads = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    return heads, rows


def test_sparql_page_runs_an_example_and_shows_its_results(pipeline_server, driver):
    """The largest functional classes of the sample (Hebei 平乡县人民政府办公室, 万元): 201 787.26, 221 51.40,
    208 75.20, 210 40.20 — in 元, largest first, and together the 954.06 万元 the department spends."""
    heads, rows = run_example(driver, pipeline_server, "largest_functional_classes", "sparql-run")
    assert heads[:3] == ["?code", "?name", "?total_yuan"]
    got = [(r[0], Decimal(r[2].split("^^")[0])) for r in rows]
    expected = [("201", Decimal("787.26") * 10000), ("208", Decimal("75.20") * 10000),
                ("221", Decimal("51.40") * 10000), ("210", Decimal("40.20") * 10000)]
    assert got == expected
    assert sum(v for _, v in got) == Decimal("954.06") * 10000
    assert "一般公共服务支出" in rows[0][1]


def test_sparql_page_lists_the_samples_violation(pipeline_server, driver):
    """The sample says 10.00 万元 of asset purchases are in the procurement budget, whose table is empty."""
    heads, rows = run_example(driver, pipeline_server, "violations", "sparql-violations")
    assert rows and any("政府采购" in " ".join(r) for r in rows)
