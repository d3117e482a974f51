"""Canned queries: the .rq header, parameter checking and binding, and /queries/<name>."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from kg.errors import InputError
from kg.query.canned import load_canned, parse_canned
from kg.query.sparql import Limits, QueryRequest, execute
from kg.vocab import prefixes

#: Every test here runs on the embedded store and on an external SPARQL store.
pytestmark = pytest.mark.remote

DATA = Path(__file__).parent / "data" / "queries"
LIMITS = Limits(5000, 32_768, 10_000, 10_000_000)


def test_header_titles_params_and_prologue() -> None:
    canned = load_canned(DATA, prefixes())["labels-by-language"]
    assert canned.title("en").startswith("Which things") and canned.title("id").startswith("Benda")
    (param,) = canned.params
    assert (param.name, param.datatype, param.default) == (
        "lang",
        "http://www.w3.org/2001/XMLSchema#string",
        "en",
    )
    assert canned.prologue == "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    assert canned.query.startswith(canned.prologue) and canned.query.endswith(canned.text)


def test_values_are_checked_against_the_datatype(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(
        "# title@en: T\n# param: year xsd:gYear 2025\n# param: who iri\n"
        "SELECT ?year ?who WHERE { ?who ?p ?year }\n",
        encoding="utf-8",
    )
    canned = parse_canned(path, prefixes())
    year = "http://www.w3.org/2001/XMLSchema#gYear"
    assert canned.bindings({}) == (("year", "2025", year, None),)  # ?who stays unbound
    assert canned.bindings({"year": "1999", "who": "https://kg.example.org/id/x"}) == (
        ("year", "1999", year, None),
        ("who", "https://kg.example.org/id/x", None, None),
    )
    for bad in (
        {"year": "20x5"},
        {"year": '2025" } ?s ?p ?o {'},
        {"who": "not an iri"},
        {"who": "http://x/> } DROP ALL"},
    ):
        with pytest.raises(InputError):
            canned.bindings(bad)


def test_malformed_header_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text("# title@en: T\n# param: 9lives xsd:string\nSELECT * {}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.rq:2"):
        parse_canned(path, prefixes())
    path.write_text("# param: x nope:type\nSELECT * {}\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown datatype"):
        parse_canned(path, prefixes())


def test_binding_changes_the_answer_and_never_the_query(built: Any) -> None:
    canned = load_canned(DATA, prefixes())["labels-by-language"]
    store = built.store()
    graphs = {g.value for g in store.named_graphs()}

    def rows(lang: str) -> list[dict[str, Any]]:
        request = QueryRequest(canned.query, bindings=canned.bindings({"lang": lang}))
        result = execute(store, graphs, request, LIMITS, prefixes())
        return json.loads(result.body)["results"]["bindings"]  # type: ignore[no-any-return]

    english, indonesian = rows("en"), rows("id")
    assert english and all(r["label"]["xml:lang"] == "en" for r in english)
    assert indonesian and all(r["label"]["xml:lang"] == "id" for r in indonesian)
    assert rows('en") || true || ("') == []  # a string, not syntax


def test_every_canned_query_answers_in_html_json_and_csv(client: Any, app: Any) -> None:
    canned = app.extensions["kg"].canned
    assert len(canned) >= 2
    for name, query in canned.items():
        page = client.get(f"/queries/{name}", headers={"Accept": "text/html"})
        assert page.status_code == 200 and b"<form" in page.data, name
        assert b"query-error" not in page.data, (name, page.data[-3000:])
        for param in query.params:
            assert f'name="{param.name}"'.encode() in page.data
        as_json = client.get(f"/queries/{name}.json")
        assert as_json.status_code == 200, (name, as_json.data)
        assert as_json.content_type == "application/sparql-results+json; charset=utf-8"
        head = json.loads(as_json.data)["head"]["vars"]
        as_csv = client.get(f"/queries/{name}.csv")
        assert as_csv.content_type == "text/csv; charset=utf-8"
        assert next(csv.reader(io.StringIO(as_csv.data.decode()))) == head


def test_canned_negotiation_and_format_parameter(client: Any, app: Any) -> None:
    name = next(iter(app.extensions["kg"].canned))
    assert client.get(f"/queries/{name}", headers={"Accept": "text/csv"}).content_type.startswith(
        "text/csv"
    )
    assert client.get(f"/queries/{name}?format=json").content_type.startswith(
        "application/sparql-results+json"
    )
    assert client.get(f"/queries/{name}", headers={"Accept": "image/png"}).status_code == 406
    etag = client.get(f"/queries/{name}.json").headers["ETag"]
    assert client.get(f"/queries/{name}.json", headers={"If-None-Match": etag}).status_code == 304


def test_canned_parameters_in_the_url(client: Any, app: Any) -> None:
    typed = [
        (n, q, p)
        for n, q in app.extensions["kg"].canned.items()
        for p in q.params
        if p.datatype and p.datatype.endswith(("gYear", "integer"))
    ]
    if not typed:
        pytest.skip("no canned query with a numeric parameter")
    name, _, param = typed[0]
    bad = client.get(f"/queries/{name}.json?{param.name}=soon")
    assert bad.status_code == 400 and json.loads(bad.data)["param"] == param.name
    page = client.get(f"/queries/{name}?{param.name}=soon", headers={"Accept": "text/html"})
    assert page.status_code == 200 and b"query-error" in page.data and b"not a valid" in page.data
    empty = client.get(f"/queries/{name}.json?{param.name}=1800")
    assert empty.status_code == 200 and json.loads(empty.data)["results"]["bindings"] == []


def test_index_and_unknown_query(client: Any, app: Any) -> None:
    index = client.get("/queries")
    for name in app.extensions["kg"].canned:
        assert f'href="/queries/{name}"'.encode() in index.data
    missing = client.get("/queries/no-such-thing.json", headers={"Accept": "application/json"})
    assert missing.status_code == 404 and json.loads(missing.data)["ok"] is False


def test_editor_examples_give_the_canned_answers(client: Any, app: Any) -> None:
    """The example loaded into the query editor (defaults written in) answers as the canned URL."""
    for name, canned in app.extensions["kg"].canned.items():
        expected = json.loads(client.get(f"/queries/{name}.json").data)
        example = client.get(
            "/sparql",
            query_string={"query": canned.example()},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert example.status_code == 200, (name, example.data)
        answer = json.loads(example.data)
        key = lambda row: json.dumps(row, sort_keys=True)  # noqa: E731
        assert sorted(map(key, answer["results"]["bindings"])) == sorted(
            map(key, expected["results"]["bindings"])
        ), name


def test_the_form_page_speaks_the_page_language_and_shows_values_as_sparql_does(
    client: Any,
) -> None:
    page = client.get("/queries/award-giver?lang=id").get_data(as_text=True)
    assert "Siapa yang memberikan penghargaan" in page and "Jalankan kueri" in page
    assert "Run" not in page.split("<main", 1)[1]
    assert "1 Desember 2025" in page  # a date as every page writes it, not 2025-12-01
    assert 'href="/static/style.css"' in page or "style.css" in page  # the site's styles
    english = client.get("/queries/award-giver?lang=en").get_data(as_text=True)
    assert "Who gave the award" in english and "1 December 2025" in english
    assert "Kementerian Dalam Negeri RI" in page  # the query's labels in the page's language


def test_labels_follow_the_page_language_unless_the_form_chooses(client: Any) -> None:
    indonesian = client.get("/queries/award-recipient", headers={"Accept-Language": "id"})
    assert 'value="id"' in indonesian.get_data(as_text=True)
    chosen = client.get("/queries/award-recipient?lang=id").get_data(as_text=True)
    assert 'lang="id"' in chosen and 'lang="en"' not in chosen.split("<tbody>", 1)[1]


def test_an_iri_parameter_offers_entities_by_name(client: Any) -> None:
    page = client.get("/queries/evidence-for?lang=en").get_data(as_text=True)
    assert 'list="entities"' in page and '<datalist id="entities">' in page
    option = '<option value="https://kg.example.org/id/kemendagri">'
    assert option in page and "Ministry of Home Affairs" in page.split(option, 1)[1][:120]
    # Found by its Indonesian name too on the English page; the Indonesian page is Indonesian.
    text = page.split(option, 1)[1].split("</option>", 1)[0]
    assert text.endswith(" · Kementerian Dalam Negeri RI")
    indonesian = client.get("/queries/evidence-for?lang=id").get_data(as_text=True)
    assert indonesian.split(option, 1)[1].split("</option>", 1)[0] == "Kementerian Dalam Negeri RI"
