"""What the benchmarks share: the query mix, starting and stopping the servers, the clients.

Servers run on 127.0.0.1 as child processes; each is timed from its start to its first answer
and its process tree's memory is sampled while it runs. Two load clients give the same
:class:`Sample` (median and p99 latency, requests per second): ``wrk`` (Debian package; a C
client that keeps up with Oxigraph's server at 32 connections) and a pure-Python one
(``http.client``, one thread per connection) used when ``wrk`` is missing and in smoke runs.
Python threads top out near 1-2k requests/s on this machine, so the Python client measures
throughput only roughly: the tables name the client used.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

SELECT_JSON = "application/sparql-results+json"
TURTLE = "text/turtle"
HTML = "text/html"

#: The prefixes the query mix uses (the same short prologue for every server).
PROLOGUE = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX kg: <https://kg.example.org/ontology/>
PREFIX kgd: <https://kg.example.org/id/>
"""

#: The fixed mix (issue 5): name -> (Accept, query). ``{entity}`` and ``{needle}`` depend on
#: the dataset (the article's governor, or one synthetic governor of a corpus).
QUERIES: dict[str, tuple[str, str]] = {
    "entity_lookup": (SELECT_JSON, "SELECT ?p ?o WHERE {{ kgd:{entity} ?p ?o }}"),
    "label_search": (
        SELECT_JSON,
        'SELECT ?s ?l WHERE {{ ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "{needle}")) }}',
    ),
    "award_join": (
        SELECT_JSON,
        "SELECT ?award ?gov ?province ?label WHERE {{ "
        "?c a kg:AwardConferral ; schema:object ?award ; "
        "schema:recipient ?gov . ?gov schema:areaServed ?province . "
        "?province rdfs:label ?label FILTER(LANG(?label) = 'en') }}",
    ),
    "aggregation": (
        SELECT_JSON,
        "SELECT ?class (COUNT(?s) AS ?n) WHERE {{ ?s a ?class }} GROUP BY ?class ORDER BY DESC(?n)",
    ),
    "optional_lang": (
        SELECT_JSON,
        "SELECT ?s ?en ?id WHERE {{ ?s a kg:Province "
        "OPTIONAL {{ ?s rdfs:label ?en FILTER(LANG(?en) = 'en') }} "
        "OPTIONAL {{ ?s rdfs:label ?id FILTER(LANG(?id) = 'id') }} }}",
    ),
    "subclass_path": (SELECT_JSON, "SELECT ?s ?c WHERE {{ ?s a/rdfs:subClassOf* ?c }} LIMIT 500"),
    "order_limit": (SELECT_JSON, "SELECT ?s ?l WHERE {{ ?s rdfs:label ?l }} ORDER BY ?l LIMIT 10"),
    "construct": (
        TURTLE,
        "CONSTRUCT {{ kgd:{entity} ?p ?o . ?o ?p2 ?o2 }} WHERE {{ "
        "kgd:{entity} ?p ?o OPTIONAL {{ ?o ?p2 ?o2 }} }}",
    ),
}


def query_text(name: str, entity: str, needle: str) -> str:
    return PROLOGUE + QUERIES[name][1].format(entity=entity, needle=needle)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- servers -------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    base: str  # http://127.0.0.1:PORT
    query_path: str  # /sparql or /query
    process: subprocess.Popen[bytes]
    startup_s: float = float("nan")
    sampler: MemorySampler | None = None
    store: Server | None = None  # the external store a kg-remote server reads (stopped with it)

    @property
    def query_url(self) -> str:
        return self.base + self.query_path

    def url_for(self, query: str) -> str:
        return f"{self.query_url}?query={quote(query, safe='')}"


class MemorySampler(threading.Thread):
    """Peak resident memory of a process and all its descendants (sum of RSS), sampled."""

    def __init__(self, pid: int, every_s: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.every_s = pid, every_s
        self.peak_bytes = 0
        self.processes = 0
        self._halt = threading.Event()

    def tree_rss(self) -> tuple[int, int]:
        import psutil

        try:
            root = psutil.Process(self.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return 0, 0
        total = 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        return total, len(procs)

    def run(self) -> None:
        while not self._halt.is_set():
            total, count = self.tree_rss()
            if total > self.peak_bytes:
                self.peak_bytes, self.processes = total, count
            self._halt.wait(self.every_s)

    def stop(self) -> int:
        self._halt.set()
        self.join(timeout=2)
        return self.peak_bytes


def fetch(url: str, accept: str, timeout: float = 120) -> tuple[int, bytes, float]:
    """One GET on a fresh connection: (status, body, seconds)."""
    parts = urlsplit(url)
    started = time.perf_counter()
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(
            "GET",
            parts.path + (f"?{parts.query}" if parts.query else ""),
            headers={"Accept": accept},
        )
        response = conn.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - started
    finally:
        conn.close()


def wait_ready(server: Server, started: float, timeout_s: float = 300) -> float:
    """Seconds from ``started`` until the server answers ``ASK {}`` with 200."""
    url = server.url_for("ASK {}")
    deadline = started + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"{server.name} exited with {server.process.returncode} before answering"
            )
        try:
            status = fetch(url, SELECT_JSON, timeout=5)[0]
        except OSError:
            status = 0  # not listening yet
        if status == 200:
            return time.monotonic() - started
        if status:
            raise RuntimeError(f"{server.name} answers {url} with HTTP {status}")
        time.sleep(0.02)
    raise RuntimeError(f"{server.name} did not answer within {timeout_s} s")


def _launch(
    name: str,
    argv: list[str],
    query_path: str,
    port: int,
    log: Path,
    env: dict[str, str] | None = None,
) -> Server:
    handle = open(log, "wb")  # noqa: SIM115 - lives as long as the process
    started = time.monotonic()
    process = subprocess.Popen(
        argv, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}, cwd=ROOT
    )
    server = Server(name, f"http://127.0.0.1:{port}", query_path, process)
    server.sampler = MemorySampler(process.pid)
    server.sampler.start()
    try:
        server.startup_s = wait_ready(server, started)
    except RuntimeError as exc:
        stop(server)
        raise RuntimeError(f"{exc}; log: {log.read_text(errors='replace')[-2000:]}") from None
    return server


#: The time limit of one query in the kg servers the benchmarks start (``kg serve`` reads
#: ``KG_*`` settings from the environment). The default, 10 s, includes the round trips to a
#: query worker, and at 1M triples ``order_limit`` needs about 9 s in Oxigraph's own server, so
#: kg answered 503; with this limit every query of the mix is answered and compared.
KG_TIME_LIMIT_MS = 120_000


def kg_env(cache: bool) -> dict[str, str]:
    """The environment of a benchmarked ``kg serve``: the long time limit, the cache on or off."""
    env = {"KG_SPARQL_TIME_LIMIT_MS": str(KG_TIME_LIMIT_MS)}
    if not cache:
        env["KG_CACHE_ENTRIES"] = "0"
    return env


def start_kg(
    name: str, log: Path, build_dir: Path, store: Path | None = None, cache: bool = True
) -> Server:
    """``kg serve`` (gunicorn, the project's defaults but :data:`KG_TIME_LIMIT_MS`) on the
    build or on an on-disk store."""
    port = free_port()
    argv = [str(BIN / "kg"), "--build-dir", str(build_dir), "serve", "--port", str(port)]
    if store is not None:
        argv += ["--store", str(store)]
    return _launch(name, argv, "/sparql", port, log, kg_env(cache))


def start_kg_remote(
    name: str, log: Path, build_dir: Path, dump: Path, location: Path, cache: bool = True
) -> tuple[Server, Timed]:
    """``kg serve --store sparql+http://…`` on Oxigraph's server (issue 6), loaded with
    ``kg load --into`` (timed); the store server is stopped with the kg server."""
    shutil.rmtree(location, ignore_errors=True)
    port = free_port()
    argv = [
        oxigraph_bin(),
        "serve",
        "--location",
        str(location),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout-s",
        str(KG_TIME_LIMIT_MS // 1000),
    ]
    store = _launch("oxigraph-store", argv, "/query", port, log.with_suffix(".store.log"))
    url = f"sparql+http://127.0.0.1:{port}/query"
    try:
        loaded = run_timed(
            [str(BIN / "kg"), "--build-dir", str(build_dir), "load", str(dump), "--into", url],
            log.with_suffix(".load.log"),
        )
        server = _launch(
            name,
            [
                str(BIN / "kg"),
                "--build-dir",
                str(build_dir),
                "serve",
                "--port",
                str(kg_port := free_port()),
                "--store",
                url,
            ],
            "/sparql",
            kg_port,
            log,
            kg_env(cache),
        )
    except RuntimeError:
        stop(store)
        raise
    server.store = store
    return server, loaded


def oxigraph_bin() -> str:
    return shutil.which("oxigraph") or str(BIN / "oxigraph")


def start_oxigraph(location: Path, log: Path) -> Server:
    port = free_port()
    argv = [
        oxigraph_bin(),
        "serve-read-only",
        "--location",
        str(location),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    return _launch("oxigraph", argv, "/query", port, log)


def start_rdflib_endpoint(dump: Path, log: Path) -> Server:
    """rdflib-endpoint's own CLI: parses the dump into an rdflib Dataset (union default graph)."""
    port = free_port()
    argv = [
        str(BIN / "rdflib-endpoint"),
        "serve",
        str(dump),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    return _launch("rdflib-endpoint", argv, "/", port, log)  # its CLI serves SPARQL at /


def stop(server: Server) -> int:
    """Stop a server; returns its peak memory (bytes, process tree)."""
    peak = server.sampler.stop() if server.sampler else 0
    # SIGINT: a quick shutdown for gunicorn (SIGTERM waits for keep-alive connections),
    # uvicorn and Oxigraph alike.
    server.process.send_signal(signal.SIGINT)
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        # Still busy (e.g. a gunicorn worker in a minutes-long first page): end the whole tree,
        # or its workers would outlive the harness.
        import psutil

        try:
            tree = psutil.Process(server.process.pid).children(recursive=True)
        except psutil.Error:
            tree = []
        server.process.kill()
        for child in tree:
            try:
                child.kill()
            except psutil.Error:
                pass
        server.process.wait(timeout=5)
    if server.store is not None:
        stop(server.store)
    return peak


@dataclass
class Timed:
    seconds: float
    peak_rss: int  # bytes, of the command and what it waited for (getrusage via wait4)


def run_timed(argv: list[str], log: Path) -> Timed:
    """Run a command to completion: wall time and peak RSS (``ru_maxrss`` from wait4)."""
    with open(log, "wb") as handle:
        started = time.monotonic()
        process = subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {log.read_text(errors='replace')[-2000:]}")
    return Timed(elapsed, usage.ru_maxrss * 1024)


def oxigraph_load(dump: Path, location: Path, log: Path) -> Timed:
    shutil.rmtree(location, ignore_errors=True)
    return run_timed(
        [oxigraph_bin(), "load", "--location", str(location), "--file", str(dump)], log
    )


def kg_load(dump: Path, store: Path, log: Path) -> Timed:
    return run_timed([str(BIN / "kg"), "load", str(dump), "--store", str(store), "--replace"], log)


# --- clients -------------------------------------------------------------------------------


@dataclass
class Sample:
    p50_ms: float
    p99_ms: float
    rps: float
    requests: int
    errors: int
    client: str

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


_WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, '
    .. '"p50_us": %d, "p99_us": %d}\\n', summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
"""


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def wrk_sample(url: str, accept: str, connections: int, seconds: float) -> Sample:
    """``wrk`` with ``connections`` keep-alive connections for ``seconds``."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_SCRIPT)
    try:
        threads = 1 if connections == 1 else 2
        out = subprocess.run(
            [
                "wrk",
                "-t",
                str(threads),
                "-c",
                str(connections),
                "-d",
                f"{max(1, round(seconds))}s",
                "--timeout",
                "60s",
                "-H",
                f"Accept: {accept}",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in reversed(out.splitlines()) if line.startswith("{"))
    data = json.loads(line)
    duration = data["duration_us"] / 1e6
    return Sample(
        data["p50_us"] / 1000,
        data["p99_us"] / 1000,
        data["requests"] / duration,
        data["requests"],
        data["errors"] + data["non2xx"],
        "wrk",
    )


def python_sample(
    url: str, accept: str, connections: int, seconds: float, max_requests: int | None = None
) -> Sample:
    """Keep-alive ``http.client`` connections, one thread each, for ``seconds``."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections
    stop_at = time.monotonic() + seconds

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        while time.monotonic() < stop_at:
            if max_requests is not None and len(latencies[i]) >= max_requests:
                break
            started = time.perf_counter()
            try:
                conn.request("GET", target, headers={"Accept": accept})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[i] += 1
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
            latencies[i].append(time.perf_counter() - started)
        conn.close()

    began = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    flat = sorted(x for per in latencies for x in per)
    if not flat:
        return Sample(float("nan"), float("nan"), 0.0, 0, sum(errors), "python")
    p99 = flat[min(len(flat) - 1, int(len(flat) * 0.99))]
    return Sample(
        statistics.median(flat) * 1000,
        p99 * 1000,
        len(flat) / elapsed,
        len(flat),
        sum(errors),
        "python",
    )


def warm_processes(
    url: str, accept: str, fast_s: float, budget_s: float, connections: int = 4
) -> tuple[float, float] | None:
    """Ask on ``connections`` fresh connections at a time until two rounds in a row all answer
    within ``fast_s``: then every server process has done its first-time work for ``url``
    (gunicorn's processes share the listening socket, and a new connection goes to whichever
    accepts first; a process busy with a first page is slow to accept, so the others get the
    next ones). Returns (seconds spent, slowest answer of the last round), or None when
    ``budget_s`` ran out or an answer was not 200."""
    from concurrent.futures import ThreadPoolExecutor

    began = time.monotonic()
    deadline = began + budget_s
    calm = 0
    slowest = float("inf")
    with ThreadPoolExecutor(connections) as pool:
        while calm < 2:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                answers = list(
                    pool.map(lambda _, t=left: fetch(url, accept, t), range(connections))
                )
            except (OSError, http.client.HTTPException):  # a timeout, a refused connection
                return None
            if any(status != 200 for status, _, _ in answers):
                return None
            slowest = max(seconds for _, _, seconds in answers)
            calm = calm + 1 if slowest <= fast_s else 0
    return time.monotonic() - began, slowest


def sample(url: str, accept: str, connections: int, seconds: float, use_wrk: bool) -> Sample:
    if use_wrk:
        return wrk_sample(url, accept, connections, seconds)
    return python_sample(url, accept, connections, seconds)


def answer_size(status: int, body: bytes, accept: str) -> int | None:
    """Rows of a SPARQL JSON result, or triples of a Turtle graph; None when not a result."""
    if status != 200:
        return None
    if accept == SELECT_JSON:
        doc = json.loads(body)
        return len(doc["results"]["bindings"]) if "results" in doc else 1
    if accept == TURTLE:
        import pyoxigraph as ox

        return sum(1 for _ in ox.parse(body, format=ox.RdfFormat.TURTLE))
    return len(body)


@dataclass
class Machine:
    cpu: str
    cores: int
    memory_gib: float
    kernel: str
    versions: dict[str, str] = field(default_factory=dict)


def machine() -> Machine:
    import platform
    from importlib.metadata import PackageNotFoundError, version

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = {"python": platform.python_version()}
    for dist in (
        "pyoxigraph",
        "oxigraph",
        "rdflib",
        "rdflib-endpoint",
        "flask",
        "gunicorn",
        "fastapi",
        "uvicorn",
    ):
        try:
            versions[dist] = version(dist)
        except PackageNotFoundError:
            versions[dist] = "not installed"
    if have_wrk():
        out = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
        versions["wrk"] = (out.stdout + out.stderr).split()[1] if (out.stdout + out.stderr) else "?"
    return Machine(cpu, os.cpu_count() or 0, round(memory, 1), platform.release(), versions)
