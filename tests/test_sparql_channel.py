"""kg.query.workers.Channel, the frames between the pool and a query worker, and what the pool
trusts of a worker's answer (nothing that could run code in the server)."""

from __future__ import annotations

import os
import pickle
import socket
import threading
from pathlib import Path
from typing import Any

import pytest

from kg.errors import QueryLimitExceeded, QuerySyntaxError
from kg.query.sparql import Limits, QueryRequest
from kg.query.workers import (
    FIRST_READ,
    HEAD_ALLOWANCE,
    LENGTHS,
    Channel,
    WorkerConfig,
    WorkerPool,
    _Worker,
)

LIMITS = Limits(
    time_limit_ms=5000, max_query_bytes=10_000, max_rows=100, max_result_bytes=1_000_000
)


@pytest.fixture()
def pair() -> Any:
    a, b = socket.socketpair()
    yield Channel(a), Channel(b)
    a.close()
    b.close()


@pytest.mark.parametrize("size", [0, 1, FIRST_READ - 100, FIRST_READ, 5 * 1024 * 1024 + 7])
def test_frames_arrive_whole(pair: tuple[Channel, Channel], size: int) -> None:
    left, right = pair
    body = os.urandom(size)
    sender = threading.Thread(target=left.send, args=(b'{"status": "ok"}', body))
    sender.start()  # a body larger than the socket buffer needs a reader while it is sent
    head, got = right.recv(5.0)
    sender.join()
    assert head == b'{"status": "ok"}' and got == body


def test_a_silent_peer_is_a_timeout_even_past_the_deadline(pair: tuple[Channel, Channel]) -> None:
    _, right = pair
    with pytest.raises(TimeoutError):
        right.recv(0.05)
    with pytest.raises(TimeoutError):  # a deadline already passed: still a timeout
        right.recv(0.0)


def test_a_closed_peer_is_end_of_file_even_mid_frame(pair: tuple[Channel, Channel]) -> None:
    left, right = pair
    left.sock.sendall(b"\x00\x00\x00\x10")  # half of the lengths, then the worker dies
    left.close()
    with pytest.raises(EOFError):
        right.recv(1.0)


class _Process:
    """Stands in for a worker's Popen: alive until killed."""

    pid = 0

    def __init__(self) -> None:
        self.killed = False

    def poll(self) -> int | None:
        return -9 if self.killed else None

    def kill(self) -> None:
        self.killed = True

    def wait(self, timeout: float | None = None) -> int:
        return -9


class _Plant:
    """Unpickling this writes a file: proof that someone ran code from a worker's bytes."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.write_text, (self.path, "pwned"))


class _FakeWorkerPool(WorkerPool):
    """A pool whose 'worker' is a thread answering every request with ``reply`` (a head and
    a body), or with the bytes ``raw`` as they are."""

    def __init__(self, reply: tuple[bytes, bytes], raw: bytes | None = None) -> None:
        self.reply, self.raw = reply, raw
        super().__init__(WorkerConfig(None, LIMITS, 64), size=1)

    def _spawn(self) -> _Worker:
        mine, theirs = socket.socketpair()
        worker_end = Channel(theirs)

        def serve() -> None:
            try:
                while True:
                    worker_end.recv()
                    if self.raw is None:
                        worker_end.send(*self.reply)
                    else:
                        theirs.sendall(self.raw)
            except (EOFError, OSError):
                theirs.close()

        threading.Thread(target=serve, daemon=True).start()
        worker = _Worker(_Process(), Channel(mine, LIMITS.max_result_bytes + HEAD_ALLOWANCE), True)
        with self._lock:
            self._all.add(worker)
        return worker


def test_a_pickle_from_a_worker_is_never_unpickled(tmp_path: Path) -> None:
    planted = tmp_path / "planted"
    pool = _FakeWorkerPool((pickle.dumps(("ok", _Plant(planted))), b""))
    try:
        with pytest.raises(QueryLimitExceeded, match="worker died"):
            pool.run(QueryRequest("ASK {}"), 2000)
        assert not planted.exists()
        assert pool.replaced == 1  # the worker that spoke nonsense was killed and replaced
    finally:
        pool.close()


def test_a_worker_announcing_an_absurd_frame_is_retired_not_believed() -> None:
    lie = LENGTHS.pack(16, 1 << 60) + b'{"status": "ok"}'  # an exabyte body to allocate
    pool = _FakeWorkerPool((b"", b""), raw=lie)
    try:
        with pytest.raises(QueryLimitExceeded, match="worker died"):
            pool.run(QueryRequest("ASK {}"), 2000)
        assert pool.replaced == 1
    finally:
        pool.close()


def test_answers_and_errors_come_back_from_json_heads() -> None:
    ok = (
        b'{"status": "ok", "form": "SELECT", "media_type": "text/csv", "rows": 1, '
        b'"truncated": true}',
        b"x\r\n1\r\n",
    )
    pool = _FakeWorkerPool(ok)
    try:
        result = pool.run(QueryRequest("SELECT ?x {}"), 2000)
        assert (result.form, result.body, result.rows, result.truncated) == (
            "SELECT",
            b"x\r\n1\r\n",
            1,
            True,
        )
        pool.reply = (
            b'{"status": "error", "error": "QuerySyntaxError", "message": "bad", '
            b'"details": {"line": 2, "column": 3}}',
            b"",
        )
        with pytest.raises(QuerySyntaxError) as err:
            pool.run(QueryRequest("SELECT"), 2000)
        assert err.value.details == {"line": 2, "column": 3}
    finally:
        pool.close()
