"""The WSGI layer in front of Flask: request ids, the access log, and a shared response cache.

Every request passes here first. It gets its id (:func:`kg.web.ops.request_id_for`), and its
one JSON access-log line is written when the response starts, whoever produced it.

A repeated ``GET``/``HEAD`` is answered from the cache without entering Flask at all: the
dataset never changes while a process serves it, so a stored response stays right for the
process's lifetime. Profiling a cache hit through Flask showed Flask's request context, routing
and after-request hooks costing about a third of the time (BENCHMARKS.md, profile 2), which is
what this layer saves. It behaves as an HTTP shared cache (RFC 9111):

* only responses that say they may be stored are: status 200, ``Cache-Control: public``, an
  ``ETag``, a known ``Content-Length``, no ``Set-Cookie``, and no ``Vary: *`` (§3);
* the secondary key is the request's values of the headers the response's ``Vary`` names
  (§4.1), so a page in Indonesian is never sent to someone who asked for English;
* conditional requests, ranges and requests with ``Cache-Control: no-cache`` / ``Pragma:
  no-cache`` (§5.2.1.4, §5.4) go to the application, which revalidates (304) on its own;
* a stored response is sent with an ``Age`` header (§5.1) and a fresh ``X-Request-ID``.

Memory is bounded like the result cache (``CACHE_ENTRIES`` and ``CACHE_MAX_MB``,
:class:`kg.cache.BoundedCache`); a response larger than an eighth of the budget is not kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask

from kg.cache import BoundedCache
from kg.web.ops import REQUEST_ID_HEADER, access_record, request_id_for, write_access_line

StartResponse = Callable[..., Any]
Headers = list[tuple[str, str]]

#: Where the request id is kept for the application (error bodies, logs).
REQUEST_ID_KEY = "kg.request_id"
#: Request headers that make a request conditional or partial (RFC 9110 §13.1, §14.2).
_CONDITIONAL = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_IF_RANGE",
    "HTTP_RANGE",
)
#: Response headers that belong to one exchange, never to a stored response.
_PER_EXCHANGE = {"x-request-id", "date", "age", "connection", "keep-alive"}


@dataclass(frozen=True)
class Stored:
    """A response as kept: status line, headers without per-exchange ones, body, when."""

    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    stored_at: float

    @property
    def weight(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 200


@dataclass(frozen=True)
class VaryNames:
    """The request headers (as WSGI environ keys) a stored response varies on."""

    names: tuple[str, ...]

    weight: int = 100


def environ_key(header: str) -> str:
    """``Accept-Language`` -> ``HTTP_ACCEPT_LANGUAGE`` (PEP 3333, CGI variables)."""
    return "HTTP_" + header.strip().upper().replace("-", "_")


def primary_key(environ: dict[str, Any]) -> tuple[str, ...]:
    """RFC 9111 §2: the target URI; the host and scheme are part of it (pages embed them)."""
    return (
        environ.get("wsgi.url_scheme", "http"),
        environ.get("HTTP_HOST", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
    )


def may_use_cache(environ: dict[str, Any]) -> bool:
    """GET/HEAD without validators, ranges or a client's demand to revalidate."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    if any(name in environ for name in _CONDITIONAL):
        return False
    directives = f"{environ.get('HTTP_CACHE_CONTROL', '')},{environ.get('HTTP_PRAGMA', '')}"
    return "no-cache" not in directives.lower() and "no-store" not in directives.lower()


def storable(status: str, headers: Headers, max_body: int) -> tuple[str, ...] | None:
    """The Vary names if this response may be stored (RFC 9111 §3), else None."""
    if not status.startswith("200"):
        return None
    found: dict[str, str] = {}
    for name, value in headers:
        lower = name.lower()
        if lower == "set-cookie":
            return None
        found[lower] = f"{found[lower]}, {value}" if lower in found else value
    control = [d.strip().lower() for d in found.get("cache-control", "").split(",")]
    length = found.get("content-length", "")
    if (
        "public" not in control
        or "etag" not in found
        or not length.isdigit()
        or int(length) > max_body
    ):
        return None
    vary = [v.strip() for v in found.get("vary", "").split(",") if v.strip()]
    if "*" in vary:
        return None
    return tuple(sorted({environ_key(v) for v in vary}))


class Front:
    """WSGI middleware around ``app.wsgi_app`` (Flask docs, "Application Dispatching")."""

    def __init__(self, app: Flask, entries: int, max_bytes: int) -> None:
        self.app = app
        self.inner = app.wsgi_app
        self.cache: BoundedCache[Any] = BoundedCache(entries, max_bytes, lambda item: item.weight)
        self.max_body = max_bytes // 8

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        rid = request_id_for(environ.get("HTTP_X_REQUEST_ID"))
        environ[REQUEST_ID_KEY] = rid
        usable = self.cache.max_entries > 0 and may_use_cache(environ)
        if usable:
            stored = self.lookup(environ)
            if stored is not None:
                return self.replay(environ, start_response, stored, rid, started)
        seen: dict[str, Any] = {}

        def start(status: str, headers: Headers, exc_info: Any = None) -> Any:
            seen["status"], seen["headers"] = status, list(headers)
            headers = [*headers, (REQUEST_ID_HEADER, rid)]
            self.log(environ, status, headers, started, rid)
            return start_response(status, headers, exc_info)

        body = self.inner(environ, start)
        vary = (
            storable(seen["status"], seen["headers"], self.max_body)
            if usable and environ["REQUEST_METHOD"] == "GET" and "status" in seen
            else None
        )
        if vary is None:
            return body
        return [self.store(environ, seen["status"], seen["headers"], body, vary)]

    def lookup(self, environ: dict[str, Any]) -> Stored | None:
        primary = primary_key(environ)
        vary = self.cache.get(("vary", primary))
        if vary is None:
            return None
        secondary = tuple(environ.get(name, "") for name in vary.names)
        return self.cache.get((primary, secondary))

    def store(
        self,
        environ: dict[str, Any],
        status: str,
        headers: Headers,
        body: Iterable[bytes],
        vary: tuple[str, ...],
    ) -> bytes:
        """Read the whole body (its length is known and bounded) and keep the response."""
        try:
            data = b"".join(body)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        kept = tuple((k, v) for k, v in headers if k.lower() not in _PER_EXCHANGE)
        primary = primary_key(environ)
        self.cache.put(("vary", primary), VaryNames(vary))
        secondary = tuple(environ.get(name, "") for name in vary)
        self.cache.put((primary, secondary), Stored(status, kept, data, time.time()))
        return data

    def replay(
        self,
        environ: dict[str, Any],
        start_response: StartResponse,
        stored: Stored,
        rid: str,
        started: float,
    ) -> Iterable[bytes]:
        age = str(max(0, int(time.time() - stored.stored_at)))
        headers = [*stored.headers, ("Age", age), (REQUEST_ID_HEADER, rid)]
        self.log(environ, stored.status, headers, started, rid)
        start_response(stored.status, headers)
        # HEAD gets the GET's headers, Content-Length included, and no body (RFC 9110 §9.3.2).
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [stored.body]

    def log(
        self, environ: dict[str, Any], status: str, headers: Headers, started: float, rid: str
    ) -> None:
        if not self.app.config.get("KG_REQUEST_LOG", True):
            return
        length = next((v for k, v in headers if k.lower() == "content-length"), None)
        # PEP 3333 hands the path over as latin-1; URLs carry UTF-8 (as werkzeug decodes it).
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
        record = access_record(
            environ.get("REQUEST_METHOD", ""),
            path or "/",
            int(status.split(" ", 1)[0]),
            int(length) if length and length.isdigit() else None,
            time.perf_counter() - started,
            rid,
            environ.get("REMOTE_ADDR"),
        )
        write_access_line(record)
