"""The query page without JavaScript: /sparql draws the answer on the server (kg.web.querypage).

Answers come through the endpoint's own service, so every limit and refusal applies with the
endpoint's status; tables link and label nodes and write literals as the other pages do; every
echoed value is escaped; the page is in Indonesian or English like every other page.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Iterator
from typing import Any

import html5rdf
import pytest

from kg.web import create_app, querypage

HTML = {"Accept": "text/html"}
PREFIXES = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
)
ANDRA = "https://kg.example.org/id/andra-soni"
CARTESIAN = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
    "?m ?n1 ?o . ?p ?q ?r . ?s ?t ?u . ?v ?w ?x }"
)
MARKER = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"


def page(client: Any, query: str, lang: str = "en", **params: str) -> Any:
    """The page as the form asks for it (``format=html``), in ``lang``."""
    return client.get(
        "/sparql",
        query_string={"query": query, "format": "html", **params},
        headers={**HTML, "Accept-Language": lang},
    )


def text_of(response: Any) -> str:
    return response.get_data(as_text=True)


def rows_of(body: str) -> list[str]:
    """The ``<tr>`` elements of the results table body."""
    tbody = re.search(r'<table class="results"[^>]*>.*?<tbody>(.*?)</tbody>', body, re.S)
    return re.findall(r"<tr>.*?</tr>", tbody.group(1), re.S) if tbody else []


def textarea(body: str) -> str:
    """The editor's text as a browser reads it (the newline after the tag is not content)."""
    match = re.search(r'<textarea id="query"[^>]*>\n(.*?)</textarea>', body, re.S)
    assert match is not None
    return html.unescape(match.group(1))


# -- answers drawn on the server -------------------------------------------------------------


def test_select_is_a_table_with_labelled_links_count_and_links(client: Any) -> None:
    query = PREFIXES + f"SELECT ?who WHERE {{ VALUES ?who {{ <{ANDRA}> }} }}"
    response = page(client, query)
    body = text_of(response)
    assert response.status_code == 200 and response.mimetype == "text/html"
    html5rdf.HTMLParser(strict=True).parse(body)
    rows = rows_of(body)
    assert len(rows) == 1 and '<th scope="col">?who</th>' in body
    # The node's own page, named by its label, with its compact IRI beside it.
    assert re.search(
        r'<a href="/id/andra-soni" title="https://kg.example.org/id/andra-soni"'
        r'[^>]*>Andra Soni</a> <small class="iri">kgd:andra-soni</small>',
        rows[0],
    )
    assert '<span id="summary">1 row</span>' in body and response.headers["X-KG-Rows"] == "1"
    assert "X-KG-Truncated" not in response.headers
    assert textarea(body) == query
    permalink = html.unescape(re.search(r'id="permalink" href="([^"]+)"', body).group(1))
    assert permalink.startswith("/sparql?query=")
    downloads = [html.unescape(h) for h in re.findall(r'class="download" href="([^"]+)"', body)]
    named = [re.search(r"format=(\w+)", d).group(1) for d in downloads]
    assert named == ["srj", "srx", "csv", "tsv"]
    csv = client.get(downloads[2])
    assert csv.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.headers["Content-Disposition"] == 'attachment; filename="results.csv"'
    assert csv.get_data(as_text=True).splitlines() == ["who", ANDRA]


def test_literals_are_written_as_people_read_them(client: Any) -> None:
    query = PREFIXES + (
        "SELECT ?date ?count ?word ?flag WHERE { "
        'BIND("2025-12-01"^^xsd:date AS ?date) BIND(65000 AS ?count) '
        'BIND("halo"@id AS ?word) BIND(true AS ?flag) }'
    )
    english = rows_of(text_of(page(client, query)))[0]
    assert '<time datetime="2025-12-01">1 December 2025</time>' in english
    assert '<data value="65000">65,000</data>' in english
    assert '<span lang="id">halo</span> <small class="note">Indonesian</small>' in english
    assert '<small class="note">boolean</small>' in english  # other datatypes are named
    indonesian = rows_of(text_of(page(client, query, lang="id")))[0]
    assert "1 Desember 2025" in indonesian and ">65.000<" in indonesian
    assert '<small class="note">bahasa Indonesia</small>' in indonesian


def test_nodes_past_the_label_budget_keep_their_link_and_compact_iri(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Label lookups per page are bounded (a lookup is a request on a remote store)."""
    monkeypatch.setattr(querypage, "LABELLED_NODES", 1)
    query = (
        f"SELECT ?x WHERE {{ VALUES ?x {{ <{ANDRA}> <https://kg.example.org/id/banten> "
        f"<{ANDRA}> }} }}"
    )
    rows = rows_of(text_of(page(client, query)))
    assert ">Andra Soni</a>" in rows[0] and ">Andra Soni</a>" in rows[2]  # named once, reused
    assert re.search(r'<a href="/id/banten" [^>]*>kgd:banten</a></td>', rows[1])


def test_unbound_and_blank_cells(client: Any) -> None:
    query = "SELECT ?a ?b WHERE { BIND(BNODE() AS ?a) }"
    row = rows_of(text_of(page(client, query)))[0]
    assert re.fullmatch(r"<tr><td><span>_:\w+</span></td><td></td></tr>", row)


@pytest.mark.parametrize(
    ("query", "word", "value"),
    [("ASK { ?s ?p ?o }", "Yes", "true"), ("ASK { <urn:x:nothing> ?p ?o }", "No", "false")],
)
def test_ask_is_yes_or_no(client: Any, query: str, word: str, value: str) -> None:
    response = page(client, query)
    body = text_of(response)
    assert response.status_code == 200
    assert f'<p class="boolean"><data value="{value}">{word}</data></p>' in body
    assert "ASK answered" in body and "<table" not in body
    indonesian = text_of(page(client, query, lang="id"))
    assert f'<data value="{value}">{"Ya" if value == "true" else "Tidak"}</data>' in indonesian


@pytest.mark.parametrize(
    "query", ["CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 4", f"DESCRIBE <{ANDRA}>"]
)
def test_construct_and_describe_are_tables_of_triples(client: Any, query: str) -> None:
    response = page(client, query)
    body = text_of(response)
    assert response.status_code == 200
    assert (
        '<th scope="col">Subject</th><th scope="col">Predicate</th><th scope="col">Object</th>'
    ) in body
    count = int(response.headers["X-KG-Rows"])
    assert len(rows_of(body)) == count > 0 and f">{count} triple" in body
    assert all(row.count("<td>") == 3 for row in rows_of(body))
    downloads = re.findall(r'class="download" href="[^"]*format=(\w+)', body)
    assert downloads == ["ttl", "nt", "jsonld", "rdf", "trig", "nq"]


def test_empty_answer_says_so(client: Any) -> None:
    body = text_of(page(client, "SELECT ?s WHERE { ?s <urn:x:none> ?o }"))
    assert '<span id="summary">0 rows</span>' in body and "No results." in body


def test_the_page_answers_through_the_endpoint_service(
    app: Any, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One evaluation per page, by the service the endpoint uses (its limits, its gate)."""
    service = app.extensions["kg"].service
    calls: list[Any] = []
    original = service.answer

    def spy(request: Any) -> Any:
        calls.append(request)
        return original(request)

    monkeypatch.setattr(service, "answer", spy)
    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2"
    assert page(client, query, timeout="1500").status_code == 200
    assert [(c.query, c.timeout_ms) for c in calls] == [(query, 1500)]
    assert client.get("/sparql", headers=HTML).status_code == 200  # the editor alone
    assert len(calls) == 1


def test_a_browser_without_format_gets_the_page_and_post_works_too(client: Any) -> None:
    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2"
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": browser})
    assert response.mimetype == "text/html" and len(rows_of(text_of(response))) == 2
    posted = client.post("/sparql", data={"query": query, "format": "html"}, headers=HTML)
    assert posted.mimetype == "text/html" and len(rows_of(text_of(posted))) == 2
    assert posted.headers["Cache-Control"] == "no-cache"


def test_the_page_revalidates_with_its_etag(client: Any) -> None:
    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
    first = page(client, query)
    etag = first.headers["ETag"]
    again = client.get(
        "/sparql",
        query_string={"query": query, "format": "html"},
        headers={**HTML, "Accept-Language": "en", "If-None-Match": etag},
    )
    assert again.status_code == 304


@pytest.fixture(scope="module")
def small_app(app_config: dict[str, Any]) -> Iterator[Any]:
    application = create_app({**app_config, "SPARQL_MAX_ROWS": 5, "SPARQL_WORKERS": 1})
    yield application
    application.extensions["kg"].close()


@pytest.mark.parametrize("query", ["SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"])
def test_truncation_is_stated_in_the_page_and_header(small_app: Any, query: str) -> None:
    response = page(small_app.test_client(), query)
    body = text_of(response)
    assert len(rows_of(body)) == 5
    assert response.headers["X-KG-Truncated"] == "true; rows=5; setting=SPARQL_MAX_ROWS"
    assert "cut at SPARQL_MAX_ROWS (5)" in body
    whole = page(small_app.test_client(), "SELECT * WHERE { ?s ?p ?o } LIMIT 5")
    assert "X-KG-Truncated" not in whole.headers and "SPARQL_MAX_ROWS (5)" not in text_of(whole)


# -- refusals: in the page, with the endpoint's status ---------------------------------------


def error_box(body: str) -> str:
    match = re.search(r'<div id="error" class="query-error" role="alert">(.*?)</div>', body, re.S)
    assert match is not None, "the error box is hidden or missing"
    return match.group(1)


def test_syntax_error_shows_line_column_and_the_place(client: Any) -> None:
    query = "SELECT * WHERE {\n\t?s ?p \n"
    response = page(client, query)
    body = text_of(response)
    assert response.status_code == 400 and response.mimetype == "text/html"
    html5rdf.HTMLParser(strict=True).parse(body)
    box = error_box(body)
    assert "SPARQL syntax error</strong> · line 2, column 9" in box
    # The line, tabs expanded as the parser counts them, and a caret under column 9.
    assert f'<pre class="error-excerpt">{" " * 8}?s ?p \n{" " * 8}^</pre>' in box
    assert textarea(body) == query  # kept for fixing
    assert "Failed (HTTP 400)" in body and 'id="links" hidden' in body
    assert response.headers["Cache-Control"] == "no-store" and "ETag" not in response.headers
    indonesian = error_box(text_of(page(client, query, lang="id")))
    assert "Kesalahan sintaks SPARQL</strong> · baris 2, kolom 9" in indonesian


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", "read-only"),
        ("DELETE WHERE { ?s ?p ?o }", "read-only"),
        (
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            "SERVICE is not allowed",
        ),
        (
            "SELECT * FROM <http://elsewhere.example/g> WHERE { ?s ?p ?o }",
            "not a graph of this dataset",
        ),
    ],
)
def test_refused_queries_are_400_in_the_page(client: Any, query: str, words: str) -> None:
    response = page(client, query)
    assert response.status_code == 400
    box = error_box(text_of(response))
    assert "Query refused" in box and words in html.unescape(box)
    endpoint = client.get(
        "/sparql", query_string={"query": query}, headers={"Accept": "application/json"}
    )
    assert endpoint.status_code == response.status_code


def test_oversized_query_is_413_and_names_the_setting(client: Any) -> None:
    response = page(client, "ASK {}" + "#" * 40_000)
    assert response.status_code == 413
    assert "SPARQL_MAX_QUERY_BYTES" in error_box(text_of(response))


def test_timeout_is_503_and_names_the_setting(client: Any) -> None:
    started = time.monotonic()
    response = page(client, CARTESIAN, timeout="300")
    assert response.status_code == 503 and time.monotonic() - started < 1.5
    box = error_box(text_of(response))
    assert "Query timed out" in box and "SPARQL_TIME_LIMIT_MS" in box and "300 ms" in box
    assert response.headers["X-KG-Time-Limit-Ms"] == "300"
    assert response.headers["Cache-Control"] == "no-store"


def test_a_bad_timeout_is_the_protocol_error_page(client: Any) -> None:
    response = page(client, "ASK {}", timeout="soon")
    assert response.status_code == 400 and "timeout" in text_of(response)


# -- hostile values are escaped ----------------------------------------------------------------


def test_hostile_literals_and_iris_are_escaped_and_not_linked(client: Any) -> None:
    literal = json.dumps(MARKER)  # a SPARQL string literal with the marker in it
    query = (
        f"SELECT ?lit ?js ?net ?quote WHERE {{ BIND({literal} AS ?lit) "
        f"BIND(<javascript:alert(1)> AS ?js) "
        f"BIND(<https://kg.example.org//evil.example/x> AS ?net) "
        f"BIND(<http://example.org/a'onmouseover='alert(3)> AS ?quote) }}"
        f"# </textarea>{MARKER}"
    )
    response = page(client, query)
    body = text_of(response)
    assert response.status_code == 200
    for raw in ("<script>alert(1)", "<img src=x", "</textarea><", "'onmouseover='"):
        assert raw not in body
    row = rows_of(body)[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in row
    assert 'href="javascript:' not in body and 'href="//evil.example' not in body
    assert '<span title="javascript:alert(1)">javascript:alert(1)</span>' in row
    assert textarea(body) == query
    html5rdf.HTMLParser(strict=True).parse(body)


def test_hostile_query_in_an_error_is_escaped(client: Any) -> None:
    response = page(client, f"SELECT * WHERE {{ ?s ?p {MARKER} }}")
    body = text_of(response)
    assert response.status_code == 400
    assert "<script>alert(1)" not in body and "<img src=x" not in body


# -- language ---------------------------------------------------------------------------------


def test_the_page_follows_accept_language_the_switch_and_the_cookie(app: Any) -> None:
    client = app.test_client()
    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2"
    english = page(client, query, lang="en")
    assert english.headers["Content-Language"] == "en"
    assert {"Accept", "Accept-Language", "Cookie"} <= {
        v.strip() for v in english.headers["Vary"].split(",")
    }
    assert "Run query" in text_of(english) and "2 rows" in text_of(english)
    indonesian = page(client, query, lang="id")
    body = text_of(indonesian)
    assert indonesian.headers["Content-Language"] == "id" and '<html lang="id">' in body
    for words in (
        "Kueri graf",
        "Jalankan kueri",
        "2 baris",
        "Tautan permanen",
        "Unduh:",
        "Contoh",
        "Batas waktu",
    ):
        assert words in body, words
    titled = [q for q in app.extensions["kg"].canned.values() if "id" in q.titles]
    if titled:
        assert html.escape(titled[0].titles["id"]) in body
    # The switch: ?lang= wins over the header and is remembered in a cookie.
    switched = client.get(
        "/sparql",
        query_string={"query": query, "format": "html", "lang": "en"},
        headers={**HTML, "Accept-Language": "id"},
    )
    assert switched.headers["Content-Language"] == "en"
    assert "lang=en" in switched.headers["Set-Cookie"]
    remembered = client.get(
        "/sparql",
        query_string={"query": query, "format": "html"},
        headers={**HTML, "Accept-Language": "id"},
    )
    assert remembered.headers["Content-Language"] == "en"  # the cookie beats the header
    # The switch's links keep the query, so the answer is redrawn in the other language.
    assert re.search(r'href="/sparql\?query=SELECT[^"]*lang=id" hreflang="id"', body)


def test_the_editor_alone_is_translated(client: Any) -> None:
    response = client.get("/sparql", headers={**HTML, "Accept-Language": "id"})
    body = text_of(response)
    assert response.status_code == 200 and response.headers["Content-Language"] == "id"
    html5rdf.HTMLParser(strict=True).parse(body)
    assert "Jalankan kueri" in body and 'data-outcome="none"' in body
    assert 'id="links" hidden' in body and "<table" not in body
    assert "SELECT ?s ?label WHERE" in textarea(body)


def test_service_description_link_gives_turtle(client: Any) -> None:
    body = text_of(client.get("/sparql", headers=HTML))
    href = re.search(r'<a href="([^"]+)" type="text/turtle">Service description</a>', body).group(1)
    response = client.get(href, headers=HTML)
    assert response.status_code == 200 and response.mimetype == "text/turtle"
