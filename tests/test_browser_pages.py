"""What a reader sees: headless Chromium (Debian's, through chromedriver) on the real server.

Loads the home, budget and line-item pages, checks the tables, the chart and the provenance link,
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


# The SPARQL query page (YASGUI, every example, the chart, the plain form): tests/test_browser_yasgui.py
