"""Dereferencing: every IRI of the dataset is served at its own path on this server.

An IRI ``{BASE_IRI}id/andra-soni`` is answered at ``/id/andra-soni`` on whatever host and port
the server runs (:meth:`kg.iris.IRIs.path_of`), so ``kg serve`` works anywhere without
rewriting the data; behind a reverse proxy that serves ``BASE_IRI``'s host, the IRIs
themselves resolve (``docs/linked-data.md``).

Choice made, after "Cool URIs for the Semantic Web" (W3C IG Note 2008, §4.3, 303 URIs with
content negotiation) and the W3C TAG's 2012 httpRange-14 amendment: **200 with
Content-Location**, not 303. The IRI answers directly with a description of the thing in the
negotiated format (RFC 9110 §12.5.1, Werkzeug's Accept parser), and ``Content-Location``
(RFC 9110 §8.7) names the document that was sent (``/id/andra-soni.ttl``), which is a
different resource from the governor himself. One round trip instead of two, and every
document also has its own URL: a suffix (``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``, ``.html``)
or ``?format=`` forces a format. Every answer lists the alternates in ``Link`` headers
(RFC 8288) and sends ``Vary: Accept``.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, request

from kg.errors import EntityNotFound
from kg.formats import Format, by_name, by_suffix, formats_of, negotiate
from kg.pages.entity_rdf import describe_graph, named_graph, serialize_graph
from kg.store.api import mentions
from kg.web import KGContext, get_kg
from kg.web.entitypage import entity_response, not_found_response, ontology_documents
from kg.web.errorpages import wanted_kind
from kg.web.http import add_vary, alternates, conditional, json_alias

bp = Blueprint("linkeddata", __name__)

HTML = formats_of("html")[0]
RDF_FORMATS = formats_of("graph")


def split_suffix(name: str) -> tuple[str, Format | None]:
    """``andra-soni.ttl`` -> (``andra-soni``, Turtle); a name without a known suffix is kept."""
    stem, dot, suffix = name.rpartition(".")
    fmt = by_suffix(suffix, "graph", "html") if dot else None
    return (stem, fmt) if fmt else (name, None)


def choose_format(forced: Format | None) -> Format:
    """Suffix, then ``?format=``, then Accept; HTML when the client does not say (``*/*``)."""
    if forced is not None:
        return forced
    if request.args.get("format"):
        return by_name(request.args["format"], "graph", "html")
    return negotiate(
        json_alias(request.accept_mimetypes, "application/ld+json"),
        [HTML, *RDF_FORMATS],
        default=HTML,
    )


def link_header(path: str) -> str:
    """``Link: </id/x.ttl>; rel="alternate"; type="text/turtle"``, one per format (RFC 8288)."""
    return alternates((f"{path}.{f.suffix}", f) for f in [HTML, *RDF_FORMATS])


def exists(ctx: KGContext, iri: str) -> bool:
    try:
        node = ox.NamedNode(iri)
    except ValueError:  # not an IRI at all (``/id/<x>``): certainly not in the dataset
        return False
    return mentions(ctx.store, node)


def rdf_body(ctx: KGContext, iri: str, fmt: Format) -> bytes:
    key = ("rdf", iri, fmt.name)
    body = ctx.documents.get(key)
    if body is None:
        if iri in ontology_documents(ctx):
            graph = named_graph(ctx.store, str(ctx.iris.graph("ontology")), ctx.iris)
        else:
            graph = describe_graph(ctx.store, iri, ctx.iris)
        body = bytes(serialize_graph(graph, fmt, ctx.iris))
        ctx.documents.put(key, body)
    return body


def rdf_response(ctx: KGContext, iri: str, fmt: Format) -> Response:
    return conditional(
        ctx.entity_tag(iri, fmt.name),
        ctx.max_age,
        lambda: Response(rdf_body(ctx, iri, fmt), content_type=fmt.content_type),
    )


def dereference(path: str, forced: Format | None) -> Response:
    """Answer for the IRI served at ``path`` (without its format suffix).

    :raises EntityNotFound: the IRI is not in the dataset (non-HTML clients; browsers get a
        404 page with search suggestions).
    """
    ctx = get_kg()
    try:
        iri = str(ctx.iris.iri_of_path(path))
    except ValueError:  # not even an IRI, so certainly not in the dataset
        iri = ""
    if not iri or (not exists(ctx, iri) and iri not in ontology_documents(ctx)):
        if wanted_kind() == "html":
            return not_found_response(path)
        raise EntityNotFound(f"{iri or path} is not in this dataset; try /search")
    fmt = choose_format(forced)
    response = entity_response(iri) if fmt is HTML else rdf_response(ctx, iri, fmt)
    response.headers["Link"] = link_header(path.rstrip("/") or path)
    response.headers["Content-Location"] = f"{path.rstrip('/') or path}.{fmt.suffix}"
    return add_vary(response, "Accept")


@bp.route("/id/<name>")
def instance(name: str) -> Response:
    stem, fmt = split_suffix(name)
    return dereference(f"/id/{stem}", fmt)


@bp.route("/ontology")
@bp.route("/ontology/")
def ontology() -> Response:
    return dereference(request.path, None)


@bp.route("/ontology.<suffix>")
def ontology_as(suffix: str) -> Response:
    stem, fmt = split_suffix(f"ontology.{suffix}")
    return dereference(f"/{stem}", fmt)


@bp.route("/ontology/<name>")
def term(name: str) -> Response:
    stem, fmt = split_suffix(name)
    return dereference(f"/ontology/{stem}", fmt)


@bp.route("/graph/<name>")
def graph(name: str) -> Response:
    stem, fmt = split_suffix(name)
    return dereference(f"/graph/{stem}", fmt)


@bp.route("/dataset")
@bp.route("/dataset.<suffix>")
def dataset(suffix: str | None = None) -> Response:
    stem, fmt = split_suffix(f"dataset.{suffix}") if suffix else ("dataset", None)
    return dereference(f"/{stem}", fmt)
