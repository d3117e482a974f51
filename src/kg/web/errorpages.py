"""Translate errors into HTTP answers: JSON for API clients, HTML for browsers, text otherwise.

One handler per family (``KGError``, Werkzeug's ``HTTPException``, anything else); none of them
ever shows a traceback, and an unexpected error is still a 500 with a sentence, not a bare one.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from kg.errors import KGError

log = logging.getLogger(__name__)

_JSON_TYPES = ("application/json", "application/sparql-results+json", "application/ld+json")


def wanted_kind() -> str:
    """``html``, ``json`` or ``text``: a ``.json`` URL or ``format=json`` asks for JSON,
    otherwise the request's Accept header decides (Werkzeug's parser)."""
    if request.path.endswith(".json") or request.args.get("format") in ("json", "srj"):
        return "json"
    accept = request.accept_mimetypes
    if not accept:
        return "text"
    best = accept.best_match(["text/plain", *_JSON_TYPES, "text/html"])
    if best == "text/html":
        return "html"
    return "json" if best in _JSON_TYPES else "text"


def error_response(
    status: int,
    title: str,
    message: str,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    details = {k: v for k, v in (details or {}).items() if isinstance(v, (str, int, float))}
    kind = wanted_kind()
    if kind == "json":
        body = json.dumps(
            {"ok": False, "status": status, "error": title, "message": message, **details},
            ensure_ascii=False,
        )
        response = Response(body, status, content_type="application/json; charset=utf-8")
    elif kind == "html":
        page = render_template(
            "error.html", status=status, title=title, message=message, details=details
        )
        response = Response(page, status, content_type="text/html; charset=utf-8")
    else:
        response = Response(
            f"{status} {title}: {message}\n", status, content_type="text/plain; charset=utf-8"
        )
    response.headers["Cache-Control"] = "no-store"
    response.headers.update(headers or {})
    return response


def _kg_error(exc: KGError) -> Response:
    return error_response(exc.http_status, type(exc).__name__, exc.message, exc.details)


def _http_error(exc: HTTPException) -> Response | HTTPException:
    status = exc.code or 500
    if status < 400:
        return exc  # redirects and 304s are not errors
    headers: dict[str, str] = {}
    message = exc.description or exc.name
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        headers["Allow"] = ", ".join(exc.valid_methods)
        message = (
            f"{request.method} is not allowed here; use {headers['Allow']} "
            "(this endpoint is read-only)"
        )
    if isinstance(exc, RequestEntityTooLarge):
        message = "the request body is larger than MAX_REQUEST_BYTES"
    return error_response(status, exc.name, message, headers=headers)


def _unexpected(exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.path)
    return error_response(
        500,
        "Internal Server Error",
        "the server could not answer this request; the error was logged",
    )


def register(app: Flask) -> None:
    app.register_error_handler(KGError, _kg_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
