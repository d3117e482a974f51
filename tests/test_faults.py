"""Faults (issue 7): killed workers, broken build output, killed builds, unwritable or full
output folders, slow clients. Every case is bounded in time; the only timed assertions are the
generous ones the issue names (a fast client answered while slow clients hold connections).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from conftest import REPO, Built, LiveServer, free_port, start_server, stop_server

from kg.errors import BuildMissing
from kg.output import DATASET_NQ, MANIFEST, read_build
from kg.paths import ProjectPaths, project_paths

KG = str(Path(sys.executable).with_name("kg"))
#: Every pair of triples, 8 times over: seconds of work, far past the suite's 2 s limit.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _unique(query: str) -> str:
    """A query text no cache has seen (the answer cache is keyed by the text)."""
    return f"# {uuid.uuid4().hex}\n{query}"


def _wait(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


# -- a query worker killed ------------------------------------------------------------------


def test_a_worker_killed_mid_query_gets_503_then_the_next_query_succeeds(app: Any) -> None:
    pool = app.extensions["kg"].service.pool
    assert _wait(lambda: pool.live_workers() == pool.size)
    replaced = pool.replaced
    answer: dict[str, Any] = {}

    def ask() -> None:
        answer["r"] = app.test_client().get(
            "/sparql", query_string={"query": _unique(SLOW)}, headers={"Accept": "application/json"}
        )

    thread = threading.Thread(target=ask)
    thread.start()

    def busy() -> set[int]:
        return {w.process.pid for w in pool._all} - {w.process.pid for w in list(pool._idle.queue)}

    assert _wait(lambda: bool(busy()), 5)
    for pid in busy():
        os.kill(pid, signal.SIGKILL)
    thread.join(30)
    response = answer["r"]
    assert response.status_code == 503
    assert response.json["error"] == "QueryLimitExceeded"
    assert "worker died" in response.json["message"] and "replaced" in response.json["message"]
    ok = app.test_client().get("/sparql", query_string={"query": _unique("ASK { ?s ?p ?o }")})
    assert ok.status_code == 200 and ok.json["boolean"] is True
    assert _wait(lambda: pool.live_workers() == pool.size and pool.replaced > replaced)


@pytest.mark.parametrize("position", [0, -1], ids=["least-recently-used", "next-to-serve"])
def test_a_worker_killed_while_idle_fails_no_query(app: Any, position: int) -> None:
    """The next worker to serve (top of the LIFO stack) fails its send and is replaced; one
    at the bottom is found by the readiness check (``live_workers``) and replaced."""
    pool = app.extensions["kg"].service.pool
    assert _wait(lambda: pool.live_workers() == pool.size and pool._idle.qsize() == pool.size)
    victim = list(pool._idle.queue)[position].process
    victim.kill()
    victim.wait(5)
    client = app.test_client()
    for _ in range(2 * pool.size):
        response = client.get("/sparql", query_string={"query": _unique("ASK { ?s ?p ?o }")})
        assert response.status_code == 200
    assert _wait(lambda: pool.live_workers() == pool.size)
    assert client.get("/readyz").json["ready"] is True


# -- broken build output at start ---------------------------------------------------------


@pytest.fixture()
def good_copy(built: Built, tmp_path: Path) -> ProjectPaths:
    """A private copy of the session's verified build (``current`` link included)."""
    target = tmp_path / "build"
    shutil.copytree(built.paths.build_dir, target, symlinks=True)
    paths = project_paths(REPO, target)
    read_build(paths)
    return paths


def _truncate(paths: ProjectPaths) -> str:
    nq = paths.current / DATASET_NQ
    nq.write_bytes(nq.read_bytes()[: nq.stat().st_size // 2])
    return DATASET_NQ


def _flip_byte(paths: ProjectPaths) -> str:
    nq = paths.current / DATASET_NQ
    data = bytearray(nq.read_bytes())
    data[len(data) // 3] ^= 0x01
    nq.write_bytes(bytes(data))
    return DATASET_NQ


def _garble_manifest(paths: ProjectPaths) -> str:
    (paths.current / MANIFEST).write_text('{"sha256": ', encoding="utf-8")
    return MANIFEST


def _remove(name: str) -> Callable[[ProjectPaths], str]:
    def remove(paths: ProjectPaths) -> str:
        (paths.current / name).unlink()
        return name

    return remove


def _dangling(paths: ProjectPaths) -> str:
    shutil.rmtree(paths.build_dir / "releases")
    return "current"


BREAKAGES = {
    "truncated dataset": _truncate,
    "flipped byte": _flip_byte,
    "garbled manifest": _garble_manifest,
    "missing manifest": _remove(MANIFEST),
    "missing dataset": _remove(DATASET_NQ),
    "release folder gone": _dangling,
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_the_app_refuses_a_broken_build_naming_the_file(
    good_copy: ProjectPaths, breakage: str
) -> None:
    from kg.web import create_app

    named = BREAKAGES[breakage](good_copy)
    with pytest.raises(BuildMissing) as err:
        create_app(
            {
                "TESTING": True,
                "ROOT": str(REPO),
                "BUILD_DIR": str(good_copy.build_dir),
                "SPARQL_WORKERS": 1,
            }
        )
    assert named in str(err.value)


@pytest.mark.server
@pytest.mark.parametrize("breakage", ["truncated dataset", "garbled manifest"])
def test_kg_serve_refuses_to_start_on_a_broken_build(
    good_copy: ProjectPaths, breakage: str
) -> None:
    named = BREAKAGES[breakage](good_copy)
    port = free_port()
    done = subprocess.run(
        [
            KG,
            "--root",
            str(REPO),
            "--build-dir",
            str(good_copy.build_dir),
            "serve",
            "--port",
            str(port),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert named in done.stderr and "Traceback" not in done.stderr
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass  # nothing was ever listening: no part of a graph was served


def test_an_empty_build_folder_is_not_mistaken_for_a_broken_one(tmp_path: Path) -> None:
    from kg.web import create_app

    with pytest.raises(BuildMissing, match="no build output"):
        create_app({"ROOT": str(REPO), "BUILD_DIR": str(tmp_path), "SPARQL_WORKERS": 1})


# -- a build killed midway -------------------------------------------------------------------


def _stats_ok(paths: ProjectPaths) -> None:
    done = subprocess.run(
        [KG, "--root", str(REPO), "--build-dir", str(paths.build_dir), "stats"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "total" in done.stdout and "kg: building" not in done.stderr.lower()


def test_a_build_killed_midway_leaves_the_previous_build_usable(good_copy: ProjectPaths) -> None:
    """SIGKILL at random moments, and once just as the new release is being written; the
    rebuilt dataset differs (another base IRI), so a half-written one would show."""
    before = read_build(good_copy)
    rng = random.Random(20261127)
    command = [
        KG,
        "--root",
        str(REPO),
        "--build-dir",
        str(good_copy.build_dir),
        "build",
        "--base-iri",
        "http://other.example/",
    ]
    moments: list[float | None] = [rng.uniform(0.2, 4.0) for _ in range(2)] + [None]
    for delay in moments:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if delay is None:  # the moment the staging folder appears: mid-write
            _wait(
                lambda process=process: (
                    any(good_copy.build_dir.glob(".staging-*")) or process.poll() is not None
                ),
                60,
            )
        else:
            time.sleep(delay)
        process.kill()
        process.wait(10)
        after = read_build(good_copy)  # verified: complete and matching its hash
        assert (
            after.version == before.version or after.manifest["base_iri"] == "http://other.example/"
        )
        _stats_ok(good_copy)


# -- unwritable and full output folders ------------------------------------------------------


#: Run in a private user + mount namespace (``unshare -rm``, unprivileged): a small tmpfs
#: holds a copy of a good build, then is made read-only or filled up before ``kg build`` runs.
BROKEN_DISK = r"""
set -u
mount -t tmpfs -o size=4m tmpfs "$DIR" || { echo "NO_TMPFS"; exit 0; }
cp -a "$GOOD"/. "$DIR"/
if [ "$MODE" = full ]; then
  dd if=/dev/zero of="$DIR/filler" bs=16k 2>/dev/null
else
  mount -o remount,ro "$DIR" || { echo "NO_TMPFS"; exit 0; }
fi
BEFORE=$(ls -AR "$DIR" | md5sum)
"$KG" --root "$ROOT" --build-dir "$DIR" build --base-iri http://other.example/ 2>"$ERR"
echo "BUILD_RC=$?"
echo "LEFT=$(ls -A "$DIR" | tr '\n' ' ')"
[ "$MODE" = full ] && rm "$DIR/filler"
[ "$MODE" = full ] || [ "$BEFORE" = "$(ls -AR "$DIR" | md5sum)" ] && echo "UNCHANGED"
"$KG" --root "$ROOT" --build-dir "$DIR" stats >/dev/null 2>&1
echo "STATS_RC=$?"
cat "$ERR"
"""


@pytest.mark.parametrize(
    ("mode", "reason"), [("ro", "Read-only file system"), ("full", "No space left on device")]
)
def test_an_unwritable_output_folder_is_a_clear_error_and_nothing_is_half_written(
    built: Built, tmp_path: Path, mode: str, reason: str
) -> None:
    if shutil.which("unshare") is None:
        pytest.skip("unshare(1) is not available")
    mount = tmp_path / "out"
    mount.mkdir()
    env = {
        **os.environ,
        "DIR": str(mount),
        "GOOD": str(built.paths.build_dir),
        "KG": KG,
        "ROOT": str(REPO),
        "MODE": mode,
        "ERR": str(tmp_path / "err.txt"),
    }
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", BROKEN_DISK],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    if "NO_TMPFS" in done.stdout or (done.returncode != 0 and "unshare" in done.stderr):
        pytest.skip(f"cannot mount a private tmpfs here: {done.stderr.strip()}")
    out = done.stdout
    assert "BUILD_RC=2" in out, out + done.stderr
    assert reason in out and "cannot write the build output" in out and "Traceback" not in out
    left = next(line for line in out.splitlines() if line.startswith("LEFT="))
    assert ".staging" not in left  # a half-written release is removed, or never started
    assert "UNCHANGED" in out or mode == "full"
    assert "STATS_RC=0" in out  # the previous build still reads, verified against its hash


# -- slow clients -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_server(
    app_config: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """One process with two request threads, so a few slow clients could starve it."""
    overrides = {k: v for k, v in app_config.items() if k != "TESTING"}
    overrides.update(
        SERVER_PROCESSES=1, SERVER_THREADS=2, SPARQL_WORKERS=1, REQUEST_TIMEOUT=3, REQUEST_LOG=False
    )
    server = start_server(overrides, tmp_path_factory.mktemp("slow") / "server.log")
    yield server
    stop_server(server)


def _port(server: LiveServer) -> int:
    return int(server.url.rsplit(":", 1)[1])


@pytest.mark.server
def test_many_slow_clients_do_not_block_fast_ones(small_server: LiveServer) -> None:
    slow: list[socket.socket] = []
    try:
        for i in range(48):  # 24x the request threads
            sock = socket.create_connection(("127.0.0.1", _port(small_server)), timeout=5)
            # Half send a partial head, half a head announcing a body they never send.
            sock.sendall(
                b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                if i % 2
                else b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/"
                b"sparql-query\r\nContent-Length: 1000\r\n\r\nASK"
            )
            slow.append(sock)
        for round_ in range(6):
            for sock in slow:  # keep dribbling: one byte each, well within REQUEST_TIMEOUT
                sock.sendall(b"X")
            started = time.monotonic()
            fast = requests.get(
                small_server.url + "/sparql", params={"query": f"ASK {{}} # {round_}"}, timeout=10
            )
            assert fast.status_code == 200
            assert time.monotonic() - started < 2.0  # generous: a blocked server would take >3 s
            time.sleep(0.2)
    finally:
        for sock in slow:
            sock.close()


@pytest.mark.server
def test_a_client_too_slow_to_send_its_request_gets_408(small_server: LiveServer) -> None:
    with socket.create_connection(("127.0.0.1", _port(small_server)), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        answer = sock.recv(4096)  # within REQUEST_TIMEOUT=3 s plus the 1 s sweep
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert requests.get(small_server.url + "/healthz", timeout=5).status_code == 200
