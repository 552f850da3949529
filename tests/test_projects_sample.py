"""Projects of the bundled Hebei sample PDF, against the figures of the original disclosure's text.

Expected values were read from ``../shared/corpus/hebei-pingxiang/*.txt`` (the five 绩效目标表) and checked by
the document's own arithmetic: the projects add up to 项目支出 300.40 of the 支出总表, each spending plan is
cumulative and ends at the project amount, and each 成本指标 ceiling equals the project amount.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_lod.extract.projects import extract_projects

# code, name, 预算数, 财政资金, plan (3/6/10/12月底, "" = blank), number of indicator rows
EXPECTED = [
    ("13053225P002735140317", "12345热线分中心保障经费", "2.00", "2.00", ("0.70", "1.40", "2.00", "2.00"), 9),
    ("13053225P002735140298", "政府法律顾问工作经费", "12.00", "12.00", ("", "", "12.00", "12.00"), 9),
    ("13053225P00273514026D", "政务服务与政务管理", "85.00", "85.00", ("30.00", "50.00", "75.00", "85.00"), 10),
    ("13053225P00273514028L", "综合业务事务管理", "200.00", "200.00", ("50.00", "100.00", "180.00", "200.00"), 14),
    ("13053225P00273514136J", "金融发展服务中心经费", "1.40", "1.40", ("0.50", "1.00", "1.40", "1.40"), 8),
]
PLAN = ("plan_03", "plan_06", "plan_10", "plan_12")


@pytest.fixture(scope="session")
def sample_projects(sample_pdf, pages_of):
    return extract_projects(pages_of(sample_pdf))


def test_the_five_projects_add_up_to_project_expenditure(sample_projects):
    assert [(p.code, p.name) for p in sample_projects] == [(e[0], e[1]) for e in EXPECTED]
    total = sum(Decimal(e[2]) for e in EXPECTED)
    assert total == Decimal("300.40")  # 支出总表 合计 项目支出
    assert sum(p.amount.yuan for p in sample_projects) == Decimal("3004000.00")


@pytest.mark.parametrize("i", range(len(EXPECTED)))
def test_amount_funding_and_plan(sample_projects, i):
    code, name, amount, fiscal, plan, _ = EXPECTED[i]
    p = sample_projects[i]
    assert p.unit == "万元"
    assert (p.amount.printed, p.amount.unit, p.amount.yuan) == (amount, "万元", Decimal(amount) * 10000)
    assert {k: a.printed for k, a in p.funding.items()} == {"fiscal": fiscal}  # 其他资金 blank: absent
    assert Decimal(fiscal) == Decimal(amount)
    want = {k: v for k, v in zip(PLAN, plan) if v}
    assert {k: a.printed for k, a in p.plan.items()} == want
    # cumulative, non-decreasing, ending at the project amount
    values = [Decimal(v) for v in plan if v]
    assert values == sorted(values) and values[-1] == Decimal(amount)
    assert all(a.page in p.pages for a in p.plan.values())


@pytest.mark.parametrize("i", range(len(EXPECTED)))
def test_indicators(sample_projects, i):
    p = sample_projects[i]
    assert len(p.indicators) == EXPECTED[i][5]
    assert [ind.level1 for ind in p.indicators] == sorted(
        (ind.level1 for ind in p.indicators), key=["产出指标", "效益指标", "满意度指标"].index)
    assert all(ind.level2 and ind.level3 and ind.target and ind.basis for ind in p.indicators)
    # the 成本指标 ceiling is the project's own amount (“≤2 万元” for a 2.00 万元 project)
    (cost,) = [ind for ind in p.indicators if ind.level2 == "成本指标"]
    assert cost.comparator == "<=" and cost.target_unit == "万元"
    assert cost.target_value == Decimal(EXPECTED[i][2])


def test_indicator_details_of_the_first_project(sample_projects):
    first = sample_projects[0].indicators
    assert (first[0].level1, first[0].level2, first[0].level3, first[0].description, first[0].target) == (
        "产出指标", "数量指标", "办公设备维护", "维护办公电脑、话机数量", "≥4套")
    assert (first[0].comparator, first[0].target_value, first[0].target_unit, first[0].basis) == (
        ">=", Decimal("4"), "套", "市规范化建设通知")
    # qualitative target
    assert (first[4].target, first[4].comparator, first[4].target_value) == ("持续提升", None, None)
    # the table continues on the next page with its header repeated: 满意度指标 rows keep their levels
    last = first[-1]
    assert (last.level1, last.level2, last.level3, last.target) == (
        "满意度指标", "服务对象满意度指标", "服务满意率", "≥95%")
    assert last.page == sample_projects[0].pages[-1] > first[0].page


def test_levels_carried_over_a_page_break(sample_projects):
    """政府法律顾问工作经费: 效益指标 starts on one page and its rows go on after the break."""
    p = sample_projects[1]
    benefit = [ind for ind in p.indicators if ind.level1 == "效益指标"]
    assert [ind.level3 for ind in benefit] == [
        "诉讼参与率", "政府重要涉法事项参与率", "推进法治政府建设", "依法行政水平得到进一步提高"]
    assert len({ind.page for ind in benefit}) == 2
    exact = [ind for ind in p.indicators if ind.target == "100%"]
    assert [(ind.comparator, ind.target_value, ind.target_unit) for ind in exact] == [("=", Decimal(100), "%")]


def test_purpose_and_goals(sample_projects):
    p = sample_projects[1]
    assert p.purpose == "政府常年法律顾问费用"
    goals = p.goals.split("\n")
    assert len(goals) == 2 and goals[0].startswith("1.") and goals[1].startswith("2.")
    assert goals[1].endswith("参与规范性文件的审查、论证，参与决策论证")  # wrapped line joined back
