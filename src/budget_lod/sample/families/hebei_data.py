"""The figures of the bundled sample disclosure, read from the package's data file.

``hebei_pingxiang_2025.json`` transcribes the tables of the 平乡县人民政府办公室 2025年部门预算 (amounts
as printed strings in 万元, blank cells as empty strings). :func:`load_raw` returns the file as stored
(the renderer uses it); :func:`load_figures` returns the same content as plain dicts with exact
``Decimal`` amounts and blank cells left out, for tests that compare an extraction against it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

DATA_FILE = "hebei_pingxiang_2025.json"
DATA_PACKAGE = "budget_lod.sample"  # where the data file is kept
AMOUNT_TYPES = {"amount"}


@lru_cache(maxsize=1)
def _raw_text() -> str:
    return resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")


def load_raw() -> dict[str, Any]:
    """The data file as stored: strings everywhere, layout hints included (a fresh copy each call)."""
    return json.loads(_raw_text())


def _amount(text: str) -> Decimal | None:
    """A printed amount as ``Decimal`` (scale kept: ``"60.00"`` → ``Decimal("60.00")``); blank → None."""
    text = text.strip()
    return Decimal(text) if text else None


def _row(columns: list[dict[str, str]], cells: list[str]) -> dict[str, Any]:
    """One table row as {"no", "code", "name", …, "amounts": {measure: Decimal}} with blanks left out."""
    if len(cells) != len(columns):
        raise ValueError(f"row has {len(cells)} cells for {len(columns)} columns: {cells}")
    row: dict[str, Any] = {"amounts": {}}
    for col, value in zip(columns, cells):
        key, kind = col["key"], col["type"]
        if kind in AMOUNT_TYPES:
            amount = _amount(value)
            if amount is not None:
                row["amounts"][key] = amount
        elif kind == "no":
            row["no"] = int(value) if value else None
        else:
            row[key] = value
    return row


def _table(t: dict[str, Any]) -> dict[str, Any]:
    columns = t["columns"]
    return {
        "kind": t["kind"],
        "title": t["title"],
        "unit": t["unit"],
        "columns": [{"key": c["key"], "label": c.get("label", "")} for c in columns if c["type"] in AMOUNT_TYPES],
        "rows": [_row(columns, r) for r in t["rows"]],
        "empty": bool(t.get("empty", False)),
        "notes": list(t.get("notes", [])),
    }


def _project(p: dict[str, Any]) -> dict[str, Any]:
    amounts = {k: _amount(v) for k, v in p["funding"].items()}
    plan = {k: _amount(v) for k, v in p["plan"].items()}
    return {
        "number": int(p["number"]),
        "code": p["code"],
        "name": p["name"],
        "amount": _amount(p["amount"]),
        "funding": {k: v for k, v in amounts.items() if v is not None},
        "plan": {k: v for k, v in plan.items() if v is not None},
        "purpose": p["purpose"],
        "goals": list(p["goals"]),
        "indicators": [
            dict(zip(("level1", "level2", "level3", "description", "target", "basis"), ind))
            for ind in p["indicators"]
        ],
    }


def _claim(c: dict[str, Any]) -> dict[str, Any]:
    out = dict(c)
    if "amount" in out:
        out["amount"] = _amount(out["amount"])
    return out


def load_figures() -> dict[str, Any]:
    """The sample's figures as plain dicts with ``Decimal`` amounts (in the printed unit, 万元).

    Keys: ``document`` (department, department_code, region, fiscal_year, previous_year, scope, unit),
    ``tables`` (kind → {kind, title, unit, columns, rows, empty, notes}, the twelve kinds of
    ``model.document.TABLE_KINDS`` except ``project``; each row has ``no`` and its text columns —
    ``code``/``name``, the two sides' ``income_item``/``expenditure_item``, or an ``item`` id — and
    ``amounts``: column key → Decimal, blank cells absent; ``columns`` lists the amount columns with their
    printed labels), ``projects`` (number, code, name, amount, funding {fiscal[, other]}, plan {plan_03 …
    plan_12}, purpose, goals, indicators [{level1, level2, level3, description, target, basis}]),
    ``claims`` (figures the narrative states: kind, amount or count, subject/direction/base_year for
    changes) and ``units`` (the 机构设置 rows).
    """
    raw = load_raw()
    tables = {t["kind"]: _table(t) for t in raw["tables"]}
    assets = raw["assets"]
    tables["assets"] = _table(assets) | {"as_of": assets["as_of"]}
    proc = raw["procurement"]
    tables["procurement"] = {
        "kind": proc["kind"],
        "title": proc["title"],
        "unit": proc["unit"],
        "columns": [],
        "rows": [],
        "empty": True,
        "notes": list(proc["notes"]),
    }
    return {
        "document": dict(raw["document"]),
        "tables": tables,
        "projects": [_project(p) for p in raw["projects"]],
        "claims": [_claim(c) for c in raw["claims"]],
        "units": [dict(zip(("name", "kind", "rank", "funding"), r)) for r in raw["units"]["rows"]],
    }
