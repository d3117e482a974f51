"""Shared fixtures, one system: one assembled build per session, the app, real servers, a canary.

``kg_built`` runs :func:`kg.build.pipeline.assemble` (load, anchor, OWL 2 RL check, RDFS closure,
SHACL) once per session; ``built`` writes that same assembly through the build's own writer, so
the endpoint tests and the shape/ontology tests share one run of the pipeline. A build that
fails fails the tests that need it: there is no fallback dataset.
"""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph

from kg.build import pipeline
from kg.build.article import Article, load_article
from kg.config import load_settings
from kg.errors import ConformanceError
from kg.output import BuildOutput, write_build
from kg.paths import ProjectPaths, project_paths
from kg.rdfio import load_graphs
from kg.store.embedded import OxigraphStore

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
ARTIFACTS = REPO / "test-artifacts"


@dataclass(frozen=True)
class Built:
    """The session's build as written to disk (the folder ``kg serve`` reads)."""

    paths: ProjectPaths
    output: BuildOutput

    def store(self) -> ox.Store:
        """A fresh in-memory store with the build's quads, for computing expectations."""
        store = ox.Store()
        store.bulk_load(path=str(self.output.nquads), format=ox.RdfFormat.N_QUADS)
        return store

    def read_store(self) -> OxigraphStore:
        """The same, behind the interface pages read through (:class:`kg.store.api.ReadStore`)."""
        return OxigraphStore(self.store(), self.output.version)


def repo_paths(build_dir: Path) -> ProjectPaths:
    return project_paths(root=REPO, build_dir=build_dir)


@pytest.fixture(scope="session")
def kg_built(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Built:
    """The assembled dataset under the default settings (the curated files' own IRIs)."""
    return pipeline.assemble(repo_paths(tmp_path_factory.mktemp("kg-assemble")), load_settings())


@pytest.fixture(scope="session")
def built(kg_built: pipeline.Built, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """``kg_built`` written as :func:`kg.build.pipeline.run_build` writes it."""
    if not kg_built.report.conforms:
        raise ConformanceError("the session's build does not conform", report=kg_built.report)
    paths = repo_paths(tmp_path_factory.mktemp("build"))
    files = pipeline.serialize_build(kg_built)
    return Built(paths, write_build(paths, files, pipeline.manifest_of(kg_built)))


@pytest.fixture(scope="session")
def shapes_graph() -> Graph:
    """shapes/*.ttl, parsed as the build parses them."""
    return load_graphs(sorted((REPO / "shapes").glob("*.ttl")))


@pytest.fixture(scope="session")
def article() -> Article:
    return load_article(REPO / "graph" / "source" / "article.txt")


@pytest.fixture(scope="session")
def queries_dir() -> Path:
    """The project's canned queries (``queries/*.rq``)."""
    return REPO / "queries"


#: The external stores every ``remote`` test also runs on (each started once per session).
REMOTE_STORES = ("oxigraph", "virtuoso")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``backend`` (and so ``app_config``, ``app``, ``client``, ``live_server``).

    A test marked ``remote`` (usually a whole module: ``pytestmark = pytest.mark.remote``) runs
    on every backend with the same expectations: the embedded store and each external SPARQL
    store of :data:`REMOTE_STORES` (Oxigraph's server and OpenLink Virtuoso, each loaded by
    ``kg load --into``). Every other test that uses the app runs on the embedded store only.
    Every test gets an explicit value, so the session fixtures are keyed by the value alone
    and each backend's app and server are created once. A test that asks for
    ``store_server`` itself (and not ``backend``) runs once per external store; one that
    parametrizes ``backend`` itself (``indirect=True``) gets the backends it names.
    """
    chosen = {
        name.strip()
        for mark in metafunc.definition.iter_markers("parametrize")
        for name in (mark.args[0].split(",") if isinstance(mark.args[0], str) else mark.args[0])
    }
    if "backend" in metafunc.fixturenames and "backend" not in chosen:
        remote = metafunc.definition.get_closest_marker("remote") is not None
        values = ["embedded", *REMOTE_STORES] if remote else ["embedded"]
        metafunc.parametrize("backend", values, indirect=True, scope="session")
    if (
        "store_kind" in metafunc.fixturenames
        and "backend" not in metafunc.fixturenames
        and "store_kind" not in chosen
    ):
        metafunc.parametrize("store_kind", REMOTE_STORES, indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    """``embedded`` (Oxigraph in the server's processes) or the external store's name."""
    return str(getattr(request, "param", "embedded"))


@dataclass
class StoreServer:
    """An external SPARQL store on 127.0.0.1, loaded with the test build by ``kg load --into``."""

    url: str  # the STORE setting: sparql+http://127.0.0.1:PORT/query
    process: subprocess.Popen[bytes]
    location: Path
    port: int
    kind: str = "oxigraph"
    settings: dict[str, Any] = field(default_factory=dict)  # what else kg needs for this store

    @property
    def graph_store(self) -> str | None:
        return self.settings.get("STORE_GRAPH_STORE")


def start_store_server(location: Path, port: int | None = None, timeout_s: int = 3) -> StoreServer:
    """``oxigraph serve`` on a free port; its own query timeout stops what we gave up on."""
    binary = Path(sys.executable).with_name("oxigraph")
    if not binary.exists():
        pytest.skip("Oxigraph's server is not installed (pip install oxigraph; the bench extra)")
    port = port or free_port()
    process = subprocess.Popen(
        [
            str(binary),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout-s",
            str(timeout_s),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.post(
                f"http://127.0.0.1:{port}/query", data={"query": "ASK {}"}, timeout=1
            ).ok:
                return StoreServer(f"sparql+http://127.0.0.1:{port}/query", process, location, port)
        except requests.ConnectionError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("Oxigraph's server did not start")


def stop_store_server(server: StoreServer) -> None:
    stop_process(server.process)


def start_virtuoso_server(location: Path) -> StoreServer:
    """A private Virtuoso (tests/virtuoso_store.py) as a :class:`StoreServer`."""
    from virtuoso_store import MAX_ROWS, start_virtuoso, virtuoso_binary

    if virtuoso_binary() is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource; .ci/run)")
    server = start_virtuoso(location, free_port(), free_port())
    settings = {"STORE_GRAPH_STORE": server.graph_store, "STORE_MAX_ROWS": MAX_ROWS}
    return StoreServer(
        "sparql+" + server.endpoint,
        server.process,
        location,
        server.http_port,
        "virtuoso",
        settings,
    )


STARTERS: dict[str, Callable[[Path], StoreServer]] = {
    "oxigraph": start_store_server,
    "virtuoso": start_virtuoso_server,
}


class StorePool:
    """The session's external stores, each started and loaded on first use, stopped at the end."""

    def __init__(self, built: Built, factory: pytest.TempPathFactory) -> None:
        self.built, self.factory = built, factory
        self.servers: dict[str, StoreServer] = {}

    def get(self, kind: str) -> StoreServer:
        from kg.config import load_settings
        from kg.store.gsp import load_remote

        if kind not in self.servers:
            server = STARTERS[kind](self.factory.mktemp(f"{kind}-server"))
            try:
                settings = load_settings(server.settings)
                load_remote(self.built.output.nquads, server.url, settings=settings)
            except BaseException:
                stop_store_server(server)
                raise
            self.servers[kind] = server
        return self.servers[kind]

    def close(self) -> None:
        for server in self.servers.values():
            stop_store_server(server)


@pytest.fixture(scope="session")
def store_pool(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StorePool]:
    pool = StorePool(built, tmp_path_factory)
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def store_kind(request: pytest.FixtureRequest) -> str:
    """Which external store a test that asks for ``store_server`` gets (see above)."""
    return str(getattr(request, "param", "oxigraph"))


@pytest.fixture(scope="session")
def store_server(store_pool: StorePool, store_kind: str) -> StoreServer:
    """One external store, loaded once per session: each of :data:`REMOTE_STORES` in turn."""
    return store_pool.get(store_kind)


@pytest.fixture(scope="session")
def app_config(
    built: Built, queries_dir: Path, backend: str, request: pytest.FixtureRequest
) -> dict[str, Any]:
    config = {
        "TESTING": True,
        "ROOT": str(REPO),
        "BUILD_DIR": str(built.paths.build_dir),
        "QUERIES_DIR": str(queries_dir),
        "SPARQL_TIME_LIMIT_MS": 2000,
        "SPARQL_WORKERS": 2,
        "CACHE_ENTRIES": 64,
    }
    if backend != "embedded":
        server = request.getfixturevalue("store_pool").get(backend)
        config.update({"STORE": server.url, **server.settings})
    return config


@pytest.fixture(scope="session")
def app(app_config: dict[str, Any]) -> Iterator[Any]:
    from kg.web import create_app

    application = create_app(app_config)
    yield application
    application.extensions["kg"].close()


@pytest.fixture()
def client(app: Any) -> Any:
    return app.test_client()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    output: Path


def start_server(overrides: dict[str, Any], log: Path) -> LiveServer:
    """``kg.server.serve.run`` in a child process on a free port; waits until it answers."""
    port = free_port()
    code = (
        "import json, sys; from kg.server.serve import run; "
        "run('127.0.0.1', int(sys.argv[1]), json.loads(sys.argv[2]))"
    )
    with open(log, "wb") as handle:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            [sys.executable, "-c", code, str(port), json.dumps(overrides)],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=dict(os.environ),
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')}")
        try:
            if requests.get(url + "/sparql", timeout=1, params={"query": "ASK {}"}).ok:
                return LiveServer(url, process, log)
        except (requests.ConnectionError, requests.Timeout):  # still starting (a busy machine)
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not start: {log.read_text(errors='replace')}")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Ask a server process to stop (SIGTERM: graceful shutdown); kill it after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def stop_server(server: LiveServer) -> None:
    stop_process(server.process)


@pytest.fixture(scope="session")
def live_server(
    app_config: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A real gunicorn server on 127.0.0.1, with the same build and settings as ``app``."""
    overrides = {k: v for k, v in app_config.items() if k != "TESTING"}
    overrides["SERVER_PROCESSES"] = 1
    server = start_server(overrides, tmp_path_factory.mktemp("server") / "server.log")
    yield server
    stop_server(server)


@dataclass
class Canary:
    """An HTTP server on 127.0.0.1 that records every request; it must receive nothing."""

    url: str
    hits: list[str] = field(default_factory=list)


@pytest.fixture()
def canary() -> Iterator[Canary]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _record(self) -> None:
            hits.append(f"{self.command} {self.path}")
            body = b"<http://canary/s> <http://canary/p> <http://canary/o> .\n"
            self.send_response(200)
            self.send_header("Content-Type", "application/n-triples")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_HEAD = _record

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Canary(f"http://127.0.0.1:{server.server_address[1]}", hits)
    server.shutdown()
    server.server_close()
