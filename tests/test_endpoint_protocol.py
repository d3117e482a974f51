"""The W3C SPARQL 1.1 Protocol test cases that apply to a read-only query endpoint.

Names follow ``w3c/rdf-tests sparql/sparql11/protocol/manifest.ttl``. The dataset cases use this
dataset's own graphs (the W3C ones name remote RDF files, which this endpoint never fetches).
The update cases become "rejected, data unchanged".
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest

#: Every test here runs on the embedded store and on an external SPARQL store.
pytestmark = pytest.mark.remote

G = "https://kg.example.org/graph/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COUNT_NAMED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
FORM = "application/x-www-form-urlencoded"


def count(response: Any) -> int:
    assert response.status_code == 200, response.data
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def graph_sizes(built: Any) -> dict[str, int]:
    store = built.store()
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"].value: int(r["n"].value) for r in rows}


def test_query_get(client: Any, graph_sizes: dict[str, int]) -> None:
    response = client.get("/sparql", query_string={"query": COUNT})
    assert response.content_type == "application/sparql-results+json; charset=utf-8"
    assert count(response) == sum(graph_sizes.values())  # default graph = union of the graphs


def test_query_post_form(client: Any, graph_sizes: dict[str, int]) -> None:
    response = client.post("/sparql", data={"query": COUNT}, content_type=FORM)
    assert count(response) == sum(graph_sizes.values())


def test_query_post_direct(client: Any, graph_sizes: dict[str, int]) -> None:
    response = client.post("/sparql", data=COUNT.encode(), content_type="application/sparql-query")
    assert count(response) == sum(graph_sizes.values())


def test_query_dataset_default_graph(client: Any, graph_sizes: dict[str, int]) -> None:
    response = client.get("/sparql", query_string={"query": COUNT, "default-graph-uri": G + "data"})
    assert count(response) == graph_sizes[G + "data"]


def test_query_dataset_default_graphs_get(client: Any, graph_sizes: dict[str, int]) -> None:
    qs = [
        ("query", COUNT),
        ("default-graph-uri", G + "data"),
        ("default-graph-uri", G + "ontology"),
    ]
    response = client.get("/sparql?" + "&".join(f"{k}={quote(v)}" for k, v in qs))
    assert count(response) == graph_sizes[G + "data"] + graph_sizes[G + "ontology"]


def test_query_dataset_default_graphs_post(client: Any, graph_sizes: dict[str, int]) -> None:
    body = {"query": COUNT, "default-graph-uri": [G + "data", G + "evidence"]}
    response = client.post("/sparql", data=body, content_type=FORM)
    assert count(response) == graph_sizes[G + "data"] + graph_sizes[G + "evidence"]


def test_query_dataset_named_graphs_post(client: Any, graph_sizes: dict[str, int]) -> None:
    body = {"query": COUNT_NAMED, "named-graph-uri": [G + "data", G + "void"]}
    response = client.post("/sparql", data=body, content_type=FORM)
    assert count(response) == graph_sizes[G + "data"] + graph_sizes[G + "void"]


def test_query_dataset_named_graphs_get(client: Any, graph_sizes: dict[str, int]) -> None:
    response = client.get(
        "/sparql", query_string={"query": COUNT_NAMED, "named-graph-uri": G + "ontology"}
    )
    assert count(response) == graph_sizes[G + "ontology"]


def test_query_dataset_full(client: Any, graph_sizes: dict[str, int]) -> None:
    query = (
        "SELECT ?n ?m WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } } "
        "{ SELECT (COUNT(*) AS ?m) WHERE { GRAPH ?g { ?s ?p ?o } } } }"
    )
    response = client.get(
        "/sparql",
        query_string={
            "query": query,
            "default-graph-uri": G + "data",
            "named-graph-uri": G + "ontology",
        },
    )
    row = json.loads(response.data)["results"]["bindings"][0]
    assert int(row["n"]["value"]) == graph_sizes[G + "data"]
    assert int(row["m"]["value"]) == graph_sizes[G + "ontology"]


def test_query_multiple_dataset(client: Any, graph_sizes: dict[str, int]) -> None:
    """Protocol-specified dataset wins over FROM in the query (Protocol §2.1.4)."""
    query = f"SELECT (COUNT(*) AS ?n) FROM <{G}data> WHERE {{ ?s ?p ?o }}"
    response = client.get(
        "/sparql", query_string={"query": query, "default-graph-uri": G + "ontology"}
    )
    assert count(response) == graph_sizes[G + "ontology"]


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_foreign_dataset_graph_is_rejected_not_ignored(client: Any, param: str) -> None:
    response = client.get("/sparql", query_string={"query": COUNT, param: "http://127.0.0.1:9/g"})
    assert response.status_code == 400
    assert b"not a graph of this dataset" in response.data


@pytest.mark.parametrize(
    "accept,expected",
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_query_content_type_select(client: Any, accept: str, expected: str) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"},
        headers={"Accept": accept},
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{expected}; charset=utf-8"


@pytest.mark.parametrize(
    "accept", ["application/sparql-results+xml", "application/sparql-results+json"]
)
def test_query_content_type_ask(client: Any, accept: str) -> None:
    response = client.get(
        "/sparql", query_string={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": accept}
    )
    assert response.headers["Content-Type"].startswith(accept)
    assert b"true" in response.data


@pytest.mark.parametrize("accept", ["application/rdf+xml", "text/turtle", "application/n-triples"])
def test_query_content_type_describe(client: Any, accept: str) -> None:
    query = "DESCRIBE ?s WHERE { ?s ?p ?o } LIMIT 1"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith(accept)
    assert int(response.headers["X-KG-Rows"]) >= 1


@pytest.mark.parametrize(
    "accept", ["application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json"]
)
def test_query_content_type_construct(client: Any, accept: str) -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith(accept)
    assert response.headers["X-KG-Rows"] == "3"


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_bad_query_method(client: Any, method: str) -> None:
    response = getattr(client, method)("/sparql?query=ASK%20%7B%7D")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"] and "PUT" not in response.headers["Allow"]


def test_bad_multiple_queries(client: Any) -> None:
    response = client.get("/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    assert response.status_code == 400 and b"more than one query" in response.data


def test_bad_query_wrong_media_type(client: Any) -> None:
    response = client.post("/sparql", data=b"ASK {}", content_type="text/plain")
    assert response.status_code == 415


def test_bad_query_missing_form_type(client: Any) -> None:
    response = client.post("/sparql", data=b"query=ASK%20%7B%7D", headers={"Content-Type": ""})
    assert response.status_code == 415  # RFC 9110 §15.5.16: the body's media type is not known


def test_bad_query_missing_direct_type(client: Any) -> None:
    response = client.post("/sparql", data=b"ASK {}", headers={"Content-Type": ""})
    assert response.status_code == 415


def test_bad_query_non_utf8(client: Any) -> None:
    response = client.post(
        "/sparql",
        data='ASK { ?s ?p "é" }'.encode("utf-16"),
        content_type="application/sparql-query",
    )
    assert response.status_code == 400 and b"UTF-8" in response.data


def test_bad_query_non_utf8_get(client: Any) -> None:
    response = client.get("/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%22%FF%22%20%7D")
    assert response.status_code == 400 and b"UTF-8" in response.data


def test_bad_query_syntax(client: Any) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": "SELECT * WHERE {\n  ?s ?p \n"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    error = json.loads(response.data)
    assert error["error"] == "QuerySyntaxError" and error["line"] >= 1 and "column" in error


@pytest.mark.parametrize(
    "body,content_type",
    [
        (
            b"update=INSERT+DATA+%7B%3Chttp%3A%2F%2Fa%3E+%3Chttp%3A%2F%2Fb%3E+%3Chttp%3A%2F%2Fc%3E%7D",
            FORM,
        ),
        (b"INSERT DATA { <http://a> <http://b> <http://c> }", "application/sparql-update"),
        (b"query=DROP+ALL", FORM),
        (b"DELETE WHERE { ?s ?p ?o }", "application/sparql-query"),
    ],
)
def test_update_post_is_rejected_and_data_unchanged(
    client: Any, graph_sizes: dict[str, int], body: bytes, content_type: str
) -> None:
    response = client.post("/sparql", data=body, content_type=content_type)
    assert response.status_code in (400, 403) and b"read-only" in response.data
    assert count(client.get("/sparql", query_string={"query": COUNT, "x": body[:8]})) == sum(
        graph_sizes.values()
    )


def test_bad_update_get(client: Any) -> None:
    response = client.get("/sparql", query_string={"update": "CLEAR ALL"})
    assert response.status_code == 400 and b"read-only" in response.data


@pytest.mark.parametrize(
    "method,path,status",
    [
        ("put", "/sparql?default", 405),  # RFC 9110 §15.5.6, with Allow
        ("post", "/sparql?graph=http%3A%2F%2Fx", 415),  # a POST here is a query, not a graph
        ("delete", "/sparql?graph=http%3A%2F%2Fx", 405),
    ],
)
def test_graph_store_protocol_verbs_are_refused(
    client: Any, method: str, path: str, status: int
) -> None:
    response = getattr(client, method)(
        path, data=b"<http://a> <http://b> <http://c> .", content_type="text/turtle"
    )
    assert response.status_code == status
    if status == 405:
        assert "GET" in response.headers["Allow"]
