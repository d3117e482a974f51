"""A real server on a real port: the time limit, limits on input, conditional GET, and the
`kg serve` runner. The standard clients (SPARQLWrapper, rdflib, Comunica) are in test_clients."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import requests

#: Every test here runs on the embedded store and on an external SPARQL store.
pytestmark = [pytest.mark.server, pytest.mark.remote]

CARTESIAN = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
    "?m ?n1 ?o . ?p ?q ?r . ?s ?t ?u . ?v ?w ?x }"
)


def test_runner_prints_the_url(live_server: Any) -> None:
    log = live_server.output.read_text(errors="replace")
    assert f"{live_server.url}/sparql" in log


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
    assert outcome["status"] == (503 if backend == "embedded" else 504)  # 504: the store's
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
