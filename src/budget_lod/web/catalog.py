"""The DCAT-AP catalog (``/catalog``, Hydra-paged) and the VoID description (``/.well-known/void``).

One ``dcat:Dataset`` per budget and per final accounts (部门决算; its ``…/dataset`` IRI), with distributions
for its Turtle, JSON-LD, CSV and Fiscal Data Package (``dcterms:conformsTo`` the FDP specification) dumps
and its source PDF, and one ``dcat:DataService`` for the SPARQL endpoint. Every resource is typed
explicitly (foaf:Agent, dct:PeriodOfTime, dct:MediaType …) so DCAT-AP's range shapes need no outside
vocabulary. Paging follows what ckanext-dcat reads: the page is a ``hydra:PagedCollection`` (and a
``hydra:PartialCollectionView``) with ``hydra:next`` / ``hydra:nextPage``, ``hydra:totalItems`` ….

``dcterms:issued`` / ``dcterms:modified`` (xsd:dateTime, UTC) are the ingest record the store holds for
each budget (:mod:`budget_lod.rdf.records`): first published in this store, content last changed — what
a harvester compares to decide whether to re-harvest; the catalog and the VoID data set carry the span
(first issued, last modified). A budget stored before these records has no dates here (none are invented).

A page costs what is on it, not the size of the catalog: counts, order, span and dates come from the
statistics the store keeps at ingest (:mod:`budget_lod.web.listing`). VoID's subsets (one per named
graph) are paged the same way.
"""

from __future__ import annotations

import rdflib
from flask import Blueprint, abort, current_app, render_template, request
from rdflib import XSD, BNode, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, VOID

from budget_lod.rdf.iri import name_hash
from budget_lod.rdf.records import datetime_literal, parse_datetime
from budget_lod.web import conneg, listing
from budget_lod.web.formats import DATA_FORMATS, split_suffix
from budget_lod.web.queries import value
from budget_lod.web.site import SiteData, site

bp = Blueprint("catalog", __name__)

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
IANA = "http://www.iana.org/assignments/media-types/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_THEME = "http://publications.europa.eu/resource/authority/data-theme"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/ZHO"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"

# distribution kinds of each budget: (suffix, media type, EU file type, title)
DUMP_KINDS = (
    (".ttl", "text/turtle", "RDF_TURTLE", "Turtle"),
    (".jsonld", "application/ld+json", "JSON_LD", "JSON-LD"),
    (".csv", "text/csv", "CSV", "CSV"),
    (".datapackage.json", "application/json", "JSON", "Fiscal Data Package"),
)
FDP_SPEC = "https://specs.frictionlessdata.io/fiscal-data-package/"
# how a data set is worded, by the kind of document it is
DATASET_WORDS = {
    "budget": {"zh": "部门预算", "keywords": ("部门预算", "预算公开", "budget"),
               "description_zh": "{dept}{year}年部门预算公开：各预算表的全部金额（元，附页码）、项目绩效目标及校验报告。",
               "description_en": "Budget disclosure of {dept} for {year}: every amount of its tables, projects and "
                                 "validation report."},
    "final_accounts": {"zh": "部门决算", "keywords": ("部门决算", "决算公开", "final accounts"),
                       "description_zh": "{dept}{year}年部门决算公开：各决算表的全部金额（元，附页码；决算数及所列年初预算数、"
                                         "全年预算数）及校验报告。",
                       "description_en": "Final accounts of {dept} for {year}: every amount of its tables (final figures "
                                         "and the initial and adjusted budget they state) and validation report."},
}
THEMES = (("GOVE", "政府与公共部门 Government and public sector"), ("ECON", "经济与财政 Economy and finance"))


def _typed(g: rdflib.Graph, node, cls) -> rdflib.term.Node:
    g.add((node, RDF.type, cls))
    return node


def budget_dump_url(s: SiteData, budget_iri: str) -> str:
    """``{base}dumps/budget/{dept}/{year}/{scope}`` (add a suffix) for a budget IRI ``{base}id/budget/…``."""
    return f"{s.base}dumps/{budget_iri[len(s.base) + len('id/'):]}"


def dataset_dates(s: SiteData, dataset: str) -> dict[str, Literal]:
    """``{"issued": …, "modified": …}`` (xsd:dateTime, UTC) of a budget's data set from its ingest record;
    empty when the store holds no record for it."""
    rows = s.select("web_dataset_dates", dataset=URIRef(dataset))
    if not rows:
        return {}
    return {key: datetime_literal(parse_datetime(str(rows[0][key]))) for key in ("issued", "modified")}


def add_catalog_frame(g: rdflib.Graph, s: SiteData, catalog: URIRef, service: URIRef) -> None:
    cfg = current_app.config
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal(cfg["CATALOG_TITLE"], lang="zh")))
    g.add((catalog, DCTERMS.title, Literal("Chinese department budget disclosures as linked open data", lang="en")))
    g.add((catalog, DCTERMS.description, Literal(
        "部门预算公开文件中的每一个数字（精确到分，附页码），经 SHACL 校验，以关联数据发布。", lang="zh")))
    g.add((catalog, DCTERMS.description, Literal(
        "Every figure of published department budgets, exact and with its page, checked with SHACL.", lang="en")))
    publisher = _typed(g, BNode("publisher"), FOAF.Agent)
    g.add((publisher, RDF.type, FOAF.Organization))
    g.add((publisher, FOAF.name, Literal(cfg["PUBLISHER_NAME"])))
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, FOAF.homepage, _typed(g, URIRef(s.base), FOAF.Document)))
    g.add((catalog, DCTERMS.language, _typed(g, URIRef(EU_LANGUAGE), DCTERMS.LinguisticSystem)))
    g.add((catalog, DCTERMS.license, _typed(g, URIRef(cfg["LICENSE_URL"]), DCTERMS.LicenseDocument)))
    taxonomy = _typed(g, URIRef(EU_THEME), SKOS.ConceptScheme)
    g.add((taxonomy, DCTERMS.title, Literal("Data theme", lang="en")))
    g.add((catalog, DCAT.themeTaxonomy, taxonomy))
    for code, label in THEMES:
        theme = _typed(g, URIRef(f"{EU_THEME}/{code}"), SKOS.Concept)
        g.add((theme, SKOS.prefLabel, Literal(label)))
        g.add((theme, SKOS.inScheme, taxonomy))
    g.add((catalog, DCAT.service, service))
    _typed(g, service, DCAT.DataService)
    g.add((service, DCTERMS.title, Literal("SPARQL 1.1 查询服务 (SPARQL endpoint)")))
    g.add((service, DCTERMS.description, Literal("Read-only SPARQL 1.1 Protocol endpoint over every budget.", lang="en")))
    g.add((service, DCAT.endpointURL, URIRef(f"{s.base}sparql")))
    g.add((service, DCAT.endpointDescription, URIRef(f"{s.base}.well-known/void")))
    g.add((service, DCTERMS.conformsTo, _typed(g, URIRef(SPARQL_PROTOCOL), DCTERMS.Standard)))
    g.add((service, DCTERMS.publisher, publisher))
    g.add((service, DCTERMS.license, URIRef(cfg["LICENSE_URL"])))


def add_dataset(g: rdflib.Graph, s: SiteData, catalog: URIRef, service: URIRef, row: dict,
                dates: dict[str, dict]) -> URIRef:
    """One budget as a dcat:Dataset with its four distributions; its dates from ``dates`` (data set IRI →
    ``{"issued", "modified"}``, read once for the whole page)."""
    cfg = current_app.config
    budget = value(row, "budget")
    ds = URIRef(s.minter.dataset(budget))
    year = int(value(row, "year"))
    dept_name = value(row, "deptName") or value(row, "dept")
    words = DATASET_WORDS[listing.kind_of_row(row)]
    title = value(row, "label") or f"{dept_name}{year}年{words['zh']}"
    region = value(row, "region")
    sha = value(row, "sha")
    g.add((catalog, DCAT.dataset, ds))
    g.add((service, DCAT.servesDataset, ds))
    _typed(g, ds, DCAT.Dataset)
    g.add((ds, DCTERMS.title, Literal(title, lang="zh")))
    g.add((ds, DCTERMS.description, Literal(words["description_zh"].format(dept=dept_name, year=year), lang="zh")))
    g.add((ds, DCTERMS.description, Literal(words["description_en"].format(dept=dept_name, year=year), lang="en")))
    g.add((ds, DCTERMS.identifier, Literal(budget)))
    g.add((ds, DCTERMS.subject, URIRef(budget)))
    publisher = _typed(g, URIRef(value(row, "dept")), FOAF.Agent)
    g.add((publisher, RDF.type, FOAF.Organization))
    g.add((publisher, FOAF.name, Literal(dept_name, lang="zh")))
    g.add((ds, DCTERMS.publisher, publisher))
    period = _typed(g, BNode(f"period{year}"), DCTERMS.PeriodOfTime)
    g.add((period, DCAT.startDate, Literal(f"{year}-01-01", datatype=XSD.date)))
    g.add((period, DCAT.endDate, Literal(f"{year}-12-31", datatype=XSD.date)))
    g.add((ds, DCTERMS.temporal, period))
    if region:
        place = _typed(g, BNode(f"place-{name_hash(region)}"), DCTERMS.Location)
        g.add((place, RDFS.label, Literal(region, lang="zh")))
        g.add((ds, DCTERMS.spatial, place))
    record = dates.get(str(ds))
    for key in ("issued", "modified") if record else ():
        g.add((ds, DCTERMS[key], datetime_literal(record[key])))
    g.add((ds, DCTERMS.license, URIRef(cfg["LICENSE_URL"])))
    g.add((ds, DCTERMS.language, URIRef(EU_LANGUAGE)))
    for kw in (*words["keywords"], str(year), dept_name, region):
        if kw:
            g.add((ds, DCAT.keyword, Literal(kw, lang="zh" if not kw.isascii() else "en")))
    for code, _ in THEMES:
        g.add((ds, DCAT.theme, URIRef(f"{EU_THEME}/{code}")))
    doc = budget.replace(f"{s.base}id/", f"{s.base}doc/", 1)
    g.add((ds, DCAT.landingPage, _typed(g, URIRef(doc), FOAF.Document)))
    dump = budget_dump_url(s, budget)
    files = [(dump + suffix, mt, ft, f"{title} ({label})") for suffix, mt, ft, label in DUMP_KINDS]
    if sha and s.source_pdf(sha):
        files.append((f"{s.base}sources/{sha}.pdf", "application/pdf", "PDF", f"{title} (原始 PDF source)"))
    for url, media_type, file_type, dist_title in files:
        dist = _typed(g, BNode(), DCAT.Distribution)
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, DCTERMS.title, Literal(dist_title)))
        g.add((dist, DCAT.accessURL, URIRef(url)))
        g.add((dist, DCAT.downloadURL, URIRef(url)))
        g.add((dist, DCAT.mediaType, _typed(g, URIRef(IANA + media_type), DCTERMS.MediaType)))
        g.add((dist, DCTERMS.format, _typed(g, URIRef(EU_FILE_TYPE + file_type), DCTERMS.MediaTypeOrExtent)))
        g.add((dist, DCTERMS.license, URIRef(cfg["LICENSE_URL"])))
        if media_type != "application/pdf":
            g.add((dist, DCAT.accessService, service))
        if url.endswith(".datapackage.json"):
            g.add((dist, DCTERMS.conformsTo, _typed(g, URIRef(FDP_SPEC), DCTERMS.Standard)))
    return ds


def page_args() -> tuple[int, int]:
    cfg = current_app.config
    try:
        page = int(request.args.get("page", 1))
        size = int(request.args.get("page_size", cfg["CATALOG_PAGE_SIZE"]))
    except ValueError:
        abort(400, description="page and page_size must be whole numbers")
    if page < 1 or size < 1:
        abort(400, description="page and page_size start at 1")
    return page, min(size, cfg["CATALOG_MAX_PAGE_SIZE"])


def add_paging(g: rdflib.Graph, collection: URIRef, url, page: int, last: int, size: int, total: int) -> None:
    """The Hydra view of one page of ``collection`` (``url(n)``: page n's address), as ckanext-dcat reads it."""
    view = URIRef(url(page))
    g.add((view, RDF.type, HYDRA.PagedCollection))
    g.add((view, RDF.type, HYDRA.PartialCollectionView))
    g.add((collection, HYDRA.view, view))
    g.add((view, HYDRA.totalItems, Literal(total)))
    g.add((view, HYDRA.itemsPerPage, Literal(size)))
    for key, old, n in (("first", "firstPage", 1), ("last", "lastPage", last),
                        ("next", "nextPage", page + 1 if page < last else None),
                        ("previous", "previousPage", page - 1 if page > 1 else None)):
        if n is not None:
            g.add((view, HYDRA[key], URIRef(url(n))))
            g.add((view, HYDRA[old], URIRef(url(n))))


def catalog_graph(s: SiteData, page: int, size: int, suffix: str) -> tuple[rdflib.Graph, dict]:
    """One catalog page. Its cost is the page's, not the catalog's: the count, order, span and dates come
    from the store's statistics (:mod:`budget_lod.web.listing`)."""
    g = rdflib.Graph()
    g.bind("dcat", DCAT)
    g.bind("dct", DCTERMS)
    g.bind("foaf", FOAF)
    g.bind("hydra", HYDRA)
    catalog = URIRef(f"{s.base}catalog")
    service = URIRef(f"{s.base}catalog#sparql-service")
    add_catalog_frame(g, s, catalog, service)
    add_span(g, catalog, listing.span(s))
    total = listing.budget_total(s)
    last = listing.pages(total, size)
    if page > last:
        abort(404, description=f"the catalog has {last} page(s) of {size}")
    rows = listing.budget_rows(s, size, (page - 1) * size)
    dates = listing.dates_of_datasets(s, [s.minter.dataset(value(r, "budget")) for r in rows])
    datasets = [add_dataset(g, s, catalog, service, r, dates) for r in rows]

    def url(n: int) -> str:
        return f"{s.base}catalog{suffix}?page={n}&page_size={size}"

    add_paging(g, catalog, url, page, last, size, total)
    info = {"total": total, "page": page, "last": last, "size": size, "datasets": rows,
            "next": url(page + 1) if page < last else None, "previous": url(page - 1) if page > 1 else None,
            "dataset_iris": [str(d) for d in datasets]}
    return g, info


@bp.route("/catalog")
@bp.route("/catalog<any('.ttl', '.jsonld', '.nt', '.rdf', '.html'):suffix>")
def catalog(suffix: str = ""):
    s = site()
    _, suffix_fmt = split_suffix("catalog" + suffix)
    fmt = conneg.choose(suffix_fmt, DATA_FORMATS)
    page, size = page_args()
    g, info = catalog_graph(s, page, size, suffix)

    def html() -> str:
        return render_template("catalog.html", info=info, doc_url=f"{s.base}catalog",
                               schema={"@type": "DataCatalog", "name": current_app.config["CATALOG_TITLE"],
                                       "url": f"{s.base}catalog"})

    return conneg.represent(g, fmt, html, f"{s.base}catalog", DATA_FORMATS)


def void_graph(s: SiteData, page: int = 1, size: int = 100, suffix: str = "") -> rdflib.Graph:
    """The VoID description: the data set's size (counted at ingest), dates and endpoints, and one page of
    its subsets (one per named graph, with its dates), Hydra-paged like the catalog."""
    g = rdflib.Graph()
    g.bind("void", VOID)
    g.bind("dct", DCTERMS)
    g.bind("hydra", HYDRA)
    ds = URIRef(f"{s.base}.well-known/void#dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal(current_app.config["CATALOG_TITLE"], lang="zh")))
    g.add((ds, DCTERMS.description, Literal("Department budget disclosures as linked open data.", lang="en")))
    g.add((ds, DCTERMS.license, URIRef(current_app.config["LICENSE_URL"])))
    g.add((ds, FOAF.homepage, URIRef(s.base)))
    g.add((ds, VOID.sparqlEndpoint, URIRef(f"{s.base}sparql")))
    g.add((ds, VOID.dataDump, URIRef(f"{s.base}dumps/all.nq")))
    g.add((ds, VOID.dataDump, URIRef(f"{s.base}dumps/all.trig")))
    g.add((ds, VOID.uriSpace, Literal(f"{s.base}id/")))
    g.add((ds, VOID.rootResource, URIRef(f"{s.base}catalog")))
    for vocab in (s.minter.vocab, "http://purl.org/linked-data/cube#", "http://www.w3.org/2004/02/skos/core#",
                  "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/org#", "http://www.w3.org/ns/shacl#"):
        g.add((ds, VOID.vocabulary, URIRef(vocab)))
    counts = listing.size(s)
    if counts:
        g.add((ds, VOID.triples, Literal(counts[0])))
        g.add((ds, VOID.distinctSubjects, Literal(counts[1])))
    first = listing.budget_iris(s, 1, 0)
    if first:
        g.add((ds, VOID.exampleResource, URIRef(first[0])))
    add_span(g, ds, listing.span(s))
    names, total = listing.graph_names(s, size, (page - 1) * size)
    last = listing.pages(total, size)
    if page > last:
        abort(404, description=f"the VoID description has {last} page(s) of {size} subsets")
    dates = listing.graph_dates(s, names)
    for graph_iri in names:
        sub = URIRef(graph_iri)
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, VOID.dataDump, URIRef(graph_iri)))
        for key in ("issued", "modified"):
            if graph_iri in dates:
                g.add((sub, DCTERMS[key], datetime_literal(dates[graph_iri][key])))
    if last > 1:
        add_paging(g, ds, lambda n: f"{s.base}.well-known/void{suffix}?page={n}&page_size={size}", page, last, size,
                   total)
    return g


def add_span(g: rdflib.Graph, node: URIRef, span) -> None:
    """A catalog's or the whole data set's dates: its first budget published, its last content change."""
    if span:
        g.add((node, DCTERMS.issued, datetime_literal(span[0])))
        g.add((node, DCTERMS.modified, datetime_literal(span[1])))


@bp.route("/.well-known/void")
@bp.route("/.well-known/void<any('.ttl', '.jsonld', '.nt', '.rdf'):suffix>")
def void(suffix: str = ""):
    s = site()
    _, suffix_fmt = split_suffix("void" + suffix)
    offered = tuple(f for f in DATA_FORMATS if f != "html")
    fmt = conneg.choose(suffix_fmt, offered)
    page, size = page_args()
    return conneg.represent(void_graph(s, page, size, suffix), fmt, lambda: "", f"{s.base}.well-known/void", offered)
