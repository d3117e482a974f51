"""An external SPARQL store as the backend: Oxigraph server, Fuseki, GraphDB, QLever, ...

Only standard protocols are spoken: SPARQL 1.1 Protocol §2.1.2 (query via URL-encoded POST)
for every read, and the SPARQL 1.1 Graph Store HTTP Protocol for loading (§5.3 PUT replaces a
graph, §5.4 DELETE removes one), so a re-run of ``kg load --into`` replaces and never
duplicates. Answers come back as SPARQL JSON results or N-Triples and are parsed into
pyoxigraph's own objects (``QuerySolutions``, ``QueryBoolean``, triples), so
:func:`kg.sparql.execute` and every page consume them unchanged.

:class:`RemoteStore` offers both the :class:`kg.store.Store` interface and the part of
``pyoxigraph.Store`` the pages use (``query`` with its keyword arguments,
``quads_for_pattern``, ``named_graphs``); ``RemoteStore.store`` is the store itself.

The dataset is always made explicit (``default-graph-uri`` and ``named-graph-uri`` for each
graph of the dataset, SPARQL 1.1 Protocol §2.1.4): the default graph is the union of the named
graphs on every store, whatever its own default-graph configuration, and the load marker graph
(:data:`MARKER_GRAPH`) is never visible to a query.

Credentials come only from the environment (``KG_STORE_USER`` / ``KG_STORE_PASSWORD``, HTTP
Basic); a URL carrying them is refused, and every message this module produces is scrubbed of
them (:meth:`RemoteStore.scrub`).
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from kg.errors import (
    BuildMissing,
    InputError,
    QueryLimitExceeded,
    QuerySyntaxError,
    UpstreamError,
    UpstreamTimeout,
)
from kg.output import BuildOutput, read_build
from kg.paths import ProjectPaths
from kg.sparql import (
    Limits,
    QueryRequest,
    QueryResult,
    execute,
    expand_codepoint_escapes,
    parse,
)

#: The graph ``kg load --into`` writes last: the dataset's version and its graphs.
MARKER_GRAPH = "urn:x-kg:load"
MARKER = "urn:x-kg:load"
VERSION = "urn:x-kg:version"
HAS_GRAPH = "urn:x-kg:graph"

RESULTS_ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, "
                  "text/turtle;q=0.5")
CONNECT_TIMEOUT_S = 3.0
LOAD_TIMEOUT_S = 600.0
PATTERN_CACHE_ENTRIES = 8192
CHUNK_TRIPLES = 20_000


def is_remote(store_setting: str) -> bool:
    """The STORE setting names an external SPARQL store (``sparql+http(s)://…``)."""
    return store_setting.strip().lower().startswith(("sparql+http://", "sparql+https://"))


def endpoint_of(url: str) -> str:
    """The HTTP query endpoint of a ``sparql+http://host:port/path`` URL (plain http(s) too).

    :raises InputError: not an http(s) URL, or it carries credentials (they belong in the
        environment, where they cannot leak into logs, process lists or error pages).
    """
    plain = url.strip()
    if plain.lower().startswith("sparql+"):
        plain = plain[len("sparql+"):]
    parts = urlsplit(plain)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"STORE: {scrub_url(url)!r} is not a sparql+http://host:port/path URL")
    if parts.username or parts.password:
        raise InputError("STORE: put the store's credentials in KG_STORE_USER and "
                         "KG_STORE_PASSWORD, not in the URL")
    return plain


def scrub_url(url: str) -> str:
    """``url`` without any user information."""
    return re.sub(r"//[^/@]*@", "//***@", url)


def graph_store_of(query_url: str) -> str:
    """The Graph Store Protocol endpoint beside a query endpoint, for the stores we document.

    Oxigraph server: ``/query`` → ``/store``; Fuseki: ``/ds/query`` or ``/ds/sparql`` →
    ``/ds/data``; GraphDB and RDF4J: ``/repositories/R`` → ``/repositories/R/rdf-graphs/service``.

    :raises InputError: no rule applies; pass the endpoint explicitly (``--graph-store``).
    """
    endpoint = endpoint_of(query_url)
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if path == "/query":
        new = "/store"
    elif path.endswith(("/query", "/sparql")):
        new = path.rsplit("/", 1)[0] + "/data"
    elif re.search(r"/repositories/[^/]+$", path):
        new = path + "/rdf-graphs/service"
    else:
        raise InputError(f"cannot tell the Graph Store endpoint of {endpoint}; pass "
                         f"--graph-store URL (SPARQL 1.1 Graph Store HTTP Protocol)")
    return parts._replace(path=new, query="", fragment="").geturl()


def credentials(settings: Mapping[str, Any]) -> tuple[str, str] | None:
    """HTTP Basic credentials from the settings ``STORE_USER`` / ``STORE_PASSWORD`` (set as
    ``KG_STORE_USER`` / ``KG_STORE_PASSWORD`` in the environment), if any."""
    user, password = str(settings.get("STORE_USER", "")), str(settings.get("STORE_PASSWORD", ""))
    return (user, password) if user or password else None


def new_session(auth: tuple[str, str] | None, pool_size: int = 16) -> requests.Session:
    """A pooled HTTP client: keep-alive connections shared by every request thread.

    A connection refused or reset before anything was sent is retried once (a pooled
    connection may have been closed by a restarted store); a request once sent is never
    retried (``read=False`` also keeps a read timeout a timeout: urllib3 would otherwise wrap
    it as a retry error that requests reports as a connection error).
    """
    session = requests.Session()
    session.auth = auth
    session.trust_env = False  # no proxy or .netrc from the environment: 127.0.0.1 is meant
    retry = Retry(total=1, connect=1, read=False, status=0, other=0, backoff_factor=0,
                  allowed_methods=None, raise_on_status=False)
    adapter = HTTPAdapter(pool_connections=2, pool_maxsize=pool_size, max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _term(value: Any) -> str:
    """An RDF term in SPARQL/N-Triples syntax (pyoxigraph escapes it; nothing is spliced raw)."""
    if isinstance(value, str):
        value = ox.NamedNode(value)
    return str(value)


# -- query text: parameters as a VALUES block at the head of the WHERE group -------------

_IRIREF = re.compile(r'<[^<>"{}|^`\\\s]*>')
_WORD = re.compile(r"[A-Za-z_]+")


def _strings_end(text: str, i: int) -> int:
    quote_char = text[i]
    long = text.startswith(quote_char * 3, i)
    closer = quote_char * 3 if long else quote_char
    j = i + len(closer)
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(closer, j):
            return j + len(closer)
        j += 1
    return j


def _tokens(text: str) -> Iterator[tuple[int, str]]:
    """Braces and keywords of a query outside comments, IRIs and strings, with positions."""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif ch in "\"'":
            i = _strings_end(text, i)
        elif ch == "<" and (m := _IRIREF.match(text, i)):
            i = m.end()
        elif ch in "{}":
            yield i, ch
            i += 1
        elif ch.isalpha() and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "?$:_")):
            m = _WORD.match(text, i)
            assert m is not None
            yield i, m.group().upper()
            i = m.end()
        else:
            i += 1


def where_brace(text: str) -> int:
    """Index of the ``{`` opening the query's WHERE group (after a CONSTRUCT template)."""
    tokens = list(_tokens(text))
    skip_template = False
    depth = 0
    for n, (pos, tok) in enumerate(tokens):
        if tok == "CONSTRUCT" and n + 1 < len(tokens) and tokens[n + 1][1] == "{":
            skip_template = True
        elif tok == "{":
            if skip_template or depth:
                depth += 1
                continue
            return pos
        elif tok == "}" and depth:
            depth -= 1
            if depth == 0:
                skip_template = False
    raise QuerySyntaxError("the query has no WHERE group")


def with_values(text: str, substitutions: Mapping[Any, Any]) -> str:
    """Bind variables as a one-row ``VALUES`` block at the head of the WHERE group.

    The same answers as Oxigraph's ``substitutions`` (SEP-0007 style initial bindings) for
    our parameterised queries: the block joins the whole group, before its FILTERs, OPTIONALs
    and any aggregation (a trailing VALUES clause would join after GROUP BY, SPARQL 1.1 Query
    §18.2.4.3). Values are pyoxigraph terms, written in their own escaped syntax.
    """
    if not substitutions:
        return text
    names = " ".join(f"?{getattr(v, 'value', v)}" for v in substitutions)
    values = " ".join(_term(t) for t in substitutions.values())
    at = where_brace(text) + 1
    return f"{text[:at]} VALUES ({names}) {{ ({values}) }} {text[at:]}"


# -- the store -----------------------------------------------------------------------------


@dataclass
class RemoteStore:
    """A SPARQL store over HTTP, read-only from here; thread-safe (one pooled session)."""

    endpoint: str
    session: requests.Session
    time_limit_ms: int
    max_body_bytes: int
    secrets: tuple[str, ...] = ()
    version: str = ""                # the first 16 hex digits of ``sha256``, as a build's
    sha256: str = ""
    graphs: tuple[str, ...] = ()
    marker: dict[str, Any] = field(default_factory=dict)
    _counts: dict[str, int] | None = field(default=None, repr=False)
    _patterns: dict[tuple[str, ...], list[ox.Quad]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def connect(cls, url: str, settings: Mapping[str, Any]) -> RemoteStore:
        """Open the store the STORE setting names; read its graphs and dataset version.

        :raises UpstreamError: the store cannot be reached or refuses the first query.
        """
        auth = credentials(settings)
        store = cls(endpoint_of(url), new_session(auth, int(settings.get("SERVER_THREADS", 8)) * 2),
                    int(settings["SPARQL_TIME_LIMIT_MS"]),
                    4 * int(settings["SPARQL_MAX_RESULT_BYTES"]), secret_forms(auth))
        store.marker = store._read_marker()
        store.graphs = tuple(store.marker.get("graphs") or store._discover_graphs())
        store.sha256 = store.marker.get("version") or counts_digest(store.graph_counts())
        store.version = store.sha256[:16]
        return store

    # -- the ox.Store-like surface the pages use --

    @property
    def store(self) -> RemoteStore:
        """Pages reach ``ctx.store.store`` for pyoxigraph's API; this store offers that too."""
        return self

    def query(self, sparql: str, *, default_graph: Iterable[Any] | None = None,
              named_graphs: Iterable[Any] | None = None, use_default_graph_as_union: bool = False,
              substitutions: Mapping[Any, Any] | None = None,
              timeout_ms: int | None = None) -> Any:
        """Evaluate ``sparql`` on the store; the default graph is the union unless given.

        Returns ``QuerySolutions``, ``QueryBoolean`` or a list of ``Triple`` like pyoxigraph.
        """
        _ = use_default_graph_as_union  # the union is the default here, as in OxigraphStore
        text = with_values(sparql, substitutions or {})
        defaults = list(self.graphs) if default_graph is None else [_iri(g) for g in default_graph]
        named = list(self.graphs) if named_graphs is None else [_iri(g) for g in named_graphs]
        form = [("query", text), *(("default-graph-uri", g) for g in defaults),
                *(("named-graph-uri", g) for g in named)]
        # An empty list of default graphs must still mean "empty", not "the store's own".
        if default_graph is not None and not defaults:
            form.append(("default-graph-uri", MARKER_GRAPH + ":none"))
        body, media_type = self._post(form, timeout_ms or self.time_limit_ms)
        return parse_answer(body, media_type)

    def quads_for_pattern(self, subject: Any = None, predicate: Any = None, obj: Any = None,
                          graph_name: Any = None) -> list[ox.Quad]:
        """Quads matching a pattern (pyoxigraph's method), cached: the dataset never changes."""
        key = tuple("" if t is None else str(t) for t in (subject, predicate, obj, graph_name))
        with self._lock:
            cached = self._patterns.get(key)
        if cached is not None:
            return cached
        s, p, o = (_term(t) if t is not None else f"?{v}"
                   for t, v in ((subject, "s"), (predicate, "p"), (obj, "o")))
        g = _term(graph_name) if isinstance(graph_name, ox.NamedNode) else "?g"
        rows = self.query(f"SELECT * WHERE {{ GRAPH {g} {{ {s} {p} {o} }} }}")
        quads = [ox.Quad(subject if subject is not None else row["s"],
                         predicate if predicate is not None else row["p"],
                         obj if obj is not None else row["o"],
                         graph_name if isinstance(graph_name, ox.NamedNode) else row["g"])
                 for row in rows]
        with self._lock:
            if len(self._patterns) >= PATTERN_CACHE_ENTRIES:
                self._patterns.clear()
            self._patterns[key] = quads
        return quads

    def named_graphs(self) -> list[ox.NamedNode]:
        return [ox.NamedNode(g) for g in self.graphs]

    # -- the kg.store.Store surface --

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph (cached: the dataset does not change while served)."""
        if self._counts is None:
            rows = self.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                              "GROUP BY ?g", named_graphs=self.graphs or None)
            self._counts = {row["g"].value: int(row["n"].value) for row in rows
                            if row["g"].value != MARKER_GRAPH}
        return dict(sorted(self._counts.items()))

    def class_counts(self) -> dict[str, int]:
        """Members per class, counted as the build counts them: over the instance graphs,
        not the ontology's or the VoID description's (``kg.build.manifest_of``)."""
        typed = [g for g in self.graphs if not g.endswith(("/graph/ontology", "/graph/void"))]
        rows = self.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c "
                          "FILTER(isIRI(?c)) } GROUP BY ?c", default_graph=typed or None)
        return dict(sorted((row["c"].value, int(row["n"].value)) for row in rows))

    def bounded(self, limit_ms: int) -> BoundedStore:
        return BoundedStore(self, limit_ms)

    def ping(self) -> bool:
        """The store answers a trivial query now (``/readyz``)."""
        try:
            self._post([("query", "ASK {}")], min(self.time_limit_ms, 2000))
        except UpstreamError:
            return False
        return True

    def close(self) -> None:
        self.session.close()

    def materialize(self, target: Path) -> Path:
        """Write the dataset as sorted N-Quads (a build's ``dataset.nq``) for the dumps.

        Fetched graph by graph with CONSTRUCT, once per process and version; written
        atomically, so concurrent replicas on one machine may share the file.
        """
        from kg.export import write_atomically

        if target.exists():
            return target
        lines: set[str] = set()
        for graph in self.graphs:
            triples = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {_term(graph)} "
                                 f"{{ ?s ?p ?o }} }}", timeout_ms=int(LOAD_TIMEOUT_S * 1000))
            quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph)) for t in triples]
            text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
            lines.update(line for line in text.decode("utf-8").splitlines() if line.strip())
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, ("\n".join(sorted(lines)) + "\n").encode("utf-8"))
        return target

    # -- HTTP --

    def scrub(self, text: str) -> str:
        """``text`` with every form of the credentials replaced by ``***``."""
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return scrub_url(text)

    def _post(self, form: list[tuple[str, str]], limit_ms: int) -> tuple[bytes, str]:
        """POST a query (SPARQL 1.1 Protocol §2.1.2); the whole answer within ``limit_ms``.

        The read timeout is the time left; the body is read in chunks and abandoned at the
        deadline. Either way the connection is closed, which is how an HTTP client cancels a
        request: the store sees the client gone (and its own timeout, where configured,
        stops the evaluation; docs/remote-store.md).
        """
        deadline = time.monotonic() + limit_ms / 1000
        try:
            response = self.session.post(
                self.endpoint, data=form, stream=True, headers={"Accept": RESULTS_ACCEPT},
                timeout=(min(CONNECT_TIMEOUT_S, limit_ms / 1000), limit_ms / 1000))
        except requests.Timeout:
            raise self._timeout(limit_ms) from None
        except requests.RequestException as exc:
            raise self._unreachable(exc) from None
        try:
            body = self._read(response, deadline, limit_ms)
        finally:
            response.close()
        if response.status_code >= 300:
            raise self._refused(response.status_code, body)
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        return body, media_type

    def _read(self, response: requests.Response, deadline: float, limit_ms: int) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(65536):
                size += len(chunk)
                if size > self.max_body_bytes:
                    raise QueryLimitExceeded(
                        f"the SPARQL store's answer is larger than {self.max_body_bytes} bytes "
                        f"(4 x SPARQL_MAX_RESULT_BYTES); add a LIMIT",
                        setting="SPARQL_MAX_RESULT_BYTES")
                if time.monotonic() > deadline:
                    raise self._timeout(limit_ms)
                chunks.append(chunk)
        except requests.Timeout:
            raise self._timeout(limit_ms) from None
        except requests.RequestException as exc:
            raise self._unreachable(exc) from None
        return b"".join(chunks)

    def _timeout(self, limit_ms: int) -> UpstreamTimeout:
        return UpstreamTimeout(f"the SPARQL store did not answer within the time limit of "
                               f"{limit_ms} ms (SPARQL_TIME_LIMIT_MS); the request to it was "
                               f"cancelled", setting="SPARQL_TIME_LIMIT_MS", limit_ms=limit_ms)

    def _unreachable(self, exc: BaseException) -> UpstreamError:
        reason = type(exc).__name__
        if "refused" in str(exc).lower():
            reason = "connection refused"
        elif "reset" in str(exc).lower() or "aborted" in str(exc).lower():
            reason = "connection reset"
        return UpstreamError(self.scrub(f"the SPARQL store at {self.endpoint} is unreachable "
                                        f"({reason}); try again when it is back"))

    def _refused(self, status: int, body: bytes) -> UpstreamError | QuerySyntaxError:
        # Scrubbed before it is cut, so no part of a secret survives at the cut.
        said = self.scrub(body[:8192].decode("utf-8", "replace")).strip().replace("\n", " ")[:300]
        if status == 400:
            # The query passed our parser, so the store's grammar disagrees: the client's query.
            return QuerySyntaxError(f"the SPARQL store refused the query: {said}")
        if status in (401, 403):
            return UpstreamError(f"the SPARQL store at {self.endpoint} refused our credentials "
                                 f"(HTTP {status}); check KG_STORE_USER and KG_STORE_PASSWORD")
        return UpstreamError(f"the SPARQL store at {self.endpoint} answered HTTP {status}: {said}")

    def _read_marker(self) -> dict[str, Any]:
        rows = self.query(f"SELECT ?p ?o WHERE {{ GRAPH <{MARKER_GRAPH}> {{ <{MARKER}> ?p ?o }} }}",
                          named_graphs=[MARKER_GRAPH])
        marker: dict[str, Any] = {"graphs": []}
        for row in rows:
            if row["p"].value == VERSION:
                marker["version"] = row["o"].value
            elif row["p"].value == HAS_GRAPH:
                marker["graphs"].append(row["o"].value)
        marker["graphs"].sort()
        return marker if "version" in marker else {}

    def _discover_graphs(self) -> list[str]:
        # No dataset parameters here: this asks the store which graphs it holds.
        body, media_type = self._post([("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")],
                                      self.time_limit_ms)
        rows = parse_answer(body, media_type)
        return sorted(r["g"].value for r in rows if r["g"].value != MARKER_GRAPH)


@dataclass
class BoundedStore:
    """A view of a :class:`RemoteStore` whose every query has one time limit (for /sparql)."""

    remote: RemoteStore
    limit_ms: int

    def query(self, sparql: str, **kwargs: Any) -> Any:
        return self.remote.query(sparql, timeout_ms=self.limit_ms, **kwargs)


def _iri(graph: Any) -> str:
    return graph.value if isinstance(graph, ox.NamedNode) else str(graph)


def secret_forms(auth: tuple[str, str] | None) -> tuple[str, ...]:
    """Every form in which the credentials could appear in a message (longest first)."""
    if not auth:
        return ()
    import base64

    user, password = auth
    pair = f"{user}:{password}"
    forms = {pair, base64.b64encode(pair.encode()).decode(), quote(password, safe=""), password}
    return tuple(sorted((f for f in forms if len(f) >= 3), key=len, reverse=True))


def parse_answer(body: bytes, media_type: str) -> Any:
    """A store's answer as pyoxigraph objects: results by their media type, graphs as triples."""
    results = ox.QueryResultsFormat.from_media_type(media_type) if media_type else None
    try:
        if results is not None:
            return ox.parse_query_results(body, format=results)
        rdf = ox.RdfFormat.from_media_type(media_type or "application/n-triples")
        if rdf is None:
            raise UpstreamError(f"the SPARQL store answered in {media_type!r}, which is "
                                f"neither a results nor an RDF format")
        return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=rdf)]
    except SyntaxError as exc:
        raise UpstreamError(f"the SPARQL store's answer ({media_type}) does not parse: "
                            f"{exc}") from exc


def counts_digest(counts: Mapping[str, int]) -> str:
    """A version for a store not loaded by ``kg load --into``: a hash of its graph sizes.

    Changes when a graph gains or loses triples; an edit that keeps every count would keep
    the version (load with ``kg load --into`` to get the dump's content hash instead).
    """
    return hashlib.sha256(json.dumps(dict(sorted(counts.items()))).encode()).hexdigest()


# -- the query runner used in place of the worker pool ---------------------------------------


class RemoteRunner:
    """Answers /sparql queries on the remote store, in the request thread.

    Why not a worker process: query workers live in an empty network namespace
    (:mod:`kg.workers`), and with a remote store the evaluation's CPU is the store's, not
    ours. Here the request thread only waits on a socket, which an HTTP timeout bounds; at
    the deadline the connection is closed (cancelling the upstream request) and the client
    gets 504. The gate is unchanged: :func:`kg.sparql.execute` parses the query, refuses
    updates, SERVICE and foreign graphs, and resolves the dataset before anything is sent.
    """

    isolated = False  # nothing is evaluated here: the store does it
    replaced = 0

    def __init__(self, store: RemoteStore, limits: Limits, prefixes: Mapping[str, str]) -> None:
        self.store = store
        self.limits = limits
        self.prefixes = dict(prefixes)
        self.size = 1
        self._ready: tuple[float, bool] = (0.0, False)

    def run(self, request: QueryRequest, limit_ms: int) -> QueryResult:
        parse(expand_codepoint_escapes(request.query))  # refuse before anything is forwarded
        return execute(self.store.bounded(limit_ms), set(self.store.graphs),  # type: ignore[arg-type]
                       request, self.limits, self.prefixes)

    def live_workers(self) -> int:
        """1 when the store answers (checked at most once a second), else 0: /readyz then
        says 503 and a load balancer stops sending traffic until the store is back."""
        checked, ok = self._ready
        if time.monotonic() - checked > 1.0:
            ok = self.store.ping()
            self._ready = (time.monotonic(), ok)
        return int(ok)

    def close(self) -> None:
        self.store.close()


def remote_dataset(url: str, settings: Mapping[str, Any],
                   paths: ProjectPaths) -> tuple[BuildOutput, RemoteStore]:
    """The remote store, and the build it was loaded from when that build is here.

    Without the matching build, the store's census stands in for the manifest, dumps are
    fetched from the store on first request (:meth:`RemoteStore.materialize`) and the
    validation report is absent: validation happens at build time.
    """
    store = RemoteStore.connect(url, settings)
    try:
        build: BuildOutput | None = read_build(paths)
    except BuildMissing:
        build = None
    if build is not None and build.version == store.version:
        return build, store
    folder = Path(tempfile.gettempdir()) / f"kg-remote-{store.version}"
    manifest = {"base_iri": str(settings["BASE_IRI"]), "sha256": store.sha256,
                "graphs": store.graph_counts(), "classes": store.class_counts(),
                "from_store": True, "store": store.endpoint}
    return BuildOutput(folder, manifest), store


# -- loading: kg load --into -------------------------------------------------------------------


@dataclass(frozen=True)
class LoadReport:
    graphs: dict[str, int]
    version: str
    seconds: float


def _chunks(triples: list[Any], progress: Callable[[int], None]) -> Iterator[bytes]:
    """The body of one PUT, streamed (chunked transfer), reporting triples as they are sent."""
    for start in range(0, len(triples), CHUNK_TRIPLES):
        part = triples[start:start + CHUNK_TRIPLES]
        yield ox.serialize(part, format=ox.RdfFormat.N_TRIPLES) or b""
        progress(len(part))


def load_remote(dump: Path, url: str, graph_store: str | None = None,
                progress: Callable[[int, int], None] = lambda n, total: None,
                settings: Mapping[str, Any] | None = None) -> LoadReport:
    """Upload ``dump`` with its named graphs to the store at ``url``, replacing, never adding.

    Each graph is replaced with Graph Store Protocol PUT (§5.3), graphs of the previous load
    that are gone are deleted (§5.4), and the marker graph naming the version (the dump's
    sha256, so a build's dump keeps the build's version and ETags) and the graphs is written
    last: a load that fails half-way leaves no marker, and the server then versions the store
    by its graph sizes.

    :raises InputError: the dump is missing or malformed.
    :raises UpstreamError: the store refused or could not be reached.
    """
    from kg.store import _file_sha256, rdf_format_of

    started = time.perf_counter()
    fmt = rdf_format_of(dump)
    store = ox.Store()
    try:
        store.bulk_load(path=str(dump), format=fmt)
    except FileNotFoundError as exc:
        raise InputError(f"{dump}: no such file") from exc
    except SyntaxError as exc:
        raise InputError(f"{dump}:{exc.lineno or 0}:{exc.offset or 1}: {exc.msg}") from exc
    gsp = graph_store or graph_store_of(url)
    total = len(store)

    def sent(n: int) -> None:
        progress(n, total)

    auth = credentials(settings or {})
    remote = RemoteStore(endpoint_of(url), new_session(auth), int(LOAD_TIMEOUT_S * 1000),
                         1 << 40, secret_forms(auth))
    try:
        previous = remote._read_marker().get("graphs", [])
        _gsp(remote, "DELETE", gsp, MARKER_GRAPH, ok_missing=True)
        graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
        for graph in graphs:
            triples = [ox.Triple(q.subject, q.predicate, q.object)
                       for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]
            _gsp(remote, "PUT", gsp, graph, body=_chunks(triples, sent))
        default = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]
        if default:
            _gsp(remote, "PUT", gsp, None, body=_chunks(default, sent))
        for graph in sorted(set(previous) - set(graphs)):
            _gsp(remote, "DELETE", gsp, graph, ok_missing=True)
        digest = _file_sha256(dump)  # the marker keeps it whole; the version is its first 16
        marker = [ox.Triple(ox.NamedNode(MARKER), ox.NamedNode(VERSION), ox.Literal(digest)),
                  *(ox.Triple(ox.NamedNode(MARKER), ox.NamedNode(HAS_GRAPH), ox.NamedNode(g))
                    for g in graphs)]
        _gsp(remote, "PUT", gsp, MARKER_GRAPH, body=iter([ox.serialize(marker, format=ox.RdfFormat.N_TRIPLES)]))
        remote.graphs = tuple(graphs)
        counts = remote.graph_counts()
    finally:
        remote.close()
    return LoadReport(counts, digest[:16], time.perf_counter() - started)


def _gsp(remote: RemoteStore, method: str, gsp: str, graph: str | None,
         body: Iterator[bytes] | None = None, ok_missing: bool = False) -> None:
    """One Graph Store Protocol request (§5.3 PUT, §5.4 DELETE; ``?default`` for the default
    graph, ``?graph=IRI`` for a named one, §4.2 indirect identification)."""
    target = f"{gsp}?default" if graph is None else f"{gsp}?graph={quote(graph, safe='')}"
    headers = {"Content-Type": "application/n-triples"} if body is not None else {}
    try:
        response = remote.session.request(method, target, data=body, headers=headers,
                                          timeout=(CONNECT_TIMEOUT_S, LOAD_TIMEOUT_S))
    except requests.Timeout:
        raise UpstreamTimeout(f"the Graph Store at {gsp} did not answer within "
                              f"{LOAD_TIMEOUT_S:.0f} s") from None
    except requests.RequestException as exc:
        raise remote._unreachable(exc) from None
    if ok_missing and response.status_code == 404:
        return
    if response.status_code >= 300:
        said = remote.scrub(response.text[:8192]).strip().replace("\n", " ")[:300]
        raise UpstreamError(f"the Graph Store at {gsp} refused {method} of "
                            f"{graph or 'the default graph'} (HTTP {response.status_code}): {said}")
