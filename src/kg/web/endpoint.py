"""``/sparql``: the SPARQL 1.1 Protocol query operation, its service description and its UI.

This view only reads the protocol (:mod:`kg.query.protocol`), negotiates formats over
``kg.formats.FORMATS`` with Werkzeug's Accept parser, and hands a :class:`QueryRequest` to the
worker pool (:mod:`kg.query.workers`); every refusal is a ``kg.errors`` exception that
:mod:`kg.web.errorpages` turns into a status. A browser gets the query page instead
(:mod:`kg.web.querypage`), which answers through the same service and shows the refusal in
the page with the same status.
"""

from __future__ import annotations

import functools

from flask import Blueprint, Response, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kg.errors import QueryRejected, UnsupportedFormat
from kg.formats import Format, by_name, formats_of, negotiate
from kg.query.protocol import ProtocolRequest, read_request
from kg.query.service_description import service_description
from kg.query.sparql import QueryRequest, check_size
from kg.web import KGContext, answer_headers, get_kg
from kg.web.http import conditional, json_alias
from kg.web.querypage import entities_response, query_page, vocabulary_response

bp = Blueprint("endpoint", __name__)

RESULTS = formats_of("results")
GRAPHS = formats_of("graph", "dataset")
HTML = formats_of("html")[0]


def _try_negotiate(accept: MIMEAccept, candidates: list[Format]) -> Format | None:
    try:
        return negotiate(accept, candidates)
    except UnsupportedFormat:
        return None


def _try_name(name: str, candidates: list[Format]) -> Format | None:
    try:
        return by_name(name, *{f.kind for f in candidates})
    except UnsupportedFormat:
        return None


def answer_types(format_name: str | None, accept: MIMEAccept) -> tuple[str | None, str | None]:
    """The media types for a results answer and for a graph answer.

    A ``format`` parameter overrides Accept (``xml`` names both SPARQL XML and RDF/XML; the
    query's form picks). Neither acceptable: 406 (RFC 9110 §15.5.7).
    """
    if format_name:
        results, graph = _try_name(format_name, RESULTS), _try_name(format_name, GRAPHS)
    else:
        aliased = json_alias(accept, "application/sparql-results+json", "application/ld+json")
        results, graph = _try_negotiate(aliased, RESULTS), _try_negotiate(aliased, GRAPHS)
    if results is None and graph is None:
        offered = ", ".join(f.media_type for f in RESULTS + GRAPHS)
        asked = f"format={format_name}" if format_name else f"Accept: {accept}"
        raise UnsupportedFormat(f"no format offered here fits {asked}; available: {offered}")
    return (results.media_type if results else None, graph.media_type if graph else None)


def answer(ctx: KGContext, query: QueryRequest, filename: str = "results") -> Response:
    """Evaluate (or revalidate) a query and build the HTTP answer; shared with canned queries."""
    etag = ctx.entity_tag(request.path, query)
    return conditional(etag, ctx.max_age, lambda: _evaluated(ctx, query, filename))


def _evaluated(ctx: KGContext, query: QueryRequest, filename: str) -> Response:
    result = ctx.service.answer(query)
    fmt = next(f for f in RESULTS + GRAPHS if f.media_type == result.media_type)
    response = Response(result.body, content_type=fmt.content_type)
    response.headers.update(
        answer_headers(
            ctx.version, ctx.limits.time_limit_for(query.timeout_ms), result.rows, result.truncated
        )
    )
    if request.args.get("download"):
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt.suffix}"'
    return response


def _request_body() -> bytes:
    return request.get_data(cache=True) if request.method == "POST" else b""


def _wants_page(proto: ProtocolRequest) -> bool:
    """A browser asking for the endpoint itself gets the query page (not a raw answer)."""
    if proto.format:
        return proto.format.lower() == "html"
    return _prefers_html(request.headers.get("Accept", ""))


# Clients repeat the same few Accept headers; parsing and matching one took about 90 us of an
# uncached query's 640 us (profiled in-process). Bounded, so invented headers cannot grow it.
@functools.lru_cache(maxsize=512)
def _prefers_html(accept_header: str) -> bool:
    accept = parse_accept_header(accept_header, MIMEAccept)
    best = accept.best_match([*(f.media_type for f in RESULTS), "text/html"])
    return bool(accept) and best == "text/html"


@functools.lru_cache(maxsize=512)
def _answer_types_for(format_name: str | None, accept_header: str) -> tuple[str | None, str | None]:
    """:func:`answer_types` for a raw Accept header (406 is raised again on every request)."""
    return answer_types(format_name, parse_accept_header(accept_header, MIMEAccept))


#: What the service description is offered in: four RDF formats, or the query page.
DESCRIPTION_FORMATS = [*GRAPHS[:4], HTML]


def _description_format(format_name: str | None) -> Format:
    """``format=`` names one (so a link can ask for Turtle); else Accept decides."""
    if format_name:
        return by_name(format_name, "graph", "html")
    return negotiate(request.accept_mimetypes, DESCRIPTION_FORMATS)


def _description(ctx: KGContext, proto: ProtocolRequest) -> Response:
    """Service Description §2: GET on the endpoint without a query describes the service."""
    fmt = _description_format(proto.format)
    if fmt is HTML:
        return query_page(proto)
    endpoint = request.base_url
    key = ("sd", endpoint, fmt.media_type)
    return conditional(
        ctx.entity_tag(key),
        ctx.max_age,
        lambda: _description_body(ctx, key, endpoint, fmt),
    )


def _description_body(
    ctx: KGContext, key: tuple[str, str, str], endpoint: str, fmt: Format
) -> Response:
    body = ctx.documents.get(key)
    if body is None:
        graph = service_description(
            endpoint,
            ctx.store.graph_counts(),
            ctx.limits,
            ctx.settings["MAX_REQUEST_BYTES"],
            ctx.iris,
        )
        body = graph.serialize(format=fmt.rdflib_name, encoding="utf-8")
        ctx.documents.put(key, body)
    return Response(body, content_type=fmt.content_type)


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """SPARQL 1.1 Protocol §2.1: query via GET, URL-encoded POST, or direct POST."""
    ctx = get_kg()
    proto = read_request(
        request.method, request.query_string, request.content_type, _request_body()
    )
    if proto.query is None:
        if request.method == "POST":
            raise QueryRejected("the request has no query (SPARQL 1.1 Protocol §2.1)")
        return _description(ctx, proto)
    if _wants_page(proto):
        return query_page(proto)
    check_size(proto.query, ctx.limits)
    results_type, graph_type = _answer_types_for(proto.format, request.headers.get("Accept", ""))
    query = QueryRequest(
        proto.query,
        proto.default_graphs,
        proto.named_graphs,
        results_type,
        graph_type,
        timeout_ms=proto.timeout_ms,
        labels=proto.labels,
    )
    return answer(ctx, query)


@bp.route("/sparql/vocabulary.json", methods=["GET"])
def sparql_vocabulary() -> Response:
    """The query editor's completion vocabulary (kg.pages.workbench.vocabulary)."""
    return vocabulary_response()


@bp.route("/sparql/entities.json", methods=["GET"])
def sparql_entities() -> Response:
    """Entities by name for the editor's completion (kg.pages.workbench.entity_options)."""
    return entities_response()
