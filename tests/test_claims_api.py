"""/api/claims, /claims.csv and /api/entity: one row per claim, exact offsets, labels, figures.

Every test runs on the embedded store and on an external SPARQL store (``remote``): the two
must give the same rows.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any

import pytest

from kg.build.article import Article

pytestmark = pytest.mark.remote

KGD = "https://kg.example.org/id/"
KG = "https://kg.example.org/ontology/"


def _claims(client: Any, lang: str = "en") -> list[dict[str, Any]]:
    response = client.get(f"/api/claims?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = json.loads(response.data)
    assert body["count"] == len(body["claims"])
    claims: list[dict[str, Any]] = body["claims"]
    return claims


def _csv(client: Any, lang: str = "en") -> list[dict[str, str]]:
    response = client.get(f"/claims.csv?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8"), newline="")))


def test_every_claim_is_the_article_text_at_its_offsets(client: Any, article: Article) -> None:
    text = unicodedata.normalize("NFC", article.text)
    claims = _claims(client)
    assert len(claims) >= 20
    for claim in claims:
        assert text[claim["start"] : claim["end"]] == claim["exact"], claim["annotation"]
    for row in _csv(client):
        assert text[int(row["start"]) : int(row["end"])] == row["exact"], row["annotation"]


def test_one_row_per_claim_in_article_order(client: Any) -> None:
    claims = _claims(client)
    rows = _csv(client)
    assert [r["annotation"] for r in rows] == [c["annotation"] for c in claims]
    assert len({c["annotation"] for c in claims}) == len(claims)
    starts = [(c["start"], c["end"]) for c in claims]
    assert starts == sorted(starts)
    assert [c["number"] for c in claims] == list(range(1, len(claims) + 1))


def test_asserters_are_named_never_bare_iris(client: Any) -> None:
    for lang in ("en", "id"):
        for row in _csv(client, lang):
            assert row["asserter"].startswith(KGD)
            assert row["asserter_label"] and not row["asserter_label"].startswith("http")
            assert row["place_label"] == "not-stated" or not row["place_label"].startswith("http")
    labels = {c["asserted_by"]: c["asserted_by_label"] for c in _claims(client)}
    assert labels[KGD + "antara"] == "ANTARA"
    assert labels[KGD + "andra-soni"] == "Andra Soni"
    assert "Home Affairs" in labels[KGD + "kemendagri"]


def test_kinds_follow_the_model(client: Any) -> None:
    by_anchor = {c["annotation"].rsplit("/", 1)[-1]: c for c in _claims(client)}
    # The publisher's own sentences are reports, even when they name a quote's speaker.
    assert by_anchor["ev-judul"]["kind"] == "report"
    assert by_anchor["ev-atribusi-keterangan"]["kind"] == "report"
    # The governor's words in quotation marks, and the writer's paraphrase of them.
    assert by_anchor["ev-kutipan-jalan-desa"]["kind"] == "direct-quote"
    assert by_anchor["ev-kerja-kolektif"]["kind"] == "reported-speech"
    # The ministry is never quoted: what the article attributes to it is an assessment.
    ministry = [c for c in by_anchor.values() if c["asserted_by"] == KGD + "kemendagri"]
    assert ministry and {c["kind"] for c in ministry} == {"assessment"}


def test_dates_and_places_with_their_status(client: Any) -> None:
    by_anchor = {c["annotation"].rsplit("/", 1)[-1]: c for c in _claims(client)}
    quote = by_anchor["ev-kutipan-fokus-ketimpangan"]
    # "di Kota Serang, Selasa": the place is stated, the date inferred from the weekday.
    assert (quote["date"], quote["date_status"]) == ("2025-12-02", "inferred")
    assert quote["place"] == KGD + "kota-serang"
    roads = by_anchor["ev-kutipan-jalan-desa"]
    assert (roads["date"], roads["date_status"], roads["place"]) == (None, "not-stated", None)
    row = next(r for r in _csv(client) if r["annotation"].endswith("/ev-kutipan-jalan-desa"))
    assert (row["date"], row["date_status"], row["place"]) == ("", "not-stated", "not-stated")


def test_figures_carry_their_status_and_are_never_repeated(client: Any) -> None:
    claims = _claims(client)
    figures = [f for c in claims for f in c["figures"]]
    assert len({f["iri"] for f in figures}) == len(figures)
    students = next(f for f in figures if f["iri"] == KGD + "penerima-manfaat-pendidikan-gratis")
    assert (students["value"], students["approximate"]) == (65000, True)
    assert next(f for f in figures if f["value"] == 38)["approximate"] is False
    rows = _csv(client)
    assert sum("65000" in r["figures"] for r in rows) == 1
    assert "65000 students (approximate" in next(
        r["figures"] for r in rows if "65000" in r["figures"]
    )


def test_entity_statements_have_references_at_exact_offsets(client: Any, article: Article) -> None:
    text = unicodedata.normalize("NFC", article.text)
    response = client.get("/api/entity", query_string={"iri": KGD + "bang-andra", "lang": "en"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = json.loads(response.data)
    assert body["label"].startswith("Build Prosperous Village Roads")
    assert {"iri": KG + "Programme"}.items() <= body["types"][0].items()
    effect = next(
        s
        for s in body["statements"]
        if s["property"] == KG + "claimedEffectOn"
        and s["value"]["iri"] == KGD + "nilai-tukar-petani"
    )
    assert effect["inferred"] is False
    assert effect["reference_basis"] == "statement" and effect["origin"] == "article"
    # Exactly the passage that states the fact: the governor's village-roads quote.
    assert [r["annotation"] for r in effect["references"]] == [KGD + "ev-kutipan-jalan-desa"]
    assert effect["references"][0]["asserted_by"] == KGD + "andra-soni"
    assert effect["references"][0]["translation"].startswith("When village roads")
    for statement in body["statements"]:
        for ref in statement["references"]:
            assert text[ref["start"] : ref["end"]] == ref["exact"]
            assert ref["asserted_by_label"] and not ref["asserted_by_label"].startswith("http")
    # Asserted statements come before inferred ones.
    flags = [s["inferred"] for s in body["statements"]]
    assert flags == sorted(flags)


ARTICLE_FACTS = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX kg: <https://kg.example.org/ontology/>
SELECT ?s ?p ?o WHERE {
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:factOrigin kg:articleFact
}"""


def test_every_article_fact_has_a_reference_at_its_exact_offsets(
    client: Any, article: Article, built: Any
) -> None:
    """The issue's "done when": each asserted article fact, read through /api/entity, has at
    least one reference whose exact is the NFC article text at [start, end)."""
    text = unicodedata.normalize("NFC", article.text)
    facts: dict[str, set[tuple[str, str]]] = {}
    for row in built.store().query(ARTICLE_FACTS, use_default_graph_as_union=True):
        facts.setdefault(row["s"].value, set()).add((row["p"].value, str(row["o"])))
    assert sum(len(v) for v in facts.values()) >= 190
    referenced = 0
    for subject, wanted in sorted(facts.items()):
        body = json.loads(client.get("/api/entity", query_string={"iri": subject}).data)
        seen = set()
        for statement in body["statements"]:
            if statement["origin"] != "article" or statement["inferred"]:
                continue
            value = statement["value"]
            term = (
                f"<{value['iri']}>"
                if value["type"] == "iri"
                else _literal_nt(value["value"], value["datatype"], value["lang"])
            )
            assert statement["references"], (subject, statement["property"], term)
            for ref in statement["references"]:
                assert text[ref["start"] : ref["end"]] == ref["exact"], ref["annotation"]
            seen.add((statement["property"], term))
        assert seen == wanted, subject
        referenced += len(seen)
    assert referenced == sum(len(v) for v in facts.values())


def _literal_nt(value: str, datatype: str, lang: str | None) -> str:
    import pyoxigraph as ox

    if lang:
        return str(ox.Literal(value, language=lang))
    return str(ox.Literal(value, datatype=ox.NamedNode(datatype)))


def test_modelling_triples_are_marked_and_have_no_false_references(client: Any) -> None:
    body = json.loads(client.get(f"/api/entity?iri={KGD}penerima-manfaat-pendidikan-gratis").data)
    by_property = {s["property"]: s for s in body["statements"] if not s["inferred"]}
    cube = by_property["http://purl.org/linked-data/cube#dataSet"]
    assert cube["origin"] == "modelling" and cube["references"] == []
    count = by_property[KG + "beneficiaryCount"]
    assert count["origin"] == "article"
    assert [r["annotation"] for r in count["references"]] == [KGD + "ev-penerima-manfaat"]
    assert "sekitar 65.000 siswa" in count["references"][0]["exact"]
    banten = json.loads(client.get(f"/api/entity?iri={KGD}banten").data)
    wikidata = next(s for s in banten["statements"] if s["property"].endswith("/sameAs"))
    assert wikidata["origin"] == "external" and wikidata["references"] == []


def test_every_claim_has_the_datasets_english_translation(client: Any) -> None:
    claims = _claims(client)
    assert all(c["translation"] and c["translation"] != c["exact"] for c in claims)
    roads = next(c for c in claims if c["annotation"].endswith("/ev-kutipan-jalan-desa"))
    assert "access to the economy, education and health" in roads["translation"]
    rows = {r["annotation"]: r for r in _csv(client, "id")}
    assert all(rows[c["annotation"]]["translation"] == c["translation"] for c in claims)


def test_entity_literal_values_carry_datatype_and_language(client: Any) -> None:
    body = json.loads(client.get(f"/api/entity?iri={KGD}penerima-manfaat-pendidikan-gratis").data)
    count = next(s for s in body["statements"] if s["property"] == KG + "beneficiaryCount")
    assert count["value"] == {
        "type": "literal",
        "value": "65000",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
        "lang": None,
        "label": "65000",
    }
    unit = next(
        s
        for s in body["statements"]
        if s["property"].endswith("unitText") and s["value"]["lang"] == "en"
    )
    assert unit["value"]["value"] == "students"


def test_entity_errors_are_json(client: Any) -> None:
    missing = client.get("/api/entity")
    assert missing.status_code == 400 and missing.mimetype == "application/json"
    assert "iri" in json.loads(missing.data)["message"]
    unknown = client.get("/api/entity", query_string={"iri": KGD + "no-such-thing"})
    assert unknown.status_code == 404 and unknown.mimetype == "application/json"
    assert "no-such-thing" in json.loads(unknown.data)["message"]
    odd = client.get("/api/entity", query_string={"iri": "not an iri <>"})
    assert odd.status_code == 400 and odd.mimetype == "application/json"
    assert "not an absolute IRI" in json.loads(odd.data)["message"]
