"""The query page (``/sparql`` for browsers): the editor, and the answer drawn on the server.

A browser that sends a query (``format=html``, or Accept preferring HTML) gets the page with
the answer already in it, so the page needs no JavaScript: ``sparql.js`` only highlights the
syntax and runs later queries in place by fetching this same page. The query is answered by
``ctx.service.answer`` with a :class:`~kg.query.sparql.QueryRequest`, the one path the endpoint
uses, so the size limit, the read-only gate (no update, no ``SERVICE``), the worker's
``SPARQL_TIME_LIMIT_MS`` and ``SPARQL_MAX_ROWS`` apply exactly as for an API client, and a
refusal has the status the endpoint would give (SPARQL 1.1 Protocol §2.1.4: 400 for a
malformed or refused query; 503 for a timeout, which names the setting).

Nodes are named and linked as on every other page (:func:`kg.pages.entity.node_value`: the label in
the page language, the node's own page when the dataset's base owns it) and literals are
written as people read them (:func:`kg.pages.entity.literal_value`: dates written out, numbers
grouped, the language named).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
from flask import Response, request, url_for

from kg.errors import KGError, QueryTimeout, UpstreamTimeout
from kg.formats import formats_of
from kg.iris import IRIs
from kg.pages.display import group_digits
from kg.pages.entity import Value, href_of, literal_value, node_value
from kg.pages.i18n import translate
from kg.pages.lexicon import Lexicon
from kg.pages.workbench import (
    Vocabulary,
    code_snippets,
    declare_prefixes,
    entity_options,
    entity_options_json,
    vocabulary,
)
from kg.query.protocol import ProtocolRequest
from kg.query.sparql import QueryRequest, QueryResult, check_size
from kg.rdfio import load_graphs, rebase
from kg.web import KGContext, answer_headers, get_kg
from kg.web.http import conditional
from kg.web.site import page_lang, render_page, site

RESULTS = formats_of("results")
GRAPHS = formats_of("graph", "dataset")
#: What the page asks the service for: JSON results and N-Triples parse back losslessly.
PAGE_RESULTS = "application/sparql-results+json"
PAGE_GRAPH = "application/n-triples"
#: Nodes named by a label lookup on one page; later ones are shown by their compact IRI.
#: Bounds the work a page costs (a lookup is a request when the store is remote).
LABELLED_NODES = 300
#: Only these schemes become links: a query can BIND any IRI (``javascript:``, ``data:``).
LINKED_SCHEMES = ("http", "https")
#: Error class -> the i18n key of its heading on the page.
ERROR_TITLES = {
    "QuerySyntaxError": "q_error_syntax",
    "QueryRejected": "q_error_rejected",
    "UnsupportedMediaType": "q_error_rejected",
    "QueryTooLarge": "q_error_too_large",
    "QueryTimeout": "q_error_timeout",
    "QueryLimitExceeded": "q_error_limit",
    "UpstreamError": "q_error_upstream",
    "UpstreamTimeout": "q_error_timeout",
}
#: Short enough to be read at a glance (issue 14: at most 5 lines); ``rdfs:`` is declared on
#: run (:func:`kg.pages.workbench.declare_prefixes`).
DEFAULT_QUERY = "SELECT ?s ?label WHERE {\n  ?s rdfs:label ?label .\n}\nLIMIT 20"


@dataclass(frozen=True)
class Cell:
    """One term of the answer: how it is shown, and for a node its compact IRI."""

    value: Value
    curie: str | None = None  # shown beside a label, so the IRI itself stays visible


@dataclass(frozen=True)
class Answer:
    """A successful answer, ready for the template."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    columns: list[str]  # variable names, or subject/predicate/object
    rows: list[list[Cell | None]]
    boolean: bool | None
    count: int  # X-KG-Rows: solutions or triples kept
    truncated: bool  # X-KG-Truncated: more existed (SPARQL_MAX_ROWS)


@dataclass(frozen=True)
class Failure:
    """A refused or failed query, with what a person needs to fix it."""

    status: int
    kind: str  # the kg.errors class name
    message: str
    line: int | None = None
    column: int | None = None
    excerpt: str | None = None  # the query's line the syntax error is on
    limit_ms: int | None = None  # for a timeout: the limit that applied


class Namer:
    """Cells for the terms of one answer, with one memo per page (a visitor's query can name
    any IRI, so these lookups must not grow the process's shared lexicon)."""

    def __init__(self, ctx: KGContext, lang: str) -> None:
        self.lexicon = Lexicon(ctx.store, ctx.prefixes)
        self.iris = ctx.iris
        self.lang = lang
        self.named: set[str] = set()

    def cell(self, term: Any) -> Cell | None:
        if term is None:
            return None
        if isinstance(term, ox.Literal):
            return Cell(literal_value(term, self.lang, approximate=False))
        if isinstance(term, ox.NamedNode):
            return self._node(term)
        if isinstance(term, ox.BlankNode):
            return Cell(Value(f"_:{term.value}"))
        return Cell(Value(str(term)))  # an RDF-star quoted triple, written as N-Triples

    def _node(self, node: ox.NamedNode) -> Cell:
        curie = self.lexicon.compact(node.value)
        if node.value in self.named or len(self.named) < LABELLED_NODES:
            self.named.add(node.value)
            value = node_value(node, self.lexicon, self.iris, self.lang)
        else:
            href, external = href_of(node.value, self.iris)
            value = Value(curie, href, node.value, external=external)
        value = safe_link(value, self.iris)
        return Cell(value, curie if curie != value.text else None)


def safe_link(value: Value, iris: IRIs) -> Value:
    """Drop a link a browser would not keep on this site or on the web.

    An IRI outside the base is linked only when it is http(s) (RFC 3986 §3.1 scheme; a
    ``javascript:`` IRI is a valid IRI). A path under the base is the site's own:
    :meth:`IRIs.path_of` gives none that a browser would read as another host.
    """
    href = value.href
    if href is None:
        return value
    if iris.path_of(value.iri or "") == href:
        return value
    if urlsplit(href).scheme.lower() in LINKED_SCHEMES:
        return value
    return replace(value, href=None, external=False)


def answer_of(result: QueryResult, namer: Namer) -> Answer:
    """The service's answer (JSON results or N-Triples) as rows of cells."""
    if result.form in ("SELECT", "ASK"):
        parsed = ox.parse_query_results(result.body, format=ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return Answer(result.form, [], [], bool(parsed), 1, False)
        columns = [v.value for v in parsed.variables]
        rows = [[namer.cell(solution[name]) for name in columns] for solution in parsed]
    else:
        columns = ["subject", "predicate", "object"]
        rows = [
            [namer.cell(q.subject), namer.cell(q.predicate), namer.cell(q.object)]
            for q in ox.parse(result.body, format=ox.RdfFormat.N_TRIPLES)
        ]
    return Answer(result.form, columns, rows, None, result.rows, result.truncated)


def failure_of(exc: KGError, query: str, limit_ms: int) -> Failure:
    """How a refusal is shown: its status and message, and where a syntax error is."""
    line, column = exc.details.get("line"), exc.details.get("column")
    if not isinstance(line, int) or not isinstance(column, int):
        line = column = None
    # pyparsing counts lines by "\n" and columns in the tab-expanded text (parse_string).
    lines = query.split("\n")
    excerpt = (
        lines[line - 1].rstrip("\r").expandtabs()
        if line is not None and 1 <= line <= len(lines)
        else None
    )
    return Failure(
        exc.http_status,
        type(exc).__name__,
        exc.message,
        line,
        column,
        excerpt,
        limit_ms if isinstance(exc, (QueryTimeout, UpstreamTimeout)) else None,
    )


def evaluate(ctx: KGContext, proto: ProtocolRequest, query: str, lang: str) -> Answer | Failure:
    """Answer the query as the endpoint would; a refusal becomes a :class:`Failure`."""
    try:
        check_size(query, ctx.limits)
        asked = QueryRequest(
            query,
            proto.default_graphs,
            proto.named_graphs,
            PAGE_RESULTS,
            PAGE_GRAPH,
            timeout_ms=proto.timeout_ms,
            labels=proto.labels,
        )
        return answer_of(ctx.service.answer(asked), Namer(ctx, lang))
    except KGError as exc:
        return failure_of(exc, query, ctx.limits.time_limit_for(proto.timeout_ms))


def links(proto: ProtocolRequest, query: str, form: str) -> dict[str, Any]:
    """The permalink (the query's own URL: a browser gets this page, a client the data) and
    a download link per format the answer comes in."""
    params: list[tuple[str, Any]] = [("query", query)]
    params += [("default-graph-uri", g) for g in proto.default_graphs]
    params += [("named-graph-uri", g) for g in proto.named_graphs]
    if proto.timeout_ms is not None:
        params.append(("timeout", proto.timeout_ms))
    if proto.labels:
        params.append(("labels", ",".join(proto.labels)))
    formats = RESULTS if form in ("SELECT", "ASK") else GRAPHS
    return {
        "permalink": "/sparql?" + urlencode(params),
        "downloads": [
            {
                "label": f.label,
                "type": f.media_type,
                "href": "/sparql?" + urlencode([*params, ("format", f.suffix), ("download", 1)]),
            }
            for f in formats
        ],
    }


def summary(outcome: Answer | Failure | None, lang: str) -> str:
    """The status line: how many rows or triples, or the HTTP status of a refusal."""
    if outcome is None:
        return ""
    if isinstance(outcome, Failure):
        return translate("q_failed", lang).format(status=outcome.status)
    if outcome.boolean is not None:
        return translate("q_ask_done", lang)
    noun = "q_row" if outcome.form == "SELECT" else "q_triple"
    key = noun if outcome.count == 1 else noun + "s"
    return translate(key, lang).format(n=group_digits(outcome.count, lang))


def _headers(
    ctx: KGContext, response: Response, outcome: Answer | Failure | None, limit_ms: int
) -> Response:
    """The endpoint's X-KG-* headers, so the page states its cut as the API does."""
    if isinstance(outcome, Answer):
        response.headers.update(
            answer_headers(ctx.version, limit_ms, outcome.count, outcome.truncated)
        )
    else:
        response.headers.update(answer_headers(ctx.version, limit_ms))
    if isinstance(outcome, Failure):
        response.headers["Cache-Control"] = "no-store"  # as kg.web.errorpages: a retry may work
    elif request.method == "POST":
        response.headers["Cache-Control"] = "no-cache"
    return response


def query_page(proto: ProtocolRequest) -> Response:
    """The page: the editor holding the query, and its answer when a query was sent."""
    ctx, lang = get_kg(), page_lang()
    query = proto.query
    if query is not None:
        # A known prefix used undeclared is declared here, for the page only (the endpoint
        # stays a strict SPARQL 1.1 service); the editor and permalink show the whole query.
        query = declare_prefixes(query, ctx.prefixes)
    outcome = evaluate(ctx, proto, query, lang) if query is not None else None
    answer = outcome if isinstance(outcome, Answer) else None
    failure = outcome if isinstance(outcome, Failure) else None
    response = render_page(
        "sparql.html",
        status=failure.status if failure else 200,
        lang=lang,
        query=query if query is not None else DEFAULT_QUERY,
        timeout=proto.timeout_ms,
        labels=proto.labels,
        answer=answer,
        failure=failure,
        summary=summary(outcome, lang),
        links=links(proto, query, answer.form) if answer and query is not None else None,
        snippets=(
            code_snippets(url_for("endpoint.sparql", _external=True), query, answer.form)
            if answer and query is not None
            else []
        ),
        examples=list(ctx.canned.values()),
        results_formats=RESULTS,
        graph_formats=GRAPHS,
        max_rows=group_digits(ctx.limits.max_rows, lang),
        limits=ctx.limits,
        error_titles=ERROR_TITLES,
    )
    return _headers(ctx, response, outcome, ctx.limits.time_limit_for(proto.timeout_ms))


#: Per build and language: the vocabulary reads the whole store once (a few queries).
_VOCABULARIES: dict[tuple[str, str], Vocabulary] = {}
_VOCABULARY_LOCK = threading.Lock()


def vocabulary_of(ctx: KGContext, lang: str) -> Vocabulary:
    key = (ctx.version, lang)
    with _VOCABULARY_LOCK:
        found = _VOCABULARIES.get(key)
        if found is None:
            shapes = rebase(load_graphs(ctx.paths.shapes_files()), ctx.iris)
            found = vocabulary(ctx.store, ctx.prefixes, shapes, lang)
            for old in [k for k in _VOCABULARIES if k[0] != ctx.version]:
                del _VOCABULARIES[old]  # an older build's: no page asks for it any more
            _VOCABULARIES[key] = found
    return found


def vocabulary_response() -> Response:
    """``/sparql/vocabulary.json``: what the editor completes, in the page language."""
    ctx, lang = get_kg(), page_lang()

    def make() -> Response:
        body = json.dumps(vocabulary_of(ctx, lang).as_json(), ensure_ascii=False, sort_keys=True)
        return Response(body, mimetype="application/json")

    return conditional(
        ctx.entity_tag("vocabulary", lang), 3600, make, vary=("Accept-Language", "Cookie")
    )


def entities_response() -> Response:
    """``/sparql/entities.json?q=``: the entities the editor offers for a typed name."""
    ctx, lang = get_kg(), page_lang()
    query = request.args.get("q", "")[:200]  # a name, not a document: longer input is cut

    def make() -> Response:
        s = site()
        options = entity_options(
            s.search,
            ctx.store,
            s.lexicon,
            str(ctx.iris.graph("inferred")),
            query,
            lang,
            ctx.iris.instance_ns,
        )
        body = json.dumps(
            {"query": query, "options": entity_options_json(options)},
            ensure_ascii=False,
            sort_keys=True,
        )
        return Response(body, mimetype="application/json")

    return conditional(
        ctx.entity_tag("entities", lang, query), 3600, make, vary=("Accept-Language", "Cookie")
    )
