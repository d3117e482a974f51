"""Read a SPARQL 1.1 Protocol query request from raw HTTP parts (no Flask here).

Parameters are decoded from the *raw* query string and body with strict UTF-8: Werkzeug
leaves invalid ``%FF`` escapes as literal text, so its decoded ``request.args`` would let a
non-UTF-8 query through (docs/architecture.md, "Design notes").
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from kg.errors import QueryRejected, UnsupportedFormat, UnsupportedMediaType
from kg.formats import by_name
from kg.query.labels import read_languages

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
#: Parameters of the update operation (SPARQL 1.1 Protocol §2.2) and of the Graph Store
#: Protocol (§5 of that spec); this endpoint offers neither.
UPDATE_PARAMS = ("update", "using-graph-uri", "using-named-graph-uri")
GRAPH_STORE_PARAMS = ("graph", "default")
#: Names clients use for the answer format: ``format`` (ours, Fuseki's), and ``output`` and
#: ``results`` too, which SPARQLWrapper sends together with ``format`` on every request.
FORMAT_PARAMS = ("format", "output", "results")


@dataclass(frozen=True)
class ProtocolRequest:
    """The parameters of one query operation (SPARQL 1.1 Protocol §2.1)."""

    query: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    format: str | None = None
    timeout_ms: int | None = None
    #: ``labels=id,en``: the label service's languages (kg.query.labels), not a SPARQL
    #: Protocol parameter; a client that never sends it gets plain SPARQL answers.
    labels: tuple[str, ...] = ()


def decode_params(raw: bytes, where: str) -> list[tuple[str, str]]:
    """``application/x-www-form-urlencoded`` pairs, refusing bytes that are not UTF-8."""
    try:
        text = raw.decode("ascii") if raw.isascii() else raw.decode("utf-8")
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise QueryRejected(
            f"the {where} is not valid UTF-8 (byte {exc.start}); "
            "SPARQL requests must be UTF-8 encoded"
        ) from exc


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    base, _, rest = content_type.partition(";")
    charset = None
    for part in rest.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset":
            charset = value.strip().strip('"').lower()
    return base.strip().lower(), charset


def _require_utf8(charset: str | None) -> None:
    if charset not in (None, "utf-8", "utf8", "us-ascii"):
        raise UnsupportedMediaType(f"charset {charset} is not accepted; send UTF-8")


def _body_params(
    method: str, content_type: str | None, body: bytes
) -> tuple[list[tuple[str, str]], str | None]:
    """Parameters carried by a POST body, and the query when it is sent directly (§2.1.3)."""
    if method != "POST":
        return [], None
    media, charset = _media_type(content_type)
    if media == UPDATE:
        raise QueryRejected("this endpoint is read-only: SPARQL Update is not accepted")
    if media == FORM:
        _require_utf8(charset)
        return decode_params(body, "request body"), None
    if media == DIRECT:
        _require_utf8(charset)
        try:
            return [], body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise QueryRejected(f"the query is not valid UTF-8 (byte {exc.start})") from exc
    shown = media or "no Content-Type"
    raise UnsupportedMediaType(
        f"a query sent by POST needs Content-Type {FORM} or {DIRECT}, "
        f"not {shown} (SPARQL 1.1 Protocol §2.1.2, §2.1.3)"
    )


def _single(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        what = "more than one query string" if name == "query" else f"more than one {name}"
        raise QueryRejected(f"the request has {what}; send exactly one (SPARQL 1.1 Protocol §2.1)")
    return values[0] if values else None


def _format(params: list[tuple[str, str]]) -> str | None:
    """The one answer format the request names; repeats that agree count once.

    :raises QueryRejected: two format parameters name different formats (both are named).
    """
    given = [(k, v) for k, v in params if k in FORMAT_PARAMS and v.strip() != ""]
    if len({_format_name(v) for _, v in given}) > 1:
        shown = ", ".join(f"{k}={v}" for k, v in given)
        raise QueryRejected(
            f"the request names more than one answer format ({shown}); "
            "send one, or the same one in each parameter"
        )
    return _format_name(given[0][1]) if given else None


def _format_name(value: str) -> str:
    """The registry's name for a format named by name, alias or media type (SPARQLWrapper
    sends ``tsv`` and ``text/tab-separated-values`` side by side, and lists of media types
    such as ``application/ld+json,application/x-json+ld``); unknown names stay as written,
    so that the answer's 406 names them."""
    first = value.split(",", 1)[0].strip()
    try:
        return by_name(first, "graph", "dataset", "results").name
    except UnsupportedFormat:
        return first.lower()


def _timeout(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise QueryRejected(
            f"timeout must be a whole number of milliseconds, not {value!r}"
        ) from None


def read_request(
    method: str, query_string: bytes, content_type: str | None, body: bytes
) -> ProtocolRequest:
    """The query operation's parameters from a GET or POST request.

    :raises QueryRejected: update or Graph Store parameters, two queries, non-UTF-8 input.
    :raises UnsupportedMediaType: a POST body that is neither a form nor a query.
    """
    params = decode_params(query_string, "query string")
    extra, direct = _body_params(method, content_type, body)
    params += extra
    names = {k for k, _ in params}
    if names & set(UPDATE_PARAMS):
        raise QueryRejected("this endpoint is read-only: the update operation is not offered")
    if direct is not None:
        if "query" in names:
            raise QueryRejected(
                "the request has more than one query string: one in the URL and one in the body"
            )
        params.append(("query", direct))
    query = _single(params, "query")
    if query is None and names & set(GRAPH_STORE_PARAMS):
        raise QueryRejected("the Graph Store Protocol is not offered here; query with SPARQL")
    return ProtocolRequest(
        query,
        tuple(v for k, v in params if k == "default-graph-uri"),
        tuple(v for k, v in params if k == "named-graph-uri"),
        _format(params),
        _timeout(_single(params, "timeout")),
        _labels(_single(params, "labels")),
    )


def _labels(value: str | None) -> tuple[str, ...]:
    """``labels=`` (absent or empty: no label columns)."""
    if value is None or not value.strip():
        return ()
    return read_languages(value, "labels")
