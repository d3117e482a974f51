"""Home: a way in for each kind of reader, the source's record with what it does not state, and
the counts per class folded away (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.server

WAYS = ("/claims", "/article", "/timeline", "/sparql", "/queries", "/ontology", "/validation")


def soup_of(client: Any, lang: str) -> BeautifulSoup:
    response = client.get(f"/?lang={lang}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_kind_of_reader_has_a_way_in(client: Any, lang: str) -> None:
    ways = soup_of(client, lang).select("ul.ways a")
    hrefs = [a["href"] for a in ways]
    assert [h for h in hrefs if h != "#downloads"] == list(WAYS)
    assert "#downloads" in hrefs and soup_of(client, lang).select("#downloads a[download]")
    assert all(a.get_text(strip=True) for a in ways)


def test_counts_per_class_are_folded_away(client: Any, app: Any) -> None:
    soup = soup_of(client, "en")
    details = soup.select_one("details.counts")
    assert details is not None and "open" not in details.attrs
    classes = app.extensions["kg"].build.manifest["classes"]
    ns = app.extensions["kg"].iris.ontology_ns
    rows = details.select("tbody tr")
    assert len(rows) == sum(1 for iri in classes if iri.startswith(ns)) > 10
    assert str(len(rows)) in details.summary.get_text()


def _provenance(client: Any, lang: str) -> dict[str, str]:
    dl = soup_of(client, lang).select_one("dl.provenance")
    assert dl is not None
    return {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in dl.find_all("dt")
    }


def test_the_source_record_says_not_stated_rather_than_inventing(client: Any, app: Any) -> None:
    import pyoxigraph as ox

    ctx = app.extensions["kg"]
    article = next(
        q.subject for q in ctx.store.quads(None, ox.NamedNode("http://schema.org/headline"), None)
    )
    stated = {q.predicate.value.rsplit("/", 1)[-1] for q in ctx.store.quads(article, None, None)}
    record = _provenance(client, "en")
    assert "ANTARA" in record["Publisher"]
    # Neither is in the article's text, so neither is in the graph, so neither is shown.
    for field, prop in (("Original URL", "url"), ("Publication date", "datePublished")):
        assert prop not in stated
        assert record[field] == "Not stated in the article"
    assert _provenance(client, "id")["URL asli"] == "Tidak disebut dalam artikel"


def test_the_inferred_date_of_the_statement_reads_as_inferred(client: Any) -> None:
    soup = soup_of(client, "en")
    item = soup.select_one("dl.provenance a[href='/id/keterangan-gubernur-kota-serang']")
    assert item is not None
    li = item.find_parent("li")
    assert li.select_one("time")["datetime"] == "2025-12-02"
    assert li.select_one("small.inferred").get_text() == "inferred"
    assert "Selasa" in li.get_text()  # the note says what the article does state
