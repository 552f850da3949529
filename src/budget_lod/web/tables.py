"""How a budget's tables are laid out on a page, as a reader knows them from the PDF.

* Two-sided summary tables (收支总表, 财政拨款收支总表) print income on the left and expenditure on the right,
  line by line. :func:`summary_lines` puts their rows back side by side from what the graph states of each
  row — its side (its code), its printed line number (``bud:rowNumber``, 行次/序号), its printed order
  (``bud:position``: lines read left cell first) and its page — never from the order rows arrive in.
* Other tables print one row per line; a code column only where rows carry classification codes
  (功能/经济分类), never for item slugs.
* Column headers that the PDF groups under one heading (公务用车购置及运行费: 小计 | 购置费 | 运行费) get
  that heading again (:func:`header_rows`).

Which table is laid out how, and which measures group together, is data in :mod:`budget_lod.web.labels`.
"""

from __future__ import annotations

from budget_lod.web import labels

CODED_SCHEMES = ("functional", "economic")


def side_of(row: dict) -> str:
    """``income`` or ``expenditure``: the side of a summary table a row is printed on (from its code)."""
    code = row.get("code") or ""
    return "income" if code.startswith(labels.INCOME_SIDE_PREFIXES) else "expenditure"


def is_total(code: str | None) -> bool:
    """A 合计 / 总计 row: ``TOTAL``, or an item slug naming a total (``income_total``, ``expenditure_grand_total``)."""
    return bool(code) and (code == "TOTAL" or code.endswith(labels.TOTAL_SUFFIXES))


def printed_order(row: dict) -> tuple:
    """Sort key of a row in printed order: ``bud:position``; rows without one after, by page and printed number."""
    if row.get("position") is not None:
        return (0, row["position"], 0, 0)
    return (1, 0, row.get("page") or 0, row.get("number") or 0)


def summary_lines(rows: list[dict]) -> list[tuple[dict | None, dict | None]]:
    """A two-sided table's rows (any order) → its printed lines ``(income row, expenditure row)``, either may
    be ``None``, top to bottom.

    Rows that print the same line number (行次/序号) share that line, whatever order they were stored in.
    Otherwise an expenditure row completes the line of the income row printed right before it (left cell
    first): the next position, on the same page, and no line number that disagrees; any other row opens a
    line of its own. So sides of different lengths keep their blank cells where the PDF prints them.
    (Without line numbers, a line holding only income followed by one holding only expenditure reads as one
    line: positions alone cannot tell them apart.)
    """
    lines: list[list[dict | None]] = []
    line_of_number: dict[int, int] = {}
    for row in sorted(rows, key=printed_order):
        side = 0 if side_of(row) == "income" else 1
        number = row.get("number")
        at = line_of_number.get(number) if number is not None else None
        if at is None and side == 1 and lines and lines[-1][1] is None and _continues(lines[-1][0], row):
            at = len(lines) - 1
        if at is None or lines[at][side] is not None:
            lines.append([None, None])
            at = len(lines) - 1
        lines[at][side] = row
        if number is not None:
            line_of_number.setdefault(number, at)
    numbers = [next((r["number"] for r in line if r and r.get("number") is not None), None) for line in lines]
    if None not in numbers:  # every line numbered: top to bottom by number, however the sides were stored
        lines = [line for _, line in sorted(zip(numbers, lines), key=lambda nl: nl[0])]
    return [(a, b) for a, b in lines]


def _continues(left: dict | None, right: dict) -> bool:
    """Whether expenditure row ``right`` is printed on the same line as income row ``left``."""
    if left is None:
        return False
    if left.get("number") is not None and right.get("number") is not None:
        return left["number"] == right["number"]
    if left.get("page") is not None and right.get("page") is not None and left["page"] != right["page"]:
        return False
    if left.get("position") is not None and right.get("position") is not None:
        return right["position"] == left["position"] + 1
    return True


def summary_sides(measures: list[tuple[str, tuple[str, str]]], rows: list[dict],
                  phases: dict[str, str] | None = None) -> list[dict]:
    """The two sides' headings and columns: a column is shown on the side(s) whose rows carry it (a column
    no row carries is shown on both, so an empty table still prints its headings). A column of another phase
    than the document's own (key ``phase:measure``; ``phases``: column key → phase) is headed by its phase too
    (年初预算数 合计)."""
    used = {"income": set(), "expenditure": set()}
    for r in rows:
        used[side_of(r)].update(r.get("shown") or r["amounts"])
    named = [(m, _with_phase(label, (phases or {}).get(m)) if ":" in m else label) for m, label in measures]
    sides = []
    for key in ("income", "expenditure"):
        cols = [(m, label) for m, label in named
                if m in used[key] or not (m in used["income"] or m in used["expenditure"])]
        sides.append({"key": key, "label": labels.SIDE_LABELS[key], "measures": cols})
    return sides


def _with_phase(label: tuple[str, str], phase: str | None) -> tuple[str, str]:
    zh, en = labels.PHASE_LABELS.get(phase or "", (phase or "", phase or ""))
    return (f"{zh} {label[0]}", f"{en}: {label[1]}")


def phase_header(measures: list[tuple[str, tuple[str, str]]], phases: dict[str, str]) -> list[list[dict]]:
    """Two header rows for a table printing several phases (年初预算数 | 全年预算数 | 决算数, each over its
    measures): each phase's cell spans its columns, the measures below."""
    groups: list[tuple[str, list[tuple[str, tuple[str, str]]]]] = []
    for m, label in measures:
        phase = phases.get(m, "")
        if groups and groups[-1][0] == phase:
            groups[-1][1].append((m, label))
        else:
            groups.append((phase, [(m, label)]))
    top = [{"label": labels.PHASE_LABELS.get(phase, (phase, phase)), "colspan": len(cols), "rowspan": 1,
            "measure": None} for phase, cols in groups]
    below = [{"label": label, "colspan": 1, "rowspan": 1, "measure": m} for _, cols in groups for m, label in cols]
    return [top, below]


def header_rows(measures: list[tuple[str, tuple[str, str]]], phases: dict[str, str] | None = None) -> list[list[dict]]:
    """Header cells for the amount columns: one row, or two when measures the PDF groups under one heading
    stand side by side (the group's cell spans them; the others span both rows) or the table prints several
    phases (``phases``: column key → phase; :func:`phase_header`)."""
    if phases and len(set(phases.values())) > 1:
        return phase_header(measures, phases)
    groups: list[tuple[tuple[str, str] | None, list[tuple[str, tuple[str, str]]]]] = []
    for m, label in measures:
        group = labels.MEASURE_GROUP_OF.get(m)
        if group is not None and groups and groups[-1][0] == labels.MEASURE_GROUPS[group][0]:
            groups[-1][1].append((m, label))
        else:
            groups.append((labels.MEASURE_GROUPS[group][0] if group else None, [(m, label)]))
    if not any(heading and len(cols) > 1 for heading, cols in groups):
        return [[{"label": label, "colspan": 1, "rowspan": 1, "measure": m} for m, label in measures]]
    top: list[dict] = []
    below: list[dict] = []
    for heading, cols in groups:
        if heading and len(cols) > 1:
            top.append({"label": heading, "colspan": len(cols), "rowspan": 1, "measure": None})
            below += [{"label": label, "colspan": 1, "rowspan": 1, "measure": m} for m, label in cols]
        else:
            top += [{"label": label, "colspan": 1, "rowspan": 2, "measure": m} for m, label in cols]
    return [top, below]


def lay_out(t: dict) -> dict:
    """Add to a table (as built by ``pages.budget_tables``) what its template needs to print it."""
    t["form"] = labels.TABLE_FORMS.get(t["kind"], "rows")
    for r in t["rows"]:
        r["total"] = is_total(r["code"])
        if r["name"] == t["label"][0] or not r["name"]:  # a row the PDF prints without a label of its own
            r["name"] = labels.MEASURE_LABELS["total"][0] if r["total"] else r["code"]
    t["has_amounts"] = any(r.get("shown") or r["amounts"] for r in t["rows"])
    phases = t.get("column_phases")
    if t["form"] == "summary":
        t["sides"] = summary_sides(t["measures"], t["rows"], phases)
        t["lines"] = summary_lines(t["rows"])
    else:
        t["show_codes"] = any(r["scheme"] in CODED_SCHEMES and r["code"] != "TOTAL" for r in t["rows"])
        t["header"] = header_rows(t["measures"], phases)
    return t
