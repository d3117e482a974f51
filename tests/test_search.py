"""Search by name: substring, both languages, case- and accent-insensitive; HTML and JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kg.pages.search import Entry, SearchIndex, fold, suggestion_query

#: Every test here runs on the embedded store and on an external SPARQL store.
pytestmark = pytest.mark.remote


def _index(*names: tuple[str, str, str | None]) -> SearchIndex:
    return SearchIndex([Entry(iri, name, lang, fold(name)) for iri, name, lang in names])


def test_fold_drops_case_and_accents() -> None:
    assert fold("Ménteri DALAM Négeri") == "menteri dalam negeri"
    assert fold("ＡＮＴＡＲＡ") == "antara"  # compatibility forms too (NFKD)


def test_ranking_exact_then_prefix_then_word_then_inside() -> None:
    index = _index(
        ("x:inside", "Xandrax", None),
        ("x:word", "Bang Andra", None),
        ("x:prefix", "Andra Soni", None),
        ("x:exact", "andra", None),
    )
    assert [h.iri for h in index.search("ANDRA")] == ["x:exact", "x:prefix", "x:word", "x:inside"]


def test_every_word_must_match_one_name() -> None:
    index = _index(
        ("x:a", "Kota Serang", "id"), ("x:b", "Serang City", "en"), ("x:c", "Kota Jakarta", None)
    )
    assert [h.iri for h in index.search("serang kota")] == ["x:a"]
    assert index.search("   ") == []


def test_best_name_per_entity_and_its_language() -> None:
    index = _index(("x:a", "Gubernur Banten", "id"), ("x:a", "Governor of Banten", "en"))
    hits = index.search("governor")
    assert len(hits) == 1 and hits[0].lang == "en"


def test_suggestion_query_from_an_unknown_path() -> None:
    assert suggestion_query("/id/andra-sony.ttl") == "andra sony"
    assert suggestion_query("/ontology/Awardd") == "Awardd"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("andra", "/id/andra-soni"),  # the governor first
        ("kemendagri", "/id/kemendagri"),
        ("GOVERNOR OF BANTEN", "/id/gubernur-banten"),  # English label, any case
        ("kementerian dalam", "/id/kemendagri"),  # Indonesian label, two words
        ("bang andra", "/id/bang-andra"),
        ("Pénghargaan kinerja", "/id/penghargaan-kinerja-pemerintahan-daerah-2025"),  # accents
        ("award ceremony", "/ontology/AwardCeremony"),  # ontology terms too
    ],
)
def test_search_json_finds_entities(client: Any, query: str, expected: str) -> None:
    response = client.get("/search", query_string={"q": query, "format": "json"})
    assert response.status_code == 200
    data = json.loads(response.data)
    assert data["query"] == query
    assert data["results"][0]["url"] == expected, [r["url"] for r in data["results"][:5]]


def test_search_by_accept_json_and_html(client: Any) -> None:
    by_accept = client.get("/search?q=jakarta", headers={"Accept": "application/json"})
    assert by_accept.mimetype == "application/json"
    assert json.loads(by_accept.data)["count"] >= 1
    page = client.get("/search?q=jakarta", headers={"Accept": "text/html"})
    assert page.mimetype == "text/html"
    assert 'href="/id/jakarta"' in page.get_data(as_text=True)


def test_search_reflects_the_query_escaped(client: Any) -> None:
    page = client.get(
        "/search",
        query_string={"q": '<script>alert("x")</script>'},
        headers={"Accept": "text/html"},
    ).get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_search_without_results_says_so(client: Any) -> None:
    page = client.get("/search?q=zzzqqq&lang=en", headers={"Accept": "text/html"})
    assert "No results." in page.get_data(as_text=True)
    assert json.loads(client.get("/search?q=zzzqqq&format=json").data)["results"] == []


def test_found_by_the_joined_index_equals_scoring_every_name(built: Any) -> None:
    """The index finds candidates with str.find over the joined names (issue 5) and a stem
    index (issue 13); the hits must be exactly those of scoring every name, for words
    anywhere in names and at their edges."""
    from kg.pages.search import _rank, _score, _split_words, stem

    index = SearchIndex.from_store(built.read_store(), built.output.manifest["base_iri"])
    names = [e.folded for e in index.entries]
    words = sorted({w for n in names for w in n.split()})[:200]
    queries = (
        words
        + [w[1:3] for w in words if len(w) > 3][:100]
        + ["a", "an", "zz", "banten andra", "kota serang", "\x00", "an\x00dra", "é", "2025"]
        + ["gratis", "menggratiskan", "perdesaan", "kesejahteraan"]  # stems (issue 13)
    )
    for query in queries:
        folded = _split_words(fold(query.replace("\x00", " ")))
        stems = [stem(w) for w in folded]
        expected: dict[str, Any] = {}
        for entry in index.entries:
            entry_stems = frozenset(stem(w) for w in _split_words(entry.folded))
            score = _score(entry.folded, entry_stems, folded, stems) if folded else None
            if score is not None:
                hit = (score, entry.kind == "passage", len(entry.name), entry.iri, entry.lang or "")
                expected[entry.iri] = min(expected.get(entry.iri, hit), hit)
        ranked = sorted(expected.values())[:50]
        assert [_rank(h) for h in index.search(query)] == ranked, query
