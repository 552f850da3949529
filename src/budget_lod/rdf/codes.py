"""Look-ups into the code lists: table kinds, measures, units, figures and indicator levels → concepts.

Names printed in a disclosure (``"万元"``, ``"产出指标"``) are matched against the code lists'
``skos:notation`` / ``skos:prefLabel``; anything unknown is minted under the same scheme from a slug,
so a new label never fails the build (the graph then carries its label, see :mod:`budget_lod.rdf.build`).
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from functools import lru_cache

import rdflib
from rdflib.namespace import SKOS

from budget_lod.rdf.iri import Minter, slug
from budget_lod.rdf.vocab import load_ontology


@dataclass(frozen=True)
class CodeLists:
    units: dict[str, str]  # printed unit → concept IRI
    level1: dict[str, str]  # printed level-1 name → concept IRI
    level2: dict[tuple[str, str], str]  # (level-1 IRI, printed level-2 name) → concept IRI
    known: frozenset[str]  # every concept IRI the code lists declare


@lru_cache(maxsize=8)
def _code_lists(base: str) -> CodeLists:
    g = load_ontology(Minter(base))
    units = {str(n): str(c) for c, n in g.subject_objects(SKOS.notation) if str(c).startswith(base + "id/unit/")}
    scheme = rdflib.URIRef(base + "id/indicator-level")
    level1: dict[str, str] = {}
    level2: dict[tuple[str, str], str] = {}
    for c in g.subjects(SKOS.inScheme, scheme):
        labels = [str(lbl) for lbl in g.objects(c, SKOS.prefLabel) if getattr(lbl, "language", None) == "zh"]
        parent = g.value(c, SKOS.broader)
        for lbl in labels:
            if parent is None:
                level1[lbl] = str(c)
            else:
                level2[(str(parent), lbl)] = str(c)
    known = frozenset(str(c) for c in g.subjects(SKOS.inScheme, None))
    return CodeLists(units, level1, level2, known)


def code_lists(minter: Minter) -> CodeLists:
    return _code_lists(minter.base)


def unit_concept(minter: Minter, unit: str) -> str:
    return code_lists(minter).units.get(unit) or minter.concept("unit", slug(unit))


def measure_concept(minter: Minter, measure: str) -> str:
    return minter.concept("measure", slug(measure))


_CLASS_MEASURE = re.compile(r"^(functional|economic)_(\d{3}(?:\d{2}){0,2})$")


def measure_classification(measure: str) -> tuple[str, str] | None:
    """(scheme, code) of a column that is itself a classification code — a table classified both ways
    prints one column per economic 类, measure ``economic_301`` (specs/tables_economic_classes.toml) — else None."""
    m = _CLASS_MEASURE.match(measure)
    return (m.group(1), m.group(2)) if m else None


def table_kind_concept(minter: Minter, kind: str) -> str:
    return minter.concept("table-kind", slug(kind))


def figure_concept(minter: Minter, kind: str) -> str:
    return minter.concept("figure", slug(kind))


def level1_concept(minter: Minter, name: str) -> str:
    return code_lists(minter).level1.get(_clean(name)) or minter.concept("indicator-level", slug(_clean(name)))


def level2_concept(minter: Minter, level1: str, name: str) -> str:
    cl = code_lists(minter)
    key = _clean(name)
    return cl.level2.get((level1, key)) or minter.concept("indicator-level", slug(key))


def is_known(minter: Minter, concept: str) -> bool:
    return concept in code_lists(minter).known


def _clean(name: str) -> str:
    return "".join(name.split())
