"""Latency and throughput of a query mix: our server (``kg serve``) against Oxigraph's server.

Both serve the same build output on 127.0.0.1 with a union default graph. Measurements
alternate A/B per query and per round, so machine drift hits both alike (the method of
``../shared/design/performance.md``). Latency is the median of sequential keep-alive requests;
throughput is completed requests per second at ``--concurrency`` connections (``wrk`` when
installed). Servers, queries and clients come from ``bench/common.py``, shared with
``bench/harness.py`` (the full harness: three servers, corpora up to 1M triples).

Run::

    .venv/bin/python bench/bench_endpoint.py [--requests 100] [--rounds 3] [--no-cache]

Writes a Markdown table to ``bench/results/`` (gitignored) and prints the ratios ours/oxigraph
(>1 means slower than Oxigraph). Not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import common  # noqa: E402
from common import QUERIES, ROOT, Server  # noqa: E402

from kg.paths import project_paths  # noqa: E402

#: The article's own nodes for the mix's ``{entity}`` and ``{needle}``.
ENTITY, NEEDLE = "andra-soni", "banten"


def geomean(values: list[float]) -> float:
    return statistics.geometric_mean(values) if values else float("nan")


Results = dict[str, dict[str, dict[str, list[float]]]]  # query -> endpoint -> lat/thr -> values


def measure(endpoints: list[Server], args: argparse.Namespace) -> Results:
    results: Results = {q: {e.name: {"lat": [], "thr": []} for e in endpoints} for q in QUERIES}
    for round_no in range(args.rounds):
        for name, (accept, _) in QUERIES.items():
            order = endpoints if round_no % 2 == 0 else endpoints[::-1]  # A B, then B A
            for endpoint in order:
                url = endpoint.url_for(common.query_text(name, ENTITY, NEEDLE))
                common.fetch(url, accept)  # warm-up (connection, caches)
                lat = common.python_sample(url, accept, 1, 60, max_requests=args.requests)
                results[name][endpoint.name]["lat"].append(lat.p50_ms)
                thr = common.sample(url, accept, args.concurrency, args.seconds, common.have_wrk())
                results[name][endpoint.name]["thr"].append(thr.rps)
                time.sleep(0.2)  # let the server go idle between measurements
        print(f"round {round_no + 1}/{args.rounds} done", file=sys.stderr)
    return results


def report(results: Results, args: argparse.Namespace) -> str:
    lines = [
        f"# kg vs oxigraph ({time.strftime('%Y-%m-%d %H:%M')}, "
        f"cache={'on' if args.cache else 'off'}, {args.requests} req x {args.rounds} rounds, "
        f"{args.concurrency} threads x {args.seconds}s)",
        "",
        "| query | kg median ms | oxigraph median ms | latency ratio | kg req/s | "
        "oxigraph req/s | throughput ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    lat_ratios, thr_ratios = [], []
    for name, by_endpoint in results.items():
        ours = statistics.median(by_endpoint["kg"]["lat"])
        theirs = statistics.median(by_endpoint["oxigraph"]["lat"])
        ours_thr = statistics.median(by_endpoint["kg"]["thr"])
        theirs_thr = statistics.median(by_endpoint["oxigraph"]["thr"])
        lat_ratios.append(ours / theirs)
        thr_ratios.append(theirs_thr / ours_thr)
        lines.append(
            f"| {name} | {ours:.2f} | {theirs:.2f} | {ours / theirs:.2f}x | "
            f"{ours_thr:.0f} | {theirs_thr:.0f} | {theirs_thr / ours_thr:.2f}x |"
        )
    lines += [
        "",
        f"Geometric mean: latency {geomean(lat_ratios):.2f}x, throughput "
        f"{geomean(thr_ratios):.2f}x (>1 = slower than Oxigraph's server).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--requests", type=int, default=100, help="sequential requests per latency sample"
    )
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument(
        "--seconds", type=float, default=2.0, help="duration of a throughput sample"
    )
    parser.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="run kg with CACHE_ENTRIES=0 (every request evaluated)",
    )
    args = parser.parse_args()
    paths = project_paths()
    from kg.build.pipeline import ensure_build

    build = ensure_build(paths)
    workdir = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    common.oxigraph_load(build.nquads, workdir / "oxigraph", workdir / "load.log")
    endpoints = [
        common.start_kg("kg", workdir / "kg.log", paths.build_dir, cache=args.cache),
        common.start_oxigraph(workdir / "oxigraph", workdir / "oxigraph.log"),
    ]
    try:
        table = report(measure(endpoints, args), args)
    finally:
        for endpoint in endpoints:
            common.stop(endpoint)
        shutil.rmtree(workdir, ignore_errors=True)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = out / f"endpoint-{stamp}-{'cache' if args.cache else 'nocache'}.md"
    target.write_text(table, encoding="utf-8")
    print(table)
    print(f"written to {target}")


if __name__ == "__main__":
    main()
