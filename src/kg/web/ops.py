"""Operations: liveness, readiness, the OpenAPI document, request ids and the access log.

* ``/healthz``: the process answers (liveness; touches nothing else).
* ``/readyz``: the graph is loaded and at least one query worker is alive (readiness); 503
  otherwise, so a load balancer stops sending traffic while workers are replaced.
* ``/openapi.json``: :func:`kg.openapi.document` for the rules this app has.
* Every request gets an id: a client's ``X-Request-ID`` when it is short and made of safe
  characters, else a fresh one (a hostile id must not reach logs or headers unchecked); it is
  echoed in the response and in the request's one JSON access-log line (method, path,
  status, bytes, latency, id) on standard error. JSON escapes CR/LF, so a path cannot forge
  a log line.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any, TextIO

from flask import Blueprint, Flask, Response, current_app, request

from kg import __version__
from kg.openapi import document
from kg.web import get_kg

bp = Blueprint("ops", __name__)

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:@+=-]{0,127}$")
_STARTED = "kg.started"
_ID = "kg.request_id"
#: Longest path written to the log: URLs are bounded by gunicorn's limit_request_line anyway.
MAX_LOGGED_PATH = 2048


def valid_request_id(value: str | None) -> bool:
    """1-128 characters from a conservative set: no spaces, quotes, CR/LF or separators."""
    return bool(value) and bool(_REQUEST_ID.match(value or "")) and value.isascii()  # type: ignore[union-attr]


def request_id_for(value: str | None) -> str:
    """The client's id when valid, else a new random one (UUID4, hex)."""
    return value if value is not None and valid_request_id(value) else uuid.uuid4().hex


class _Stderr(logging.Handler):
    """Writes to whatever ``sys.stderr`` is now (test runners swap it; gunicorn keeps it)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.stream.write(self.format(record) + "\n")
            self.stream.flush()
        except Exception:  # noqa: BLE001 - logging never breaks a request
            self.handleError(record)


def access_logger() -> logging.Logger:
    """``kg.access``: one JSON object per line, the message only."""
    logger = logging.getLogger("kg.access")
    if not any(isinstance(h, _Stderr) for h in logger.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def access_record(method: str, path: str, status: int, size: int | None, latency_s: float,
                  request_id: str, remote: str | None) -> dict[str, Any]:
    return {"ts": datetime.now(UTC).isoformat(timespec="milliseconds"), "request_id": request_id,
            "method": method, "path": path[:MAX_LOGGED_PATH], "status": status, "bytes": size,
            "latency_ms": round(latency_s * 1000, 2), "remote": remote}


def _begin() -> None:
    request.environ[_STARTED] = time.perf_counter()
    request.environ[_ID] = request_id_for(request.headers.get(REQUEST_ID_HEADER))


def _finish(response: Response) -> Response:
    started = request.environ.get(_STARTED, time.perf_counter())
    rid = request.environ.get(_ID) or request_id_for(None)
    response.headers[REQUEST_ID_HEADER] = rid
    if current_app.config.get("KG_ACCESS_LOG", True):
        size = None if response.is_streamed else response.calculate_content_length()
        record = access_record(request.method, request.path, response.status_code, size,
                               time.perf_counter() - started, rid, request.remote_addr)
        access_logger().info(json.dumps(record, ensure_ascii=True, separators=(",", ":")))
    return response


def init_app(app: Flask, access_log: bool = True) -> None:
    """Register the request-id and access-log hooks (from ``create_app``)."""
    app.config["KG_ACCESS_LOG"] = access_log
    app.before_request(_begin)
    app.after_request(_finish)


def _json(data: Any, status: int = 200) -> Response:
    response = Response(json.dumps(data, indent=1), status,
                        content_type="application/json; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/healthz")
def healthz() -> Response:
    return _json({"status": "ok"})


@bp.route("/readyz")
def readyz() -> Response:
    ctx = get_kg()
    live, size = ctx.service.pool.live_workers(), ctx.service.pool.size
    ready = live > 0 and ctx.store is not None
    body = {"ready": ready, "version": ctx.version,
            "workers": {"live": live, "size": size, "replaced": ctx.service.pool.replaced},
            "graphs": len(ctx.build.manifest.get("graphs", {}))}
    return _json(body, 200 if ready else 503)


@bp.route("/openapi.json")
def openapi() -> Response:
    ctx = get_kg()
    key = ("openapi", __version__)
    if key not in ctx.cache:
        rules = [r.rule for r in current_app.url_map.iter_rules()]
        doc = document(rules, version=__version__, canned=sorted(ctx.canned))
        ctx.cache[key] = json.dumps(doc, indent=1).encode()
    response = Response(ctx.cache[key], content_type="application/json; charset=utf-8")
    response.headers["Cache-Control"] = f"public, max-age={int(ctx.settings['CACHE_MAX_AGE'])}"
    return response
