"""Hostile input (issue 7): parameters cannot inject SPARQL, headers and paths cannot inject
responses or leave the served folders, echoed input is escaped, oversized requests get 4xx."""

from __future__ import annotations

import json
import re
import socket
from typing import Any

import pytest
import requests
from conftest import LiveServer

MARKER = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
RAW = ("<script>alert(1)", "<img src=x")
HTML = {"Accept": "text/html"}


def _raw(server: LiveServer, request: bytes) -> bytes:
    """Send bytes as they are (no client library normalises them) and read the answer."""
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def _status_and_head(answer: bytes) -> tuple[int, bytes]:
    head = answer.split(b"\r\n\r\n", 1)[0]
    return int(head.split(b" ", 2)[1]), head


# -- canned-query parameters are bound as terms, never spliced ---------------------------------


def _rows(client: Any, name: str, **params: str) -> tuple[int, Any]:
    response = client.get(f"/queries/{name}.json", query_string=params)
    return response.status_code, (response.json if response.status_code == 200 else response.json)


@pytest.mark.parametrize(
    "value",
    [
        'en" } UNION { ?statement ?p ?label } #',
        'en") || true || ("',
        "en'; DROP ALL; #",
        "en\n} } SELECT * WHERE { ?s ?p ?o }",
    ],
)
def test_a_string_parameter_cannot_inject_sparql(client: Any, value: str) -> None:
    status, body = _rows(client, "statements-by-speaker", lang=value)
    assert status == 200
    assert body["results"]["bindings"] == []  # a literal no label has: nothing matches


@pytest.mark.parametrize(
    ("name", "param", "value"),
    [
        ("statements-by-speaker", "speaker", "https://kg.example.org/id/x> . ?s ?p ?o . <y"),
        ("statements-by-speaker", "speaker", "https://kg.example.org/id/x>} UNION {?s ?p ?o"),
        ("statements-by-speaker", "speaker", "not an iri"),
        ("award-giver", "year", '2025" } UNION { ?s ?p ?o } #'),
        ("award-giver", "year", "2025^^<http://evil>"),
    ],
)
def test_a_typed_parameter_with_syntax_in_it_is_refused(
    client: Any, name: str, param: str, value: str
) -> None:
    status, body = _rows(client, name, **{param: value})
    assert status == 400
    assert body["error"] in ("InputError", "QueryRejected") and param in body["message"]


# -- echoed input is escaped ------------------------------------------------------------------


ECHOING = [
    ("/search", {"q": MARKER}),
    ("/sparql", {"query": MARKER}),
    ("/sparql", {"query": f"SELECT * WHERE {{ ?s ?p {MARKER} }}"}),
    ("/sparql", {"query": "ASK {}", "format": MARKER}),
    ("/queries/statements-by-speaker", {"lang": MARKER, "speaker": MARKER}),
    ("/queries/award-giver", {"year": MARKER}),
    ("/", {"lang": MARKER}),
    (f"/id/{MARKER}", {}),
    (f"/ontology/{MARKER}", {}),
    (f"/{MARKER}", {}),
    (f"/queries/{MARKER}", {}),
    (f"/dumps/{MARKER}", {}),
]


@pytest.mark.parametrize(
    ("path", "params"), ECHOING, ids=[f"{p[:14]}{sorted(q)}" for p, q in ECHOING]
)
def test_every_page_that_echoes_input_escapes_it(
    client: Any, path: str, params: dict[str, str]
) -> None:
    response = client.get(path, query_string=params, headers=HTML)
    assert response.status_code < 500
    body = response.get_data(as_text=True)
    if response.mimetype == "text/html":
        for raw in RAW:
            assert raw not in body
    else:  # not HTML: never sniffed as HTML by a browser
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_an_iri_path_that_is_not_an_iri_is_404_not_500(client: Any) -> None:
    """Regression: ``/id/<x>`` reached ``pyoxigraph.NamedNode`` and raised ValueError (500)."""
    for path in ("/id/%3Cx%3E", "/id/a%20b.ttl", "/ontology/%7Bx%7D", "/graph/a%22b"):
        response = client.get(path, headers={"Accept": "application/json"})
        assert response.status_code == 404, path
        assert response.json["error"] == "EntityNotFound"


def test_a_non_iri_path_never_reaches_rdflib_or_its_log(client: Any, caplog: Any) -> None:
    """rdflib logs "does not look like a valid URI" with the raw value; such paths are refused
    before any URIRef is made, so a client cannot write into the server's error log."""
    with caplog.at_level("WARNING"):
        for path in ("/id/%3Cx%3E", "/id/a%20b", "/id/a%7Cb", "/ontology/%5Ex", "/id/a%0Ab"):
            assert client.get(path).status_code == 404, path
    assert [r.getMessage() for r in caplog.records if r.name.startswith("rdflib")] == []


# -- headers and paths -------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["a b", "x" * 129, "<script>", "é", "", "a;b", "a\tb", "a,b"])
def test_an_unsafe_request_id_is_replaced(client: Any, value: str) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": value})
    rid = response.headers["X-Request-ID"]
    assert rid != value and len(rid) == 32 and rid.isalnum()


@pytest.mark.server
@pytest.mark.parametrize(
    "target",
    [
        b"/id/andra-soni%0d%0aX-Injected:%201",
        b"/id/andra-soni.ttl%0d%0aX-Injected:%201",
        b"/dumps/x%0d%0aX-Injected:%201",
        b"/queries/x%0d%0aX-Injected:%201",
        b"/sparql?query=ASK%7B%7D&format=json%0d%0aX-Injected:%201",
    ],
)
def test_crlf_in_a_path_cannot_inject_a_header(live_server: LiveServer, target: bytes) -> None:
    answer = _raw(
        live_server, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    status, head = _status_and_head(answer)
    assert 400 <= status < 500
    assert b"\r\nX-Injected" not in head and b"\nX-Injected" not in head.replace(b"\r\n", b"")


@pytest.mark.server
def test_a_request_id_header_cannot_smuggle_a_header(live_server: LiveServer) -> None:
    answer = _raw(
        live_server,
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-ID: ok-1\rX-Injected: 1"
        b"\r\nConnection: close\r\n\r\n",
    )
    status, head = _status_and_head(answer)
    assert status in (200, 400)
    assert b"X-Injected" not in head


@pytest.mark.server
@pytest.mark.parametrize(
    "target",
    [
        b"/static/../../../../../../etc/passwd",
        b"/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
        b"/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        b"/static/....//....//etc/passwd",
        b"/static//etc/passwd",
        b"/dumps/..%2f..%2fbuild%2fcurrent%2fmanifest.json",
        b"/dumps/%2e%2e",
        b"/queries/..%2f..%2fsrc%2fkg%2fconfig",
        b"/static/%5c..%5c..%5cetc%5cpasswd",
        b"/../../etc/passwd",
    ],
)
def test_paths_cannot_leave_the_served_folders(live_server: LiveServer, target: bytes) -> None:
    answer = _raw(
        live_server, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    status, head = _status_and_head(answer)
    assert status in (308, 400, 404), answer[:300]
    if status == 308:  # Werkzeug merges slashes: /static//x -> /static/x, still inside /static/
        assert re.search(rb"\r\nLocation: (http://x)?/static/", head)
    assert b"root:" not in answer and b"SETTINGS" not in answer and b'"sha256"' not in answer


# -- oversized requests --------------------------------------------------------------------------


@pytest.mark.server
def test_an_oversized_url_gets_414(live_server: LiveServer) -> None:
    response = requests.get(live_server.url + "/search", params={"q": "x" * 9000}, timeout=10)
    assert response.status_code == 414


@pytest.mark.server
@pytest.mark.parametrize(
    "headers",
    [{"X-Big": "a" * 9000}, {f"X-Many-{i}": "a" for i in range(100)}],
    ids=["one huge field", "too many fields"],
)
def test_oversized_headers_get_4xx(live_server: LiveServer, headers: dict[str, str]) -> None:
    response = requests.get(live_server.url + "/healthz", headers=headers, timeout=10)
    assert response.status_code in (400, 431)


@pytest.mark.server
def test_an_oversized_body_gets_413(live_server: LiveServer) -> None:
    response = requests.post(
        live_server.url + "/sparql",
        data=b"A" * (2 * 1024 * 1024),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
        timeout=30,
    )
    assert response.status_code == 413
    assert json.loads(response.text)["status"] == 413


@pytest.mark.server
def test_an_oversized_query_in_a_form_gets_413(live_server: LiveServer) -> None:
    response = requests.post(
        live_server.url + "/sparql",
        data={"query": "#" + "x" * 40_000 + "\nASK {}"},
        headers={"Accept": "application/json"},
        timeout=30,
    )
    assert response.status_code == 413
    assert "SPARQL_MAX_QUERY_BYTES" in response.text


@pytest.mark.server
def test_a_lying_content_length_gets_4xx_not_a_hang(live_server: LiveServer) -> None:
    answer = _raw(
        live_server,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
        b"Content-Length: 50\r\nConnection: close\r\n\r\nASK {}",
    )
    status, _ = _status_and_head(answer)
    assert status == 400
