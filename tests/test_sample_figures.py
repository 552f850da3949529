"""The sample's data file checked by its own arithmetic, with Decimal: parents, totals, cross-table agreement.

These checks verify the figures independently of any extractor, so extractor tests may compare against
``load_figures()``.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from budget_lod.sample import load_figures, load_raw

FUNCTIONAL = ("income_summary", "expenditure_summary", "general_budget_expenditure")
ZERO = Decimal("0")


@pytest.fixture(scope="module")
def fig():
    return load_figures()


def _by_code(table):
    return {r["code"]: r for r in table["rows"] if r.get("code")}


def _total_row(table):
    rows = [r for r in table["rows"] if r.get("name") == "合计"]
    assert len(rows) == 1
    return rows[0]


def _sum(values):
    return sum(values, ZERO)


def _measures(table):
    return [c["key"] for c in table["columns"]]


def test_amounts_are_decimal_with_two_places(fig):
    for table in fig["tables"].values():
        for row in table["rows"]:
            for value in row["amounts"].values():
                assert isinstance(value, Decimal)
                assert value.as_tuple().exponent == -2


def test_blank_cells_are_absent_not_zero(fig):
    row = _by_code(fig["tables"]["expenditure_summary"])["2010302"]
    assert "basic" not in row["amounts"]
    assert row["amounts"]["project"] == Decimal("265.40")


@pytest.mark.parametrize("kind", FUNCTIONAL + ("general_budget_basic_expenditure",))
def test_parent_code_equals_sum_of_children(fig, kind):
    table = fig["tables"][kind]
    rows = _by_code(table)
    checked = 0
    for code, row in rows.items():
        children = [r for c, r in rows.items() if len(c) == len(code) + 2 and c.startswith(code)]
        if not children:
            assert len(code) in (5, 7), f"{kind}: {code} has no children"
            continue
        for m in _measures(table):
            got = _sum(r["amounts"].get(m, ZERO) for r in children)
            assert row["amounts"].get(m, ZERO) == got, f"{kind} {code} {m}"
            checked += 1
    assert checked >= 9


@pytest.mark.parametrize("kind", FUNCTIONAL + ("general_budget_basic_expenditure",))
def test_table_total_equals_sum_of_classes(fig, kind):
    table = fig["tables"][kind]
    classes = [r for r in table["rows"] if r.get("code") and len(r["code"]) == 3]
    total = _total_row(table)
    for m in _measures(table):
        assert total["amounts"].get(m, ZERO) == _sum(r["amounts"].get(m, ZERO) for r in classes), m


@pytest.mark.parametrize("kind", ("expenditure_summary", "general_budget_expenditure"))
def test_row_total_is_basic_plus_project(fig, kind):
    for row in fig["tables"][kind]["rows"]:
        a = row["amounts"]
        parts = [a.get(m, ZERO) for m in _measures(fig["tables"][kind]) if m != "total"]
        assert a["total"] == _sum(parts), row
        assert a["total"] == a.get("basic", ZERO) + a.get("project", ZERO), row


def test_income_summary_row_arithmetic(fig):
    sources = ("fiscal", "special_account", "business", "operating", "superior_subsidy", "subsidiary_remit", "other")
    for row in fig["tables"]["income_summary"]["rows"]:
        a = row["amounts"]
        assert a["subtotal"] == _sum(a.get(m, ZERO) for m in sources)
        assert a["total"] == a["subtotal"] + a.get("carryover", ZERO)


def test_basic_expenditure_total_is_personnel_plus_public(fig):
    for row in fig["tables"]["general_budget_basic_expenditure"]["rows"]:
        a = row["amounts"]
        assert a["total"] == a.get("personnel", ZERO) + a.get("public", ZERO), row


def test_functional_tables_agree_with_each_other(fig):
    exp = _by_code(fig["tables"]["expenditure_summary"])
    gen = _by_code(fig["tables"]["general_budget_expenditure"])
    inc = _by_code(fig["tables"]["income_summary"])
    assert exp.keys() == gen.keys() == inc.keys()
    for code in exp:
        assert exp[code]["name"] == gen[code]["name"] == inc[code]["name"]
        for m in ("total", "basic", "project"):
            assert exp[code]["amounts"].get(m) == gen[code]["amounts"].get(m), (code, m)
        assert exp[code]["amounts"]["total"] == inc[code]["amounts"]["total"]


def test_basic_by_economic_class_equals_basic_by_function(fig):
    basic_economic = _total_row(fig["tables"]["general_budget_basic_expenditure"])["amounts"]["total"]
    basic_functional = _total_row(fig["tables"]["expenditure_summary"])["amounts"]["basic"]
    assert basic_economic == basic_functional == Decimal("653.66")


def _strip_ordinal(name: str) -> str:
    return re.sub(r"^[一二三四五六七八九十]+、", "", name)


@pytest.mark.parametrize(
    "kind,exp_measure", [("income_expenditure_summary", "expenditure"), ("fiscal_appropriation_summary", "total")]
)
def test_two_sided_summary(fig, kind, exp_measure):
    table = fig["tables"][kind]
    rows = table["rows"]
    by_income = {r["income_item"]: r for r in rows if r["income_item"]}
    by_exp = {r["expenditure_item"]: r for r in rows if r["expenditure_item"]}
    classes = [r for r in rows if re.match(r"^[一二三四五六七八九十]+、", r["expenditure_item"])]
    assert len(classes) == 31
    year_exp = by_exp["本年支出合计"]["amounts"][exp_measure]
    assert year_exp == _sum(r["amounts"].get(exp_measure, ZERO) for r in classes)
    total_income = by_income["收入总计"]["amounts"]["income"]
    total_exp = by_exp["支出总计"]["amounts"][exp_measure]
    assert total_income == total_exp == by_income["本年收入合计"]["amounts"]["income"] == year_exp
    # each class equals the 类 row of the expenditure summary with the same name
    functional = {r["name"]: r for r in fig["tables"]["expenditure_summary"]["rows"] if len(r.get("code", "")) == 3}
    for r in classes:
        name = _strip_ordinal(r["expenditure_item"])
        if exp_measure in r["amounts"]:
            assert functional[name]["amounts"]["total"] == r["amounts"][exp_measure]
        else:
            assert name not in functional
    assert set(functional) <= {_strip_ordinal(r["expenditure_item"]) for r in classes if r["amounts"]}


def test_fiscal_appropriation_columns_add_up(fig):
    for row in fig["tables"]["fiscal_appropriation_summary"]["rows"]:
        a = row["amounts"]
        if "total" in a:
            assert a["total"] == _sum(a.get(m, ZERO) for m in ("general_budget", "government_fund", "state_capital"))


def test_three_public_arithmetic(fig):
    table = fig["tables"]["three_public"]
    rows = {r["item"]: r["amounts"] for r in table["rows"]}

    def v(item):
        return rows[item].get("total", ZERO)

    assert v("overseas") == v("overseas_teaching_research") + v("overseas_other")
    assert v("vehicle_total") == v("vehicle_purchase") + v("vehicle_operation")
    assert v("three_public_subtotal") == v("overseas") + v("vehicle_total") + v("reception")
    assert v("total") == v("three_public_subtotal") == Decimal("17.00")
    for a in rows.values():
        if a:
            assert a["total"] == _sum(a.get(m, ZERO) for m in ("general_budget", "government_fund", "state_capital"))


def test_empty_tables_are_declared_with_their_note(fig):
    for kind in ("government_fund_expenditure", "state_capital_expenditure", "procurement"):
        table = fig["tables"][kind]
        assert table["empty"] and not table["rows"]
        assert any("空表列示" in n for n in table["notes"])


def test_projects_add_up(fig):
    projects = fig["projects"]
    project_total = _total_row(fig["tables"]["expenditure_summary"])["amounts"]["project"]
    assert _sum(p["amount"] for p in projects) == project_total == Decimal("300.40")
    assert len({p["code"] for p in projects}) == len(projects) == 5
    for p in projects:
        assert p["amount"] == _sum(p["funding"].values())
        plan = [p["plan"][k] for k in ("plan_03", "plan_06", "plan_10", "plan_12") if k in p["plan"]]
        assert plan == sorted(plan) and plan[-1] == p["amount"], p["name"]
        levels = {i["level1"] for i in p["indicators"]}
        assert levels == {"产出指标", "效益指标", "满意度指标"}
        assert all(i["target"] for i in p["indicators"])


def test_assets_add_up(fig):
    rows = {r["item"]: r for r in fig["tables"]["assets"]["rows"]}
    numbered = [r for r in fig["tables"]["assets"]["rows"] if re.match(r"^\d、", r["name"])]
    assert rows["total"]["amounts"]["value"] == _sum(r["amounts"].get("value", ZERO) for r in numbered)
    assert rows["total"]["amounts"]["value"] == Decimal("529.20")


def test_narrative_claims_agree_with_tables(fig):
    t = fig["tables"]
    claims = {}
    for c in fig["claims"]:
        key = (c["kind"], c.get("subject"))
        claims[key] = c
    amount = {k: c.get("amount") for k, c in claims.items()}
    exp_total = _total_row(t["expenditure_summary"])["amounts"]
    econ_total = _total_row(t["general_budget_basic_expenditure"])["amounts"]
    three = {r["item"]: r["amounts"].get("total", ZERO) for r in t["three_public"]["rows"]}
    assert amount[("income_total", None)] == amount[("expenditure_total", None)] == exp_total["total"]
    assert amount[("basic_total", None)] == exp_total["basic"]
    assert amount[("project_total", None)] == exp_total["project"]
    assert amount[("personnel", None)] == econ_total["personnel"]
    assert amount[("public", None)] == econ_total["public"] == amount[("admin_operating", None)]
    assert claims[("project_count", None)]["count"] == len(fig["projects"])
    assert amount[("change", "expenditure_total")] == (
        amount[("change", "basic_total")] + amount[("change", "project_total")]
    )
    assert amount[("change", "expenditure_total")] == Decimal("212.54")
    for kind in ("overseas", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception"):
        assert amount[(kind, None)] == three[kind], kind
    assert amount[("three_public_total", None)] == three["total"]
    assets_total = {r["item"]: r for r in t["assets"]["rows"]}["total"]["amounts"]["value"]
    assert amount[("assets_total", None)] == assets_total


def test_the_real_inconsistency_is_kept(fig):
    """The text puts 10.00 万元 of assets in the procurement budget; the procurement table is empty."""
    purchase = next(c for c in fig["claims"] if c["kind"] == "asset_purchase")
    assert purchase["amount"] == Decimal("10.00") and purchase["in_procurement"]
    assert fig["tables"]["procurement"]["empty"]


def test_narrative_states_every_claimed_figure():
    raw = load_raw()
    text = "".join(arg for kind, arg in raw["narrative"] if kind == "p")
    for c in raw["claims"]:
        if "amount" in c:
            assert f"{c['amount']}万元" in text, c
    for figure in ("212.54", "19.58", "192.96", "39.56", "17.00", "1.00", "529.20", "10.00"):
        assert f"减少{figure}万元" in text or f"{figure}万元" in text
    assert "已按要求列入政府采购预算" in text
