"""IRI minting: readable, stable, deterministic URIs under a configurable base.

The same document always yields the same IRIs. The scheme (documented in the README):

=====================  =====================================================================
department             {base}id/department/{dept}
budget                 {base}id/budget/{dept}/{year}/{scope}
final accounts         {base}id/final-accounts/{dept}/{year}/{scope}   (everything below as for a budget)
source document        {base}id/budget/{dept}/{year}/{scope}/source
data set (qb:DataSet)  {base}id/budget/{dept}/{year}/{scope}/dataset
table                  {base}id/budget/{dept}/{year}/{scope}/table/{kind}
line item              {base}id/budget/{dept}/{year}/{scope}/table/{kind}/{scheme}/{code}
observation            {base}id/budget/{dept}/{year}/{scope}/table/{kind}/{scheme}/{code}/{measure}
  of another phase     …/{code}/{measure}/{phase}   (a 决算's 年初预算数 beside its 决算数)
project                {base}id/budget/{dept}/{year}/{scope}/project/{project}
indicator              {base}id/budget/{dept}/{year}/{scope}/project/{project}/indicator/{n}
narrative claim        {base}id/budget/{dept}/{year}/{scope}/claim/{n}
validation report      {base}id/budget/{dept}/{year}/{scope}/report
ingest (prov:Activity) {base}id/budget/{dept}/{year}/{scope}/ingest   (the latest; rdf/records.py)
functional code        {base}id/functional/{code}        (scheme: {base}id/functional)
economic code          {base}id/economic/{code}          (scheme: {base}id/economic)
document graph         {base}graph/{dept}/{year}/{scope}      (final accounts: {base}graph/final-accounts/…)
report graph           {base}graph/{dept}/{year}/{scope}/report
vocabulary             {base}def/budget#Term
shapes                 {base}def/shapes#Shape
=====================  =====================================================================

``{dept}`` is the printed department code and a short hash of the department's name
(``434-1a2b3c4d``), or the hash alone when no code is printed: names are Chinese and codes are only
unique within a region, so together they are both readable and unambiguous.
Every resource ``{base}id/…`` is described by the document ``{base}doc/…`` (303 See Other).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

DEFAULT_BASE = "http://127.0.0.1:8080/"

_SLUG_KEEP = re.compile(r"[^a-z0-9_.-]+")


def normalise_base(base: str) -> str:
    """A base IRI always ends with exactly one slash."""
    if not re.match(r"^https?://[^/\s]+", base):
        raise ValueError(f"base URL must be an absolute http(s) URL, got {base!r}")
    return base.rstrip("/") + "/"


def name_hash(text: str, length: int = 8) -> str:
    """A short stable hash of a (Chinese) name, NFKC-normalised and stripped of white space."""
    norm = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:length]


def slug(text: str) -> str:
    """An IRI-safe path segment: ASCII slugs pass through; anything else becomes a name hash."""
    s = unicodedata.normalize("NFKC", text).strip().lower()
    s = re.sub(r"\s+", "-", s)
    if s and not _SLUG_KEEP.search(s):
        return s
    ascii_part = _SLUG_KEEP.sub("-", s).strip("-")
    h = name_hash(text)
    return f"{ascii_part}-{h}" if ascii_part else h


def department_key(name: str, code: str | None = None) -> str:
    h = name_hash(name)
    return f"{slug(code)}-{h}" if code else h


class Minter:
    """Mints every IRI of the scheme above for one base URL."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = normalise_base(base)

    # vocabularies
    @property
    def vocab(self) -> str:
        return self.base + "def/budget#"

    @property
    def shapes(self) -> str:
        return self.base + "def/shapes#"

    # organisations and budgets
    def department(self, name: str, code: str | None = None) -> str:
        return f"{self.base}id/department/{department_key(name, code)}"

    def _budget_path(self, dept: str, year: int, scope: str) -> str:
        return f"{dept}/{year}/{scope}"

    def budget(self, name: str, code: str | None, year: int, scope: str, kind: str = "budget") -> str:
        """A budget, or (``kind="final_accounts"``) the final accounts of the same department, year and scope."""
        root = "id/final-accounts" if kind == "final_accounts" else "id/budget"
        return f"{self.base}{root}/{self._budget_path(department_key(name, code), year, scope)}"

    def document_graph(self, name: str, code: str | None, year: int, scope: str, kind: str = "budget") -> str:
        root = "graph/final-accounts" if kind == "final_accounts" else "graph"
        return f"{self.base}{root}/{self._budget_path(department_key(name, code), year, scope)}"

    def report_graph(self, name: str, code: str | None, year: int, scope: str, kind: str = "budget") -> str:
        return self.document_graph(name, code, year, scope, kind) + "/report"

    def graph_of_budget(self, budget: str) -> str | None:
        """The document graph of a budget (or final accounts) IRI minted here; None for any other IRI."""
        for root, graph in (("id/budget/", "graph/"), ("id/final-accounts/", "graph/final-accounts/")):
            if budget.startswith(self.base + root):
                return self.base + graph + budget[len(self.base + root):]
        return None

    @staticmethod
    def source(budget: str) -> str:
        return budget + "/source"

    @staticmethod
    def dataset(budget: str) -> str:
        return budget + "/dataset"

    @staticmethod
    def report(budget: str) -> str:
        return budget + "/report"

    @staticmethod
    def ingest(budget: str) -> str:
        return budget + "/ingest"

    @staticmethod
    def table(budget: str, kind: str) -> str:
        return f"{budget}/table/{kind}"

    @staticmethod
    def line_item(table: str, scheme: str, code: str) -> str:
        return f"{table}/{scheme}/{slug(code) if scheme == 'item' else code}"

    @staticmethod
    def observation(line_item: str, measure: str, phase: str | None = None) -> str:
        """One amount of a line item; ``phase`` only for a phase other than the document's own."""
        return f"{line_item}/{slug(measure)}" + (f"/{slug(phase)}" if phase else "")

    @staticmethod
    def project(budget: str, code: str) -> str:
        return f"{budget}/project/{slug(code)}"

    @staticmethod
    def indicator(project: str, n: int) -> str:
        return f"{project}/indicator/{n}"

    @staticmethod
    def claim(budget: str, n: int) -> str:
        return f"{budget}/claim/{n}"

    # classifications
    def scheme(self, scheme: str) -> str:
        return f"{self.base}id/{scheme}"

    def concept(self, scheme: str, code: str) -> str:
        return f"{self.base}id/{scheme}/{code}"

    # linked-data documents
    def doc_for(self, iri: str) -> str | None:
        """The document URL describing ``iri`` ({base}id/… → {base}doc/…), or None if not ours."""
        prefix = self.base + "id/"
        if iri.startswith(prefix):
            return self.base + "doc/" + iri[len(prefix):]
        return None
