"""Readable renderings of an :class:`Outcome`: text grouped by rule, and the ``--format json`` object."""

from __future__ import annotations

import json
from itertools import groupby

from budget_lod.validate.findings import Outcome

_SEVERITY_ZH = {"Violation": "违规", "Warning": "警告", "Info": "提示"}


def format_text(outcome: Outcome) -> str:
    """A report grouped by rule: Chinese and English rule names, location, both messages, the numbers; the
    document's findings first, then, in a section of their own, the tables whose reading failed."""
    v, w, i = (outcome.count(s) for s in ("Violation", "Warning", "Info"))
    head = (f"{'符合' if outcome.conforms else '不符合'} / {'conforms' if outcome.conforms else 'does not conform'}: "
            f"{v} 违规 violation(s), {w} 警告 warning(s), {i} 提示 note(s)")
    reading = [f for f in outcome.results if f.category == "reading"]
    if reading:
        head += f"; {len(reading)} 读取问题 reading problem(s)"
    lines = [head]
    lines += _rules([f for f in outcome.results if f.category != "reading"])
    if reading:
        lines += ["", "== 读取问题 / reading problems (the extraction's, not the document's: its tables were not "
                      "understood, and nothing was checked against them) =="]
        lines += _rules(reading)
    return "\n".join(lines)


def _rules(results) -> list[str]:
    lines: list[str] = []
    key = lambda f: (f.severity != "Violation", f.severity != "Warning", f.rule)  # noqa: E731
    for (_, _, rule), group in groupby(sorted(results, key=key), key=key):
        items = list(group)
        first = items[0]
        names = " / ".join(n for n in (first.rule_zh, first.rule_en) if n)
        lines.append("")
        lines.append(f"[{first.severity} {_SEVERITY_ZH[first.severity]}] {rule} — {names} ({len(items)})")
        for f in items:
            row = f.values.get("row") if f.claim else f.code
            where = ", ".join(
                part for part in (
                    f"claim {f.code}" if f.claim and f.code else "",
                    f"table {f.table}" if f.table else "",
                    f"row {row}" if row else "",
                    f"measure {f.measure}" if f.measure else "",
                    f"page {f.page}" if f.page is not None else "",
                ) if part
            )
            lines.append(f"  - {where or 'document'}")
            if f.message_zh:
                lines.append(f"    {f.message_zh}")
            if f.message_en:
                lines.append(f"    {f.message_en}")
            numbers = {k: v for k, v in f.values.items() if not (f.claim and k == "row")}
            if numbers:
                lines.append("    " + ", ".join(f"{k} = {v}" for k, v in numbers.items()))
            if len(f.places) > 1:
                for page, sentence in f.places:
                    lines.append(f"    · page {page}" + (f": {sentence}" if sentence else ""))
    return lines


def format_json(document_name: str, outcome: Outcome) -> str:
    """``{"document", "conforms", "results": [...]}`` as printed by ``budget-lod validate --format json``; each
    result's ``category`` is ``document`` or ``reading`` (a table not understood: the extraction's problem)."""
    return json.dumps(
        {"document": document_name, "conforms": outcome.conforms, "results": [f.as_json() for f in outcome.results]},
        ensure_ascii=False,
        indent=2,
    )
