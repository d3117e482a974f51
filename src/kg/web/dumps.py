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

from kg.errors import EntityNotFound
from kg.export import export_build
from kg.formats import by_name, by_suffix, formats_of, negotiate
from kg.pages.entity_rdf import named_graph, serialize_graph
from kg.store.remote import RemoteStore
from kg.web import get_kg
from kg.web.linkeddata import dereference, split_suffix
from kg.web.site import etag_for

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
    response = Response(content_type=fmt.content_type)
    response.headers["ETag"] = etag_for(ctx, "dump", fmt.suffix)
    response.headers["Cache-Control"] = f"public, max-age={int(ctx.settings['CACHE_MAX_AGE'])}"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{dump_filename(ctx.version, fmt.suffix)}"'
    )
    if request.if_none_match.contains(response.headers["ETag"].strip('"')):
        response.status_code = 304
        return response
    if isinstance(ctx.store, RemoteStore):
        ctx.store.materialize(ctx.build.nquads)  # no build here: fetch the dataset once
    response.set_data(export_build(ctx.build, fmt))
    return response


@bp.route("/.well-known/void")
def well_known_void() -> Response:
    """The VoID + DCAT description (Turtle unless the client asks otherwise)."""
    ctx = get_kg()
    if request.args.get("format"):
        fmt = by_name(request.args["format"], "graph", "html")
    else:
        fmt = negotiate(request.accept_mimetypes, [*GRAPH_FORMATS, HTML], default=GRAPH_FORMATS[0])
    if fmt is HTML:
        return redirect(ctx.iris.path_of(str(ctx.iris.dataset)) or "/", code=303)
    key = ("void", fmt.name)
    if key not in ctx.cache:
        graph = named_graph(ctx.store.store, str(ctx.iris.graph("void")), ctx.iris)
        ctx.cache[key] = serialize_graph(graph, fmt, ctx.iris)
    response = Response(ctx.cache[key], content_type=fmt.content_type)
    response.headers["ETag"] = etag_for(ctx, "void", fmt.name)
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = ", ".join(
        f'</.well-known/void?format={f.name}>; rel="alternate"; type="{f.media_type}"'
        for f in GRAPH_FORMATS
    )
    return response.make_conditional(request)
