"""The HTML answers of dereferencing: entity pages, ontology term pages, the ontology overview,
and the 404 page with search suggestions. Each gathers core models and renders one template.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from flask import Response, request
from markupsafe import Markup

from kg.formats import formats_of
from kg.pages.claims import translations
from kg.pages.conformance import shapes_for
from kg.pages.diagram import edges_of, neighbourhood_svg
from kg.pages.display import context_after, context_before
from kg.pages.entity import (
    TECHNICAL_PROPS,
    CardContext,
    Cards,
    EntityView,
    Value,
    describe_entity,
    node_value,
    said,
    shape_orders,
    statement_cards,
)
from kg.pages.entity_rdf import schema_card, script_json
from kg.pages.i18n import translate
from kg.pages.passages import Citation, Passage, asserted_by, paragraph_number, passages_about
from kg.pages.search import suggestion_query
from kg.pages.statements import describe
from kg.store.api import text_of
from kg.vocab import vocab_iri, vocab_node
from kg.web import KGContext, get_kg
from kg.web.site import Site, page_lang, render_page, site

RDF_FORMATS = formats_of("graph")
OWL_VERSION_IRI = vocab_node("owl", "versionIRI")
HEADLINE = vocab_node("schema", "headline")
PUBLISHER = vocab_node("schema", "publisher")
OA_ANNOTATION = vocab_iri("oa", "Annotation")


def ontology_documents(ctx: KGContext) -> set[str]:
    """IRIs answered with the whole ontology: the ontology, its namespace, its version IRIs."""
    base = str(ctx.iris.ontology)
    versions = {
        text_of(q.object) for q in ctx.store.quads(ox.NamedNode(base), OWL_VERSION_IRI, None)
    }
    return {base, ctx.iris.ontology_ns, *versions}


def query_link(iri: str) -> str:
    """The query UI, prefilled with this node's triples in both directions."""
    query = (
        f"SELECT ?subject ?property ?value WHERE {{\n"
        f"  {{ BIND(<{iri}> AS ?subject) <{iri}> ?property ?value }}\n"
        f"  UNION {{ ?subject ?property <{iri}> BIND(<{iri}> AS ?value) }}\n}}"
    )
    return "/sparql?query=" + quote(query, safe="")


def format_links(path: str) -> list[dict[str, str]]:
    return [
        {"href": f"{path}.{f.suffix}", "label": f.label, "type": f.media_type} for f in RDF_FORMATS
    ]


def passage_models(
    s: Site, ctx: KGContext, passages: list[Passage], lang: str
) -> list[dict[str, Any]]:
    """Passages as people read them: whole words of context, the asserter named, the sentence
    linked, a citation to copy; the annotation's id and offsets go in a details block."""
    words = {key: translate(f"p_cite_{key}", lang) for key in ("in", "paragraph", "characters")}
    article = _article_card(ctx, s, lang)
    translated = translations(ctx.store, ctx.iris.ontology_ns, [p.annotation for p in passages])
    out = []
    for p in passages:
        by = node_value_of(ctx, s, p.asserted_by, lang) if p.asserted_by else None
        href = s.article_path(ctx, p.anchor)
        paragraph = paragraph_number(s.article.text, p.start) if s.article else 0
        citation = Citation(
            quote=p.exact,
            asserter=by.text if by else None,
            article=article["title"],
            publisher=article["publisher"],
            paragraph=paragraph,
            start=p.start,
            end=p.end,
            url=request.host_url.rstrip("/") + href,
        )
        out.append(
            {
                "passage": p,
                "translation": translated.get(p.annotation),
                "by": by,
                "href": href,
                "annotation": ctx.iris.path_of(p.annotation) or p.annotation,
                "before": context_before(p.prefix),
                "after": context_after(p.suffix),
                "paragraph": paragraph,
                "citation": citation.text(words),
            }
        )
    return out


def _article_card(ctx: KGContext, s: Site, lang: str) -> dict[str, Any]:
    """The source article's title (``schema:headline``, else its label) and publisher's name."""
    if s.article is None:
        return {"title": "", "publisher": None}
    node = ox.NamedNode(s.article.iri)
    headline = next(
        (text_of(q.object) for q in ctx.store.quads(node, HEADLINE, None)),
        s.lexicon.label(s.article.iri, lang),
    )
    publisher = next(
        (
            s.lexicon.label(q.object.value, lang)
            for q in ctx.store.quads(node, PUBLISHER, None)
            if isinstance(q.object, ox.NamedNode)
        ),
        None,
    )
    return {"title": headline, "publisher": publisher}


def node_value_of(ctx: KGContext, s: Site, iri: str, lang: str) -> Value:
    return node_value(ox.NamedNode(iri), s.lexicon, ctx.iris, lang)


def conformance_model(s: Site, ctx: KGContext, iri: str, lang: str) -> dict[str, Any]:
    shapes = shapes_for(s.shapes, ctx.store, iri)
    return {
        "shapes": [
            {"label": sh.label(lang), "iri": sh.iri, "severity": sh.severity} for sh in shapes
        ],
        "results": s.report.for_focus(iri),
        "known": s.report.conforms is not None,
    }


def _orders(ctx: KGContext) -> dict[str, float]:
    """``sh:order`` per property path, read once per build from the shapes files."""
    key = "entity-shape-orders"
    if key not in ctx.cache:
        ctx.cache[key] = shape_orders(ctx.paths.shapes_files(), ctx.iris)
    orders: dict[str, float] = ctx.cache[key]
    return orders


def _cards(ctx: KGContext, s: Site, view: EntityView, lang: str, annotation: bool) -> Cards:
    described = describe(
        ctx.store, s.lexicon, ctx.iris.ontology_ns, str(ctx.iris.graph("inferred")), view.iri, lang
    )
    card_ctx = CardContext(
        lexicon=s.lexicon,
        iris=ctx.iris,
        lang=lang,
        ontology_ns=ctx.iris.ontology_ns,
        orders=_orders(ctx),
        anchors={(p.start, p.end): p.anchor for p in s.passages},
        article_path=s.article_path(ctx),
    )
    return statement_cards(described, view, card_ctx, annotation)


def _entity_values(ctx: KGContext, s: Site, view: EntityView, lang: str) -> dict[str, Any]:
    page_url = request.host_url.rstrip("/") + view.path
    type_iris = {v.iri for v in view.types + view.inferred_types}
    annotation = OA_ANNOTATION in type_iris
    skip = {ctx.iris.ontology_ns + "assertedBy"}  # evidence has its own section
    if annotation:  # its target and selectors are technical details, not neighbours to show
        skip |= set(TECHNICAL_PROPS)
    svg = neighbourhood_svg(view.label, edges_of(view, frozenset(skip)), view.label)
    supporting = passages_about(ctx.store, ctx.iris.ontology_ns, view.iri)
    own = asserted_by(s.passages, view.iri)
    return {
        "view": view,
        "cards": _cards(ctx, s, view, lang, annotation),
        "is_annotation": annotation,
        "said": said(ctx.store, s.lexicon, ctx.iris, view, lang),
        "passages": passage_models(s, ctx, supporting, lang),
        "asserts": passage_models(s, ctx, own, lang),
        "claims_href": "/claims?" + urlencode({"asserter": view.iri}),
        "conformance": conformance_model(s, ctx, view.iri, lang),
        "svg": Markup(svg),
        "query_href": query_link(view.iri),
        "formats": format_links(view.path),
        "api_href": "/api/entity?" + urlencode({"iri": view.iri, "lang": lang}),
        "schema_json": Markup(
            script_json(schema_card(ctx.store, s.lexicon, view.iri, page_url, lang))
        ),
        "is_article": s.article is not None and s.article.iri == view.iri,
    }


def entity_response(iri: str) -> Response:
    """The HTML page of any node: the ontology overview, a term's documentation, or an entity."""
    ctx, s, lang = get_kg(), site(), page_lang()
    if iri in ontology_documents(ctx):
        return ontology_overview(ctx, s, lang)
    if iri.startswith(ctx.iris.ontology_ns):
        doc = s.docs.term(iri, lang)
        if doc is not None:
            view = describe_entity(ctx.store, s.lexicon, ctx.iris, iri, lang)
            values = _entity_values(ctx, s, view, lang)
            return render_page("term.html", doc=doc, lang=lang, **values)
    view = describe_entity(ctx.store, s.lexicon, ctx.iris, iri, lang)
    return render_page("entity.html", lang=lang, **_entity_values(ctx, s, view, lang))


def ontology_overview(ctx: KGContext, s: Site, lang: str) -> Response:
    ontology = str(ctx.iris.ontology)
    view = describe_entity(ctx.store, s.lexicon, ctx.iris, ontology, lang)
    terms = s.docs.terms(lang)
    groups = [
        (key, [t for t in terms if t.kind == kind])
        for key, kind in (
            ("classes", "class"),
            ("object_properties", "object"),
            ("datatype_properties", "datatype"),
        )
    ]
    return render_page(
        "ontology.html",
        lang=lang,
        view=view,
        groups=groups,
        individuals=s.docs.individuals(lang),
        prefixes=sorted(ctx.prefixes.items()),
        formats=format_links("/ontology"),
    )


def not_found_response(path: str) -> Response:
    """404 for an IRI that is not in the dataset, with the closest names as suggestions."""
    s, lang = site(), page_lang()
    query = suggestion_query(path)
    hits = [h for word in query.split() for h in s.search.search(word, limit=5)]
    unique = list({h.iri: h for h in hits}.values())[:10]
    return render_page(
        "not_found.html",
        status=404,
        lang=lang,
        path=path,
        query=query,
        hits=[node_value_of(get_kg(), s, h.iri, lang) for h in unique],
    )
