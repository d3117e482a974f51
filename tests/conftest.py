"""Shared fixtures: one build per session, the app, a real server on a free port, a canary.

``built`` runs the real build (``kg.build.pipeline.run_build``) into a temporary folder; while the real
build cannot succeed yet it falls back to ``tests/data/fixture.nq`` written through
``kg.output.write_build``, so the endpoint tests exercise the same build-output path either way.
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
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import requests

from kg.config import load_settings
from kg.errors import KGError
from kg.output import BuildOutput, write_build
from kg.paths import ProjectPaths, project_paths

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
ARTIFACTS = REPO / "test-artifacts"


@dataclass(frozen=True)
class Built:
    paths: ProjectPaths
    output: BuildOutput
    real: bool

    def store(self) -> ox.Store:
        """A fresh in-memory store with the build's quads, for computing expectations."""
        store = ox.Store()
        store.bulk_load(path=str(self.output.nquads), format=ox.RdfFormat.N_QUADS)
        return store


def _fixture_build(paths: ProjectPaths) -> BuildOutput:
    nq = (DATA / "fixture.nq").read_bytes()
    files = {"dataset.nq": nq, "dataset.trig": b"", "validation.ttl": b""}
    return write_build(paths, files, {"source": "tests/data/fixture.nq"})


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    paths = project_paths(root=REPO, build_dir=tmp_path_factory.mktemp("build"))
    try:
        from kg.build.pipeline import run_build

        return Built(paths, run_build(paths, load_settings()), True)
    except (ImportError, KGError) as exc:
        warnings.warn(
            f"real build unavailable ({exc.__class__.__name__}); using the fixture dataset",
            stacklevel=1,
        )
        return Built(paths, _fixture_build(paths), False)


@pytest.fixture(scope="session")
def queries_dir() -> Path:
    """The project's competency questions once they exist, else two fixture queries."""
    real = REPO / "queries"
    return real if any(real.glob("*.rq")) else DATA / "queries"


#: Modules whose tests run on both backends (issue 6): the embedded store and an external
#: SPARQL store (Oxigraph server), with identical expectations. Every other test that uses the
#: app runs on the embedded store only.
BOTH_BACKENDS = frozenset(
    {
        "test_endpoint_http",
        "test_endpoint_protocol",
        "test_endpoint_w3c",
        "test_endpoint_live",
        "test_endpoint_security",
        "test_pages_core",
        "test_pages_html",
        "test_dumps",
        "test_dereference",
        "test_search",
        "test_canned",
    }
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``backend`` (and so ``app_config``, ``app``, ``client``, ``live_server``).

    Every test that uses it gets an explicit value, so the session fixtures are keyed by the
    value alone and each backend's app and server are created once.
    """
    if "backend" in metafunc.fixturenames:
        module = metafunc.module.__name__.rsplit(".", 1)[-1]
        values = ["embedded", "remote"] if module in BOTH_BACKENDS else ["embedded"]
        metafunc.parametrize("backend", values, indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    """``embedded`` (Oxigraph in the server's processes) or ``remote`` (Oxigraph server)."""
    return str(getattr(request, "param", "embedded"))


@dataclass
class StoreServer:
    """Oxigraph's own HTTP server on 127.0.0.1, loaded with the test build by ``kg load --into``."""

    url: str  # the STORE setting: sparql+http://127.0.0.1:PORT/query
    process: subprocess.Popen[bytes]
    location: Path
    port: int


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


@pytest.fixture(scope="session")
def store_server(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreServer]:
    """The external store for the ``remote`` backend, loaded once; stopped at the end."""
    from kg.store.gsp import load_remote

    server = start_store_server(tmp_path_factory.mktemp("oxigraph-server"))
    try:
        load_remote(built.output.nquads, server.url)
        yield server
    finally:
        stop_store_server(server)


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
    if backend == "remote":
        config["STORE"] = request.getfixturevalue("store_server").url
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
    handle = open(log, "wb")  # noqa: SIM115 - closed with the process
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
        except requests.ConnectionError:
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
