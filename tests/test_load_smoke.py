"""The load run (``bench/load.py``) in miniature: a few seconds of the mixed workload against a
real ``kg serve``, with no error and one access-log line per answer. The full run (60 s at 32
connections, then on to 100k requests with the RSS check) is run by hand; its figures are in
``bench/results/load-*.md``."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO, Built

pytestmark = pytest.mark.server


def test_a_short_mixed_load_has_no_errors(built: Built) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "load.py"),
            "--duration",
            "4",
            "--connections",
            "8",
            "--requests",
            "0",
            "--processes",
            "1",
            "--workers",
            "1",
            "--build-dir",
            str(built.paths.build_dir),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    row = next(line for line in done.stdout.splitlines() if line.startswith("| first"))
    requests, errors = (int(cell) for cell in row.split("|")[2:4])
    assert requests > 50 and errors == 0
    assert f"Access-log lines: {requests}" in done.stdout or "Access-log lines:" in done.stdout
