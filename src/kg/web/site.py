"""What the human-facing pages share: the per-build models, the page language, rendering.

:class:`Site` holds the derived models of one build (names, search index, evidence passages,
shapes and the build's report). It is created on first use and kept in ``KGContext.cache``;
the context belongs to one build version, so nothing is recomputed per request and nothing
outlives its build. Creating it costs a few milliseconds (the page tests create it once per app),
so it never slows the server's start.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from flask import Response, render_template, request

from kg.errors import EntityNotFound
from kg.pages.conformance import Report, Shape, load_shapes, read_report
from kg.pages.i18n import choose_lang, translate
from kg.pages.lexicon import LANGS, Lexicon
from kg.pages.ontodoc import OntologyDocs
from kg.pages.passages import ArticleText, Passage, load_article_text, load_passages
from kg.pages.search import SearchIndex
from kg.web import KGContext, get_kg
from kg.web.http import add_vary, conditional

_LOCK = threading.Lock()
_SEARCH_LOCK = threading.Lock()
HTML_TYPE = "text/html; charset=utf-8"


@dataclass
class Site:
    """The page models of one process: small things made at the first page, the name index
    only when a search (or a 404's suggestions) first needs it. Nothing here grows with the
    dataset except that index: an entity's passages are looked up per page
    (:func:`kg.pages.passages.passages_about`), so the first page at 1M triples does not wait for
    every name and passage to be read."""

    lexicon: Lexicon
    passages: list[Passage]  # the source article's, for the article view
    article: ArticleText | None
    shapes: list[Shape]
    report: Report
    docs: OntologyDocs
    store: Any
    base: str
    _search: SearchIndex | None = None

    @classmethod
    def build(cls, ctx: KGContext) -> Site:
        store = ctx.store
        lexicon = Lexicon(store, ctx.prefixes)
        article = load_article_text(store)
        passages = load_passages(store, ctx.iris.ontology_ns, article.iri) if article else []
        shapes = load_shapes(ctx.paths.shapes_files(), ctx.iris)
        return cls(
            lexicon,
            passages,
            article,
            shapes,
            read_report(ctx.build.report),
            OntologyDocs(store, lexicon, ctx.iris, shapes),
            store,
            ctx.iris.base,
        )

    @property
    def search(self) -> SearchIndex:
        if self._search is None:
            with _SEARCH_LOCK:
                if self._search is None:
                    self._search = SearchIndex.from_store(self.store, self.base)
        return self._search

    def article_path(self, ctx: KGContext, anchor: str | None = None) -> str:
        return "/article" + (f"#{anchor}" if anchor else "")


def site() -> Site:
    """The current build's page models (created once per process and build)."""
    ctx = get_kg()
    cached = ctx.cache.get("site")
    if cached is None:
        with _LOCK:
            cached = ctx.cache.get("site")
            if cached is None:
                cached = ctx.cache["site"] = Site.build(ctx)
    return cached


def page_lang() -> str:
    return choose_lang(
        request.args.get("lang"), request.cookies.get("lang"), request.accept_languages
    )


def lang_links(lang: str) -> list[dict[str, Any]]:
    """The language switch: this URL with ``?lang=`` for each language (plain links, no JS)."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    out = []
    for code, name in (("id", "Bahasa Indonesia"), ("en", "English")):
        query = "&".join(f"{k}={_quote(v)}" for k, v in {**args, "lang": code}.items())
        out.append(
            {"code": code, "name": name, "href": f"{request.path}?{query}", "current": code == lang}
        )
    return out


def _quote(value: str) -> str:
    return quote(value, safe="")


#: A page differs by format, language header and language cookie (RFC 9110 §12.5.5).
PAGE_VARY = ("Accept", "Accept-Language", "Cookie")


def render_page(template: str, status: int = 200, **values: Any) -> Response:
    """Render an HTML page in the request's language, with the headers every page needs.

    A 200 page is revalidated (:func:`kg.web.http.conditional`) before it is rendered; a page
    answering a language switch (``?lang=``) sets the cookie and is never stored by others.
    """
    ctx = get_kg()
    lang = values.pop("lang", None) or page_lang()

    def rendered() -> Response:
        body = render_template(
            template,
            lang=lang,
            t=lambda key: translate(key, lang),
            lang_links=lang_links(lang),
            site=site(),
            **values,
        )
        response = Response(body, status, content_type=HTML_TYPE)
        response.headers["Content-Language"] = lang
        return response

    if request.args.get("lang") in LANGS:
        response = add_vary(rendered(), *PAGE_VARY)
        response.set_cookie("lang", lang, max_age=365 * 86400, samesite="Lax")
        response.headers["Cache-Control"] = "private, no-cache"
        return response
    if status != 200:
        return add_vary(rendered(), *PAGE_VARY)
    etag = ctx.entity_tag(request.full_path, lang, request.cookies.get("lang"))
    return conditional(etag, ctx.max_age, rendered, PAGE_VARY)


def require(condition: bool, message: str) -> None:
    if not condition:
        raise EntityNotFound(message)


def dataset_card(ctx: KGContext) -> dict[str, Any]:
    """Licence, source article, version and content hash for the footer of every page."""
    s = site()
    source = s.article.iri if s.article else None
    return {
        "source_href": ctx.iris.path_of(source) if source else None,
        "source_label": s.lexicon.label(source, page_lang()) if source else None,
        "source_lang": s.lexicon.label_lang(source, page_lang()) if source else None,
        "sha256": str(ctx.build.manifest.get("sha256", "")),
        "article_href": "/article",
    }
