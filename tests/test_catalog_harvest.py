"""The DCAT catalog as harvesters see it: DCAT-AP 3.0.1 shapes, Hydra paging the ckanext-dcat way, dumps, VoID.

The harvester below follows ckanext-dcat (``harvesters/rdf.py`` gather stage, ``processors.RDFParser``):
HEAD then GET the page; pick the parser from the response Content-Type; collect every dcat:Dataset;
stop when a page repeats; the next page is ``hydra:next`` (else ``hydra:nextPage``) of a subject typed
``hydra:PagedCollection``. It runs against the real server behind a public base that differs from the
bind address, so every link it follows must be under the public base.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from decimal import Decimal

import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID

from budget_lod.rdf.iri import Minter
from budget_lod.web.handmade import BUDGETS, fill_store
from budget_lod.web.testing import fetch, local_path, shared_server

PUBLIC = "http://budget.example.test/"
HYDRA = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")
# ckanext-dcat's content type → rdflib parser (utils.url_to_rdflib_format)
PARSERS = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/ld+json": "json-ld",
           "application/n-triples": "nt"}


@pytest.fixture(scope="module")
def server():
    return shared_server("proxy", fill_store, base_url=PUBLIC)


def next_page(g: rdflib.Graph) -> str | None:
    """ckanext-dcat ``RDFParser.next_page``."""
    for pagination_node in g.subjects(RDF.type, HYDRA.PagedCollection):
        for o in g.objects(pagination_node, HYDRA.next):
            return str(o)
        for o in g.objects(pagination_node, HYDRA.nextPage):
            return str(o)
    return None


def harvest(server, start_url: str) -> tuple[dict[str, dict], list[str]]:
    """Gather every dataset (guid → title, distributions) page by page; returns them and the pages read."""
    datasets: dict[str, dict] = {}
    pages: list[str] = []
    url, last_hash = start_url, None
    while url:
        head = fetch(server, local_path(server, url), method="HEAD")
        assert head.status == 200, url
        reply = fetch(server, local_path(server, url))
        assert reply.status == 200, url
        digest = hashlib.md5(reply.body).digest()
        if digest == last_hash:
            break
        last_hash = last_hash or digest
        pages.append(url)
        g = rdflib.Graph().parse(data=reply.body, format=PARSERS[reply.media_type])
        for ds in g.subjects(RDF.type, DCAT.Dataset):
            dists = []
            for d in g.objects(ds, DCAT.distribution):
                dists.append({"download": str(g.value(d, DCAT.downloadURL)), "access": str(g.value(d, DCAT.accessURL)),
                              "media_type": str(g.value(d, DCAT.mediaType)).rsplit("media-types/", 1)[-1]})
            assert str(ds) not in datasets, f"{ds} harvested twice"
            datasets[str(ds)] = {"title": str(g.value(ds, DCTERMS.title)), "distributions": dists,
                                 "publisher": g.value(g.value(ds, DCTERMS.publisher), rdflib.FOAF.name)}
        url = next_page(g)
    return datasets, pages


def expected_datasets() -> set[str]:
    m = Minter(PUBLIC)
    return {m.dataset(m.budget(dept, code, year, "department")) for dept, code, _, year, *_ in BUDGETS}


@pytest.mark.parametrize("suffix,media_type", [(".rdf", "application/rdf+xml"), (".ttl", "text/turtle"),
                                               (".jsonld", "application/ld+json")])
def test_harvester_pages_through_the_catalog_and_finds_every_budget(server, suffix, media_type):
    datasets, pages = harvest(server, f"{PUBLIC}catalog{suffix}?page_size=2")
    assert len(pages) == 2  # 3 budgets, 2 per page
    assert all(p.startswith(f"{PUBLIC}catalog{suffix}?") for p in pages)
    assert set(datasets) == expected_datasets()
    for guid, ds in datasets.items():
        kinds = sorted(d["media_type"] for d in ds["distributions"])
        assert kinds == ["application/json", "application/ld+json", "application/pdf", "text/csv", "text/turtle"], guid
        assert ds["title"] and ds["publisher"]


def test_every_download_url_of_the_catalog_works(server):
    datasets, _ = harvest(server, f"{PUBLIC}catalog")
    checked = 0
    for ds in datasets.values():
        for d in ds["distributions"]:
            assert d["download"] == d["access"]
            r = fetch(server, local_path(server, d["download"]))
            assert r.status == 200, d
            assert r.media_type == d["media_type"], d
            if d["media_type"] == "application/pdf":
                assert r.body.startswith(b"%PDF")
            elif d["media_type"] == "text/csv":
                assert r.text().splitlines()[0].startswith("department,fiscal_year,table")
            elif d["media_type"] == "application/json":  # the Fiscal Data Package descriptor
                assert json.loads(r.body)["model"]["measures"]["amount"]["currency"] == "CNY"
            else:
                g = rdflib.Graph().parse(data=r.body, format=PARSERS[d["media_type"]])
                assert len(g) > 50
            checked += 1
    assert checked == 5 * len(BUDGETS)


def test_catalog_passes_the_dcat_ap_shapes(server, standards):
    import pyshacl

    data = rdflib.Graph().parse(data=fetch(server, "/catalog.ttl?page_size=1000").body, format="turtle")
    shapes = rdflib.Graph()
    shapes.parse(standards / "dcat-ap-3.0.1.shapes.ttl")
    shapes.parse(standards / "dcat-ap-3.0.1.range.ttl")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert conforms, text
    # the shapes can fail: a dataset without a title is caught
    ds = next(data.subjects(RDF.type, DCAT.Dataset))
    data.remove((ds, DCTERMS.title, None))
    assert not pyshacl.validate(data, shacl_graph=shapes, inference="none")[0]


def test_catalog_has_the_sparql_service_and_paging_counts(server):
    g = rdflib.Graph().parse(data=fetch(server, "/catalog.ttl?page=2&page_size=2").body, format="turtle")
    service = next(g.subjects(RDF.type, DCAT.DataService))
    assert g.value(service, DCAT.endpointURL) == rdflib.URIRef(PUBLIC + "sparql")
    (view,) = g.subjects(RDF.type, HYDRA.PagedCollection)
    assert int(g.value(view, HYDRA.totalItems)) == len(BUDGETS)
    assert g.value(view, HYDRA.previous) == rdflib.URIRef(PUBLIC + "catalog.ttl?page=1&page_size=2")
    assert g.value(view, HYDRA.next) is None
    assert len(set(g.subjects(RDF.type, DCAT.Dataset))) == 1
    assert fetch(server, "/catalog.ttl?page=3&page_size=2").status == 404
    assert fetch(server, "/catalog?page=zero").status == 400


def test_budget_csv_adds_up(server):
    m = Minter(PUBLIC)
    budget = m.budget("平乡县测试局", "901", 2025, "department")
    r = fetch(server, local_path(server, budget.replace("/id/", "/dumps/", 1) + ".csv"))
    rows = list(csv.DictReader(io.StringIO(r.text())))
    functional = [x for x in rows if x["table"] == "general_budget_expenditure" and x["measure"] == "total"]
    classes = sum(Decimal(x["amount_yuan"]) for x in functional if len(x["code"]) == 3)
    total = next(Decimal(x["amount_yuan"]) for x in functional if x["code"] == "TOTAL")
    assert classes == total == Decimal("180.00") * 10000  # 150.00 + 30.00 万元, printed


def test_whole_store_dumps_and_void_agree(server):
    nq = fetch(server, "/dumps/all.nq")
    assert nq.status == 200 and nq.media_type == "application/n-quads"
    ds = rdflib.Dataset()
    ds.parse(data=nq.body, format="nquads")
    quads = sum(1 for _ in ds.quads())
    trig = rdflib.Dataset()
    trig.parse(data=fetch(server, "/dumps/all.trig").body, format="trig")
    assert sum(1 for _ in trig.quads()) == quads
    void = rdflib.Graph().parse(data=fetch(server, "/.well-known/void").body, format="turtle")
    (d,) = [s for s in void.subjects(RDF.type, VOID.Dataset) if void.value(s, VOID.sparqlEndpoint)]
    assert void.value(d, VOID.sparqlEndpoint) == rdflib.URIRef(PUBLIC + "sparql")
    assert int(void.value(d, VOID.triples)) == quads
    assert len(set(void.objects(d, VOID.subset))) == 2 * len(BUDGETS)  # a document and a report graph each


def test_a_store_without_ingest_records_gets_no_invented_dates(server):
    # the hand-made store is written without the pipeline's ingest records (as a store from before them)
    g = rdflib.Graph().parse(data=fetch(server, "/catalog.ttl?page_size=1000").body, format="turtle")
    assert len(set(g.subjects(RDF.type, DCAT.Dataset))) == len(BUDGETS)
    assert not list(g.triples((None, DCTERMS.issued, None)))
    assert not list(g.triples((None, DCTERMS.modified, None)))
    void = rdflib.Graph().parse(data=fetch(server, "/.well-known/void").body, format="turtle")
    assert not list(void.triples((None, DCTERMS.modified, None)))
