"""Property-based tests (issue 7): request parsing, Accept negotiation, IRI-to-path mapping,
search, canned-query parameters, request ids and the HTTP request framing of the server
worker. Bounded: ``FUZZ`` examples each (the longer run's figures are in the issue note);
set ``KG_FUZZ_EXAMPLES`` for a longer run.
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kg.errors import KGError, UnsupportedFormat
from kg.formats import FORMATS, negotiate
from kg.iris import IRIs, is_slug
from kg.query.protocol import read_request
from kg.server.httpworker import head_end, request_complete
from kg.web.ops import request_id_for, valid_request_id

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
HTTP = settings(
    max_examples=max(20, EXAMPLES // 2),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

MEDIA_TYPES = sorted({f.media_type for f in FORMATS}) + [
    "application/json",
    "text/*",
    "*/*",
    "application/*",
    "image/png",
    "text/plain",
]
accept_items = st.tuples(
    st.sampled_from(MEDIA_TYPES) | st.text(max_size=20),
    st.floats(0, 1) | st.sampled_from([0.0, 1.0]) | st.none(),
)
accept_headers = st.lists(accept_items, max_size=5).map(
    lambda items: ", ".join(m if q is None else f"{m};q={q:.3f}" for m, q in items)
) | st.text(max_size=80)
#: What can reach the app in a field value: no CR, LF or NUL (RFC 9110 §5.5; gunicorn refuses them).
accept_headers = accept_headers.map(lambda h: "".join(c for c in h if c not in "\r\n\x00"))
any_bytes = st.binary(max_size=300)
form_texts = st.text(max_size=60)


# -- request parsing ----------------------------------------------------------------------------


@FUZZ
@given(
    method=st.sampled_from(["GET", "POST", "PUT"]),
    query_string=any_bytes,
    content_type=st.none()
    | st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "application/sparql-query",
            "application/sparql-update",
            "text/plain",
            "application/sparql-query; charset=latin-1",
        ]
    )
    | st.text(max_size=40),
    body=any_bytes,
)
def test_request_parsing_accepts_or_raises_only_our_errors(
    method: str, query_string: bytes, content_type: str | None, body: bytes
) -> None:
    try:
        proto = read_request(method, query_string, content_type, body)
    except KGError as exc:
        assert 400 <= exc.http_status < 500
        return
    assert proto.query is None or isinstance(proto.query, str)
    assert proto.timeout_ms is None or isinstance(proto.timeout_ms, int)


@FUZZ
@given(query=form_texts, graphs=st.lists(form_texts, max_size=3), timeout=st.integers(0, 10**6))
def test_a_well_formed_query_string_reads_back_exactly(
    query: str, graphs: list[str], timeout: int
) -> None:
    pairs = [("query", query), ("timeout", str(timeout))] + [
        ("default-graph-uri", g) for g in graphs
    ]
    proto = read_request("GET", urlencode(pairs).encode(), None, b"")
    assert proto.query == query and proto.default_graphs == tuple(graphs)
    assert proto.timeout_ms == timeout


# -- Accept negotiation -------------------------------------------------------------------------


@FUZZ
@given(header=accept_headers)
def test_negotiation_picks_an_offered_format_or_says_406(header: str) -> None:
    accept = parse_accept_header(header, MIMEAccept)
    offered = list(FORMATS)
    try:
        chosen = negotiate(accept, offered)
    except UnsupportedFormat as exc:
        assert exc.http_status == 406
        return
    assert chosen in offered
    if accept:
        assert accept.quality(chosen.media_type) > 0


@HTTP
@given(
    header=accept_headers,
    path=st.sampled_from(
        [
            "/sparql?query=ASK%7B%7D",
            "/id/andra-soni",
            "/queries/award-giver",
            "/search?q=banten",
            "/.well-known/void",
            "/dumps/dataset.ttl",
            "/nope",
            "/sparql",
        ]
    ),
)
def test_no_accept_header_makes_a_server_error(app: Any, header: str, path: str) -> None:
    response = app.test_client().get(path, headers={"Accept": header})
    assert response.status_code in (200, 303, 404, 406), (header, response.status_code)


# -- IRI <-> path --------------------------------------------------------------------------------


slugs = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}\Z")


@FUZZ
@given(slug=slugs, base=st.sampled_from(["https://kg.example.org/", "http://x.test/a/b/"]))
def test_instance_iris_map_to_their_path_and_back(slug: str, base: str) -> None:
    iris = IRIs(base)
    iri = iris.instance(slug)
    assert is_slug(slug) and iris.path_of(str(iri)) == f"/id/{slug}"
    assert iris.iri_of_path(f"/id/{slug}") == iri


@FUZZ
@given(tail=st.text(max_size=40))
def test_path_of_is_the_inverse_of_iri_of_path(tail: str) -> None:
    iris = IRIs()
    iri = iris.base + tail.lstrip("/")
    path = iris.path_of(iri)
    assert path is not None
    not_iri = any(c in '<>"{}|\\^`' or ord(c) <= 0x20 or 0x7F <= ord(c) <= 0x9F for c in tail)
    if not_iri:  # RFC 3987 §2.2: refused before rdflib sees it
        with pytest.raises(ValueError, match="cannot be part of an IRI"):
            iris.iri_of_path(path)
    else:
        assert str(iris.iri_of_path(path)) == iri
    assert iris.path_of("urn:x:" + tail) is None
    # Never a network-path reference ("//host/..."), whatever follows the base.
    assert iris.path_of(iris.base + "/" + tail) is None
    assert iris.path_of(iris.base + "\\" + tail) is None  # "/\\" is "//" to a browser


@HTTP
@given(
    name=st.text(min_size=1, max_size=40),
    prefix=st.sampled_from(["/id/", "/ontology/", "/graph/", "/dumps/", "/queries/"]),
    suffix=st.sampled_from(["", ".ttl", ".jsonld", ".html", ".json", ".csv", ".x"]),
)
def test_any_name_under_a_dereferenceable_prefix_is_answered_or_404(
    app: Any, name: str, prefix: str, suffix: str
) -> None:
    response = app.test_client().get(prefix + quote(name, safe="") + suffix)
    assert response.status_code in (200, 308, 404, 406), (name, response.status_code)


# -- search --------------------------------------------------------------------------------------


@HTTP
@given(q=st.text(max_size=120), lang=st.sampled_from(["", "en", "id", "xx"]))
def test_search_answers_any_text(app: Any, q: str, lang: str) -> None:
    client = app.test_client()
    page = client.get("/search", query_string={"q": q, "lang": lang})
    assert page.status_code == 200
    answer = client.get("/search", query_string={"q": q, "format": "json"})
    assert answer.status_code == 200
    data = json.loads(answer.data)
    assert data["count"] == len(data["results"])


# -- canned-query parameters ----------------------------------------------------------------------


@HTTP
@given(data=st.data(), value=st.text(max_size=80))
def test_canned_parameters_are_checked_never_a_server_error(
    app: Any, data: Any, value: str
) -> None:
    canned = [c for c in app.extensions["kg"].canned.values() if c.params]
    query = data.draw(st.sampled_from(canned))
    param = data.draw(st.sampled_from(query.params))
    response = app.test_client().get(
        f"/queries/{query.name}.json", query_string={param.name: value}
    )
    assert response.status_code in (200, 400), (query.name, param.name, value, response.data[:200])
    if response.status_code == 400:
        assert param.name in response.json["message"]


# -- request ids ------------------------------------------------------------------------------


@FUZZ
@given(value=st.none() | st.text(max_size=200))
def test_request_ids_are_always_safe(value: str | None) -> None:
    rid = request_id_for(value)
    assert valid_request_id(rid) and len(rid) <= 128 and "\n" not in rid
    if value is not None and valid_request_id(value):
        assert rid == value


# -- request framing in the server worker -------------------------------------------------------


@FUZZ
@given(data=any_bytes)
def test_framing_never_fails_on_any_bytes(data: bytes) -> None:
    assert isinstance(request_complete(data, 1000, 1000), bool)
    assert head_end(data) <= len(data)


@FUZZ
@given(body=st.binary(max_size=200), cut=st.integers(0, 400), extra=st.booleans())
def test_a_request_is_complete_exactly_when_head_and_body_are_in(
    body: bytes, cut: int, extra: bool
) -> None:
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
    )
    whole = head + body
    prefix = whole[: min(cut, len(whole))]
    assert request_complete(whole + (b"GET" if extra else b""), 10_000, 10_000)
    assert request_complete(prefix, 10_000, 10_000) == (len(prefix) == len(whole))
