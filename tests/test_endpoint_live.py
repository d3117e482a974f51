"""A real server on a real port: standard clients, the time limit, and the `kg serve` runner."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

#: Every test here runs on the embedded store and on an external SPARQL store.
pytestmark = [pytest.mark.server, pytest.mark.remote]

CARTESIAN = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
    "?m ?n1 ?o . ?p ?q ?r . ?s ?t ?u . ?v ?w ?x }"
)


@pytest.fixture(scope="module")
def total(built: Any) -> int:
    return len(built.store())


def test_runner_prints_the_url(live_server: Any) -> None:
    log = live_server.output.read_text(errors="replace")
    assert f"{live_server.url}/sparql" in log


def test_sparqlwrapper_select_in_every_results_format(live_server: Any, total: int) -> None:
    client = SPARQLWrapper(live_server.url + "/sparql")
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    assert int(client.queryAndConvert()["results"]["bindings"][0]["n"]["value"]) == total
    client.setReturnFormat(XML)
    assert client.queryAndConvert().getElementsByTagName("literal")[0].firstChild.data == str(total)
    client.setReturnFormat(CSV)
    assert client.queryAndConvert().decode().splitlines() == ["n", str(total)]


def test_sparqlwrapper_post_ask_and_construct(live_server: Any) -> None:
    client = SPARQLWrapper(live_server.url + "/sparql")
    client.setMethod(POST)
    client.setQuery("ASK { ?s a ?type }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True
    client.setQuery("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 7")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert len(graph) == 7
    client.setReturnFormat(XML)  # RDF/XML for graphs
    assert len(client.queryAndConvert()) == 7


def test_sparqlwrapper_sees_a_syntax_error(live_server: Any) -> None:
    client = SPARQLWrapper(live_server.url + "/sparql")
    client.setQuery("SELECT * WHERE { ?s ?p }")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="line 1"):
        client.query()


def test_rdflib_sparqlstore(live_server: Any, total: int, built: Any) -> None:
    graph = Graph(SPARQLStore(live_server.url + "/sparql"))
    rows = list(graph.query("SELECT ?s ?type WHERE { ?s a ?type } LIMIT 5"))
    assert len(rows) == 5 and all(isinstance(r[0], URIRef) for r in rows)
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    assert len(graph) == total
    person = next(iter(built.store().query("SELECT ?s WHERE { GRAPH ?g { ?s a ?t } } LIMIT 1")))[
        "s"
    ].value
    assert len(list(graph.triples((URIRef(person), RDF.type, None)))) >= 1
    constructed = graph.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 4").graph
    assert constructed is not None and len(constructed) == 4


def test_time_limit_stops_a_cartesian_product_while_a_cheap_query_answers(
    live_server: Any, backend: str
) -> None:
    """SPARQL_TIME_LIMIT_MS is 2000 ms here: 503 within limit + 1 s; others answer within 1 s."""
    outcome: dict[str, Any] = {}

    def slow() -> None:
        started = time.monotonic()
        response = requests.get(
            live_server.url + "/sparql",
            params={"query": CARTESIAN},
            headers={"Accept": "application/json"},
            timeout=30,
        )
        outcome.update(
            status=response.status_code, body=response.json(), elapsed=time.monotonic() - started
        )

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.4)  # the cartesian product is running now
    for i in range(3):
        started = time.monotonic()
        cheap = requests.get(
            live_server.url + "/sparql",
            timeout=10,
            params={"query": f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {i + 1}"},
        )
        assert cheap.status_code == 200 and time.monotonic() - started < 1.0
    thread.join()
    assert outcome["status"] == {"embedded": 503, "remote": 504}[backend]  # 504: the store's
    assert outcome["body"]["setting"] == "SPARQL_TIME_LIMIT_MS"
    assert "SPARQL_TIME_LIMIT_MS" in outcome["body"]["message"]
    assert outcome["elapsed"] < 2.0 + 1.0
    after = requests.get(
        live_server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10
    )
    assert after.status_code == 200


def test_oversized_and_malformed_input_over_the_wire(live_server: Any) -> None:
    endpoint = live_server.url + "/sparql"
    big = requests.post(
        endpoint,
        data=b"x" * (2 * 1024 * 1024),
        timeout=10,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert big.status_code == 413
    raw = requests.get(endpoint + "?query=ASK%20%7B%20%3Fs%20%3Fp%20%22%C3%28%22%20%7D", timeout=10)
    assert raw.status_code == 400
    assert requests.get(endpoint, params={"query": "ASK {"}, timeout=10).status_code == 400


def test_conditional_get_over_the_wire(live_server: Any) -> None:
    url = live_server.url + "/sparql"
    first = requests.get(url, params={"query": "ASK {}"}, timeout=10)
    second = requests.get(
        url,
        params={"query": "ASK {}"},
        timeout=10,
        headers={"If-None-Match": first.headers["ETag"]},
    )
    assert second.status_code == 304 and second.content == b""


# SPARQLWrapper sends the format as `format`, `output` and `results` at once (issue 12): the
# endpoint must take repeats that agree as one, for every return format, GET and POST alike.
WRAPPER_CASES = (
    [("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", fmt) for fmt in ("json", "xml", "csv", "tsv")]
    + [("ASK { ?s a ?t }", fmt) for fmt in ("json", "xml")]
    + [
        (query, fmt)
        for query in (
            "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 7",
            "DESCRIBE <https://kg.example.org/id/andra-soni>",
        )
        for fmt in ("turtle", "xml", "rdf+xml", "json-ld", "n3")
    ]
)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(("query", "fmt"), WRAPPER_CASES)
def test_sparqlwrapper_every_return_format(
    live_server: Any, method: str, query: str, fmt: str
) -> None:
    client = SPARQLWrapper(live_server.url + "/sparql")
    client.setMethod(method)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    answer = client.query()
    assert answer.response.status == 200
    body = answer.response.read()
    assert body
    if query.startswith(("CONSTRUCT", "DESCRIBE")):
        kind = {"turtle": "turtle", "n3": "turtle", "json-ld": "json-ld"}.get(fmt, "xml")
        assert len(Graph().parse(data=body, format=kind)) > 0


def test_format_parameters_that_disagree_are_named(live_server: Any) -> None:
    response = requests.get(
        live_server.url + "/sparql",
        timeout=10,
        params=[("query", "ASK {}"), ("format", "json"), ("output", "xml")],
    )
    assert response.status_code == 400
    assert "format=json" in response.text and "output=xml" in response.text
