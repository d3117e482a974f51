"""``/sparql/entities.json``: the entities the query editor offers for a typed name (issue 14:
"entities by label in both languages, from the search index")."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kg.pages.workbench import MAX_ENTITY_OPTIONS

GOVERNMENT = "https://kg.example.org/id/pemprov-banten"
MINISTRY = "https://kg.example.org/id/kemendagri"


def _options(client: Any, q: str, lang: str = "en") -> list[dict[str, Any]]:
    response = client.get("/sparql/entities.json", query_string={"q": q, "lang": lang})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return list(json.loads(response.data)["options"])


def _labels(app: Any, iri: str) -> dict[str, str]:
    rows = app.extensions["kg"].store.select(
        f"SELECT ?l WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
    )
    return {r["l"].language: r["l"].value for r in rows}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_name_in_either_language_finds_the_entity_labelled_in_the_page_language(
    client: Any, app: Any, lang: str
) -> None:
    labels = _labels(app, MINISTRY)
    for typed in ("kementerian", "ministry"):  # its Indonesian name, its English one
        found = {o["iri"]: o for o in _options(client, typed, lang)}
        assert MINISTRY in found, typed
        option = found[MINISTRY]
        assert option["curie"] == "kgd:kemendagri"
        assert option["label"] == labels[lang]
        assert option["types"], "its type is named"


def test_the_stemmer_finds_inflected_names(client: Any) -> None:
    # "pemerintahan" and "pemerintah" share the stem "perintah" (Sastrawi, as /search stems)
    assert GOVERNMENT in {o["iri"] for o in _options(client, "pemerintahan")}


def test_the_best_match_comes_first_and_things_before_terms(client: Any) -> None:
    assert _options(client, "Andra Soni")[0]["curie"] == "kgd:andra-soni"
    # "Kementerian" is the Indonesian label of the class kg:Ministry too: the ministry first.
    curies = [o["curie"] for o in _options(client, "kementerian")]
    assert curies[0] == "kgd:kemendagri" and "kg:Ministry" in curies


def test_only_names_are_offered_never_passages_or_modelling_records(client: Any, app: Any) -> None:
    for typed in ("banten", "penghargaan", "indikator", "dimension"):
        for option in _options(client, typed):
            types = app.extensions["kg"].store.select(
                f"SELECT ?t WHERE {{ <{option['iri']}> a ?t }}"
            )
            names = {r["t"].value.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for r in types}
            assert not names & {"TextQuoteSelector", "Annotation", "Claim", "Statement"}, option
            assert not names & {"DimensionProperty", "DataStructureDefinition", "ConceptScheme"}


def test_short_and_long_input(client: Any) -> None:
    assert _options(client, "b") == []  # one letter: nothing asked of the index
    assert len(_options(client, "an")) <= MAX_ENTITY_OPTIONS
    long = client.get("/sparql/entities.json", query_string={"q": "banten " * 500})
    assert long.status_code == 200 and len(json.loads(long.data)["query"]) == 200


def test_answers_are_cached_per_language(client: Any) -> None:
    first = client.get("/sparql/entities.json", query_string={"q": "banten", "lang": "id"})
    again = client.get(
        "/sparql/entities.json",
        query_string={"q": "banten", "lang": "id"},
        headers={"If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304
    other = client.get("/sparql/entities.json", query_string={"q": "banten", "lang": "en"})
    assert other.headers["ETag"] != first.headers["ETag"]
