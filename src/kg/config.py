"""One table of settings, each with its default and help (after datasette's ``SETTINGS``).

Values come from the defaults, then ``KG_<NAME>`` environment variables, then the mapping a
caller passes (tests, ``create_app(config)``). The README's "Settings" section is checked
against this table by ``tests/test_docs.py``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict, cast

from kg.errors import InputError


class Settings(TypedDict):
    """Every setting by name, with the type of its default (``tests/test_config.py`` checks
    that this and :data:`SETTINGS` list the same names with the same types)."""

    BASE_IRI: str
    SPARQL_TIME_LIMIT_MS: int
    SPARQL_MAX_QUERY_BYTES: int
    SPARQL_MAX_ROWS: int
    SPARQL_MAX_RESULT_BYTES: int
    MAX_REQUEST_BYTES: int
    SPARQL_WORKERS: int
    WORKER_MEMORY_MB: int
    STORE: str
    STORE_USER: str
    STORE_PASSWORD: str
    STORE_AUTH: str
    STORE_GRAPH_STORE: str
    STORE_MAX_ROWS: int
    CACHE_ENTRIES: int
    CACHE_MAX_MB: int
    CACHE_MAX_AGE: int
    SERVER_PROCESSES: int
    SERVER_THREADS: int
    REQUEST_TIMEOUT: int
    TRUSTED_PROXIES: int
    ALLOW_UNISOLATED_WORKERS: bool
    REQUEST_LOG: bool
    ACCESS_LOG: str


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "BASE_IRI",
        "https://kg.example.org/",
        "Namespace of every IRI the project mints (instances, ontology, graphs); "
        "the build rewrites the curated files' namespace to it.",
    ),
    Setting(
        "SPARQL_TIME_LIMIT_MS",
        10_000,
        "Wall-clock limit for one query; a request may lower it with ?timeout=ms, never raise it. "
        "The worker evaluating a query past it is killed and replaced.",
    ),
    Setting("SPARQL_MAX_QUERY_BYTES", 32_768, "Largest query text accepted, in UTF-8 bytes."),
    Setting(
        "SPARQL_MAX_ROWS",
        10_000,
        "Most result rows (or triples) returned; more are cut and the cut is stated.",
    ),
    Setting(
        "SPARQL_MAX_RESULT_BYTES",
        16 * 1024 * 1024,
        "Largest serialized result; larger results are refused with 503.",
    ),
    Setting("MAX_REQUEST_BYTES", 1024 * 1024, "Largest request body accepted (HTTP 413 beyond)."),
    Setting("SPARQL_WORKERS", 2, "Query worker processes per server process."),
    Setting("WORKER_MEMORY_MB", 2048, "Address-space limit of a query worker (RLIMIT_AS), in MiB."),
    Setting(
        "STORE",
        "memory",
        "Where queries run: 'memory' (embedded Oxigraph, loaded from the build), a "
        "path to an on-disk Oxigraph store made by `kg load`, opened read-only and shared by "
        "every worker process (no build needed), or an external SPARQL store's query endpoint "
        "as sparql+http://host:port/path (docs/remote-store.md).",
    ),
    Setting(
        "STORE_USER",
        "",
        "User name for an external store (HTTP Basic); set it only in the environment.",
    ),
    Setting(
        "STORE_PASSWORD",
        "",
        "Password for an external store; from the environment only, never shown in "
        "pages, logs or errors.",
    ),
    Setting(
        "STORE_AUTH",
        "basic",
        "How STORE_USER and STORE_PASSWORD are sent to an external store: 'basic' or "
        "'digest' (HTTP Digest, RFC 7616; Virtuoso's /sparql-auth).",
    ),
    Setting(
        "STORE_GRAPH_STORE",
        "",
        "The external store's Graph Store Protocol endpoint for `kg load --into`; empty: "
        "derived from STORE for the stores docs/remote-store.md lists.",
    ),
    Setting(
        "STORE_MAX_ROWS",
        0,
        "The external store's own cap on result rows (Virtuoso's ResultSetMaxRows), which it "
        "applies silently; an answer that reaches it is reported as cut. 0: none.",
    ),
    Setting(
        "CACHE_ENTRIES",
        512,
        "Most entries in each of a process's two caches: query results, and whole "
        "responses to repeated GET requests; 0 turns both off.",
    ),
    Setting(
        "CACHE_MAX_MB",
        64,
        "Most memory each of a process's two caches may hold, in MiB; the least recently "
        "used entries are dropped first, and a response over an eighth of it is not kept.",
    ),
    Setting(
        "CACHE_MAX_AGE",
        300,
        "Seconds a client or proxy may reuse a GET answer (Cache-Control max-age); "
        "answers also carry an ETag from the dataset version, so revalidation is cheap.",
    ),
    Setting(
        "SERVER_PROCESSES", 2, "HTTP server (gunicorn) worker processes started by `kg serve`."
    ),
    Setting(
        "SERVER_THREADS",
        8,
        "Request threads per HTTP server process; a slow query occupies one thread, "
        "so the others keep answering.",
    ),
    Setting(
        "REQUEST_TIMEOUT",
        10,
        "Seconds a client has to send a whole request (headers and body) once it starts; "
        "slower clients are disconnected, and until then they hold no request thread.",
    ),
    Setting(
        "TRUSTED_PROXIES",
        0,
        "Reverse proxies in front of the server whose X-Forwarded-For, -Proto, -Host and "
        "-Prefix headers are believed (Werkzeug's ProxyFix); 0 ignores those headers, so a "
        "client cannot choose the URLs the server advertises.",
    ),
    Setting(
        "ALLOW_UNISOLATED_WORKERS",
        False,
        "Serve even where the kernel refuses query workers an empty network namespace "
        "(unshare); then the query gate alone keeps queries off the network. Off: `kg serve` "
        "says so and refuses to start.",
    ),
    Setting(
        "REQUEST_LOG",
        True,
        "Write one JSON line per request (method, path, status, bytes, latency, request id) "
        "to standard error; the request id is the client's X-Request-ID when it is 1-128 safe "
        "characters, else generated.",
    ),
    Setting(
        "ACCESS_LOG",
        "",
        "A file for gunicorn's own access log (`-` for standard output); empty: none. "
        "Independent of REQUEST_LOG.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, raw: Any) -> Any:
    """Give ``raw`` the type of the setting's default; environment values arrive as strings."""
    target = type(setting.default)
    if isinstance(raw, target) and not (target is int and isinstance(raw, bool)):
        return raw
    try:
        if target is bool:
            return str(raw).strip().lower() in {"1", "true", "yes", "on"}
        return target(raw)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"setting {setting.name}: {raw!r} is not a valid {target.__name__}"
        ) from exc


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Resolve every setting: default, then ``KG_<NAME>``, then ``overrides``."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = setting.default
        if f"KG_{setting.name}" in env:
            raw = env[f"KG_{setting.name}"]
        if overrides and setting.name in overrides:
            raw = overrides[setting.name]
        values[setting.name] = _coerce(setting, raw)
    if not str(values["BASE_IRI"]).endswith("/"):
        raise InputError(f"setting BASE_IRI must end with '/': {values['BASE_IRI']!r}")
    if values["STORE_AUTH"] not in ("basic", "digest"):
        raise InputError(
            f"setting STORE_AUTH must be 'basic' or 'digest': {values['STORE_AUTH']!r}"
        )
    return cast(Settings, values)  # every name of the table, each coerced to its type


def setting(name: str) -> Setting:
    """The table row for ``name``."""
    return _BY_NAME[name]
