"""Layouts as data: the bundled specs load into one canonical form, a new regional variant is taught by a
data file alone, and malformed specs are refused with a message naming the entry."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget_lod.extract.cells import amount, digits, fallback_slug, label
from budget_lod.extract.columns import is_number
from budget_lod.model.document import MANDATED_TABLES, TABLE_KINDS
from budget_lod.specs.layout import SpecError, build_layout, layout_files, load_layout, norm

SPECS = Path(__file__).resolve().parents[1] / "src" / "budget_lod" / "specs"


def test_bundled_layout_covers_every_kind():
    layout = load_layout()
    assert {t.kind for t in layout.tables} == set(TABLE_KINDS) - {"project"}  # projects: extract.projects
    assert set(MANDATED_TABLES) <= {t.kind for t in layout.tables}
    assert layout.functional_classes["一般公共服务支出"] == "201"
    assert layout.functional_classes["住房保障支出"] == "221"
    assert layout.sources[0] == "tables.toml"


@pytest.mark.parametrize("title, kind", [
    ("2025年部门财务收支预算总表", "income_expenditure_summary"),
    ("部门预算收支总表", "income_expenditure_summary"),
    ("2025年部门财政拨款收支预算总表", "fiscal_appropriation_summary"),
    ("部门预算财政拨款收支总表", "fiscal_appropriation_summary"),
    ("2025年部门收入预算总表", "income_summary"),
    ("部门预算支出总表", "expenditure_summary"),
    ("2025年部门一般公共预算支出功能分类预算表", "general_budget_expenditure"),
    ("部门预算一般公共预算财政拨款支出表", "general_budget_expenditure"),
    ("2025年部门一般公共预算基本支出部门预算经济分类预算表", "general_budget_basic_expenditure"),
    ("部门预算一般公共预算财政拨款基本支出表", "general_budget_basic_expenditure"),
    ("部门预算政府性基金预算财政拨款支出表", "government_fund_expenditure"),
    ("2025年部门国有资本经营预算支出功能分类预算表", "state_capital_expenditure"),
    ("部门“三公”经费和机关运行经费预算表", "three_public"),
    ("部门预算财政拨款“三公”经费支出表", "three_public"),
    ("部门政府采购预算", "procurement"),
    ("部门固定资产占用情况表", "assets"),
    ("青川市东湖区东湖街道办事处2025年部门收支总表", "income_expenditure_summary"),
    ("表1-2 2025年部门收入总表", "income_summary"),
    ("附表3：2025年部门支出总表", "expenditure_summary"),
    ("(表9)2025年国有资本经营预算支出表", "state_capital_expenditure"),
    ("表一", None),
    ("收支总表", "income_expenditure_summary"),  # alone; …财政拨款 / 收支总表 over two lines: variant split_titles
    ("1、12345热线分中心保障经费绩效目标表", None),
    ("三、政府采购预算情况", None),
])
def test_titles(title, kind):
    assert load_layout().table_kind(norm(title)) == kind


def test_a_new_regional_title_is_taught_by_a_data_file(tmp_path):
    """A region that calls its summary `部门收支预算汇总表` needs one TOML file, no code."""
    for f in SPECS.glob("tables*.toml"):
        shutil.copy(f, tmp_path / f.name)
    title = norm("2026年单位收支预算汇总表")
    assert build_layout(layout_files(tmp_path)).table_kind(title) is None
    (tmp_path / "tables-region-x.toml").write_text(
        "[[tables]]\nkind = \"income_expenditure_summary\"\ntitles = ['收支预算汇总表$']\n"
        "measures = [{ slug = \"amount\", leaf = '^本年预算$' }]\n", encoding="utf-8")
    layout = build_layout(layout_files(tmp_path))
    assert layout.table_kind(title) == "income_expenditure_summary"
    spec = layout.spec("income_expenditure_summary")
    assert spec.measures[-1].slug == "amount" and spec.measures[-1].leaf.pattern == "^本年预算$"
    assert "tables-region-x.toml" in layout.sources and layout.sources[0] == "tables.toml"


@pytest.mark.parametrize("extra, message", [
    ("[[tables]]\nkind = \"budget_of_the_moon\"\nform = \"coded\"\nscheme = \"item\"\ntitles = ['x']\n",
     "unknown kind"),
    ("[[tables]]\nkind = \"assets\"\ntitles = ['(']\n", "bad pattern"),
    ("[[roles]]\nrole = \"colour\"\nleaf = 'x'\n", "unknown role"),
    ("[[functional_classes]]\ncode = \"2x1\"\nname = \"x\"\n", "3 digits"),
    ("[[measures]]\nleaf = 'x'\n", "missing 'slug'"),
    ("[code_levels]\nplanetary = [3, 2]\n", "unknown scheme"),
])
def test_malformed_specs_are_refused(tmp_path, extra, message):
    for f in SPECS.glob("tables*.toml"):
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "tables_zz.toml").write_text(extra, encoding="utf-8")
    with pytest.raises(SpecError, match=message):
        build_layout(layout_files(tmp_path))


def test_cells():
    assert digits("201030\n1") == "2010301"
    assert label("机关事业单位\n基本养老保险\n缴费支出") == "机关事业单位基本养老保险缴费支出"
    assert label("12345\n热线") == "12345热线" and label("IT\nservice") == "IT service"
    a = amount("9,540,600.00", "元", 3)
    assert (a.yuan, a.printed, a.precision, a.page) == (Decimal("9540600.00"), "9,540,600.00", Decimal("0.01"), 3)
    assert amount("954.06", "万元", 1).yuan == Decimal("9540600.00")
    assert amount("", "元", 1) is None and amount(" ", "元", 1) is None  # blank is not zero
    assert amount("0", "元", 1).yuan == Decimal("0.00")


@pytest.mark.parametrize("printed, unit, yuan", [
    ("-1,234.00", "元", Decimal("-1234.00")),
    ("（1,234.00）", "元", Decimal("-1234.00")),
    ("(3)", "万元", Decimal("-30000.00")),
    ("－12.5", "万元", Decimal("-125000.00")),
    ("12", "万元", Decimal("120000.00")),
    ("0", "万元", Decimal("0.00")),
    ("—", "元", None), ("——", "元", None), ("-", "元", None), ("－", "元", None), ("/", "元", None),
])
def test_negative_amounts_and_placeholders(printed, unit, yuan):
    a = amount(printed, unit, 1)
    assert (a.yuan if a is not None else None) == yuan
    if yuan is not None:
        assert is_number(printed)


@given(st.text(min_size=1, max_size=30))
def test_fallback_slug_is_stable_ascii(text):
    s = fallback_slug(text)
    assert s == fallback_slug(text) and s.isascii() and s.isalnum() and len(s) == 9


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_printed_amounts_round_trip(whole, cents):
    printed = f"{whole:,}.{cents:02d}"
    a = amount(printed, "元", 1)
    assert a.yuan == Decimal(whole) + Decimal(cents) / 100 and a.printed == printed


@pytest.mark.parametrize("texts, code", [
    ({0: "201", 1: "03", 2: "01"}, "2010301"),  # 类 款 项 columns
    ({0: "301", 1: "2"}, "30102"),  # a 款 printed without its leading zero (万里 2024)
    ({0: "201", 1: "20103", 2: "2010301"}, "2010301"),  # the full code printed in each level's column
    ({1: "20103"}, "20103"),
    ({0: "208", 2: "2080505"}, "2080505"),
])
def test_code_parts(texts, code):
    from budget_lod.extract.columns import Column
    from budget_lod.extract.tables import _code, _Line

    cols = [Column(i, f"code_{i + 1}", None, "", (), None) for i in range(3)]
    assert _code(_Line(1, texts), cols, load_layout()) == (code, "")


@pytest.mark.parametrize("department, region", [
    ("云岭市生态环境局", "云岭市"),
    ("临溪县教育和体育局", "临溪县"),
    ("某某自治州民族宗教事务委员会", "某某自治州"),
    ("某某区某某街道办事处", "某某区"),
    ("某某省某某市某某区教育局", "某某省某某市某某区"),
    ("广西壮族自治区财政厅", "广西壮族自治区"),
    ("南湖县白沙镇人民政府", "南湖县"),
    ("某某州某某县卫生健康局", "某某州某某县"),
    ("中共某某县委办公室", "某某县"),
    ("某某市城市管理局", "某某市"),  # 城市 is no level: one character before its suffix
    ("某某市市场监督管理局", "某某市"),
    ("城市管理局", None),
    ("教育局", None),
])
def test_region_is_the_department_names_administrative_prefix(department, region):
    layout = load_layout()
    got = next((m.group("region") for p in layout.region_in_department for m in [p.search(norm(department))] if m),
               None)
    assert got == region


@pytest.mark.parametrize("path, slug", [
    (("部门预算支出经济分类科目", "工资福利支出"), "economic_301"),
    (("301工资福利支出",), "economic_301"),
    (("商品和服务支出(302)",), "economic_302"),
    (("经济分类科目", "对个人和家庭的补助"), "economic_303"),
    (("部门预算支出经济分类科目", "其他支出"), "economic_399"),
    (("其他支出",), None),  # a column of other tables too: an economic 类 only under the classification
    (("基本支出", "人员经费"), "personnel"),
])
def test_economic_class_columns(path, slug):
    layout = load_layout()
    spec = layout.spec("general_budget_basic_expenditure")
    leaf, ancestors = norm(path[-1]), "/".join(norm(p) for p in path[:-1])
    found = next((r.slug for r in (*spec.measures, *layout.measures) if r.matches(leaf, ancestors)), None)
    assert found == slug
