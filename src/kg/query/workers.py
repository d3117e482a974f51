"""A preforked pool of query worker processes that are killed and replaced at the time limit.

Neither pyoxigraph nor rdflib can be interrupted from Python and a thread cannot be killed, so
a query past ``SPARQL_TIME_LIMIT_MS`` would keep a core busy for as long as it likes
(docs/architecture.md, "Design notes"). Each query therefore runs in a worker process:
the request thread waits on a pipe until the deadline, then SIGKILLs the worker, answers 503
and starts a replacement in the background.

Workers are fresh interpreters (``python -m kg.query.workers FD``, talking over a socket pair),
never forks of the threaded HTTP server and never re-imports of its ``__main__`` (which
``multiprocessing`` would do). Each loads the store from the build's ``dataset.nq`` once,
caps its address space (``RLIMIT_AS`` from ``WORKER_MEMORY_MB``) and moves into an empty
network namespace, so even a query that got past :func:`kg.query.sparql.parse` could not reach the
network: Oxigraph's HTTP client is native code that Python audit hooks do not see.

With ``STORE`` set to an on-disk store (``kg load``), workers open that one store read-only
instead of loading a copy each: at a million triples a copy per worker would multiply the
memory by the number of workers (docs/architecture.md, "Design notes").

Parent and worker exchange frames (:class:`Channel`): two lengths, a small head, and a body
sent as raw bytes. The parent pickles what it sends (its config and requests); a worker
answers with a JSON head and the serialized answer as the body. The parent never unpickles
a worker's bytes: a worker evaluates strangers' queries, and unpickling what it sends would
let a worker subverted through the engine run code in the server, outside its sandbox. The
body is never pickled either, so a multi-megabyte answer crosses the socket once, without
the copies and chunked reads of ``multiprocessing.connection``.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import pickle
import queue
import resource
import socket
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import pyoxigraph as ox

import kg.errors as errors
from kg.cache import BoundedCache
from kg.config import Settings
from kg.errors import (
    IsolationUnavailable,
    KGError,
    QueryError,
    QueryLimitExceeded,
    QueryTimeout,
)
from kg.query.labels import hinted_languages, labelled_result
from kg.query.sparql import Limits, QueryRequest, QueryResult, execute
from kg.store.api import ReadStore

JSON_RESULTS = "application/sparql-results+json"

log = logging.getLogger(__name__)

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
START_TIMEOUT_S = 60.0
#: Once a frame's first bytes are in, the rest is already being written; a worker that stalls
#: mid-frame this long is treated as dead.
REST_OF_FRAME_S = 10.0
#: The first read takes this much, so a small answer arrives with one system call.
FIRST_READ = 65536
#: A frame starts with the byte lengths of its head and of its body.
LENGTHS = struct.Struct("!IQ")
#: Room for a frame's lengths and head beside an answer of SPARQL_MAX_RESULT_BYTES.
HEAD_ALLOWANCE = 1024 * 1024


class Channel:
    """One end of the socket pair between the pool and a worker: one frame at a time.

    Requests and answers alternate strictly (a worker whose answer is late is killed, not
    read later), so a read never takes bytes of a following frame. The socket stays blocking
    and a wait is bounded by the kernel (``SO_RCVTIMEO``, socket(7)), so a send or a read is
    one system call; with Python's socket timeouts each is two (``poll`` first), and in the
    threaded HTTP server every one of them gives up the GIL and waits to take it back.
    """

    def __init__(self, sock: socket.socket, max_frame: int | None = None) -> None:
        """``max_frame``: the largest frame accepted (None: any), so that a peer announcing
        an absurd length cannot make this process allocate it."""
        sock.settimeout(None)
        self.sock = sock
        self.max_frame = max_frame
        self._timeout: float | None = None

    def send(self, head: bytes, body: bytes = b"") -> None:
        lengths = LENGTHS.pack(len(head), len(body))
        if len(body) < FIRST_READ:
            self._send(lengths + head + body)  # one system call for a small answer
        else:
            self._send(lengths + head)
            self._send(body)  # sent from where it is: no copy into a larger buffer

    def _send(self, data: bytes) -> None:
        # MSG_NOSIGNAL: a dead peer is an EPIPE error here, never a SIGPIPE for the server.
        view = memoryview(data)
        while view:
            view = view[self.sock.send(view, socket.MSG_NOSIGNAL) :]

    def recv(self, timeout: float | None = None) -> tuple[bytes, bytes]:
        """The next frame's (head, body).

        :param timeout: seconds to wait for the frame to begin (None: forever).
        :raises TimeoutError: nothing arrived within ``timeout``.
        :raises EOFError: the other end closed (a worker that died).
        """
        data = self._read(timeout)
        rest = None if timeout is None else REST_OF_FRAME_S
        while len(data) < LENGTHS.size:
            data += self._read(rest)
        head_size, body_size = LENGTHS.unpack_from(data)
        end = LENGTHS.size + head_size + body_size
        if len(data) > end:
            raise EOFError("the channel's peer sent more than one frame")
        if self.max_frame is not None and end > self.max_frame:
            raise EOFError(f"the channel's peer announced a frame of {end} bytes")
        view = memoryview(data if len(data) == end else self._rest(data, end, rest))
        head = bytes(view[LENGTHS.size : LENGTHS.size + head_size])
        return head, bytes(view[LENGTHS.size + head_size :])

    def _wait_at_most(self, timeout: float | None) -> None:
        if timeout == self._timeout:
            return  # a worker waits forever on every read: no system call to say so again
        # 0 means "no limit" to the kernel, so a deadline already passed waits 1 ms.
        seconds = 0.0 if timeout is None else max(timeout, 0.001)
        whole = int(seconds)
        self.sock.setsockopt(
            socket.SOL_SOCKET,
            socket.SO_RCVTIMEO,
            struct.pack("ll", whole, int((seconds - whole) * 1e6)),
        )
        self._timeout = timeout

    def _read(self, timeout: float | None) -> bytes:
        self._wait_at_most(timeout)
        try:
            data = self.sock.recv(FIRST_READ)
        except BlockingIOError:  # EAGAIN: SO_RCVTIMEO ran out
            raise TimeoutError("nothing arrived in time") from None
        if not data:
            raise EOFError("the other end of the channel is closed")
        return data

    def _rest(self, start: bytes, end: int, timeout: float | None) -> bytearray:
        """The whole frame of ``end`` bytes, read into one buffer after its first ``start``."""
        frame = bytearray(end)
        frame[: len(start)] = start
        view, got = memoryview(frame), len(start)
        self._wait_at_most(timeout)
        while got < end:
            try:
                count = self.sock.recv_into(view[got:])
            except BlockingIOError:
                raise TimeoutError("the rest of the frame did not arrive in time") from None
            if count == 0:
                raise EOFError("the channel closed mid-frame")
            got += count
        return frame

    def close(self) -> None:
        self.sock.close()


@dataclass(frozen=True)
class WorkerConfig:
    nquads: str | None  # the build's dataset.nq, loaded into memory by each worker
    limits: Limits
    memory_mb: int
    prefixes: dict[str, str] = field(default_factory=dict)
    store_path: str | None = None  # an on-disk store, opened read-only (shared by all workers)
    base_iri: str | None = None  # relative IRIs in queries resolve against it (kg.iris)

    @property
    def source(self) -> str:
        return self.store_path or self.nquads or "(nothing to load)"


def isolate_network() -> bool:
    """Move this process into a new, empty network namespace (no interfaces up).

    Unprivileged user namespaces make this possible without root; where the kernel refuses,
    the parse-time rejection in :mod:`kg.query.sparql` remains the gate.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for flags in (CLONE_NEWUSER | CLONE_NEWNET, CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


def network_isolation_available() -> bool:
    """Whether a process here can enter an empty network namespace, as every query worker
    does. Asked in a forked child (a few milliseconds): ``unshare`` cannot be undone."""
    pid = os.fork()
    if pid == 0:  # the child: answer through the exit status, run nothing else
        os._exit(0 if isolate_network() else 1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def require_isolation(settings: Settings) -> bool:
    """True when query workers will run without network access; False when they cannot but
    ALLOW_UNISOLATED_WORKERS accepts the gate alone.

    :raises IsolationUnavailable: they cannot, and the setting does not accept it.
    """
    if network_isolation_available():
        return True
    if settings["ALLOW_UNISOLATED_WORKERS"]:
        return False
    raise IsolationUnavailable(
        "query workers cannot be given an empty network namespace here (the kernel refuses "
        "unshare(CLONE_NEWNET), e.g. in a container without user namespaces), so only the "
        "query gate would keep queries off the network; set KG_ALLOW_UNISOLATED_WORKERS=1 to "
        "serve anyway"
    )


def limit_memory(memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _load(config: WorkerConfig) -> tuple[ox.Store, set[str]]:
    if config.store_path is not None:
        store = ox.Store.read_only(config.store_path)
    elif config.nquads is not None:
        store = ox.Store()
        store.bulk_load(path=config.nquads, format=ox.RdfFormat.N_QUADS)
    else:
        raise OSError("the worker was given neither a build nor a store")
    graphs = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    return store, graphs


def _json(head: dict[str, Any]) -> bytes:
    return json.dumps(head, default=str).encode()


def _error_head(exc: BaseException) -> bytes:
    if isinstance(exc, KGError):
        return _json(
            {
                "status": "error",
                "error": type(exc).__name__,
                "message": exc.message,
                "details": exc.details,
            }
        )
    if isinstance(exc, MemoryError):
        return _json(
            {
                "status": "error",
                "error": "QueryLimitExceeded",
                "message": "the query needed more memory than WORKER_MEMORY_MB allows",
                "details": {"setting": "WORKER_MEMORY_MB"},
            }
        )
    return _json(
        {
            "status": "error",
            "error": "internal",
            "details": {},
            "message": f"the query could not be evaluated: {type(exc).__name__}: {exc}",
        }
    )


def _answer(channel: Channel, result: QueryResult) -> None:
    channel.send(
        _json(
            {
                "status": "ok",
                "form": result.form,
                "media_type": result.media_type,
                "rows": result.rows,
                "truncated": result.truncated,
            }
        ),
        result.body,
    )


def serve(channel: Channel) -> None:
    """Worker main loop: receive the config, load, sandbox, answer until the socket closes."""
    config: WorkerConfig = pickle.loads(channel.recv()[0])
    try:
        store, graphs = _load(config)
    except (OSError, SyntaxError) as exc:
        channel.send(_json({"status": "failed", "message": f"cannot load {config.source}: {exc}"}))
        return
    isolated = isolate_network()  # after loading: the file is read, nothing else is needed
    limit_memory(config.memory_mb)
    channel.send(_json({"status": "ready", "isolated": isolated}))
    while True:
        try:
            request: QueryRequest = pickle.loads(channel.recv()[0])
        except (EOFError, OSError):
            return
        try:
            result = execute(
                store, graphs, request, config.limits, config.prefixes, config.base_iri
            )
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
            channel.send(_error_head(exc))
        else:
            _answer(channel, result)


def _result(head: dict[str, Any], body: bytes) -> QueryResult:
    return QueryResult(
        str(head["form"]), str(head["media_type"]), body, int(head["rows"]), bool(head["truncated"])
    )


def _rebuild(head: dict[str, Any]) -> KGError:
    name, text, details = head["error"], str(head["message"]), dict(head["details"])
    cls = getattr(errors, name, None)
    if isinstance(cls, type) and issubclass(cls, KGError):
        return cls(text, **details)
    exc = QueryError(text, **details)
    exc.http_status = 500  # a bug, not the client's fault; still a message, never a traceback
    return exc


@dataclass(eq=False)  # identity semantics: workers live in a set
class _Worker:
    process: Any
    channel: Channel
    isolated: bool


class WorkerPool:
    """``size`` worker processes, each holding its own copy of the store."""

    def __init__(self, config: WorkerConfig, size: int) -> None:
        self._config = config
        # Last in, first out: the worker that answered last takes the next query, so sequential
        # traffic stays on the one whose caches (RocksDB blocks of an on-disk store, rdflib's
        # parse cache, Oxigraph's) are warm; at 1M this took 0.63 -> 0.38 ms off a lookup.
        self._idle: queue.Queue[_Worker] = queue.LifoQueue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.replaced = 0
        self.size = max(1, size)
        starters = [threading.Thread(target=self._respawn, daemon=True) for _ in range(self.size)]
        for thread in starters:
            thread.start()
        # One ready worker is enough to answer; the others join the pool as they come up
        # (each is a fresh interpreter: on 2 cores, waiting for all doubled the start-up time).
        while self._idle.empty() and any(t.is_alive() for t in starters):
            time.sleep(0.005)
        if self._idle.empty():
            raise QueryLimitExceeded("no query worker could be started")

    @property
    def isolated(self) -> bool:
        """True when every worker runs without network access."""
        with self._lock:
            return all(w.isolated for w in self._all)

    def live_workers(self) -> int:
        """How many workers are running now (``/readyz`` wants at least one).

        A worker found dead while idle is retired and replaced here too: with last-in,
        first-out hand-out, one at the bottom of the idle stack may see no query for a long
        time, and the readiness probe that asks is what should bring the pool back to size.
        """
        self._reap_idle()
        with self._lock:
            return sum(1 for w in self._all if w.process.poll() is None)

    def _reap_idle(self) -> None:
        with self._idle.mutex:  # queue.Queue's own lock: take the dead out of the idle stack
            dead = [w for w in self._idle.queue if w.process.poll() is not None]
            for worker in dead:
                self._idle.queue.remove(worker)
        for worker in dead:
            self._retire(worker)

    def _hand_to_idle_worker(self, frame: bytes, deadline: float, limit_ms: int) -> _Worker:
        """Send ``frame`` to a free worker that is still alive, and return that worker.

        One killed while idle (OOM killer, operator) refuses the frame: its end of the socket
        closed with it, so the send fails (EPIPE). It is retired here and the next free worker
        takes the frame, instead of the client's query failing. Finding out by sending costs
        no system call of its own (asking the process table would, at every query).

        :raises QueryTimeout: no worker became free before ``deadline``.
        """
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise _timeout(limit_ms, "every query worker stayed busy") from None
            try:
                worker.channel.send(frame)
            except OSError:
                self._retire(worker)
                continue
            return worker

    def _spawn(self) -> _Worker:
        mine, theirs = socket.socketpair()
        process = subprocess.Popen(
            [sys.executable, "-m", "kg.query.workers", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        channel = Channel(mine, self._config.limits.max_result_bytes + HEAD_ALLOWANCE)
        try:
            channel.send(pickle.dumps(self._config))
            head = json.loads(channel.recv(START_TIMEOUT_S)[0])
        except (TimeoutError, EOFError, OSError, ValueError):
            process.kill()
            channel.close()
            raise QueryLimitExceeded("a query worker did not start in time") from None
        if head.get("status") != "ready":
            process.kill()
            channel.close()
            raise errors.BuildMissing(str(head.get("message")))
        worker = _Worker(process, channel, bool(head.get("isolated")))
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker (SIGKILL frees its CPU at once) and start a replacement."""
        worker.process.kill()
        worker.process.wait(timeout=5)
        worker.channel.close()
        with self._lock:
            self._all.discard(worker)
            self.replaced += 1
        if not self._closed:
            threading.Thread(target=self._respawn, daemon=True, name="kg-respawn").start()

    def _respawn(self) -> None:
        try:
            worker = self._spawn()
        except KGError:
            log.exception("could not replace a query worker")
            return
        if self._closed:  # the pool closed while this one started: nobody will close it
            with self._lock:
                self._all.discard(worker)
            worker.process.kill()
            worker.process.wait(timeout=5)
            worker.channel.close()
        else:
            self._idle.put(worker)

    def run(self, request: QueryRequest, limit_ms: int) -> QueryResult:
        """Evaluate in a worker; past ``limit_ms`` the worker is killed and replaced.

        :raises QueryTimeout: the query (including waiting for a free worker) ran too long.
        :raises QueryLimitExceeded: the worker died (memory) or a result limit was hit.
        """
        deadline = time.monotonic() + limit_ms / 1000
        worker = self._hand_to_idle_worker(pickle.dumps(request), deadline, limit_ms)
        try:
            head, body = worker.channel.recv(max(0.0, deadline - time.monotonic()))
            answer = json.loads(head)
        except TimeoutError:
            self._retire(worker)
            raise _timeout(limit_ms, "its evaluation was stopped") from None
        except (EOFError, OSError, ValueError):
            self._retire(worker)
            raise QueryLimitExceeded(
                "the query worker died (for example at its memory limit, "
                "WORKER_MEMORY_MB); it has been replaced",
                setting="WORKER_MEMORY_MB",
            ) from None
        self._idle.put(worker)
        if answer["status"] == "ok":
            return _result(answer, body)
        raise _rebuild(answer)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.process.kill()
            worker.process.wait(timeout=5)
            worker.channel.close()


def _timeout(limit_ms: int, what: str) -> QueryTimeout:
    return QueryTimeout(
        f"the query ran past the time limit of {limit_ms} ms (SPARQL_TIME_LIMIT_MS); {what}",
        setting="SPARQL_TIME_LIMIT_MS",
        limit_ms=limit_ms,
    )


class Runner(Protocol):
    """What evaluates queries for :class:`QueryService`: the :class:`WorkerPool`, or
    :class:`kg.query.remote_runner.RemoteRunner` in front of an external store."""

    size: int
    replaced: int

    @property
    def isolated(self) -> bool: ...

    def run(self, request: QueryRequest, limit_ms: int) -> QueryResult: ...

    def live_workers(self) -> int: ...

    def close(self) -> None: ...


class QueryService:
    """Answers queries through the pool, remembering recent answers (the dataset is immutable).

    Answers are kept per dataset version in a cache bounded by entries (``CACHE_ENTRIES``) and
    bytes (``CACHE_MAX_MB``); errors are not cached, so a timeout can be retried.
    """

    def __init__(
        self,
        pool: Runner,
        limits: Limits,
        version: str,
        cache_entries: int,
        cache_bytes: int = 64 * 1024 * 1024,
        store: ReadStore | None = None,
    ) -> None:
        self.pool = pool
        self.store = store  # where the label service looks labels up (None: no labels)
        self.limits = limits
        self.version = version
        self.cache: BoundedCache[QueryResult] = BoundedCache(
            cache_entries, cache_bytes, lambda r: len(r.body) + 200
        )  # 200: the record itself

    def answer(self, request: QueryRequest) -> QueryResult:
        key = request.cache_key(self.version)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        languages = request.labels or hinted_languages(request.query)
        # A client that accepts no results format gets the plain path's 406 (or its graph).
        if languages and self.store is not None and request.results_type is not None:
            result = self._labelled(request, languages, self.store)
        else:
            result = self.pool.run(request, self.limits.time_limit_for(request.timeout_ms))
        self.cache.put(key, result)
        return result

    def _labelled(
        self, request: QueryRequest, languages: tuple[str, ...], store: ReadStore
    ) -> QueryResult:
        """The answer with the label service's columns: evaluated as JSON results (that
        plain answer is cached as such), then labelled by :func:`labelled_result`."""
        plain = replace(request, results_type=JSON_RESULTS, labels=())
        key = (*plain.cache_key(self.version), "unlabelled")  # even when the query hints
        result = self.cache.get(key)
        if result is None:
            result = self.pool.run(plain, self.limits.time_limit_for(plain.timeout_ms))
            self.cache.put(key, result)
        assert request.results_type is not None  # answer() labels only then
        limit_ms = self.limits.time_limit_for(request.timeout_ms)
        return labelled_result(
            result, request.results_type, store, languages, self.limits, limit_ms
        )

    def close(self) -> None:
        self.pool.close()


if __name__ == "__main__":  # a worker process, started by WorkerPool._spawn
    serve(Channel(socket.socket(fileno=int(sys.argv[1]))))
