"""/sparql over HTTP: formats, negotiation, service description, limits, CORS, caching, errors."""

from __future__ import annotations

import html
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, VOID

from kg.web import create_app

#: Every test here runs on the embedded store and on an external SPARQL store.
pytestmark = pytest.mark.remote

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SELECT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 2"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2"
TIMEOUT_STATUS = {"embedded": 503, "oxigraph": 504, "virtuoso": 504}
CARTESIAN = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
    "?m ?n1 ?o . ?p ?q ?r . ?s ?t ?u . ?v ?w ?x }"
)


def get(client: Any, query: str, **headers: str) -> Any:
    return client.get("/sparql", query_string={"query": query}, headers=headers)


@pytest.mark.parametrize(
    "accept,expected",
    [
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        (
            "application/sparql-results+json;q=0.1, text/tab-separated-values",
            "text/tab-separated-values",
        ),
        ("text/*", "text/csv"),
        ("*/*", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
    ],
)
def test_accept_negotiation_uses_q_values(client: Any, accept: str, expected: str) -> None:
    response = get(client, SELECT, Accept=accept)
    assert response.headers["Content-Type"] == f"{expected}; charset=utf-8"
    assert response.headers["Vary"] == "Accept"


def test_no_accept_header_gets_json_for_select_and_turtle_for_construct(client: Any) -> None:
    assert client.get("/sparql", query_string={"query": SELECT}).content_type.startswith(
        "application/sparql-results+json"
    )
    assert client.get("/sparql", query_string={"query": CONSTRUCT}).content_type.startswith(
        "text/turtle"
    )


@pytest.mark.parametrize(
    "name,query,expected",
    [
        ("csv", SELECT, "text/csv"),
        ("tsv", SELECT, "text/tab-separated-values"),
        ("xml", SELECT, "application/sparql-results+xml"),
        ("xml", CONSTRUCT, "application/rdf+xml"),
        ("jsonld", CONSTRUCT, "application/ld+json"),
        ("nt", CONSTRUCT, "application/n-triples"),
        ("trig", CONSTRUCT, "application/trig"),
        ("nquads", CONSTRUCT, "application/n-quads"),
        ("srj", SELECT, "application/sparql-results+json"),
        ("ttl", CONSTRUCT, "text/turtle"),
    ],
)
def test_format_parameter_overrides_accept(
    client: Any, name: str, query: str, expected: str
) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": query, "format": name},
        headers={"Accept": "application/sparql-results+json, text/turtle"},
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == f"{expected}; charset=utf-8"


def test_406_when_nothing_fits(client: Any) -> None:
    assert get(client, SELECT, Accept="image/png").status_code == 406
    response = client.get("/sparql", query_string={"query": SELECT, "format": "docx"})
    assert response.status_code == 406
    # A CONSTRUCT when only results formats are acceptable:
    assert get(client, CONSTRUCT, Accept="text/csv").status_code == 406


def test_download_parameter_names_the_file(client: Any) -> None:
    response = client.get("/sparql", query_string={"query": SELECT, "format": "csv", "download": 1})
    assert response.headers["Content-Disposition"] == 'attachment; filename="results.csv"'


def test_service_description(client: Any, built: Any) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    graph = Graph().parse(data=response.data, format="turtle")
    service = URIRef("http://localhost/sparql")
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (
        service,
        SD.resultFormat,
        URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV"),
    ) in graph
    store = built.store()
    expected = {
        r["g"].value: int(r["n"].value)
        for r in store.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        )
    }
    found = {
        str(name): int(count)
        for name, count in graph.query(
            "SELECT ?name ?n WHERE { ?x sd:name ?name ; sd:graph [ void:triples ?n ] }",
            initNs={"sd": SD, "void": VOID},
        )
    }
    assert found == expected and len(found) == 5
    limits = Namespace("https://kg.example.org/service#")
    assert graph.value(service, limits.timeLimitMs) == Literal(2000)
    assert graph.value(service, limits.maxResultRows) is not None


def test_service_description_in_json_ld_and_default_turtle(client: Any) -> None:
    as_jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert as_jsonld.content_type.startswith("application/ld+json")
    assert len(Graph().parse(data=as_jsonld.data, format="json-ld")) > 20
    assert client.get("/sparql").content_type.startswith("text/turtle")


def test_browser_gets_the_query_editor(client: Any) -> None:
    response = client.get(
        "/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    )
    assert response.content_type == "text/html; charset=utf-8"
    page = html.unescape(response.data.decode())
    assert 'id="query"' in page
    # The default query is short (issue 14): known prefixes are declared when it is run.
    default = page.split('id="query"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    assert "SELECT" in default and len(default.strip().splitlines()) <= 5


def test_cors_any_origin_without_credentials(client: Any) -> None:
    response = get(client, SELECT, Origin="https://elsewhere.example")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


def test_matching_etag_gets_304(client: Any) -> None:
    first = get(client, SELECT)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"].startswith("public, max-age=")
    again = client.get("/sparql", query_string={"query": SELECT}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    other = client.get(
        "/sparql", query_string={"query": SELECT + " OFFSET 1"}, headers={"If-None-Match": etag}
    )
    assert other.status_code == 200 and other.headers["ETag"] != etag
    as_csv = get(client, SELECT, Accept="text/csv")
    assert as_csv.headers["ETag"] != etag  # the format is part of the request


def test_security_headers(client: Any) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html"})
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "http" not in csp


@pytest.mark.parametrize(
    "accept,kind",
    [
        ("application/json", "application/json"),
        ("text/html", "text/html"),
        ("", "text/plain"),
        ("*/*", "text/plain"),
    ],
)
def test_errors_match_the_client(client: Any, accept: str, kind: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", query_string={"query": "SELEC nothing"}, headers=headers)
    if kind == "text/html":  # a browser asking for a query gets the editor, errors shown by it
        response = client.get("/queries/no-such-query", headers=headers)
        assert response.status_code == 404
    else:
        assert response.status_code == 400
    assert response.content_type.startswith(kind)
    assert b"Traceback" not in response.data
    if kind == "application/json":
        assert json.loads(response.data)["ok"] is False


def test_oversized_query_is_413_and_names_the_setting(client: Any) -> None:
    query = "ASK {}" + "#" * 40_000
    response = client.post(
        "/sparql", data={"query": query}, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413 and b"SPARQL_MAX_QUERY_BYTES" in response.data


def test_oversized_body_is_413(client: Any) -> None:
    body = b"ASK {}" + b" " * (1024 * 1024 + 10)
    response = client.post("/sparql", data=body, content_type="application/sparql-query")
    assert response.status_code == 413 and b"MAX_REQUEST_BYTES" in response.data


@pytest.mark.parametrize(
    "query",
    [
        "ASK { ?s ?p \x00 }",
        "SELECT * WHERE " + "{" * 400 + "}" * 400,
        "SELECT ?x WHERE { ?x ?y }",
        "PREFIX : <http://x/> SELECT ?a(b WHERE {}",
    ],
)
def test_malformed_input_is_a_400_syntax_error(client: Any, query: str) -> None:
    response = client.post("/sparql", data=query.encode(), content_type="application/sparql-query")
    assert response.status_code == 400  # SPARQL 1.1 Protocol §2.1.5: malformed query
    assert "QuerySyntaxError" in response.get_data(as_text=True)


def test_request_may_lower_the_time_limit_never_raise_it(client: Any, backend: str) -> None:
    assert get(client, "ASK {}" + " " * 1).headers["X-KG-Time-Limit-Ms"] == "2000"
    raised = client.get("/sparql", query_string={"query": "ASK {}", "timeout": "600000"})
    assert raised.headers["X-KG-Time-Limit-Ms"] == "2000"
    started = time.monotonic()
    lowered = client.get(
        "/sparql",
        query_string={"query": CARTESIAN, "timeout": "300"},
        headers={"Accept": "application/json"},
    )
    # 503 when our worker is stopped; 504 when the external store is (its request cancelled).
    assert lowered.status_code == TIMEOUT_STATUS[backend] and time.monotonic() - started < 1.3
    assert json.loads(lowered.data)["setting"] == "SPARQL_TIME_LIMIT_MS"
    assert (
        client.get("/sparql", query_string={"query": "ASK {}", "timeout": "soon"}).status_code
        == 400
    )


@pytest.fixture(scope="module")
def small_app(app_config: dict[str, Any]) -> Iterator[Any]:
    # A generous time limit: this fixture tests the row cap, and a whole-dataset scan on
    # Virtuoso under a loaded CI machine can pass the suite's usual 2 s.
    settings = {"SPARQL_MAX_ROWS": 5, "SPARQL_WORKERS": 1, "SPARQL_TIME_LIMIT_MS": 30000}
    application = create_app({**app_config, **settings})
    yield application
    application.extensions["kg"].close()


def test_truncation_is_stated_never_silent(small_app: Any) -> None:
    client = small_app.test_client()
    response = get(client, "SELECT * WHERE { ?s ?p ?o }")
    assert len(json.loads(response.data)["results"]["bindings"]) == 5
    assert (
        response.headers["X-KG-Truncated"].startswith("true")
        and "SPARQL_MAX_ROWS" in response.headers["X-KG-Truncated"]
    )
    whole = get(client, "SELECT * WHERE { ?s ?p ?o } LIMIT 5")
    assert "X-KG-Truncated" not in whole.headers
    graph = get(client, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert graph.headers["X-KG-Rows"] == "5" and "X-KG-Truncated" in graph.headers
