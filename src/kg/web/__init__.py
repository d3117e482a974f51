"""The Flask application: one factory, the dataset loaded once, thin blueprints on top.

``create_app(config)`` resolves the settings table (defaults, ``KG_*`` environment, then
``config``), opens the current build, starts the query worker pool and registers the
blueprints named in :data:`BLUEPRINTS` (each module exposes ``bp``). Views reach the dataset
through :func:`get_kg`; nothing re-reads the build per request (Flask tutorial's ``get_db``).

Rule: the only package that imports Flask. Views are thin: they read the request, ask a page
model (:mod:`kg.pages`) or the query service (:mod:`kg.query`), and answer through
:mod:`kg.web.http` (entity tags, conditional GET, ``Vary``); errors become statuses in
:mod:`kg.web.errorpages`, nowhere else.
"""

from __future__ import annotations

import atexit
import importlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

from kg import __version__
from kg.cache import BoundedCache
from kg.config import Settings, load_settings
from kg.iris import IRIs
from kg.output import BuildOutput
from kg.paths import ProjectPaths, project_paths
from kg.query.canned import CannedQuery, load_canned
from kg.query.remote_runner import RemoteRunner
from kg.query.sparql import Limits
from kg.query.workers import QueryService, WorkerConfig, WorkerPool
from kg.store.backend import open_backend
from kg.store.embedded import OxigraphStore
from kg.store.remote import RemoteStore
from kg.vocab import prefixes
from kg.web import errorpages
from kg.web.http import entity_tag

log = logging.getLogger(__name__)

#: Blueprint modules, registered in this order; each exposes ``bp``. Add a line to add one.
BLUEPRINTS: tuple[str, ...] = (
    "kg.web.endpoint",
    "kg.web.queries",
    "kg.web.pages",  # home, search, article, timeline, validation (+ the footer's card)
    "kg.web.claims",  # /claims, /claims.csv, /api/claims, /api/entity (issue 13)
    "kg.web.linkeddata",  # dereferencing /id/*, /ontology*, /graph/*, /dataset
    "kg.web.dumps",  # /dumps/dataset.*, /.well-known/void
    "kg.web.ops",  # /healthz, /readyz, /openapi.json
)

#: The one inline ``style`` attribute allowed, by its hash: ``tab-size: 4``, which CodeMirror 6
#: always writes on its editing element (``@codemirror/view``, ``contentAttrs``). A nonce cannot
#: allow it (CSP Level 3 nonces apply to elements, not attributes; 'unsafe-hashes', sec. 8.3).
CODEMIRROR_STYLE_ATTR = "'sha256-qokx773Tl626SVTuhxQSccr23ixTSkbnBXWRqLjyuIg='"
#: No external source of any kind: every script, style and font is served by this app.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    f"style-src-attr 'unsafe-hashes' {CODEMIRROR_STYLE_ATTR}; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
CORS_EXPOSED = "ETag, Link, X-KG-Rows, X-KG-Truncated, X-KG-Time-Limit-Ms, X-KG-Version"


def answer_headers(
    version: str, limit_ms: int, rows: int | None = None, truncated: bool = False
) -> dict[str, str]:
    """The X-KG-* headers of a query answer, for the endpoint and the query page alike: the
    dataset version, the time limit that applied, the rows kept, and the cut when there was
    one (never silent)."""
    headers = {"X-KG-Version": version, "X-KG-Time-Limit-Ms": str(limit_ms)}
    if rows is not None:
        headers["X-KG-Rows"] = str(rows)
    if truncated:
        headers["X-KG-Truncated"] = f"true; rows={rows}; setting=SPARQL_MAX_ROWS"
    return headers


@dataclass
class KGContext:
    """Everything a view needs, created once per process."""

    settings: Settings
    paths: ProjectPaths
    build: BuildOutput
    iris: IRIs
    store: OxigraphStore | RemoteStore  # the app's own trusted lookups (labels, pages)
    service: QueryService  # visitors' queries, evaluated in killable worker processes
    canned: dict[str, CannedQuery]
    prefixes: dict[str, str]
    #: Objects made once per process, a fixed number of them (page models, the OpenAPI
    #: document, the VoID description per format).
    cache: dict[Any, Any] = field(default_factory=dict)
    #: Documents keyed by what a request names (an entity's RDF, the service description per
    #: endpoint URL, which includes the Host header): bounded, or a client could fill memory.
    documents: BoundedCache[bytes] = field(
        default_factory=lambda: BoundedCache(4096, 64 * 1024 * 1024, len)
    )

    @property
    def version(self) -> str:
        return self.store.version

    @property
    def store_identity(self) -> str:
        """What decides a body besides the version: which store answers (an external store's
        URL, credentials never in it) and whether the build is there (its report, its dumps'
        bytes). Two servers of one version differ in these, and their bodies may too."""
        where = self.store.endpoint if isinstance(self.store, RemoteStore) else "embedded"
        return f"{where} build={self.has_build}"

    def entity_tag(self, *parts: object) -> str:
        """The ETag of the representation ``parts`` select, of this version from this store
        (RFC 9110 §8.8.3: a strong tag changes whenever the bytes may)."""
        return entity_tag(self.version, self.store_identity, *parts)

    @property
    def has_build(self) -> bool:
        """False when serving an on-disk store alone (``STORE=<path>`` without its build)."""
        return not self.build.manifest.get("from_store", False)

    @property
    def max_age(self) -> int:
        """How long a client or shared cache may reuse an answer (``Cache-Control: max-age``)."""
        return self.settings["CACHE_MAX_AGE"]

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
    iris = IRIs(settings["BASE_IRI"])
    bound = prefixes(iris)
    limits = Limits.from_settings(settings)
    backend = open_backend(settings, paths)
    build, store, on_disk = backend.build, backend.store, backend.on_disk
    pool: WorkerPool | RemoteRunner
    if isinstance(store, RemoteStore):
        # An external SPARQL store evaluates every query; no worker processes.
        pool = RemoteRunner(store, limits, bound, iris.endpoint)
    else:
        # On disk, every worker opens the one store read-only; in memory, each loads the build.
        worker_config = WorkerConfig(
            None if on_disk else str(build.nquads),
            limits,
            settings["WORKER_MEMORY_MB"],
            bound,
            store_path=str(on_disk) if on_disk else None,
            base_iri=iris.endpoint,
        )
        pool = WorkerPool(worker_config, settings["SPARQL_WORKERS"])
    service = QueryService(
        pool,
        limits,
        store.version,
        settings["CACHE_ENTRIES"],
        settings["CACHE_MAX_MB"] * 1024 * 1024,
        store,
    )
    queries_dir = Path(config.get("QUERIES_DIR") or paths.queries_dir)
    documents: BoundedCache[bytes] = BoundedCache(
        settings["CACHE_ENTRIES"], settings["CACHE_MAX_MB"] * 1024 * 1024, len
    )
    return KGContext(
        settings,
        paths,
        build,
        iris,
        store,
        service,
        load_canned(queries_dir, bound),
        bound,
        documents=documents,
    )


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
    app.config.update(
        TESTING=bool(config.get("TESTING")),
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=kg.settings["MAX_REQUEST_BYTES"],
    )
    app.after_request(_security_headers)
    app.context_processor(lambda: {"kg": kg, "kg_version": __version__})
    errorpages.register(app)
    app.config["KG_REQUEST_LOG"] = kg.settings["REQUEST_LOG"]
    for module in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(module).bp)
    from kg.web.front import Front  # request ids, the access log, repeated GETs (issue 5, 7)

    app.wsgi_app = Front(  # type: ignore[method-assign]  # Flask's documented middleware hook
        app,
        kg.settings["CACHE_ENTRIES"],
        kg.settings["CACHE_MAX_MB"] * 1024 * 1024,
    )
    _trust_proxies(app, kg.settings["TRUSTED_PROXIES"])
    return app


def _trust_proxies(app: Flask, proxies: int) -> None:
    """Believe the X-Forwarded-* headers of ``proxies`` reverse proxies (Werkzeug's ProxyFix).

    Outermost, so the response cache (keyed on scheme and host, RFC 9111 §2), the access log
    and every URL the app builds (the service description's ``sd:endpoint``, page links) see
    the client's URL, which then agrees with the ``https`` IRIs under ``BASE_IRI`` that VoID
    names (docs/linked-data.md). With 0, nothing is wrapped and the headers are ignored.
    """
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies
        )
