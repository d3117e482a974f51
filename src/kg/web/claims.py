"""Claims and statements for people and programs: ``/claims``, ``/api/claims``,
``/claims.csv`` and ``/api/entity``.

Thin views over :mod:`kg.pages.claims` and :mod:`kg.pages.statements`: they read the request,
take the per-language claim list (made once per process and build, kept in ``ctx.cache``)
and answer. The JSON answers always speak JSON, errors included (a client of ``/api/*`` never
has to parse an HTML error page).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Response, request

from kg.formats import by_name
from kg.pages.claims import (
    CSV_COLUMNS,
    DATE_STATUSES,
    KINDS,
    Claim,
    as_json,
    as_row,
    entity_counts,
    facet_counts,
    load_claims,
)
from kg.pages.lexicon import LANGS
from kg.pages.statements import describe, exists
from kg.web import KGContext, get_kg
from kg.web.http import conditional
from kg.web.site import PAGE_VARY, page_lang, render_page, site

bp = Blueprint("claims", __name__)

JSON_TYPE = "application/json; charset=utf-8"
#: What every ``translation`` field is (kg:translation in the ontology).
TRANSLATION_NOTE = (
    "English (en), the dataset's own translation of each passage: not the article's words, "
    "which are Indonesian only (exact)"
)
CSV = by_name("csv", "results")


def claims_of(ctx: KGContext, lang: str) -> list[Claim]:
    key = ("claims", lang)
    if key not in ctx.cache:
        s = site()
        ctx.cache[key] = (
            load_claims(ctx.store, s.lexicon, ctx.iris.ontology_ns, s.article.iri, lang)
            if s.article
            else []
        )
    claims: list[Claim] = ctx.cache[key]
    return claims


def _data_lang() -> str:
    """``?lang=`` for the labels of a data answer, else the page language rules."""
    wanted = request.args.get("lang")
    return wanted if wanted in LANGS else page_lang()


def _json_error(status: int, title: str, message: str) -> Response:
    body = json.dumps(
        {"ok": False, "status": status, "error": title, "message": message}, ensure_ascii=False
    )
    response = Response(body, status, content_type=JSON_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response


def _cached(body: Any, content_type: str, lang: str) -> Response:
    ctx = get_kg()
    etag = ctx.entity_tag(request.full_path, lang)
    return conditional(
        etag, ctx.max_age, lambda: Response(body(), content_type=content_type), PAGE_VARY
    )


@bp.route("/api/claims")
def api_claims() -> Response:
    """Every asserted passage of the article, one object per claim, in article order."""
    ctx, lang = get_kg(), _data_lang()

    def body() -> str:
        claims = claims_of(ctx, lang)
        return json.dumps(
            {
                "lang": lang,
                "count": len(claims),
                "kinds": list(KINDS),
                "date_statuses": list(DATE_STATUSES),
                "translation": TRANSLATION_NOTE,
                "claims": [as_json(c) for c in claims],
            },
            ensure_ascii=False,
            indent=1,
        )

    return _cached(body, JSON_TYPE, lang)


@bp.route("/claims.csv")
def claims_csv() -> Response:
    """The same rows as CSV (RFC 4180: CRLF line ends, a header row)."""
    ctx, lang = get_kg(), _data_lang()

    def body() -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(as_row(c) for c in claims_of(ctx, lang))
        return out.getvalue()

    response = _cached(body, f"{CSV.media_type}; charset=utf-8; header=present", lang)
    response.headers["Content-Disposition"] = 'inline; filename="claims.csv"'
    return response


@bp.route("/api/entity")
def api_entity() -> Response:
    """``/api/entity?iri=IRI``: labels, types and statements with their references."""
    ctx, lang = get_kg(), _data_lang()
    iri = request.args.get("iri", "").strip()
    if not iri:
        return _json_error(400, "MissingParameter", "give the entity's IRI: /api/entity?iri=IRI")
    try:
        ox.NamedNode(iri)  # pyoxigraph checks the IRI's syntax (RFC 3987)
    except ValueError as exc:
        return _json_error(400, "InvalidIRI", f"<{iri}> is not an absolute IRI: {exc}")
    if not exists(ctx.store, iri):
        return _json_error(404, "EntityNotFound", f"the dataset says nothing about <{iri}>")
    s = site()

    def body() -> str:
        document = describe(
            ctx.store,
            s.lexicon,
            ctx.iris.ontology_ns,
            str(ctx.iris.graph("inferred")),
            iri,
            lang,
        )
        return json.dumps({"lang": lang, **document}, ensure_ascii=False, indent=1)

    return _cached(body, JSON_TYPE, lang)


@bp.route("/claims")
def claims_page() -> Response:
    """Every claim, filterable by asserter and kind with plain links (no script needed)."""
    ctx, lang = get_kg(), page_lang()
    claims = claims_of(ctx, lang)
    by = request.args.get("asserter", "")
    kind = request.args.get("kind", "")
    about = request.args.get("about", "")

    def keeps(c: Claim, asserter: str = by, kind_: str = kind, about_: str = about) -> bool:
        return (
            (not asserter or c.asserter == asserter)
            and (not kind_ or c.kind == kind_)
            and (not about_ or about_ in dict(c.about))
        )

    shown = [c for c in claims if keeps(c)]
    labels = {c.asserter: c.asserter_label for c in claims}

    def link(**changes: str) -> str:
        args = {"asserter": by, "kind": kind, "about": about, **changes}
        query = "&".join(f"{k}={_quote(v)}" for k, v in args.items() if v)
        return "/claims" + (f"?{query}" if query else "")

    asserters = [
        {"value": v, "label": labels[v], "count": n, "href": link(asserter=v), "current": v == by}
        for v, n in facet_counts([c for c in claims if keeps(c, asserter="")], "asserter")
    ]
    kinds = [
        {"value": v, "count": n, "href": link(kind=v), "current": v == kind}
        for v, n in facet_counts([c for c in claims if keeps(c, kind_="")], "kind")
    ]
    entities = [
        {"value": v, "label": label, "count": n, "href": link(about=v), "current": v == about}
        for v, label, n in entity_counts([c for c in claims if keeps(c, about_="")])
    ]
    about_label = next((e["label"] for e in entities if e["value"] == about), about)
    return render_page(
        "claims.html",
        lang=lang,
        claims=shown,
        total=len(claims),
        asserters=asserters,
        kinds=kinds,
        asserter=by,
        asserter_label=labels.get(by, by),
        kind=kind,
        entities=entities,
        about=about,
        about_label=about_label,
        clear_about=link(about=""),
        clear_href="/claims",
        clear_asserter=link(asserter=""),
        clear_kind=link(kind=""),
        data_json=f"/api/claims?lang={lang}",
        data_csv=f"/claims.csv?lang={lang}",
        path_of=ctx.iris.path_of,
    )


def _quote(value: str) -> str:
    return quote(value, safe="")
