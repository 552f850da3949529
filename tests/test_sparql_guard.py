"""The read-only guard (``store/readonly.py``, ``store/lexical.py``) without a server: which texts run, which are
refused (403) and which do not parse (400), with the messages clients see; the lexical fast path agrees
with the full parse."""

from __future__ import annotations

import pytest

from budget_lod.store import lexical, readonly
from budget_lod.store.readonly import (MAX_QUERY_CHARS, QueryRefused, QuerySyntaxError, check_query,
                                       parse_check)


@pytest.mark.parametrize("text, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("select * where { ?s ?p ?o }", "SELECT"),
    ("ASK {}", "ASK"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("DESCRIBE <http://a.test/x>", "DESCRIBE"),
    ("PREFIX bud: <http://a.test/def#>\nBASE <http://a.test/>\nask { ?s a bud:X }", "ASK"),
    ("PREFIX : <http://a.test/>\n# a comment naming DESCRIBE\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ('SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/> { }" AS ?x) }', "SELECT"),  # harmless: a string
    ("SELECT ?service WHERE { ?service ?p ?o }", "SELECT"),  # names "service": full parse, still a query
    ("# SERVICE in a comment\nASK {}", "ASK"),
])
def test_queries_run(text, form):
    assert check_query(text) == form
    assert check_query(text) == form  # remembered
    assert parse_check(text) == form  # the full parse agrees with the fast path


@pytest.mark.parametrize("text, ops", [
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT DATA"),
    ("DELETE DATA { <http://a> <http://b> <http://c> }", "DELETE DATA"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE WHERE"),
    ("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "INSERT/DELETE … WHERE"),
    ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
    ("DROP GRAPH <http://a>", "DROP"),
    ("CREATE GRAPH <http://a>", "CREATE"),
    ("ADD DEFAULT TO <http://a>", "ADD"),
    ("MOVE DEFAULT TO <http://a>", "MOVE"),
    ("COPY DEFAULT TO <http://a>", "COPY"),
    ("DROP ALL ; CLEAR ALL", "CLEAR, DROP"),
])
def test_updates_are_refused_naming_what(text, ops):
    for _ in range(2):  # the remembered verdict refuses again
        with pytest.raises(QueryRefused) as info:
            check_query(text)
        assert str(info.value) == ("SPARQL Update is not allowed: this endpoint is read-only "
                                   f"({ops} refused). Only SELECT, ASK, CONSTRUCT and DESCRIBE queries run here.")
        assert info.value.status == 403


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "select * where { ?a ?b ?c OPTIONAL { service silent <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { \\U00000053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "ASK { SERVICE ?e { ?s ?p ?o } }",
])
def test_service_is_refused(text):
    with pytest.raises(QueryRefused) as info:
        check_query(text)
    assert str(info.value).startswith("SERVICE (federated query) is not allowed: this endpoint never fetches")
    assert info.value.status == 403


@pytest.mark.parametrize("text", ["SELECT WHERE nonsense", "SELEKT * WHERE {}", "{}", "ASK { ?service", "INSERT",
                                  "", "PREFIX a: <http://x/>", "# only a comment"])  # (an empty update parses)
def test_text_that_does_not_parse_is_a_syntax_error(text):
    with pytest.raises(QuerySyntaxError) as info:
        parse_check(text)
    assert str(info.value).startswith("not a valid SPARQL 1.1 query: ")
    assert info.value.status == 400


def test_a_syntax_error_naming_service_is_caught_by_the_guard_itself():
    with pytest.raises(QuerySyntaxError, match="not a valid SPARQL 1.1 query"):
        check_query("SELECT ?service WHERE { ?x")


def test_the_fast_path_leaves_other_syntax_errors_to_the_store():
    # no "service" anywhere and a form keyword first: Oxigraph parses it when it runs (and answers 400 then)
    assert check_query("SELECT WHERE nonsense") == "SELECT"


@pytest.mark.parametrize("length", [MAX_QUERY_CHARS + 1, MAX_QUERY_CHARS + 50])
def test_an_over_long_text_is_refused_before_any_parse(length):
    text = "ASK {}" + " " * (length - len("ASK {}"))
    expected = f"query too long ({length} characters; at most {MAX_QUERY_CHARS})"
    with pytest.raises(QuerySyntaxError) as info:
        check_query(text)
    assert str(info.value) == expected
    with pytest.raises(QuerySyntaxError) as info:
        parse_check(text)
    assert str(info.value) == expected


def test_the_longest_allowed_text_runs():
    text = "ASK {}" + " " * (MAX_QUERY_CHARS - len("ASK {}"))
    assert check_query(text) == "ASK"
    assert parse_check(text) == "ASK"


def test_only_short_texts_are_remembered():
    readonly._cached_verdict.cache_clear()
    short = "ASK { ?s ?p 1 }"
    long = "ASK { ?s ?p 2 }" + " " * readonly.CACHED_QUERY_CHARS
    check_query(short), check_query(short)
    assert readonly._cached_verdict.cache_info().hits == 1
    check_query(long), check_query(long)
    info = readonly._cached_verdict.cache_info()
    assert (info.hits, info.currsize) == (1, 1)
    edge = "ASK { ?s ?p 3 }" + " " * (readonly.CACHED_QUERY_CHARS - len("ASK { ?s ?p 3 }"))
    check_query(edge)
    assert readonly._cached_verdict.cache_info().currsize == 2  # exactly CACHED_QUERY_CHARS: remembered


@pytest.mark.parametrize("text, names", [
    ("SELECT", False), ("service", True), ("SeRvIcE", True), ("\\u0073ervice", True), ("serv\\u0069ce", True),
    ("\\U00000053ERVICE", True), ("\\UFFFFFFFF", False), ("ser vice", False), ("\\u0073", False),
    ("\\U00110000", False), ("\\U0010FFFF", False),  # one past the last code point: no character, no error
    ("\\u017Fervice", True),  # ſ (long s) casefolds to s
])
def test_may_name_service(text, names):
    assert lexical.may_name_service(text) is names


@pytest.mark.parametrize("text, form", [
    ("SELECT * {}", "SELECT"), ("  ask {}", "ASK"), ("PREFIX a: <http://x/> PREFIX : <http://y/> Construct {}", "CONSTRUCT"),
    ("BASE <http://x/> describe <a>", "DESCRIBE"), ("# SELECT\nASK {}", "ASK"), ('"SELECT" {}', None),
    ("INSERT DATA {}", None), ("SELECTED {}", None), ("PREFIX a <http://x/> SELECT {}", None), ("", None),
    ("PREFIX a: <http://x/{}> SELECT {}", None),  # not an IRI: left for the full parse
    ("'''x''' SELECT", "SELECT"),  # strings are blanked (the store's parser refuses this text when it runs)
])
def test_lexical_form(text, form):
    assert lexical.lexical_form(text) == form


@pytest.mark.parametrize("text, named", [
    ("SELECT * FROM <http://g> WHERE {}", True), ("select * from named <http://g> {}", True),
    ("SELECT ?from WHERE {}", False), ("SELECT * WHERE { ?s :from ?o }", False), ("SELECT $from {}", False),
    ('SELECT * WHERE { BIND("FROM" AS ?x) }', False), ("# FROM <http://g>\nSELECT * {}", False),
    ("SELECT * WHERE { ?s <http://x/FROM> ?o }", False), ("SELECT * WHERE { ?s ?p 'a FROM b' }", False),
    ('SELECT * WHERE { ?s ?p """\nFROM\n""" }', False), ("SELECT * {} #\nFROM <g>", True),
    ('SELECT * "x"FROM <g> {}', True),  # right after a string: the string is blanked, FROM still a word
])
def test_has_dataset_clause(text, named):
    assert lexical.has_dataset_clause(text) is named


def test_names_walks_every_kind_of_node():
    from rdflib.plugins.sparql.parserutils import CompValue

    tree = CompValue("Query", part=[CompValue("A", x={"k": CompValue("B")}), (CompValue("C"),)])
    assert readonly._names(tree) == {"Query", "A", "B", "C"}
    assert readonly._names({"plain": [CompValue("D")]}) == {"D"}
