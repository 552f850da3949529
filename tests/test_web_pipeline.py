"""The site on what the real pipeline stores: the bundled sample PDF ingested (extract → build → validate →
store), served by the real server. Checks the pages and downloads against the graph and the source file,
and the printed tables' own arithmetic (合计 = Σ 类), read from the page as a reader would.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

import pytest
import rdflib

from budget_lod.web.testing import fetch, local_path, shared_server


def ingest_sample(pdf):
    def fill(store_dir, base):
        from budget_lod.config import Settings
        from budget_lod.pipeline import ingest

        ingest([pdf], Settings.load(store=str(store_dir), base_url=base))
    return fill


@pytest.fixture(scope="module")
def server(sample_pdf):
    return shared_server("pipeline", ingest_sample(sample_pdf))


@pytest.fixture(scope="module")
def budget(server):
    catalog = rdflib.Graph().parse(data=fetch(server, "/catalog.ttl").body, format="turtle")
    (ds,) = catalog.subjects(rdflib.RDF.type, rdflib.namespace.DCAT.Dataset)
    return str(ds)[: -len("/dataset")]


def cells(html: str, table_id: str) -> list[list[str]]:
    """The body rows of one printed table on the page: [code, name, amounts…]."""
    block = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr class=\"level-[^\"]*\">(.*?)</tr>", block, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]


def test_budget_page_prints_the_tables_and_they_add_up(server, budget):
    page = fetch(server, local_path(server, budget.replace("/id/", "/doc/", 1)), {"Accept": "text/html"})
    assert page.status == 200
    rows = cells(page.text(), "general_budget_expenditure")
    assert len(rows) > 3
    total = next(r for r in rows if r[0] == "")  # the 合计 row has no code
    classes = [r for r in rows if len(r[0]) == 3]
    as_decimal = lambda s: Decimal(s.replace(",", "")) if s else Decimal(0)  # noqa: E731
    assert sum(as_decimal(r[2]) for r in classes) == as_decimal(total[2])  # 合计 column
    assert '<rect class="bar"' in page.text()


def test_source_pdf_is_the_ingested_file(server, budget, sample_pdf):
    catalog = rdflib.Graph().parse(data=fetch(server, "/catalog.ttl").body, format="turtle")
    urls = [str(u) for u in catalog.objects(None, rdflib.namespace.DCAT.downloadURL) if str(u).endswith(".pdf")]
    assert len(urls) == 1
    pdf = fetch(server, local_path(server, urls[0]))
    assert pdf.status == 200 and pdf.media_type == "application/pdf"
    assert hashlib.sha256(pdf.body).hexdigest() == hashlib.sha256(sample_pdf.read_bytes()).hexdigest()


def test_line_item_links_to_its_page_in_the_pdf(server, budget):
    g = rdflib.Graph().parse(data=fetch(server, local_path(server, budget.replace("/id/", "/doc/", 1)) + ".ttl").body,
                             format="turtle")
    table = next(t for t in g.objects(rdflib.URIRef(budget), None) if str(t).endswith("/general_budget_expenditure"))
    tg = rdflib.Graph().parse(data=fetch(server, local_path(server, str(table)).replace("/id/", "/doc/", 1) + ".ttl").body,
                              format="turtle")
    assert len(tg) > 0
    html = fetch(server, local_path(server, budget.replace("/id/", "/doc/", 1)), {"Accept": "text/html"}).text()
    item = re.search(r'href="(' + re.escape(str(table)) + r'/functional/\d{7})"', html).group(1)
    item_ttl = rdflib.Graph().parse(
        data=fetch(server, local_path(server, item).replace("/id/", "/doc/", 1) + ".ttl").body, format="turtle")
    page = next(int(p) for p in item_ttl.objects(rdflib.URIRef(item), rdflib.URIRef(server.base_url + "def/budget#page")))
    item_html = fetch(server, local_path(server, item).replace("/id/", "/doc/", 1), {"Accept": "text/html"}).text()
    assert re.search(rf'href="/sources/[0-9a-f]{{64}}\.pdf#page={page}"', item_html)
