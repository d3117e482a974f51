"""kg.query.sparql, kg.query.results and kg.query.protocol without HTTP or worker processes."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.errors import (
    QueryLimitExceeded,
    QueryRejected,
    QuerySyntaxError,
    QueryTooLarge,
    UnsupportedFormat,
    UnsupportedMediaType,
)
from kg.query.protocol import read_request
from kg.query.sparql import Limits, QueryRequest, execute, parse, resolve_dataset
from kg.vocab import prefixes

G = "https://kg.example.org/graph/"
DATA, ONTO = G + "data", G + "ontology"
LIMITS = Limits(time_limit_ms=1000, max_query_bytes=2000, max_rows=3, max_result_bytes=100_000)


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    for i in range(5):
        s.add(
            ox.Quad(
                ox.NamedNode(f"https://kg.example.org/id/e{i}"),
                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                ox.Literal(f"E{i}", language="en"),
                ox.NamedNode(DATA),
            )
        )
    s.add(
        ox.Quad(
            ox.NamedNode("https://kg.example.org/ontology/C"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal('Class, "quoted"\ttab'),
            ox.NamedNode(ONTO),
        )
    )
    return s


def run(store: ox.Store, query: str, **kw: object) -> object:
    return execute(store, {DATA, ONTO}, QueryRequest(query, **kw), LIMITS, prefixes())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "LOAD <file:///etc/passwd>",
        "CLEAR ALL",
        "DROP GRAPH <https://kg.example.org/graph/data>",
        "PREFIX x: <http://x/>\nWITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_update_syntax_is_rejected_as_read_only(query: str) -> None:
    with pytest.raises(QueryRejected, match="read-only"):
        parse(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
        "PREFIX e: <http://127.0.0.1:9/>\n"
        "SELECT * WHERE { OPTIONAL { SERVICE e:sparql { ?s ?p ?o } } }",
        "ASK { FILTER EXISTS { SERVICE <file:///etc/passwd> { ?s ?p ?o } } }",
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }",
        "# SERVICE in a comment is harmless, but this one is real:\n"
        "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    ],
)
def test_service_is_rejected_wherever_it_hides(query: str) -> None:
    with pytest.raises(QueryRejected, match="SERVICE"):
        parse(query)


def test_service_in_a_comment_or_string_is_not_a_service_clause() -> None:
    assert (
        parse('SELECT ("SERVICE <http://x/>" AS ?x) WHERE { } # SERVICE <http://x/>').form
        == "SELECT"
    )


def test_syntax_error_gives_line_and_column() -> None:
    with pytest.raises(QuerySyntaxError) as err:
        parse("SELECT *\nWHERE { ?s ?p }")
    assert err.value.details["line"] == 2
    assert "line 2, column" in err.value.message


def test_forms_and_dataset_clauses_are_read() -> None:
    parsed = parse(f"SELECT * FROM <{DATA}> FROM NAMED <{ONTO}> WHERE {{ ?s ?p ?o }}")
    assert (parsed.form, parsed.from_graphs, parsed.from_named) == ("SELECT", (DATA,), (ONTO,))
    assert parse("ASK {}").form == "ASK"
    assert parse("DESCRIBE <http://x>").form == "DESCRIBE"
    assert parse("CONSTRUCT WHERE { ?s ?p ?o }").form == "CONSTRUCT"


def test_foreign_from_is_rejected_and_own_from_is_honoured(store: ox.Store) -> None:
    with pytest.raises(QueryRejected, match="not a graph of this dataset"):
        run(store, "SELECT * FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }")
    with pytest.raises(QueryRejected, match="FROM NAMED"):
        run(store, "SELECT * FROM NAMED <file:///etc/passwd> WHERE { ?s ?p ?o }")
    body = run(store, f"SELECT (COUNT(*) AS ?n) FROM <{ONTO}> WHERE {{ ?s ?p ?o }}").body  # type: ignore[attr-defined]
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "1"


def test_protocol_graphs_take_precedence_over_from() -> None:
    parsed = parse(f"SELECT * FROM <{DATA}> WHERE {{ ?s ?p ?o }}")
    dataset = resolve_dataset(parsed, QueryRequest("", default_graphs=(ONTO,)), {DATA, ONTO})
    assert dataset.default_graphs == [ONTO] and dataset.named_graphs == []
    assert resolve_dataset(parse("ASK {}"), QueryRequest(""), {DATA}).default_graphs is None


def test_rows_are_cut_at_the_limit_and_the_cut_is_reported(store: ox.Store) -> None:
    result = run(store, "SELECT ?s WHERE { ?s ?p ?o }")
    assert result.rows == 3 and result.truncated  # type: ignore[attr-defined]
    small = run(store, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2")
    assert small.rows == 2 and not small.truncated  # type: ignore[attr-defined]


def test_result_bytes_over_the_limit_are_refused(store: ox.Store) -> None:
    tiny = Limits(1000, 2000, 100, max_result_bytes=50)
    with pytest.raises(QueryLimitExceeded, match="SPARQL_MAX_RESULT_BYTES"):
        execute(store, {DATA}, QueryRequest("SELECT * WHERE { ?s ?p ?o }"), tiny, {})


def test_oversized_query_is_rejected_with_the_setting_name(store: ox.Store) -> None:
    with pytest.raises(QueryTooLarge, match="SPARQL_MAX_QUERY_BYTES"):
        run(store, "ASK {}" + " " * 3000)


def test_select_serializations_are_valid(store: ox.Store) -> None:
    q = f"SELECT ?s ?l FROM <{ONTO}> WHERE {{ ?s ?p ?l }}"
    data = json.loads(run(store, q).body)  # type: ignore[attr-defined]
    assert data["results"]["bindings"][0]["l"] == {
        "type": "literal",
        "value": 'Class, "quoted"\ttab',
    }
    xml = ET.fromstring(run(store, q, results_type="application/sparql-results+xml").body)  # type: ignore[attr-defined]
    assert (
        xml.find(".//{http://www.w3.org/2005/sparql-results#}uri").text
        == "https://kg.example.org/ontology/C"
    )
    rows = list(csv.reader(io.StringIO(run(store, q, results_type="text/csv").body.decode())))  # type: ignore[attr-defined]
    assert rows == [["s", "l"], ["https://kg.example.org/ontology/C", 'Class, "quoted"\ttab']]
    tsv = run(store, q, results_type="text/tab-separated-values").body.decode()  # type: ignore[attr-defined]
    assert tsv.splitlines()[0] == "?s\t?l"
    assert '"Class, \\"quoted\\"\\ttab"' in tsv  # TSV Results §3: terms in Turtle syntax


@pytest.mark.parametrize(
    "media_type,rdflib_format",
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/trig", "trig"),
        ("application/n-quads", "nquads"),
    ],
)
def test_graph_serializations_parse_back(
    store: ox.Store, media_type: str, rdflib_format: str
) -> None:
    result = run(
        store,
        f"CONSTRUCT {{ ?s ?p ?o }} FROM <{DATA}> WHERE {{ ?s ?p ?o }} LIMIT 2",
        graph_type=media_type,
    )
    if rdflib_format in ("trig", "nquads"):  # datasets: read back with Oxigraph's parser
        fmt = ox.RdfFormat.from_media_type(media_type)
        assert len(list(ox.parse(result.body, format=fmt))) == 2  # type: ignore[attr-defined]
        return
    graph = Graph().parse(data=result.body, format=rdflib_format)  # type: ignore[attr-defined]
    assert len(graph) == 2


def test_a_form_without_acceptable_format_is_406(store: ox.Store) -> None:
    with pytest.raises(UnsupportedFormat):
        run(store, "CONSTRUCT WHERE { ?s ?p ?o }", graph_type=None)
    with pytest.raises(QueryRejected, match="cannot bind"):
        run(store, "SELECT ?s WHERE { ?s ?p ?o }", bindings=(("s", "not an iri", None, None),))


def test_bindings_are_rdf_terms_not_text(store: ox.Store) -> None:
    hostile = '"E1"@en } ?s ?p ?o . FILTER(true'
    query = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    xsd_string = "http://www.w3.org/2001/XMLSchema#string"
    assert run(store, query, bindings=(("label", "E1", xsd_string, None),)).rows == 0  # type: ignore[attr-defined]
    lang_string = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
    assert run(store, query, bindings=(("label", "E1", lang_string, "en"),)).rows == 1  # type: ignore[attr-defined]
    assert run(store, query, bindings=(("label", hostile, lang_string, "en"),)).rows == 0  # type: ignore[attr-defined]


def test_time_limit_may_be_lowered_never_raised() -> None:
    assert LIMITS.time_limit_for(None) == 1000
    assert LIMITS.time_limit_for(200) == 200
    assert LIMITS.time_limit_for(60_000) == 1000


def test_protocol_reader_strict_utf8_and_single_query() -> None:
    assert read_request("GET", b"query=ASK%20%7B%7D", None, b"").query == "ASK {}"
    with pytest.raises(QueryRejected, match="UTF-8"):
        read_request("GET", b"query=%FF", None, b"")
    with pytest.raises(QueryRejected, match="more than one query"):
        read_request("GET", b"query=ASK%7B%7D&query=ASK%7B%7D", None, b"")
    with pytest.raises(UnsupportedMediaType):
        read_request("POST", b"", "text/plain", b"ASK {}")
    with pytest.raises(UnsupportedMediaType, match="charset"):
        read_request(
            "POST", b"", "application/sparql-query; charset=utf-16", "ASK {}".encode("utf-16")
        )
    with pytest.raises(QueryRejected, match="read-only"):
        read_request("POST", b"", "application/x-www-form-urlencoded", b"update=CLEAR+ALL")
    direct = read_request(
        "POST",
        b"default-graph-uri=" + DATA.encode(),
        "application/sparql-query",
        'ASK { ?s ?p "é" }'.encode(),
    )
    assert direct.query == 'ASK { ?s ?p "é" }' and direct.default_graphs == (DATA,)


def test_codepoint_escapes_are_expanded_before_the_gate_and_the_engine() -> None:
    from kg.query.sparql import expand_codepoint_escapes

    assert expand_codepoint_escapes(r'"\u0041\U00000042"') == '"AB"'
    # §19.2 is one pass: an escape that spells another escape is refused where it was written
    # (W3C syntax-codepoint-escape-bad-04/05), never expanded twice into "SERVICE".
    with pytest.raises(QuerySyntaxError, match="line 2, column 3: this codepoint escape makes"):
        expand_codepoint_escapes("ASK {\n  \\u005Cu0053ERVICE")
    with pytest.raises(QuerySyntaxError, match="line 1, column 6: .* names no character"):
        expand_codepoint_escapes(r"ASK {\uD800}")
    store = ox.Store()
    hidden = r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }"
    with pytest.raises(QueryRejected, match="SERVICE"):
        execute(store, set(), QueryRequest(hidden), LIMITS, {})


def test_format_repeats_that_agree_count_once() -> None:
    # SPARQLWrapper's TSV request: the name and the media type in three parameters each.
    qs = (
        b"query=ASK%7B%7D&format=tsv&format=text/tab-separated-values&output=tsv"
        b"&output=text/tab-separated-values&results=tsv&results=text/tab-separated-values"
    )
    assert read_request("GET", qs, None, b"").format == "tsv"
    with pytest.raises(QueryRejected, match="format=json, output=csv"):
        read_request("GET", b"query=ASK%7B%7D&format=json&output=csv", None, b"")


# -- base IRI (SPARQL 1.1 Query §4.1.1.1) and unknown functions (§17.2) ----------------------

ENDPOINT = "https://kg.example.org/sparql"


@pytest.mark.parametrize(
    ("reference", "expected"),
    [  # RFC 3986 §5.4.1 and §5.4.2, against its base http://a/b/c/d;p?q
        ("g:h", "g:h"),
        ("g", "http://a/b/c/g"),
        ("//g", "http://g"),
        ("?y", "http://a/b/c/d;p?y"),
        ("#s", "http://a/b/c/d;p?q#s"),
        ("", "http://a/b/c/d;p?q"),
        ("../../g", "http://a/g"),
        ("../../../g", "http://a/g"),
        ("/./g", "http://a/g"),
        ("g;x=1/../y", "http://a/b/c/y"),
        ("g?y/../x", "http://a/b/c/g?y/../x"),
    ],
)
def test_resolve_iri_follows_rfc_3986(reference: str, expected: str) -> None:
    from kg.iris import resolve_iri

    assert resolve_iri("http://a/b/c/d;p?q", reference) == expected


def test_resolve_iri_resolves_every_scheme_as_oxigraph_does() -> None:
    from kg.iris import resolve_iri

    assert resolve_iri("urn:x:y", "z") == "urn:z"  # urllib's urljoin would return "z"
    assert resolve_iri("file:///tmp/a/sq05.rdf", "") == "file:///tmp/a/sq05.rdf"
    assert resolve_iri(None, "rel") == "rel"


def test_the_gate_resolves_from_against_the_base() -> None:
    parsed = parse("BASE <graph/> SELECT * FROM <data> FROM NAMED <void> { ?s ?p ?o }", ENDPOINT)
    assert parsed.from_graphs == (DATA,) and parsed.from_named == (G + "void",)
    prefixed = parse("PREFIX g: <graph/> SELECT * FROM g:data { ?s ?p ?o }", ENDPOINT)
    assert prefixed.from_graphs == (DATA,)


def test_an_undeclared_prefix_is_a_syntax_error() -> None:
    with pytest.raises(QuerySyntaxError, match="nope: is not declared"):
        parse("SELECT * FROM nope:data { ?s ?p ?o }")


def test_relative_iris_are_evaluated_against_the_base(store: ox.Store) -> None:
    request = QueryRequest("SELECT (<s> AS ?v) {}")
    result = execute(store, set(), request, LIMITS, {}, ENDPOINT)
    assert json.loads(result.body)["results"]["bindings"][0]["v"]["value"] == (
        "https://kg.example.org/s"
    )


def test_unknown_functions_are_named_and_builtins_are_not() -> None:
    query = (
        "PREFIX : <http://example.org/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
        "SELECT (:f(xsd:date('2020-01-01'), :g()) AS ?v) (STR(:h\\.x(1)) AS ?w) {}"
    )
    assert parse(query).unknown_functions == (
        "http://example.org/f",
        "http://example.org/g",
        "http://example.org/h.x",
    )


def test_syntax_select_expr_04_in_the_gate(store: ox.Store) -> None:
    query = "PREFIX : <http://example.org/> SELECT (:function(?x +?y) AS ?F) ?z {}"
    doc = json.loads(execute(store, set(), QueryRequest(query), LIMITS, {}).body)
    assert doc["head"]["vars"] == ["F", "z"] and doc["results"]["bindings"] == [{}]


def test_a_builtin_with_the_wrong_arity_is_rejected_by_the_gate() -> None:
    with pytest.raises(QueryRejected, match="XMLSchema#integer> cannot be called so"):
        parse("SELECT (<http://www.w3.org/2001/XMLSchema#integer>(1, 2) AS ?v) {}")


def test_calls_as_errors_rewrites_calls_only() -> None:
    from kg.query.functions import calls_as_errors

    query = (
        "PREFIX : <http://example.org/> # :f(1) in a comment\n"
        'SELECT (:f(?x, ":f(") AS ?a) (<http://example.org/f> ( ) AS ?b) (:g(1) AS ?c) '
        "{ FILTER :f() }"
    )
    assert calls_as_errors(query, ["http://example.org/f"], None) == (
        "PREFIX : <http://example.org/> # :f(1) in a comment\n"
        'SELECT (ABS("") AS ?a) (ABS("") AS ?b) (:g(1) AS ?c) '
        '{ FILTER ABS("") }'
    )
    relative = "BASE <http://example.org/> SELECT (<f>(:f((1)), ')') AS ?v) {}"
    assert calls_as_errors(relative, ["http://example.org/f"], ENDPOINT) == (
        'BASE <http://example.org/> SELECT (ABS("") AS ?v) {}'
    )


def test_calls_as_errors_evaluate_as_unbound(store: ox.Store) -> None:
    from kg.query.functions import calls_as_errors

    query = "SELECT (<http://example.org/f>(1) AS ?v) (1 AS ?w) {}"
    rewritten = calls_as_errors(query, ["http://example.org/f"], None)
    doc = json.loads(execute(store, set(), QueryRequest(rewritten), LIMITS, {}).body)
    assert doc["results"]["bindings"] == [{"w": doc["results"]["bindings"][0]["w"]}]


def test_ask_in_sparql_xml_is_well_formed(store: ox.Store) -> None:
    request = QueryRequest("ASK {}", results_type="application/sparql-results+xml")
    root = ET.fromstring(execute(store, set(), request, LIMITS, {}).body)
    assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"
    assert root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "query,line,column",
    [
        ('SELECT ("\\u0041\\u0042" AS ?x) WHERE { ?s ?p }', 1, 39),  # 10 characters longer
        ("SELECT * WHERE {\\u000A ?s ?p }", 1, 24),  # an escaped newline is no line break
        ('SELECT ("\\U00000041" AS ?x) WHERE {\n  ?s ?p }', 2, 3),
    ],
)
def test_syntax_error_positions_are_where_the_user_wrote_them(
    query: str, line: int, column: int
) -> None:
    """Escapes are expanded before parsing (§19.2); the position is mapped back to the text."""
    with pytest.raises(QuerySyntaxError) as caught:
        execute(ox.Store(), set(), QueryRequest(query), LIMITS, {})
    assert caught.value.details["line"] == line and caught.value.details["column"] == column
    assert f"line {line}, column {column}" in str(caught.value)
    assert query.splitlines()[line - 1][column - 1 :].startswith("?s")
