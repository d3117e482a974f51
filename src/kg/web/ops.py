"""Operations: liveness, readiness, the OpenAPI document, request ids and the access log.

* ``/healthz``: the process answers (liveness; touches nothing else).
* ``/readyz``: the graph is loaded and at least one query worker is alive (readiness); 503
  otherwise, so a load balancer stops sending traffic while workers are replaced.
* ``/openapi.json``: :func:`kg.web.openapi.document` for the rules this app has.
* Every request gets an id: a client's ``X-Request-ID`` when it is short and made of safe
  characters, else a fresh one (a hostile id must not reach logs or headers unchecked); it is
  echoed in the response and in the request's one JSON access-log line (method, path,
  status, bytes, latency, id) on standard error. JSON escapes CR/LF, so a path cannot forge
  a log line. The WSGI layer in front of Flask (:mod:`kg.web.front`) applies both, so
  answers from its response cache are logged too.
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app

from kg import __version__
from kg.web import get_kg
from kg.web.openapi import document

bp = Blueprint("ops", __name__)

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:@+=-]{0,127}$")
#: Longest path written to the log: URLs are bounded by gunicorn's limit_request_line anyway.
MAX_LOGGED_PATH = 2048


def valid_request_id(value: str | None) -> bool:
    """1-128 characters from a conservative set: no spaces, quotes, CR/LF or separators."""
    return bool(value) and bool(_REQUEST_ID.match(value or "")) and value.isascii()  # type: ignore[union-attr]


def request_id_for(value: str | None) -> str:
    """The client's id when valid, else a new random one (UUID4, hex)."""
    return value if value is not None and valid_request_id(value) else uuid.uuid4().hex


def write_access_line(record: dict[str, Any]) -> None:
    """One JSON object per line on whatever ``sys.stderr`` is now (test runners swap it).

    Written directly rather than through ``logging``: the handler machinery cost about as much
    as answering a cached request (20 us of 30 us, measured in-process). One ``write`` call
    per line keeps lines whole under threads; JSON escapes CR/LF, so nothing can split one.
    """
    line = json.dumps(record, ensure_ascii=True, separators=(",", ":")) + "\n"
    try:
        sys.stderr.write(line)
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or full stderr never breaks a request
        pass


def access_record(
    method: str,
    path: str,
    status: int,
    size: int | None,
    latency_s: float,
    request_id: str,
    remote: str | None,
) -> dict[str, Any]:
    return {
        "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "request_id": request_id,
        "method": method,
        "path": path[:MAX_LOGGED_PATH],
        "status": status,
        "bytes": size,
        "latency_ms": round(latency_s * 1000, 2),
        "remote": remote,
    }


def _json(data: Any, status: int = 200) -> Response:
    response = Response(
        json.dumps(data, indent=1), status, content_type="application/json; charset=utf-8"
    )
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
    body = {
        "ready": ready,
        "version": ctx.version,
        "workers": {"live": live, "size": size, "replaced": ctx.service.pool.replaced},
        "graphs": len(ctx.build.manifest.get("graphs", {})),
    }
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
    response.headers["Cache-Control"] = f"public, max-age={ctx.settings['CACHE_MAX_AGE']}"
    return response
