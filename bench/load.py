"""Load test (issue 7): a real ``kg serve`` (gunicorn) on 127.0.0.1 under a mixed workload.

    .venv/bin/python bench/load.py       # 60 s, 32 connections, then on to 100k requests
    .venv/bin/python bench/load.py --duration 5 --connections 8 --requests 0   # smoke

``--connections`` keep-alive HTTP/1.1 connections (asyncio, raw sockets: the client must cost
the two cores little) send GETs from a fixed, weighted mix: SPARQL queries (2,000 distinct
texts, so the answer cache keeps evicting and the query workers keep working), canned queries,
entity pages (HTML and Turtle), search, dumps, the home page and health checks. Every answer
must be 200 (a 304 cannot occur: no validators are sent); anything else, a reset or a
timeout counts as an error.

Figures: requests, errors, throughput, p50/p90/p99/max latency for the first ``--duration``
seconds and for the whole run; the summed RSS of the server's process tree (gunicorn master,
HTTP workers, query workers) sampled every second, compared between the end of the warm-up
(the first ``--warmup`` requests) and the end. The run goes on after ``--duration`` until
``--requests`` answers (bounded by ``--max-seconds``). Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
MIX = ""  # the workload's shares, for the report
#: Distinct SPARQL texts in the mix, each asked once per cycle: above CACHE_ENTRIES (512).
QUERY_TEXTS = 600
SEARCH_TERMS = [
    "banten",
    "andra",
    "soni",
    "gubernur",
    "award",
    "penghargaan",
    "jalan",
    "desa",
    "kemendagri",
    "serang",
    "rpjmd",
    "gini",
    "inflasi",
    "sekolah",
    "dprd",
    "2025",
    "x",
    "zzz-no-match",
    "pemerintah",
    "kinerja",
]


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    bytes: int = 0
    window_latencies: list[float] = field(default_factory=list)
    window_errors: int = 0

    def error(self, kind: str, in_window: bool) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if in_window:
            self.window_errors += 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_into(build_dir: Path) -> Path:
    """The project's build, written to ``build_dir`` (the server never builds: the CLI does)."""
    from kg.build.pipeline import ensure_build
    from kg.paths import project_paths

    ensure_build(project_paths(build_dir=build_dir))
    return build_dir


def start_server(port: int, overrides: dict[str, object], log: Path) -> subprocess.Popen[bytes]:
    code = (
        "import json, sys; from kg.server.serve import run; "
        "run('127.0.0.1', int(sys.argv[1]), json.loads(sys.argv[2]))"
    )
    handle = open(log, "wb")  # noqa: SIM115 - lives as long as the server
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(port), json.dumps(overrides)],
        stdout=handle,
        stderr=subprocess.STDOUT,
        cwd=REPO,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("server did not become ready in 60 s")


def tree_rss(root: int) -> int:
    """Summed resident set size (bytes) of ``root`` and all its descendants (/proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root]
    page = os.sysconf("SC_PAGE_SIZE")
    while stack:
        pid = stack.pop()
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
        except OSError:
            pass
        stack.extend(children.get(pid, []))
    return total


def workload(base: str) -> list[str]:
    """A weighted, shuffled list of paths (deterministic), built from the served dataset."""
    query = (
        "SELECT DISTINCT ?s WHERE { ?s ?p ?o "
        'FILTER(isIRI(?s) && CONTAINS(STR(?s), "/id/")) } ORDER BY ?s'
    )
    url = f"{base}/sparql?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        rows = json.load(answer)["results"]["bindings"]
    entities = [urllib.parse.urlsplit(r["s"]["value"]).path for r in rows]
    with urllib.request.urlopen(f"{base}/openapi.json", timeout=30) as answer:
        parameters = json.load(answer)["paths"]["/queries/{name}"]["get"]["parameters"]
        canned = parameters[0]["schema"]["enum"]
    rng = random.Random(7)
    paths: list[str] = []
    for i in range(QUERY_TEXTS):  # more than CACHE_ENTRIES: the LRU cache always misses
        text = (
            f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT 10 OFFSET {i}"
            if i % 2
            else f"SELECT ?s ?label WHERE {{ ?s rdfs:label ?label }} ORDER BY ?label "
            f"LIMIT 5 OFFSET {i}"
        )
        prologue = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        paths.append("/sparql?" + urllib.parse.urlencode({"query": prologue + text}))
    paths += [f"/queries/{name}.json" for name in canned for _ in range(10)]
    paths += [f"/queries/{name}" for name in canned for _ in range(3)]
    paths += [e for e in entities for _ in range(16)]
    paths += [f"{e}.ttl" for e in entities for _ in range(4)]
    paths += [
        "/search?" + urllib.parse.urlencode({"q": t}) for t in SEARCH_TERMS for _ in range(25)
    ]
    paths += [
        "/search?" + urllib.parse.urlencode({"q": t, "format": "json"})
        for t in SEARCH_TERMS
        for _ in range(10)
    ]
    paths += [
        f"/dumps/dataset.{s}"
        for s in ("ttl", "nt", "jsonld", "trig", "nq", "rdf")
        for _ in range(12)
    ]
    paths += [
        "/",
        "/article",
        "/timeline",
        "/validation",
        "/healthz",
        "/readyz",
        "/.well-known/void",
    ] * 20
    rng.shuffle(paths)
    kinds = {
        "sparql": "/sparql",
        "canned": "/queries/",
        "entity": "/id/",
        "search": "/search",
        "dumps": "/dumps/",
    }
    mix = {k: sum(p.startswith(v) for p in paths) / len(paths) for k, v in kinds.items()}
    global MIX
    MIX = ", ".join(f"{k} {v:.0%}" for k, v in mix.items()) + f", other {1 - sum(mix.values()):.0%}"
    return paths


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, int]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length, chunked = 0, False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if not chunked:
        await reader.readexactly(length)
        return status, len(head) + length
    size = len(head)
    while True:
        line = await reader.readuntil(b"\r\n")
        chunk = int(line.split(b";")[0], 16)
        await reader.readexactly(chunk + 2)
        size += len(line) + chunk + 2
        if chunk == 0:
            return status, size


async def client(
    port: int, paths: list[str], offset: int, stats: Stats, clock: dict[str, float]
) -> None:
    reader = writer = None
    i = offset
    while not clock.get("stop"):
        path = paths[i % len(paths)]
        i += 97  # a prime stride: connections walk the mix out of step
        in_window = time.monotonic() < clock["window_end"]
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            started = time.monotonic()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            status, size = await asyncio.wait_for(_read_response(reader), 30)
            elapsed = time.monotonic() - started
        except (
            OSError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
            TimeoutError,
            ValueError,
        ) as exc:
            stats.error(type(exc).__name__, in_window)
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        stats.latencies.append(elapsed)
        stats.bytes += size
        if in_window:
            stats.window_latencies.append(elapsed)
        if status != 200:
            stats.error(f"HTTP {status}", in_window)


async def sampler(
    pid: int, stats: Stats, samples: list[tuple[float, int, int]], clock: dict[str, float]
) -> None:
    while not clock.get("stop"):
        samples.append((time.monotonic() - clock["start"], len(stats.latencies), tree_rss(pid)))
        await asyncio.sleep(1.0)


async def drive(
    port: int, pid: int, paths: list[str], args: argparse.Namespace
) -> tuple[Stats, list[tuple[float, int, int]], float]:
    stats = Stats()
    samples: list[tuple[float, int, int]] = []
    start = time.monotonic()
    clock = {"start": start, "window_end": start + args.duration}
    tasks = [
        asyncio.create_task(client(port, paths, i * 131, stats, clock))
        for i in range(args.connections)
    ]
    tasks.append(asyncio.create_task(sampler(pid, stats, samples, clock)))
    while True:
        await asyncio.sleep(0.25)
        now = time.monotonic()
        if now - start >= args.max_seconds or (
            now >= clock["window_end"] and len(stats.latencies) >= args.requests
        ):
            break
    clock["stop"] = 1.0
    await asyncio.gather(*tasks, return_exceptions=True)
    samples.append((time.monotonic() - start, len(stats.latencies), tree_rss(pid)))
    return stats, samples, time.monotonic() - start


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {
        "p50": pick(0.50),
        "p90": pick(0.90),
        "p99": pick(0.99),
        "max": ordered[-1] * 1000,
        "mean": statistics.fmean(ordered) * 1000,
    }


def report(
    args: argparse.Namespace,
    stats: Stats,
    samples: list[tuple[float, int, int]],
    elapsed: float,
    log_lines: int,
) -> tuple[str, bool]:
    window = percentiles(stats.window_latencies)
    whole = percentiles(stats.latencies)
    warm = next((s for s in samples if s[1] >= args.warmup), samples[0])
    end = samples[-1]
    growth = (end[2] - warm[2]) / warm[2] * 100 if warm[2] else 0.0
    errors = sum(stats.errors.values())
    mib = lambda b: b / 1024 / 1024  # noqa: E731
    lines = [
        f"# Load run {time.strftime('%Y-%m-%d %H:%M:%S')}",
        "",
        f"Command: `{' '.join([Path(sys.executable).name, *sys.argv])}`  ",
        f"Server: `kg serve` (gunicorn, {args.processes} processes x {args.threads} threads, "
        f"{args.workers} query workers each), 127.0.0.1; client: {args.connections} keep-alive "
        f"connections (asyncio), mixed GETs ({MIX}); {os.cpu_count()} CPUs shared by both.",
        "",
        "| window | requests | errors | req/s | p50 ms | p90 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|---|",
        f"| first {args.duration:.0f} s | {len(stats.window_latencies)} | {stats.window_errors} | "
        f"{len(stats.window_latencies) / args.duration:.0f} | {window.get('p50', 0):.1f} | "
        f"{window.get('p90', 0):.1f} | {window.get('p99', 0):.1f} | {window.get('max', 0):.1f} |",
        f"| whole run ({elapsed:.0f} s) | {len(stats.latencies)} | {errors} | "
        f"{len(stats.latencies) / elapsed:.0f} | {whole.get('p50', 0):.1f} | "
        f"{whole.get('p90', 0):.1f} | {whole.get('p99', 0):.1f} | {whole.get('max', 0):.1f} |",
        "",
        f"Errors by kind: {stats.errors or 'none'}. Bytes received: {mib(stats.bytes):.0f} MiB. "
        f"Access-log lines: {log_lines} (one per answered request).",
        "",
        f"RSS of the server's process tree: {mib(samples[0][2]):.0f} MiB at start, "
        f"{mib(warm[2]):.1f} MiB after the warm-up ({warm[1]} requests, {warm[0]:.0f} s), "
        f"{mib(end[2]):.1f} MiB at the end ({end[1]} requests, {end[0]:.0f} s): "
        f"**{growth:+.1f} %**; peak {mib(max(s[2] for s in samples)):.1f} MiB.",
    ]
    passed = errors == 0 and (args.requests == 0 or growth < 10.0)
    lines += [
        "",
        f"Verdict: {'PASS' if passed else 'FAIL'} (0 errors; RSS growth < 10 % "
        f"from warm-up to {args.requests} requests).",
    ]
    return "\n".join(lines) + "\n", passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="measured window, seconds")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--requests",
        type=int,
        default=100_000,
        help="keep going after the window until this many answers (RSS check)",
    )
    parser.add_argument(
        "--warmup", type=int, default=10_000, help="requests before the RSS baseline"
    )
    parser.add_argument("--max-seconds", type=float, default=900.0)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="SPARQL_WORKERS per process")
    parser.add_argument("--save", action="store_true", help="write bench/results/load-*.md")
    parser.add_argument(
        "--build-dir", type=Path, default=None, help="serve this build (default: build one first)"
    )
    args = parser.parse_args()
    args.warmup = min(args.warmup, max(1, args.requests // 10))

    port = free_port()
    overrides: dict[str, object] = {
        "SERVER_PROCESSES": args.processes,
        "SERVER_THREADS": args.threads,
        "SPARQL_WORKERS": args.workers,
    }
    with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
        log = Path(tmp) / "server.log"
        overrides["BUILD_DIR"] = str(args.build_dir or build_into(Path(tmp) / "build"))
        server = start_server(port, overrides, log)
        try:
            paths = workload(f"http://127.0.0.1:{port}")
            before = log.read_bytes().count(b'{"ts"')
            stats, samples, elapsed = asyncio.run(drive(port, server.pid, paths, args))
        finally:
            server.terminate()
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                server.kill()
        log_lines = log.read_bytes().count(b'{"ts"') - before
    text, passed = report(args, stats, samples, elapsed, log_lines)
    print(text)
    if args.save:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"load-{time.strftime('%Y%m%d-%H%M%S')}.md").write_text(text, encoding="utf-8")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
