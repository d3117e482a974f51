"""The Flask application: one factory, the dataset loaded once, thin blueprints on top.

``create_app(config)`` resolves the settings table (defaults, ``KG_*`` environment, then
``config``), opens the current build, starts the query worker pool and registers the
blueprints named in :data:`BLUEPRINTS` (each module exposes ``bp``). Views reach the dataset
through :func:`get_kg`; nothing re-reads the build per request (Flask tutorial's ``get_db``).
"""

from __future__ import annotations

import atexit
import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request

from kg import __version__
from kg.canned import CannedQuery, load_canned
from kg.config import load_settings
from kg.iris import IRIs
from kg.output import BuildOutput, read_build
from kg.paths import ProjectPaths, project_paths
from kg.sparql import Limits
from kg.store import OxigraphStore
from kg.vocab import prefixes
from kg.web import errors
from kg.workers import QueryService, WorkerConfig, WorkerPool

#: Blueprint modules, registered in this order; each exposes ``bp``. Add a line to add one.
BLUEPRINTS: tuple[str, ...] = (
    "kg.web.endpoint",
    "kg.web.canned",
    "kg.web.pages",       # home, search, article, timeline, validation (+ the footer's card)
    "kg.web.linkeddata",  # dereferencing /id/*, /ontology*, /graph/*, /dataset
    "kg.web.dumps",       # /dumps/dataset.*, /.well-known/void
)

#: No external source of any kind: every script, style and font is served by this app.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
CORS_EXPOSED = "ETag, Link, X-KG-Rows, X-KG-Truncated, X-KG-Time-Limit-Ms, X-KG-Version"


@dataclass
class KGContext:
    """Everything a view needs, created once per process."""

    settings: dict[str, Any]
    paths: ProjectPaths
    build: BuildOutput
    iris: IRIs
    store: OxigraphStore      # in-process, for the app's own trusted lookups (labels, pages)
    service: QueryService     # visitors' queries, evaluated in killable worker processes
    canned: dict[str, CannedQuery]
    prefixes: dict[str, str]
    cache: dict[Any, Any] = field(default_factory=dict)  # derived documents (service description)

    @property
    def version(self) -> str:
        return self.build.version

    @property
    def limits(self) -> Limits:
        return self.service.limits

    def close(self) -> None:
        self.service.close()


def get_kg() -> KGContext:
    """The dataset context of the current app."""
    return current_app.extensions["kg"]  # type: ignore[no-any-return]


def _context(config: Mapping[str, Any]) -> KGContext:
    settings = load_settings(config)
    paths = project_paths(config.get("ROOT"), config.get("BUILD_DIR"))
    build = read_build(paths)
    iris = IRIs(settings["BASE_IRI"])
    bound = prefixes(iris)
    limits = Limits.from_settings(settings)
    pool = WorkerPool(WorkerConfig(str(build.nquads), limits, int(settings["WORKER_MEMORY_MB"]),
                                   bound), int(settings["SPARQL_WORKERS"]))
    service = QueryService(pool, limits, build.version, int(settings["CACHE_ENTRIES"]))
    queries_dir = Path(config.get("QUERIES_DIR") or paths.queries_dir)
    return KGContext(settings, paths, build, iris, OxigraphStore.from_build(build), service,
                     load_canned(queries_dir, bound), bound)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("Referrer-Policy", "same-origin")
    # CORS for any origin, never with credentials (Fetch standard, CORS protocol).
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = CORS_EXPOSED
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` may hold settings (see ``kg.config.SETTINGS``) and the paths
    ``ROOT``, ``BUILD_DIR`` and ``QUERIES_DIR``.

    :raises BuildMissing: there is no complete build output.
    """
    config = dict(config or {})
    app = Flask(__name__)
    kg = _context(config)
    atexit.register(kg.close)
    app.extensions["kg"] = kg
    app.config.update(TESTING=bool(config.get("TESTING")), JSON_SORT_KEYS=False,
                      MAX_CONTENT_LENGTH=int(kg.settings["MAX_REQUEST_BYTES"]))
    app.after_request(_security_headers)
    app.context_processor(lambda: {"kg": kg, "kg_version": __version__})
    errors.register(app)
    for module in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(module).bp)
    return app
