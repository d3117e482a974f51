"""W3C SPARQL 1.1 query test cases whose answer depends on the endpoint, on both backends.

Names follow ``w3c/rdf-tests sparql/sparql11``: an unknown extension function leaves its
variable unbound (SPARQL 1.1 Query §17.2, ``syntax-select-expr-04``), and relative IRIs
resolve against the endpoint's IRI, ``{BASE_IRI}sparql`` (§4.1.1.1, RFC 3986 §5.1.3), in the
gate and in the engine alike (``syntax-oneof-03``, protocol ``query_content_type_construct``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef

#: Every test here runs on the embedded store and on an external SPARQL store.
pytestmark = pytest.mark.remote

BASE = "https://kg.example.org/"
ENDPOINT = BASE + "sparql"
EX = "PREFIX : <http://example.org/> "


def select(client: Any, query: str) -> dict[str, Any]:
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.data
    return json.loads(response.data)  # type: ignore[no-any-return]


def values(doc: dict[str, Any], name: str) -> list[str | None]:
    return [row.get(name, {}).get("value") for row in doc["results"]["bindings"]]


def test_syntax_select_expr_04(client: Any) -> None:
    doc = select(client, EX + "SELECT (:function(?x +?y) AS ?F) ?z {}")
    assert doc["head"]["vars"] == ["F", "z"]
    assert doc["results"]["bindings"] == [{}]  # one solution, ?F unbound (§17.2)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # BIND keeps the solution with the variable unbound; FILTER drops it (error = false).
        ("SELECT ?v { BIND(<http://example.org/f>(1) AS ?v) }", [None]),
        (EX + "SELECT ?v { BIND(1 AS ?v) FILTER(:f(?v)) }", []),
        (EX + "SELECT ?v { BIND(1 AS ?v) FILTER :f() }", []),
        # || and && tolerate an error on one side (§17.2, §17.4.1.5).
        (EX + "SELECT ?v { BIND(1 AS ?v) FILTER(:f(?v) || true) }", ["1"]),
        ("SELECT (COALESCE(<f>(), 'fallback') AS ?v) {}", ["fallback"]),
        # A function the engine has is not replaced: the XSD casts (§17.5).
        ("SELECT (<http://www.w3.org/2001/XMLSchema#integer>('7') AS ?v) {}", ["7"]),
        (EX + "SELECT ?v { BIND('a :f(1)' AS ?v) FILTER(!:f(?v)) }", []),
    ],
)
def test_unknown_functions_are_unbound_not_refused(
    client: Any, query: str, expected: list[str | None]
) -> None:
    assert values(select(client, query), "v") == expected


def test_a_cast_with_two_arguments_is_a_clear_400_not_a_500(client: Any) -> None:
    query = "SELECT (<http://www.w3.org/2001/XMLSchema#integer>('7', '8') AS ?v) {}"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400, response.data


def test_syntax_oneof_03(client: Any) -> None:
    doc = select(client, "SELECT * { ?s ?p ?o FILTER(?o IN(1,<x>)) }")
    assert set(values(doc, "o")) <= {"1", BASE + "x"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT (<s> AS ?v) {}", BASE + "s"),
        ("SELECT (<> AS ?v) {}", ENDPOINT),
        ("SELECT (<#frag> AS ?v) {}", ENDPOINT + "#frag"),
        ("SELECT (<../../up> AS ?v) {}", BASE + "up"),
        # The query's own BASE wins, and a relative one resolves against the endpoint's.
        ("BASE <http://example.org/a/> SELECT (<b> AS ?v) {}", "http://example.org/a/b"),
        ("BASE <kg/> SELECT (<b> AS ?v) {}", BASE + "kg/b"),
        ("BASE <kg/> PREFIX p: <q/> SELECT (p:r AS ?v) {}", BASE + "kg/q/r"),
    ],
)
def test_relative_iris_resolve_against_the_endpoint(client: Any, query: str, expected: str) -> None:
    assert values(select(client, query), "v") == [expected]


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/rdf+xml"])
def test_query_content_type_construct(client: Any, accept: str) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
        headers={"Accept": accept},
    )
    assert response.status_code == 200, response.data
    graph = Graph().parse(data=response.data, format=accept)
    assert set(graph) == {(URIRef(BASE + "s"), URIRef(BASE + "p"), Literal(1))}


def test_from_is_checked_as_the_resolved_iri(client: Any, built: Any) -> None:
    """The gate resolves ``FROM <graph/data>`` as the engine does: the dataset's data graph."""
    count = "SELECT (COUNT(*) AS ?n) FROM <graph/data> WHERE { ?s ?p ?o }"
    store = built.store()
    expected = next(iter(store.query(count.replace("<graph/data>", f"<{BASE}graph/data>"))))["n"]
    assert values(select(client, count), "n") == [expected.value]
    response = client.get(
        "/sparql", query_string={"query": "SELECT * FROM <data.ttl> WHERE { ?s ?p ?o }"}
    )
    assert response.status_code == 400
    assert f"<{BASE}data.ttl> is not a graph of this dataset" in response.get_data(as_text=True)
