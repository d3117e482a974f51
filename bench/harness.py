"""The benchmark harness (issue 5): kg against Oxigraph's server and rdflib-endpoint, one command.

    .venv/bin/python bench/harness.py                       # article, 10k, 100k, 1m -> BENCHMARKS.md
    .venv/bin/python bench/harness.py --sizes article,10k   # a subset
    .venv/bin/python bench/harness.py --smoke -o /tmp/s.md  # tiny corpus, few requests (CI)

For each size it generates the data (the project's build for ``article``; a synthetic corpus
from ``bench/corpus.py`` otherwise, deterministic from ``--seed``), loads it (``oxigraph
load``, ``kg load``: time and peak memory), starts every server on 127.0.0.1 (time to first
answer), checks that all give the same number of rows, then measures each query of the mix and
kg's pages alternately (A B C, then C B A, ...) so machine drift hits all alike: median and p99
latency over one connection, and throughput at 4 and 32 connections. It writes the tables,
the ratios and the targets to BENCHMARKS.md (the hand-written notes after the marker are kept)
and the raw numbers to ``bench/results/``. Nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import common  # noqa: E402
import corpus  # noqa: E402
from common import HTML, QUERIES, ROOT, Server  # noqa: E402

SIZES = {"smoke": 2_500, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
ENDPOINTS = ("kg", "kg-nocache", "kg-remote", "oxigraph", "rdflib-endpoint")
#: ``kg load --into`` times of the kg-remote column, per size (its store starts with it).
REMOTE_LOADS: dict[str, common.Timed] = {}
PAGES = ("page_entity", "page_search")
MARKER = "<!-- notes below this line are kept when the harness rewrites this file -->"
SLOW_S = 1.0  # one request slower than this: latency from a few requests, no throughput
PROBE_TIMEOUT_S = 45.0  # a first answer slower than this is reported, not measured


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Dataset:
    size: str
    dump: Path
    triples: int
    entity: str
    needle: str
    build_dir: Path          # kg serve --build-dir (an empty folder for corpora: no build)
    memory: bool             # kg serves the build in memory (the article) or an on-disk store


@dataclass
class SizeResult:
    size: str
    triples: int
    loads: dict[str, dict[str, float]] = field(default_factory=dict)
    startup_s: dict[str, float] = field(default_factory=dict)
    peak_rss: dict[str, int] = field(default_factory=dict)
    processes: dict[str, int] = field(default_factory=dict)
    rows: dict[str, dict[str, int | None]] = field(default_factory=dict)
    first_s: dict[str, dict[str, float]] = field(default_factory=dict)
    samples: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def prepare(size: str, workdir: Path, seed: int) -> Dataset:
    if size == "article":
        from kg.build import ensure_build
        from kg.paths import project_paths

        paths = project_paths(ROOT)
        build = ensure_build(paths)
        triples = sum(int(n) for n in build.manifest.get("graphs", {}).values())
        return Dataset(size, build.nquads, triples, "andra-soni", "banten", paths.build_dir, True)
    units = units_for(SIZES[size], seed)
    dump = workdir / f"corpus-{units}-{seed}.nq"  # named by its content: reused only if identical
    if not dump.exists():
        dump.write_text(corpus.generate(units, seed), encoding="utf-8")
    with open(dump, "rb") as handle:
        triples = sum(1 for _ in handle)
    nobuild = workdir / "no-build"
    nobuild.mkdir(exist_ok=True)
    return Dataset(size, dump, triples, f"gubernur-{units // 2}", f"sintetis {units // 3}",
                   nobuild, False)


def units_for(triples: int, seed: int) -> int:
    """Units for a corpus of about ``triples``, from the generator's measured rate.

    ``corpus.TRIPLES_PER_UNIT`` (150) overestimates a unit (about 116 quads each), which made
    "1m" a 0.78M corpus; a 200-unit sample gives the rate (the ontology is a fixed overhead).
    """
    small, large = corpus.generate(100, seed).count("\n"), corpus.generate(300, seed).count("\n")
    per_unit = (large - small) / 200
    return max(1, round((triples - (small - 100 * per_unit)) / per_unit))


def targets(data: Dataset) -> dict[str, tuple[str, Callable[[Server], str]]]:
    """Every measured request: name -> (Accept, URL builder for a server)."""
    out: dict[str, tuple[str, Callable[[Server], str]]] = {}
    for name, (accept, _) in QUERIES.items():
        text = common.query_text(name, data.entity, data.needle)
        out[name] = (accept, lambda s, t=text: s.url_for(t))
    out["page_entity"] = (HTML, lambda s: f"{s.base}/id/{data.entity}")
    out["page_search"] = (HTML, lambda s: f"{s.base}/search?q={data.needle.replace(' ', '+')}")
    return out


def start(name: str, data: Dataset, workdir: Path) -> Server:
    logs = workdir / f"{name}-{data.size}.log"
    if name in ("kg", "kg-nocache"):
        store = None if data.memory else workdir / f"kg-store-{data.size}"
        return common.start_kg(name, logs, data.build_dir, store, cache=name == "kg")
    if name == "kg-remote":  # kg on Oxigraph's server as an external store (issue 6)
        server, loaded = common.start_kg_remote(name, logs, data.build_dir, data.dump,
                                                workdir / f"ox-remote-{data.size}")
        REMOTE_LOADS[data.size] = loaded
        return server
    if name == "oxigraph":
        return common.start_oxigraph(workdir / f"ox-store-{data.size}", logs)
    return common.start_rdflib_endpoint(data.dump, logs)


def load(data: Dataset, workdir: Path, result: SizeResult) -> None:
    ox = common.oxigraph_load(data.dump, workdir / f"ox-store-{data.size}",
                              workdir / f"ox-load-{data.size}.log")
    kg = common.kg_load(data.dump, workdir / f"kg-store-{data.size}",
                        workdir / f"kg-load-{data.size}.log")
    result.loads = {"oxigraph load": {"s": ox.seconds, "rss": ox.peak_rss},
                    "kg load": {"s": kg.seconds, "rss": kg.peak_rss}}
    log(f"{data.size}: oxigraph load {ox.seconds:.1f} s, kg load {kg.seconds:.1f} s")


def measure_one(server: Server, accept: str, url: str, args: argparse.Namespace,
                slow: bool) -> dict[str, Any]:
    if slow:  # e.g. rdflib at 1M: seconds per request; a few sequential requests, no load test
        lat = common.python_sample(url, accept, 1, args.seconds * 5, max_requests=3)
        return {"lat": lat.as_dict()}
    use_wrk = args.client == "wrk"
    out = {"lat": common.sample(url, accept, 1, args.seconds, use_wrk).as_dict()}
    for connections in (4, 32):
        out[f"c{connections}"] = common.sample(url, accept, connections, args.seconds,
                                               use_wrk).as_dict()
    return out


def run_size(size: str, args: argparse.Namespace, workdir: Path) -> SizeResult:
    data = prepare(size, workdir, args.seed)
    result = SizeResult(size, data.triples)
    log(f"{size}: {data.triples} triples in {data.dump}")
    load(data, workdir, result)
    servers: list[Server] = []
    try:
        for name in args.endpoints:
            log(f"{size}: starting {name}")
            server = start(name, data, workdir)
            servers.append(server)
            result.startup_s[name] = server.startup_s
            if name == "kg-remote":
                loaded = REMOTE_LOADS[size]
                result.loads["kg load --into"] = {"s": loaded.seconds, "rss": loaded.peak_rss}
        everything = targets(data)
        # The queries first, kg's pages last: a page whose first rendering runs for minutes
        # (see the notes) then cannot take a core away from the query measurements.
        for part in (False, True):
            plan = {t: v for t, v in everything.items() if (t in PAGES) == part}
            measure_plan(servers, plan, result, args, f"{size} {'pages' if part else 'queries'}")
    finally:
        for server in servers:
            result.peak_rss[server.name] = common.stop(server)
            result.processes[server.name] = server.sampler.processes if server.sampler else 0
    return result


def measure_plan(servers: list[Server], plan: dict[str, Any], result: SizeResult,
                 args: argparse.Namespace, label: str) -> None:
    """Probe, warm up, then ``args.rounds`` rounds alternating the order of the servers."""
    # A sample must hold a handful of requests: slower ones get a few sequential requests.
    slow = probe(servers, plan, result, min(SLOW_S, args.seconds / 5))
    warm_up(servers, plan, result, slow)
    for round_no in range(args.rounds):
        for target, (accept, url_of) in plan.items():
            order = servers if round_no % 2 == 0 else servers[::-1]
            for server in order:
                ok = result.rows[target].get(server.name) is not None
                is_slow = (server.name, target) in slow
                if not ok or (is_slow and round_no > 0):
                    continue
                measured = measure_one(server, accept, url_of(server), args, is_slow)
                result.samples.setdefault(target, {}).setdefault(server.name, []).append(measured)
                time.sleep(0.05)  # let the server settle before the next measurement
        log(f"{label}: round {round_no + 1}/{args.rounds} done")


def warm_up(servers: list[Server], plan: dict[str, Any], result: SizeResult,
            slow: set[tuple[str, str]]) -> None:
    """A few concurrent requests per target, so every server process has seen each one
    (gunicorn runs two processes, each with its own caches)."""
    for target, (accept, url_of) in plan.items():
        for server in servers:
            if result.rows[target].get(server.name) is not None and (server.name, target) not in slow:
                common.python_sample(url_of(server), accept, 4, 5.0, max_requests=3)


def probe(servers: list[Server], plan: dict[str, Any], result: SizeResult,
          slow_s: float = SLOW_S) -> set[tuple[str, str]]:
    """One request per target and server: answer size (must agree) and first-answer time."""
    slow: set[tuple[str, str]] = set()
    gave_up: set[str] = set()  # a server still busy with an earlier probe: ask nothing more
    for target, (accept, url_of) in plan.items():
        result.rows[target], result.first_s[target] = {}, {}
        for server in servers:
            if target in PAGES and not server.name.startswith("kg"):
                continue
            if server.name in gave_up:
                result.rows[target][server.name] = None
                continue
            try:
                status, body, seconds = common.fetch(url_of(server), accept, PROBE_TIMEOUT_S)
            except TimeoutError:
                result.rows[target][server.name] = None
                result.first_s[target][server.name] = float("inf")
                gave_up.add(server.name)
                result.notes.append(f"{server.name} gave no answer to {target} within "
                                    f"{PROBE_TIMEOUT_S:.0f} s: not measured")
                continue
            size = common.answer_size(status, body, accept)
            result.rows[target][server.name] = size
            result.first_s[target][server.name] = seconds
            if size is None:
                result.notes.append(f"{server.name} answered {target} with HTTP {status}: "
                                    f"{body[:200]!r}")
            if seconds > slow_s:
                slow.add((server.name, target))
        sizes = {v for k, v in result.rows[target].items() if v is not None and target not in PAGES}
        if len(sizes) > 1:
            result.notes.append(f"{target}: the servers disagree on the answer size "
                                f"{result.rows[target]}")
    if slow:
        result.notes.append(f"one request took over {slow_s:g} s, so latency is from 3 sequential "
                            "requests and throughput was not measured: "
                            + ", ".join(f"{n} {t}" for n, t in sorted(slow)))
    return slow


# --- report --------------------------------------------------------------------------------

def _median(samples: list[dict[str, Any]], kind: str, key: str) -> float | None:
    values = [s[kind][key] for s in samples if kind in s and s[kind]["requests"] > 0]
    return statistics.median(values) if values else None


def stat(result: SizeResult, target: str, endpoint: str, kind: str, key: str) -> float | None:
    return _median(result.samples.get(target, {}).get(endpoint, []), kind, key)


def geomean_ratio(result: SizeResult, a: str, b: str, kind: str, key: str,
                  invert: bool = False) -> tuple[float, int] | None:
    """Geometric mean over the queries both servers answered in time: (ratio, queries)."""
    ratios = []
    for target in QUERIES:
        x, y = stat(result, target, a, kind, key), stat(result, target, b, kind, key)
        if x and y:
            ratios.append(y / x if invert else x / y)
    return (statistics.geometric_mean(ratios), len(ratios)) if ratios else None


def _ratio(value: tuple[float, int] | None) -> str:
    if value is None:
        return "—"
    ratio, n = value
    return f"{ratio:.2f}×" + ("" if n == len(QUERIES) else f" ({n}/{len(QUERIES)} queries)")


def _f(value: float | None, digits: int = 2, suffix: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}{suffix}" if value < 100 else f"{value:.0f}{suffix}"


def size_section(result: SizeResult, endpoints: list[str]) -> list[str]:
    present = [e for e in endpoints if e in result.startup_s]
    lines = [f"## {result.size} ({result.triples:,} triples)", "",
             "Median / p99 latency in ms over one keep-alive connection; throughput in requests/s "
             "at 4 and 32 connections; `rows` is the answer size each server gave (they must "
             "agree).", "",
             "| request | " + " | ".join(f"{e} p50 / p99 ms" for e in present) + " | "
             + " | ".join(f"{e} req/s c4 / c32" for e in present) + " | rows |",
             "|---|" + "---|" * (2 * len(present) + 1)]
    for target in [*QUERIES, *PAGES]:
        lat = [f"{_f(stat(result, target, e, 'lat', 'p50_ms'))} / "
               f"{_f(stat(result, target, e, 'lat', 'p99_ms'))}" for e in present]
        thr = [f"{_f(stat(result, target, e, 'c4', 'rps'), 0)} / "
               f"{_f(stat(result, target, e, 'c32', 'rps'), 0)}" for e in present]
        rows = sorted({str(v) for v in result.rows.get(target, {}).values()})
        lines.append(f"| {target} | " + " | ".join(lat) + " | " + " | ".join(thr)
                     + f" | {', '.join(rows)} |")
    lines += ["", "Ratios over the 8 queries (geometric mean; latency: median ms ÷ the peer's, "
              "<1 = faster; throughput: req/s ÷ the peer's at 32 connections, >1 = more):", "",
              "| kg variant | latency ÷ oxigraph | latency ÷ rdflib-endpoint | "
              "throughput ÷ oxigraph | throughput ÷ rdflib-endpoint |", "|---|---|---|---|---|"]
    for ours in ("kg", "kg-nocache", "kg-remote"):
        if ours not in present:
            continue
        cells = [geomean_ratio(result, ours, "oxigraph", "lat", "p50_ms"),
                 geomean_ratio(result, ours, "rdflib-endpoint", "lat", "p50_ms"),
                 geomean_ratio(result, ours, "oxigraph", "c32", "rps"),
                 geomean_ratio(result, ours, "rdflib-endpoint", "c32", "rps")]
        lines.append(f"| {ours} | " + " | ".join(_ratio(c) for c in cells) + " |")
    remote = geomean_ratio(result, "kg-remote", "kg", "lat", "p50_ms")
    if remote is not None:
        lines += ["", f"kg on Oxigraph's server (`kg-remote`, `kg serve --store sparql+http://…`) "
                  f"÷ kg embedded: latency {_f(remote, 2, '×')}, throughput at 32 connections "
                  f"{_f(geomean_ratio(result, 'kg-remote', 'kg', 'c32', 'rps'), 2, '×')}."]
    lines += ["", "| server | load (s) | load peak RSS (MiB) | start to first answer (s) | "
              "peak RSS while serving (MiB, process tree) | processes |", "|---|---|---|---|---|---|"]
    for name, load in result.loads.items():
        lines.append(f"| `{name}` | {load['s']:.2f} | {load['rss'] / 2**20:.0f} | | | |")
    for name in present:
        lines.append(f"| {name} | | | {result.startup_s[name]:.2f} | "
                     f"{result.peak_rss.get(name, 0) / 2**20:.0f} | {result.processes.get(name, 0)} |")
    firsts = {t: v for t, v in result.first_s.items() if t in PAGES}
    if firsts:
        lines += ["", "First (uncached) answer of kg's pages: " + "; ".join(
            f"{t} {_ms(v.get('kg'))}" for t, v in firsts.items()) + "."]
    if result.notes:
        lines += ["", *[f"- {n}" for n in result.notes]]
    return lines + [""]


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"over {PROBE_TIMEOUT_S:.0f} s (gave up)" if seconds == float("inf") else f"{seconds * 1000:.0f} ms"


@dataclass
class Target:
    text: str
    size: str
    value: Callable[[SizeResult], float | tuple[float, int] | None]
    limit: float
    higher_is_better: bool = False
    unit: str = "×"


TARGETS = (
    Target("article: geometric-mean latency ≤ 1.5× Oxigraph server's (kg, cache on)", "article",
           lambda r: geomean_ratio(r, "kg", "oxigraph", "lat", "p50_ms"), 1.5),
    Target("article: throughput ≥ 10× rdflib-endpoint's (32 connections)", "article",
           lambda r: geomean_ratio(r, "kg", "rdflib-endpoint", "c32", "rps"), 10, True),
    Target("article: `kg serve` answers its first request ≤ 1 s after start", "article",
           lambda r: r.startup_s.get("kg"), 1.0, unit=" s"),
    Target("article, every request evaluated (kg-nocache): latency ≤ 1.5× Oxigraph's", "article",
           lambda r: geomean_ratio(r, "kg-nocache", "oxigraph", "lat", "p50_ms"), 1.5),
    Target("1M: query latency ≤ 1.3× Oxigraph's (kg: repeated queries are cache hits)", "1m",
           lambda r: geomean_ratio(r, "kg", "oxigraph", "lat", "p50_ms"), 1.3),
    Target("1M, every request evaluated (kg-nocache): latency ≤ 1.3× Oxigraph's", "1m",
           lambda r: geomean_ratio(r, "kg-nocache", "oxigraph", "lat", "p50_ms"), 1.3),
    Target("1M: load ≤ 2× `oxigraph load`", "1m",
           lambda r: r.loads["kg load"]["s"] / r.loads["oxigraph load"]["s"] if r.loads else None, 2),
    Target("1M: entity page p50 ≤ 50 ms", "1m",
           lambda r: stat(r, "page_entity", "kg", "lat", "p50_ms"), 50, unit=" ms"),
    Target("1M: peak RSS ≤ 2 GB (kg serve tree; kg load)", "1m",
           lambda r: max(r.peak_rss.get("kg", 0), r.loads.get("kg load", {}).get("rss", 0)) / 1e9
           if r.peak_rss else None, 2, unit=" GB"),
)


def targets_section(results: dict[str, SizeResult]) -> list[str]:
    lines = ["## Targets", "", "| target | measured | met |", "|---|---|---|"]
    for target in TARGETS:
        result = results.get(target.size)
        measured = target.value(result) if result else None
        if measured is None:
            lines.append(f"| {target.text} | not measured in this run | — |")
            continue
        value, shown = (measured if isinstance(measured, tuple) else (measured, None))
        text = _ratio(measured) if shown is not None else f"{value:.2f}{target.unit}"
        met = value >= target.limit if target.higher_is_better else value <= target.limit
        lines.append(f"| {target.text} | {text} | {'yes' if met else '**no**'} |")
    return lines + [""]


def render(results: dict[str, SizeResult], args: argparse.Namespace, elapsed: float) -> str:
    m = common.machine()
    versions = ", ".join(f"{k} {v}" for k, v in m.versions.items())
    client = "wrk (C, 1 thread for 1 connection, 2 threads otherwise)" if args.client == "wrk" \
        else "Python http.client threads (rough above ~1k req/s)"
    head = [
        "# Benchmarks: kg against Oxigraph's server and rdflib-endpoint", "",
        (f"Rewritten on {time.strftime('%Y-%m-%d %H:%M %Z')} from the run saved in "
         f"`{args.from_json.name}` (`bench/harness.py --from-json`)." if args.from_json else
         f"Written by `bench/harness.py` on {time.strftime('%Y-%m-%d %H:%M %Z')} in "
         f"{elapsed / 60:.1f} min: `{' '.join(['bench/harness.py', *sys.argv[1:]])}`."), "",
        f"Machine: {m.cpu}, {m.cores} cores, {m.memory_gib} GiB, Linux {m.kernel}. "
        f"Versions: {versions}.", "",
        f"Method: every server on 127.0.0.1 with the same data and a union default graph; "
        f"{args.rounds} rounds, alternating the order of servers per request (A B C, then "
        f"C B A); each sample lasts {args.seconds} s; client: {client}. `kg` runs `kg serve` "
        f"with its defaults ({', '.join('SERVER_PROCESSES=2 SERVER_THREADS=8 SPARQL_WORKERS=2'.split())}; "
        "the result cache on, so after the first request a repeated query is a cache hit); "
        "`kg-nocache` is the same with CACHE_ENTRIES=0, so every request is parsed, evaluated by "
        "Oxigraph's engine in a query worker and serialized. Oxigraph's server: `oxigraph load` "
        "then `oxigraph serve-read-only --union-default-graph`. rdflib-endpoint: its CLI "
        "(`rdflib-endpoint serve DUMP`), which parses the dump at start. The article is served "
        "from memory; corpora from an on-disk store made by `kg load` (`kg serve --store`). "
        "Compare only figures of one run; differences under 1.3× are noise on this machine.", ""]
    body = targets_section(results)
    for result in results.values():
        body += size_section(result, list(args.endpoints))
    return "\n".join(head + body)


def write_report(text: str, output: Path) -> None:
    """Write ``text``, keeping whatever follows the notes marker in the existing file."""
    kept = ""
    if output.exists():
        old = output.read_text(encoding="utf-8")
        if MARKER in old:
            kept = old.split(MARKER, 1)[1]
    output.write_text(text.rstrip() + "\n\n" + MARKER + (kept or "\n"), encoding="utf-8")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="article,10k,100k,1m",
                        help="comma-separated: article, smoke, 10k, 100k, 1m")
    parser.add_argument("--endpoints", default=",".join(ENDPOINTS))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=1.0, help="duration of each sample")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--smoke", action="store_true",
                        help="a tiny corpus, one short round, the Python client (CI)")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--workdir", type=Path, help="keep corpora and stores here (reused)")
    parser.add_argument("--from-json", type=Path,
                        help="rewrite the report from a saved run (bench/results/harness-*.json)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes, args.rounds, args.seconds, args.client = "smoke", 1, 0.15, "python"
        args.endpoints = "kg,oxigraph,rdflib-endpoint"
    if args.client == "auto":
        args.client = "wrk" if common.have_wrk() else "python"
    args.sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    args.endpoints = [e.strip() for e in args.endpoints.split(",") if e.strip()]
    for size in args.sizes:
        if size != "article" and size not in SIZES:
            parser.error(f"unknown size {size!r}")
    for endpoint in args.endpoints:
        if endpoint not in ENDPOINTS:
            parser.error(f"unknown endpoint {endpoint!r}")
    return args


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGINT and SIGTERM stop the servers on the way out (a background shell job inherits
    # SIGINT ignored, so both are installed explicitly).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    began = time.monotonic()
    if args.from_json:
        saved = json.loads(args.from_json.read_text())
        loaded = {size: SizeResult(**fields) for size, fields in saved.items()}
        write_report(render(loaded, args, 0.0), args.output)
        return 0
    workdir = args.workdir or Path(__import__("tempfile").mkdtemp(prefix="kg-harness-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict[str, SizeResult] = {}
    try:
        for size in args.sizes:
            results[size] = run_size(size, args, workdir)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    text = render(results, args, time.monotonic() - began)
    write_report(text, args.output)
    raw = ROOT / "bench" / "results"
    raw.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (raw / f"harness-{stamp}.json").write_text(
        json.dumps({s: r.__dict__ for s, r in results.items()}, indent=1, default=str))
    log(f"written {args.output} in {(time.monotonic() - began) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
