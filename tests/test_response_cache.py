"""The response cache in front of Flask (kg.web.front, issue 5): a repeated GET is answered
without entering Flask, and only when RFC 9111 allows the stored response to be reused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from flask import request_started

from kg.cache import BoundedCache
from kg.web.front import Front, may_use_cache, storable

QUERY = "SELECT ?s WHERE { ?s a <http://schema.org/Person> }"
JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"


@pytest.fixture()
def front(app: Any, monkeypatch: Any) -> Front:
    """The app's front layer with an empty cache of its own for this test."""
    layer = app.wsgi_app
    assert isinstance(layer, Front)
    monkeypatch.setattr(layer, "cache", BoundedCache(64, 8 * 1024 * 1024, lambda i: i.weight))
    return layer


@pytest.fixture()
def entered(app: Any) -> Iterator[list[str]]:
    """Paths of the requests that reached Flask (its request_started signal)."""
    seen: list[str] = []

    def record(sender: Any, **extra: Any) -> None:
        from flask import request

        seen.append(request.path)

    request_started.connect(record, app)
    yield seen
    request_started.disconnect(record, app)


def _headers(response: Any) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k not in ("X-Request-ID", "Age")}


def test_a_repeated_get_is_answered_without_flask(
    front: Front, client: Any, entered: list[str]
) -> None:
    first = client.get("/sparql", query_string={"query": QUERY}, headers={"Accept": JSON})
    second = client.get("/sparql", query_string={"query": QUERY}, headers={"Accept": JSON})
    assert first.status_code == second.status_code == 200
    assert entered == ["/sparql"]
    assert second.data == first.data and _headers(second) == _headers(first)
    assert second.headers["Age"].isdigit() and "Age" not in first.headers
    assert second.headers["X-Request-ID"] != first.headers["X-Request-ID"]
    assert json.loads(second.data)["results"]["bindings"]


def test_the_stored_response_varies_on_accept(
    front: Front, client: Any, entered: list[str]
) -> None:
    for _ in range(2):
        as_json = client.get("/sparql", query_string={"query": QUERY}, headers={"Accept": JSON})
        as_xml = client.get("/sparql", query_string={"query": QUERY}, headers={"Accept": XML})
        assert as_json.content_type.startswith(JSON) and as_json.data.startswith(b"{")
        assert as_xml.content_type.startswith(XML) and as_xml.data.startswith(b"<?xml")
    assert entered == ["/sparql", "/sparql"]


def test_pages_vary_on_language_header_and_cookie(
    front: Front, client: Any, entered: list[str]
) -> None:
    def page(**headers: str) -> Any:
        return client.get("/id/andra-soni", headers={"Accept": "text/html", **headers})

    for _ in range(2):
        assert page(**{"Accept-Language": "id"}).headers["Content-Language"] == "id"
        assert page(**{"Accept-Language": "en"}).headers["Content-Language"] == "en"
        client.set_cookie("lang", "id")  # the language switch's cookie
        assert page(**{"Accept-Language": "en"}).headers["Content-Language"] == "id"
        client.delete_cookie("lang")
    assert len(entered) == 3


def test_pages_embed_the_host_so_hosts_do_not_share_entries(
    front: Front, client: Any, entered: list[str]
) -> None:
    one = client.get("/id/andra-soni", base_url="http://one.example/")
    two = client.get("/id/andra-soni", base_url="http://two.example/")
    assert b"one.example" in one.data and b"two.example" in two.data
    assert b"one.example" not in two.data and len(entered) == 2


def test_head_after_get_has_the_same_headers_and_no_body(
    front: Front, client: Any, entered: list[str]
) -> None:
    got = client.get("/id/andra-soni", headers={"Accept": "text/turtle"})
    head = client.head("/id/andra-soni", headers={"Accept": "text/turtle"})
    assert entered == ["/id/andra-soni"] and head.data == b""
    assert head.headers["Content-Length"] == got.headers["Content-Length"] == str(len(got.data))


@pytest.mark.parametrize(
    "headers",
    [
        {"If-None-Match": "*"},
        {"Cache-Control": "no-cache"},
        {"Pragma": "no-cache"},
        {"Range": "bytes=0-10"},
    ],
)
def test_validators_and_no_cache_requests_go_to_the_application(
    front: Front, client: Any, entered: list[str], headers: dict[str, str]
) -> None:
    client.get("/id/andra-soni", headers={"Accept": "text/turtle"})
    answer = client.get("/id/andra-soni", headers={"Accept": "text/turtle", **headers})
    assert entered == ["/id/andra-soni"] * 2
    if "If-None-Match" in headers:
        assert answer.status_code == 304  # the application revalidates (RFC 9110 §13.1.2)


def test_errors_posts_and_cookies_are_never_stored(
    front: Front, client: Any, entered: list[str]
) -> None:
    for _ in range(2):
        assert client.get("/sparql", query_string={"query": "SELEC"}).status_code == 400
        assert client.post("/sparql", data={"query": QUERY}).status_code == 200
        assert "lang=id" in client.get("/id/andra-soni?lang=id").headers["Set-Cookie"]
    assert len(entered) == 6 and len(front.cache) == 0


def test_a_hit_gets_its_own_log_line(front: Front, client: Any, capsys: Any) -> None:
    for rid in ("hit-1", "hit-2"):
        client.get("/sparql", query_string={"query": QUERY}, headers={"X-Request-ID": rid})
    lines = [json.loads(x) for x in capsys.readouterr().err.splitlines() if x.startswith('{"ts"')]
    assert [(x["request_id"], x["status"], x["path"]) for x in lines] == [
        ("hit-1", 200, "/sparql"),
        ("hit-2", 200, "/sparql"),
    ]
    assert lines[0]["bytes"] == lines[1]["bytes"] > 0


def test_memory_stays_within_the_budget(app: Any, client: Any, monkeypatch: Any) -> None:
    layer = app.wsgi_app
    monkeypatch.setattr(layer, "cache", BoundedCache(1000, 40_000, lambda i: i.weight))
    monkeypatch.setattr(layer, "max_body", 5_000)
    names = ["andra-soni", "banten", "kemendagri", "pemprov-banten", "antara", "kota-serang"]
    for name in names * 2:
        client.get(f"/id/{name}", headers={"Accept": "text/turtle"})
        assert layer.cache.bytes <= 40_000
    big = client.get("/id/andra-soni", headers={"Accept": "text/html"})
    assert int(big.headers["Content-Length"]) > 5_000
    assert all(len(getattr(v[0], "body", b"")) <= 5_000 for v in layer.cache._items.values())


def test_caching_off_means_every_request_reaches_flask(
    front: Front, client: Any, entered: list[str], monkeypatch: Any
) -> None:
    monkeypatch.setattr(front, "cache", BoundedCache(0, 0, lambda i: i.weight))
    for _ in range(3):
        client.get("/id/andra-soni", headers={"Accept": "text/turtle"})
    assert len(entered) == 3


def test_storable_follows_rfc_9111() -> None:
    ok = [
        ("Content-Length", "3"),
        ("ETag", '"x"'),
        ("Cache-Control", "public, max-age=5"),
        ("Vary", "Accept, Accept-Language"),
    ]
    assert storable("200 OK", ok, 10) == ("HTTP_ACCEPT", "HTTP_ACCEPT_LANGUAGE")
    assert storable("200 OK", ok, 2) is None  # too large
    assert storable("404 NOT FOUND", ok, 10) is None
    assert storable("200 OK", [*ok, ("Vary", "*")], 10) is None  # §4.1: never matches
    assert storable("200 OK", [*ok, ("Set-Cookie", "a=b")], 10) is None
    assert storable("200 OK", ok[:2] + [("Cache-Control", "no-cache")], 10) is None
    assert storable("200 OK", [ok[0], ok[2]], 10) is None  # no validator
    assert may_use_cache({"REQUEST_METHOD": "GET"}) and not may_use_cache(
        {"REQUEST_METHOD": "POST"}
    )
    assert not may_use_cache({"REQUEST_METHOD": "GET", "HTTP_CACHE_CONTROL": "max-age=0, no-cache"})


def test_hostile_host_headers_cannot_grow_any_cache(app: Any, client: Any) -> None:
    """The service description names the endpoint's URL, Host included: every cache keyed by
    a request stays within CACHE_ENTRIES however many hosts a client invents."""
    ctx, layer = app.extensions["kg"], app.wsgi_app
    limit = int(ctx.settings["CACHE_ENTRIES"])
    fixed = len(ctx.cache)
    for i in range(3 * limit):
        answer = client.get(
            "/sparql", headers={"Accept": "text/turtle"}, base_url=f"http://h{i}.example/"
        )
        assert answer.status_code == 200 and f"h{i}.example".encode() in answer.data
    assert len(ctx.documents) <= limit and len(layer.cache) <= limit
    assert len(ctx.cache) <= fixed + 1
