"""Turn a located table (its grids across pages) into a model :class:`~budget_lod.model.document.Table`.

One generic engine for every form the layout names:

* ``coded`` — rows carry a classification code (one column, or 类/款/项 columns) and a name; a 合计 row
  becomes ``TOTAL``; a code wrapped in its cell or split across a page break is joined back; a code printed
  with only its level's own digits is made full (:mod:`budget_lod.extract.codes`); rows are in the
  classification their code column names (a 基本支出表 classified both ways has functional rows, one
  ``economic_<code>`` measure per economic 类 column);
* ``summary`` — two sides (income | expenditure) side by side; expenditure rows naming a functional 类
  get its code, every other row an item slug from the layout (sections such as 结转结余 prefix theirs);
* ``crosstab`` — the “三公” table: one row of measures, or, when rows are labelled, rows are the
  measures and each column (funding source) becomes a row;
* ``items`` — labelled rows (procurement, assets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from budget_lod.extract.cells import amount, digits, fallback_slug, label
from budget_lod.extract.checks import check_reading
from budget_lod.extract.codes import PrintedCode, full_codes, has_short_codes
from budget_lod.extract.columns import (Column, column_of, columns_match, header_rows, header_signature,
                                       inner_columns_match, is_number, read_columns)
from budget_lod.extract.grid import Grid, cell_lines
from budget_lod.extract.locate import TableDraft
from budget_lod.model.document import Amount, Row, Table
from budget_lod.specs.layout import Layout, TableSpec, norm

@dataclass
class _Draft:
    """A row being built (mutable until the table is complete)."""

    scheme: str
    code: str
    name: str
    page: int
    number: int | None = None
    amounts: dict[str, Amount] = field(default_factory=dict)
    code_x: float | None = None  # where the printed code and name start (their indentation)
    name_x: float | None = None

    def freeze(self) -> Row:
        return Row(self.scheme, self.code, self.name, dict(self.amounts), self.page, self.number)


@dataclass
class _Line:
    """One grid row's texts by column (a merged cell's text counted once, in its first row/column)."""

    page: int
    texts: dict[int, str]
    lefts: dict[int, float] = field(default_factory=dict)  # column → where its text starts
    ends: dict[int, int] = field(default_factory=dict)  # column → the column after the last one its cell spans
    spanned: dict[int, str] = field(default_factory=dict)  # column → text of a cell started in a row above


def _row_of_lines(grid: Grid, cell) -> dict[int, str] | None:
    """A label cell drawn over several rows whose lines fall one to a row (a table ruled by rows only, the row
    rules of a label column left out): each line is its row's label. ``None`` when the lines do not match the
    rows one to one (a label wrapped, or centred in a merged cell)."""
    if cell.row1 - cell.row0 < 2 or not cell.chars:
        return None
    lines = cell_lines(cell)
    if len(lines) != cell.row1 - cell.row0:
        return None
    rows = [next((r for r in range(cell.row0, cell.row1) if grid.ys[r] <= mid <= grid.ys[r + 1]), None)
            for _, mid in lines]
    if None in rows or len(set(rows)) != len(rows):
        return None
    return {r: text for (text, _), r in zip(lines, rows)}


def _grid_lines(grid: Grid, start: int, ref_xs: list[float]) -> list[_Line]:
    """Data rows of ``grid`` from row ``start``, texts keyed by the column (of ``ref_xs``) they start in."""
    split: dict[tuple[int, int], str] = {}  # (row, column) → a line of a label cell drawn over several rows
    for cell in grid.cells:
        if cell.row0 >= start and not is_number(cell.text):
            for r, text in (_row_of_lines(grid, cell) or {}).items():
                split[(r, cell.col0)] = text
    out = []
    for r in range(start, grid.n_rows):
        texts: dict[int, str] = {}
        lefts: dict[int, float] = {}
        ends: dict[int, int] = {}
        spanned: dict[int, str] = {}
        used: set[int] = set()
        for c in range(grid.n_cols):
            cell = grid.cell_at(r, c)
            if (r, c) in split and cell is not None and cell.col0 == c:
                col = c if ref_xs is grid.xs else column_of(ref_xs, cell.bbox[0])
                texts[col], lefts[col] = split[(r, c)], cell.left
                ends[col] = cell.col1 if ref_xs is grid.xs else col + 1
                continue
            if cell is not None and start <= cell.row0 < r and cell.col0 == c and cell.text.strip():
                spanned[c if ref_xs is grid.xs else column_of(ref_xs, cell.bbox[0])] = cell.text
            if cell is None or cell.row0 != r or id(cell) in used:
                continue
            used.add(id(cell))
            if cell.text.strip():
                if ref_xs is grid.xs:
                    col, end = c, cell.col1
                else:
                    col = column_of(ref_xs, cell.bbox[0])
                    end = max(col + 1, column_of(ref_xs, cell.bbox[2]))
                texts[col] = texts[col] + "\n" + cell.text if col in texts else cell.text
                lefts.setdefault(col, cell.left)
                ends[col] = max(ends.get(col, col + 1), end)
        out.append(_Line(grid.page, texts, lefts, ends, spanned))
    return out


def _row_texts(grid: Grid, row: int) -> tuple[str, ...]:
    return tuple(norm(grid.text_at(row, c)) for c in range(grid.n_cols))


def table_unit(draft: TableDraft, layout: Layout, default: str) -> str:
    """The unit the table declares (above it, or in its header cells), else ``default``."""
    for text in draft.context:
        m = layout.unit.search(text.replace(" ", ""))
        if m:
            return m.group("unit")
    if draft.grids:
        g = draft.grids[0]
        for r in range(min(header_rows(g, layout), g.n_rows)):
            for cell in g.row_cells(r):
                m = layout.unit.search(norm(cell.text))
                if m:
                    return m.group("unit")
    return default


def build_table(draft: TableDraft, layout: Layout, default_unit: str, kind: str = "budget") -> Table:
    """The model table for ``draft``: columns read from its header, rows from every grid it spans (``kind``: the
    document's kind; final accounts name their columns' phases)."""
    spec = layout.spec(draft.kind)
    unit = table_unit(draft, layout, default_unit)
    sides = layout.sides if spec.form == "summary" else ()
    columns: list[Column] | None = None
    ref: Grid | None = None
    lines: list[_Line] = []
    ref_header: set[tuple[str, ...]] = set()
    for g in draft.grids:
        n_header = header_rows(g, layout)
        if ref is not None and n_header:
            # a repeated header ends where its rows stop repeating the first one's: a name fragment
            # continued at the top of the page is data, not header; rows without figures at the top of a
            # continuation (labels of empty rows) are a header only if they name the same columns
            k = 0
            while k < n_header and _row_texts(g, k) in ref_header:
                k += 1
            if k:
                n_header = k
            elif header_signature(g, layout) != header_signature(ref, layout):
                n_header = 0
        cols = read_columns(g, n_header, layout, spec, sides, final=kind == "final_accounts")
        if cols is not None:
            columns, ref = cols, g
            ref_header = ref_header or {_row_texts(g, r) for r in range(n_header)}
        elif ref is None or not (columns_match(ref, g) or inner_columns_match(ref, g)):
            continue  # a grid whose columns we cannot name: nothing to read
        lines += _grid_lines(g, n_header, ref.xs)
    columns = columns or []
    lines, notes = _split_notes(lines, layout)
    reader = _READERS[spec.form]
    row_labels: dict[str, str] = {}  # measure → printed row label, when rows are the measures (“三公”)
    rows = [_by_phase(r) for r in reader(lines, columns, spec, layout, unit, draft, row_labels)]
    has_amounts = any(r.amounts or r.phases for r in rows)
    amount_cols = [c for c in columns if c.role == "amount"]
    measures = _measures_in_order(amount_cols, rows, spec)
    labels = row_labels or _measure_labels(amount_cols, spec)
    table = Table(
        kind=draft.kind,
        title=draft.title,
        unit=unit,
        pages=draft.pages,
        measures=measures,
        measure_labels={m: lbl for m, lbl in labels.items() if m in measures},
        rows=tuple(rows),
        empty=not has_amounts,  # declared empty by its note, or simply without a figure
        note="\n".join([*notes, *draft.notes]) or None,
        columns=tuple(c.label for c in columns if c.label),
    )
    reading = check_reading(table, layout, draft.strategy, _figures_printed(lines, columns), spec.form)
    return replace(table, reading=reading)


def _by_phase(row: Row) -> Row:
    """A row's amounts of other phases (measures read as ``<measure>@<phase>``) moved to ``Row.phases``."""
    if not any("@" in m for m in row.amounts):
        return row
    own: dict[str, Amount] = {}
    phases: dict[str, dict[str, Amount]] = {}
    for key, a in row.amounts.items():
        measure, _, phase = key.partition("@")
        if phase:
            phases.setdefault(phase, {})[measure] = a
        else:
            own[key] = a
    return replace(row, amounts=own, phases=phases)


def _figures_printed(lines: list[_Line], columns: list[Column]) -> int:
    """The figures printed in a table's data rows: every number in an amount column's cells, and every
    figure-like number (decimals or thousands separators) in a label cell — one that landed there is a figure
    the reading lost. Codes, 序号 and ignored columns (数量, 单价, %) hold no figures."""
    role = {c.index: c.role for c in columns}
    n = 0
    for line in lines:
        for col, text in line.texts.items():
            tokens = text.split()
            if role.get(col) == "amount":
                n += sum(1 for t in tokens if is_number(t) and amount(t, "元", 0) is not None)
            elif role.get(col) in (None, "name"):
                n += sum(1 for t in tokens if is_number(t) and ("." in t or "," in t))
    return n


def _split_notes(lines: list[_Line], layout: Layout) -> tuple[list[_Line], list[str]]:
    """Notes drawn inside the grid (a last row ``注：…``, or a lone ``本表无数据``) are notes, not rows."""
    keep, notes = [], []
    for line in lines:
        texts = [norm(t) for t in line.texts.values()]
        if texts and (any(layout.note.search(t) for t in texts)
                      or (len(texts) == 1 and layout.empty_note.search(texts[0]) and not is_number(texts[0]))):
            notes.append(" ".join(label(t) for t in line.texts.values()))
        else:
            keep.append(line)
    return keep, notes


def _measures_in_order(cols: list[Column], rows: list[Row], spec: TableSpec) -> tuple[str, ...]:
    seen: list[str] = []
    for r in rows:
        for m in r.amounts:
            if m not in seen:
                seen.append(m)
    if spec.form == "crosstab":
        return tuple(seen)
    order = [c.measure for c in cols if c.measure]
    return tuple(dict.fromkeys([m for m in order if m in seen] + seen))


def _measure_labels(cols: list[Column], spec: TableSpec) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in cols:
        if c.measure and c.measure not in out:
            out[c.measure] = c.label
    return out


def _role(columns: list[Column], role: str, side: str | None = None) -> list[Column]:
    return [c for c in columns if c.role == role and (side is None or c.side == side)]


def _number(line: _Line, columns: list[Column]) -> int | None:
    for c in _role(columns, "number"):
        d = digits(line.texts.get(c.index, ""))
        if d:
            return int(d)
    return None


def _amounts(line: _Line, cols: list[Column], unit: str) -> dict[str, Amount]:
    out: dict[str, Amount] = {}
    for c in cols:
        text = line.texts.get(c.index)
        if text and c.measure:
            a = amount(text, unit, line.page)
            if a is not None and c.measure not in out:
                out[c.measure] = a
    return out


# --- coded ----------------------------------------------------------------------------------------------

def _code(line: _Line, columns: list[Column], layout: Layout, above: str = "") -> tuple[str, str]:
    """(digits of the code, any non-digit text printed in the code columns).

    Code parts left blank above the lowest one printed are those of the row ``above`` (a spreadsheet export
    prints 类 and 款 only on the first row of their group: ``201`` / blank ``03`` / blank blank ``01``)."""
    code_cols = _role(columns, "code")[:1]  # a second code column (政府经济分类 beside 部门经济分类) is not ours
    other = []
    if code_cols:
        t = "".join(line.texts.get(c.index, "") for c in code_cols)
        if re.search(r"[^\d\s]", t):
            other.append(t)
        return digits(t), label(" ".join(other))
    code = ""
    offset = 0  # digits the levels so far take (printed or not)
    for part in ("code_1", "code_2", "code_3"):
        for c in _role(columns, part):
            t = line.texts.get(c.index, "")
            d = digits(t)
            if re.search(r"[^\d\s]", t):
                other.append(t)
            width = layout.code_parts.get(part, len(d))
            if d and len(d) > width and d.startswith(code):
                code = d  # the full code printed in its level's column (类 201, 款 20103, 项 2010301)
            elif d:
                if len(code) < offset and len(above) >= offset:
                    code = above[:offset]  # the group's upper levels, printed on a row above
                code += d.zfill(width)
            offset += width
    return code, label(" ".join(other))


def _coded_bands(columns: list[Column]) -> list[list[Column]]:
    """A coded table printed in bands side by side (科目编码 | 科目名称 | 决算数 twice: 工资福利 and 对个人和家庭
    classes left, 商品和服务 classes right): the columns of each band, each with its code, name and amounts.
    One band when there is only one (or when a second code column is no band of its own: 部门经济分类 beside
    政府经济分类 with one name)."""
    starts = [i for i, c in enumerate(columns) if c.role in ("code", "code_1")]
    if len(starts) < 2:
        return [columns]
    bands = [columns[a:b] for a, b in zip(starts, [*starts[1:], len(columns)])]
    if all(any(c.role == "name" for c in band) and any(c.role == "amount" for c in band) for band in bands):
        shared = columns[:starts[0]]  # 序号 before the first band
        first = {c.measure for c in bands[0]}
        # a later band's columns mean what the first band's do (read_columns numbered them apart: total_2)
        return [shared + [replace(c, measure=m.group(1)) if c.measure and (m := re.fullmatch(r"(.+)_\d+", c.measure))
                          and m.group(1) in first else c for c in band] for band in bands]
    return [columns]


def _read_coded(lines, columns, spec, layout, unit, draft, row_labels) -> list[Row]:
    bands = _coded_bands(columns)
    if len(bands) > 1:  # one band after the other, each read as a table of its own
        return [row for band in bands for row in _read_coded(lines, band, spec, layout, unit, draft, row_labels)]
    amount_cols = _role(columns, "amount")
    name_cols = _role(columns, "name")[:1]
    if not any(c.role.startswith("code") for c in columns):
        if not name_cols:  # one row of figures under the header (合计 | 基本支出 | 项目支出 …): the table's total
            return [Row(spec.scheme, spec.total_code, "合计", _amounts(line, amount_cols, unit), line.page,
                        _number(line, columns)) for line in lines if _amounts(line, amount_cols, unit)][:1]
        if not any(layout.code_in_name.match(label(line.texts.get(name_cols[0].index, ""))) for line in lines):
            # labelled rows, no code anywhere (a 收入总表 listing its sources): read as items
            return _read_items(lines, columns, spec, layout, unit, draft, row_labels)
    out: list[_Draft] = []
    for line in lines:
        if not line.texts:
            continue
        number = _number(line, columns)
        above = next((d.code for d in reversed(out) if d.code.isdigit()), "")
        code, code_text = _code(line, columns, layout, above)
        name = label("\n".join(line.texts.get(c.index, "") for c in name_cols)) or code_text
        if not code and (m := layout.code_in_name.match(name)):
            code, name = digits(m.group("code")), m.group("name").strip()
        amounts = _amounts(line, amount_cols, unit)
        if code and not name and not amounts and number is None and out and _incomplete(out[-1].code):
            out[-1].code += code  # a code split across a page break (or over two rows)
            continue
        if not code and not amounts and number is None and name and out and not layout.total_label.search(
                layout.clean_label(name)):
            out[-1].name += name  # a name wrapped onto a row of its own
            continue
        if not code and not name and not amounts:
            continue
        if layout.total_label.search(layout.clean_label(name)) and not code:
            out.append(_Draft(spec.scheme, spec.total_code, name, line.page, number, amounts))
        elif code:
            code_col = next(iter(_role(columns, "code")), None)
            out.append(_Draft(spec.scheme, code, name, line.page, number, amounts,
                              line.lefts.get(code_col.index) if code_col else None,
                              line.lefts.get(name_cols[0].index) if name_cols else None))
        else:
            clean = layout.clean_label(name)
            slug = next((r.slug for r in spec.items if r.label.search(clean)), None) or fallback_slug(name)
            out.append(_Draft("item", slug, name, line.page, number, amounts))
    scheme = _row_scheme(columns, out, spec, layout)
    for d in out:
        if d.scheme == spec.scheme:
            d.scheme = scheme
    _complete_short_codes(out, scheme, layout)
    return [d.freeze() for d in out]


def _row_scheme(columns: list[Column], out: list[_Draft], spec: TableSpec, layout: Layout) -> str:
    """The classification of a coded table's rows: the one its code columns' header names (功能分类科目 over the
    codes of a 基本支出表 classified both ways), else the one all its codes belong to, else its kind's."""
    paths = ["/".join(c.path) for c in columns if c.role.startswith("code")]
    named = {s for s, pat in layout.code_schemes if any(pat.search(p) for p in paths)}
    if named:
        return named.pop() if len(named) == 1 else spec.scheme
    classes = {d.code[:3] for d in out if d.scheme == spec.scheme and d.code.isdigit() and len(d.code) >= 3}
    found = {s for s, pat in layout.scheme_codes if classes and all(pat.match(c) for c in classes)}
    return found.pop() if len(found) == 1 else spec.scheme


def _complete_short_codes(out: list[_Draft], scheme: str, layout: Layout) -> None:
    """Codes printed with only their level's own digits (201 / 03 / 01) made full from the rows above."""
    levels = layout.code_levels.get(scheme, ())
    printed = [PrintedCode(d.code if d.scheme == scheme else "", d.amounts, d.code_x, d.name_x) for d in out]
    if not has_short_codes(printed, levels):
        return
    for d, code in zip(out, full_codes(printed, levels)):
        if d.scheme == scheme and code.isdigit():
            d.code = code


def _incomplete(code: str) -> bool:
    """A functional/economic code of a length no level has (a 7-digit code cut after 6 or 4 digits)."""
    return code.isdigit() and len(code) not in (3, 5, 7)


# --- summary --------------------------------------------------------------------------------------------

def _bands(columns: list[Column], layout: Layout) -> list[tuple[str, Column, list[Column]]]:
    """The summary table's bands, left to right: (side, name column, the amount columns after it up to the next
    name column). A side may have several bands — 支出 by function and 支出 by purpose side by side."""
    out: list[tuple[str, Column, list[Column]]] = []
    sides = {s for s, _ in layout.sides}
    for c in sorted(columns, key=lambda c: c.index):
        if c.role == "name" and c.side in sides:
            out.append((c.side, c, []))
        elif c.role == "amount" and out and c.side == out[-1][0]:
            out[-1][2].append(c)
    return out


def _band_texts(line: _Line, bands: list[tuple[str, Column, list[Column]]]) -> list[str]:
    """Each band's label in ``line``: the text of the cells starting in the band's name column — or starting to
    its left on the same side and spanning it (a 当年支出小计 merged across 功能分类 and 支出用途 is the label of
    the last band it spans, whose amount column holds its figure)."""
    out = ["" for _ in bands]
    for col, text in line.texts.items():
        end = line.ends.get(col, col + 1)
        spanned = [i for i, (_, name, _) in enumerate(bands) if col <= name.index < end]
        if spanned:
            out[spanned[-1]] = text
    return out


def _known_label(clean: str, side: str, layout: Layout) -> bool:
    return ((side == "expenditure" and clean in layout.functional_classes)
            or any(r.side == side and r.label.search(clean) for r in layout.items))


def _band_rows(lines, columns, bands, layout, unit) -> list[tuple[int, str, dict[str, Amount], int, int | None]]:
    """Each band's rows in printed order: (band, label, amounts, page, 行次). A label cut by a page break
    (``八、社会保障和就`` / ``业支出``, ``当 年 收 入`` / ``小计``) is joined: a band's row that alone names nothing the
    layout knows, followed in its band by a row that completes it into a known label, one of them without
    figures."""
    out: list[tuple[int, str, dict[str, Amount], int, int | None]] = []
    last: dict[int, int] = {}  # band → index in out of its last row
    for line in lines:
        number = _number(line, columns)
        for b, ((side, _, amount_cols), text) in enumerate(zip(bands, _band_texts(line, bands))):
            name = label(text)
            if len(amount_cols) == 1:
                amount_cols = [Column(amount_cols[0].index, "amount", "amount", amount_cols[0].label,
                                      amount_cols[0].path, side)]
            amounts = _amounts(line, amount_cols, unit)
            if not name and not amounts:
                continue
            if b in last and name:
                i = last[b]
                _, prev, prev_amounts, page, prev_number = out[i]
                joined = prev + name
                if ((not amounts or not prev_amounts) and not _known_label(layout.clean_label(prev), side, layout)
                        and _known_label(layout.clean_label(joined), side, layout)):
                    out[i] = (b, joined, {**prev_amounts, **amounts}, page, prev_number or number)
                    continue
            last[b] = len(out)
            out.append((b, name, amounts, line.page, number))
    return out


def _read_summary(lines, columns, spec, layout, unit, draft, row_labels) -> list[Row]:
    out: list[Row] = []
    section: dict[str, str | None] = {side: None for side, _ in layout.sides}
    seen: dict[str, set[str]] = {side: set() for side, _ in layout.sides}
    used: set[tuple[str, str]] = set()
    bands = _bands(columns, layout)
    for b, name, amounts, page, number in _band_rows(lines, columns, bands, layout, unit):
        side = bands[b][0]
        clean = layout.clean_label(name)
        scheme, code = "item", None
        if side == "expenditure" and clean in layout.functional_classes:
            scheme, code = "functional", layout.functional_classes[clean]
        else:
            rule = next((r for r in layout.items if r.side == side and r.label.search(clean)
                         and (r.after is None or r.after in seen[side])), None)
            if rule is not None:
                code = rule.slug
                seen[side].add(rule.slug)
                if section[side] and not rule.closes and not rule.section:
                    code = f"{section[side]}_{code}"
                section[side] = rule.section if rule.section else (None if rule.closes else section[side])
            else:
                code = f"{side}_{fallback_slug(clean)}"
                if section[side]:
                    code = f"{section[side]}_{code}"
        key = (scheme, code)
        n = 2
        while key in used:  # the same label twice on one side: keep codes unique, stable by order
            key = (scheme, f"{code}_{n}")
            n += 1
        used.add(key)
        out.append(Row(key[0], key[1], name, amounts, page, number))
    return out


# --- crosstab (“三公”) ------------------------------------------------------------------------------------

def _read_crosstab(lines, columns, spec, layout, unit, draft, row_labels) -> list[Row]:
    amount_cols = _role(columns, "amount")
    name_cols = _role(columns, "name")
    if not name_cols:  # one row of measures (the columns): the table's total row
        rows = [Row("item", spec.total_code, draft.title, _amounts(line, amount_cols, unit), line.page,
                    _number(line, columns)) for line in lines if line.texts]
        return [r for r in rows if r.amounts] or rows[:1]
    by_col: dict[int, _Draft] = {}
    for c in amount_cols:
        code = spec.total_code if c.measure == "total" else (c.measure or fallback_slug(c.label))
        by_col[c.index] = _Draft("item", code, c.label, lines[0].page if lines else draft.page)
    for line in lines:
        name = label("\n".join(line.texts.get(c.index, "") for c in name_cols))
        if not name:
            continue
        clean = layout.clean_label(name)
        measure = next((r.slug for r in spec.row_measures if r.label.search(clean)), None) or fallback_slug(clean)
        row_labels.setdefault(measure, name)
        for c in amount_cols:
            text = line.texts.get(c.index)
            a = amount(text, unit, line.page) if text else None
            if a is not None and measure not in by_col[c.index].amounts:
                by_col[c.index].amounts[measure] = a
                by_col[c.index].page = min(by_col[c.index].page, line.page)
    promoted: set[tuple[str, str]] = set()
    for d in by_col.values():
        for src, dst in spec.promote:
            if src in d.amounts and dst not in d.amounts:
                d.amounts = {(dst if m == src else m): a for m, a in d.amounts.items()}
                promoted.add((src, dst))
    for src, dst in promoted:
        if src in row_labels and dst not in row_labels:
            row_labels[dst] = row_labels.pop(src)
    return [d.freeze() for d in by_col.values()]


# --- items ------------------------------------------------------------------------------------------------

def _read_items(lines, columns, spec, layout, unit, draft, row_labels) -> list[Row]:
    """Labelled rows. With several label columns the label columns are an outline: a label in one column
    belongs under the labels last printed (or merged down) in the columns to its left, and clears the columns
    to its right — a group label merged over its items (一般公共预算资金 | 小计, 公共财政拨款资金 …), or 货物 / a
    project / an item bought. A row's label is its path; slugs come from the table's item rules matched against
    the path (``一般公共预算资金/小计``), and a row no rule names gets a hash of its path, so the same item under
    two projects is two rows. Each row names the row it is a part of (``Row.parent``): the row that printed the
    label it stands under; a first row labelled as the table's total (合计, 收入总计) is the parent of the rows at
    the outline's top; a ``其中`` row is part of nothing."""
    out: list[Row] = []
    amount_cols = _role(columns, "amount")
    name_cols = _role(columns, "name")
    used: set[str] = set()
    current: list[str] = ["" for _ in name_cols]  # the outline: the label in force in each label column
    owner: list[str | None] = [None for _ in name_cols]  # … and the code of the row that printed it
    total: str | None = None  # the table's total row, parent of the outline's top rows
    depth: dict[str, int] = {}  # row code → the last label column it printed in
    subtotals: set[str] = set()  # rows labelled as their group's subtotal (小计)
    for line in lines:
        amounts = _amounts(line, amount_cols, unit)
        printed = [i for i, c in enumerate(name_cols) if line.texts.get(c.index, "").strip()]
        # labels in force printed again above a new one (a merged cell reprinted on the next page) are not new
        while len(printed) > 1 and label(line.texts[name_cols[printed[0]].index]) == current[printed[0]]:
            line = _Line(line.page, {k: v for k, v in line.texts.items() if k != name_cols[printed[0]].index},
                         line.lefts, line.ends, {**line.spanned, name_cols[printed[0]].index: current[printed[0]]})
            printed.pop(0)
        level = printed[0] if printed else None
        if level is None and not amounts:
            continue
        for i, c in enumerate(name_cols):
            if line.texts.get(c.index, "").strip():
                current[i] = label(line.texts[c.index])
                current[i + 1:] = ["" for _ in name_cols[i + 1:]]  # a new label clears the columns to its right
                owner[i + 1:] = [None for _ in name_cols[i + 1:]]
            elif c.index in line.spanned:
                current[i] = label(line.spanned[c.index])
        own = [current[i] for i in range(level or 0, len(name_cols))
               if current[i] and line.texts.get(name_cols[i].index, "").strip()]
        path = [p for p in current[:level or 0] if p] + own
        clean = "/".join(layout.clean_label(p) for p in path)
        name = " / ".join(path)
        is_total = bool(own) and level == 0 and len(path) == 1 and layout.total_label.search(layout.clean_label(own[0]))
        if is_total:
            code = spec.total_code
        else:
            code = next((r.slug for r in spec.items if r.label.search(clean)), None) or fallback_slug(clean)
        base, n = code, 2
        while code in used:
            code = f"{base}_{n}"
            n += 1
        used.add(code)
        # the row above whose label this one stands under: one printed in fewer columns than this one starts at
        # (a project above its items), or a group's 小计 (its items); not a sibling printed across both columns
        # (the project's first economic item, whose project label the next economic item stands under too)
        parent = next((owner[i] for i in range(min(level or 0, len(owner)) - 1, -1, -1)
                       if owner[i] and (depth[owner[i]] < (level or 0) or owner[i] in subtotals)), None)
        if parent is None and not out and level == 0 and layout.grand_total_label.search(layout.clean_label(name)):
            total = code  # the first row, 合计 / 收入总计: the whole table
        elif parent is None and level == 0 and total is not None:
            parent = total
        if own and layout.of_which.search(norm(own[0])):
            parent = None  # 其中：… is a part singled out, not one of the parts that add up
        elif level is not None:
            for i in range(level, len(name_cols)):
                if line.texts.get(name_cols[i].index, "").strip():
                    owner[i] = code
                    depth[code] = i
            if own and layout.subtotal_label.search(layout.clean_label(own[-1])):
                subtotals.add(code)
        out.append(Row("item", code, name, amounts, line.page, _number(line, columns), parent))
    return out


_READERS = {"coded": _read_coded, "summary": _read_summary, "crosstab": _read_crosstab, "items": _read_items}
