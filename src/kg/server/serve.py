"""Run the app under gunicorn (a production WSGI server, never Flask's development server).

``gthread`` workers: a request waiting for a slow query holds one thread while the others keep
answering. The app is created in each gunicorn worker after the fork (no ``preload_app``), so
every worker starts its own query worker pool and never forks a process with threads.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping
from typing import Any

from gunicorn.app.base import BaseApplication

from kg.config import Settings, load_settings
from kg.paths import project_paths
from kg.query.workers import require_isolation
from kg.store.backend import backend_kind, check_backend


class _Server(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: Mapping[str, Any], overrides: Mapping[str, Any]) -> None:
        self._options = dict(options)
        self._overrides = dict(overrides)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from kg.web import create_app

        return create_app(self._overrides)


def gunicorn_options(host: str, port: int, settings: Settings) -> dict[str, Any]:
    time_limit_s = settings["SPARQL_TIME_LIMIT_MS"] / 1000
    return {
        "bind": f"{host}:{port}",
        "workers": settings["SERVER_PROCESSES"],
        # gthread, but each request is read in full in the event loop before a thread
        # takes it, so slow clients cannot hold the threads (kg.server.httpworker).
        "worker_class": "kg.server.httpworker.BufferingThreadWorker",
        "threads": settings["SERVER_THREADS"],
        # gunicorn kills a worker silent for this long; a query is stopped well before.
        "timeout": max(30, int(time_limit_s * 3)),
        # On SIGTERM: stop accepting, let in-flight requests finish; a query may run for
        # SPARQL_TIME_LIMIT_MS, so wait that long plus a margin before killing.
        "graceful_timeout": int(time_limit_s) + 5,
        "keepalive": 5,
        # RFC 9112 §3 and RFC 9110 §5.4 leave the limits to the server; beyond them gunicorn
        # answers 414 (URI Too Long) or 431 (Request Header Fields Too Large) / 400.
        "limit_request_line": 8190,
        "limit_request_fields": 64,
        "limit_request_field_size": 8190,
        # X-Forwarded-* are read by the app alone, as TRUSTED_PROXIES says (kg.web); by
        # default gunicorn would also take X-Forwarded-Proto from 127.0.0.1.
        "forwarded_allow_ips": "",
        "secure_scheme_headers": {},
        "accesslog": settings["ACCESS_LOG"] or None,
        "errorlog": "-",
        "loglevel": "warning",
    }


def preload_modules() -> None:
    """Import the app's modules (not the app) before gunicorn forks its workers."""
    from kg.web import BLUEPRINTS

    for module in (*BLUEPRINTS, "kg.web.front", "kg.server.httpworker", "kg.query.workers"):
        importlib.import_module(module)


def run(
    host: str = "127.0.0.1", port: int = 8000, overrides: Mapping[str, Any] | None = None
) -> None:
    """Serve the built graph until interrupted; prints the URL first."""
    overrides = dict(overrides or {})
    settings = load_settings(overrides)
    check_backend(settings, project_paths(overrides.get("ROOT"), overrides.get("BUILD_DIR")))
    if backend_kind(settings["STORE"]) != "remote" and not require_isolation(settings):
        print(
            "Warning: query workers run WITH network access (the kernel refuses an empty "
            "network namespace); ALLOW_UNISOLATED_WORKERS accepts the query gate alone.",
            file=sys.stderr,
            flush=True,
        )
    # Import the web layer here, in the master, so that every forked worker starts with Flask,
    # rdflib's SPARQL grammar and the blueprints already imported (0.3 s each otherwise, on the
    # way to the first answer). Only imports: the app, its threads and its query workers are
    # still created after the fork (gunicorn's preload_app stays off).
    preload_modules()

    shown = f"[{host}]" if ":" in host else host
    print(
        f"Serving the knowledge graph at http://{shown}:{port}/ "
        f"(SPARQL endpoint: http://{shown}:{port}/sparql). Press Ctrl+C to stop.",
        flush=True,
    )
    _Server(gunicorn_options(host, port, settings), overrides).run()
