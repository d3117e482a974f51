"""The external-store backend (issue 6): loading, the gate, time limits, failures, credentials.

The endpoint, page and dump tests run on both backends through the ``backend`` fixture
(``tests/conftest.py``); this module covers what only the remote backend has. Oxigraph's own
server is the store; a tiny fake store stands in where a store must misbehave on purpose.
"""

from __future__ import annotations

import http.server
import json
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import requests
from conftest import Built, start_store_server, stop_store_server

from kg.config import load_settings
from kg.errors import InputError, UpstreamError, UpstreamTimeout
from kg.store.gsp import load_remote
from kg.store.http import endpoint_of, graph_store_of, secret_forms
from kg.store.remote import RemoteStore, query_form
from kg.store.values import where_brace, with_values

PASSWORD = "s3cr3t-Pa55word"
EMPTY = json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()
#: What a store answers an ASK with (SPARQL 1.1 Query Results JSON §3.2.3): an ASK answered
#: with a table is refused as the store's fault (kg.store.remote.parse_answer).
TRUE = json.dumps({"head": {}, "boolean": True}).encode()


def _count(url: str) -> int:
    """Every triple the store holds, in all graphs (the marker graph included)."""
    response = requests.post(
        url.replace("sparql+", ""),
        timeout=10,
        headers={"Accept": "text/csv"},
        data={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
    )
    return int(response.text.split()[-1])


# -- pure functions --------------------------------------------------------------------------


def test_store_urls() -> None:
    assert endpoint_of("sparql+http://127.0.0.1:7878/query") == "http://127.0.0.1:7878/query"
    with pytest.raises(InputError, match="KG_STORE_USER") as caught:
        endpoint_of(f"sparql+http://admin:{PASSWORD}@127.0.0.1:7878/query")
    assert PASSWORD not in str(caught.value)
    assert graph_store_of("sparql+http://h:7878/query") == "http://h:7878/store"  # Oxigraph
    assert graph_store_of("sparql+http://h:3030/kg/sparql") == "http://h:3030/kg/data"  # Fuseki
    assert (
        graph_store_of("sparql+http://h:7200/repositories/kg")
        == "http://h:7200/repositories/kg/rdf-graphs/service"
    )  # GraphDB
    with pytest.raises(InputError, match="--graph-store"):
        graph_store_of("sparql+http://h:7001/")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?x WHERE { ?x ?p ?o }",
        'PREFIX s: <http://schema.org/> SELECT ?x { ?x s:name "a { b" }',
        "CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }",
        "# a { comment\nASK { ?x ?p ?o }",
        "DESCRIBE ?x WHERE { ?x ?p ?o }",
    ],
)
def test_parameters_bind_at_the_head_of_the_where_group(query: str) -> None:
    bound = with_values(query, {ox.Variable("x"): ox.NamedNode("http://example.org/a")})
    head = bound[: where_brace(query) + 1]
    assert head == query[: where_brace(query) + 1]
    assert bound[len(head) :].lstrip().startswith("VALUES (?x) { (<http://example.org/a>) }")
    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode("http://example.org/a"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal("a { b"),
            ox.DefaultGraph(),
        )
    )
    store.query(bound)  # still a valid query


def test_secret_forms_cover_basic_auth() -> None:
    forms = secret_forms(("kg", PASSWORD))
    assert PASSWORD in forms and f"kg:{PASSWORD}" in forms
    assert any(f.endswith("=") or len(f) > 20 for f in forms)  # the base64 of user:password


# -- loading ---------------------------------------------------------------------------------


def test_load_into_twice_leaves_the_same_triple_count(built: Built, tmp_path: Path) -> None:
    server = start_store_server(tmp_path / "store")
    try:
        seen: list[tuple[int, int]] = []
        first = load_remote(built.output.nquads, server.url, progress=lambda *p: seen.append(p))
        after_first = _count(server.url)
        # The progress counts what has been sent so far, of everything: it ends at the total.
        total = sum(built.output.manifest["graphs"].values())
        assert seen[-1] == (total, total)
        assert [d for d, _ in seen] == sorted(d for d, _ in seen)
        second = load_remote(built.output.nquads, server.url)
        assert _count(server.url) == after_first
        assert first.graphs == second.graphs == built.output.manifest["graphs"]
        assert first.version == second.version == built.output.version
        store = RemoteStore.connect(server.url, load_settings())
        assert store.version == built.output.version  # ETags agree with the embedded store's
        assert store.graph_counts() == built.output.manifest["graphs"]
    finally:
        stop_store_server(server)


# -- a misbehaving store -----------------------------------------------------------------------


class FakeStore:
    """Answers every query with no rows (an ASK with true), except: ``slow`` sleeps, ``boom``
    fails with 500 and echoes the request's headers (credentials included) in its error text."""

    def __init__(self) -> None:
        self.queries: list[str] = []
        self.cancelled = threading.Event()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                from urllib.parse import parse_qs

                length = int(self.headers.get("Content-Length", 0))
                form = parse_qs(self.rfile.read(length).decode())
                query = form.get("query", [""])[0]
                outer.queries.append(query)
                if "slow" in query:
                    time.sleep(5)
                    try:
                        self._send(200, EMPTY)
                    except OSError:
                        outer.cancelled.set()
                    return
                if "boom" in query:
                    self._send(
                        500,
                        f"internal error; request had Authorization: "
                        f"{self.headers.get('Authorization')}".encode(),
                    )
                    return
                self._send(200, TRUE if query_form(query) == "ASK" else EMPTY)

            def _send(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"sparql+http://127.0.0.1:{self.server.server_address[1]}/query"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def fake_store() -> Iterator[FakeStore]:
    store = FakeStore()
    yield store
    store.close()


@pytest.fixture()
def fake_app(fake_store: FakeStore, app_config: dict[str, Any], tmp_path: Path) -> Iterator[Any]:
    from kg.web import create_app

    app = create_app(
        {
            **app_config,
            "STORE": fake_store.url,
            "BUILD_DIR": str(tmp_path / "none"),
            "STORE_USER": "kg",
            "STORE_PASSWORD": PASSWORD,
        }
    )
    yield app
    app.extensions["kg"].close()


def test_the_gate_runs_before_anything_is_forwarded(fake_app: Any, fake_store: FakeStore) -> None:
    client = fake_app.test_client()
    before = len(fake_store.queries)
    refused = [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "LOAD <http://127.0.0.1:1/x>",
        "SELECT * FROM <http://127.0.0.1:1/g> WHERE { ?s ?p ?o }",
        # a store's own functions and magic predicates (tests/test_store_deviations.py)
        'PREFIX bif: <bif:> SELECT (bif:file_to_string("/etc/passwd") AS ?v) {}',
        "SELECT * { ?s bif:contains 'x' }",
        "SELECT (<java:org.apache.jena.sparql.function.library.sha1sum>('x') AS ?v) {}",
        'SELECT * { ?s <http://www.openlinksw.com/schemas/bif#contains> "\\u0078" }',
    ]
    for query in refused:
        assert client.get("/sparql", query_string={"query": query}).status_code == 400
    assert len(fake_store.queries) == before  # nothing reached the store
    assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).status_code == 200


def test_a_slow_store_gives_504_within_the_limit_and_is_cancelled(
    fake_app: Any, fake_store: FakeStore
) -> None:
    """SPARQL_TIME_LIMIT_MS is 2000 ms here: 504 within limit + 1 s, the connection closed."""
    started = time.monotonic()
    response = fake_app.test_client().get(
        "/sparql",
        query_string={"query": "SELECT * WHERE { ?slow ?p ?o }"},
        headers={"Accept": "application/json"},
    )
    assert time.monotonic() - started < 2.0 + 1.0
    assert response.status_code == 504
    body = json.loads(response.data)
    assert body["setting"] == "SPARQL_TIME_LIMIT_MS" and "cancelled" in body["message"]
    assert fake_store.cancelled.wait(10)  # the store found the client gone when it answered


def test_credentials_never_appear_in_errors_or_logs(
    fake_app: Any, fake_store: FakeStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    response = fake_app.test_client().get(
        "/sparql",
        query_string={"query": "SELECT * WHERE { ?boom ?p ?o }"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 502
    text = response.get_data(as_text=True)
    assert "HTTP 500" in text
    for secret in secret_forms(("kg", PASSWORD)):
        assert secret not in text
        assert secret not in caplog.text
    store = fake_app.extensions["kg"].store
    with pytest.raises(UpstreamError) as caught:
        store.query("SELECT * WHERE { ?boom ?p ?o }")
    assert "Authorization" in str(caught.value) and PASSWORD not in str(caught.value)


# -- a store that goes away and comes back -----------------------------------------------------


def test_a_killed_store_gives_502_and_the_server_recovers(
    built: Built, tmp_path: Path, app_config: dict[str, Any]
) -> None:
    from kg.web import create_app

    server = start_store_server(tmp_path / "store")
    load_remote(built.output.nquads, server.url)
    app = create_app({**app_config, "STORE": server.url, "STORE_PASSWORD": PASSWORD})
    client = app.test_client()
    query = {"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"}
    try:
        assert client.get("/sparql", query_string=query).status_code == 200
        stop_store_server(server)
        down = client.get(
            "/sparql",
            query_string={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 4"},
            headers={"Accept": "application/json"},
        )
        assert down.status_code == 502
        message = json.loads(down.data)["message"]
        assert "unreachable" in message and PASSWORD not in message
        time.sleep(1.1)  # /readyz checks the store at most once a second
        assert client.get("/readyz").status_code == 503
        server = start_store_server(server.location, server.port)
        again = client.get(
            "/sparql", query_string={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"}
        )
        assert again.status_code == 200 and again.headers["X-KG-Rows"] == "5"
        time.sleep(1.1)
        assert client.get("/readyz").status_code == 200
    finally:
        app.extensions["kg"].close()
        stop_store_server(server)


def test_without_the_build_dumps_come_from_the_store(
    store_server: Any, built: Built, app_config: dict[str, Any], tmp_path: Path
) -> None:
    from kg.web import create_app

    app = create_app({**app_config, "STORE": store_server.url, "BUILD_DIR": str(tmp_path / "none")})
    client = app.test_client()
    try:
        assert not app.extensions["kg"].has_build
        dump = client.get("/dumps/dataset.nq")
        assert dump.status_code == 200
        served = set(ox.parse(dump.data, format=ox.RdfFormat.N_QUADS))
        assert served == set(built.store())  # what the store holds, graph by graph
        page = client.get("/validation", headers={"Accept": "text/html"})
        assert page.status_code == 200 and b"validation happens at build time" in page.data
        assert client.get("/", headers={"Accept": "text/html"}).status_code == 200
    finally:
        app.extensions["kg"].close()


def test_timeout_error_is_an_upstream_error() -> None:
    assert issubclass(UpstreamTimeout, UpstreamError)
    assert (UpstreamError.http_status, UpstreamTimeout.http_status) == (502, 504)


def test_both_backends_serve_the_same_bytes(
    app: Any, store_server: Any, built: Built, app_config: dict[str, Any]
) -> None:
    """Every entity, term and reading view, in HTML and three RDF formats: byte-identical."""
    from kg.web import create_app

    base = built.output.manifest["base_iri"].rstrip("/")
    nodes = sorted({q.subject.value for q in built.store() if q.subject.value.startswith(base)})
    paths = [n[len(base) :] for n in nodes] + [
        "/",
        "/article",
        "/timeline",
        "/validation",
        "/ontology",
        "/search?q=banten",
        "/queries",
        "/queries/evidence-for",
        "/.well-known/void",
        "/dataset",
    ]
    remote = create_app({**app_config, "STORE": store_server.url})
    try:
        embedded_client, remote_client = app.test_client(), remote.test_client()
        differ = []
        for path in paths:
            for accept in (
                "text/html",
                "text/turtle",
                "application/ld+json",
                "application/n-triples",
            ):
                a = embedded_client.get(path, headers={"Accept": accept})
                b = remote_client.get(path, headers={"Accept": accept})
                if (a.status_code, a.data) != (b.status_code, b.data):
                    differ.append(f"{path} {accept}")
        assert not differ
    finally:
        remote.extensions["kg"].close()


def test_load_into_resolves_relative_iris_against_the_file_or_base(tmp_path: Path) -> None:
    """W3C subquery/sq05.rdf (``rdf:resource=""``) loads by --into too (RFC 3986 §5.1.3)."""
    from conftest import DATA

    sq05 = DATA / "w3c" / "sq05.rdf"
    server = start_store_server(tmp_path / "store")
    query = "SELECT ?o { <http://www.example.org/instance#c> ?p ?o }"
    endpoint = endpoint_of(server.url)
    try:
        for base, expected in ((None, sq05.resolve().as_uri()), ("http://x.example/", None)):
            load_remote(sq05, server.url, base_iri=base)
            answer = requests.post(
                endpoint,
                data={"query": query},
                headers={"Accept": "application/sparql-results+json"},
                timeout=10,
            ).json()
            values = [row["o"]["value"] for row in answer["results"]["bindings"]]
            assert values == [expected or base]
    finally:
        stop_store_server(server)
