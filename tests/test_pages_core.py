"""The Flask-free models behind the pages: display, lexicon, article view, timeline, diagram,
conformance report, language choice."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from werkzeug.datastructures import LanguageAccept

from kg.iris import IRIs
from kg.pages.article_view import entity_names, find_mentions, paragraphs
from kg.pages.conformance import read_report
from kg.pages.diagram import Edge, neighbourhood_svg
from kg.pages.display import format_date, group_digits, show_literal
from kg.pages.i18n import STRINGS, choose_lang
from kg.pages.lexicon import Lexicon
from kg.pages.passages import Passage, load_article_text, load_passages, passages_about
from kg.pages.timeline import load_events
from kg.report import Result as ShaclResult
from kg.report import ValidationReport
from kg.store.embedded import OxigraphStore
from kg.vocab import prefixes

#: Every test here runs on the embedded store and on an external SPARQL store.
pytestmark = pytest.mark.remote

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("value", "datatype", "lang", "text"),
    [
        ("2025-12-01", "date", "id", "1 Desember 2025"),
        ("2025-12-01", "date", "en", "1 December 2025"),
        ("2025-10", "gYearMonth", "id", "Oktober 2025"),
        ("2025", "gYear", "en", "2025"),
        ("65000", "integer", "id", "65.000"),
        ("65000", "integer", "en", "65,000"),
        ("1234567", "nonNegativeInteger", "en", "1,234,567"),
    ],
)
def test_literals_read_as_people_write_them(
    value: str, datatype: str, lang: str, text: str
) -> None:
    shown = show_literal(ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)), lang)
    assert shown.text == text
    assert shown.machine == value


def test_approximate_numbers_say_about() -> None:
    literal = ox.Literal("65000", datatype=ox.NamedNode(XSD + "integer"))
    assert show_literal(literal, "en", approximate=True).text == "about 65,000"
    assert show_literal(literal, "id", approximate=True).text == "sekitar 65.000"


def test_language_tags_are_named() -> None:
    shown = show_literal(ox.Literal("Gubernur Banten", language="id"), "en")
    assert (shown.lang, shown.note) == ("id", "Indonesian")
    assert show_literal(ox.Literal("Governor", language="en"), "id").note == "bahasa Inggris"


def test_group_digits_and_odd_dates() -> None:
    assert group_digits(-1000, "id") == "-1.000"
    assert format_date("not a date", "en") == "not a date"


def test_lexicon_falls_back_across_languages_then_compacts() -> None:
    store = ox.Store()
    a, b = ox.NamedNode("https://kg.example.org/id/a"), ox.NamedNode("http://schema.org/xyz")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.add(ox.Quad(a, label, ox.Literal("Hanya Indonesia", language="id")))
    lexicon = Lexicon(OxigraphStore(store, "test"), prefixes(IRIs()))
    assert lexicon.label(a.value, "en") == "Hanya Indonesia"
    assert lexicon.label_lang(a.value, "en") == "id"
    assert lexicon.label(b.value, "en") == "schema:xyz"


def test_mentions_respect_case_of_acronyms_and_word_boundaries() -> None:
    text = "ANTARA melaporkan; jarak antara utara dan selatan. Inflasi turun, inflasi naik."
    names = [("ANTARA", "x:antara"), ("Inflasi", "x:inflasi"), ("Utara", "x:utara-banten")]
    found = [(text[m.start : m.end], m.iri) for m in find_mentions(text, names)]
    assert found == [
        ("ANTARA", "x:antara"),
        ("utara", "x:utara-banten"),
        ("Inflasi", "x:inflasi"),
        ("inflasi", "x:inflasi"),
    ]


def _mentions_by_regex(text: str, names: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """The reference: one regular expression per name, longest first (the earlier code)."""
    taken, found = [False] * len(text), []
    for name, iri in sorted(set(names), key=lambda n: (-len(n[0]), n[1], n[0])):
        if len(name) < 3:
            continue
        first = re.escape(name[0])
        if name[0].lower() != name[0].upper():
            first = f"[{re.escape(name[0].lower())}{re.escape(name[0].upper())}]"
        for m in re.finditer(r"(?<!\w)" + first + re.escape(name[1:]) + r"(?!\w)", text):
            if not any(taken[m.start() : m.end()]):
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
                found.append((m.start(), m.end(), iri))
    return sorted(found)


def test_mentions_found_by_table_equal_the_regular_expression_reference(built: Any) -> None:
    store = built.read_store()
    iris = IRIs(built.output.manifest["base_iri"])
    article = load_article_text(store)
    assert article is not None
    names = entity_names(store, iris.instance_ns)
    tricky = [
        ("Banten", "x:b"),
        ("banten", "x:a"),
        ("Bang Andra", "x:p"),
        ("Andra", "x:q"),
        ("(Pemprov)", "x:r"),
        ("Rp65.000", "x:s"),
        ("ÉÉ", "x:t"),
        ("é-Banten", "x:u"),
    ]
    for text, pool in (
        (article.text, names),
        (article.text, names + tricky),
        ("é-Banten banten_x Banten. BANTEN (Pemprov) Bang Andra", tricky),
    ):
        found = [(m.start, m.end, m.iri) for m in find_mentions(text, pool)]
        assert found == _mentions_by_regex(text, pool)
    assert len(find_mentions(article.text, names)) > 20


def test_longest_name_wins_and_mentions_never_cross_a_passage() -> None:
    text = "Pemprov Banten menerima penghargaan."
    names = [("Banten", "x:banten"), ("Pemprov Banten", "x:pemprov")]
    mentions = find_mentions(text, names)
    assert [(m.start, m.end, m.iri) for m in mentions] == [(0, 14, "x:pemprov")]
    # A passage starting inside the mention: the mention is dropped, the passage is kept.
    passage = Passage("x:ev", "ev", "x:article", text[8:], "", "", 8, len(text), None, ())
    runs = paragraphs(text, [passage], mentions)[0].runs
    assert [r.passage is not None for r in runs] == [False, True]
    assert all(part.iri is None for run in runs for part in run.parts)
    assert "".join(p.text for r in runs for p in r.parts) == text


def test_every_passage_of_the_article_is_one_run(built: Any) -> None:
    store = built.read_store()
    iris = IRIs(built.output.manifest["base_iri"])
    passages = load_passages(store, iris.ontology_ns)
    article = load_article_text(store)
    assert article is not None and len(passages) >= 20
    for p in passages:
        assert (
            article.text[p.start : p.end] == p.exact
        )  # code point offsets (Web Annotation §4.2.1)
    runs = [r for par in paragraphs(article.text, passages, []) for r in par.runs if r.passage]
    assert sorted(r.passage.anchor for r in runs) == sorted(p.anchor for p in passages)


def test_passages_looked_up_per_entity_match_the_whole_list(built: Any) -> None:
    """Entity pages query their own passages (bound lookups, issue 5); the answer must be the
    same as filtering every passage of the dataset."""
    store = built.read_store()
    iris = IRIs(built.output.manifest["base_iri"])
    everything = load_passages(store, iris.ontology_ns)
    article = load_article_text(store)
    assert article is not None
    assert load_passages(store, iris.ontology_ns, article.iri) == everything
    assert load_passages(store, iris.ontology_ns, iris.base + "id/no-such-article") == []
    nodes = {b for p in everything for b in p.bodies} | {p.annotation for p in everything}
    assert len(nodes) > 30
    for iri in sorted(nodes):
        expected = [p for p in everything if iri in p.bodies or p.annotation == iri]
        assert passages_about(store, iris.ontology_ns, iri) == expected, iri
    assert passages_about(store, iris.ontology_ns, iris.base + "id/kota-serang-kode-bps") == []


def test_timeline_is_in_order_with_precision_and_status(built: Any) -> None:
    iris = IRIs(built.output.manifest["base_iri"])
    events = load_events(built.read_store(), iris.ontology_ns)
    values = [(e.value, e.thing.rsplit("/", 1)[-1]) for e in events]
    assert values[0] == ("2025", "ruas-jalan-bang-andra-2025")
    assert ("2025-10", "penilaian-kinerja-pemerintahan-daerah-2025") in values
    assert ("2025-12-01", "penganugerahan-pemprov-banten") in values
    assert values[-1] == ("2025-12-02", "keterangan-gubernur-kota-serang")
    assert events[-1].status is not None and events[-1].status.endswith("/inferred")
    assert [e.precision for e in events[:2]] == ["year", "month"]


def test_diagram_escapes_labels_and_links_neighbours() -> None:
    edges = [
        Edge("x:a", '<b>"A" & B</b>', "/id/a", ("rel <1>",), True),
        Edge("x:b", "B", "/id/b", ("back",), False),
    ]
    svg = neighbourhood_svg("<script>alert(1)</script>", edges, "title & more")
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&amp; B" in svg and "rel &lt;1&gt;" in svg
    picture = svg[svg.index("<svg") : svg.index("</svg>")]
    assert picture.count("<a href=") == 2 and svg.count("<a href=") == 4  # and in the list
    assert svg.startswith('<div class="diagram-figure"><svg') and svg.endswith("</ul></div>")


def test_diagram_merges_both_directions_and_counts_the_rest(client: Any) -> None:
    from kg.pages.diagram import MAX_NEIGHBOURS

    body = client.get("/id/andra-soni", headers={"Accept": "text/html"}).get_data(as_text=True)
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert svg.count('href="/id/gubernur-banten"') == 1  # holds + held by: one node
    assert 'marker-start="url(#arrow)"' in svg
    many = [Edge(f"x:{i}", f"N{i}", f"/id/n{i}", ("p",), True) for i in range(MAX_NEIGHBOURS + 3)]
    assert ">+3</text>" in neighbourhood_svg("C", many, "C")


def test_report_text_is_read_back_per_focus_node(tmp_path: Path) -> None:
    results = [
        ShaclResult(
            "https://kg.example.org/id/a",
            "http://schema.org/name",
            "",
            "A person has exactly one schema:name.",
            "Violation",
            "https://kg.example.org/shapes/PersonShape",
            "Person",
        )
    ]
    path = tmp_path / "validation.txt"
    path.write_text(ValidationReport(False, results).text(), encoding="utf-8")
    report = read_report(path)
    assert report.conforms is False
    [result] = report.for_focus("https://kg.example.org/id/a")
    assert (result.path, result.message, result.severity, result.shape) == (
        "http://schema.org/name",
        "A person has exactly one schema:name.",
        "Violation",
        "https://kg.example.org/shapes/PersonShape",
    )
    assert read_report(tmp_path / "missing.txt").conforms is None


@pytest.mark.parametrize(
    ("arg", "cookie", "header", "lang"),
    [
        ("id", "en", "en", "id"),
        (None, "id", "en", "id"),
        (None, None, "id-ID,id;q=0.9", "id"),
        (None, None, "fr, en;q=0.5", "en"),
        (None, None, None, "en"),
        ("xx", None, "id", "id"),
    ],
)
def test_language_choice(
    arg: str | None, cookie: str | None, header: str | None, lang: str
) -> None:
    accept = (
        LanguageAccept(
            [(v.split(";")[0].strip(), 1.0 - i / 10) for i, v in enumerate(header.split(","))]
        )
        if header
        else None
    )
    assert choose_lang(arg, cookie, accept) == lang


def test_every_ui_string_exists_in_both_languages() -> None:
    assert all(indonesian and english for indonesian, english in STRINGS.values())
