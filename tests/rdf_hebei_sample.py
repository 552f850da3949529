"""A realistic Document built by hand from the Hebei 平乡县人民政府办公室 2025 disclosure text.

Figures transcribed from ``../shared/corpus/hebei-pingxiang/2025-dept-county-government-office.txt``
(amounts printed in 万元, converted to 元 with ``model.amounts.to_yuan``); page numbers approximate the
original PDF. Used by the rdf / shapes / validate tests until ``extract`` produces the same document.
"""

from __future__ import annotations

from decimal import Decimal

from budget_lod.model.amounts import parse_amount, precision_of, to_yuan
from budget_lod.model.document import Amount, Claim, Document, Indicator, Note, Project, Row, Table

UNIT = "万元"


def amt(printed: str, page: int, unit: str = UNIT) -> Amount:
    value = parse_amount(printed)
    assert value is not None
    return Amount(yuan=to_yuan(value, unit), printed=printed, unit=unit, precision=precision_of(value), page=page)


def row(scheme: str, code: str, name: str, page: int, **amounts: str) -> Row:
    return Row(scheme=scheme, code=code, name=name, page=page,
               amounts={m: amt(v, page) for m, v in amounts.items() if v})


def fn(code, name, page, total, basic=None, project=None) -> Row:
    return row("functional", code, name, page, total=total, basic=basic, project=project)


# 功能分类 rows shared by 支出总表 and 一般公共预算支出表: code, name, total, basic, project
FUNCTIONAL = [
    ("201", "一般公共服务支出", "787.26", "486.86", "300.40"),
    ("20103", "政府办公厅（室）及相关机构事务", "787.26", "486.86", "300.40"),
    ("2010301", "行政运行", "393.12", "358.12", "35.00"),
    ("2010302", "一般行政管理事务", "265.40", None, "265.40"),
    ("2010350", "事业运行", "128.74", "128.74", None),
    ("208", "社会保障和就业支出", "75.20", "75.20", None),
    ("20805", "行政事业单位养老支出", "75.20", "75.20", None),
    ("2080505", "机关事业单位基本养老保险缴费支出", "60.00", "60.00", None),
    ("2080506", "机关事业单位职业年金缴费支出", "15.20", "15.20", None),
    ("210", "卫生健康支出", "40.20", "40.20", None),
    ("21011", "行政事业单位医疗", "40.20", "40.20", None),
    ("2101101", "行政单位医疗", "21.00", "21.00", None),
    ("2101102", "事业单位医疗", "10.00", "10.00", None),
    ("2101103", "公务员医疗补助", "9.20", "9.20", None),
    ("221", "住房保障支出", "51.40", "51.40", None),
    ("22102", "住房改革支出", "51.40", "51.40", None),
    ("2210201", "住房公积金", "51.40", "51.40", None),
]

# 经济分类 rows of the basic expenditure table: code, name, total, personnel, public
ECONOMIC = [
    ("301", "工资福利支出", "596.00", "596.00", None),
    ("30101", "基本工资", "187.30", "187.30", None),
    ("30102", "津贴补贴", "130.20", "130.20", None),
    ("30103", "奖金", "44.60", "44.60", None),
    ("30107", "绩效工资", "65.00", "65.00", None),
    ("30108", "机关事业单位基本养老保险缴费", "60.00", "60.00", None),
    ("30109", "职业年金缴费", "15.20", "15.20", None),
    ("30110", "职工基本医疗保险缴费", "31.00", "31.00", None),
    ("30111", "公务员医疗补助缴费", "9.20", "9.20", None),
    ("30112", "其他社会保障缴费", "2.10", "2.10", None),
    ("30113", "住房公积金", "51.40", "51.40", None),
    ("302", "商品和服务支出", "39.56", None, "39.56"),
    ("30201", "办公费", "8.90", None, "8.90"),
    ("30207", "邮电费", "7.30", None, "7.30"),
    ("30228", "工会经费", "1.08", None, "1.08"),
    ("30229", "福利费", "1.28", None, "1.28"),
    ("30239", "其他交通费用", "21.00", None, "21.00"),
    ("303", "对个人和家庭的补助", "18.10", "18.10", None),
    ("30302", "退休费", "13.00", "13.00", None),
    ("30305", "生活补助", "5.10", "5.10", None),
]

FUNCTIONAL_CLASSES = [(c, n, t) for c, n, t, _, _ in FUNCTIONAL if len(c) == 3]


def _income_expenditure_summary() -> Table:
    rows = [row("item", "income_general_budget", "一、一般公共预算拨款收入", 1, amount="954.06")]
    rows += [row("functional", c, n, 1 if c < "220" else 2, amount=t) for c, n, t in FUNCTIONAL_CLASSES]
    rows += [
        row("item", "income_total", "本年收入合计", 2, amount="954.06"),
        row("item", "expenditure_total", "本年支出合计", 2, amount="954.06"),
        row("item", "carryover", "上年结转结余", 2),
        row("item", "expenditure_carryover", "年终结转结余", 2),
        row("item", "income_grand_total", "收入总计", 2, amount="954.06"),
        row("item", "expenditure_grand_total", "支出总计", 2, amount="954.06"),
    ]
    return Table("income_expenditure_summary", "部门预算收支总表", UNIT, (1, 2), ("amount",), {"amount": "预算数"}, tuple(rows))


def _income_summary() -> Table:
    rows = [row("functional", "TOTAL", "合计", 3, total="954.06", current_year_total="954.06", fiscal_appropriation="954.06")]
    rows += [row("functional", c, n, 3 if i < 9 else 4, total=t, current_year_total=t, fiscal_appropriation=t)
             for i, (c, n, t, _, _) in enumerate(FUNCTIONAL)]
    measures = ("total", "current_year_total", "fiscal_appropriation")
    labels = {"total": "合计", "current_year_total": "小计", "fiscal_appropriation": "财政拨款收入"}
    return Table("income_summary", "部门预算收入总表", UNIT, (3, 4), measures, labels, tuple(rows))


def _expenditure_table(kind: str, title: str, pages: tuple[int, ...], extra: tuple[str, ...] = ()) -> Table:
    rows = [fn("TOTAL", "合计", pages[0], "954.06", "653.66", "300.40")]
    rows += [fn(c, n, pages[0] if i < 13 else pages[-1], t, b, p) for i, (c, n, t, b, p) in enumerate(FUNCTIONAL)]
    labels = {"total": "合计", "basic": "基本支出", "project": "项目支出"}
    return Table(kind, title, UNIT, pages, ("total", "basic", "project") + extra, labels, tuple(rows))


def _fiscal_appropriation_summary() -> Table:
    rows = [row("item", "income_general_budget", "一、一般公共预算拨款", 7, amount="954.06")]
    rows += [row("functional", c, n, 7 if c < "220" else 8, total=t, general_budget=t) for c, n, t in FUNCTIONAL_CLASSES]
    rows += [
        row("item", "income_total", "本年收入合计", 8, amount="954.06"),
        row("item", "expenditure_total", "本年支出合计", 8, total="954.06", general_budget="954.06"),
        row("item", "income_grand_total", "收入总计", 9, amount="954.06"),
        row("item", "expenditure_grand_total", "支出总计", 9, total="954.06", general_budget="954.06"),
    ]
    measures = ("amount", "total", "general_budget")
    labels = {"amount": "金额", "total": "合计", "general_budget": "一般公共预算财政拨款"}
    return Table("fiscal_appropriation_summary", "部门预算财政拨款收支总表", UNIT, (7, 8, 9), measures, labels, tuple(rows))


def _basic_expenditure() -> Table:
    rows = [row("economic", "TOTAL", "合计", 11, total="653.66", personnel="614.10", public="39.56")]
    rows += [row("economic", c, n, 11 if i < 18 else 12, total=t, personnel=p, public=u) for i, (c, n, t, p, u) in enumerate(ECONOMIC)]
    labels = {"total": "合计", "personnel": "人员经费", "public": "公用经费"}
    return Table("general_budget_basic_expenditure", "部门预算一般公共预算财政拨款基本支出表", UNIT, (11, 12),
                 ("total", "personnel", "public"), labels, tuple(rows))


def _empty(kind: str, title: str, page: int, note: str) -> Table:
    labels = {"total": "合计", "basic": "基本支出", "project": "项目支出"}
    return Table(kind, title, UNIT, (page,), ("total", "basic", "project"), labels, (), empty=True, note=note)


def _three_public() -> Table:
    """Hebei prints 三公 items as rows and funding sources as columns: extract transposes (rows = sources)."""
    items = {"grand_total": "17.00", "total": "17.00", "vehicle_total": "15.00", "vehicle_operation": "15.00", "reception": "2.00"}
    rows = (
        row("item", "TOTAL", "合计", 15, **items),
        row("item", "general_budget", "一般公共预算财政拨款", 15, **items),
        row("item", "government_fund", "政府性基金预算拨款", 15),
        row("item", "state_capital", "国有资本经营预算财政拨款", 15),
    )
    measures = ("grand_total", "total", "vehicle_total", "vehicle_operation", "reception")
    labels = {"grand_total": "合计", "total": "“三公”经费小计", "vehicle_total": "二、公务用车购置及运维费",
              "vehicle_operation": "公务用车运行维护费", "reception": "三、公务接待费"}
    return Table("three_public", "部门预算财政拨款“三公”经费支出表", UNIT, (15,), measures, labels, rows)


def _procurement() -> Table:
    return Table("procurement", "部门政府采购预算", UNIT, (31,), ("total",), {"total": "合计"}, (), empty=True,
                 note="注：无政府采购预算，空表列示。")


def _assets() -> Table:
    rows = (
        row("item", "assets_total", "资产总额", 31, value="529.20"),
        row("item", "buildings", "1、房屋（平方米）", 31),
        row("item", "vehicles", "2、车辆（台、辆）", 31, value="80.92"),
        row("item", "other_fixed_assets", "4、其他固定资产", 31, value="448.28"),
    )
    return Table("assets", "部门固定资产占用情况表", UNIT, (31,), ("value",), {"value": "价值"}, rows)


def ind(l1, l2, l3, target, page, comparator=None, value=None, unit=None, description=None, basis=None) -> Indicator:
    return Indicator(l1, l2, l3, description, comparator, target, None if value is None else Decimal(value), unit, basis, page)


def _project(code, name, amount, plan, page, indicators, purpose) -> Project:
    plan_amounts = {k: amt(v, page) for k, v in plan.items()}
    return Project(code=code, name=name, amount=amt(amount, page), funding={"fiscal": amt(amount, page)},
                   plan=plan_amounts, purpose=purpose, goals=None, indicators=tuple(indicators), pages=(page,))


def _projects() -> tuple[Project, ...]:
    common = lambda p, cost, cost_value: [  # noqa: E731 - table of the three mandatory levels
        ind("产出指标", "数量指标", "工作数量", "≥5 次", p, ">=", "5", "次"),
        ind("产出指标", "成本指标", "成本控制", f"≤{cost} 万元", p, "<=", cost_value, "万元"),
        ind("效益指标", "社会效益指标", "工作效果", "明显提高", p),
        ind("满意度指标", "服务对象满意度指标", "服务满意度", "≥90%", p, ">=", "90", "%"),
    ]
    return (
        _project("13053225P002735140317", "12345 热线分中心保障经费", "2.00",
                 {"plan_03": "0.70", "plan_06": "1.40", "plan_10": "2.00", "plan_12": "2.00"}, 25, [
                     ind("产出指标", "数量指标", "办公设备维护", "≥4 套", 25, ">=", "4", "套", "维护办公电脑、话机数量", "市规范化建设通知"),
                     ind("产出指标", "质量指标", "接通率", "≥98%", 25, ">=", "98", "%", "群众诉求接听", "省市考核办法"),
                     ind("产出指标", "时效指标", "按时办结率", "≥98%", 25, ">=", "98", "%", "工单按时办结率", "省市考核办法"),
                     ind("产出指标", "成本指标", "办公设备维护、办公费", "≤2 万元", 25, "<=", "2", "万元"),
                     ind("效益指标", "社会效益指标", "全面提升服务效能", "持续提升", 25, basis="省市相关考核要求"),
                     ind("效益指标", "可持续影响指标", "举一反三，优化服务", "长期持续", 25),
                     ind("满意度指标", "服务对象满意度指标", "办件满意率", "≥95%", 26, ">=", "95", "%"),
                 ], "12345 热线保障经费"),
        _project("13053225P002735140298", "政府法律顾问工作经费", "12.00", {"plan_10": "12.00", "plan_12": "12.00"}, 26,
                 common(26, "12", "12"), "政府常年法律顾问费用"),
        _project("13053225P00273514026D", "政务服务与政务管理", "85.00",
                 {"plan_03": "30.00", "plan_06": "50.00", "plan_10": "75.00", "plan_12": "85.00"}, 27,
                 common(27, "85", "85"), "办公、印刷、会议、业务等办公经费"),
        _project("13053225P00273514028L", "综合业务事务管理", "200.00",
                 {"plan_03": "50.00", "plan_06": "100.00", "plan_10": "180.00", "plan_12": "200.00"}, 28,
                 common(28, "200", "200"), "办公、印刷、差旅、维护等保障办公室运转经费"),
        _project("13053225P00273514136J", "金融发展服务中心经费", "1.40",
                 {"plan_03": "0.50", "plan_06": "1.00", "plan_10": "1.40", "plan_12": "1.40"}, 29,
                 common(29, "1.4", "1.4"), "办公费、印刷费、差旅费"),
    )


S_INCOME = "2025年预算收入 954.06万元，其中：一般公共预算收入 954.06万元"
S_EXP = "2025年支出预算 954.06万元，其中基本支出 653.66万元，包括人员经费 614.10万元和日常公用经费 39.56万元；项目支出 300.40万元"
S_CHANGE = "2025年预算收支安排 954.06万元，较 2024年预算减少 212.54万元，其中：基本支出减少 19.58万元"
S_PROJECT_CHANGE = "项目支出减少 192.96万元，主要为支出项目减少"
S_ADMIN = "2025年，我部门机关运行经费共计安排 39.56万元"
S_THREE = ("2025年，我部门财政拨款“三公”经费预算安排 17.00万元，其中因公出国（境）费 0.00万元；公务用车购置及运维费 15.00万元"
           "（其中：公务用车购置费为 0.00万元，公务用车运维费 15.00万元)；公务接待费 2.00万元。与 2024年相比减少 1.00万元")
S_ASSETS = "平乡县人民政府办公室（含所属单位）上年末固定资产金额为 529.20万元（详见下表）。"
S_ASSET_PURCHASE = "本年度拟购置固定资产总额为 10.00万元，已按要求列入政府采购预算，详见政府采购预算表。"


def _claims() -> tuple[Claim, ...]:
    def c(kind, sentence, page, value=None, **kw):
        return Claim(kind=kind, sentence=sentence, page=page, amount=None if value is None else amt(value, page), **kw)

    return (
        c("income_total", S_INCOME, 17, "954.06"),
        c("expenditure_total", S_EXP, 17, "954.06"),
        c("basic_total", S_EXP, 17, "653.66"),
        c("personnel", S_EXP, 17, "614.10"),
        c("public", S_EXP, 17, "39.56"),
        c("project_total", S_EXP, 17, "300.40"),
        c("change", S_CHANGE, 17, "212.54", subject="expenditure_total", direction="decrease", base_year=2024,
          current=amt("954.06", 17)),
        c("change", S_CHANGE, 17, "19.58", subject="basic_total", direction="decrease", base_year=2024),
        c("change", S_PROJECT_CHANGE, 17, "192.96", subject="project_total", direction="decrease", base_year=2024),
        c("admin_operating", S_ADMIN, 18, "39.56"),
        c("three_public_total", S_THREE, 18, "17.00"),
        c("overseas", S_THREE, 18, "0.00"),
        c("vehicle_total", S_THREE, 18, "15.00"),
        c("vehicle_purchase", S_THREE, 18, "0.00"),
        c("vehicle_operation", S_THREE, 18, "15.00"),
        c("reception", S_THREE, 18, "2.00"),
        c("change", S_THREE, 18, "1.00", subject="three_public_total", direction="decrease", base_year=2024),
        c("assets_total", S_ASSETS, 31, "529.20"),
        c("asset_purchase", S_ASSET_PURCHASE, 31, "10.00"),
        c("procurement_included", S_ASSET_PURCHASE, 31, "10.00"),
        c("project_count", "2025年本部门安排项目5个，项目支出预算300.40万元。", 17, count=5),
    )


def _notes() -> tuple[Note, ...]:
    return (
        Note(16, "按照《中华人民共和国预算法》、《地方预决算公开操作规程》和《关于进一步推进预算公开工作的实施意见》规定，"
                 "现将平乡县人民政府办公室 2025年部门预算公开如下："),
        Note(17, S_INCOME + "，基金预算收入 0.00万元，国有资本经营预算收入 0.00万元。"),
        Note(17, S_CHANGE + "，主要为有人员调出，人员支出减少。" + S_PROJECT_CHANGE + "。"),
        Note(18, S_THREE + "，增减变化的主要原因是厉行节约，严格公车、公务接待管理。"),
        Note(31, S_ASSETS + S_ASSET_PURCHASE),
        Note(31, "注：无政府采购预算，空表列示。", kind="table_note"),
    )


def hebei_document() -> Document:
    """The whole Hebei sample: all nine mandated tables, procurement and assets, five projects, claims."""
    tables = (
        _income_expenditure_summary(),
        _income_summary(),
        _expenditure_table("expenditure_summary", "部门预算支出总表", (5, 6), ("business", "upper", "subsidiary")),
        _fiscal_appropriation_summary(),
        _expenditure_table("general_budget_expenditure", "部门预算一般公共预算财政拨款支出表", (10,)),
        _basic_expenditure(),
        _empty("government_fund_expenditure", "部门预算政府性基金预算财政拨款支出表", 13,
               "注：无政府性基金预算财政拨款预算，空表列示。"),
        _empty("state_capital_expenditure", "部门预算国有资本经营预算财政拨款支出表", 14,
               "注：无国有资本经营预算财政拨款预算，空表列示。"),
        _three_public(),
        _procurement(),
        _assets(),
    )
    return Document(
        source="2025-dept-county-government-office.pdf",
        sha256="0" * 64,
        page_count=33,
        department="平乡县人民政府办公室",
        department_code="434",
        region="平乡县",
        fiscal_year=2025,
        scope="department",
        tables=tables,
        projects=_projects(),
        claims=_claims(),
        notes=_notes(),
    )
