"""Side by side: the embedded store, Oxigraph's server and Virtuoso, on one dump, in one run.

    .venv/bin/python bench/remote_stores.py                      # build/current's dump
    .venv/bin/python bench/remote_stores.py --dump X.nq --rounds 50

For each backend: the load time (embedded: pyoxigraph's bulk load into memory; the two
servers: ``kg load --into``, the Graph Store upload with its count check, as
docs/remote-store.md describes) and the median latency of a few typical queries through
the interface pages and ``/sparql`` use (``ox.Store.query`` over the union; for an external
store :meth:`kg.store.remote.RemoteStore.query`, so the rewriting of kg.store.dialect, the
HTTP round trip and the parsing of the answer are all counted). The servers are private:
temporary directories, free ports on 127.0.0.1, stopped at the end. Ratios are to the
embedded store; read ratios, not absolutes, on a shared machine.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # tests/virtuoso_store.py: the private Virtuoso

from virtuoso_store import MAX_ROWS, start_virtuoso, virtuoso_binary  # noqa: E402

from kg.config import load_settings  # noqa: E402
from kg.store.gsp import load_remote  # noqa: E402
from kg.store.remote import RemoteStore  # noqa: E402

QUERIES = {
    "entity lookup": "SELECT ?p ?o WHERE { <https://kg.example.org/id/andra-soni> ?p ?o }",
    "label search": (
        "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l "
        'FILTER(CONTAINS(LCASE(STR(?l)), "banten")) }'
    ),
    "count by class": (
        "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) LIMIT 20"
    ),
    "optional + lang": (
        "SELECT ?s ?l WHERE { ?s a <http://schema.org/Person> "
        'OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(LANG(?l) = "en") } }'
    ),
    "construct": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 500",
    "ask": "ASK { ?s a <http://schema.org/Person> }",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_oxigraph(directory: Path) -> tuple[subprocess.Popen[bytes], str]:
    binary = Path(sys.executable).with_name("oxigraph")
    port = free_port()
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(directory), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.post(url, data={"query": "ASK {}"}, timeout=1).ok:
                return process, "sparql+" + url
        except requests.ConnectionError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("Oxigraph's server did not start (pip install oxigraph)")


def median_ms(run: Callable[[], Any], rounds: int) -> float:
    run()  # a first call warms the store's caches and our connection pool
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def consume(answer: Any) -> int:
    return 1 if isinstance(answer, ox.QueryBoolean) else len(list(answer))


def measure_embedded(dump: Path, rounds: int) -> tuple[float, dict[str, float]]:
    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    load_s = time.perf_counter() - started
    latency = {
        name: median_ms(
            lambda q=query: consume(store.query(q, use_default_graph_as_union=True)), rounds
        )
        for name, query in QUERIES.items()
    }
    return load_s, latency


def measure_remote(
    url: str, dump: Path, overrides: dict[str, Any], rounds: int
) -> tuple[float, dict[str, float]]:
    settings = load_settings(overrides)
    started = time.perf_counter()
    load_remote(dump, url, settings=settings)
    load_s = time.perf_counter() - started
    store = RemoteStore.connect(url, settings)
    try:
        latency = {
            name: median_ms(lambda q=query: consume(store.query(q)), rounds)
            for name, query in QUERIES.items()
        }
    finally:
        store.close()
    return load_s, latency


def report(results: dict[str, tuple[float, dict[str, float]]], dump: Path, triples: int) -> str:
    names = list(results)
    base_load, base = results["embedded"]
    lines = [
        f"Dump: {dump.name} ({triples} quads); medians of the rounds, ms; ratio to embedded.",
        "",
        "| | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
        "| load, s | "
        + " | ".join(
            f"{results[n][0]:.2f}"
            + ("" if n == "embedded" else f" ({results[n][0] / base_load:.0f}×)")
            for n in names
        )
        + " |",
    ]
    for query in QUERIES:
        cells = []
        for n in names:
            ms = results[n][1][query]
            cells.append(f"{ms:.2f}" + ("" if n == "embedded" else f" ({ms / base[query]:.1f}×)"))
        lines.append(f"| {query} | " + " | ".join(cells) + " |")
    geo = {n: statistics.geometric_mean(results[n][1][q] / base[q] for q in QUERIES) for n in names}
    lines.append(
        "| geometric mean of the latency ratios | "
        + " | ".join(f"{geo[n]:.1f}×" for n in names)
        + " |"
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dump", type=Path, default=REPO / "build" / "current" / "dataset.nq")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    if not args.dump.exists():
        raise SystemExit(f"{args.dump} does not exist: run `kg build` first, or give --dump")
    triples = sum(1 for line in args.dump.read_text(encoding="utf-8").splitlines() if line.strip())
    results: dict[str, tuple[float, dict[str, float]]] = {
        "embedded": measure_embedded(args.dump, args.rounds)
    }
    with tempfile.TemporaryDirectory(prefix="kg-remote-bench-") as tmp:
        process, url = start_oxigraph(Path(tmp) / "oxigraph")
        try:
            results["Oxigraph server"] = measure_remote(url, args.dump, {}, args.rounds)
        finally:
            process.terminate()
            process.wait(timeout=10)
        if virtuoso_binary() is None:
            print("Virtuoso is not installed (apt-get install virtuoso-opensource): skipped")
        else:
            server = start_virtuoso(Path(tmp) / "virtuoso", free_port(), free_port())
            overrides = {"STORE_GRAPH_STORE": server.graph_store, "STORE_MAX_ROWS": MAX_ROWS}
            try:
                results["Virtuoso"] = measure_remote(
                    "sparql+" + server.endpoint, args.dump, overrides, args.rounds
                )
            finally:
                server.process.terminate()
                server.process.wait(timeout=30)
    print(report(results, args.dump, triples), end="")


if __name__ == "__main__":
    main()
