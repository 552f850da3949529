"""Table layouts as data: load ``specs/tables*.toml`` and normalise them into one canonical :class:`Layout`.

The extraction engine only ever sees a :class:`Layout`: compiled patterns, ordered rule lists and a code
list, whatever file (national template, regional additions) they came from. Files are merged
``tables.toml`` first, then in name order: list entries are appended, and a ``[[tables]]`` entry whose ``kind`` already exists extends that
kind (its titles, measures, row measures and items are appended to the earlier ones).
"""

from __future__ import annotations

import os

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from budget_lod.model.document import SCHEMES, TABLE_KINDS

FORMS = ("coded", "summary", "crosstab", "items")
ROLES = ("number", "code", "code_1", "code_2", "code_3", "name", "ignore")
_QUOTES = re.compile(r"[\s“”\"'‘’「」『』]+")


def norm(text: str) -> str:
    """Text as the patterns see it: NFKC, no white space, no quotation marks."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class MeasureRule:
    """A column whose lowest header cell matches ``leaf`` (and whose upper cells match ``under``; and, with
    ``beside``, in a table where another column's header cells match that) → ``slug``."""

    slug: str
    leaf: re.Pattern[str]
    under: re.Pattern[str] | None = None
    beside: re.Pattern[str] | None = None  # only in a table where another column's header cells match it

    def matches(self, leaf: str, ancestors: str, others: str = "") -> bool:
        return (bool(self.leaf.search(leaf)) and (self.under is None or bool(self.under.search(ancestors)))
                and (self.beside is None or bool(self.beside.search(others))))


@dataclass(frozen=True)
class LabelRule:
    """A row label matching ``label`` → ``slug`` (``section``: opens a section; ``closes``: ends one; ``after``:
    only below a row of that slug, e.g. a 收入合计 under a 当年收入小计 is the grand total)."""

    slug: str
    label: re.Pattern[str]
    side: str | None = None
    section: str | None = None
    closes: bool = False
    after: str | None = None  # the rule applies only once a row of this slug was read on the same side


@dataclass(frozen=True)
class RoleRule:
    role: str
    leaf: re.Pattern[str]


@dataclass(frozen=True)
class TableSpec:
    """How to recognise and read one kind of standard table."""

    kind: str
    form: str
    scheme: str
    titles: tuple[re.Pattern[str], ...]
    measures: tuple[MeasureRule, ...] = ()  # tried before Layout.measures
    row_measures: tuple[LabelRule, ...] = ()
    items: tuple[LabelRule, ...] = ()
    total_code: str = "TOTAL"
    promote: tuple[tuple[str, str], ...] = ()  # (measure, to): renamed ``to`` in rows that lack ``to``
    empty_claims: tuple[str, ...] = ()  # claim kinds whose stated zero declares this table empty
    mandated_from: int | None = None  # the first fiscal year the national template mandates it (None: always)


@dataclass(frozen=True)
class Layout:
    """Everything the engine needs to know about a template, in one canonical shape."""

    name: str
    tables: tuple[TableSpec, ...]
    roles: tuple[RoleRule, ...]
    measures: tuple[MeasureRule, ...]
    items: tuple[LabelRule, ...]
    functional_classes: dict[str, str]  # normalised 类 name → 3-digit code
    code_parts: dict[str, int]  # code_1/code_2/code_3 → zero-padded width
    code_in_name: re.Pattern[str]
    header_line: tuple[re.Pattern[str], ...]
    department: tuple[re.Pattern[str], ...]
    department_code: tuple[re.Pattern[str], ...]
    unit: re.Pattern[str]
    fiscal_year: re.Pattern[str]
    fiscal_year_statement: re.Pattern[str] | None
    region: tuple[re.Pattern[str], ...]
    cover_title: tuple[re.Pattern[str], ...]
    scope: tuple[tuple[str, re.Pattern[str]], ...]
    title_max_chars: int
    toc_line: re.Pattern[str]
    title_prefix: re.Pattern[str]
    title_suffix: re.Pattern[str]
    data_label: re.Pattern[str]
    sides: tuple[tuple[str, str], ...]  # (side, pattern searched in a column's header path)
    other_title: re.Pattern[str]
    set_heading: re.Pattern[str] | None
    page_number: re.Pattern[str]
    note: re.Pattern[str]
    empty_note: re.Pattern[str]
    total_label: re.Pattern[str]
    grand_total_label: re.Pattern[str]
    subtotal_label: re.Pattern[str]
    of_which: re.Pattern[str]
    column_numbers: re.Pattern[str]
    label_prefix: re.Pattern[str]
    grid_fallbacks: tuple[tuple[str, dict[str, Any]], ...] = ()  # (name, pdfplumber table settings)
    sources: tuple[str, ...] = field(default=())
    region_in_department: tuple[re.Pattern[str], ...] = ()  # the department name's administrative prefix
    code_schemes: tuple[tuple[str, re.Pattern[str]], ...] = ()  # (scheme, pattern searched in a code column's header)
    code_levels: dict[str, tuple[int, ...]] = field(default_factory=dict)  # scheme → digits each level adds (3, 2, 2)
    scheme_codes: tuple[tuple[str, re.Pattern[str]], ...] = ()  # (scheme, pattern matched against a row's code)
    measure_checks: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (whole, parts): a row's columns add up
    phases: tuple[tuple[str, re.Pattern[str]], ...] = ()  # (phase, pattern searched in a column's header path)
    final_measures: tuple[MeasureRule, ...] = ()  # measure rules tried first in final accounts
    document_kinds: tuple[tuple[str, re.Pattern[str]], ...] = ()  # (kind, pattern searched in cover and titles)
    row_checks: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (whole, parts): a summary's rows add up

    def spec(self, kind: str) -> TableSpec:
        return next(t for t in self.tables if t.kind == kind)

    def table_kind(self, title: str) -> str | None:
        """The kind of table a (normalised) title names, or ``None``."""
        t = self.title_suffix.sub("", self.title_prefix.sub("", title))
        for spec in self.tables:
            if any(p.search(t) for p in spec.titles):
                return spec.kind
        return None

    def is_caption(self, text: str) -> bool:
        """A cell stating the table's metadata — its department, or only its unit (``单位：万元``) — rather than
        a column header (``价值（金额单位：万元）`` is a header)."""
        t = " ".join(text.split())
        if any(p.search(t) for p in (*self.header_line, *self.department)):
            return True
        rest = self.unit.sub("", norm(text))
        return rest != norm(text) and not re.sub(r"[()\[\]【】:,;]", "", rest)

    def clean_label(self, label: str) -> str:
        """A row label without its enumeration (``一、`` ``1.`` ``其中：``), normalised."""
        return self.label_prefix.sub("", norm(label))


class SpecError(ValueError):
    """A layout file is malformed (unknown kind, form, role or scheme; bad pattern; missing key)."""


def _rx(value: Any, where: str) -> re.Pattern[str]:
    if not isinstance(value, str):
        raise SpecError(f"{where}: expected a pattern string, got {value!r}")
    try:
        return re.compile(value)
    except re.error as exc:
        raise SpecError(f"{where}: bad pattern {value!r}: {exc}") from None


def _rxs(values: Any, where: str) -> tuple[re.Pattern[str], ...]:
    if isinstance(values, str):
        values = [values]
    return tuple(_rx(v, f"{where}[{i}]") for i, v in enumerate(values or ()))


def _measures(entries: Iterable[dict], where: str) -> tuple[MeasureRule, ...]:
    out = []
    for i, e in enumerate(entries):
        w = f"{where}[{i}]"
        try:
            out.append(MeasureRule(e["slug"], _rx(e["leaf"], w + ".leaf"),
                                   _rx(e["under"], w + ".under") if "under" in e else None,
                                   _rx(e["beside"], w + ".beside") if "beside" in e else None))
        except KeyError as exc:
            raise SpecError(f"{w}: missing {exc}") from None
    return tuple(out)


def _labels(entries: Iterable[dict], where: str) -> tuple[LabelRule, ...]:
    out = []
    for i, e in enumerate(entries):
        w = f"{where}[{i}]"
        try:
            out.append(LabelRule(e["slug"], _rx(e["label"], w + ".label"), e.get("side"), e.get("section"),
                                 bool(e.get("closes", False)), e.get("after")))
        except KeyError as exc:
            raise SpecError(f"{w}: missing {exc}") from None
    return tuple(out)


def _checks(entries: Iterable[dict], where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for i, e in enumerate(entries):
        parts = e.get("parts")
        if not isinstance(e.get("whole"), str) or not (isinstance(parts, list) and parts
                                                       and all(isinstance(p, str) for p in parts)):
            raise SpecError(f"{where}[{i}]: expected whole = \"slug\" and parts = [\"slug\", …], got {e!r}")
        out.append((e["whole"], tuple(parts)))
    return tuple(out)


def _code_levels(raw: dict) -> dict[str, tuple[int, ...]]:
    out = {}
    for scheme, widths in raw.items():
        if scheme not in SCHEMES:
            raise SpecError(f"code_levels: unknown scheme {scheme!r}")
        if not (isinstance(widths, list) and widths and all(isinstance(w, int) and w > 0 for w in widths)):
            raise SpecError(f"code_levels.{scheme}: expected a list of positive digit counts, got {widths!r}")
        out[scheme] = tuple(widths)
    return out


def _merge(files: list[tuple[str, dict]]) -> dict:
    """Merge raw TOML dicts: lists append, tables of the same kind extend, scalars: first file wins."""
    merged: dict[str, Any] = {"tables": []}
    for _, raw in files:
        for key, value in raw.items():
            if key == "tables":
                for t in value:
                    old = next((o for o in merged["tables"] if o["kind"] == t.get("kind")), None)
                    if old is None:
                        merged["tables"].append(dict(t))
                    else:
                        for k in ("titles", "measures", "row_measures", "items", "empty_claims"):
                            old[k] = list(old.get(k, [])) + list(t.get(k, []))
            elif isinstance(value, list):
                merged[key] = list(merged.get(key, [])) + value
            elif isinstance(value, dict):
                sub = merged.setdefault(key, {})
                for k, v in value.items():
                    if isinstance(v, list):
                        sub[k] = list(sub.get(k, [])) + v
                    else:
                        sub.setdefault(k, v)
            else:
                merged.setdefault(key, value)
    return merged


def build_layout(files: list[tuple[str, dict]]) -> Layout:
    """Normalise raw layout dicts (``(source name, parsed TOML)``) into a :class:`Layout`."""
    d = _merge(files)
    try:
        meta, text, rows = d["metadata"], d["text"], d["rows"]
        tables = []
        for i, t in enumerate(d["tables"]):
            w = f"tables[{i}]"
            if t["kind"] not in TABLE_KINDS:
                raise SpecError(f"{w}: unknown kind {t['kind']!r} (known: {', '.join(TABLE_KINDS)})")
            if t["form"] not in FORMS:
                raise SpecError(f"{w}: unknown form {t['form']!r} (known: {', '.join(FORMS)})")
            if t["scheme"] not in SCHEMES:
                raise SpecError(f"{w}: unknown scheme {t['scheme']!r}")
            tables.append(TableSpec(
                t["kind"], t["form"], t["scheme"], _rxs(t["titles"], w + ".titles"),
                _measures(t.get("measures", ()), w + ".measures"),
                _labels(t.get("row_measures", ()), w + ".row_measures"),
                _labels(t.get("items", ()), w + ".items"),
                t.get("total_code", "TOTAL"),
                tuple((str(a), str(b)) for a, b in t.get("promote", ())),
                tuple(str(k) for k in t.get("empty_claims", ())),
                int(t["mandated_from"]) if "mandated_from" in t else None,
            ))
        roles = []
        for i, r in enumerate(d["roles"]):
            if r["role"] not in ROLES:
                raise SpecError(f"roles[{i}]: unknown role {r['role']!r} (known: {', '.join(ROLES)})")
            roles.append(RoleRule(r["role"], _rx(r["leaf"], f"roles[{i}].leaf")))
        classes: dict[str, str] = {}
        for i, c in enumerate(d.get("functional_classes", ())):
            code = str(c["code"])
            if not (code.isdigit() and len(code) == 3):
                raise SpecError(f"functional_classes[{i}]: code must be 3 digits, got {code!r}")
            for name in [c["name"], *c.get("aliases", [])]:
                classes[norm(name)] = code
        scope = tuple((s["scope"], _rx(s["pattern"], "metadata.scope")) for s in meta["scope"])
        return Layout(
            name=d.get("name", "layout"),
            tables=tuple(tables),
            roles=tuple(roles),
            measures=_measures(d["measures"], "measures"),
            items=_labels(d.get("items", ()), "items"),
            functional_classes=classes,
            code_parts={k: int(v) for k, v in d["code_parts"].items()},
            code_in_name=_rx(rows["code_in_name"], "rows.code_in_name"),
            header_line=_rxs(meta["header_line"], "metadata.header_line"),
            department=_rxs(meta["department"], "metadata.department"),
            department_code=_rxs(meta.get("department_code", ()), "metadata.department_code"),
            unit=_rx(meta["unit"], "metadata.unit"),
            fiscal_year=_rx(meta["fiscal_year"], "metadata.fiscal_year"),
            fiscal_year_statement=(_rx(meta["fiscal_year_statement"], "metadata.fiscal_year_statement")
                                   if "fiscal_year_statement" in meta else None),
            region=_rxs(meta["region"], "metadata.region"),
            cover_title=_rxs(meta.get("cover_title", ()), "metadata.cover_title"),
            scope=scope,
            title_max_chars=int(text["title_max_chars"]),
            toc_line=_rx(text["toc_line"], "text.toc_line"),
            title_prefix=_rx(text["title_prefix"], "text.title_prefix"),
            title_suffix=_rx(text["title_suffix"], "text.title_suffix"),
            data_label=_rx(rows["data_label"], "rows.data_label"),
            sides=tuple((e["side"], _rx(e["header"], "sides.header").pattern) for e in d["sides"]),
            other_title=_rx(text["other_title"], "text.other_title"),
            set_heading=_rx(text["set_heading"], "text.set_heading") if "set_heading" in text else None,
            page_number=_rx(text["page_number"], "text.page_number"),
            note=_rx(text["note"], "text.note"),
            empty_note=_rx(text["empty_note"], "text.empty_note"),
            total_label=_rx(rows["total"], "rows.total"),
            grand_total_label=_rx(rows.get("grand_total", "(?:合计|总计)$"), "rows.grand_total"),
            of_which=_rx(rows.get("of_which", "^其中[:：]"), "rows.of_which"),
            subtotal_label=_rx(rows.get("subtotal", "^(?:小计|合计)$"), "rows.subtotal"),
            column_numbers=_rx(rows["column_numbers"], "rows.column_numbers"),
            label_prefix=_rx(rows["label_prefix"], "rows.label_prefix"),
            grid_fallbacks=tuple((g["name"], dict(g.get("settings", {}))) for g in d.get("grid_fallbacks", ())),
            sources=tuple(name for name, _ in files),
            region_in_department=_rxs(meta.get("region_in_department", ()), "metadata.region_in_department"),
            code_schemes=tuple((e["scheme"], _rx(e["header"], "code_schemes.header")) for e in d.get("code_schemes", ())),
            code_levels=_code_levels(d.get("code_levels", {})),
            scheme_codes=tuple((e["scheme"], _rx(e["code"], "code_schemes.code"))
                               for e in d.get("code_schemes", ()) if "code" in e),
            measure_checks=_checks(d.get("measure_checks", ()), "measure_checks"),
            phases=tuple((e["phase"], _rx(e["header"], "phases.header")) for e in d.get("phases", ())),
            final_measures=_measures(d.get("final_measures", ()), "final_measures"),
            document_kinds=tuple((e["kind"], _rx(e["pattern"], "metadata.document_kind"))
                                 for e in meta.get("document_kind", ())),
            row_checks=_checks(d.get("row_checks", ()), "row_checks"),
        )
    except KeyError as exc:
        raise SpecError(f"layout is missing {exc}") from None


def layout_files(folder: Path | None = None) -> list[tuple[str, dict]]:
    """The ``tables*.toml`` files of ``folder`` (default: this package), parsed: ``tables.toml`` (the
    national template) first, then the others (additions) in name order."""
    out = []
    if folder is None:
        found = [p for p in resources.files("budget_lod.specs").iterdir()
                 if p.name.startswith("tables") and p.name.endswith(".toml")]
    else:
        found = list(Path(folder).glob("tables*.toml"))
    paths = sorted(found, key=lambda p: (p.name != "tables.toml", p.name))
    for p in paths:
        with p.open("rb") as fh:
            try:
                out.append((p.name, tomllib.load(fh)))
            except tomllib.TOMLDecodeError as exc:
                raise SpecError(f"{p.name}: {exc}") from None
    return out


def load_layout(folder: str | None = None) -> Layout:
    """The canonical layout built from the bundled spec files (or those of ``folder``), cached.

    With no ``folder``, the ``tables*.toml`` files of the directory named by ``BUDGET_LOD_SPECS`` (if set)
    are merged after the bundled ones: a region's additions live outside the installed package.
    """
    return _load_layout(folder, None if folder else (os.environ.get("BUDGET_LOD_SPECS") or None))


@lru_cache(maxsize=8)
def _load_layout(folder: str | None, extra: str | None) -> Layout:
    files = layout_files(Path(folder) if folder else None)
    if extra:
        if not Path(extra).is_dir():
            raise SpecError(f"BUDGET_LOD_SPECS={extra}: not a directory")
        files += layout_files(Path(extra))
    return build_layout(files)
