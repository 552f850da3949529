"""The ``datapackage.json`` of a Fiscal Data Package over the amounts CSV.

Fiscal Data Package 0.3 (OpenSpending's; https://specs.frictionlessdata.io/fiscal-data-package/): a Tabular
Data Package whose ``model`` maps the CSV's columns to a logical model — the amount as the one measure
(currency CNY, factor 1: amounts are exact 元), and dimensions: the department as an administrative
classification, the functional (类 → 款 → 项) and economic (类 → 款) classifications with ``parent`` links
between levels and ``labelfor`` names, the fiscal year, the budget phase, the table and column an amount
is printed in, and the line item itself.

The same money is printed in several tables (支出总表 and 一般公共预算支出表 both list 201), so a total means
choosing one table: the ``table`` dimension is there for that (and the package's description says so).

The descriptor is declared a ``tabular-data-package`` (that is what frictionless validates offline); the
FDP ``profiles`` hash says it is also a fiscal one.
"""

from __future__ import annotations

from budget_lod.export.columns import COLUMNS, FDP_PHASES

FDP_SPEC = "https://specs.frictionlessdata.io/fiscal-data-package/"
DEFAULT_LICENSE = "http://creativecommons.org/licenses/by/4.0/"
RESOURCE = "amounts"


def _attrs(**columns: str | dict) -> dict:
    """Attributes from ``name=source column`` (or a dict with ``source`` and ``parent`` / ``labelfor``)."""
    return {name: ({"source": spec} if isinstance(spec, str) else spec) for name, spec in columns.items()}


def _levels(prefix: str, levels: tuple[str, ...]) -> dict:
    """A hierarchical classification's attributes: each level's code (``parent`` = the level above) and
    name (``labelfor`` its code); the deepest level is the dimension's ``code``."""
    out: dict = {}
    above = None
    for n, level in enumerate(levels):
        key = "code" if n == len(levels) - 1 else f"{level}_code"
        code = {"source": f"{prefix}_{level}_code"}
        if above:
            code["parent"] = above
        out[key] = code
        out["label" if key == "code" else level] = {"source": f"{prefix}_{level}", "labelfor": key}
        above = key
    return out


MODEL = {
    "measures": {
        "amount": {"source": "amount_yuan", "currency": "CNY", "factor": 1, "resource": RESOURCE},
    },
    "dimensions": {
        "administrative_classification": {
            "dimensionType": "classification", "classificationType": "administrative",
            "attributes": _attrs(code="department_id", label={"source": "department", "labelfor": "code"},
                                 printed_code="department_code", region="region"),
            "primaryKey": "code",
        },
        "functional_classification": {
            "dimensionType": "classification", "classificationType": "functional",
            "attributes": _levels("functional", ("class", "section", "item")),
            "primaryKey": ["class_code", "section_code", "code"],
        },
        "economic_classification": {
            "dimensionType": "classification", "classificationType": "economic",
            "attributes": _levels("economic", ("class", "section")),
            "primaryKey": ["class_code", "code"],
        },
        "fiscal_year": {"dimensionType": "datetime", "attributes": _attrs(year="fiscal_year"), "primaryKey": "year"},
        "phase": {"dimensionType": "other", "attributes": _attrs(phase="phase"), "primaryKey": "phase"},
        "observation": {"dimensionType": "fact", "attributes": _attrs(id="observation"), "primaryKey": "id"},
        "budget": {"dimensionType": "fact", "attributes": _attrs(id="budget", scope="scope"), "primaryKey": "id"},
        "table": {
            "dimensionType": "other",
            "attributes": _attrs(id="table_id", kind="table", title={"source": "table_title", "labelfor": "id"}),
            "primaryKey": "id",
        },
        "measure": {
            "dimensionType": "other",
            "attributes": _attrs(code="measure", label={"source": "measure_label", "labelfor": "code"}),
            "primaryKey": "code",
        },
        "line_item": {
            "dimensionType": "fact",
            "attributes": _attrs(id="line_item", scheme="scheme", code="code",
                                 name={"source": "name", "labelfor": "id"}, level="level", page="page",
                                 classification="classification", printed_value="printed_value",
                                 printed_unit="printed_unit"),
            "primaryKey": "id",
        },
    },
}


def table_schema() -> dict:
    """The resource's Table Schema: every column typed, titled and described; the primary key."""
    fields = []
    for c in COLUMNS:
        f = {"name": c.name, "title": c.title, "description": c.description, "type": c.type}
        if c.type == "number":
            f["bareNumber"] = True
        if c.constraints:
            f["constraints"] = dict(c.constraints)
        fields.append(f)
    return {"fields": fields, "primaryKey": ["observation"], "missingValues": [""]}


def descriptor(*, name: str, title: str, description: str, csv_path: str, years: tuple[int, int] | None,
               phases: set[str], homepage: str, license_url: str = DEFAULT_LICENSE,
               sources: list[dict] | None = None, keywords: list[str] | None = None) -> dict:
    """A Fiscal Data Package descriptor over one amounts CSV at ``csv_path`` (relative to the descriptor)."""
    model = {"measures": {k: dict(v) for k, v in MODEL["measures"].items()}, "dimensions": MODEL["dimensions"]}
    fdp_phases = {FDP_PHASES[p] for p in phases if p in FDP_PHASES}
    if len(fdp_phases) == 1:  # a measure's phase is one value: only when every row shares it
        model["measures"]["amount"]["phase"] = fdp_phases.pop()
    return {
        "profile": "tabular-data-package",
        "profiles": {"fiscal": "*", "tabular": "*"},
        "name": name,
        "title": title,
        "description": description + " 同一笔资金会出现在多张表中（如支出总表与一般公共预算支出表）：汇总时请按 table 选定一张表。"
                       " The same money appears in several tables (the expenditure summary and the general budget "
                       "expenditure table both list 201): choose one table (dimension table) before summing.",
        "homepage": homepage,
        "licenses": [{"name": "CC-BY-4.0" if license_url == DEFAULT_LICENSE else "license", "path": license_url,
                      "title": "Creative Commons Attribution 4.0" if license_url == DEFAULT_LICENSE else license_url}],
        "countryCode": "cn",
        "granularity": "aggregated",
        **({"fiscalPeriod": {"start": f"{years[0]}-01-01", "end": f"{years[1]}-12-31"}} if years else {}),
        "keywords": keywords or ["部门预算", "预算公开", "budget", "fiscal data package"],
        "sources": sources or [],
        "resources": [{
            "name": RESOURCE,
            "title": "金额 · Amounts",
            "profile": "tabular-data-resource",
            "path": csv_path,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": table_schema(),
        }],
        "model": model,
    }
