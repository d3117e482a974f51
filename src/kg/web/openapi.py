"""The OpenAPI 3.0 description of the HTTP API, as plain data (no Flask here).

:data:`OPERATIONS` maps each Flask URL rule of the app to its operations; the web layer
publishes :func:`document` at ``/openapi.json`` for the rules the running app has, and
``tests/test_ops.py`` fails when a registered rule has no entry, so the document stays
complete as routes are added. ``tests/test_schemathesis.py`` fuzzes the app against it
(no 5xx; every status, media type and JSON body as documented).

Statuses follow RFC 9110 §15; the SPARQL operations follow the SPARQL 1.1 Protocol §2.1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from kg.formats import formats_of

Schema = dict[str, Any]

ERROR_SCHEMA: Schema = {
    "type": "object",
    "required": ["ok", "status", "error", "message"],
    "properties": {
        "ok": {"type": "boolean", "enum": [False]},
        "status": {"type": "integer"},
        "error": {"type": "string"},
        "message": {"type": "string"},
    },
}
_NULLABLE_STRING: Schema = {"type": "string", "nullable": True}
#: /sparql/entities.json (kg.pages.workbench.EntityOption).
ENTITIES_SCHEMA: Schema = {
    "type": "object",
    "required": ["query", "options"],
    "properties": {
        "query": {"type": "string"},
        "options": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["curie", "iri", "label", "matched", "matched_lang", "types"],
                "properties": {
                    "curie": {"type": "string", "description": "What the editor inserts"},
                    "iri": {"type": "string"},
                    "label": {"type": "string", "description": "In the page language"},
                    "matched": {"type": "string", "description": "The name that matched"},
                    "matched_lang": {"type": "string", "nullable": True},
                    "types": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}

SEARCH_SCHEMA: Schema = {
    "type": "object",
    "required": ["query", "count", "total", "results"],
    "properties": {
        "query": {"type": "string"},
        "count": {"type": "integer", "description": "The results in this answer (at most 50)"},
        "total": {
            "type": "integer",
            "description": "Every hit of the query under the type filter (count is its first 50)",
        },
        "type": {**_NULLABLE_STRING, "description": "The type filter, as asked"},
        "include_modelling": {"type": "boolean"},
        "hidden_modelling": {
            "type": "integer",
            "description": "Modelling records left out (0 with include=modelling)",
        },
        "facets": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "label", "count"],
                "properties": {
                    "type": {"type": "string"},
                    "label": {"type": "string"},
                    "count": {"type": "integer"},
                },
            },
        },
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["iri", "label", "kind"],
                "properties": {
                    "iri": {"type": "string"},
                    "label": {"type": "string"},
                    "kind": {"type": "string", "enum": ["name", "passage"]},
                    "score": {"type": "integer"},
                    "modelling": {"type": "boolean"},
                },
            },
        },
    },
}
ARTICLE_SCHEMA: Schema = {
    "type": "object",
    "required": ["article", "lang", "asserter", "passages"],
    "properties": {
        "article": {"type": "string"},
        "lang": {"type": "string"},
        "asserter": {**_NULLABLE_STRING, "description": "The asserter filter, as asked"},
        "passages": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["number", "annotation", "exact", "start", "end"],
                "properties": {
                    "number": {"type": "integer"},
                    "annotation": {"type": "string"},
                    "exact": {"type": "string"},
                    "translation": _NULLABLE_STRING,
                    "start": {"type": "integer"},
                    "end": {"type": "integer"},
                    "asserted_by": _NULLABLE_STRING,
                    "supports": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}
TIMELINE_SCHEMA: Schema = {
    "type": "object",
    "required": ["lang", "events"],
    "properties": {
        "lang": {"type": "string"},
        "events": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["date", "thing", "thing_label"],
                "properties": {
                    "date": {"type": "string"},
                    "precision": {"type": "string"},
                    "relation": {"type": "string"},
                    "date_status": {"type": "string"},
                    "thing": {"type": "string"},
                    "thing_label": {"type": "string"},
                    "time": {"type": "string"},
                    "inference_note": _NULLABLE_STRING,
                },
            },
        },
    },
}
#: Every error may come as JSON, HTML or text, after the client's Accept (kg.web.errorpages).
_ERROR_CONTENT: Schema = {
    "application/json": {"schema": {"$ref": "#/components/schemas/Error"}},
    "text/html": {"schema": {"type": "string"}},
    "text/plain": {"schema": {"type": "string"}},
}
_REASONS = {
    303: "See Other: a browser is sent to the dataset's page",
    304: "Not Modified: the client's copy is current (RFC 9110 §15.4.5)",
    400: "Bad Request: a malformed or refused parameter",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    413: "Content Too Large",
    414: "URI Too Long",
    415: "Unsupported Media Type",
    431: "Request Header Fields Too Large",
    503: "Service Unavailable: a query limit was hit or a worker died; retrying may work",
}
_ALWAYS = (400, 404, 405, 406)
#: Response headers every answer carries (kg.web.ops): the request id, honoured or generated.
_HEADERS: Schema = {
    "X-Request-ID": {
        "schema": {"type": "string", "maxLength": 128},
        "description": "The request's id (echoed or generated)",
    }
}

_RDF = [f.media_type for f in formats_of("graph")]
_DATASET = [f.media_type for f in formats_of("dataset")]
_RESULTS = [f.media_type for f in formats_of("results")]
RDF_SUFFIXES = sorted({f.suffix for f in formats_of("graph", "html")})


#: JSON bodies are parsed by clients (and by schemathesis): describe them as JSON, not strings.
_JSON_SCHEMAS: dict[str, Schema] = {
    "application/sparql-results+json": {"type": "object", "required": ["head"]},
    "application/ld+json": {},  # an object or an array, after the JSON-LD compaction
}


def _content(*media_types: str, schema: Schema | None = None) -> Schema:
    def default(media_type: str) -> Schema:
        if media_type in _JSON_SCHEMAS:
            return _JSON_SCHEMAS[media_type]
        return {"type": "object"} if media_type.endswith("json") else {"type": "string"}

    return {m: {"schema": schema or default(m)} for m in media_types}


def _responses(ok: Schema, *extra: int, ok_status: int = 200) -> Schema:
    responses: Schema = {str(ok_status): {"description": "OK", "headers": _HEADERS, "content": ok}}
    for status in sorted({*_ALWAYS, *extra}):
        entry: Schema = {"description": _REASONS[status], "headers": _HEADERS}
        if status != 304:
            entry["content"] = _ERROR_CONTENT
        responses[str(status)] = entry
    return responses


def _param(name: str, where: str = "query", schema: Schema | None = None, **more: Any) -> Schema:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": schema or {"type": "string"},
        **more,
    }


_LANG = _param(
    "lang",
    schema={"type": "string", "enum": ["en", "id"]},
    description="Page language (also remembered in a cookie)",
)
_FORMAT_RDF = _param("format", description="Force a format by name (turtle, jsonld, nt, xml, html)")
_HTML = _content("text/html")
_HTML_OR_RDF = _content("text/html", *_RDF)


def _page(
    summary: str, *params: Schema, content: Schema | None = None, extra: Sequence[int] = (304,)
) -> Schema:
    return {
        "get": {
            "summary": summary,
            "parameters": [_LANG, *params],
            "responses": _responses(content or _HTML, *extra),
        }
    }


def _sparql_params() -> list[Schema]:
    many = {"type": "array", "items": {"type": "string"}}
    return [
        _param("query", description="SPARQL 1.1 query text (absent: service description)"),
        _param("default-graph-uri", schema=many, style="form", explode=True),
        _param("named-graph-uri", schema=many, style="form", explode=True),
        _param("format", description="Answer format by name, overriding Accept"),
        _param(
            "timeout",
            schema={"type": "integer"},
            description="Lower the time limit (ms); never raises SPARQL_TIME_LIMIT_MS",
        ),
        _param(
            "labels",
            description="The label service (docs/sparql.md): up to 5 language tags, "
            "comma-separated (id,en); each IRI column ?x of a SELECT answer gains ?xLabel. "
            "The query hint comment '#labels: id,en' does the same; 400 for a bad tag",
        ),
        _param(
            "download",
            description="Any value: answer as an attachment (Content-Disposition), named "
            "results.<suffix>",
        ),
    ]


def _sparql() -> Schema:
    answers = _content(*_RESULTS, *_RDF, *_DATASET, "text/html")
    form = {
        "type": "object",
        "properties": {
            "query": {"type": "string"},
            "default-graph-uri": {"type": "string"},
            "named-graph-uri": {"type": "string"},
            "format": {"type": "string"},
            "timeout": {"type": "integer"},
            "labels": {"type": "string"},
        },
    }
    return {
        "get": {
            "summary": "SPARQL 1.1 Protocol: query via GET, or the service description",
            "parameters": _sparql_params(),
            "responses": _responses(answers, 304, 413, 503),
        },
        "post": {
            "summary": "SPARQL 1.1 Protocol: query via URL-encoded POST or direct POST",
            "requestBody": {
                "required": True,
                "content": {
                    "application/x-www-form-urlencoded": {"schema": form},
                    "application/sparql-query": {"schema": {"type": "string"}},
                },
            },
            "responses": _responses(answers, 413, 415, 503),
        },
    }


def _canned(names: Sequence[str], suffixed: bool) -> Schema:
    name = _param("name", "path", {"type": "string", **({"enum": list(names)} if names else {})})
    params = [name, _param("format", description="json, csv or html"), _LANG]
    if suffixed:
        params.append(_param("suffix", "path", {"type": "string", "enum": ["json", "csv", "srj"]}))
    answers = _content("text/html", "application/sparql-results+json", "text/csv")
    return {
        "get": {
            "summary": "A canned (competency) query; its declared parameters bind as RDF terms",
            "parameters": params,
            "responses": _responses(answers, 304, 503),
        }
    }


def _ops() -> dict[str, Schema]:
    health = {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string"}},
    }
    ready = {
        "type": "object",
        "required": ["ready", "version", "workers"],
        "properties": {
            "ready": {"type": "boolean"},
            "version": {"type": "string"},
            "workers": {"type": "object"},
        },
    }
    not_ready = {
        "description": "Not ready: no query worker is up",
        "headers": _HEADERS,
        "content": _content("application/json", schema=ready),
    }
    return {
        "/healthz": {
            "get": {
                "summary": "Liveness: the process answers",
                "responses": {
                    "200": {
                        "description": "alive",
                        "headers": _HEADERS,
                        "content": _content("application/json", schema=health),
                    }
                },
            }
        },
        "/readyz": {
            "get": {
                "summary": "Readiness: the graph is loaded and query workers are up",
                "responses": {
                    "200": {
                        "description": "ready",
                        "headers": _HEADERS,
                        "content": _content("application/json", schema=ready),
                    },
                    "503": not_ready,
                },
            }
        },
        "/openapi.json": {
            "get": {
                "summary": "This document",
                "responses": {
                    "200": {
                        "description": "OpenAPI 3.0",
                        "headers": _HEADERS,
                        "content": _content("application/json", schema={"type": "object"}),
                    }
                },
            }
        },
    }


def operations(canned: Sequence[str] = ()) -> dict[str, Schema]:
    """Every operation we serve, keyed by its OpenAPI path (one per Flask rule)."""
    slug = {"type": "string", "pattern": "^[A-Za-z0-9._-]+$"}
    suffix = _param("suffix", "path", {"type": "string", "enum": RDF_SUFFIXES})
    return {
        **_ops(),
        "/sparql": _sparql(),
        "/sparql/vocabulary.json": _page(
            "The query editor's completion vocabulary: prefixes, classes and properties "
            "with labels in the page language, and the properties that fit each class",
            content=_content("application/json", schema={"type": "object"}),
        ),
        "/sparql/entities.json": _page(
            "The query editor's entity completion: the dataset's things whose names (either "
            "language, stemmed as /search stems them) match q, labelled in the page language",
            _param("q", description="The typed name (cut at 200 characters; under 2: none)"),
            content=_content("application/json", schema=ENTITIES_SCHEMA),
        ),
        "/queries": _page("The canned queries", extra=()),
        "/queries/{name}": _canned(canned, False),
        "/queries/{name}.{suffix}": _canned(canned, True),
        "/": _page("Home: the dataset, its classes and dumps"),
        "/search": _page(
            "Search labels, names and the article's passages",
            _param("q", description="The words to find (every word in one name or passage)"),
            _param(
                "type",
                description="Keep only the hits of this type (a class IRI, as the facets link "
                "it); the facets and hidden_modelling still count every hit",
            ),
            _param(
                "include",
                schema={"type": "string", "enum": ["modelling"]},
                description="modelling: also offer the modelling records (Data Cube "
                "structure, concept schemes) left out otherwise; any other value is ignored",
            ),
            _param(
                "format",
                schema={"type": "string", "enum": ["json", "html"]},
                description="json for the JSON answer (also chosen by Accept: "
                "application/json); any other value gives HTML",
            ),
            content={**_HTML, **_content("application/json", schema=SEARCH_SCHEMA)},
        ),
        "/article": _page(
            "The article, with its evidence passages",
            _param(
                "asserter",
                description="Mark only this asserter's passages (an IRI, as the legend links "
                "it); 400 when no passage of the article is theirs",
            ),
            _param(
                "format",
                schema={"type": "string", "enum": ["html", "json", "text", "txt"]},
                description="json: the passages as data (under the asserter filter); text or "
                "txt: the article's text; 406 for any other value",
            ),
            content={
                **_HTML,
                **_content("application/json", schema=ARTICLE_SCHEMA),
                **_content("text/plain"),
            },
        ),
        "/timeline": _page(
            "The dated events",
            _param(
                "format",
                schema={"type": "string", "enum": ["json", "csv"]},
                description="json or csv: the same rows as data (CSV per RFC 4180); absent: "
                "HTML; 406 for any other value",
            ),
            content={
                **_HTML,
                **_content("application/json", schema=TIMELINE_SCHEMA),
                **_content("text/csv"),
            },
        ),
        "/claims": _page(
            "Every claim, with facets by asserter and kind",
            _param("asserter", description="Only this asserter's claims (an IRI)"),
            _param(
                "kind",
                schema={
                    "type": "string",
                    "enum": ["report", "direct-quote", "reported-speech", "assessment"],
                },
            ),
            _param("about", description="Only the claims about this entity (an IRI)"),
        ),
        "/claims.csv": _page("Every claim as CSV, one row per claim", content=_content("text/csv")),
        "/api/claims": _page(
            "Every claim as JSON, one object per claim", content=_content("application/json")
        ),
        "/api/entity": _page(
            "An entity's labels, types and statements with their references",
            _param("iri", required=True, description="The entity's IRI"),
            content=_content("application/json"),
            extra=(304, 400, 404),
        ),
        "/validation": _page(
            "The build's SHACL validation report",
            _param(
                "format",
                schema={"type": "string", "enum": ["text", "txt"]},
                description="text or txt: the report as the build wrote it; else HTML",
            ),
            content=_content("text/html", "text/plain"),
        ),
        "/id/{name}": _page(
            "An instance (HTML or RDF by Accept or suffix)",
            _param("name", "path", slug),
            _FORMAT_RDF,
            content=_HTML_OR_RDF,
        ),
        "/ontology": _page("The ontology", _FORMAT_RDF, content=_HTML_OR_RDF),
        "/ontology/": _page("The ontology", _FORMAT_RDF, content=_HTML_OR_RDF),
        "/ontology.{suffix}": _page("The ontology in one format", suffix, content=_HTML_OR_RDF),
        "/ontology/{name}": _page(
            "An ontology term", _param("name", "path", slug), _FORMAT_RDF, content=_HTML_OR_RDF
        ),
        "/graph/{name}": _page(
            "A named graph", _param("name", "path", slug), _FORMAT_RDF, content=_HTML_OR_RDF
        ),
        "/dataset": _page(
            "The dataset description (VoID, DCAT)", _FORMAT_RDF, content=_HTML_OR_RDF
        ),
        "/dataset.{suffix}": _page(
            "The dataset description in one format", suffix, content=_HTML_OR_RDF
        ),
        "/dumps/{name}": _page(
            "A whole-dataset dump (dataset.ttl, .nt, .jsonld, .rdf, .trig, .nq)",
            _param("name", "path", slug),
            content=_content(*_RDF, *_DATASET, "text/html"),
        ),
        "/.well-known/void": _page(
            "VoID autodiscovery (RFC 8615, VoID §7.2)",
            _FORMAT_RDF,
            content=_content(*_RDF),
            extra=(303, 304),
        ),
        "/static/{filename}": {
            "get": {
                "summary": "Scripts and styles served by this app",
                "parameters": [_param("filename", "path")],
                "responses": _responses(
                    _content("text/css", "text/javascript", "application/javascript"), 304
                ),
            }
        },
    }


def openapi_path(rule: str) -> str:
    """A Flask rule as an OpenAPI path: ``/q/<name>.<suffix>`` becomes ``/q/{name}.{suffix}``.

    (OpenAPI 3.0 §4.7.8, path templating.)
    """
    return re.sub(r"<(?:[a-z]+:)?([A-Za-z_][A-Za-z0-9_]*)>", r"{\1}", rule)


def document(
    rules: Iterable[str], *, version: str, canned: Sequence[str] = (), server: str = "/"
) -> Schema:
    """The OpenAPI 3.0 document for the app's URL ``rules`` (paths it does not serve left out)."""
    known = operations(canned)
    served = {openapi_path(r) for r in rules}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "kg: a linked-data knowledge graph of one ANTARA article",
            "version": version,
            "description": "SPARQL 1.1 endpoint (read-only), canned queries, Linked Data "
            "pages and dumps. Every answer carries X-Request-ID.",
        },
        "servers": [{"url": server}],
        "paths": {p: known[p] for p in sorted(served) if p in known},
        "components": {"schemas": {"Error": ERROR_SCHEMA}},
    }


def undocumented(rules: Iterable[str]) -> list[str]:
    """The app's rules that have no entry here (``tests/test_ops.py`` wants none)."""
    known = operations()
    return sorted({openapi_path(r) for r in rules} - set(known))
