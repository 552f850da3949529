"""Budget versus execution as a reader sees it: headless Chromium on the real server holding budget/决算 pairs
(the store of ``tests/test_web_execution.py``: the corpus 决算 beside a hand-made budget, hand-made pairs).

The budget page's comparison is on screen with its overspends and the stated 年初预算数 that disagrees set off;
the department's chart draws each year's bars at heights proportional to the figures; the code page draws each
department's rate; the execution examples run in YASGUI and list what the data says; the browser logs no error.
Screenshots go to ``tests/_artifacts/``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from budget_lod.rdf.iri import Minter
from budget_lod.web.handmade_pairs import DOCUMENTS, TESTER, pair_filler
from budget_lod.web.testing import shared_server
from test_browser_yasgui import chromium, example_named, no_errors, result_count, run_tab, value_of
from test_web_execution import FINAL_PDF

WAN = Decimal(10000)


@pytest.fixture(scope="module")
def server(corpus):
    return shared_server("execution", pair_filler(corpus / FINAL_PDF))


@pytest.fixture(scope="module")
def driver():
    d = chromium()
    yield d
    d.quit()


def visit(driver, url: str, shot: str) -> None:
    from test_browser_pages import ARTIFACTS

    driver.get(url)
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{shot}.png"))
    no_errors(driver)


def figures_of(year: int, kind: str) -> dict:
    spec = next(d for d in DOCUMENTS if d[:3] == TESTER and d[3] == kind and d[4] == year)
    return spec[6]["general_budget_expenditure"]


def test_budget_page_sets_off_overspends_and_a_misreported_initial_budget(server, driver):
    from selenium.webdriver.common.by import By

    m = Minter(server.base_url)
    visit(driver, m.budget(*TESTER[:2], 2024, "department"), "execution-budget")
    table = driver.find_element(By.CSS_SELECTOR, '#execution-general_budget_expenditure table[data-measure="total"]')
    assert table.is_displayed()
    rows = {tr.get_attribute("data-code"): tr for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")}
    budget, final = dict(figures_of(2024, "budget")["budget"]), dict(figures_of(2024, "final_accounts")["final"])
    assert set(rows) == set(budget)
    for code, tr in rows.items():
        b, f = Decimal(budget[code]["total"]), Decimal(final[code]["total"])
        rate = tr.find_element(By.CSS_SELECTOR, 'td[data-figure="rate"]')
        assert rate.text == f"{(f * 100 / b).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"
        over = "over" in rate.get_attribute("class").split()
        assert over == (f > b), code
    red = rows["208"].find_element(By.CSS_SELECTOR, 'td[data-figure="rate"]').value_of_css_property("color")
    plain = rows["2010301"].find_element(By.CSS_SELECTOR, 'td[data-figure="rate"]').value_of_css_property("color")
    assert red != plain  # an overspend stands out
    stated = rows["2210201"].find_element(By.CSS_SELECTOR, 'td[data-figure="initial"]')
    assert "mismatch" in stated.get_attribute("class") and stated.text.startswith("35.00")
    assert stated.value_of_css_property("background-color") != \
        rows["2010301"].find_element(By.CSS_SELECTOR, 'td[data-figure="initial"]').value_of_css_property("background-color")
    # the other measures fold away under the headline one
    details = driver.find_elements(By.CSS_SELECTOR, "#execution-general_budget_expenditure details.measure")
    assert len(details) == 2 and not details[0].find_element(By.TAG_NAME, "table").is_displayed()
    details[0].find_element(By.TAG_NAME, "summary").click()
    assert details[0].find_element(By.TAG_NAME, "table").is_displayed()


def test_department_chart_draws_each_year_to_scale(server, driver):
    from selenium.webdriver.common.by import By

    m = Minter(server.base_url)
    visit(driver, m.department(*TESTER[:2]), "execution-department")
    bars = driver.find_elements(By.CSS_SELECTOR, "#chart-execution rect.bar")
    drawn = {(b.find_element(By.XPATH, "ancestor::*[@data-year]").get_attribute("data-year"), b.get_attribute("data-kind")):
             (Decimal(b.get_attribute("data-yuan")), b.size["height"]) for b in bars}
    expected = {}
    for year in (2023, 2024, 2025):
        expected[(str(year), "planned")] = Decimal(dict(figures_of(year, "budget")["budget"])["TOTAL"]["total"]) * WAN
        if year < 2025:
            expected[(str(year), "final")] = Decimal(dict(figures_of(year, "final_accounts")["final"])["TOTAL"]["total"]) * WAN
    assert {k: v for k, (v, _) in drawn.items()} == expected
    tallest_yuan, tallest_px = max((v, h) for v, h in drawn.values())
    assert tallest_px > 50
    for yuan, px in drawn.values():  # on screen, heights in proportion to the figures
        assert px == pytest.approx(float(yuan / tallest_yuan) * tallest_px, abs=1.5)
    rates = [t.text for t in driver.find_elements(By.CSS_SELECTOR, "#chart-execution text.rate")]
    assert rates == ["96.00%", "103.50%"]  # 240 / 250, 310.50 / 300


def test_code_page_draws_each_departments_rate(server, driver):
    from selenium.webdriver.common.by import By

    m = Minter(server.base_url)
    visit(driver, m.concept("functional", "2080505"), "execution-code")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.code-execution tbody tr")
    assert len(rows) == 3
    for tr in rows:
        rate = Decimal(tr.find_element(By.CSS_SELECTOR, 'td[data-figure="rate"]').text.rstrip("%"))
        bar = tr.find_element(By.CSS_SELECTOR, "td.rate-bar rect.bar")
        assert Decimal(bar.get_attribute("width")) == min(rate, Decimal(200)) / 2
        assert ("over" in bar.get_attribute("class")) == (rate > 100)


def test_execution_examples_run_in_yasgui(server, driver):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(server.base_url + "sparql")
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".tabsList .tab"))
    heads, rows = run_tab(driver, example_named("largest_overspends").title_zh, "execution-yasgui-overspends")
    assert heads[:3] == ["department_name", "year", "code"] and result_count(driver, ".tabPanel.active") > 0
    first = dict(zip(heads, (value_of(c) for c in rows[0])))
    budget, final = dict(figures_of(2024, "budget")["budget"]), dict(figures_of(2024, "final_accounts")["final"])
    assert (first["department_name"], first["code"]) == (TESTER[0], "2010350")  # 94.50 against 80.00 万元
    assert Decimal(first["over_yuan"]) == (Decimal(final["2010350"]["total"]) - Decimal(budget["2010350"]["total"])) * WAN
    heads, rows = run_tab(driver, example_named("execution_by_functional_class").title_zh, "execution-yasgui-classes")
    assert [value_of(r[0]) for r in rows] == ["201", "208", "210", "221"]
    no_errors(driver)
