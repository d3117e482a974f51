"""A preforked pool of query worker processes that are killed and replaced at the time limit.

Neither pyoxigraph nor rdflib can be interrupted from Python and a thread cannot be killed, so
a query past ``SPARQL_TIME_LIMIT_MS`` would keep a core busy for as long as it likes
(``../shared/design/security.md`` section 4.5). Each query therefore runs in a worker process:
the request thread waits on a pipe until the deadline, then SIGKILLs the worker, answers 503
and starts a replacement in the background.

Workers are fresh interpreters (``python -m kg.workers FD``, talking over a socket pair), never
forks of the threaded HTTP server and never re-imports of its ``__main__`` (which
``multiprocessing`` would do). Each loads the store from the build's ``dataset.nq`` once,
caps its address space (``RLIMIT_AS`` from ``WORKER_MEMORY_MB``) and moves into an empty
network namespace, so even a query that got past :func:`kg.sparql.parse` could not reach the
network: Oxigraph's HTTP client is native code that Python audit hooks do not see.

With ``STORE`` set to an on-disk store (``kg load``), workers open that one store read-only
instead of loading a copy each: at a million triples a copy per worker would multiply the
memory by the number of workers (``../shared/design/performance.md``, last section).
"""

from __future__ import annotations

import ctypes
import logging
import queue
import resource
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

import kg.errors as errors
from kg.cache import BoundedCache
from kg.errors import KGError, QueryError, QueryLimitExceeded, QueryTimeout
from kg.sparql import Limits, QueryRequest, QueryResult, execute

log = logging.getLogger(__name__)

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
START_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class WorkerConfig:
    nquads: str | None             # the build's dataset.nq, loaded into memory by each worker
    limits: Limits
    memory_mb: int
    prefixes: dict[str, str] = field(default_factory=dict)
    store_path: str | None = None  # an on-disk store, opened read-only (shared by all workers)

    @property
    def source(self) -> str:
        return self.store_path or self.nquads or "(nothing to load)"


def isolate_network() -> bool:
    """Move this process into a new, empty network namespace (no interfaces up).

    Unprivileged user namespaces make this possible without root; where the kernel refuses,
    the parse-time rejection in :mod:`kg.sparql` remains the gate.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for flags in (CLONE_NEWUSER | CLONE_NEWNET, CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


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


def _error_message(exc: BaseException) -> tuple[Any, ...]:
    if isinstance(exc, KGError):
        return ("error", type(exc).__name__, exc.message, exc.details)
    if isinstance(exc, MemoryError):
        return ("error", "QueryLimitExceeded", "the query needed more memory than "
                "WORKER_MEMORY_MB allows", {"setting": "WORKER_MEMORY_MB"})
    return ("error", "internal", f"the query could not be evaluated: {type(exc).__name__}: "
            f"{exc}", {})


def serve(conn: Connection) -> None:
    """Worker main loop: receive the config, load, sandbox, answer until the pipe closes."""
    config: WorkerConfig = conn.recv()
    try:
        store, graphs = _load(config)
    except (OSError, SyntaxError) as exc:
        conn.send(("failed", f"cannot load {config.source}: {exc}"))
        return
    isolated = isolate_network()  # after loading: the file is read, nothing else is needed
    limit_memory(config.memory_mb)
    conn.send(("ready", isolated))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", execute(store, graphs, request, config.limits, config.prefixes)))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
            conn.send(_error_message(exc))


def _rebuild(message: tuple[Any, ...]) -> KGError:
    _, name, text, details = message
    cls = getattr(errors, name, None)
    if isinstance(cls, type) and issubclass(cls, KGError):
        return cls(text, **details)
    exc = QueryError(text, **details)
    exc.http_status = 500  # a bug, not the client's fault; still a message, never a traceback
    return exc


@dataclass(eq=False)  # identity semantics: workers live in a set
class _Worker:
    process: Any
    conn: Connection
    isolated: bool


class WorkerPool:
    """``size`` worker processes, each holding its own copy of the store."""

    def __init__(self, config: WorkerConfig, size: int) -> None:
        self._config = config
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.replaced = 0
        self.size = max(1, size)
        starters = [threading.Thread(target=self._respawn, daemon=True) for _ in range(max(1, size))]
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
        """How many workers are running now (``/readyz`` wants at least one)."""
        with self._lock:
            return sum(1 for w in self._all if w.process.poll() is None)

    def _idle_worker(self, deadline: float) -> _Worker:
        """A free worker that is still alive: one killed while idle (OOM killer, operator)
        is retired here instead of failing the next client's query."""
        while True:
            worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            if worker.process.poll() is None:
                return worker
            self._retire(worker)

    def _spawn(self) -> _Worker:
        mine, theirs = socket.socketpair()
        process = subprocess.Popen([sys.executable, "-m", "kg.workers", str(theirs.fileno())],
                                   pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        theirs.close()
        parent = Connection(mine.detach())
        parent.send(self._config)
        if not parent.poll(START_TIMEOUT_S):
            process.kill()
            raise QueryLimitExceeded("a query worker did not start in time")
        status, detail = parent.recv()
        if status != "ready":
            process.kill()
            raise errors.BuildMissing(str(detail))
        worker = _Worker(process, parent, bool(detail))
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker (SIGKILL frees its CPU at once) and start a replacement."""
        worker.process.kill()
        worker.process.wait(timeout=5)
        worker.conn.close()
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
        if self._closed:
            worker.process.kill()
        else:
            self._idle.put(worker)

    def run(self, request: QueryRequest, limit_ms: int) -> QueryResult:
        """Evaluate in a worker; past ``limit_ms`` the worker is killed and replaced.

        :raises QueryTimeout: the query (including waiting for a free worker) ran too long.
        :raises QueryLimitExceeded: the worker died (memory) or a result limit was hit.
        """
        deadline = time.monotonic() + limit_ms / 1000
        try:
            worker = self._idle_worker(deadline)
        except queue.Empty:
            raise _timeout(limit_ms, "every query worker stayed busy") from None
        try:
            worker.conn.send(request)
            ready = worker.conn.poll(max(0.0, deadline - time.monotonic()))
            message = worker.conn.recv() if ready else None
        except (EOFError, OSError):
            self._retire(worker)
            raise QueryLimitExceeded("the query worker died (for example at its memory limit, "
                                     "WORKER_MEMORY_MB); it has been replaced",
                                     setting="WORKER_MEMORY_MB") from None
        if message is None:
            self._retire(worker)
            raise _timeout(limit_ms, "its evaluation was stopped")
        self._idle.put(worker)
        if message[0] == "ok":
            return message[1]  # type: ignore[no-any-return]
        raise _rebuild(message)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.process.kill()
            worker.process.wait(timeout=5)
            worker.conn.close()


def _timeout(limit_ms: int, what: str) -> QueryTimeout:
    return QueryTimeout(f"the query ran past the time limit of {limit_ms} ms "
                        f"(SPARQL_TIME_LIMIT_MS); {what}", setting="SPARQL_TIME_LIMIT_MS",
                        limit_ms=limit_ms)


class QueryService:
    """Answers queries through the pool, remembering recent answers (the dataset is immutable).

    Answers are kept per dataset version in a cache bounded by entries (``CACHE_ENTRIES``) and
    bytes (``CACHE_MAX_MB``); errors are not cached, so a timeout can be retried.
    """

    # ``pool``: a WorkerPool, or a kg.remote.RemoteRunner (same run/live_workers/close).
    def __init__(self, pool: Any, limits: Limits, version: str, cache_entries: int,
                 cache_bytes: int = 64 * 1024 * 1024) -> None:
        self.pool = pool
        self.limits = limits
        self.version = version
        self.cache: BoundedCache[QueryResult] = BoundedCache(
            cache_entries, cache_bytes, lambda r: len(r.body) + 200)  # 200: the record itself

    def answer(self, request: QueryRequest) -> QueryResult:
        key = request.cache_key(self.version)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        result = self.pool.run(request, self.limits.time_limit_for(request.timeout_ms))
        self.cache.put(key, result)
        return result

    def close(self) -> None:
        self.pool.close()


if __name__ == "__main__":  # a worker process, started by WorkerPool._spawn
    serve(Connection(int(sys.argv[1])))
