"""The label service (kg.query.labels): ``labels=`` and the ``#labels:`` hint add a label
column after each IRI column, in every results format, on every backend.

Expected labels are read from the served graph itself, the way pages choose them
(rdfs:label before schema:name, the asked language first), never typed in here.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from bs4 import BeautifulSoup

from kg.errors import QueryTimeout
from kg.query.labels import BATCH, MAX_LANGUAGES, best_labels, hinted_languages

pytestmark = pytest.mark.remote

PEOPLE = "PREFIX schema: <http://schema.org/>\nSELECT ?p WHERE { ?p a schema:Person } ORDER BY ?p"
KEMENDAGRI = "https://kg.example.org/id/kemendagri"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def _json(client: Any, query: str, **params: str) -> dict[str, Any]:
    response = client.get(
        "/sparql", query_string={"query": query, **params}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return dict(json.loads(response.data))


def _rdfs_labels(client: Any, iri: str) -> dict[str, str]:
    """The IRI's rdfs:label per language, as the endpoint itself answers."""
    query = f"SELECT ?l WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
    rows = _json(client, query)["results"]["bindings"]
    return {row["l"]["xml:lang"]: row["l"]["value"] for row in rows}


def test_a_label_column_follows_each_iri_column(client: Any) -> None:
    plain = _json(client, PEOPLE)
    labelled = _json(client, PEOPLE, labels="en")
    assert plain["head"]["vars"] == ["p"]
    assert labelled["head"]["vars"] == ["p", "pLabel"]
    people = [row["p"]["value"] for row in plain["results"]["bindings"]]
    assert [row["p"]["value"] for row in labelled["results"]["bindings"]] == people
    for row in labelled["results"]["bindings"]:
        expected = _rdfs_labels(client, row["p"]["value"])
        if expected:
            want = expected.get("en") or sorted(expected.values())[0]
            assert row["pLabel"]["value"] == want


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_asked_language_comes_first(client: Any, lang: str) -> None:
    query = f"SELECT ?org WHERE {{ VALUES ?org {{ <{KEMENDAGRI}> }} }}"
    row = _json(client, query, labels=lang)["results"]["bindings"][0]
    assert row["orgLabel"] == {
        "type": "literal",
        "value": _rdfs_labels(client, KEMENDAGRI)[lang],
        "xml:lang": lang,
    }


def test_a_language_list_falls_back_in_order(client: Any) -> None:
    query = f"SELECT ?org WHERE {{ VALUES ?org {{ <{KEMENDAGRI}> }} }}"
    row = _json(client, query, labels="fr,id,en")["results"]["bindings"][0]
    assert row["orgLabel"]["xml:lang"] == "id"  # no French label: the next language


def test_the_hint_comment_asks_for_labels(client: Any) -> None:
    hinted = f"#labels: id\nSELECT ?org WHERE {{ VALUES ?org {{ <{KEMENDAGRI}> }} }}"
    row = _json(client, hinted)["results"]["bindings"][0]
    assert row["orgLabel"]["value"] == _rdfs_labels(client, KEMENDAGRI)["id"]


def test_a_hint_inside_a_string_is_not_a_hint() -> None:
    assert hinted_languages('SELECT * { BIND("\n#labels: en" AS ?x) }') is None
    assert hinted_languages("SELECT * {} # labels: id,en") == ("id", "en")


def test_no_label_no_value_and_literals_are_not_labelled(client: Any) -> None:
    query = 'SELECT ?x ?n WHERE { BIND(<http://example.org/unnamed> AS ?x) BIND("Banten" AS ?n) }'
    answer = _json(client, query, labels="en")
    assert answer["head"]["vars"] == ["x", "xLabel", "n"]
    assert answer["results"]["bindings"] == [
        {
            "x": {"type": "uri", "value": "http://example.org/unnamed"},
            "n": {"type": "literal", "value": "Banten"},
        }
    ]


def test_a_label_variable_the_query_has_is_kept(client: Any) -> None:
    query = (
        f"SELECT ?org ?orgLabel WHERE {{ VALUES ?org {{ <{KEMENDAGRI}> }} "
        'BIND("mine" AS ?orgLabel) }'
    )
    answer = _json(client, query, labels="en")
    assert answer["head"]["vars"] == ["org", "orgLabel"]
    assert answer["results"]["bindings"][0]["orgLabel"]["value"] == "mine"


def test_csv_downloads_carry_the_label_columns(client: Any) -> None:
    response = client.get(
        "/sparql", query_string={"query": PEOPLE, "labels": "id", "format": "csv", "download": 1}
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["p", "pLabel"]
    assert rows[1:] and all(len(r) == 2 for r in rows[1:])
    named = {r[0]: r[1] for r in rows[1:]}
    andra = "https://kg.example.org/id/andra-soni"
    assert named[andra] == _rdfs_labels(client, andra).get("id", "Andra Soni")


def test_xml_and_tsv_carry_the_label_columns(client: Any) -> None:
    xml = client.get("/sparql", query_string={"query": PEOPLE, "labels": "en", "format": "xml"})
    heads = [v.get("name") for v in ET.fromstring(xml.data).iter(f"{SRX}variable")]
    assert heads == ["p", "pLabel"]
    tsv = client.get("/sparql", query_string={"query": PEOPLE, "labels": "en", "format": "tsv"})
    assert tsv.get_data(as_text=True).splitlines()[0] == "?p\t?pLabel"


def test_ask_and_construct_are_unchanged(client: Any) -> None:
    ask = client.get("/sparql", query_string={"query": "ASK {}", "labels": "en", "format": "csv"})
    assert ask.get_data(as_text=True) == "boolean\r\ntrue\r\n"
    query = f"CONSTRUCT {{ <{KEMENDAGRI}> ?p ?o }} WHERE {{ <{KEMENDAGRI}> ?p ?o }}"
    plain = client.get("/sparql", query_string={"query": query, "format": "nt"})
    labelled = client.get("/sparql", query_string={"query": query, "format": "nt", "labels": "en"})
    assert labelled.status_code == 200 and labelled.data == plain.data


def test_the_row_limit_still_cuts(client: Any, app: Any) -> None:
    limit = app.extensions["kg"].limits.max_rows
    query = "SELECT ?s WHERE { ?s ?p ?o }"
    response = client.get(
        "/sparql", query_string={"query": query, "labels": "en", "format": "json"}
    )
    answer = json.loads(response.data)
    assert len(answer["results"]["bindings"]) <= limit
    assert response.headers["X-KG-Rows"] == str(len(answer["results"]["bindings"]))


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("e n", "'e n' is not a language tag"),
        (",", "names no language"),
        (",".join(["en", "id", "fr", "de", "nl", "ja"]), f"at most {MAX_LANGUAGES}"),
    ],
)
def test_bad_languages_are_refused_by_name(client: Any, value: str, named: str) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": PEOPLE, "labels": value},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert named in response.get_data(as_text=True)


def test_a_long_bad_value_is_named_not_echoed(client: Any) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": PEOPLE, "labels": "x" * 100_000},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    message = json.loads(response.data)["message"]
    assert "'" + "x" * 40 + "…'" in message and len(message) < 200


def test_a_bad_hint_is_refused_by_name(client: Any) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": "#labels: 12345678901\nASK {}"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert "#labels: hint" in response.get_data(as_text=True)


def test_the_page_shows_the_label_column_and_keeps_it_in_its_links(client: Any) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": PEOPLE, "labels": "en", "lang": "en"},
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.data, "html.parser")
    heads = [th.get_text(strip=True) for th in soup.select("#results table.results thead th")]
    assert heads == ["?p", "?pLabel"]
    assert "labels=en" in soup.select_one("#permalink")["href"]
    csv_link = next(a for a in soup.select("#links a") if "format=csv" in a["href"])
    assert "labels=en" in csv_link["href"]


def test_the_lookups_stop_at_the_time_limit(app: Any) -> None:
    store = app.extensions["kg"].store
    iris = [f"http://example.org/x{i}" for i in range(3 * BATCH)]
    assert best_labels(store, iris, ("en",), limit_ms=60_000) == {}  # none has a label
    with pytest.raises(QueryTimeout) as raised:
        best_labels(store, iris, ("en",), limit_ms=0)  # checked before every later batch
    assert "SPARQL_TIME_LIMIT_MS" in raised.value.message
    assert f"of {3 * BATCH} IRIs" in raised.value.message
