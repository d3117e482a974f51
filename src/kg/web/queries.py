"""``/queries``: each competency question as a named, parameterised query with its own URL.

After Datasette's canned queries: ``/queries/<name>`` renders a form and the answer as a table;
``/queries/<name>.json`` / ``.csv`` (or ``?format=``, or Accept) answer as SPARQL JSON / CSV.
Parameters are bound as RDF terms by the engine (``kg.query.canned.Param.term``), never spliced.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, request

from kg.errors import EntityNotFound, KGError
from kg.formats import by_name, by_suffix, formats_of, negotiate
from kg.pages.labels import labels
from kg.query.canned import CannedQuery
from kg.query.sparql import QueryRequest
from kg.web import KGContext, get_kg
from kg.web.endpoint import answer
from kg.web.site import page_lang, render_page

bp = Blueprint("canned", __name__)

ANSWERS = [f for f in formats_of("results") if f.name in ("json", "csv")]
HTML = formats_of("html")[0]


def _lookup(ctx: KGContext, name: str) -> CannedQuery:
    if name not in ctx.canned:
        raise EntityNotFound(f"there is no canned query named {name!r}; see /queries for the list")
    return ctx.canned[name]


def _given(canned: CannedQuery) -> dict[str, str]:
    return {p.name: request.args[p.name] for p in canned.params if p.name in request.args}


def _request(ctx: KGContext, canned: CannedQuery, media_type: str) -> QueryRequest:
    return QueryRequest(
        canned.query,
        results_type=media_type,
        graph_type="text/turtle",
        bindings=canned.bindings(_given(canned)),
    )


def _table(ctx: KGContext, canned: CannedQuery) -> dict[str, Any]:
    """Run the query for the HTML page; an input error is shown next to the form."""
    try:
        result = ctx.service.answer(_request(ctx, canned, "application/sparql-results+json"))
    except KGError as exc:
        return {"error": exc.message}
    data = json.loads(result.body)
    if "boolean" in data:
        return {"boolean": data["boolean"]}
    rows = data["results"]["bindings"]
    iris = [t["value"] for row in rows for t in row.values() if t["type"] == "uri"]
    return {
        "vars": data["head"]["vars"],
        "rows": rows,
        "truncated": result.truncated,
        "labels": labels(ctx.store, iris[:500], page_lang()),
    }


def _page(ctx: KGContext, canned: CannedQuery) -> Response:
    given = _given(canned)
    # Through render_page: the language cookie and Accept-Language apply, as on every page.
    return render_page(
        "canned.html",
        canned=canned,
        values=canned.values(given),
        answer=_table(ctx, canned),
        formats=ANSWERS,
        args=request.args,
    )


@bp.route("/queries")
def index() -> Response:
    ctx = get_kg()
    return render_page("canned.html", canned=None, queries=list(ctx.canned.values()))


@bp.route("/queries/<name>")
@bp.route("/queries/<name>.<suffix>")
def canned_query(name: str, suffix: str | None = None) -> Response:
    ctx = get_kg()
    canned = _lookup(ctx, name)
    if suffix is not None:
        fmt = by_suffix(suffix, "results") or by_name(suffix, "results")
    elif request.args.get("format"):
        fmt = by_name(request.args["format"], "results", "html")
    else:
        fmt = negotiate(request.accept_mimetypes, [HTML, *ANSWERS])
    if fmt.kind == "html":
        return _page(ctx, canned)
    return answer(ctx, _request(ctx, canned, fmt.media_type), filename=canned.name)
