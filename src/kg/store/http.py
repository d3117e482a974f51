"""HTTP to an external SPARQL store: its URLs, credentials and pooled session.

Credentials come only from the settings ``STORE_USER`` / ``STORE_PASSWORD`` (the environment's
``KG_STORE_USER`` / ``KG_STORE_PASSWORD``), sent with HTTP Basic or, with ``STORE_AUTH=digest``,
HTTP Digest (RFC 7616: Virtuoso's ``/sparql-auth``); a URL carrying them is refused, and
:func:`secret_forms` lists every form in which they could leak into a message.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.auth import HTTPDigestAuth
from urllib3.util.retry import Retry

from kg.config import Settings
from kg.errors import (
    InputError,
)


def endpoint_of(url: str) -> str:
    """The HTTP query endpoint of a ``sparql+http://host:port/path`` URL (plain http(s) too).

    :raises InputError: not an http(s) URL, or it carries credentials (they belong in the
        environment, where they cannot leak into logs, process lists or error pages).
    """
    plain = url.strip()
    if plain.lower().startswith("sparql+"):
        plain = plain[len("sparql+") :]
    parts = urlsplit(plain)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"STORE: {scrub_url(url)!r} is not a sparql+http://host:port/path URL")
    if parts.username or parts.password:
        raise InputError(
            "STORE: put the store's credentials in KG_STORE_USER and "
            "KG_STORE_PASSWORD, not in the URL"
        )
    return plain


def scrub_url(url: str) -> str:
    """``url`` without any user information."""
    return re.sub(r"//[^/@]*@", "//***@", url)


def graph_store_of(query_url: str) -> str:
    """The Graph Store Protocol endpoint beside a query endpoint, for the stores we document.

    Oxigraph server: ``/query`` → ``/store``; Virtuoso: ``/sparql`` → ``/sparql-graph-crud``
    and ``/sparql-auth`` → ``/sparql-graph-crud-auth``; Fuseki: ``/ds/query`` or ``/ds/sparql`` →
    ``/ds/data``; GraphDB and RDF4J: ``/repositories/R`` → ``/repositories/R/rdf-graphs/service``.

    :raises InputError: no rule applies; pass the endpoint explicitly (``--graph-store``).
    """
    endpoint = endpoint_of(query_url)
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if path in ("/sparql", "/sparql-auth"):  # Virtuoso: its SPARQL Graph Store endpoints
        new = "/sparql-graph-crud" + path[len("/sparql") :]
    elif path == "/query":
        new = "/store"
    elif path.endswith(("/query", "/sparql")):
        new = path.rsplit("/", 1)[0] + "/data"
    elif re.search(r"/repositories/[^/]+$", path):
        new = path + "/rdf-graphs/service"
    else:
        raise InputError(
            f"cannot tell the Graph Store endpoint of {endpoint}; pass "
            f"--graph-store URL (SPARQL 1.1 Graph Store HTTP Protocol)"
        )
    return parts._replace(path=new, query="", fragment="").geturl()


def credentials(settings: Settings) -> tuple[str, str] | None:
    """HTTP Basic credentials from the settings ``STORE_USER`` / ``STORE_PASSWORD`` (set as
    ``KG_STORE_USER`` / ``KG_STORE_PASSWORD`` in the environment), if any."""
    user, password = settings["STORE_USER"], settings["STORE_PASSWORD"]
    return (user, password) if user or password else None


def new_session(
    auth: tuple[str, str] | None, pool_size: int = 16, scheme: str = "basic"
) -> requests.Session:
    """A pooled HTTP client: keep-alive connections shared by every request thread.

    A connection refused or reset before anything was sent is retried once (a pooled
    connection may have been closed by a restarted store); a request once sent is never
    retried (``read=False`` also keeps a read timeout a timeout: urllib3 would otherwise wrap
    it as a retry error that requests reports as a connection error).
    """
    session = requests.Session()
    # Digest answers a first request with a challenge (401) and needs the body again, so every
    # body we send is bytes, never a stream (kg.store.gsp).
    session.auth = HTTPDigestAuth(*auth) if auth and scheme == "digest" else auth
    session.trust_env = False  # no proxy or .netrc from the environment: 127.0.0.1 is meant
    retry = Retry(
        total=1,
        connect=1,
        read=False,
        status=0,
        other=0,
        backoff_factor=0,
        allowed_methods=None,
        raise_on_status=False,
    )
    adapter = HTTPAdapter(pool_connections=2, pool_maxsize=pool_size, max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def secret_forms(auth: tuple[str, str] | None) -> tuple[str, ...]:
    """Every form in which the credentials could appear in a message (longest first)."""
    if not auth:
        return ()
    import base64

    user, password = auth
    pair = f"{user}:{password}"
    forms = {pair, base64.b64encode(pair.encode()).decode(), quote(password, safe=""), password}
    return tuple(sorted((f for f in forms if len(f) >= 3), key=len, reverse=True))
