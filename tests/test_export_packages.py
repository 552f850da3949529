"""The open-fiscal-data exports on real documents: the bundled sample and every corpus document that extracts.

* Fiscal Data Package: ``budget-lod export --format fdp`` (the whole store) and each budget's package under
  ``/dumps/`` pass ``frictionless`` validation (types, constraints, the primary key) and the model rules
  of Fiscal Data Package 0.3, written here from the specification's text; frictionless does reject a
  broken copy.
* CSVW: the ``csvw`` package reads each CSV through its metadata; the RDF it describes is part of the
  stored graph, and carries exactly the store's amounts, measures, line items, codes and names.

``csvw`` implements CSV-to-JSON, not CSV-to-RDF, and its JSON writes decimals as floats, so the triples are
built here the way W3C csv2rdf (§4.6) builds them: subject, property and IRI values come from csvw's own
template expansion (``Triple.from_col``), literals from csvw's typed cell values (``Decimal`` for
``decimal``) with the column's datatype or language.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from budget_lod.errors import BudgetLodError
from budget_lod.rdf.vocab import QB
from budget_lod.web.testing import fetch, free_port, run_server

# CSVW's initial context, as far as the metadata uses it (dc: is dcterms there)
PREFIXES = {"rdf": str(RDF), "rdfs": str(RDFS), "qb": str(QB), "dc": str(DCTERMS), "dcterms": str(DCTERMS),
            "skos": str(SKOS), "xsd": str(XSD)}


# --- the store: the sample and the corpus, built straight from the documents -------------------------------

@pytest.fixture(scope="module")
def documents(corpus, sample_pdf, extracted):
    """Every document that extracts today (a narrative-only PDF is not a disclosure on its own)."""
    docs, refused = [], []
    for path in [sample_pdf, *sorted(corpus.glob("*/*.pdf"))]:
        try:
            docs.append(extracted(path))
        except BudgetLodError as exc:
            refused.append(f"{path.name}: {exc}")
    assert len(docs) >= 8, refused  # the sample and the corpus's disclosures
    return docs


@pytest.fixture(scope="module")
def served(documents, tmp_path_factory):
    """(server, store directory, {budget IRI: document graph IRI}) over the documents' graphs."""
    from budget_lod.rdf.build import build_graph
    from budget_lod.rdf.graphs import budget_iri, document_graph_iri, report_graph_iri
    from budget_lod.rdf.iri import Minter
    from budget_lod.store import open_store

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    minter = Minter(base)
    store_dir = tmp_path_factory.mktemp("export-store")
    batch, budgets = [], {}
    for doc in documents:
        graph = document_graph_iri(doc, minter)
        if graph in {b[0] for b in batch}:
            continue  # two files of one budget: the first stands for it
        if not any(r.amounts for t in doc.tables for r in t.rows):
            continue  # a template printing placeholders (the district's 决算 template): no amount to export
        batch.append((graph, build_graph(doc, minter), report_graph_iri(doc, minter), rdflib.Graph()))
        budgets[budget_iri(doc, minter)] = graph
    store = open_store(store_dir, mode="write")
    try:
        store.replace_documents(batch)
    finally:
        store.close()
    server = run_server(store_dir, base, port=port)
    yield server, store_dir, budgets
    server.stop()


def folder_of(budget: str) -> str:
    return budget.split("/id/", 1)[1].replace("/", "_")


def dump_url(server, budget: str, suffix: str) -> str:
    return budget.replace(server.base_url + "id/", "/dumps/", 1) + suffix


def download(server, budget: str, folder: Path) -> Path:
    """A budget's CSV and its two descriptions into ``folder``; the CSVW metadata's path."""
    folder.mkdir(parents=True, exist_ok=True)
    scope = budget.rsplit("/", 1)[1]
    for suffix in (".csv", ".csv-metadata.json", ".datapackage.json"):
        reply = fetch(server, dump_url(server, budget, suffix))
        assert reply.status == 200, (budget, suffix, reply.body[:200])
        (folder / (scope + suffix)).write_bytes(reply.body)
    return folder / f"{scope}.csv-metadata.json"


@pytest.fixture(scope="module")
def whole_package(served, tmp_path_factory) -> Path:
    server, store_dir, _ = served
    out = tmp_path_factory.mktemp("fdp") / "package"
    done = subprocess.run([sys.executable, "-m", "budget_lod", "export", "--store", str(store_dir), "--format", "fdp",
                           "-o", str(out), "--base-url", server.base_url], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


# --- Fiscal Data Package --------------------------------------------------------------------------------------

def frictionless_errors(descriptor: str) -> list[str]:
    import frictionless

    report = frictionless.validate(descriptor)
    return [f"{e.type}: {e.message}" for task in report.tasks for e in task.errors] + \
           [f"{e.type}: {e.message}" for e in report.errors]


def test_whole_store_package_passes_frictionless(whole_package, served):
    _, _, budgets = served
    assert frictionless_errors(str(whole_package / "datapackage.json")) == []
    with open(whole_package / "data" / "amounts.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["budget"] for r in rows} == set(budgets)  # every budget is in it


def test_each_budgets_package_passes_frictionless(served, tmp_path):
    server, _, budgets = served
    for budget in budgets:
        folder = tmp_path / folder_of(budget)
        download(server, budget, folder)
        (descriptor,) = folder.glob("*.datapackage.json")
        assert frictionless_errors(str(descriptor)) == [], budget


def test_a_budgets_package_validates_over_http(served):
    import frictionless

    server, _, budgets = served
    budget = sorted(budgets)[0]
    report = frictionless.validate(server.bind_url + dump_url(server, budget, ".datapackage.json")[1:])
    assert report.valid, report.flatten(["type", "message"])
    assert report.tasks[0].stats["rows"] > 0


def test_frictionless_rejects_a_broken_copy(whole_package, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(whole_package, broken)
    path = broken / "data" / "amounts.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    row = next(csv.reader([lines[1]]))
    row[header.index("amount_yuan")] = "12.3x"
    lines[1] = ",".join(f'"{c}"' for c in row) + "\n"
    lines.append(lines[2])  # an amount twice: the primary key (line item, measure) repeats
    path.write_text("".join(lines), encoding="utf-8")
    errors = frictionless_errors(str(broken / "datapackage.json"))
    assert any(e.startswith("type-error") for e in errors), errors
    assert any(e.startswith("primary-key") for e in errors), errors


CURRENCIES = {"CNY"}  # ISO 4217; the only currency this project publishes
DIMENSION_TYPES = {"datetime", "entity", "classification", "activity", "fact", "location", "other"}
CLASSIFICATION_TYPES = {"administrative", "functional", "economic"}
PHASES = {"proposed", "approved", "adjusted", "executed"}


def model_problems(descriptor: dict) -> list[str]:
    """Fiscal Data Package 0.3's rules for ``model``, as its specification states them."""
    problems = []
    fields = {r["name"]: {f["name"] for f in r["schema"]["fields"]} for r in descriptor["resources"]}
    first = descriptor["resources"][0]["name"]
    for key in ("name", "title", "resources", "model"):
        if key not in descriptor:
            problems.append(f"package lacks {key}")
    model = descriptor["model"]
    if not model.get("measures") or not model.get("dimensions"):
        problems.append("a model needs at least one measure and one dimension")

    def source_ok(where: str, spec: dict) -> None:
        if ("source" in spec) == ("constant" in spec):
            problems.append(f"{where}: needs exactly one of source / constant")
        elif "source" in spec and spec["source"] not in fields.get(spec.get("resource", first), ()):
            problems.append(f"{where}: source {spec['source']!r} is no field of its resource")

    for name, m in model["measures"].items():
        source_ok(f"measure {name}", m)
        if m.get("currency") not in CURRENCIES:
            problems.append(f"measure {name}: currency {m.get('currency')!r}")
        if "phase" in m and m["phase"] not in PHASES:
            problems.append(f"measure {name}: phase {m['phase']!r}")
        if "direction" in m and m["direction"] not in ("expenditure", "revenue"):
            problems.append(f"measure {name}: direction {m['direction']!r}")
    for name, d in model["dimensions"].items():
        attrs = d.get("attributes") or {}
        if not attrs:
            problems.append(f"dimension {name}: no attributes")
        keys = d.get("primaryKey")
        for k in [keys] if isinstance(keys, str) else keys or [None]:
            if k not in attrs:
                problems.append(f"dimension {name}: primaryKey {k!r} is no attribute")
        if d.get("dimensionType", "other") not in DIMENSION_TYPES:
            problems.append(f"dimension {name}: dimensionType {d.get('dimensionType')!r}")
        if d.get("dimensionType") == "classification":
            if "code" not in attrs:
                problems.append(f"classification {name}: no code attribute")
            if d.get("classificationType") not in CLASSIFICATION_TYPES:
                problems.append(f"classification {name}: classificationType {d.get('classificationType')!r}")
        for a, spec in attrs.items():
            source_ok(f"{name}.{a}", spec)
            for link in ("parent", "labelfor"):
                if link in spec and spec[link] not in attrs:
                    problems.append(f"{name}.{a}: {link} {spec[link]!r} is no attribute of {name}")
    return problems


def test_the_model_follows_the_fdp_specification(whole_package, served, tmp_path):
    descriptor = json.loads((whole_package / "datapackage.json").read_text(encoding="utf-8"))
    assert model_problems(descriptor) == []
    dims = descriptor["model"]["dimensions"]
    assert dims["administrative_classification"]["classificationType"] == "administrative"
    amount = descriptor["model"]["measures"]["amount"]
    assert {k: amount[k] for k in ("source", "currency", "factor")} == {"source": "amount_yuan", "currency": "CNY",
                                                                       "factor": 1}
    assert "phase" not in amount  # budgets and final accounts together: no one phase
    # the checker can fail
    bad = json.loads(json.dumps(descriptor))
    bad["model"]["measures"]["amount"]["currency"] = "RMB"
    bad["model"]["dimensions"]["functional_classification"]["attributes"]["code"]["parent"] = "nothing"
    assert len(model_problems(bad)) == 2
    server, _, budgets = served
    budget = sorted(budgets)[0]
    one = json.loads(fetch(server, dump_url(server, budget, ".datapackage.json")).body)
    assert model_problems(one) == []
    assert one["fiscalPeriod"]["start"].endswith("-01-01") and one["resources"][0]["path"].endswith(".csv")
    (sample,) = [b for b in budgets if "/434-" in b]
    assert json.loads(fetch(server, dump_url(server, sample, ".datapackage.json")).body)["model"]["measures"][
        "amount"]["phase"] == "approved"  # a budget's amounts: the approved budget
    finals = [b for b in budgets if "/id/final-accounts/" in b]
    assert finals  # the corpus's 决算
    for final in finals:
        phases = {r["phase"] for r in csv.DictReader(io.StringIO(fetch(server, dump_url(server, final, ".csv")).text()))}
        assert "final" in phases, (final, phases)


def test_the_samples_functional_levels_add_up(served, tmp_path):
    """The sample's 一般公共预算支出表 (万元): 类 201 787.26, 208 75.20, 210 40.20, 221 51.40 — each the sum of its
    项 rows, pivoted on the package's functional class column (as an FDP tool would)."""
    import frictionless

    server, _, budgets = served
    (budget,) = [b for b in budgets if "/434-" in b]
    download(server, budget, tmp_path)
    resource = frictionless.Package(str(tmp_path / "department.datapackage.json")).get_resource("amounts")
    by_class: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    with resource:
        for row in resource.row_stream:
            if row["table"] == "general_budget_expenditure" and row["measure"] == "total" and row["level"] == 3:
                assert isinstance(row["amount_yuan"], Decimal)
                by_class[row["functional_class_code"]] = by_class.get(row["functional_class_code"], 0) + row["amount_yuan"]
                names[row["functional_class_code"]] = row["functional_class"]
                assert row["functional_item_code"] == row["code"] and row["functional_section_code"] == row["code"][:5]
    assert by_class == {"201": Decimal("7872600"), "208": Decimal("752000"), "210": Decimal("402000"),
                        "221": Decimal("514000")}
    assert "一般公共服务支出" in names["201"]


# --- CSVW -------------------------------------------------------------------------------------------------------

def expand(term: str) -> URIRef:
    """csvw gives well-known IRIs back as CURIEs (``rdf:type``, ``qb:Observation``)."""
    prefix, sep, local = term.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return URIRef(PREFIXES[prefix] + local)
    return URIRef(term)


def csvw_graph(metadata: Path) -> tuple[rdflib.Graph, int]:
    """The RDF a CSVW processor makes of the CSV (csv2rdf, minimal mode), and the number of CSV rows."""
    import csvw
    from csvw.jsonld import Triple

    data = csvw.CSVW(str(metadata), validate=True)
    assert data.is_valid, data.warnings
    g = rdflib.Graph()
    rows = 0
    for table in data.tables:
        about = table.tableSchema.inherit("aboutUrl")
        for rownum, row in enumerate(table.iterdicts(), start=1):
            rows += 1
            default = table.expand(about, row, _row=rownum)
            for col in table.tableSchema.columns:
                if col.suppressOutput:
                    continue
                cell = None if col.virtual else row.get(col.header)
                if not col.virtual and cell in (None, ""):
                    continue  # an empty cell says nothing
                t = Triple.from_col(table, col, row, col.header, cell, rownum)
                if col.valueUrl:
                    obj = expand(t.value)
                elif col.lang and col.lang != "und":  # "und": no language (csvw's default)
                    obj = Literal(cell, lang=col.lang)
                elif col.datatype.base in ("decimal", "integer"):
                    obj = Literal(cell, datatype=XSD[col.datatype.base])
                else:
                    obj = Literal(cell)
                g.add((URIRef(t.about or default), expand(t.property), obj))
    return g, rows


def norm(term):
    """Compare literals by value: 7872600.00 and 7872600.0 are one xsd:decimal; "x" and "x"^^xsd:string one string."""
    if isinstance(term, Literal):
        if term.datatype in (XSD.decimal, XSD.integer):
            return ("number", Decimal(str(term)))
        if term.datatype in (None, XSD.string):
            return ("text", str(term), term.language)
        return ("literal", str(term), term.datatype)
    return term


def normalised(g: rdflib.Graph) -> set:
    return {(s, p, norm(o)) for s, p, o in g}


def facts(g: rdflib.Graph, vocab: str) -> dict[str, set]:
    """What the CSV must carry: each table amount's value, measure, phase and line item, and the line items'
    code, scheme, name and classification (line items with at least one amount: blank is not zero, so a row
    printed with every cell blank has no amount to put in a CSV row; and an empty name is no name: a CSV
    cell cannot tell the two apart)."""
    bud = rdflib.Namespace(vocab)
    items = {i for i in g.subjects(RDF.type, bud.LineItem)}
    obs = {o for o, i in g.subject_objects(bud.item) if i in items}
    with_amounts = {g.value(o, bud.item) for o in obs}
    out = {f"obs {p.split('#')[1]}": {(o, norm(v)) for o in obs for v in g.objects(o, p) if str(v)}
           for p in (bud.amount, bud.measure, bud.phase, bud.item, bud.printedValue, bud.printedUnit)}
    out.update({f"item {p.split('#')[-1]}": {(i, norm(v)) for i in with_amounts for v in g.objects(i, p) if str(v)}
                for p in (bud.code, bud.scheme, RDFS.label, bud.classification, bud.level, bud.page)})
    return out


def says_nothing_else(got: rdflib.Graph, stored: rdflib.Graph) -> None:
    """Every statement the CSVW makes is in the store (as a value: 7872600.00 is 7872600.0)."""
    extra = normalised(got) - normalised(stored)
    assert not extra, sorted(extra, key=str)[:5]


def check_round_trip(got: rdflib.Graph, stored: rdflib.Graph, vocab: str, budget: str) -> int:
    """``got`` (from CSVW) carries every amount fact of ``budget``'s graph ``stored``, and no other."""
    want = {k: {f for f in v if str(f[0]).startswith(budget + "/")} for k, v in facts(stored, vocab).items()}
    have = {k: {f for f in v if str(f[0]).startswith(budget + "/")} for k, v in facts(got, vocab).items()}
    for key in want:
        assert have[key] == want[key], (budget, key, sorted(want[key] - have[key], key=str)[:3],
                                        sorted(have[key] - want[key], key=str)[:3])
    return len(want["obs amount"])


def test_csvw_round_trip_equals_the_graph_for_every_document(whole_package, served):
    """One CSVW pass over the whole-store package; each budget's part checked against its own graph."""
    from budget_lod.store import open_store

    server, store_dir, budgets = served
    vocab = server.base_url + "def/budget#"
    got, rows = csvw_graph(whole_package / "data" / "amounts.csv-metadata.json")
    store = open_store(store_dir, mode="read")
    try:
        graphs = {b: store.graph(g) for b, g in budgets.items()}
    finally:
        store.close()
    union = rdflib.Graph()
    for g in graphs.values():
        union += g
    says_nothing_else(got, union)
    checked = {b: check_round_trip(got, graphs[b], vocab, b) for b in sorted(budgets)}
    assert all(checked.values()) and sum(checked.values()) == rows  # one CSV row per amount, none left over
    assert len(checked) == len(budgets) >= 8
    print("amounts round-tripped per budget:", checked)


def test_each_budgets_csv_is_its_part_of_the_whole(whole_package, served, tmp_path):
    """What /dumps/ serves per budget is the whole package's rows of that budget, under the same metadata."""
    server, _, budgets = served
    with open(whole_package / "data" / "amounts.csv", encoding="utf-8") as f:
        whole = list(csv.DictReader(f))
    whole_meta = json.loads((whole_package / "data" / "amounts.csv-metadata.json").read_text(encoding="utf-8"))
    for budget in budgets:
        metadata = download(server, budget, tmp_path / folder_of(budget))
        with open(metadata.with_name(metadata.name.replace("-metadata.json", "")), encoding="utf-8") as f:
            assert list(csv.DictReader(f)) == [r for r in whole if r["budget"] == budget], budget
        meta = json.loads(metadata.read_text(encoding="utf-8"))
        assert meta["tableSchema"] == whole_meta["tableSchema"]


def test_csvw_round_trip_of_a_served_budget(served, tmp_path):
    """The sample's files as /dumps/ serves them, read by csvw: its graph again."""
    from budget_lod.store import open_store

    server, store_dir, budgets = served
    (budget,) = [b for b in budgets if "/434-" in b]
    got, rows = csvw_graph(download(server, budget, tmp_path))
    store = open_store(store_dir, mode="read")
    try:
        stored = store.graph(budgets[budget])
    finally:
        store.close()
    says_nothing_else(got, stored)
    assert check_round_trip(got, stored, server.base_url + "def/budget#", budget) == rows
    assert rows == 214


def test_the_csv_names_its_csvw_metadata(served):
    server, _, budgets = served
    budget = sorted(budgets)[0]
    reply = fetch(server, dump_url(server, budget, ".csv"))
    assert reply.headers["link"] == '<department.csv-metadata.json>; rel="describedby"; type="application/csvm+json"'
    meta = fetch(server, dump_url(server, budget, ".csv-metadata.json"))
    assert meta.media_type == "application/csvm+json" and json.loads(meta.body)["url"] == "department.csv"
