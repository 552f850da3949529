"""Budget versus execution: a budget and the final accounts (部门决算) of the same department, year and scope,
side by side — budgeted, final and the execution rate, line by line.

The two documents' IRIs differ only by their root (``id/budget/…`` ↔ ``id/final-accounts/…``), and so do their
line items' (same table kind, scheme and code): a document's counterpart is named by its own path
(:func:`budget_lod.web.uris.counterpart`) and known to be stored or not from the store's statistics, so pairing
asks nothing of any other document and costs the same however many are stored. (A pair ingest's link step made
across department keys — ``bud:executes`` — is found by one look-up by IRI.)

What is compared, per line and measure: the budget's figure (phase ``budget``), the final accounts' stated
年初预算数 (``initial_budget``) and 全年预算数 (``adjusted_budget``) where they print them, and their 决算数
(``final``). The execution rate is 决算数 over the budget's figure, in per cent to 0.01 (half up); without a
stored budget, over the 决算's own 年初预算数. A classified line (功能/经济分类 code) the budget prints and the
决算's table does not was not spent on: its 决算数 is shown blank and counts as 0 in the rate; a labelled line
of a summary table (收入 items) without a counterpart has no rate (the two templates word such lines
differently). A stated 年初预算数 that differs from the stored budget's
figure by more than half its printed precision (0.005 万元 for a 决算 printed to 0.01 万元) is marked.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import rdflib

from budget_lod.model.amounts import UNIT_FACTORS
from budget_lod.web import labels, listing, uris
from budget_lod.web.site import SiteData

RATE_PLACES = Decimal("0.01")
CODED = ("functional", "economic")  # schemes whose codes are the same in every template (item slugs are labels)
# the phases a comparison shows as figures, in order, beside the 决算数
STATED = ("initial_budget", "adjusted_budget")


def rate(final: Decimal | None, base: Decimal | None) -> Decimal | None:
    """决算数 / base in per cent, to 0.01 (half up); None without a base (none, or zero)."""
    if not base:
        return None
    return ((final or Decimal(0)) * 100 / base).quantize(RATE_PLACES, ROUND_HALF_UP)


def counterpart(s: SiteData, iri: str) -> str | None:
    """The same resource in the other document of its department, year and scope (a budget's final accounts,
    a final-accounts line item's budget line item …), if that document is stored; else None.

    The other document is named by the path (stored or not: the store's statistics say); failing that, by the
    ``bud:executes`` link ingest's link step writes between a budget and final accounts it pairs across
    department keys (one of the two printing no department code) — one look-up by IRI."""
    return counterparts(s, [iri])[iri]


def counterparts(s: SiteData, iris: list[str]) -> dict[str, str | None]:
    """:func:`counterpart` of each of ``iris``, the ``bud:executes`` links of all of them looked up at once."""
    prefix = f"{s.base}id/"
    out: dict[str, str | None] = {}
    named = {iri: uris.counterpart(iri[len(prefix):]) if iri.startswith(prefix) else None for iri in iris}
    graphs = {iri: s.graph_of(prefix + other) for iri, other in named.items() if other is not None}
    stored = listing.held(s, sorted({str(g) for g in graphs.values() if g is not None}))
    docs: dict[str, str] = {}  # IRI → its document, for those the path does not pair
    for iri, other in named.items():
        if other is None or str(graphs[iri]) in stored:
            out[iri] = None if other is None else prefix + other
        else:
            docs[iri] = prefix + uris.budget_prefix(iri[len(prefix):])
    linked: dict[str, list[str]] = {}
    if docs:
        for row in s.select("web_counterpart", docs=[rdflib.URIRef(d) for d in sorted(set(docs.values()))]):
            linked.setdefault(str(row["doc"]), []).append(str(row["other"]))
    for iri, doc in docs.items():
        found = linked.get(doc, [])
        out[iri] = found[0] + iri[len(doc):] if len(found) == 1 else None  # two answers: a doubt left alone
    return out


def kind_of(iri: str, base: str) -> str:
    """``budget`` or ``final_accounts``: the kind of the document ``iri`` is (in)."""
    return uris.document_kind(iri[len(f"{base}id/"):]) or "budget"


def in_unit(yuan: Decimal | None, unit: str) -> str:
    """An amount in 元 shown in ``unit`` with separators: two decimals, more only where the figure has them."""
    if yuan is None:
        return ""
    value = Decimal(yuan) / UNIT_FACTORS.get(unit, Decimal(1))
    q = value.quantize(RATE_PLACES)
    if q != value:
        q = value.normalize()
    return f"{q:,}"


def figures(budget: Decimal | None, stated: dict[str, Decimal], final: Decimal | None, final_printed: bool,
            precision: Decimal | None) -> dict:
    """One measure of one line: the figures, the rate and difference against the budget (else the stated
    年初预算数), whether the 决算 overspent and whether its 年初预算数 disagrees with the stored budget."""
    initial = stated.get("initial_budget")
    base = budget if budget is not None else initial
    spent = final if final is not None else (Decimal(0) if final_printed and base is not None else None)
    tolerance = (precision or Decimal(0)) / 2
    return {
        "budget": budget, "initial": initial, "adjusted": stated.get("adjusted_budget"), "final": final,
        "base": "budget" if budget is not None else ("initial" if initial is not None else None),
        "rate": rate(spent, base) if spent is not None else None,
        "difference": spent - base if spent is not None and base is not None else None,
        "over": spent is not None and base is not None and spent > base,
        "mismatch": budget is not None and initial is not None and abs(initial - budget) > tolerance,
    }


def _path(iri: str, doc: str) -> str:
    return iri.removeprefix(doc)


def _line_order(line: dict) -> tuple:
    """TOTAL first, then classified lines by code (类 before its 款 and 项), then item lines in printed order."""
    if line["code"] == "TOTAL":
        return (0, "", 0)
    if line["scheme"] in ("functional", "economic"):
        return (1, line["code"], 0)
    return (2, "", line["order"])


def _unit(tables: list[dict | None]) -> str:
    units = {t["unit"] for t in tables if t is not None}
    return units.pop() if len(units) == 1 else "元"


def headline_measure(measures: list[str]) -> str | None:
    """The measure a comparison shows first: 合计 (``total``), else ``amount``, else the first."""
    for m in ("total", "amount"):
        if m in measures:
            return m
    return measures[0] if measures else None


def compare_tables(budget_tables: list[dict] | None, final_tables: list[dict], budget_iri: str | None,
                   final_iri: str) -> list[dict]:
    """Each table both documents print (the final accounts' own tables alone when no budget is stored) as a
    comparison: its measures (those either prints a figure for, the budget's first; without a budget, those the
    决算 states another phase of), each measure's lines with :func:`figures`. Tables are matched by kind and
    lines by scheme and code — their paths below the document IRI."""
    budgets = {_path(t["iri"], budget_iri): t for t in budget_tables or ()} if budget_iri else {}
    out = []
    for ft in final_tables:
        key = _path(ft["iri"], final_iri)
        bt = budgets.get(key)
        if budget_tables is not None and bt is None:
            continue
        final_measures = {m for r in ft["rows"] for m in r["phases"].get("final", {})}
        if bt is not None:  # what either prints: the budget's columns first, then the 决算's own
            budgeted = {m for r in bt["rows"] for m in r["amounts"]}
            measures = [m for m, _ in bt["measures"] if ":" not in m and m in budgeted] + \
                [m for m, _ in ft["measures"] if ":" not in m and m in final_measures and m not in budgeted]
        else:
            stated = {m for r in ft["rows"] for p in STATED for m in r["phases"].get(p, {})}
            measures = [m for m, _ in ft["measures"] if ":" not in m and m in stated and m in final_measures]
        if not measures or (bt is not None and not final_measures):
            continue
        labels_of = {**dict(ft["measures"]), **dict(bt["measures"] if bt is not None else ())}
        brows = {_path(r["iri"], budget_iri): r for r in bt["rows"]} if bt is not None else {}
        frows = {_path(r["iri"], final_iri): r for r in ft["rows"]}
        lines = []
        for n, path in enumerate(list(brows) + [p for p in frows if p not in brows]):
            br, fr = brows.get(path), frows.get(path)
            any_row = br or fr
            coded = any_row["scheme"] in CODED or any_row["code"] == "TOTAL"
            line = {"code": any_row["code"], "name": (br or fr)["name"], "scheme": any_row["scheme"],
                    "level": any_row["level"], "total": any_row.get("total", False), "order": n,
                    "budget_iri": br["iri"] if br else None, "final_iri": fr["iri"] if fr else None, "by": {}}
            for m in measures:
                budget = br["amounts"].get(m) if br else None
                stated = {p: fr["phases"][p][m] for p in STATED if fr and m in fr["phases"].get(p, {})}
                final = fr["phases"].get("final", {}).get(m) if fr else None
                if budget is None and final is None and not stated:
                    continue
                precision = fr["precision"].get(("initial_budget", m)) if fr else None
                line["by"][m] = figures(budget, stated, final, fr is not None or (bool(ft["rows"]) and coded), precision)
            if line["by"]:
                lines.append(line)
        lines.sort(key=_line_order)
        present = {k for line in lines for f in line["by"].values() for k in ("budget", "initial", "adjusted")
                   if f[k] is not None}
        out.append({"key": key.rsplit("/", 1)[-1], "kind": ft["kind"], "label": (bt or ft)["label"],
                    "final_label": ft["label"], "unit": _unit([bt, ft]),
                    "measures": [(m, labels_of.get(m, (m, m))) for m in measures],
                    "headline": headline_measure(measures), "lines": lines,
                    "columns": [k for k in ("budget", "initial", "adjusted") if k in present],
                    "base": "budget" if bt is not None else "initial"})
    return out


def headline(comparisons: list[dict]) -> dict | None:
    """The pair's headline: the 合计 line of the first table of ``labels.DEPARTMENT_FIGURE_TABLES`` compared
    (else of the first table compared), its headline measure's figures."""
    order = {k: i for i, k in enumerate(labels.DEPARTMENT_FIGURE_TABLES)}
    for c in sorted(comparisons, key=lambda c: order.get(c["kind"], len(order))):
        total = next((line for line in c["lines"] if line["code"] == "TOTAL" and c["headline"] in line["by"]), None)
        if total is not None:
            return {"table": c["label"], "unit": c["unit"], **total["by"][c["headline"]]}
    return None


def item_execution(mine: str, amounts: list[dict], other: list[dict] | None, other_table: bool) -> list[dict]:
    """A line item's figures per measure beside its counterpart's. ``mine``: the kind of the item's document;
    ``amounts`` its amounts and ``other`` the counterpart line item's, as
    :func:`~budget_lod.web.page_data.item_amounts` gives them (None: the other document is not stored; empty:
    it does not print the line); ``other_table``: whether the other document prints the line's table at all
    (a budget line its 决算's table leaves out was not spent on; one whose table the 决算 lacks is not compared).
    Final accounts alone compare their 决算数 with their own 年初预算数 / 全年预算数."""
    if other is not None and not other and not other_table:
        other = None
    budget_side = amounts if mine == "budget" else (other or [])
    final_side = amounts if mine == "final_accounts" else (other or [])
    if mine == "budget" and other is None:
        return []
    measures: list[str] = []
    for a in budget_side + final_side:
        if a["measure"] not in measures and a["phase"] in ("budget", "final"):
            measures.append(a["measure"])
    rows = []
    for m in measures:
        budget = next((a for a in budget_side if a["measure"] == m and a["phase"] == "budget"), None)
        final = next((a for a in final_side if a["measure"] == m and a["phase"] == "final"), None)
        stated = {a["phase"]: a for a in final_side if a["measure"] == m and a["phase"] in STATED}
        if other is None and not stated:
            continue  # final accounts alone: a measure with no budget figure beside its 决算数
        shown = budget or final or next(iter(stated.values()))
        f = figures(budget["yuan"] if budget else None, {p: a["yuan"] for p, a in stated.items()},
                    final["yuan"] if final else None, True,
                    stated["initial_budget"]["precision"] if "initial_budget" in stated else None)
        rows.append({"measure": m, "label": shown["label"], "en": shown["en"],
                     "budget_obs": budget["obs"] if budget else None, "final_obs": final["obs"] if final else None,
                     "stated_obs": {p: a["obs"] for p, a in stated.items()}, **f})
    return rows
