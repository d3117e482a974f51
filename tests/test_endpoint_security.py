"""Nothing leaves the machine, and nothing changes the data: against a real server and a canary.

The canary is an HTTP server on 127.0.0.1 that records every request. Oxigraph would call it
for SERVICE and LOAD from native code (``../shared/design/security.md`` section 3), so these
tests go through the real gunicorn server and its worker processes.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import requests

#: Every test here runs on the embedded store and on an external SPARQL store.
pytestmark = pytest.mark.remote

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _queries(url: str, port: int, marker: Path) -> list[tuple[str, dict[str, str]]]:
    """(label, request parameters): every way a query could make the engine fetch something."""
    file_iri = marker.as_uri()
    return [
        ("service", {"query": f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"}),
        (
            "service silent",
            {"query": f"SELECT * WHERE {{ SERVICE SILENT <{url}/s> {{ ?s ?p ?o }} }}"},
        ),
        (
            "service prefixed",
            {"query": f"PREFIX c: <{url}/>\nSELECT * WHERE {{ SERVICE c:s {{ ?s ?p ?o }} }}"},
        ),
        (
            "service variable",
            {"query": f"SELECT * WHERE {{ VALUES ?e {{ <{url}/s> }} SERVICE ?e {{ ?s ?p ?o }} }}"},
        ),
        (
            "service in exists",
            {"query": f"ASK {{ FILTER EXISTS {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }} }}"},
        ),
        (
            "service localhost",
            {"query": f"SELECT * WHERE {{ SERVICE <http://localhost:{port}/s> {{ ?s ?p ?o }} }}"},
        ),
        (
            "service 127.1",
            {"query": f"SELECT * WHERE {{ SERVICE <http://127.1:{port}/s> {{ ?s ?p ?o }} }}"},
        ),
        (
            "service decimal",
            {"query": f"SELECT * WHERE {{ SERVICE <http://2130706433:{port}/s> {{ ?s ?p ?o }} }}"},
        ),
        ("service file", {"query": f"SELECT * WHERE {{ SERVICE <{file_iri}> {{ ?s ?p ?o }} }}"}),
        ("from", {"query": f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}"}),
        (
            "from named",
            {"query": f"SELECT * FROM NAMED <{url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        ),
        ("from file", {"query": f"SELECT * FROM <{file_iri}> WHERE {{ ?s ?p ?o }}"}),
        (
            "from named file",
            {"query": f"SELECT * FROM NAMED <{file_iri}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        ),
        ("default-graph-uri", {"query": COUNT, "default-graph-uri": f"{url}/data.ttl"}),
        ("named-graph-uri", {"query": COUNT, "named-graph-uri": file_iri}),
        ("load as query", {"query": f"LOAD <{url}/data.ttl>"}),
        ("load file as query", {"query": f"LOAD <{file_iri}> INTO GRAPH <urn:x>"}),
        # Codepoint escapes (SPARQL 1.1 Query §19.2) that once made rdflib read one long
        # string where Oxigraph read a SERVICE call (issue 12): both now read the same text,
        # so each is either refused or answered as the string it is, never sent anywhere.
        (
            "service between escaped quotes",
            {
                "query": (
                    'SELECT * WHERE { BIND("\\u0022" AS ?a) SERVICE <'
                    + url
                    + '/sparql> { ?s ?p ?o } BIND("\\u0022" AS ?b) }'
                )
            },
        ),
        (
            "service between long-escaped quotes",
            {
                "query": (
                    'SELECT * WHERE { BIND("\\U00000022" AS ?a) SERVICE <'
                    + url
                    + '/sparql> { ?s ?p ?o } BIND("\\U00000022" AS ?b) }'
                )
            },
        ),
        (
            "service keyword escaped",
            {"query": ("SELECT * WHERE { \\u0053ERVICE <" + url + "/s> { ?s ?p ?o } }")},
        ),
        (
            "from between escaped quotes",
            {
                "query": (
                    "SELECT * FROM <" + url + '/data.ttl> WHERE { BIND("\\u0022" AS ?a) '
                    '?s ?p ?o BIND("\\u0022" AS ?b) }'
                )
            },
        ),
        (
            "load keyword escaped",
            {"query": "\\u004COAD <" + url + "/data.ttl>"},
        ),
        (
            "from keyword long-escaped",
            {"query": "SELECT * \\U00000046ROM <" + url + "/data.ttl> WHERE { ?s ?p ?o }"},
        ),
        (
            "service after a triple's dot",
            {"query": "SELECT * WHERE { ?s ?p ?o.SERVICE <" + url + "/s> { ?s ?p ?o } }"},
        ),
        ("load as update", {"update": f"LOAD <{url}/data.ttl>"}),
        (
            "using as update",
            {"update": f"INSERT {{ ?s ?p ?o }} USING <{url}/d> WHERE {{ ?s ?p ?o }}"},
        ),
    ]


@pytest.fixture()
def marker(tmp_path: Path) -> Path:
    """A readable RDF file whose triple must never show up in an answer."""
    path = tmp_path / "marker.nt"
    path.write_text('<urn:marker:s> <urn:marker:p> "SECRET-MARKER" .\n', encoding="utf-8")
    return path


@pytest.mark.server
def _send(url: str, method: str, params: dict[str, str]) -> requests.Response:
    """One request in one of the SPARQL 1.1 Protocol's three ways (§2.1.1-§2.1.3, §2.2.2)."""
    if method == "GET":
        return requests.get(url, params=params, timeout=10)
    if method == "POST form":
        return requests.post(url, data=params, timeout=10)
    text, kind = (params["update"], "update") if "update" in params else (params["query"], "query")
    rest = {k: v for k, v in params.items() if k not in ("query", "update")}
    headers = {"Content-Type": f"application/sparql-{kind}; charset=utf-8"}
    return requests.post(url, params=rest, data=text.encode(), headers=headers, timeout=10)


@pytest.mark.parametrize("method", ["GET", "POST form", "POST body"])
def test_canary_receives_nothing(live_server: Any, canary: Any, marker: Path, method: str) -> None:
    port = int(canary.url.rsplit(":", 1)[1])
    for label, params in _queries(canary.url, port, marker):
        response = _send(live_server.url + "/sparql", method, params)
        if "escaped" in label and response.status_code == 200:
            assert "SERVICE <" in response.text, label  # read as one string, by both parsers
        else:
            assert response.status_code == 400, (label, response.status_code, response.text)
        assert "SECRET-MARKER" not in response.text, label
    assert canary.hits == []
    assert requests.get(canary.url + "/alive", timeout=5).ok  # control: the canary does listen
    assert canary.hits == ["GET /alive"]


@pytest.mark.server
def test_service_via_direct_post_and_update_media_type(live_server: Any, canary: Any) -> None:
    for body, content_type in [
        (
            f"SELECT * WHERE {{ SERVICE <{canary.url}/s> {{ ?s ?p ?o }} }}",
            "application/sparql-query",
        ),
        (f"LOAD <{canary.url}/data.ttl>", "application/sparql-update"),
        (f"LOAD <{canary.url}/data.ttl>", "application/sparql-query"),
    ]:
        response = requests.post(
            live_server.url + "/sparql",
            data=body.encode(),
            headers={"Content-Type": content_type},
            timeout=10,
        )
        assert response.status_code == 400, response.text  # refused before evaluation
    assert canary.hits == []


UPDATES = [
    "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR DEFAULT",
    'DELETE { ?s ?p ?o } INSERT { ?s ?p "changed" } WHERE { ?s ?p ?o }',
    "CREATE GRAPH <urn:x:g>",
    "COPY DEFAULT TO <urn:x:g>",
]


@pytest.mark.server
def test_updates_are_rejected_and_data_unchanged(live_server: Any) -> None:
    def total() -> int:  # a fresh query text each time, so no cached answer is reused
        fresh = f"{COUNT} # {uuid.uuid4()}"
        answer = requests.get(
            live_server.url + "/sparql",
            params={"query": fresh},
            headers={"Accept": "application/sparql-results+json"},
            timeout=10,
        )
        return int(answer.json()["results"]["bindings"][0]["n"]["value"])

    before = total()
    endpoint = live_server.url + "/sparql"
    for update in UPDATES:
        attempts = [
            requests.post(endpoint, data={"update": update}, timeout=10),
            requests.post(
                endpoint,
                data=update.encode(),
                timeout=10,
                headers={"Content-Type": "application/sparql-update"},
            ),
            requests.post(endpoint, data={"query": update}, timeout=10),
            requests.get(endpoint, params={"query": update}, timeout=10),
        ]
        assert [r.status_code for r in attempts] == [400] * 4, update
    for verb in ("PUT", "DELETE", "PATCH"):
        response = requests.request(
            verb,
            endpoint + "?default",
            data=b"<urn:a> <urn:b> <urn:c> .",
            headers={"Content-Type": "application/n-triples"},
            timeout=10,
        )
        assert response.status_code == 405
    assert total() == before > 0
