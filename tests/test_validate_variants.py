"""The validator on disclosures laid out unlike anything in the corpus (``budget_lod.sample.variants``).

Each variant's figures are built independently and consistent by construction (``test_variants_truth``
checks their arithmetic), so validating its extraction must give no Violation except those its truth
declares (``EXPECTED_VIOLATIONS`` below, each with its reason): a fault of the disclosure (a mandated table
omitted) must be reported; a known fault of the reading is tolerated, and only where it is declared.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from budget_lod.rdf.build import build_graph
from budget_lod.rdf.iri import Minter
from budget_lod.sample.variants import NATIONAL, VARIANTS, write_variant
from budget_lod.validate import validate_graph

MINTER = Minter()
NAMES = list(NATIONAL)  # the national template (the provincial variants: test_variants_jiangsu)


@dataclass(frozen=True)
class ExpectedFinding:
    """A Violation the validator must report on a variant (a fault the variant prints on purpose), and why.

    A finding matches when its rule is ``rule`` and it names the table ``table`` (``None``: any)."""

    rule: str
    reason: str
    table: str | None = None

    def matches(self, rule: str, table: str | None) -> bool:
        return rule == self.rule and (self.table is None or table == self.table)


EXPECTED_VIOLATIONS: dict[str, tuple[ExpectedFinding, ...]] = {
    "missing_tables": (
        ExpectedFinding("mandated-table", "the disclosure omits the mandated 财政拨款收支总表",
                        "fiscal_appropriation_summary"),
        ExpectedFinding("mandated-table", "the disclosure omits the mandated 国有资本经营预算支出表 (without "
                        "declaring it empty)", "state_capital_expenditure")),
}


@pytest.fixture(scope="session")
def variant_outcomes(tmp_path_factory, extracted):
    """``outcome(name)`` → the validation of the variant's extraction, made once per session on first use."""
    folder = tmp_path_factory.mktemp("variant-validation")
    cache: dict = {}

    def get(name: str):
        if name not in cache:
            doc = extracted(write_variant(name, folder / f"{name}.pdf"))
            cache[name] = validate_graph(build_graph(doc, MINTER), MINTER)
        return cache[name]

    return get


def _describe(f) -> tuple:
    return f.rule, f.table, f.code, f.measure, f.page, f.message_en[:160]


def _declared(expected, f) -> bool:
    return expected.matches(f.rule, f.table)


@pytest.mark.parametrize("name", NAMES)
def test_no_violation_but_the_expected_ones(variant_outcomes, name):
    violations = [f for f in variant_outcomes(name).results if f.severity == "Violation"]
    declared = EXPECTED_VIOLATIONS.get(name, ())
    unexpected = [_describe(f) for f in violations if not any(_declared(e, f) for e in declared)]
    assert unexpected == []


FAULTY = sorted(EXPECTED_VIOLATIONS)


@pytest.mark.parametrize("name", FAULTY)
def test_every_fault_of_the_disclosure_is_reported(variant_outcomes, name):
    violations = [f for f in variant_outcomes(name).results if f.severity == "Violation"]
    for e in EXPECTED_VIOLATIONS[name]:
        assert any(_declared(e, f) for f in violations), (e, [_describe(f) for f in violations])


def test_omitted_mandated_tables_are_the_expected_faults(variant_outcomes):
    """The variant omitting mandated tables: one mandated-table Violation for each, nothing else."""
    variant = VARIANTS["missing_tables"]
    found = {(f.rule, f.table) for f in variant_outcomes("missing_tables").results if f.severity == "Violation"}
    assert found == {("mandated-table", kind) for kind in variant.missing_tables}


def test_expected_findings_say_why():
    assert set(EXPECTED_VIOLATIONS) <= set(VARIANTS)
    for name, findings in EXPECTED_VIOLATIONS.items():
        for e in findings:
            assert e.reason.strip(), (name, e)
