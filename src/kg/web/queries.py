"""``/queries``: each competency question as a named, parameterised query with its own URL.

After Datasette's canned queries: ``/queries/<name>`` renders a form and the answer as a table;
``/queries/<name>.json`` / ``.csv`` (or ``?format=``, or Accept) answer as SPARQL JSON / CSV.
Parameters are bound as RDF terms by the engine (``kg.query.canned.Param.term``), never spliced.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, request

from kg.errors import EntityNotFound, KGError
from kg.formats import by_name, by_suffix, formats_of, negotiate
from kg.pages.display import group_digits
from kg.pages.lexicon import RDFS_LABEL, Lexicon
from kg.query.canned import CannedQuery
from kg.query.sparql import QueryRequest
from kg.web import KGContext, get_kg
from kg.web.endpoint import answer
from kg.web.querypage import PAGE_GRAPH, PAGE_RESULTS, Answer, Namer, answer_of
from kg.web.site import page_lang, render_page, site

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


def _answer(ctx: KGContext, canned: CannedQuery, given: dict[str, str], lang: str) -> Answer | str:
    """Run the query for the HTML page, shown as ``/sparql`` shows an answer (labels in the
    page's language, dates and numbers as every page writes them); an input error is shown
    next to the form."""
    try:
        asked = QueryRequest(
            canned.query,
            results_type=PAGE_RESULTS,
            graph_type=PAGE_GRAPH,
            bindings=canned.bindings(given),
        )
        return answer_of(ctx.service.answer(asked), Namer(ctx, lang))
    except KGError as exc:
        return exc.message


def _both_names(lexicon: Lexicon, iri: str, lang: str) -> str:
    """The name in the page language; on an English page also the Indonesian name when it
    differs (the article's words), so the picker finds an entity by either: a datalist
    matches the typed text anywhere in an option. The Indonesian interface shows no English
    (issue 13), so there the name stands alone."""
    name = lexicon.label(iri, lang)
    if lang == "id":
        return name
    other = lexicon.label(iri, "id")
    return name if other == name else f"{name} · {other}"


def _entities(ctx: KGContext, lang: str) -> list[dict[str, str]]:
    """The picker's options for an IRI parameter: every named entity of the dataset by its
    label in the page's language (and the other's), so a person chooses a name, not an IRI."""
    key = ("canned-entities", lang)
    if key not in ctx.cache:
        lexicon = site().lexicon
        named = {
            q.subject.value
            for q in ctx.store.quads(None, RDFS_LABEL, None)
            if isinstance(q.subject, ox.NamedNode)
            and q.subject.value.startswith(ctx.iris.instance_ns)
        }
        options = [{"iri": iri, "label": _both_names(lexicon, iri, lang)} for iri in named]
        ctx.cache[key] = sorted(options, key=lambda o: (o["label"].casefold(), o["iri"]))
    entities: list[dict[str, str]] = ctx.cache[key]
    return entities


def _page(ctx: KGContext, canned: CannedQuery) -> Response:
    given = _given(canned)
    lang = page_lang()
    if any(p.name == "lang" for p in canned.params):
        # A query that chooses its labels' language answers in the page's (issue 14), unless
        # the form says otherwise; ``?lang=`` is both the page's switch and the parameter.
        given.setdefault("lang", lang)
    answered = _answer(ctx, canned, given, lang)
    # Through render_page: the language cookie and Accept-Language apply, as on every page.
    return render_page(
        "canned.html",
        lang=lang,
        canned=canned,
        values=canned.values(given),
        answer=answered if isinstance(answered, Answer) else None,
        error=answered if isinstance(answered, str) else None,
        entities=_entities(ctx, lang) if any(p.datatype is None for p in canned.params) else [],
        max_rows=group_digits(ctx.limits.max_rows, lang),
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
