"""The benchmark harness (issue 5): kg against Oxigraph's server and rdflib-endpoint, one command.

    .venv/bin/python bench/harness.py                      # article, 10k, 100k, 1m: BENCHMARKS.md
    .venv/bin/python bench/harness.py --sizes article,10k  # a subset
    .venv/bin/python bench/harness.py --smoke -o /tmp/s.md # tiny corpus, few requests (CI)

For each size it generates the data (the project's build for ``article``; a synthetic corpus
from ``bench/corpus.py`` otherwise, deterministic from ``--seed``), loads it (``oxigraph
load``, ``kg load``: time and peak memory), starts every server on 127.0.0.1 (time to first
answer), checks that all give the same number of rows (and times each first answer), warms
every server process up, then measures each query of the mix and kg's pages alternately
(A B C, then C B A, ...) so machine drift hits all alike: median and p99 latency over one
connection in every round, throughput at 4 and 32 connections (``--no-c4``: 32 only) in the first
(see :func:`sample_kinds`). It writes the tables, the ratios, the targets and the time each phase
took to BENCHMARKS.md (the hand-written notes after the marker are kept) and the raw numbers to
``bench/results/``; the log on stderr gives each phase's time as it ends. Nothing here asserts
a speed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import common  # noqa: E402
import corpus  # noqa: E402
from common import HTML, QUERIES, ROOT, Server  # noqa: E402

SIZES = {"smoke": 2_500, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
#: Every endpoint --endpoints accepts; ``kg-remote-nocache`` (the remote store without kg's
#: result cache, so every request goes to Oxigraph's server) is not in the default set.
ENDPOINTS = ("kg", "kg-nocache", "kg-remote", "kg-remote-nocache", "oxigraph", "rdflib-endpoint")
DEFAULT_ENDPOINTS = ("kg", "kg-nocache", "kg-remote", "oxigraph", "rdflib-endpoint")
#: Left out of a size unless --endpoints names them. kg-remote at 1M: with the result cache its
#: steady state is a cache hit, as at 100k, while its upload (``kg load --into``), probes and
#: warm-up would add about 2 min to a run that must stay under 20 (issue 5).
NOT_BY_DEFAULT = {("1m", "kg-remote")}
KG_VARIANTS = tuple(e for e in ENDPOINTS if e.startswith("kg"))
#: kg variants that answer a repeated query from their process's result cache.
CACHED = ("kg", "kg-remote")
#: Throughput in every round (not only the first) where a target compares it.
THROUGHPUT_EVERY_ROUND = {("article", "kg"), ("article", "rdflib-endpoint")}
PAGES = ("page_entity", "page_search")
MARKER = "<!-- notes below this line are kept when the harness rewrites this file -->"
SLOW_S = 1.0  # one request slower than this: latency from a few requests, no throughput
PROBE_TIMEOUT_S = 45.0  # a first answer slower than this is reported, not measured
#: rdflib-endpoint keeps the dump in memory and caches no answer, so where one request takes
#: longer than this its first answer (the probe) is its latency sample: not asked again.
PROBE_IS_SAMPLE_S = 1.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Dataset:
    size: str
    dump: Path
    triples: int
    entity: str
    needle: str
    build_dir: Path  # kg serve --build-dir (an empty folder for corpora: no build)
    memory: bool  # kg serves the build in memory (the article) or an on-disk store


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
    #: target -> server -> seconds from the end of the probe until every process answered fast
    warm_s: dict[str, dict[str, float]] = field(default_factory=dict)
    samples: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)  # phase -> seconds
    elapsed_s: float = 0.0
    #: how the run measured (rounds, seconds, client, endpoints, kg's time limit), so that
    #: --from-json describes the run it re-renders, not the command line it was given
    settings: dict[str, Any] = field(default_factory=dict)


@contextmanager
def phase(result: SizeResult, name: str) -> Iterator[None]:
    """Time a phase of one size: kept in ``result.phases`` and logged as it ends."""
    began = time.monotonic()
    try:
        yield
    finally:
        spent = time.monotonic() - began
        result.phases[name] = result.phases.get(name, 0.0) + spent
        log(f"{result.size}: {name} took {spent:.1f} s")


def prepare(size: str, workdir: Path, seed: int) -> Dataset:
    if size == "article":
        from kg.build.pipeline import ensure_build
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
    return Dataset(
        size, dump, triples, f"gubernur-{units // 2}", f"sintetis {units // 3}", nobuild, False
    )


def units_for(triples: int, seed: int) -> int:
    """Units for a corpus of about ``triples``: :func:`corpus.units_for_triples`, the
    generator's measured rate (``corpus.TRIPLES_PER_UNIT`` made "1m" a 0.76M corpus)."""
    return corpus.units_for_triples(triples, seed)


def targets(data: Dataset) -> dict[str, tuple[str, Callable[[Server], str]]]:
    """Every measured request: name -> (Accept, URL builder for a server)."""
    out: dict[str, tuple[str, Callable[[Server], str]]] = {}
    for name, (accept, _) in QUERIES.items():
        text = common.query_text(name, data.entity, data.needle)
        out[name] = (accept, lambda s, t=text: s.url_for(t))
    out["page_entity"] = (HTML, lambda s: f"{s.base}/id/{data.entity}")
    out["page_search"] = (HTML, lambda s: f"{s.base}/search?q={data.needle.replace(' ', '+')}")
    return out


def start(name: str, data: Dataset, workdir: Path) -> tuple[Server, common.Timed | None]:
    """Start one endpoint; for the remote variants also the ``kg load --into`` that fed it."""
    logs = workdir / f"{name}-{data.size}.log"
    if name in ("kg", "kg-nocache"):
        store = None if data.memory else workdir / f"kg-store-{data.size}"
        return common.start_kg(name, logs, data.build_dir, store, cache=name in CACHED), None
    if name.startswith("kg-remote"):  # kg on Oxigraph's server as an external store (issue 6)
        return common.start_kg_remote(
            name,
            logs,
            data.build_dir,
            data.dump,
            workdir / f"ox-{name}-{data.size}",
            cache=name in CACHED,
        )
    if name == "oxigraph":
        return common.start_oxigraph(workdir / f"ox-store-{data.size}", logs), None
    return common.start_rdflib_endpoint(data.dump, logs), None


def load(data: Dataset, workdir: Path, result: SizeResult) -> None:
    ox = common.oxigraph_load(
        data.dump, workdir / f"ox-store-{data.size}", workdir / f"ox-load-{data.size}.log"
    )
    kg = common.kg_load(
        data.dump, workdir / f"kg-store-{data.size}", workdir / f"kg-load-{data.size}.log"
    )
    result.loads = {
        "oxigraph load": {"s": ox.seconds, "rss": ox.peak_rss},
        "kg load": {"s": kg.seconds, "rss": kg.peak_rss},
    }
    log(f"{data.size}: oxigraph load {ox.seconds:.1f} s, kg load {kg.seconds:.1f} s")


def sample_kinds(size: str, name: str, round_no: int, c4: bool = False) -> list[str]:
    """The samples (each ``--seconds`` long) of one measurement of a fast request.

    Latency over one connection (``lat``) in every round: the latency targets and ratios, with
    the order of the servers alternating. Throughput at 32 connections (``c32``) and, unless
    ``--no-c4``, at 4 in the first round only, except for the two sides of the article's throughput
    target (kg and rdflib-endpoint), measured in every round. rdflib-endpoint beyond the
    article: one latency sample, no throughput (only its latency is compared there, and it
    answers most queries in seconds).
    """
    if name == "rdflib-endpoint" and size != "article":
        return ["lat"] if round_no == 0 else []
    if round_no == 0:
        return ["lat", "c4", "c32"] if c4 else ["lat", "c32"]
    return ["lat", "c32"] if (size, name) in THROUGHPUT_EVERY_ROUND else ["lat"]


def measure_one(
    url: str, accept: str, args: argparse.Namespace, kinds: list[str]
) -> dict[str, Any]:
    use_wrk = args.client == "wrk"
    return {
        kind: common.sample(
            url, accept, 1 if kind == "lat" else int(kind[1:]), args.seconds, use_wrk
        ).as_dict()
        for kind in kinds
    }


def measure_slow(
    name: str, target: str, accept: str, url: str, result: SizeResult, args: argparse.Namespace
) -> dict[str, Any]:
    """Latency of a request that takes seconds (e.g. rdflib at 1M): a few sequential requests,
    or rdflib-endpoint's first answer; no load test."""
    first = result.first_s[target][name]
    if name == "rdflib-endpoint" and first > PROBE_IS_SAMPLE_S:
        return {
            "lat": common.Sample(first * 1000, first * 1000, 1 / first, 1, 0, "probe").as_dict()
        }
    return {"lat": common.python_sample(url, accept, 1, args.seconds * 5, max_requests=3).as_dict()}


def run_size(size: str, args: argparse.Namespace, workdir: Path) -> SizeResult:
    began = time.monotonic()
    result = SizeResult(
        size,
        0,
        settings={
            "rounds": args.rounds,
            "seconds": args.seconds,
            "client": args.client,
            "c4": args.c4,
            "endpoints": list(args.endpoints),
            "kg_time_limit_ms": common.KG_TIME_LIMIT_MS,
        },
    )
    endpoints = [
        e for e in args.endpoints if not (args.default_endpoints and (size, e) in NOT_BY_DEFAULT)
    ]
    if len(endpoints) < len(args.endpoints):
        left_out = ", ".join(e for e in args.endpoints if e not in endpoints)
        result.notes.append(
            f"not run at this size by default (time budget; with the result "
            f"cache its figures are cache hits as at the smaller sizes): "
            f"{left_out}; `--sizes {size} --endpoints "
            f"kg,{left_out},oxigraph` measures it"
        )
    with phase(result, "prepare"):
        data = prepare(size, workdir, args.seed)
    result.triples = data.triples
    log(f"{size}: {data.triples:,} triples in {data.dump}")
    with phase(result, "loads"):
        load(data, workdir, result)
    servers: list[Server] = []
    try:
        for name in endpoints:
            with phase(result, f"start {name}"):
                server, loaded = start(name, data, workdir)
            servers.append(server)
            result.startup_s[name] = server.startup_s
            if loaded is not None:
                key = "kg load --into" + ("" if name == "kg-remote" else f" ({name})")
                result.loads[key] = {"s": loaded.seconds, "rss": loaded.peak_rss}
        everything = targets(data)
        # The queries first, kg's pages last: a first page that builds the page data for
        # seconds then cannot take a core away from the query measurements.
        for part in ("queries", "pages"):
            plan = {t: v for t, v in everything.items() if (t in PAGES) == (part == "pages")}
            measure_plan(servers, plan, result, args, part)
    finally:
        with phase(result, "stop"):
            for server in servers:
                result.peak_rss[server.name] = common.stop(server)
                result.processes[server.name] = server.sampler.processes if server.sampler else 0
        result.elapsed_s = time.monotonic() - began
        log(f"{size}: done in {result.elapsed_s / 60:.1f} min")
    return result


def measure_plan(
    servers: list[Server],
    plan: dict[str, Any],
    result: SizeResult,
    args: argparse.Namespace,
    part: str,
) -> None:
    """Probe, warm up, then ``args.rounds`` rounds alternating the order of the servers."""
    # A sample must hold a handful of requests: slower ones get a few sequential requests.
    slow_s = min(SLOW_S, args.seconds / 5)
    with phase(result, f"{part}: probe"):
        probe(servers, plan, result)
    with phase(result, f"{part}: warm-up"):
        slow = warm_up(servers, plan, result, slow_s)
    for round_no in range(args.rounds):
        with phase(result, f"{part}: round {round_no + 1}"):
            for target, (accept, url_of) in plan.items():
                order = servers if round_no % 2 == 0 else servers[::-1]
                for server in order:
                    if result.rows[target].get(server.name) is None:
                        continue
                    if (server.name, target) in slow:
                        if round_no > 0:  # measured once: seconds a request, nothing to gain
                            continue
                        measured = measure_slow(
                            server.name, target, accept, url_of(server), result, args
                        )
                    else:
                        kinds = sample_kinds(result.size, server.name, round_no, args.c4)
                        if not kinds:
                            continue
                        measured = measure_one(url_of(server), accept, args, kinds)
                    result.samples.setdefault(target, {}).setdefault(server.name, []).append(
                        measured
                    )
                    time.sleep(0.05)  # let the server settle before the next measurement


def warm_up(
    servers: list[Server], plan: dict[str, Any], result: SizeResult, slow_s: float
) -> set[tuple[str, str]]:
    """Bring every server process to its steady state for each request; returns the
    (server, target) pairs that stay slower than ``slow_s`` a request.

    A request whose first answer was fast gets a few concurrent requests (gunicorn runs two
    processes, each with its own caches). One whose first answer was slow because of work kg
    does once per process (a first page builds the page data; with the result cache, the first
    evaluation of a query) is asked on fresh connections until both processes answer fast, so
    the rounds measure the steady state; the time that took is reported. Anything else that
    was slow is evaluated anew every time: under ``SLOW_S`` (maybe a cold first answer, e.g. a
    query worker's first query) it is asked up to 3 times more and stays slow only if their
    median is; over it, it stays slow without being asked again.
    """
    slow: set[tuple[str, str]] = set()
    unwarmed: list[str] = []
    for target, (accept, url_of) in plan.items():
        for server in servers:
            name = server.name
            if result.rows[target].get(name) is None:
                continue
            first, url = result.first_s[target][name], url_of(server)
            if first <= slow_s:
                common.python_sample(url, accept, 4, 5.0, max_requests=3)
            elif first <= SLOW_S and not (target in PAGES or name in CACHED):
                again = common.python_sample(url, accept, 1, 3.0, max_requests=3)
                if not again.requests or again.p50_ms > slow_s * 1000:
                    slow.add((name, target))
            elif target in PAGES or name in CACHED:
                warmed = common.warm_processes(url, accept, max(slow_s, first / 4), PROBE_TIMEOUT_S)
                if warmed is None:
                    unwarmed.append(f"{name} {target}")
                    slow.add((name, target))
                else:
                    result.warm_s.setdefault(target, {})[name] = warmed[0]
                    if warmed[1] > slow_s:
                        slow.add((name, target))
            else:
                slow.add((name, target))
    if unwarmed:
        result.notes.append(
            f"not every server process answered fast within "
            f"{PROBE_TIMEOUT_S:.0f} s of warming up: " + ", ".join(unwarmed)
        )
    if slow:
        result.notes.append(
            f"{part_name(plan)}: a request took over {slow_s:g} s after warming "
            "up, so latency is from 3 sequential requests (rdflib-endpoint over "
            f"{PROBE_IS_SAMPLE_S:g} s: its first answer) and throughput was not "
            "measured: " + ", ".join(f"{n} {t}" for n, t in sorted(slow))
        )
    return slow


def part_name(plan: dict[str, Any]) -> str:
    return "pages" if set(plan) <= set(PAGES) else "queries"


def probe(servers: list[Server], plan: dict[str, Any], result: SizeResult) -> None:
    """One request per target and server: answer size (must agree) and first-answer time."""
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
                result.notes.append(
                    f"{server.name} gave no answer to {target} within "
                    f"{PROBE_TIMEOUT_S:.0f} s: not measured"
                )
                continue
            size = common.answer_size(status, body, accept)
            result.rows[target][server.name] = size
            result.first_s[target][server.name] = seconds
            if size is None:
                result.notes.append(
                    f"{server.name} answered {target} with HTTP {status}: {body[:200]!r}"
                )
        sizes = {v for k, v in result.rows[target].items() if v is not None and target not in PAGES}
        if len(sizes) > 1:
            result.notes.append(
                f"{target}: the servers disagree on the answer size {result.rows[target]}"
            )


# --- report --------------------------------------------------------------------------------


def _median(samples: list[dict[str, Any]], kind: str, key: str) -> float | None:
    values = [s[kind][key] for s in samples if kind in s and s[kind]["requests"] > 0]
    return statistics.median(values) if values else None


def stat(result: SizeResult, target: str, endpoint: str, kind: str, key: str) -> float | None:
    return _median(result.samples.get(target, {}).get(endpoint, []), kind, key)


def geomean_ratio(
    result: SizeResult, a: str, b: str, kind: str, key: str, invert: bool = False
) -> tuple[float, int] | None:
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
    shown = f"{ratio:.2f}" if ratio >= 0.1 else f"{ratio:.3f}"
    return f"{shown}×" + ("" if n == len(QUERIES) else f" ({n}/{len(QUERIES)} queries)")


def _f(value: float | None, digits: int = 2, suffix: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}{suffix}" if value < 100 else f"{value:.0f}{suffix}"


def _has_c4(result: SizeResult) -> bool:
    return any("c4" in m for per in result.samples.values() for ms in per.values() for m in ms)


def size_section(result: SizeResult, endpoints: list[str]) -> list[str]:
    present = [e for e in endpoints if e in result.startup_s]
    c4 = _has_c4(result)
    lines = [
        f"## {result.size} ({result.triples:,} triples)",
        "",
        "Median / p99 latency in ms over one keep-alive connection; throughput in requests/s "
        f"at {'4 and ' if c4 else ''}32 connections; `rows` is the answer size each server "
        "gave (they must agree).",
        "",
        "| request | "
        + " | ".join(f"{e} p50 / p99 ms" for e in present)
        + " | "
        + " | ".join(f"{e} req/s {'c4 / c32' if c4 else 'c32'}" for e in present)
        + " | rows |",
        "|---|" + "---|" * (2 * len(present) + 1),
    ]
    for target in [*QUERIES, *PAGES]:
        lat = [
            f"{_f(stat(result, target, e, 'lat', 'p50_ms'))} / "
            f"{_f(stat(result, target, e, 'lat', 'p99_ms'))}"
            for e in present
        ]
        thr = [
            (f"{_f(stat(result, target, e, 'c4', 'rps'), 0)} / " if c4 else "")
            + _f(stat(result, target, e, "c32", "rps"), 0)
            for e in present
        ]
        rows = sorted({str(v) for v in result.rows.get(target, {}).values()})
        lines.append(
            f"| {target} | " + " | ".join(lat) + " | " + " | ".join(thr) + f" | {', '.join(rows)} |"
        )
    lines += [
        "",
        "Ratios over the 8 queries (geometric mean; latency: median ms ÷ the peer's, "
        "<1 = faster; throughput: req/s ÷ the peer's at 32 connections, >1 = more):",
        "",
        "| kg variant | latency ÷ oxigraph | latency ÷ rdflib-endpoint | "
        "throughput ÷ oxigraph | throughput ÷ rdflib-endpoint |",
        "|---|---|---|---|---|",
    ]
    for ours in KG_VARIANTS:
        if ours not in present:
            continue
        cells = [
            geomean_ratio(result, ours, "oxigraph", "lat", "p50_ms"),
            geomean_ratio(result, ours, "rdflib-endpoint", "lat", "p50_ms"),
            geomean_ratio(result, ours, "oxigraph", "c32", "rps"),
            geomean_ratio(result, ours, "rdflib-endpoint", "c32", "rps"),
        ]
        lines.append(f"| {ours} | " + " | ".join(_ratio(c) for c in cells) + " |")
    for remote, local, what in (
        ("kg-remote", "kg", "kg embedded"),
        ("kg-remote-nocache", "kg-nocache", "kg-nocache embedded (both without the result cache)"),
    ):
        ratio = geomean_ratio(result, remote, local, "lat", "p50_ms")
        if ratio is not None:
            lines += [
                "",
                f"kg on Oxigraph's server (`{remote}`, `kg serve --store "
                f"sparql+http://…`) ÷ {what}: latency {_ratio(ratio)}, throughput at 32 "
                f"connections {_ratio(geomean_ratio(result, remote, local, 'c32', 'rps'))}.",
            ]
    lines += [
        "",
        "| server | load (s) | load peak RSS (MiB) | start to first answer (s) | "
        "peak RSS while serving (MiB, process tree) | processes |",
        "|---|---|---|---|---|---|",
    ]
    for name, load in result.loads.items():
        lines.append(f"| `{name}` | {load['s']:.2f} | {load['rss'] / 2**20:.0f} | | | |")
    for name in present:
        lines.append(
            f"| {name} | | | {result.startup_s[name]:.2f} | "
            f"{result.peak_rss.get(name, 0) / 2**20:.0f} | "
            f"{result.processes.get(name, 0)} |"
        )
    firsts = [(t, e, v) for t in PAGES for e, v in result.first_s.get(t, {}).items()]
    if firsts:
        lines += [
            "",
            "First answer of kg's pages (a fresh process builds its page data on its "
            "first page), then the time until both server processes answered fast: "
            + "; ".join(f"{t} {e} {_ms(v)}" + _warm(result, t, e) for t, e, v in firsts)
            + ".",
        ]
    if result.notes:
        lines += ["", *[f"- {n}" for n in result.notes]]
    if result.phases:
        lines += [
            "",
            f"Time for this size: {result.elapsed_s / 60:.1f} min ("
            + ", ".join(f"{k} {v:.0f} s" for k, v in _grouped(result.phases).items())
            + ").",
        ]
    return lines + [""]


def _warm(result: SizeResult, target: str, endpoint: str) -> str:
    seconds = result.warm_s.get(target, {}).get(endpoint)
    return "" if seconds is None else f" (+{seconds:.1f} s)"


def _grouped(phases: dict[str, float]) -> dict[str, float]:
    """The phases of a size, the servers' starts summed into one entry."""
    out: dict[str, float] = {}
    for name, seconds in phases.items():
        key = "starts" if name.startswith("start ") else name
        out[key] = out.get(key, 0.0) + seconds
    return out


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds == float("inf"):
        return f"over {PROBE_TIMEOUT_S:.0f} s (gave up)"
    return f"{seconds:.1f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


@dataclass
class Target:
    text: str
    size: str
    value: Callable[[SizeResult], float | tuple[float, int] | None]
    limit: float
    higher_is_better: bool = False
    unit: str = "×"
    detail: Callable[[SizeResult], str] | None = None  # shown after the measured value


def _first_page(endpoint: str) -> Callable[[SizeResult], str]:
    def detail(result: SizeResult) -> str:
        first = result.first_s.get("page_entity", {}).get(endpoint)
        return f"first page of a fresh process {_ms(first)}" if first is not None else ""

    return detail


TARGETS = (
    Target(
        "article: geometric-mean latency ≤ 1.5× Oxigraph server's (kg, cache on)",
        "article",
        lambda r: geomean_ratio(r, "kg", "oxigraph", "lat", "p50_ms"),
        1.5,
    ),
    Target(
        "article: throughput ≥ 10× rdflib-endpoint's (32 connections)",
        "article",
        lambda r: geomean_ratio(r, "kg", "rdflib-endpoint", "c32", "rps"),
        10,
        True,
    ),
    Target(
        "article: `kg serve` answers its first request ≤ 1 s after start",
        "article",
        lambda r: r.startup_s.get("kg"),
        1.0,
        unit=" s",
    ),
    Target(
        "article, every request evaluated (kg-nocache): latency ≤ 1.5× Oxigraph's",
        "article",
        lambda r: geomean_ratio(r, "kg-nocache", "oxigraph", "lat", "p50_ms"),
        1.5,
    ),
    Target(
        "1M: query latency ≤ 1.3× Oxigraph's (kg: repeated queries are cache hits)",
        "1m",
        lambda r: geomean_ratio(r, "kg", "oxigraph", "lat", "p50_ms"),
        1.3,
    ),
    Target(
        "1M, every request evaluated (kg-nocache): latency ≤ 1.3× Oxigraph's",
        "1m",
        lambda r: geomean_ratio(r, "kg-nocache", "oxigraph", "lat", "p50_ms"),
        1.3,
    ),
    Target(
        "1M: load ≤ 2× `oxigraph load`",
        "1m",
        lambda r: r.loads["kg load"]["s"] / r.loads["oxigraph load"]["s"] if r.loads else None,
        2,
    ),
    Target(
        "1M: entity page p50 ≤ 50 ms (kg: a repeated page is a cache hit)",
        "1m",
        lambda r: stat(r, "page_entity", "kg", "lat", "p50_ms"),
        50,
        unit=" ms",
        detail=_first_page("kg"),
    ),
    Target(
        "1M, every page rendered (kg-nocache): entity page p50 ≤ 50 ms",
        "1m",
        lambda r: stat(r, "page_entity", "kg-nocache", "lat", "p50_ms"),
        50,
        unit=" ms",
        detail=_first_page("kg-nocache"),
    ),
    Target(
        "1M: peak RSS ≤ 2 GB (kg serve tree; kg load)",
        "1m",
        lambda r: (
            max(r.peak_rss.get("kg", 0), r.loads.get("kg load", {}).get("rss", 0)) / 1e9
            if r.peak_rss
            else None
        ),
        2,
        unit=" GB",
    ),
)


def targets_section(results: dict[str, SizeResult]) -> list[str]:
    lines = ["## Targets", "", "| target | measured | met |", "|---|---|---|"]
    for target in TARGETS:
        result = results.get(target.size)
        measured = target.value(result) if result else None
        if measured is None:
            lines.append(f"| {target.text} | not measured in this run | — |")
            continue
        value, shown = measured if isinstance(measured, tuple) else (measured, None)
        text = _ratio(measured) if shown is not None else f"{value:.2f}{target.unit}"
        extra = target.detail(result) if target.detail and result else ""
        text += f" ({extra})" if extra else ""
        met = value >= target.limit if target.higher_is_better else value <= target.limit
        lines.append(f"| {target.text} | {text} | {'yes' if met else '**no**'} |")
    return lines + [""]


def render(results: dict[str, SizeResult], args: argparse.Namespace, elapsed: float) -> str:
    saved = next((r.settings for r in results.values() if r.settings), {})
    if saved:  # the run's own settings (a run saved before they were kept: the command line)
        args = argparse.Namespace(
            **{**vars(args), **{k: v for k, v in saved.items() if k != "kg_time_limit_ms"}}
        )
    limit = saved.get("kg_time_limit_ms")
    m = common.machine()
    versions = ", ".join(f"{k} {v}" for k, v in m.versions.items())
    client = (
        "wrk (C, 1 thread for 1 connection, 2 threads otherwise)"
        if args.client == "wrk"
        else "Python http.client threads (rough above ~1k req/s)"
    )
    per_size = ", ".join(
        f"{r.size} {r.elapsed_s / 60:.1f} min" for r in results.values() if r.elapsed_s
    )
    total = elapsed or sum(r.elapsed_s for r in results.values())
    took = f"{total / 60:.1f} min" + (f" ({per_size})" if per_size else "") if total else ""
    slow_s = min(SLOW_S, args.seconds / 5)
    head = [
        "# Benchmarks: kg against Oxigraph's server and rdflib-endpoint",
        "",
        (
            f"Rewritten on {time.strftime('%Y-%m-%d %H:%M %Z')} from the run saved in "
            f"`{args.from_json.name}` (`bench/harness.py --from-json`)"
            + (f"; the run took {took}." if took else ".")
            + (
                ""
                if saved
                else " That run predates the settings kept in the JSON: the method "
                "below is the harness's current one and may differ from the run's."
            )
            if args.from_json
            else f"Written by `bench/harness.py` on {time.strftime('%Y-%m-%d %H:%M %Z')}"
            + (f" in {took}" if took else "")
            + f": `{' '.join(['bench/harness.py', *sys.argv[1:]])}`."
        ),
        "",
        f"Machine: {m.cpu}, {m.cores} cores, {m.memory_gib} GiB, Linux {m.kernel}. "
        f"Versions: {versions}.",
        "",
        "Method: every server on 127.0.0.1 with the same data and a union default graph. Each "
        "request is first asked once per server (the answer size must agree; the time is the "
        "first answer), then warmed up: a few concurrent requests, and where kg does work once "
        "per server process (a first page builds the page data; with the result cache on, the "
        "first evaluation of a query) fresh connections until both processes answer fast, so "
        "the rounds measure the steady state. Then "
        f"{args.rounds} rounds, alternating the order of servers per request (A B C, then "
        "C B A): latency over one connection in every round; throughput at "
        f"{'4 and ' if any(map(_has_c4, results.values())) else ''}32 connections in the "
        "first round only, except kg and rdflib-endpoint at the article (the throughput "
        "target's two sides) in every round; rdflib-endpoint beyond the article: one latency "
        "sample, no throughput (only its latency is compared there). Each sample lasts "
        f"{args.seconds} s; client: {client}. A request still slower than {slow_s:g} s after "
        "warming up gets its latency from 3 sequential requests in the first round and no "
        f"throughput; rdflib-endpoint's requests slower than {PROBE_IS_SAMPLE_S:g} s are "
        "measured once, by the first answer (it holds the dump in memory and caches nothing). "
        "`kg` runs `kg serve` with its defaults (SERVER_PROCESSES=2, SERVER_THREADS=8, "
        "SPARQL_WORKERS=2; the result cache on, so after the first request a repeated query is "
        "a cache hit)"
        + (
            f" except SPARQL_TIME_LIMIT_MS={limit} (`KG_SPARQL_TIME_LIMIT_MS`; the default, "
            "10 000, counts kg's round trips to its query workers, and at 1M `order_limit` takes "
            "about 9 s even in Oxigraph's server, so kg answered 503): every query of the mix "
            "is answered and compared"
            if limit
            else ""
        )
        + ". `kg-nocache` is the same with CACHE_ENTRIES=0, so every request is parsed, "
        "evaluated by Oxigraph's engine in a query worker and serialized. "
        + (
            "`kg-remote` is kg on Oxigraph's server as an external store (`oxigraph serve`, "
            "loaded by `kg load --into`, then `kg serve --store sparql+http://…`)"
            + (
                "; `kg-remote-nocache` the same with CACHE_ENTRIES=0, so every request goes to "
                "Oxigraph's server"
                if "kg-remote-nocache" in args.endpoints
                else ""
            )
            + ". "
            if any(e.startswith("kg-remote") for e in args.endpoints)
            else ""
        )
        + "Oxigraph's server: `oxigraph load` then `oxigraph serve-read-only "
        "--union-default-graph`. rdflib-endpoint: its CLI (`rdflib-endpoint serve DUMP`), which "
        "parses the dump at start. The article is served from memory; corpora from an on-disk "
        "store made by `kg load` (`kg serve --store`). Compare only figures of one run; "
        "differences under 1.3× are noise on this machine.",
        "",
    ]
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
    parser.add_argument(
        "--sizes",
        default="article,10k,100k,1m",
        help="comma-separated: article, smoke, 10k, 100k, 1m",
    )
    parser.add_argument(
        "--endpoints",
        help="comma-separated, of: "
        + ", ".join(ENDPOINTS)
        + " (default: "
        + ",".join(DEFAULT_ENDPOINTS)
        + "; not kg-remote at 1m)",
    )
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=1.0, help="duration of each sample")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument(
        "--c4",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also measure throughput at 4 connections (first round; the "
        "issue asks for 4 and 32; --no-c4 saves about 3 minutes)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="a tiny corpus, one short round, the Python client (CI)",
    )
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--workdir", type=Path, help="keep corpora and stores here (reused)")
    parser.add_argument(
        "--json",
        type=Path,
        help="where the raw numbers go (default: bench/results/harness-TIME.json)",
    )
    parser.add_argument(
        "--from-json",
        type=Path,
        help="rewrite the report from a saved run (bench/results/harness-*.json)",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes, args.rounds, args.seconds, args.client = "smoke", 1, 0.15, "python"
        args.c4 = False
        args.endpoints = "kg,oxigraph,rdflib-endpoint"
    if args.client == "auto":
        args.client = "wrk" if common.have_wrk() else "python"
    args.sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    args.default_endpoints = args.endpoints is None
    args.endpoints = [
        e.strip() for e in (args.endpoints or ",".join(DEFAULT_ENDPOINTS)).split(",") if e.strip()
    ]
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
    raw = args.json or ROOT / "bench" / "results" / f"harness-{time.strftime('%Y%m%d-%H%M%S')}.json"
    raw.parent.mkdir(parents=True, exist_ok=True)
    try:
        for size in args.sizes:
            results[size] = run_size(size, args, workdir)
            # saved after every size: a run that fails later keeps what it measured
            raw.write_text(
                json.dumps({s: r.__dict__ for s, r in results.items()}, indent=1, default=str)
            )
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    log(f"raw numbers in {raw}")
    text = render(results, args, time.monotonic() - began)
    write_report(text, args.output)
    log(f"written {args.output} in {(time.monotonic() - began) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
