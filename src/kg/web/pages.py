"""The human entry points: home, search, article view, timeline and validation report.

Each view reads the request, calls one core model (:mod:`kg.pages.search`,
:mod:`kg.pages.article_view`, :mod:`kg.pages.timeline`, :mod:`kg.pages.conformance`) and
renders a template through :func:`kg.web.site.render_page` (language, dataset card, caching
headers).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, request

from kg.errors import KGError, UnsupportedFormat
from kg.formats import formats_of
from kg.pages.article_view import asserter_keys, entity_names, find_mentions, paragraphs
from kg.pages.claims import translations
from kg.pages.conformance import focus_count, results_by_shape, tally
from kg.pages.display import format_date
from kg.pages.entity import Value, literal_value, node_value
from kg.pages.i18n import translate
from kg.pages.passages import anchor_of
from kg.pages.search import PASSAGE, SearchPage, TypedHit, passage_excerpt, search_page
from kg.pages.timeline import load_events
from kg.store.api import Term
from kg.vocab import vocab_iri
from kg.web import KGContext, get_kg
from kg.web.site import Site, dataset_card, page_lang, render_page, site

bp = Blueprint("pages", __name__)

HTML = formats_of("html")[0]
JSON_TYPE = "application/json"
VOID = vocab_iri("void", "")
DCT = vocab_iri("dct", "")


@bp.app_context_processor
def messages() -> dict[str, Any]:
    """``msg(key, lang)`` for base.html, which every page extends, error pages included: they
    are rendered without :func:`kg.web.site.render_page`'s ``t``."""
    return {"msg": translate}


@bp.app_context_processor
def request_lang() -> dict[str, Any]:
    """``ui_lang()``: the request's language for pages rendered without one (error pages)."""

    def ui_lang() -> str:
        try:
            return page_lang()
        except RuntimeError:  # rendered outside a request
            return "en"

    return {"ui_lang": ui_lang}


@bp.app_context_processor
def card() -> dict[str, Any]:
    """The dataset card in every page's footer (base.html's ``dataset_card`` block)."""
    try:
        return {"kg_card": dataset_card(get_kg())}
    except (RuntimeError, KGError, OSError):  # no app context, or no page models: no card
        return {}


def _objects(ctx: KGContext, subject: str, predicate: str) -> list[Term]:
    return [q.object for q in ctx.store.quads(ox.NamedNode(subject), ox.NamedNode(predicate), None)]


def _in_lang(terms: list[Term], lang: str) -> str:
    texts = {t.language or "": t.value for t in terms if isinstance(t, ox.Literal)}
    return texts.get(lang) or texts.get("en") or texts.get("id") or ""


def class_counts(ctx: KGContext, lang: str) -> list[dict[str, Any]]:
    """Members per class of the ontology namespace (from the build manifest), most first."""
    s = site()
    rows = [
        {"class": node_value(ox.NamedNode(iri), s.lexicon, ctx.iris, lang), "count": n}
        for iri, n in ctx.build.manifest.get("classes", {}).items()
        if iri.startswith(ctx.iris.ontology_ns)
    ]
    return sorted(rows, key=lambda r: (-r["count"], r["class"].text.casefold()))


SCHEMA = vocab_iri("schema", "")
#: What a reader asks of a news article's record (schema.org NewsArticle), in the order shown.
#: The ANTARA article's own text states neither its URL nor its publication date, so the
#: curated record has neither and the page says "not stated" (issue 15): nothing is invented.
PROVENANCE = (
    ("s2_headline", "headline"),
    ("s2_publisher", "publisher"),
    ("s2_published", "datePublished"),
    ("s2_original_url", "url"),
)


def _term_value(ctx: KGContext, term: Term, lang: str) -> Value:
    if isinstance(term, ox.Literal):
        return literal_value(term, lang, approximate=False)
    return node_value(term, site().lexicon, ctx.iris, lang)


def provenance(ctx: KGContext, lang: str) -> list[dict[str, Any]]:
    """The source article's record: each field's values, or none (shown as "not stated")."""
    s = site()
    if s.article is None:
        return []
    rows = []
    for key, prop in PROVENANCE:
        terms = _objects(ctx, s.article.iri, SCHEMA + prop)
        values = [_term_value(ctx, t, lang) for t in sorted(terms, key=str)]
        rows.append({"key": key, "values": values})
    return rows


def inferred_dates(ctx: KGContext, lang: str) -> list[dict[str, Any]]:
    """The dates the article does not state but the graph infers (the governor's statement's
    "Selasa"), with the graph's own note on how: shown as inferred, never as stated."""
    s = site()
    out = []
    for e in load_events(ctx.store, ctx.iris.ontology_ns):
        if not (e.status and e.status.endswith("/inferred")):
            continue
        out.append(
            {
                "thing": node_value(ox.NamedNode(e.thing), s.lexicon, ctx.iris, lang),
                "date": format_date(e.value, lang),
                "machine": e.value,
                "note": _in_lang(
                    _objects(ctx, e.when, ctx.iris.ontology_ns + "inferenceNote"), lang
                ),
            }
        )
    return out


@bp.route("/")
def home() -> Response:
    ctx, s, lang = get_kg(), site(), page_lang()
    dataset = str(ctx.iris.dataset)
    examples = [
        node_value(t, s.lexicon, ctx.iris, lang)  # type: ignore[arg-type]
        for t in _objects(ctx, dataset, VOID + "exampleResource")
    ]
    dumps = [
        {"href": f"/dumps/dataset.{f.suffix}", "label": f.label, "type": f.media_type}
        for f in formats_of("graph", "dataset")
    ]
    return render_page(
        "home.html",
        lang=lang,
        title=_in_lang(_objects(ctx, dataset, DCT + "title"), lang),
        description=_in_lang(_objects(ctx, dataset, DCT + "description"), lang),
        examples=sorted(examples, key=lambda v: v.text.casefold()),
        counts=class_counts(ctx, lang),
        dumps=dumps,
        provenance=provenance(ctx, lang),
        inferred=inferred_dates(ctx, lang),
        canned=len(ctx.canned),
        graphs=ctx.build.manifest.get("graphs", {}),
    )


@bp.route("/search")
def search() -> Response:
    """``/search?q=`` as HTML, or JSON for ``?format=json`` / ``Accept: application/json``.

    ``type=IRI`` keeps the hits of one type (the facets' links); ``include=modelling`` adds the
    modelling records (Data Cube structure, concept schemes) people are not offered otherwise.
    """
    ctx, s, lang = get_kg(), site(), page_lang()
    query = request.args.get("q", "").strip()
    type_filter = request.args.get("type") or None
    modelling = request.args.get("include") == "modelling"
    found = (
        search_page(
            s.search, ctx.store, str(ctx.iris.graph("inferred")), query, type_filter, modelling
        )
        if query
        else SearchPage([], 0)
    )
    results = [_search_result(ctx, s, lang, query, t) for t in found.hits]
    base_args = {"q": query, **({"include": "modelling"} if modelling else {})}
    facets = [
        {
            "type": iri,
            "label": s.lexicon.label(iri, lang),
            "count": n,
            "href": "/search?" + urlencode({**base_args, "type": iri}),
            "current": iri == type_filter,
        }
        for iri, n in found.facets
    ]
    if _wants_json():
        body = json.dumps(
            {
                "query": query,
                "count": len(results),  # the results in this answer (at most MAX_RESULTS)
                "total": found.total,  # every hit of the query under the type filter
                "type": type_filter,
                "include_modelling": modelling,
                "hidden_modelling": found.hidden_modelling,
                "facets": [{k: f[k] for k in ("type", "label", "count")} for f in facets],
                "results": results,
            },
            ensure_ascii=False,
            indent=1,
        )
        response = Response(body, content_type=f"{JSON_TYPE}; charset=utf-8")
        response.headers["Vary"] = "Accept"
        return response
    args = {**base_args, **({"type": type_filter} if type_filter else {})}
    return render_page(
        "search.html",
        lang=lang,
        query=query,
        results=results,
        total=found.total,
        facets=facets,
        type_filter=type_filter,
        type_label=s.lexicon.label(type_filter, lang) if type_filter else None,
        clear_type="/search?" + urlencode(base_args),
        hidden_modelling=found.hidden_modelling,
        modelling_href="/search?" + urlencode({**args, "include": "modelling"}),
        json_href="/search?" + urlencode({**args, "format": "json"}),
    )


def _search_result(
    ctx: KGContext, s: Site, lang: str, query: str, typed: TypedHit
) -> dict[str, Any]:
    """One hit: a node links its page; a passage links its sentence in the article view."""
    h = typed.hit
    out: dict[str, Any] = {
        "iri": h.iri,
        "url": ctx.iris.path_of(h.iri),
        "label": s.lexicon.label(h.iri, lang),
        "matched": h.name,
        "matched_lang": h.lang,
        "score": h.score,
        "kind": h.kind,
        "types": [s.lexicon.label(t, lang) for t in typed.types][:4],
        "modelling": typed.modelling,
    }
    if h.kind == PASSAGE:
        out["label"] = passage_excerpt(h.name, query)
        out["evidence_url"] = out["url"]
        out["url"] = s.article_path(ctx, anchor_of(h.iri))
    return out


def _wants_json() -> bool:
    """``?format=json``, or an Accept header preferring JSON to HTML (RFC 9110 §12.5.1)."""
    if request.args.get("format"):
        return request.args["format"].lower() == "json"
    accept = request.accept_mimetypes
    return bool(accept) and accept.best_match([HTML.media_type, JSON_TYPE]) == JSON_TYPE


@bp.route("/article")
def article() -> Response:
    """The article with every passage marked in its asserter's colour and symbol.

    ``?asserter=IRI`` marks only that asserter's passages and lists only their footnotes (a
    plain link from the legend, so it works without script); ``?format=json`` gives the
    passages as data, ``?format=text`` the article's text.
    """
    ctx, s, lang = get_kg(), site(), page_lang()
    if s.article is None:
        return render_page(
            "article.html", lang=lang, article=None, paragraphs=[], passages=[], legend=[]
        )
    keys = {k.iri: k for k in asserter_keys(s.passages)}
    chosen = request.args.get("asserter", "").strip() or None
    if chosen is not None and chosen not in keys:
        known = ", ".join(sorted(keys))
        raise KGError(f"no passage of the article is asserted by <{chosen}>; asserters: {known}")
    fmt = (request.args.get("format") or "").lower()
    if fmt in ("text", "txt"):
        return Response(s.article.text, content_type="text/plain; charset=utf-8")
    if fmt not in ("", "json", "html"):
        raise UnsupportedFormat(f"/article has no format {fmt!r}: use json or text")
    key = "article-paragraphs"
    if key not in ctx.cache:
        names = entity_names(ctx.store, ctx.iris.instance_ns)
        mentions = find_mentions(s.article.text, names)
        ctx.cache[key] = paragraphs(s.article.text, s.passages, mentions)
    translated = translations(ctx.store, ctx.iris.ontology_ns, [p.annotation for p in s.passages])
    listed: list[dict[str, Any]] = [
        {
            "passage": p,
            "translation": translated.get(p.annotation),
            "number": i,
            "key": keys.get(p.asserted_by or ""),
            "by": node_value(ox.NamedNode(p.asserted_by), s.lexicon, ctx.iris, lang)
            if p.asserted_by
            else None,
            "bodies": [node_value(ox.NamedNode(b), s.lexicon, ctx.iris, lang) for b in p.bodies],
            "evidence": ctx.iris.path_of(p.annotation) or p.annotation,
            "shown": chosen is None or p.asserted_by == chosen,
        }
        for i, p in enumerate(s.passages, 1)
    ]
    if fmt == "json":
        return _article_json(s, lang, listed, chosen)
    legend = [
        {
            "key": k,
            "by": node_value(ox.NamedNode(k.iri), s.lexicon, ctx.iris, lang),
            "href": "/article?" + urlencode({"asserter": k.iri}),
            "current": k.iri == chosen,
        }
        for k in keys.values()
    ]
    article_path = ctx.iris.path_of(s.article.iri) or s.article.iri
    filter_args = {"asserter": chosen} if chosen else {}
    return render_page(
        "article.html",
        lang=lang,
        article=s.article,
        article_value=node_value(ox.NamedNode(s.article.iri), s.lexicon, ctx.iris, lang),
        paragraphs=ctx.cache[key],
        passages=listed,
        shown_count=sum(1 for p in listed if p["shown"]),
        legend=legend,
        chosen=chosen,
        by_passage={p["passage"].annotation: p for p in listed},
        data_links=[
            *(
                {"href": f"{article_path}.{f.suffix}", "label": f.label, "type": f.media_type}
                for f in formats_of("graph")
            ),
            {
                "href": "/article?" + urlencode({**filter_args, "format": "json"}),
                "label": "JSON",
                "type": JSON_TYPE,
            },
            {
                "href": "/article?format=text",
                "label": translate("p_plain_text", lang),
                "type": "text/plain",
            },
            {
                "href": "/claims.csv?" + urlencode({"lang": lang}),
                "label": "CSV",
                "type": "text/csv",
            },
        ],
    )


def _article_json(s: Site, lang: str, listed: list[dict[str, Any]], chosen: str | None) -> Response:
    assert s.article is not None
    body = {
        "article": s.article.iri,
        "lang": lang,
        "asserter": chosen,
        "passages": [
            {
                "number": item["number"],
                "anchor": item["passage"].anchor,
                "annotation": item["passage"].annotation,
                "exact": item["passage"].exact,
                "translation": item["translation"],
                "start": item["passage"].start,
                "end": item["passage"].end,
                "asserted_by": item["passage"].asserted_by,
                "asserted_by_label": item["by"].text if item["by"] else None,
                "supports": list(item["passage"].bodies),
            }
            for item in listed
            if item["shown"]
        ],
    }
    text = json.dumps(body, ensure_ascii=False, indent=1)
    return Response(text, content_type=f"{JSON_TYPE}; charset=utf-8")


TIMELINE_COLUMNS = (
    "date",
    "precision",
    "relation",
    "date_status",
    "thing",
    "thing_label",
    "time",
    "inference_note",
)


@bp.route("/timeline")
def timeline() -> Response:
    """The dated events in order; ``?format=json`` and ``?format=csv`` give the same rows."""
    ctx, s, lang = get_kg(), site(), page_lang()
    events: list[dict[str, Any]] = []
    for e in load_events(ctx.store, ctx.iris.ontology_ns):
        note = _in_lang(_objects(ctx, e.when, ctx.iris.ontology_ns + "inferenceNote"), lang)
        events.append(
            {
                "event": e,
                "date": format_date(e.value, lang),
                "thing": node_value(ox.NamedNode(e.thing), s.lexicon, ctx.iris, lang),
                "when": node_value(ox.NamedNode(e.when), s.lexicon, ctx.iris, lang),
                "inferred": bool(e.status and e.status.endswith("/inferred")),
                "note": note,
            }
        )
    rows = [
        {
            "date": item["event"].value,
            "precision": item["event"].precision,
            "relation": item["event"].relation,
            "date_status": item["event"].status.rsplit("/", 1)[-1] if item["event"].status else "",
            "thing": item["event"].thing,
            "thing_label": item["thing"].text,
            "time": item["event"].when,
            "inference_note": item["note"],
        }
        for item in events
    ]
    fmt = (request.args.get("format") or "").lower()
    if fmt == "json":
        body = json.dumps({"lang": lang, "events": rows}, ensure_ascii=False, indent=1)
        return Response(body, content_type=f"{JSON_TYPE}; charset=utf-8")
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, TIMELINE_COLUMNS, lineterminator="\r\n")  # RFC 4180
        writer.writeheader()
        writer.writerows(rows)
        return Response(out.getvalue(), content_type="text/csv; charset=utf-8")
    if fmt:
        raise UnsupportedFormat(f"/timeline has no format {fmt!r}: use json or csv")
    data_links = [
        {"href": f"/timeline?format={f}&lang={lang}", "label": f.upper(), "type": t}
        for f, t in (("json", JSON_TYPE), ("csv", "text/csv"))
    ]
    return render_page("timeline.html", lang=lang, events=events, data_links=data_links)


@bp.route("/validation")
def validation() -> Response:
    """The build's SHACL report, readable; ``?format=text`` gives it as the build wrote it.

    The page leads with the tally a reader wants first (how many shapes were checked, how many
    results of each severity), computed from the report, so a failing build reads as failing
    and a passing one does not show a severity on rows that have no result.
    """
    ctx, s, lang = get_kg(), site(), page_lang()
    if request.args.get("format") in ("text", "txt"):
        return Response(s.report.text, content_type="text/plain; charset=utf-8")
    grouped = results_by_shape(s.report, s.shapes)
    shapes = [
        {
            "shape": sh,
            "anchor": sh.iri.rsplit("/", 1)[-1],
            "label": sh.label(lang),
            "count": focus_count(sh, ctx.store),
            "targets": [
                node_value(ox.NamedNode(t), s.lexicon, ctx.iris, lang)
                for t in (*sh.target_classes, *sh.target_nodes)
            ],
            "paths": [
                s.lexicon.label(p, lang) for p in (*sh.target_subjects_of, *sh.target_objects_of)
            ],
            "results": grouped.get(sh.iri, []),
            "tally": {k: n for k, n in tally(grouped.get(sh.iri, [])).items() if n},
        }
        for sh in s.shapes
    ]
    owner = {p: sh.iri for sh in s.shapes for p in (sh.iri, *sh.properties)}
    results = [
        {
            "result": r,
            "name": r.shape.rsplit("/", 1)[-1],
            "anchor": owner.get(r.shape, r.shape).rsplit("/", 1)[-1],
            "focus": node_value(ox.NamedNode(r.focus), s.lexicon, ctx.iris, lang)
            if r.focus.startswith(("http:", "https:"))
            else None,
        }
        for r in s.report.results
    ]
    return render_page(
        "validation.html",
        lang=lang,
        report=s.report,
        shapes=shapes,
        results=results,
        tally=tally(s.report.results),
    )
