"""The site on what the real pipeline stores: the bundled sample PDF ingested (extract → build → validate →
store), served by the real server. Checks the pages and downloads against the graph and the source file,
and the printed tables' own arithmetic (合计 = Σ 类), read from the page as a reader would.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

import pytest
import rdflib

from budget_lod.web.testing import fetch, local_path, only_budget, printed_rows, shared_server


def ingest_sample(pdf):
    def fill(store_dir, base):
        from budget_lod.config import Settings
        from budget_lod.pipeline import ingest

        ingest([pdf], Settings.load(store=str(store_dir), base_url=base))
    return fill


@pytest.fixture(scope="module")
def server(sample_pdf):
    return shared_server("pipeline", ingest_sample(sample_pdf))


@pytest.fixture(scope="module")
def budget(server):
    return only_budget(server)


def test_budget_page_prints_the_tables_and_they_add_up(server, budget):
    page = fetch(server, local_path(server, budget.replace("/id/", "/doc/", 1)), {"Accept": "text/html"})
    assert page.status == 200
    rows = printed_rows(page.text(), "general_budget_expenditure")
    assert len(rows) > 3
    total = next(r for r in rows if r[0] == "")  # the 合计 row has no code
    classes = [r for r in rows if len(r[0]) == 3]
    as_decimal = lambda s: Decimal(s.replace(",", "")) if s else Decimal(0)  # noqa: E731
    assert sum(as_decimal(r[2]) for r in classes) == as_decimal(total[2])  # 合计 column
    assert '<rect class="bar"' in page.text()


def test_source_pdf_is_the_ingested_file(server, budget, sample_pdf):
    catalog = rdflib.Graph().parse(data=fetch(server, "/catalog.ttl").body, format="turtle")
    urls = [str(u) for u in catalog.objects(None, rdflib.namespace.DCAT.downloadURL) if str(u).endswith(".pdf")]
    assert len(urls) == 1
    pdf = fetch(server, local_path(server, urls[0]))
    assert pdf.status == 200 and pdf.media_type == "application/pdf"
    assert hashlib.sha256(pdf.body).hexdigest() == hashlib.sha256(sample_pdf.read_bytes()).hexdigest()


def test_line_item_links_to_its_page_in_the_pdf(server, budget):
    g = rdflib.Graph().parse(data=fetch(server, local_path(server, budget.replace("/id/", "/doc/", 1)) + ".ttl").body,
                             format="turtle")
    table = next(t for t in g.objects(rdflib.URIRef(budget), None) if str(t).endswith("/general_budget_expenditure"))
    tg = rdflib.Graph().parse(data=fetch(server, local_path(server, str(table)).replace("/id/", "/doc/", 1) + ".ttl").body,
                              format="turtle")
    assert len(tg) > 0
    html = fetch(server, local_path(server, budget.replace("/id/", "/doc/", 1)), {"Accept": "text/html"}).text()
    item = re.search(r'href="(' + re.escape(str(table)) + r'/functional/\d{7})"', html).group(1)
    item_ttl = rdflib.Graph().parse(
        data=fetch(server, local_path(server, item).replace("/id/", "/doc/", 1) + ".ttl").body, format="turtle")
    page = next(int(p) for p in item_ttl.objects(rdflib.URIRef(item), rdflib.URIRef(server.base_url + "def/budget#page")))
    item_html = fetch(server, local_path(server, item).replace("/id/", "/doc/", 1), {"Accept": "text/html"}).text()
    assert re.search(rf'href="/sources/[0-9a-f]{{64}}\.pdf#page={page}"', item_html)


def budget_html(server, budget) -> str:
    return fetch(server, local_path(server, budget.replace("/id/", "/doc/", 1)), {"Accept": "text/html"}).text()


def table_block(html: str, table_id: str) -> str:
    return html.split(f'id="{table_id}"', 1)[1].split("</article>", 1)[0]


def summary_lines(html: str, table_id: str) -> list[dict]:
    """A two-sided summary table read line by line: {"income": (name, {measure: text}), "expenditure": …}."""
    out = []
    for tr in re.findall(r'<tr class="line[^"]*">(.*?)</tr>', table_block(html, table_id), re.S):
        line = {}
        for side in ("income", "expenditure"):
            name = re.search(rf'<td class="name side-start {side}">(.*?)</td>', tr, re.S)
            nums = dict(re.findall(rf'<td class="num {side}" data-measure="([^"]+)">(.*?)</td>', tr, re.S))
            line[side] = (re.sub(r"<[^>]+>", "", name.group(1)).strip(), nums)
        out.append(line)
    return out


def yuan(text: str) -> Decimal:
    return Decimal(text.replace(",", "")) if text else Decimal(0)


def test_summary_table_is_two_sided_as_printed(server, budget):
    """收支总表: income on the left, expenditure on the right, line by line; the sides add up to their 合计 on
    one line (Hebei sample: 一般公共预算拨款收入 954.06 = 787.26 + 75.20 + 40.20 + 51.40 万元)."""
    html = budget_html(server, budget)
    lines = summary_lines(html, "income_expenditure_summary")
    assert len(lines) > 5
    assert lines[0]["income"][0] == "一、一般公共预算拨款收入" and lines[0]["expenditure"][0] == "一、一般公共服务支出"
    total = next(i for i, ln in enumerate(lines) if ln["income"][0] == "本年收入合计")
    assert lines[total]["expenditure"][0] == "本年支出合计"  # printed on one line
    income = sum(yuan(ln["income"][1].get("amount", "")) for ln in lines[:total])
    spent = sum(yuan(ln["expenditure"][1].get("amount", "")) for ln in lines[:total])
    assert income == spent == yuan(lines[total]["income"][1]["amount"]) == yuan(lines[total]["expenditure"][1]["amount"])
    assert spent == Decimal("787.26") + Decimal("75.20") + Decimal("40.20") + Decimal("51.40")
    block = table_block(html, "income_expenditure_summary")
    assert "单位：万元" in block
    assert not re.search(r">\s*(income|expenditure|carryover)_[a-z0-9_]*\s*<", block)  # no slug shown as a code


def test_fiscal_summary_keeps_its_columns_per_side(server, budget):
    lines = summary_lines(budget_html(server, budget), "fiscal_appropriation_summary")
    first = lines[0]
    assert set(first["income"][1]) == {"amount"} and {"total", "general_budget"} <= set(first["expenditure"][1])
    assert first["expenditure"][1]["total"] == first["expenditure"][1]["general_budget"] == "787.26"


def test_three_public_table_as_printed_with_its_measures_as_columns(server, budget):
    """三公 in 万元: 合计 17.00 = 公务用车购置及运维费 15.00 + 公务接待费 2.00 (因公出国 0), the vehicle columns
    under their printed heading, and no 科目编码 column for item rows."""
    block = table_block(budget_html(server, budget), "three_public")
    tr = next(r for r in re.findall(r"<tr class=\"level-[^\"]*\">(.*?)</tr>", block, re.S) if ">合计<" in r)
    cells = dict(re.findall(r'data-measure="([^"]+)">(.*?)</td>', tr))
    assert yuan(cells["vehicle_total"]) + yuan(cells["reception"]) == yuan(cells["grand_total"]) == Decimal("17.00")
    assert "公务用车购置及运行费" in block and 'colspan="2"' in block
    assert "科目编码" not in block and '<td class="code">' not in block


def test_item_rows_in_printed_order_and_empty_tables_show_their_note(server, budget):
    html = budget_html(server, budget)
    names = [re.sub(r"<[^>]+>", "", n).strip()
             for n in re.findall(r'<td class="name">(.*?)</td>', table_block(html, "assets"), re.S)]
    printed = ["资产总额", "1、房屋（平方米）", "2、车辆（台、辆）", "4、其他固定资产"]  # page 27 of the sample
    assert [n for n in names if n in printed] == printed
    empty = table_block(html, "government_fund_expenditure")
    assert "本表为空" in empty and "注：无政府性基金预算财政拨款预算" in empty


def project_html(server, budget, name: str) -> str:
    html = budget_html(server, budget)
    href = re.search(r'<a href="([^"]+/project/[^"]+)">' + re.escape(name) + "</a>", html).group(1)
    return fetch(server, local_path(server, href).replace("/id/", "/doc/", 1), {"Accept": "text/html"}).text()


def test_project_page_amount_plan_and_indicators_as_printed(server, budget):
    """政务服务与政务管理 (sample page 24): 预算数 85.00 万元; plan 30.00 / 50.00 / 75.00 / 85.00 万元 by the end of
    March, June, October, December; indicators printed under 产出指标 first, in printed order."""
    html = project_html(server, budget, "政务服务与政务管理")
    assert "85.00 万元" in html.split('id="project-amount"', 1)[1].split("</dd>", 1)[0]
    plan = html.split('id="spending-plan"', 1)[1].split("</section>", 1)[0]
    table = plan.split("<tbody>", 1)[1]
    months = [int(m) for m in re.findall(r">(\d+)月底</a>", table)]
    shares = [Decimal(s) for s in re.findall(r'<td class="num">([\d.]+)%</td>', table)]
    printed = [Decimal("30.00"), Decimal("50.00"), Decimal("75.00"), Decimal("85.00")]
    assert months == [3, 6, 10, 12]
    assert shares == [(p * 100 / Decimal("85.00")).quantize(Decimal("0.1")) for p in printed]  # 35.3 … 100.0
    assert len(re.findall(r'<rect class="step"', plan)) == 4
    indicators = html.split('id="indicators"', 1)[1].split("</table>", 1)[0]
    names = [re.sub(r"<[^>]+>", "", n) for n in re.findall(r'<td class="indicator">(.*?)</td>', indicators)]
    assert names[:4] == ["重大联络活动服务工作", "会议保障完成率", "督查督办任务完成率", "各项工作及时完成率"]
    spans = [int(n) for n in re.findall(r'class="level1" rowspan="(\d+)"', indicators)]
    assert sum(spans) == len(names) and indicators.index("产出指标") < indicators.index("效益指标")
    level1 = re.findall(r'class="level1" rowspan="\d+">([^<]+)<', indicators)
    assert len(level1) == len(set(level1))  # each 一级 once, spanning its rows


def test_indicator_page_target_comparator_basis_and_project(server, budget):
    html = project_html(server, budget, "政务服务与政务管理")
    href = re.search(r'<td class="indicator"><a href="([^"]+)">会议保障完成率</a>', html).group(1)
    page = fetch(server, local_path(server, href).replace("/id/", "/doc/", 1), {"Accept": "text/html"}).text()
    assert "≥95%" in page and "不低于" in page and "95%" in page.split("比较方式", 1)[1]
    assert "工作计划" in page and "产出指标 › 质量指标 › 会议保障完成率" in page  # basis and levels as printed
    assert "政务服务与政务管理</a> · 预算数 85.00 万元" in page
