"""The amounts CSV's columns, as data: one row per amount of a table line item.

The first nine columns are those of ``budget-lod extract --format csv`` (without ``document``), so readers
of the earlier per-budget CSV keep working; the rest add what the Fiscal Data Package model and the CSVW
mapping need: the amount's phase, the department's key, the classification levels (类/款/项) with their
names, the printed value and unit, and the IRIs of the budget (or final accounts), table, line item, amount and
classification concept.

Each column says how it maps to RDF (:mod:`budget_lod.export.csvw`): the resource it describes
(``subject``: observation, line item, table, budget or department), the property, the datatype or
language, or a value template (an IRI). A column without a property is carried for people and the FDP
model only (``suppressOutput`` in CSVW). Types are Table Schema types (frictionless).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    title: str  # 中文 · English
    description: str
    type: str = "string"  # Table Schema type (string, integer, number, year)
    constraints: dict = field(default_factory=dict)
    subject: str | None = None  # what the cell describes in RDF (None: not in RDF)
    property: str | None = None  # CURIE (prefixes in csvw.PREFIXES)
    datatype: str | None = None  # CSVW datatype of a literal (string, integer, decimal)
    lang: str | None = None  # language of a literal
    value_url: str | None = None  # an IRI template instead of a literal ("{base}" is the deployment base)


# the phases of the code list (ontology/codelists/phases.ttl) → Fiscal Data Package measure phases
FDP_PHASES = {"budget": "approved", "initial_budget": "approved", "adjusted_budget": "adjusted", "final": "executed"}
CODE3, CODE5, CODE7 = ({"pattern": r"^\d{3}$"}, {"pattern": r"^\d{5}$"}, {"pattern": r"^\d{7}$"})

COLUMNS: tuple[Column, ...] = (
    Column("department", "部门 · Department", "The department (部门/单位) as printed (empty where the document "
           "names none).", subject="department", property="rdfs:label", lang="zh"),
    Column("fiscal_year", "预算年度 · Fiscal year", "The fiscal (calendar) year of the budget (empty where the "
           "document states none).", type="year", subject="budget", property="bud:fiscalYear", datatype="integer"),
    Column("table", "表 · Table kind", "The kind of standard table the amount is printed in "
           "(general_budget_expenditure, three_public …).",
           constraints={"required": True}, subject="table", property="bud:tableKind",
           value_url="{base}id/table-kind/{table}"),
    Column("scheme", "分类 · Scheme", "functional (支出功能分类), economic (经济分类) or item (any other labelled row).",
           constraints={"enum": ["functional", "economic", "item"]}, subject="line_item", property="bud:scheme",
           datatype="string"),
    Column("code", "编码 · Code", "The row's code: a classification code, TOTAL for 合计, or a slug of its label.",
           constraints={"required": True}, subject="line_item", property="bud:code", datatype="string"),
    Column("name", "名称 · Name", "The row's name as printed.",
           subject="line_item", property="rdfs:label", lang="zh"),
    Column("measure", "列 · Measure", "The column the amount is printed in (total, basic, project …).",
           constraints={"required": True}, subject="observation", property="bud:measure",
           value_url="{base}id/measure/{measure}"),
    Column("amount_yuan", "金额（元） · Amount (CNY)", "The amount in 元, exact (converted from the printed unit).",
           type="number", constraints={"required": True}, subject="observation", property="bud:amount",
           datatype="decimal"),
    Column("page", "页码 · Page", "The PDF page the row is printed on.", type="integer",
           constraints={"minimum": 1}, subject="line_item", property="bud:page", datatype="integer"),
    Column("phase", "阶段 · Phase", "The phase of the amount: budget (预算数), or in final accounts (决算) initial_budget "
           "(年初预算数), adjusted_budget (全年预算数) or final (决算数).",
           constraints={"required": True, "enum": list(FDP_PHASES)}, subject="observation", property="bud:phase",
           value_url="{base}id/phase/{phase}"),
    Column("scope", "范围 · Scope", "department (部门预算) or unit (单位预算).",
           constraints={"enum": ["department", "unit"]}, subject="budget", property="bud:scope", datatype="string"),
    Column("department_code", "部门编码 · Department code", "The department code as printed, where printed.",
           subject="department", property="bud:departmentCode", datatype="string"),
    Column("department_id", "部门标识 · Department key", "The department's key in its IRI: code and a hash of its "
           "name (434-957901e0), or the hash alone.", constraints={"required": True}),
    Column("region", "地区 · Region", "The region the department belongs to, where printed.",
           subject="department", property="bud:region", lang="zh"),
    Column("table_title", "表名 · Table title", "The table's title as printed.",
           subject="table", property="dcterms:title", lang="zh"),
    Column("measure_label", "列名 · Column header", "The column's header as printed (or its name in the code list)."),
    Column("level", "级次 · Level", "1 = 类, 2 = 款, 3 = 项 for classification rows.", type="integer",
           constraints={"minimum": 1, "maximum": 3}, subject="line_item", property="bud:level", datatype="integer"),
    Column("functional_class_code", "功能分类类 · Functional class code", "支出功能分类 类 (3 digits).",
           constraints=CODE3),
    Column("functional_class", "功能分类类名称 · Functional class", "The 类's name."),
    Column("functional_section_code", "功能分类款 · Functional section code", "支出功能分类 款 (5 digits).",
           constraints=CODE5),
    Column("functional_section", "功能分类款名称 · Functional section", "The 款's name."),
    Column("functional_item_code", "功能分类项 · Functional item code", "支出功能分类 项 (7 digits).",
           constraints=CODE7),
    Column("functional_item", "功能分类项名称 · Functional item", "The 项's name."),
    Column("economic_class_code", "经济分类类 · Economic class code", "经济分类 类 (3 digits): the row's, or the "
           "column's where a table prints one column per economic 类.", constraints=CODE3),
    Column("economic_class", "经济分类类名称 · Economic class", "The 类's name."),
    Column("economic_section_code", "经济分类款 · Economic section code", "经济分类 款 (5 digits).",
           constraints=CODE5),
    Column("economic_section", "经济分类款名称 · Economic section", "The 款's name."),
    Column("printed_value", "印刷数 · Printed value", "The amount exactly as printed, in the table's unit.",
           subject="observation", property="bud:printedValue", datatype="string"),
    Column("printed_unit", "印刷单位 · Printed unit", "The unit the table prints (元, 万元).",
           subject="observation", property="bud:printedUnit", datatype="string"),
    Column("budget", "预算 IRI · Budget IRI", "The budget's IRI (linked data).",
           constraints={"required": True}),
    Column("table_id", "表 IRI · Table IRI", "The table's IRI.", constraints={"required": True}),
    Column("line_item", "行 IRI · Line item IRI", "The line item's IRI.", constraints={"required": True}),
    Column("observation", "金额 IRI · Amount IRI", "The amount's IRI (qb:Observation): line item IRI/measure, "
           "and /phase for a phase other than the document's own.", constraints={"required": True, "unique": True}),
    Column("classification", "科目 IRI · Classification IRI", "The SKOS concept of the row's classification code.",
           subject="line_item", property="bud:classification", value_url="{+classification}"),
)

NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
