"""The benchmark harness keeps working: a smoke run (tiny corpus, a few requests per query)
against every server it finds, ending in a well-formed Markdown report. Nothing is timed."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
QUERIES = (
    "entity_lookup",
    "label_search",
    "award_join",
    "aggregation",
    "optional_lang",
    "subclass_path",
    "order_limit",
    "construct",
)


def _peers_installed() -> bool:
    bin_dir = Path(sys.executable).parent
    return (
        importlib.util.find_spec("psutil") is not None
        and (shutil.which("oxigraph") or (bin_dir / "oxigraph").exists())
        and (bin_dir / "rdflib-endpoint").exists()
    )


pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(
        not _peers_installed(),
        reason="the bench extras are not installed (pip install -e '.[bench]')",
    ),
]


def _table(text: str, header_start: str) -> list[list[str]]:
    """The rows of the first Markdown table whose header starts with ``header_start``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    width = len(rows[0])
    assert all(len(row) == width for row in rows), "ragged table"
    assert set(rows[1]) == {"---"}
    return rows[2:]


def test_smoke_run_writes_a_well_formed_report(tmp_path: Path) -> None:
    report, raw = tmp_path / "BENCHMARKS.md", tmp_path / "run.json"
    harness = [sys.executable, str(REPO / "bench" / "harness.py")]
    done = subprocess.run(
        [
            *harness,
            "--smoke",
            "-o",
            str(report),
            "--json",
            str(raw),
            "--workdir",
            str(tmp_path / "work"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks")
    assert "Machine:" in text and "pyoxigraph" in text
    assert "SPARQL_TIME_LIMIT_MS=120000" in text  # every query of the mix gets an answer
    assert re.search(r"^Time for this size: \d+\.\d min \(prepare ", text, re.M)
    assert re.search(r"^\[[\d:]+\] smoke: done in \d+\.\d min$", done.stderr, re.M)

    requests = _table(text, "| request |")
    assert [row[0] for row in requests] == [*QUERIES, "page_entity", "page_search"]
    number = re.compile(r"^\d+(\.\d+)? / \d+(\.\d+)?$")
    for row in requests[: len(QUERIES)]:
        assert all(number.match(cell) for cell in row[1:4]), row  # p50 / p99 of each server
        assert "," not in row[-1], f"servers disagree on the answer size: {row}"
    ratios = _table(text, "| kg variant |")
    ratio = re.compile(r"^\d+\.\d+×( \(\d/8 queries\))?$")  # 0.05× or 0.003×
    assert ratios[0][0] == "kg" and ratio.match(ratios[0][1]), ratios  # latency ÷ oxigraph
    assert all(ratio.match(cell) or cell == "—" for cell in ratios[0][1:]), ratios
    targets = _table(text, "| target |")
    assert len(targets) == 10
    assert "<!-- notes below this line" in text

    # the saved numbers re-render to the same tables
    again = tmp_path / "again.md"
    done = subprocess.run(
        [*harness, "--from-json", str(raw), "-o", str(again)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rewritten = again.read_text(encoding="utf-8")
    assert "Rewritten on" in rewritten and "run.json" in rewritten
    for header in ("| request |", "| kg variant |", "| target |"):
        assert _table(rewritten, header) == _table(text, header)


def test_the_workbench_bench_compares_side_by_side() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "workbench.py"),
            "--triples",
            "3000",
            "--rounds",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answers = _table(done.stdout, "| answer rows")
    assert [row[0] for row in answers] == ["100", "1,000", "10,000"]
    assert all(row[3].endswith("×") and float(row[3][:-1]) > 0 for row in answers)
    words = _table(done.stdout, "| word")
    assert len(words) == 5 and all(float(row[3][:-1]) > 0 for row in words)
