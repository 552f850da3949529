"""The CSVW metadata (W3C CSV on the Web, ``…csv-metadata.json``) of an amounts CSV.

With it a CSVW processor turns each CSV row back into what the graph says of that amount: the observation
(``qb:Observation``, ``bud:amount`` as ``xsd:decimal``, ``bud:measure``, ``bud:phase``, the printed value
and unit, its line item, table and data set), the line item (``bud:LineItem``, code, scheme, name, level,
page, classification concept), its table (kind, title, budget), the budget (year, scope, department) and
the department (name, printed code, region) — every IRI exactly the store's. (Whether the document is a
budget or final accounts, 决算, is the store's to say: the same columns describe both.) Which column says
what is data in :mod:`budget_lod.export.columns`; the row-independent links are virtual columns here.

IRI templates are RFC 6570 (``{+line_item}`` keeps the IRI's slashes); ``{base}`` is the deployment base.
"""

from __future__ import annotations

from budget_lod.export.columns import COLUMNS, Column
from budget_lod.export.fdp import DEFAULT_LICENSE
from budget_lod.rdf.iri import normalise_base

CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
CSVM_MEDIA_TYPE = "application/csvm+json"
PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dcterms": "http://purl.org/dc/terms/",
    "qb": "http://purl.org/linked-data/cube#",
}
# the resource each kind of cell describes
SUBJECTS = {
    "observation": "{+observation}",
    "line_item": "{+line_item}",
    "table": "{+table_id}",
    "budget": "{+budget}",
    "department": "{base}id/department/{department_id}",
}
# statements every row makes whatever its cells: (subject, property, value template)
LINKS = (
    ("observation", "rdf:type", "qb:Observation"),
    ("observation", "bud:item", "{+line_item}"),
    ("observation", "bud:inTable", "{+table_id}"),
    ("observation", "qb:dataSet", "{+budget}/dataset"),
    ("line_item", "rdf:type", "bud:LineItem"),
    ("line_item", "bud:inTable", "{+table_id}"),
    ("table", "rdf:type", "bud:Table"),
    ("table", "bud:inBudget", "{+budget}"),
    ("budget", "bud:department", "{base}id/department/{department_id}"),
    ("department", "rdf:type", "bud:Department"),
)


def expand(curie: str, base: str) -> str:
    """A CURIE of :data:`PREFIXES` or ``bud:`` (our vocabulary under ``base``) as a full IRI."""
    prefix, _, local = curie.partition(":")
    if prefix == "bud":
        return f"{base}def/budget#{local}"
    return PREFIXES[prefix] + local if prefix in PREFIXES else curie


def _template(text: str, base: str) -> str:
    return text.replace("{base}", base)


def column(c: Column, base: str) -> dict:
    out: dict = {"name": c.name, "titles": c.name, "dc:description": c.description}
    if c.property is None:
        out["datatype"] = "string"
        out["suppressOutput"] = True
        return out
    out["aboutUrl"] = _template(SUBJECTS[c.subject], base)
    out["propertyUrl"] = expand(c.property, base)
    if c.value_url:
        out["valueUrl"] = _template(c.value_url, base)
    else:
        out["datatype"] = c.datatype or "string"
    if c.lang:
        out["lang"] = c.lang
    return out


def metadata(csv_url: str, base: str, title: str, license_url: str = DEFAULT_LICENSE) -> dict:
    """CSVW metadata for the amounts CSV at ``csv_url`` (relative to the metadata file, or absolute)."""
    base = normalise_base(base)
    columns = [column(c, base) for c in COLUMNS]
    for n, (subject, prop, value) in enumerate(LINKS, start=1):
        target = expand(value, base) if ":" in value and "{" not in value else _template(value, base)
        columns.append({"name": f"link_{n}", "virtual": True, "aboutUrl": _template(SUBJECTS[subject], base),
                        "propertyUrl": expand(prop, base), "valueUrl": target})
    return {
        "@context": [CSVW_CONTEXT, {"@language": "zh"}],
        "url": csv_url,
        "dc:title": title,
        "dc:license": {"@id": license_url},
        "dialect": {"header": True, "encoding": "utf-8", "delimiter": ",", "quoteChar": '"', "lineTerminators": ["\n"]},
        "tableSchema": {
            "columns": columns,
            "primaryKey": "observation",
            "aboutUrl": _template(SUBJECTS["observation"], base),
        },
    }
