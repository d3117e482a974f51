"""/claims as HTML: facets with counts, filters as query parameters, both languages."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.remote

MINISTRY = "https://kg.example.org/id/kemendagri"


def _rows(html: str) -> list[str]:
    return re.findall(r'<li class="claim kind-([a-z-]+)"', html)


def test_every_claim_in_article_order_with_its_data_links(client: Any) -> None:
    html = client.get("/claims?lang=en").get_data(as_text=True)
    api = client.get("/api/claims?lang=en").get_json()
    assert len(_rows(html)) == api["count"]
    anchors = re.findall(r'href="/article#(ev-[^"]+)"', html)
    assert anchors == [c["annotation"].rsplit("/", 1)[-1] for c in api["claims"]]
    assert 'href="/api/claims?lang=en"' in html and 'href="/claims.csv?lang=en"' in html
    assert "Not stated in the article" in html


def test_filter_by_asserter_and_kind_without_script(client: Any) -> None:
    api = client.get("/api/claims").get_json()["claims"]
    ministry = [c for c in api if c["asserted_by"] == MINISTRY]
    html = client.get(f"/claims?asserter={quote(MINISTRY, safe='')}&lang=en").get_data(as_text=True)
    assert len(_rows(html)) == len(ministry) > 0
    assert set(_rows(html)) == {"assessment"}
    # The asserter facet shows the ministry's count on the unfiltered page.
    full = client.get("/claims?lang=en").get_data(as_text=True)
    assert re.search(
        rf'data-asserter="{MINISTRY}"[^>]*>[^<]+</a> <span class="count">'
        rf"\({len(ministry)}\)",
        full,
    )
    quotes = client.get("/claims?kind=direct-quote").get_data(as_text=True)
    assert set(_rows(quotes)) == {"direct-quote"}
    none = client.get("/claims?kind=no-such-kind").get_data(as_text=True)
    assert _rows(none) == [] and 'href="/claims"' in none


def test_both_languages(client: Any) -> None:
    english = client.get("/claims?lang=en").get_data(as_text=True)
    indonesian = client.get("/claims?lang=id").get_data(as_text=True)
    assert "<h1>Claims</h1>" in english and "Direct quote" in english
    assert "<h1>Klaim</h1>" in indonesian and "Kutipan langsung" in indonesian
    assert "Tidak disebut dalam artikel" in indonesian and "Not stated" not in indonesian


def test_english_rows_show_the_datasets_translation_and_indonesian_rows_do_not(
    client: Any,
) -> None:
    api = client.get("/api/claims?lang=en").get_json()["claims"]
    english = client.get("/claims?lang=en").get_data(as_text=True)
    shown = re.findall(r'<p class="translation" lang="en">.*?</span> (.*?)</p>', english)
    assert len(shown) == len(api)
    assert "The dataset&#39;s translation, not the article&#39;s words" in english
    assert any("access to the economy, education and health" in s for s in shown)
    indonesian = client.get("/claims?lang=id").get_data(as_text=True)
    assert 'class="translation"' not in indonesian
    assert "access to the economy" not in indonesian


def test_entity_facet_counts_and_filters_claims_about_an_entity(client: Any) -> None:
    api = client.get("/api/claims?lang=en").get_json()["claims"]
    programme = "https://kg.example.org/id/bang-andra"
    about = [c for c in api if programme in {a["iri"] for a in c["about"]}]
    assert about and all(a["label"] and a["label"] != a["iri"] for c in api for a in c["about"])
    full = client.get("/claims?lang=en").get_data(as_text=True)
    assert re.search(
        rf'data-about="{programme}"[^>]*>[^<]+</a> <span class="count">\({len(about)}\)', full
    )
    html = client.get(f"/claims?about={quote(programme, safe='')}&lang=en").get_data(as_text=True)
    anchors = re.findall(r'<li class="claim kind-[a-z-]+" id="claim-(ev-[^"]+)"', html)
    assert anchors == [c["annotation"].rsplit("/", 1)[-1] for c in about]
    assert "Any entity" in html
    # Facets combine: the ministry says nothing about the programme.
    both = f"/claims?about={quote(programme, safe='')}&asserter={quote(MINISTRY, safe='')}"
    assert _rows(client.get(both).get_data(as_text=True)) == []
