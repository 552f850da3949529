"""Generated budget / 决算 pairs (``budget_lod.sample.pairs``) through the whole pipeline and onto the site.

Both PDFs of every pair are rendered, read by ``extract`` and stored by ``ingest``; the real server serves them.
The budget page's comparison of the 一般公共预算(财政拨款)支出 and “三公” tables must say, line by line and
measure by measure, what the pair's truth says — the budget's figure, the 决算's 年初预算数 where its table prints
one, its 决算数 — with the rate computed here from those figures; the 年初预算数 the truth declares off the
budget (``initial_vs_budget`` differences in a table printing them) are exactly the cells set off; the final
accounts' page shows the same figures.
"""

from __future__ import annotations

import re
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from budget_lod.model.amounts import UNIT_FACTORS
from budget_lod.rdf.iri import Minter
from budget_lod.sample.pairs import LINE_TABLES, PAIRS
from budget_lod.web.testing import execution_rows, fetch, local_path, shared_server

NAMES = sorted(PAIRS)


def fill(store_dir: Path, base: str) -> None:
    from budget_lod.config import Settings
    from budget_lod.pipeline import ingest

    folder = Path(tempfile.mkdtemp(prefix="budget-lod-pairs-"))
    files = [f for p in PAIRS.values() for roles in p.write(folder).values() for f in roles.values()]
    ingest(files, Settings.load(store=str(store_dir), base_url=base))


@pytest.fixture(scope="module")
def server():
    return shared_server("pairs", fill)


def documents(server, name: str) -> tuple[str, str]:
    b = PAIRS[name].budget
    m = Minter(server.base_url)
    return (m.budget(b.department, b.department_code, b.fiscal_year, b.scope),
            m.budget(b.department, b.department_code, b.fiscal_year, b.scope, "final_accounts"))


def html(server, iri: str) -> str:
    r = fetch(server, local_path(server, iri.replace("/id/", "/doc/", 1)), {"Accept": "text/html"})
    assert r.status == 200, iri
    return r.text()


def in_yuan(text: str | None, unit: str) -> Decimal | None:
    text = (text or "").replace(",", "").strip()
    return Decimal(text) * UNIT_FACTORS[unit] if text and text != "—" else None


def unit_of(page: str, table: str) -> str:
    return re.search(rf'id="execution-{table}".*?单位：(\S+)', page, re.DOTALL).group(1)


def rate(final: Decimal | None, budget: Decimal | None) -> Decimal | None:
    return ((final or Decimal(0)) * 100 / budget).quantize(Decimal("0.01"), ROUND_HALF_UP) if budget else None


def prints_initial(name: str, table: str) -> bool:
    """Whether the pair's final accounts print a 年初预算数 in ``table`` (else the 情况说明 states it)."""
    t = PAIRS[name].final.tables.get(table)
    return bool(t) and any(r.phases.get("initial_budget") for r in t.rows)


@pytest.mark.parametrize("kind", ["budget", "final_accounts"])
@pytest.mark.parametrize("name", NAMES)
def test_pages_compare_the_pair_line_by_line_as_its_truth_says(server, name, kind):
    budget, final = documents(server, name)
    page = html(server, budget if kind == "budget" else final)
    pair = PAIRS[name]
    compared = 0
    for table, measures in LINE_TABLES.items():
        unit = unit_of(page, table)
        for measure in measures:
            lines = [ln for ln in pair.lines if ln.table == table and ln.measure == measure
                     and (ln.budget is not None or ln.final is not None)]
            if not lines:
                continue
            rows = execution_rows(page, table, measure)
            assert set(rows) == {ln.code for ln in lines}, (table, measure)
            for ln in lines:
                cells = rows[ln.code]
                where = (table, ln.code, measure)
                assert in_yuan(cells.get("budget"), unit) == ln.budget, where
                assert in_yuan(cells["final"], unit) == ln.final, where
                assert in_yuan(cells.get("initial"), unit) == (ln.initial if prints_initial(name, table) else None), where
                assert in_yuan(cells.get("adjusted"), unit) == ln.adjusted, where
                expected = rate(ln.final, ln.budget)
                assert (Decimal(cells["rate"].rstrip("%")) if cells["rate"] else None) == expected == ln.rate, where
                compared += 1
    assert compared > 20


@pytest.mark.parametrize("name", NAMES)
def test_the_misreported_initial_budgets_are_the_cells_set_off(server, name):
    budget, _ = documents(server, name)
    page = html(server, budget)
    pair = PAIRS[name]
    declared = {(d.table, d.code, d.measure) for d in pair.differences
                if d.kind == "initial_vs_budget" and prints_initial(name, d.table)}
    marked = {(table, code, measure) for table, measures in LINE_TABLES.items() for measure in measures
              if f'data-measure="{measure}"' in page.split(f'id="execution-{table}"', 1)[1].split("</article>", 1)[0]
              for code, cells in execution_rows(page, table, measure).items() if cells["mismatch"] == "initial"}
    assert marked == declared
    if prints_initial(name, "general_budget_expenditure"):
        assert declared  # the pair whose table prints 年初预算数 plants a misreported one there
