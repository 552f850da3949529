"""A generated disclosure's truth as a JSON document, written beside its PDF(s).

:func:`truth_document` turns a laid-out :class:`~budget_lod.sample.truth.Variant` into plain JSON: the
metadata (``kind``: budget | final_accounts), the files (role → file name, page count), every table with its
rows (amounts in 元 as exact decimal strings, the page of each row, the file it is in; a final-accounts row's
figures of other phases under ``phases``), ``amounts`` (every printed amount flattened: table, scheme, code,
measure, ``phase`` as the CSV contract names it, 元, page, file), the narrative's ``claims`` and the ``faults``
planted on purpose; a document of a budget / final-accounts pair carries ``pair`` (what the other document is,
and for the final accounts the line items that correspond, their rates and the differences,
:func:`budget_lod.sample.pairs.pair_document`). Decimals are written as strings so nothing is rounded on the
way. :func:`write_truth` writes it with sorted keys (same variant → same bytes).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from budget_lod.sample.truth import Variant

FORMAT = "budget-lod-sample-truth/1"


def _d(v: Decimal | None) -> str | None:
    return None if v is None else str(v)


def truth_document(v: Variant, files: dict[str, Path] | None = None,
                   pair: dict[str, Any] | None = None) -> dict[str, Any]:
    """The truth of ``v`` as a JSON-ready dict; ``files`` names its PDFs by role (as written); ``pair`` is what
    the document's budget / final-accounts pair says of it."""
    names = files or v.file_names(f"{v.name}.pdf")
    rendered = v.rendered
    tables: dict[str, Any] = {}
    amounts: list[dict[str, Any]] = []
    for kind, t in v.tables.items():
        rows = []
        for r in t.rows:
            phases = {p: {m: _d(a) for m, a in am.items()} for p, am in r.phases.items()}
            rows.append({"scheme": r.scheme, "code": r.code, "name": r.name, "page": r.page,
                         "amounts": {m: _d(a) for m, a in r.amounts.items()}, **dict(r.detail),
                         **({"phases": phases} if phases else {})})
            amounts += [{"table": kind, "scheme": r.scheme, "code": r.code, "measure": m, "phase": phase,
                         "yuan": _d(a), "page": r.page, "file": t.file}
                        for phase, am in ((v.phase, r.amounts), *r.phases.items()) for m, a in am.items()]
        tables[kind] = {"title": t.title, "number": t.number, "unit": t.unit, "file": t.file, "pages": list(t.pages),
                        "empty": t.empty, "note": t.note, "rows": rows}
    claims = [{"kind": c.kind, "yuan": _d(c.amount), "page": c.page, "file": c.file, "code": c.code,
               "subject": c.subject, "direction": c.direction, "percent": _d(c.percent), "current": _d(c.current),
               "unit": c.unit, "base": _d(c.base), "phase": c.phase} for c in v.claims]
    faults = [{"kind": f.kind, "table": f.table, "scheme": f.scheme, "code": f.code, "measure": f.measure,
               "printed": _d(f.printed), "expected": _d(f.expected), "page": f.page, "file": f.file,
               "claim": f.claim, "claim_page": f.claim_page, "claim_file": f.claim_file, "phase": f.phase}
              for f in v.faults]
    return {
        "format": FORMAT,
        "name": v.name,
        "family": v.family,
        "description": v.description,
        "metadata": {"department": v.department, "department_code": v.department_code, "region": v.region,
                     "fiscal_year": v.fiscal_year, "scope": v.scope, "unit": v.unit, "kind": v.kind},
        "files": {role: {"name": Path(names[role]).name, "pages": len(f.builder.pages)}
                  for role, f in rendered.files.items()},
        "missing_tables": list(v.missing_tables),
        "tables": tables,
        "amounts": amounts,
        "claims": claims,
        "faults": faults,
        **({"pair": pair} if pair is not None else {}),
    }


def write_truth(v: Variant, path: str | Path, files: dict[str, Path] | None = None,
                pair: dict[str, Any] | None = None) -> Path:
    """Write the truth of ``v`` to ``path`` (JSON, UTF-8, sorted keys); return the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(truth_document(v, files, pair), ensure_ascii=False, sort_keys=True, indent=1) + "\n",
                   encoding="utf-8")
    return out
