"""Latency and throughput of a query mix: our server (``kg serve``) against Oxigraph's server.

Both serve the same build output on 127.0.0.1 with a union default graph. Measurements
alternate A/B per query and per round, so machine drift hits both alike (the method of
``../shared/design/performance.md``). Latency is the median of sequential keep-alive requests;
throughput is completed requests per second from ``--concurrency`` client threads.

Run::

    .venv/bin/python bench/bench_endpoint.py [--requests 100] [--rounds 3] [--no-cache]

Writes a Markdown table to ``bench/results/`` (gitignored) and prints the ratios ours/oxigraph
(>1 means slower than Oxigraph). Not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kg.output import read_build  # noqa: E402
from kg.paths import project_paths  # noqa: E402
from kg.vocab import sparql_prologue  # noqa: E402

QUERIES: dict[str, tuple[str, str]] = {
    "entity_lookup": ("application/sparql-results+json",
                      "SELECT ?p ?o WHERE { kgd:andra-soni ?p ?o }"),
    "label_search": ("application/sparql-results+json",
                     'SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "banten")) }'),
    "award_join": ("application/sparql-results+json",
                   "SELECT ?award ?p ?who ?label WHERE { ?award a kg:Award ; ?p ?who . "
                   "?who rdfs:label ?label FILTER(LANG(?label) = 'en') }"),
    "aggregation": ("application/sparql-results+json",
                    "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"),
    "optional_lang": ("application/sparql-results+json",
                      "SELECT ?s ?en ?id WHERE { ?s a ?c OPTIONAL { ?s rdfs:label ?en FILTER(LANG(?en)='en') } "
                      "OPTIONAL { ?s rdfs:label ?id FILTER(LANG(?id)='id') } } LIMIT 200"),
    "subclass_path": ("application/sparql-results+json",
                      "SELECT ?s ?c WHERE { ?s a/rdfs:subClassOf* ?c } LIMIT 500"),
    "order_limit": ("application/sparql-results+json",
                    "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l LIMIT 10"),
    "construct": ("text/turtle", "CONSTRUCT { kgd:andra-soni ?p ?o . ?o ?p2 ?o2 } "
                                 "WHERE { kgd:andra-soni ?p ?o OPTIONAL { ?o ?p2 ?o2 } }"),
}


@dataclass
class Endpoint:
    name: str
    url: str
    process: subprocess.Popen[bytes]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server for {url} exited early")
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=1).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not start")


def start_ours(build_dir: Path, cache: bool, log: Path) -> Endpoint:
    port = free_port()
    overrides = {"BUILD_DIR": str(build_dir), "CACHE_ENTRIES": 512 if cache else 0}
    code = ("import json,sys; from kg.web.serve import run; "
            "run('127.0.0.1', int(sys.argv[1]), json.loads(sys.argv[2]))")
    process = subprocess.Popen([sys.executable, "-c", code, str(port), json.dumps(overrides)],
                               stdout=open(log, "wb"), stderr=subprocess.STDOUT)  # noqa: SIM115
    url = f"http://127.0.0.1:{port}/sparql"
    wait_ready(url, process)
    return Endpoint("kg", url, process)


def start_oxigraph(nquads: Path, workdir: Path) -> Endpoint:
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    location = workdir / "oxigraph"
    subprocess.run([oxigraph, "load", "--location", str(location), "--file", str(nquads)],
                   check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen([oxigraph, "serve-read-only", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    wait_ready(url, process)
    return Endpoint("oxigraph", url, process)


def requester(endpoint: Endpoint, accept: str, query: str) -> Callable[[requests.Session], None]:
    def call(session: requests.Session) -> None:
        response = session.get(endpoint.url, params={"query": query}, headers={"Accept": accept})
        if response.status_code != 200:
            raise SystemExit(f"{endpoint.name}: HTTP {response.status_code}: {response.text[:300]}")
    return call


def latency_ms(call: Callable[[requests.Session], None], n: int) -> float:
    with requests.Session() as session:
        call(session)  # warm-up (connection, caches)
        samples = []
        for _ in range(n):
            started = time.perf_counter()
            call(session)
            samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def throughput(call: Callable[[requests.Session], None], threads: int, seconds: float) -> float:
    done = [0] * threads
    stop = time.monotonic() + seconds

    def worker(i: int) -> None:
        with requests.Session() as session:
            while time.monotonic() < stop:
                call(session)
                done[i] += 1

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return sum(done) / seconds


def geomean(values: list[float]) -> float:
    return statistics.geometric_mean(values) if values else float("nan")


def measure(endpoints: list[Endpoint], args: argparse.Namespace) -> dict[str, dict[str, dict[str, list[float]]]]:
    prologue = sparql_prologue()
    results: dict[str, dict[str, dict[str, list[float]]]] = {
        q: {e.name: {"lat": [], "thr": []} for e in endpoints} for q in QUERIES}
    for round_no in range(args.rounds):
        for name, (accept, body) in QUERIES.items():
            order = endpoints if round_no % 2 == 0 else endpoints[::-1]  # A B, then B A
            for endpoint in order:
                call = requester(endpoint, accept, prologue + body)
                results[name][endpoint.name]["lat"].append(latency_ms(call, args.requests))
                results[name][endpoint.name]["thr"].append(
                    throughput(call, args.concurrency, args.seconds))
                time.sleep(0.2)  # let the server go idle between measurements
        print(f"round {round_no + 1}/{args.rounds} done", file=sys.stderr)
    return results


def report(results: dict[str, dict[str, dict[str, list[float]]]], args: argparse.Namespace) -> str:
    lines = [f"# kg vs oxigraph ({time.strftime('%Y-%m-%d %H:%M')}, cache={'on' if args.cache else 'off'}, "
             f"{args.requests} req x {args.rounds} rounds, {args.concurrency} threads x {args.seconds}s)", "",
             "| query | kg median ms | oxigraph median ms | latency ratio | kg req/s | oxigraph req/s | throughput ratio |",
             "|---|---|---|---|---|---|---|"]
    lat_ratios, thr_ratios = [], []
    for name, by_endpoint in results.items():
        ours = statistics.median(by_endpoint["kg"]["lat"])
        theirs = statistics.median(by_endpoint["oxigraph"]["lat"])
        ours_thr = statistics.median(by_endpoint["kg"]["thr"])
        theirs_thr = statistics.median(by_endpoint["oxigraph"]["thr"])
        lat_ratios.append(ours / theirs)
        thr_ratios.append(theirs_thr / ours_thr)
        lines.append(f"| {name} | {ours:.2f} | {theirs:.2f} | {ours / theirs:.2f}x | {ours_thr:.0f} | "
                     f"{theirs_thr:.0f} | {theirs_thr / ours_thr:.2f}x |")
    lines += ["", f"Geometric mean: latency {geomean(lat_ratios):.2f}x, throughput "
              f"{geomean(thr_ratios):.2f}x (>1 = slower than Oxigraph's server)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="sequential requests per latency sample")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=2.0, help="duration of a throughput sample")
    parser.add_argument("--no-cache", dest="cache", action="store_false",
                        help="run kg with CACHE_ENTRIES=0 (every request evaluated)")
    args = parser.parse_args()
    paths = project_paths()
    from kg.build import ensure_build

    ensure_build(paths)
    build = read_build(paths)
    workdir = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    endpoints = [start_ours(paths.build_dir, args.cache, workdir / "kg.log"),
                 start_oxigraph(build.nquads, workdir)]
    try:
        table = report(measure(endpoints, args), args)
    finally:
        for endpoint in endpoints:
            endpoint.process.terminate()
            endpoint.process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"endpoint-{time.strftime('%Y%m%d-%H%M%S')}-{'cache' if args.cache else 'nocache'}.md"
    target.write_text(table, encoding="utf-8")
    print(table)
    print(f"written to {target}")


if __name__ == "__main__":
    main()
