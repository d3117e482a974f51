"""An external SPARQL store as the backend: Oxigraph server, Fuseki, GraphDB, QLever, ...

Only standard protocols are spoken: SPARQL 1.1 Protocol §2.1.2 (query via URL-encoded POST)
for every read, and the SPARQL 1.1 Graph Store HTTP Protocol for loading (§5.3 PUT replaces a
graph, §5.4 DELETE removes one), so a re-run of ``kg load --into`` replaces and never
duplicates. Answers come back as SPARQL JSON results or N-Triples and are parsed into
pyoxigraph's own objects (``QuerySolutions``, ``QueryBoolean``, triples), so
:func:`kg.query.sparql.execute` and every page consume them unchanged.

:class:`RemoteStore` implements :class:`kg.store.api.ReadStore` for pages and views, and
:meth:`RemoteStore.query` (pyoxigraph's keyword arguments and answer types) for the query layer,
through :class:`BoundedStore`, which gives every user query one time limit.

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
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import requests

from kg.config import Settings
from kg.errors import (
    QueryLimitExceeded,
    QuerySyntaxError,
    UpstreamError,
    UpstreamTimeout,
)
from kg.store.api import (
    CLASS_COUNTS_QUERY,
    GRAPH_COUNTS_QUERY,
    GraphName,
    Subject,
    Substitutions,
    Term,
    as_subject,
)
from kg.store.dialect import describe_of, for_store
from kg.store.http import credentials, endpoint_of, new_session, scrub_url, secret_forms
from kg.store.values import term_text, with_values
from kg.vocab import LDP, vocab_iri

#: The graph ``kg load --into`` writes last: the dataset's version and its graphs.
MARKER_GRAPH = "urn:x-kg:load"
#: A graph no store holds: the one graph of an empty list (no parameter would mean "the
#: store's own default").
NO_GRAPH = MARKER_GRAPH + ":none"
MARKER = "urn:x-kg:load"
VERSION = "urn:x-kg:version"
HAS_GRAPH = "urn:x-kg:graph"

RESULTS_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.5"
#: What to ask for, by query form: a results format for SELECT and ASK, a graph format for
#: CONSTRUCT and DESCRIBE (a store may answer a form in any format it likes under */*).
ACCEPT = {
    "SELECT": "application/sparql-results+json",
    "ASK": "application/sparql-results+json",
    "CONSTRUCT": "application/n-triples, text/turtle;q=0.5",
    "DESCRIBE": "application/n-triples, text/turtle;q=0.5",
    "": RESULTS_ACCEPT,
}
#: Graphs a store keeps for itself, never part of a dataset discovered without a load marker:
#: Virtuoso's RDF views and system graphs.
SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    str(LDP),
    vocab_iri("owl", ""),
    "http://localhost:8890/",
    "urn:activitystreams-owl:map",
    "urn:core:services:sparql",
)
#: The variable Virtuoso (7.2) binds an ASK's answer to, in a solutions table instead of
#: SPARQL 1.1 Query Results JSON §3.2.3's ``boolean`` member: one row of 1 when true, no row
#: when false.
VIRTUOSO_ASK = "__ASK_RETVAL"
CONNECT_TIMEOUT_S = 3.0
LOAD_TIMEOUT_S = 600.0
PATTERN_CACHE_ENTRIES = 8192
CHUNK_TRIPLES = 20_000

#: What a store's answer parses into: pyoxigraph's own result types (as ``Store.query`` returns).
Answer = ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]


@dataclass
class RemoteStore:
    """A SPARQL store over HTTP, read-only from here; thread-safe (one pooled session)."""

    endpoint: str
    session: requests.Session
    time_limit_ms: int
    max_body_bytes: int
    secrets: tuple[str, ...] = ()
    version: str = ""  # the first 16 hex digits of ``sha256``, as a build's
    sha256: str = ""
    graphs: tuple[str, ...] = ()
    marker: dict[str, Any] = field(default_factory=dict)
    max_rows: int = 0  # the store's own silent cap on rows (STORE_MAX_ROWS); 0: none
    _counts: dict[str, int] | None = field(default=None, repr=False)
    _patterns: dict[tuple[str, ...], list[ox.Quad]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def connect(cls, url: str, settings: Settings) -> RemoteStore:
        """Open the store the STORE setting names; read its graphs and dataset version.

        :raises UpstreamError: the store cannot be reached or refuses the first query.
        """
        auth = credentials(settings)
        store = cls(
            endpoint_of(url),
            new_session(auth, settings["SERVER_THREADS"] * 2, settings["STORE_AUTH"]),
            settings["SPARQL_TIME_LIMIT_MS"],
            4 * settings["SPARQL_MAX_RESULT_BYTES"],
            secret_forms(auth),
            max_rows=settings["STORE_MAX_ROWS"],
        )
        store.marker = store._read_marker()
        store.graphs = tuple(store.marker.get("graphs") or store._discover_graphs())
        store.sha256 = store.marker.get("version") or counts_digest(store.graph_counts())
        store.version = store.sha256[:16]
        return store

    # -- the query layer's surface: pyoxigraph's ``Store.query`` --

    def query(
        self,
        sparql: str,
        *,
        default_graph: Iterable[ox.NamedNode | str] | None = None,
        named_graphs: Iterable[ox.NamedNode | str] | None = None,
        use_default_graph_as_union: bool = False,
        substitutions: Substitutions | None = None,
        timeout_ms: int | None = None,
        base_iri: str | None = None,
        served_rows: int = 0,
    ) -> Answer:
        """Evaluate ``sparql`` on the store; the default graph is the union unless given.

        ``served_rows`` is how many rows the caller will serve at most, stating the cut (the
        endpoint's SPARQL_MAX_ROWS); an answer the store cut at a larger cap of its own is
        then still served, as cut. Pages pass 0: they need whole answers.

        ``base_iri``, as pyoxigraph's, resolves the query's relative IRIs: the query's own
        ``BASE`` (if any) resolves against it (SPARQL 1.1 Query §4.1.1.1, RFC 3986 §5.1) and
        the result is sent as the text's one ``BASE``; without it the store would resolve
        against its own URL. The text is written as every store reads it alike
        (:func:`kg.store.dialect.for_store`); its dataset clauses become protocol parameters.

        Returns ``QuerySolutions``, ``QueryBoolean`` or a list of ``Triple`` like pyoxigraph.
        """
        _ = use_default_graph_as_union  # the union is the default here, as in OxigraphStore
        sent = for_store(with_values(sparql, substitutions or {}), base_iri)
        text = sent.text
        if default_graph is None and named_graphs is None and sent.has_dataset:
            # The text's FROM / FROM NAMED, now protocol parameters (§13.2: a dataset clause
            # replaces the whole dataset, so FROM alone leaves no named graphs).
            defaults, named = list(sent.from_graphs), list(sent.from_named)
        else:
            defaults = (
                list(self.graphs) if default_graph is None else [_iri(g) for g in default_graph]
            )
            named = list(self.graphs) if named_graphs is None else [_iri(g) for g in named_graphs]
        # An empty list must still mean "none", not "the store's own" (no parameter at all).
        form = [
            ("query", text),
            *(("default-graph-uri", g) for g in defaults or [NO_GRAPH]),
            *(("named-graph-uri", g) for g in named or [NO_GRAPH]),
        ]
        limit_ms = timeout_ms or self.time_limit_ms
        if sent.describe_select is not None:
            form[0] = ("query", self._described(sent.describe_select, form[1:], limit_ms))
        kind = query_form(form[0][1])
        body, media_type = self._post(form, limit_ms, ACCEPT[kind])
        return self._checked(parse_answer(body, media_type, kind), served_rows)

    def _described(self, select: str, dataset: list[tuple[str, str]], limit_ms: int) -> str:
        """The CONSTRUCT a DESCRIBE of variables stands for, once ``select`` has named the
        resources (:func:`kg.store.dialect.for_store`)."""
        body, media_type = self._post([("query", select), *dataset], limit_ms, ACCEPT["SELECT"])
        rows = self._checked(parse_answer(body, media_type, "SELECT"))
        named = sorted({str(row[0]) for row in _solutions(rows) if row[0] is not None})
        return describe_of(named)

    def _checked(self, answer: Answer, served_rows: int = 0) -> Answer:
        """``answer``, unless the store may have cut it at its own row cap (STORE_MAX_ROWS).

        Virtuoso stops a SELECT at ResultSetMaxRows rows and says nothing (its answer looks
        complete), so an answer of that many rows cannot be told from a cut one: it is
        refused as cut rather than served as whole, unless the caller serves fewer rows
        than the cap (``served_rows``) and says it cut them (X-KG-Truncated).
        """
        if self.max_rows and isinstance(answer, ox.QuerySolutions | list):
            rows = list(answer)
            if len(rows) >= self.max_rows and not 0 < served_rows < self.max_rows:
                raise QueryLimitExceeded(
                    f"the SPARQL store cuts every answer at {self.max_rows} rows "
                    f"(STORE_MAX_ROWS, its own limit), and this one reached it, so it may be "
                    f"incomplete; add a LIMIT below {self.max_rows}",
                    setting="STORE_MAX_ROWS",
                )
            if isinstance(answer, list):
                return rows
            return _rebuilt(answer.variables, rows)
        return answer

    # -- kg.store.api.ReadStore --

    def select(self, sparql: str, substitutions: Substitutions | None = None) -> ox.QuerySolutions:
        """The solutions of a SELECT query over the union of the dataset's graphs."""
        return _solutions(self.query(sparql, substitutions=substitutions))

    def quads(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: GraphName | None = None,
    ) -> list[ox.Quad]:
        """Quads matching a pattern, cached: the dataset never changes while served."""
        if isinstance(subject, ox.Literal):
            return []
        key = tuple("" if t is None else str(t) for t in (subject, predicate, obj, graph))
        with self._lock:
            cached = self._patterns.get(key)
        if cached is not None:
            return cached
        s, p, o = (
            term_text(t) if t is not None else f"?{v}"
            for t, v in ((subject, "s"), (predicate, "p"), (obj, "o"))
        )
        g = term_text(graph) if isinstance(graph, ox.NamedNode) else "?g"
        quads = [
            _quad_of(
                row, subject, predicate, obj, graph if isinstance(graph, ox.NamedNode) else None
            )
            for row in self.select(f"SELECT * WHERE {{ GRAPH {g} {{ {s} {p} {o} }} }}")
        ]
        with self._lock:
            if len(self._patterns) >= PATTERN_CACHE_ENTRIES:
                self._patterns.clear()
            self._patterns[key] = quads
        return quads

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph (cached: the dataset does not change while served)."""
        if self._counts is None:
            rows = _solutions(
                self.query(
                    GRAPH_COUNTS_QUERY,
                    named_graphs=self.graphs or None,
                )
            )
            self._counts = {
                row["g"].value: int(row["n"].value)
                for row in rows
                if row["g"].value != MARKER_GRAPH
            }
        return dict(sorted(self._counts.items()))

    def class_counts(self) -> dict[str, int]:
        """Members per class, counted as the build counts them: over the instance graphs,
        not the ontology's or the VoID description's (``kg.build.pipeline.manifest_of``)."""
        typed = [g for g in self.graphs if not g.endswith(("/graph/ontology", "/graph/void"))]
        rows = _solutions(
            self.query(
                CLASS_COUNTS_QUERY,
                default_graph=typed or None,
            )
        )
        return dict(sorted((row["c"].value, int(row["n"].value)) for row in rows))

    def bounded(self, limit_ms: int, served_rows: int = 0) -> BoundedStore:
        return BoundedStore(self, limit_ms, served_rows)

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
            triples = _triples(
                self.query(
                    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {term_text(graph)} {{ ?s ?p ?o }} }}",
                    timeout_ms=int(LOAD_TIMEOUT_S * 1000),
                )
            )
            quads = [
                ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph)) for t in triples
            ]
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

    def _post(
        self, form: list[tuple[str, str]], limit_ms: int, accept: str = RESULTS_ACCEPT
    ) -> tuple[bytes, str]:
        """POST a query (SPARQL 1.1 Protocol §2.1.2); the whole answer within ``limit_ms``.

        The read timeout is the time left; the body is read in chunks and abandoned at the
        deadline. Either way the connection is closed, which is how an HTTP client cancels a
        request: the store sees the client gone (and its own timeout, where configured,
        stops the evaluation; docs/remote-store.md).
        """
        deadline = time.monotonic() + limit_ms / 1000
        try:
            response = self.session.post(
                self.endpoint,
                data=form,
                stream=True,
                headers={"Accept": accept},
                timeout=(min(CONNECT_TIMEOUT_S, limit_ms / 1000), limit_ms / 1000),
            )
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
                        setting="SPARQL_MAX_RESULT_BYTES",
                    )
                if time.monotonic() > deadline:
                    raise self._timeout(limit_ms)
                chunks.append(chunk)
        except requests.Timeout:
            raise self._timeout(limit_ms) from None
        except requests.RequestException as exc:
            raise self._unreachable(exc) from None
        return b"".join(chunks)

    def _timeout(self, limit_ms: int) -> UpstreamTimeout:
        return UpstreamTimeout(
            f"the SPARQL store did not answer within the time limit of "
            f"{limit_ms} ms (SPARQL_TIME_LIMIT_MS); the request to it was "
            f"cancelled",
            setting="SPARQL_TIME_LIMIT_MS",
            limit_ms=limit_ms,
        )

    def _unreachable(self, exc: BaseException) -> UpstreamError:
        reason = type(exc).__name__
        if "refused" in str(exc).lower():
            reason = "connection refused"
        elif "reset" in str(exc).lower() or "aborted" in str(exc).lower():
            reason = "connection reset"
        return UpstreamError(
            self.scrub(
                f"the SPARQL store at {self.endpoint} is unreachable "
                f"({reason}); try again when it is back"
            )
        )

    def _refused(self, status: int, body: bytes) -> UpstreamError | QuerySyntaxError:
        # Scrubbed before it is cut, so no part of a secret survives at the cut.
        said = self.scrub(body[:8192].decode("utf-8", "replace")).strip().replace("\n", " ")[:300]
        if status == 400:
            # The query passed our parser, so the store's grammar disagrees: the client's query.
            return QuerySyntaxError(f"the SPARQL store refused the query: {said}")
        if status in (401, 403):
            return UpstreamError(
                f"the SPARQL store at {self.endpoint} refused our credentials "
                f"(HTTP {status}); check KG_STORE_USER and KG_STORE_PASSWORD"
            )
        return UpstreamError(f"the SPARQL store at {self.endpoint} answered HTTP {status}: {said}")

    def _read_marker(self) -> dict[str, Any]:
        rows = _solutions(
            self.query(
                f"SELECT ?p ?o WHERE {{ GRAPH <{MARKER_GRAPH}> {{ <{MARKER}> ?p ?o }} }}",
                named_graphs=[MARKER_GRAPH],
            )
        )
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
        body, media_type = self._post(
            [("query", for_store("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }").text)],
            self.time_limit_ms,
        )
        rows = _solutions(parse_answer(body, media_type))
        names = (r["g"].value for r in rows if r["g"] is not None)
        return sorted(g for g in names if g != MARKER_GRAPH and not g.startswith(SYSTEM_GRAPHS))


@dataclass
class BoundedStore:
    """A view of a :class:`RemoteStore` whose every query has one time limit (for /sparql)."""

    remote: RemoteStore
    limit_ms: int
    served_rows: int = 0  # SPARQL_MAX_ROWS: answers are cut there and say so

    def query(
        self,
        sparql: str,
        *,
        default_graph: Iterable[ox.NamedNode | str] | None = None,
        named_graphs: Iterable[ox.NamedNode | str] | None = None,
        use_default_graph_as_union: bool = False,
        substitutions: Substitutions | None = None,
        base_iri: str | None = None,
    ) -> Answer:
        return self.remote.query(
            sparql,
            default_graph=default_graph,
            named_graphs=named_graphs,
            use_default_graph_as_union=use_default_graph_as_union,
            substitutions=substitutions,
            timeout_ms=self.limit_ms,
            base_iri=base_iri,
            served_rows=self.served_rows,
        )


def _solutions(answer: Answer) -> ox.QuerySolutions:
    """A SELECT query's answer, checked: a store that answers with something else is at fault."""
    if not isinstance(answer, ox.QuerySolutions):
        raise UpstreamError("the SPARQL store answered a SELECT query with no solutions table")
    return answer


def _triples(answer: Answer) -> list[ox.Triple]:
    """A CONSTRUCT query's answer, checked as :func:`_solutions` checks a SELECT's."""
    if not isinstance(answer, list):
        raise UpstreamError("the SPARQL store answered a CONSTRUCT query with no graph")
    return answer


def _iri(graph: ox.NamedNode | str) -> str:
    return graph.value if isinstance(graph, ox.NamedNode) else graph


def _quad_of(
    row: ox.QuerySolution,
    subject: Subject | None,
    predicate: ox.NamedNode | None,
    obj: Term | None,
    graph: ox.NamedNode | None,
) -> ox.Quad:
    """The quad a pattern row stands for: the pattern's fixed terms, the row's for the rest."""
    s, p, o, g = row["s"], row["p"], row["o"], row["g"]
    the_subject = subject if subject is not None else as_subject(s) if s is not None else None
    the_predicate = predicate if predicate is not None else p
    the_graph = graph if graph is not None else g
    if (
        the_subject is None
        or not isinstance(the_predicate, ox.NamedNode)
        or not isinstance(the_graph, ox.NamedNode | ox.BlankNode)
    ):
        raise UpstreamError("the SPARQL store answered a quad pattern with an impossible quad")
    return ox.Quad(the_subject, the_predicate, obj if obj is not None else _required(o), the_graph)


def _required(term: Term | None) -> Term:
    if term is None:
        raise UpstreamError("the SPARQL store left a pattern variable unbound")
    return term


def query_form(sparql: str) -> str:
    """The query form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``) after the prologue
    (SPARQL 1.1 Query §19.8 [4] Prologue: BASE and PREFIX declarations and comments);
    ``""`` when the text does not start like a query (the store's parser then says why)."""
    position = 0
    while True:
        match = _PROLOGUE.match(sparql, position)
        if match is None or match.end() == position:
            break
        position = match.end()
    word = _FORM.match(sparql, position)
    return word.group(1).upper() if word else ""


_PROLOGUE = re.compile(
    r"\s+|\#[^\n]*|(?i:BASE)\s*<[^>]*>|(?i:PREFIX)\s*[^\s:]*:\s*<[^>]*>", re.UNICODE
)
_FORM = re.compile(r"(?i)(SELECT|ASK|CONSTRUCT|DESCRIBE)\b")


def parse_answer(body: bytes, media_type: str, form: str = "") -> Answer:
    """A store's answer as pyoxigraph objects, parsed as the query's form says it must be.

    Results by their media type, graphs as triples; an ASK answered as Virtuoso answers it (a
    one-row table binding :data:`VIRTUOSO_ASK` to 1 or 0) becomes the boolean it stands for.
    """
    results = ox.QueryResultsFormat.from_media_type(media_type) if media_type else None
    try:
        if results is not None:
            answer = ox.parse_query_results(body, format=results)
            if form == "ASK" and isinstance(answer, ox.QuerySolutions):
                return _boolean_of(answer)
            if form in ("CONSTRUCT", "DESCRIBE") or (
                form == "SELECT" and isinstance(answer, ox.QueryBoolean)
            ):
                raise UpstreamError(f"the SPARQL store answered a {form} query with {media_type}")
            return answer
        if form in ("SELECT", "ASK"):
            raise UpstreamError(
                f"the SPARQL store answered a {form} query in {media_type!r}, "
                f"which is not a results format"
            )
        rdf = ox.RdfFormat.from_media_type(media_type or "application/n-triples")
        if rdf is None:
            raise UpstreamError(
                f"the SPARQL store answered in {media_type!r}, which is "
                f"neither a results nor an RDF format"
            )
        return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=rdf)]
    except SyntaxError as exc:
        raise UpstreamError(
            f"the SPARQL store's answer ({media_type}) does not parse: {exc}"
        ) from exc


def _boolean_of(table: ox.QuerySolutions) -> ox.QueryBoolean:
    rows = list(table)
    names = [v.value for v in table.variables]
    if names != [VIRTUOSO_ASK] or len(rows) > 1 or (rows and rows[0][0] is None):
        raise UpstreamError("the SPARQL store answered an ASK query with a solutions table")
    value = rows[0][0].value if rows else "0"  # a false ASK is a table of no rows there
    if value not in ("0", "1", "true", "false"):
        raise UpstreamError(f"the SPARQL store answered an ASK query with {value!r}")
    truth = "true" if value in ("1", "true") else "false"
    parsed = ox.parse_query_results(
        b'{"head": {}, "boolean": ' + truth.encode() + b"}", format=ox.QueryResultsFormat.JSON
    )
    assert isinstance(parsed, ox.QueryBoolean)
    return parsed


def _rebuilt(variables: list[ox.Variable], rows: list[ox.QuerySolution]) -> ox.QuerySolutions:
    """Solutions already read, as a fresh ``QuerySolutions`` (pyoxigraph's iterates once)."""
    text = "\t".join(str(v) for v in variables) + "\n"
    text += "".join(
        "\t".join("" if row[i] is None else str(row[i]) for i in range(len(variables))) + "\n"
        for row in rows
    )
    parsed = ox.parse_query_results(text.encode(), format=ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)
    return parsed


def counts_digest(counts: Mapping[str, int]) -> str:
    """A version for a store not loaded by ``kg load --into``: a hash of its graph sizes.

    Changes when a graph gains or loses triples; an edit that keeps every count would keep
    the version (load with ``kg load --into`` to get the dump's content hash instead).
    """
    return hashlib.sha256(json.dumps(dict(sorted(counts.items()))).encode()).hexdigest()


# -- the query runner used in place of the worker pool ---------------------------------------
