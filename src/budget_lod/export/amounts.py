"""Every amount of every table line item in the store, as rows of the amounts CSV (``columns.COLUMNS``).

Reads the store only through its interface (``query`` with the named queries ``queries/export_*.rq`` and
``web_budget_columns``), one budget or final accounts (决算) at a time, so a whole-store
export holds one budget in memory whatever the store's size. Rows come in printed order: tables in the
template's order, rows by their printed position, columns as printed. Amounts stay ``Decimal`` and are
written exactly (at least two decimals, never rounded).

Classification levels: a functional code of 3/5/7 digits is 类/款/项, an economic code of 3/5 digits 类/款;
the 类/款 of a row are its code's prefixes. A level's name is the name this budget prints for that code
(the first row carrying it, in printed order), else the name the store gives the concept. In a table that
prints one column per economic 类 (measure ``economic_301``), the column gives the economic class.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Iterable, Iterator

import rdflib

from budget_lod.export.columns import NAMES
from budget_lod.model.document import TABLE_KINDS
from budget_lod.rdf import codes
from budget_lod.rdf.iri import Minter
from budget_lod.rdf.vocab import load_ontology
from budget_lod.web import queries
from budget_lod.web.queries import value

# digits of each classification level, per scheme: (类, 款, 项)
LEVEL_DIGITS = {"functional": (3, 5, 7), "economic": (3, 5)}
LEVEL_COLUMNS = {"functional": ("functional_class", "functional_section", "functional_item"),
                 "economic": ("economic_class", "economic_section")}
# the phase of an amount a store written before phases does not state (it held budgets only)
PHASE = "budget"
BUDGETS_PER_QUERY = 500


def exact(amount: Decimal) -> str:
    """``Decimal`` as plain text with at least two decimals and nothing rounded: 1E+4 → 10000.00,
    12.345 → 12.345."""
    if amount.as_tuple().exponent >= -2:  # type: ignore[operator]
        amount = amount.quantize(Decimal("0.01"))
    return format(amount, "f")


def tail(iri: str | None) -> str:
    return (iri or "").rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Budget:
    iri: str
    label: str
    department: str
    department_iri: str
    department_code: str
    region: str
    year: int
    scope: str
    file_name: str


class AmountReader:
    """Rows of the amounts CSV from a store (any object with the store interface's ``query``)."""

    def __init__(self, store, base_url: str):
        self.store = store
        self.minter = Minter(base_url)
        self._prefixes = queries.prefixes(self.minter.vocab, self.minter.shapes)
        self._labels: dict[str, str] | None = None

    def select(self, name: str, **params) -> list[dict]:
        return queries.rows(self.store.query(self._prefixes + queries.bind(queries.load(name), params)))

    # --- budgets ------------------------------------------------------------------------------------
    def budgets(self) -> Iterator[Budget]:
        """Every stored budget and final accounts (决算), in IRI order, a page at a time."""
        offset = 0
        while True:
            page = self.select("export_documents", limit=BUDGETS_PER_QUERY, offset=offset)
            firsts = {value(r, "budget"): r for r in reversed(page)}  # the first row of each budget
            for iri in dict.fromkeys(value(r, "budget") for r in page):
                yield _budget(iri, firsts[iri])
            if len(firsts) < BUDGETS_PER_QUERY:
                return
            offset += BUDGETS_PER_QUERY

    def budget(self, iri: str) -> Budget | None:
        """One stored budget, or None."""
        rows = self.select("export_budget", budget=rdflib.URIRef(iri))
        return _budget(iri, rows[0]) if rows else None

    # --- rows -----------------------------------------------------------------------------------------
    def rows(self, budget: Budget) -> list[dict[str, str]]:
        """The budget's amounts as CSV rows (column name → text), in printed order."""
        b = rdflib.URIRef(budget.iri)
        amounts = self.select("export_budget_amounts", budget=b)
        headers, positions = self._columns(b)
        ordered = sorted(amounts, key=lambda r: self._order(r, positions))
        names = self._level_names(ordered)
        common = {
            "department": budget.department, "fiscal_year": str(budget.year) if budget.year else "",  # 0: none stated
            "scope": budget.scope,
            "department_code": budget.department_code, "department_id": tail(budget.department_iri),
            "region": budget.region, "budget": budget.iri,
        }
        out = []
        for r in ordered:
            measure_iri = value(r, "measure")
            measure = tail(measure_iri)
            table = value(r, "table")
            scheme = value(r, "scheme") or ""
            code = value(r, "code") or ""
            row = dict(common)
            row.update({
                "table": tail(value(r, "kind")), "scheme": scheme, "code": code, "name": value(r, "name") or "",
                "measure": measure, "amount_yuan": exact(Decimal(value(r, "amount"))),
                "phase": tail(value(r, "phase")) or PHASE, "observation": value(r, "obs"),
                "page": _text(value(r, "rowPage")), "table_title": value(r, "title") or "",
                "measure_label": headers.get((table, measure_iri)) or self._measure_label(measure_iri),
                "level": _text(value(r, "level")), "printed_value": value(r, "printed") or "",
                "printed_unit": value(r, "printedUnit") or "", "table_id": table, "line_item": value(r, "item"),
                "classification": value(r, "classification") or "",
            })
            row.update(levels(scheme or self._scheme_of(row["classification"]), code, names))
            classified = codes.measure_classification(measure)
            if classified is not None:  # the column is itself a code (a column per economic 类)
                row.update(levels(*classified, names))
            out.append({name: row.get(name, "") for name in NAMES})
        return out

    def phases(self, budget: Budget) -> set[str]:
        """The phases of the budget's amounts (``budget``; a 决算's ``initial_budget``, ``adjusted_budget``, ``final``)."""
        found = {tail(value(r, "phase")) for r in self.select("export_budget_phases", budget=rdflib.URIRef(budget.iri))}
        return found or {PHASE}

    def _columns(self, budget: rdflib.URIRef) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], int]]:
        """(table, measure) → printed header, and → printed position."""
        headers: dict[tuple[str, str], str] = {}
        positions: dict[tuple[str, str], int] = {}
        graph = rdflib.URIRef(self.minter.graph_of_budget(str(budget)) or "")
        for c in self.select("web_budget_columns", budget=budget, graph=graph):
            key = (value(c, "table"), value(c, "measure"))
            if value(c, "label") and key not in headers:
                headers[key] = value(c, "label")
            if value(c, "position") is not None:
                positions.setdefault(key, int(value(c, "position")))
        return headers, positions

    @staticmethod
    def _order(r: dict, positions: dict[tuple[str, str], int]) -> tuple:
        kind = tail(value(r, "kind"))
        table = value(r, "table")
        rank = TABLE_KINDS.index(kind) if kind in TABLE_KINDS else len(TABLE_KINDS)
        pos, number = value(r, "position"), value(r, "number")
        row_key = (0, int(pos), "") if pos is not None else (1, int(number), "") if number is not None \
            else (2, 0, value(r, "code") or "")
        column = positions.get((table, value(r, "measure")))
        return (rank, table, row_key, value(r, "item"), (column is None, column or 0, value(r, "measure")),
                value(r, "obs"))

    def _level_names(self, ordered: list[dict]) -> dict[tuple[str, str], str]:
        """(scheme, code) → the name to give a 类/款/项: printed in this budget first, else the store's."""
        names: dict[tuple[str, str], str] = {}
        wanted: set[tuple[str, str]] = set()
        for r in ordered:
            scheme = value(r, "scheme") or self._scheme_of(value(r, "classification") or "")
            code = value(r, "code") or ""
            if value(r, "name") and (scheme, code) not in names:
                names[(scheme, code)] = value(r, "name")
            for key in (*level_codes(scheme, code), *level_codes(*(codes.measure_classification(tail(value(r, "measure")))
                                                                 or ("", "")))):
                wanted.add(key)
        missing = sorted(wanted - names.keys())
        if missing:
            iris = {self.minter.concept(scheme, code): (scheme, code) for scheme, code in missing}
            listed = " ".join(queries.sparql_term(rdflib.URIRef(i)) for i in iris)
            text = self._prefixes + queries.load("export_budget_concepts").replace("$concepts", listed)
            stored: dict[tuple[str, str], list[str]] = {}
            for c in queries.rows(self.store.query(text)):
                stored.setdefault(iris[value(c, "concept")], []).append(value(c, "label"))
            names.update({key: min(labels) for key, labels in stored.items()})
        return names

    def _scheme_of(self, concept: str) -> str:
        """``functional`` / ``economic`` from a classification concept's IRI (``{base}id/functional/201``)."""
        head = concept[len(self.minter.base) + len("id/"):].split("/", 1)[0] if concept.startswith(self.minter.base) else ""
        return head if head in LEVEL_DIGITS else ""

    def _measure_label(self, measure_iri: str) -> str:
        if self._labels is None:
            g = load_ontology(self.minter)
            self._labels = {str(s): str(o) for s, o in g.subject_objects(rdflib.namespace.SKOS.prefLabel)
                            if getattr(o, "language", None) == "zh"}
        return self._labels.get(measure_iri, "")


def _budget(iri: str, m: dict) -> Budget:
    dept_name = value(m, "deptName") or ""
    return Budget(iri=iri, label=value(m, "label") or f"{dept_name} {value(m, 'year')}", department=dept_name,
                  department_iri=value(m, "dept"), department_code=value(m, "deptCode") or "",
                  region=value(m, "region") or "", year=int(value(m, "year")), scope=value(m, "scope") or "",
                  file_name=value(m, "fileName") or "")


def level_codes(scheme: str, code: str) -> list[tuple[str, str]]:
    """(scheme, code) of each level of ``code``, 类 first: ``201`` ``20103`` ``2010301`` (none for other codes)."""
    digits = LEVEL_DIGITS.get(scheme)
    if not digits or not code.isdigit() or len(code) not in digits:
        return []
    return [(scheme, code[:n]) for n in digits if len(code) >= n]


def levels(scheme: str, code: str, names: dict[tuple[str, str], str]) -> dict[str, str]:
    """The 类/款/项 code and name columns of ``code`` in ``scheme`` (nothing for codes of no level)."""
    out = {}
    for (_, level), column in zip(level_codes(scheme, code), LEVEL_COLUMNS.get(scheme, ())):
        out[column + "_code"] = level
        out[column] = names.get((scheme, level), "")
    return out


def _text(v) -> str:
    return "" if v is None else str(v)


def write_csv(rows: Iterable[dict[str, str]], out: IO[str], header: bool = True) -> int:
    """Write rows (with the header first) to ``out``; the number of rows written."""
    w = csv.DictWriter(out, fieldnames=NAMES, lineterminator="\n")
    if header:
        w.writeheader()
    n = 0
    for row in rows:
        w.writerow(row)
        n += 1
    return n


def budget_csv(reader: AmountReader, budget: Budget) -> str:
    """One budget's amounts CSV as text."""
    buf = io.StringIO()
    write_csv(reader.rows(budget), buf)
    return buf.getvalue()
