"""Search, Indonesian-aware (issue 13): Sastrawi stems the index and the query, passages are
searched as well as names, hits are faceted by type, modelling records are offered on request.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from bs4 import BeautifulSoup

from kg.pages.display import context_after, context_before, cut_words, cut_words_around
from kg.pages.search import PASSAGE, Entry, SearchIndex, fold, passage_excerpt, stem

pytestmark = pytest.mark.remote

FREE_FEES = "/article#ev-sekolah-gratis"


def _index(*entries: tuple[str, str, str]) -> SearchIndex:
    return SearchIndex([Entry(iri, text, "id", fold(text), kind) for iri, text, kind in entries])


def test_the_stemmer_is_sastrawis() -> None:
    assert stem("menggratiskan") == "gratis"
    assert stem("perdesaan") == "desa"
    assert stem("65") == "65"  # numbers are kept whole


def test_a_stem_matches_both_ways() -> None:
    index = _index(
        ("x:p", "Pemprov Banten menggratiskan biaya pendidikan", PASSAGE),
        ("x:n", "Sekolah gratis", "name"),
        ("x:other", "Jalan desa", "name"),
    )
    assert {h.iri for h in index.search("gratis")} == {"x:p", "x:n"}
    assert {h.iri for h in index.search("menggratiskan")} == {"x:p", "x:n"}
    assert [h.iri for h in index.search("perdesaan")] == ["x:other"]
    # Every word must match: a stem and a substring together.
    assert [h.iri for h in index.search("gratis biaya")] == ["x:p"]


def test_names_rank_before_passages_at_the_same_score() -> None:
    index = _index(("x:a", "kebijakan gratis", PASSAGE), ("x:b", "kebijakan gratis", "name"))
    assert [h.iri for h in index.search("gratis")] == ["x:b", "x:a"]


def _json(client: Any, **args: str) -> dict[str, Any]:
    response = client.get("/search", query_string={**args, "format": "json"})
    assert response.status_code == 200
    return dict(json.loads(response.data))


def test_gratis_finds_the_free_fee_passage(client: Any) -> None:
    data = _json(client, q="gratis")
    passages = [r for r in data["results"] if r["kind"] == "passage"]
    assert FREE_FEES in [r["url"] for r in passages]
    hit = next(r for r in passages if r["url"] == FREE_FEES)
    assert "menggratiskan" in hit["matched"] and "gratis" not in hit["matched"].split()
    assert hit["evidence_url"] == "/id/ev-sekolah-gratis"


def test_an_inflected_query_finds_the_root_word(client: Any) -> None:
    """'kesejahteraan' stems to 'sejahtera'; 'disejahterakan' is in no text, but shares it."""
    assert stem("disejahterakan") == "sejahtera"
    urls = [r["url"] for r in _json(client, q="disejahterakan")["results"]]
    assert "/id/penurunan-ketimpangan-kesejahteraan" in urls


def test_type_facets_count_and_filter(client: Any) -> None:
    data = _json(client, q="banten")
    counts = {f["type"]: f["count"] for f in data["facets"]}
    assert (
        sum(1 for r in data["results"] if r["kind"] == "passage")
        == counts["http://www.w3.org/ns/oa#Annotation"]
    )
    annotation = "http://www.w3.org/ns/oa#Annotation"
    only = _json(client, q="banten", type=annotation)
    assert only["total"] == counts[annotation]
    assert {r["kind"] for r in only["results"]} == {"passage"}


def test_modelling_records_only_when_asked(client: Any) -> None:
    plain = _json(client, q="data structure")
    asked = _json(client, q="data structure", include="modelling")
    assert not any(r["modelling"] for r in plain["results"])
    assert plain["hidden_modelling"] > 0
    modelling = [r["url"] for r in asked["results"] if r["modelling"]]
    assert "/id/dsd-peserta-penilaian" in modelling
    assert asked["hidden_modelling"] == 0


def test_the_page_shows_facets_and_excerpts_cut_at_words(client: Any) -> None:
    page = client.get("/search?q=gratis&lang=en")
    soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
    facets = soup.select("nav.search-facets a[data-type]")
    assert facets and all(a["href"].startswith("/search?q=gratis&type=") for a in facets)
    hit = soup.select_one(f"li.hit-passage a[href='{FREE_FEES}']")
    assert hit is not None and "menggratiskan" in hit.get_text()
    assert soup.select_one("link[rel=alternate][type='application/json']") is not None


def test_cutting_never_breaks_a_word() -> None:
    text = "Penghargaan tersebut diberikan kepada daerah dengan kapasitas fiskal tinggi"
    for limit in range(12, len(text)):
        cut = cut_words(text, limit)
        assert cut.endswith("…") and text.startswith(cut[:-1])
        assert text[len(cut) - 1] == " ", (limit, cut)  # the cut falls before a space
    assert cut_words(text, 200) == text
    assert context_before("runan ketimpangan kesejahteraan ") == "…ketimpangan kesejahteraan "
    assert context_after(" Gubernur Andra Soni menerima pe") == " Gubernur Andra Soni menerima…"
    around = cut_words_around(text, text.index("kapasitas"), 30)
    assert around.startswith("…") and "kapasitas" in around
    for word in around.strip("…").split():
        assert word in text.split()
    assert passage_excerpt(text, "fiskal", 30).strip("…").split()[0] in text.split()


def test_count_is_the_answer_total_is_every_hit(client: Any) -> None:
    data = _json(client, q="a")
    assert data["count"] == len(data["results"]) == 50
    assert data["total"] > data["count"]
