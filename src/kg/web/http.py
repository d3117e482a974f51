"""HTTP policy, in one place: entity tags, conditional GET, caching headers, negotiation, Link.

Every view that answers a GET with a representation of the dataset goes through
:func:`conditional`, so the whole site has one entity-tag scheme and one revalidation rule:

* an entity tag is the dataset version plus a digest of what selects the representation
  (path, query, format, language), strong (RFC 9110 §8.8.3); it changes with every release;
* ``If-None-Match`` is compared weakly (RFC 9110 §13.1.2: "a recipient MUST use the weak
  comparison function"), and only on GET and HEAD; a match is a 304 carrying the same
  ``ETag``, ``Cache-Control`` and ``Vary`` as the 200 would (RFC 9110 §15.4.5);
* a representation that varies names what it varies by (RFC 9110 §12.5.5), so the front
  cache (:mod:`kg.web.front`) and shared caches keep one copy per variant.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

from flask import Response, request
from werkzeug.datastructures import MIMEAccept

from kg.formats import Format

#: Generic ``application/json`` names one of our JSON formats (as Fuseki reads it).
JSON = "application/json"


def entity_tag(version: str, *parts: object) -> str:
    """The entity tag (unquoted; Werkzeug quotes it) of the representation ``parts`` select."""
    digest = hashlib.sha256(repr((version, *parts)).encode()).hexdigest()[:32]
    return f"{version}-{digest}"


def is_fresh(etag: str) -> bool:
    """The client's copy is current: a GET or HEAD whose ``If-None-Match`` matches weakly."""
    return request.method in ("GET", "HEAD") and request.if_none_match.contains_weak(etag)


def add_vary(response: Response, *names: str) -> Response:
    """Add header names to ``Vary`` without repeating one already there."""
    present = [v.strip() for v in response.headers.get("Vary", "").split(",") if v.strip()]
    wanted = [*present, *(n for n in names if n.lower() not in {p.lower() for p in present})]
    if wanted:
        response.headers["Vary"] = ", ".join(wanted)
    return response


def cache_headers(
    response: Response, etag: str, max_age: int, vary: Sequence[str] = ("Accept",)
) -> Response:
    """``ETag``, ``Vary`` and ``Cache-Control``: public for GET and HEAD, revalidated for POST
    (a POST answer may be stored but never reused without asking, RFC 9111 §5.2.2.4)."""
    response.set_etag(etag)
    add_vary(response, *vary)
    if request.method in ("GET", "HEAD"):
        response.headers["Cache-Control"] = f"public, max-age={max_age}"
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response


def conditional(
    etag: str,
    max_age: int,
    make: Callable[[], Response],
    vary: Sequence[str] = ("Accept",),
) -> Response:
    """A 304 when the client's copy is current, else the response ``make`` builds.

    ``make`` is not called on a 304, so revalidation costs no query and no serialization.
    """
    if is_fresh(etag):
        return cache_headers(Response(status=304), etag, max_age, vary)
    return cache_headers(make(), etag, max_age, vary)


def json_alias(accept: MIMEAccept, *targets: str) -> MIMEAccept:
    """``Accept`` with generic ``application/json`` also standing for each of ``targets``, at
    its quality (the endpoint: SPARQL JSON results or JSON-LD; entity pages: JSON-LD)."""
    extra = [(alias, quality) for value, quality in accept if value == JSON for alias in targets]
    return MIMEAccept([*accept, *extra]) if extra else accept


def alternates(links: Iterable[tuple[str, Format]]) -> str:
    """A ``Link`` header value naming each other representation (RFC 8288 §3, rel=alternate)."""
    return ", ".join(f'<{href}>; rel="alternate"; type="{fmt.media_type}"' for href, fmt in links)
