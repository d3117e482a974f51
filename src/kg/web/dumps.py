"""Whole-dataset dumps and the dataset's VoID description at ``/.well-known/void``.

Dumps live at the paths the VoID graph names (``{BASE_IRI}dumps/dataset.{ttl,nt,jsonld,rdf,
trig,nq}``; :func:`kg.build.describe.dump_iri`), are produced by :func:`kg.export.export_build` (the
same bytes as ``kg export``, cached per build version) and carry ``Content-Disposition``
(RFC 6266) and a strong ``ETag`` per version and format, so a conditional GET is a 304.

``/.well-known/void`` (VoID §7.2, autodiscovery) answers with the ``void`` named graph as the
build wrote it: its links (``void:sparqlEndpoint``, ``void:dataDump``, ``void:uriSpace``) are
under ``BASE_IRI`` and are not rewritten to the serving host, exactly like every other IRI of
the data; each is served at its own path here (``docs/linked-data.md``). A browser asking for
HTML is sent (303, RFC 9110 §15.4.4) to the dataset's own page.
"""

from __future__ import annotations

from flask import Blueprint, Response, redirect, request
from werkzeug.wrappers import Response as WerkzeugResponse

from kg.errors import EntityNotFound
from kg.export import export_build
from kg.formats import Format, by_name, by_suffix, formats_of, negotiate
from kg.pages.entity_rdf import named_graph, serialize_graph
from kg.store.remote import RemoteStore
from kg.web import KGContext, get_kg
from kg.web.http import alternates, conditional
from kg.web.linkeddata import dereference, split_suffix

bp = Blueprint("dumps", __name__)

HTML = formats_of("html")[0]
GRAPH_FORMATS = formats_of("graph")


def dump_filename(version: str, suffix: str) -> str:
    return f"banten-kg-{version}.{suffix}"


@bp.route("/dumps/<name>")
def dump(name: str) -> Response:
    """``/dumps/dataset.ttl`` etc.; other names are the DCAT distributions' own IRIs."""
    if not name.startswith("dataset."):
        stem, fmt = split_suffix(name)
        return dereference(f"/dumps/{stem}", fmt)
    ctx = get_kg()
    fmt = by_suffix(name[len("dataset.") :], "graph", "dataset")
    if fmt is None:
        raise EntityNotFound(f"no dump named {name}; see /.well-known/void for the list")
    response = conditional(
        ctx.entity_tag("dump", fmt.suffix), ctx.max_age, lambda: _dump(ctx, fmt), vary=()
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{dump_filename(ctx.version, fmt.suffix)}"'
    )
    return response


def _dump(ctx: KGContext, fmt: Format) -> Response:
    if isinstance(ctx.store, RemoteStore):
        ctx.store.materialize(ctx.build.nquads)  # no build here: fetch the dataset once
    return Response(export_build(ctx.build, fmt), content_type=fmt.content_type)


@bp.route("/.well-known/void")
def well_known_void() -> WerkzeugResponse:
    """The VoID + DCAT description (Turtle unless the client asks otherwise)."""
    ctx = get_kg()
    if request.args.get("format"):
        fmt = by_name(request.args["format"], "graph", "html")
    else:
        fmt = negotiate(request.accept_mimetypes, [*GRAPH_FORMATS, HTML], default=GRAPH_FORMATS[0])
    if fmt is HTML:
        return redirect(ctx.iris.path_of(str(ctx.iris.dataset)) or "/", code=303)
    response = conditional(ctx.entity_tag("void", fmt.name), ctx.max_age, lambda: _void(ctx, fmt))
    response.headers["Link"] = alternates(
        (f"/.well-known/void?format={f.name}", f) for f in GRAPH_FORMATS
    )
    return response


def _void(ctx: KGContext, fmt: Format) -> Response:
    key = ("void", fmt.name)
    if key not in ctx.cache:
        graph = named_graph(ctx.store, str(ctx.iris.graph("void")), ctx.iris)
        ctx.cache[key] = serialize_graph(graph, fmt, ctx.iris)
    return Response(ctx.cache[key], content_type=fmt.content_type)
