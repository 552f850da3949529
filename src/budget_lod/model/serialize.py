"""The document model as JSON (``extract --format json``) and as CSV rows (``extract --format csv``).

Decimals are written as strings so that no amount ever passes through a float.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from decimal import Decimal
from typing import IO, Any, Iterator

from budget_lod.model.document import Document

CSV_HEADER = (
    "document", "department", "fiscal_year", "table", "scheme", "code", "name", "measure", "amount_yuan", "page",
    "phase",
)


def _plain(obj: Any) -> Any:
    if isinstance(obj, Decimal):
        return str(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict) or hasattr(obj, "items"):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj


def to_json(doc: Document) -> str:
    return json.dumps(_plain(doc), ensure_ascii=False, indent=2)


def csv_rows(doc: Document) -> Iterator[tuple[str, ...]]:
    """One row per amount: table rows first (in printed order), then projects."""
    head = (doc.source, doc.department, str(doc.fiscal_year))
    for table in doc.tables:
        for row in table.rows:
            for phase, amounts in ((doc.phase, row.amounts), *row.phases.items()):
                for measure, amount in amounts.items():
                    yield head + (table.kind, row.scheme, row.code, row.name, measure, f"{amount.yuan:.2f}",
                                  str(amount.page), phase)
    for project in doc.projects:
        parts = []
        if project.amount is not None:
            parts.append(("amount", project.amount))
        parts += list(project.funding.items()) + list(project.plan.items())
        for measure, amount in parts:
            yield head + ("project", "item", project.code, project.name, measure, f"{amount.yuan:.2f}",
                          str(amount.page), doc.phase)


def write_csv(doc: Document, out: IO[str]) -> None:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_HEADER)
    w.writerows(csv_rows(doc))
