"""A Fiscal Data Package of everything stored, written to a directory (``budget-lod export --format fdp -o DIR``)::

    DIR/datapackage.json                       the FDP descriptor
    DIR/data/amounts.csv                       every amount of every budget
    DIR/data/amounts.csv-metadata.json         its CSVW metadata (the CSV back to RDF)

The CSV is written budget by budget (bounded memory) into a temporary file and moved into place with the
descriptors only when complete, so an interrupted export never leaves a package that looks whole.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from budget_lod.errors import BudgetLodError
from budget_lod.export import csvw, fdp
from budget_lod.export.amounts import AmountReader, write_csv

CSV_PATH = "data/amounts.csv"


def budget_descriptor(reader: AmountReader, budget, csv_path: str, license_url: str = fdp.DEFAULT_LICENSE) -> dict:
    """The FDP descriptor of one budget's CSV."""
    return fdp.descriptor(
        name=package_name(budget.iri, reader.minter.base), title=budget.label,
        description=f"{budget.label}：各预算表的全部金额（元，精确到分，附页码）。 Every amount of the budget's tables, "
                    "in 元 (exact), with the page it is printed on.",
        csv_path=csv_path, years=(budget.year, budget.year) if budget.year else None, phases=reader.phases(budget),
        homepage=budget.iri,
        license_url=license_url, keywords=["部门预算", "预算公开", "budget", str(budget.year), budget.department],
        sources=[{"title": budget.file_name or budget.label, "path": budget.iri + "/source"}])


def package_name(budget_iri: str, base: str) -> str:
    """``budget-lod-{dept}-{year}-{scope}`` (``budget-lod-final-accounts-…`` for a 决算): a Data Package name
    (lower case, ``a-z0-9._-``)."""
    rest = budget_iri[len(base) + len("id/"):]
    return "budget-lod-" + rest.removeprefix("budget/").replace("/", "-").lower()


def write_package(store, base_url: str, out_dir: str | os.PathLike) -> dict:
    """Write the whole-store package into ``out_dir`` (created if needed); returns counts."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise BudgetLodError(f"{out}: not a directory (export --format fdp writes a directory)")
    (out / "data").mkdir(parents=True, exist_ok=True)
    reader = AmountReader(store, base_url)
    budgets = rows = 0
    years: list[int] = []
    phases: set[str] = set()
    tmp = out / "data" / f".amounts-{os.getpid()}.csv.tmp"
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            write_csv((), f)
            for budget in reader.budgets():
                lines = reader.rows(budget)
                rows += write_csv(lines, f, header=False)
                phases.update(line["phase"] for line in lines)
                budgets += 1
                if budget.year:  # 0: the document states no year
                    years.append(budget.year)
        os.replace(tmp, out / CSV_PATH)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    span = (min(years), max(years)) if years else None
    desc = fdp.descriptor(
        name="budget-lod", title="部门预算公开数据 · Chinese department budgets (budget-lod)",
        description=f"{budgets} 份部门预算的全部金额（元，精确到分）。 Every amount of {budgets} published department "
                    "budgets, in 元 (exact), with table, classification and page.",
        csv_path=CSV_PATH, years=span, phases=phases, homepage=reader.minter.base)
    _write_json(out / "datapackage.json", desc)
    _write_json(out / (CSV_PATH + "-metadata.json"),
                csvw.metadata(Path(CSV_PATH).name, base_url, "部门预算公开数据 · every amount (budget-lod)"))
    return {"budgets": budgets, "rows": rows}


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
