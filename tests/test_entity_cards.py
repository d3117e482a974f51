"""Entity pages as statement cards (issue 13): asserted statements in reading order with their
references, inferred ones folded away without repeating a stated value, the ministry's own
claims leading its page, and evidence pages without ids or offsets in the main text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from bs4 import BeautifulSoup, Tag

from kg.iris import IRIs
from kg.pages.entity import order_key, shape_orders

pytestmark = pytest.mark.remote

MINISTRY = "https://kg.example.org/id/kemendagri"
ONTOLOGY = "https://kg.example.org/ontology/"
SCHEMA = "http://schema.org/"


def _page(client: Any, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _main_text(soup: BeautifulSoup) -> str:
    """The page as a person reads it: closed details blocks and scripts left out."""
    main = soup.select_one("main")
    assert isinstance(main, Tag)
    for hidden in main.select("details > :not(summary), script, svg"):
        hidden.decompose()
    return " ".join(main.get_text(" ").split())


def test_the_ministry_page_leads_with_what_it_asserts(client: Any) -> None:
    claims = json.loads(client.get("/api/claims?lang=en").data)["claims"]
    own = [c for c in claims if c["asserted_by"] == MINISTRY]
    assert own
    soup = _page(client, "/id/kemendagri?lang=en")
    sections = soup.select("article.entity > section")
    assert "asserts" in (sections[0].get("class") or [])  # the first section of the page
    quotes = [q.get_text() for q in sections[0].select("ol.asserted-claims blockquote p")]
    assert quotes == [c["exact"] for c in own]  # exact words, article order
    links = [a["href"] for a in sections[0].select("a.evidence-link")]
    assert links == [f"/article#{c['annotation'].rsplit('/', 1)[-1]}" for c in own]
    more = sections[0].select_one("a[href^='/claims?asserter=']")
    assert more is not None and "kemendagri" in more["href"]


def test_no_type_and_no_value_twice(client: Any) -> None:
    soup = _page(client, "/id/kemendagri?lang=en")
    names = [a.get_text() for a in soup.select(".types a")] + [
        li.get_text(" ", strip=True).replace(" inferred", "")
        for li in soup.select("details.inferred-section .card:first-of-type li")
    ]
    assert names.count("Organization") == 1, names
    # The ministry's claims are not listed again as "was attributed to" (inferred).
    assert "was attributed to" not in soup.get_text()
    page = _page(client, "/id/bang-andra?lang=en")
    stated = [c["data-property"] for c in page.select("section.statements > .card")]
    assert ONTOLOGY + "claimedEffectOn" in stated
    inferred = [c.get("data-property") for c in page.select("details.inferred-section .card")]
    assert "http://purl.org/dc/terms/relation" not in inferred


def test_statements_in_reading_order_not_alphabetical(client: Any) -> None:
    soup = _page(client, "/id/penganugerahan-pemprov-banten?lang=en")
    order = [c["data-property"] for c in soup.select("section.statements > .card")]
    expected = [
        SCHEMA + "agent",
        SCHEMA + "object",
        SCHEMA + "recipient",
        "http://www.w3.org/2006/time#hasTime",
        SCHEMA + "location",
    ]
    assert [p for p in order if p in expected] == expected
    labels = [c.select_one("h3").get_text() for c in soup.select("section.statements > .card")]
    assert labels != sorted(labels, key=str.casefold)


def test_every_value_has_its_references(client: Any) -> None:
    soup = _page(client, "/id/penganugerahan-pemprov-banten?lang=en")
    card = soup.select_one(f"section.statements > .card[data-property='{SCHEMA}location']")
    assert card is not None
    refs = card.select("li.reference")
    assert refs and all(
        r.select_one("a.evidence-link")["href"].startswith("/article#") for r in refs
    )
    assert "ANTARA" in refs[0].get_text()
    assert "Jakarta" in refs[0].select_one("q").get_text()


@pytest.fixture(scope="module")
def words(built: Any) -> set[str]:
    """Every word of every literal of the dataset (the article, labels, descriptions)."""
    found: set[str] = set()
    for quad in built.store().quads_for_pattern(None, None, None, None):
        if isinstance(quad.object, ox.Literal):
            found |= set(re.findall(r"\w+", quad.object.value))
    return found


@pytest.mark.parametrize(
    "path",
    [
        "/id/kemendagri?lang=en",
        "/id/ev-kriteria-penghargaan?lang=en",
        "/id/kutipan-fokus-ketimpangan?lang=id",
        "/article?lang=en",
        "/search?q=gratis&lang=en",
    ],
)
def test_nothing_is_cut_inside_a_word(client: Any, words: set[str], path: str) -> None:
    """Every "…" follows a whole word of the data (issue 13: "kapasit…", "38 pr…")."""
    text = _page(client, path).get_text(" ")
    for match in re.finditer(r"(\w+)…", text):
        assert match.group(1) in words, (path, text[max(0, match.start() - 30) : match.end()])
    for match in re.finditer(r"…(\w+)", text):
        assert match.group(1) in words, (path, text[match.start() : match.end() + 30])


def test_an_evidence_page_shows_no_ids_or_offsets_but_keeps_them_in_details(client: Any) -> None:
    soup = _page(client, "/id/ev-kriteria-penghargaan?lang=en")
    details = " ".join(d.get_text(" ") for d in soup.select("details.technical"))
    assert "[696, 827)" in details and "ev-kriteria-penghargaan" in details
    text = _main_text(soup)
    assert "696" not in text and "827" not in text
    assert "ev-kriteria-penghargaan" not in text and "https://kg.example.org" not in text
    assert "Penghargaan tersebut diberikan kepada daerah dengan kapasitas fiskal tinggi" in text
    assert "paragraph 5" in text


def test_copy_citation_without_network_and_without_inline_script(client: Any) -> None:
    soup = _page(client, "/id/kutipan-fokus-ketimpangan?lang=en")
    buttons = soup.select("button.copy-cite")
    assert buttons
    citation = buttons[0]["data-citation"]
    assert citation.startswith("“Upaya menurunkan ketimpangan adalah fokus kami.")
    assert "ANTARA" in citation and "paragraph" in citation and "characters 829–1036" in citation
    assert "/article#ev-kutipan-fokus-ketimpangan" in citation
    # The same text is on the page without script, in the technical details.
    assert citation in [p.get_text() for p in soup.select("p.citation")]
    scripts = soup.select("script")
    assert all(s.get("src") or s.get("type") == "application/ld+json" for s in scripts)
    assert any(s.get("src", "").endswith("/static/cite.js") for s in scripts)
    assert not soup.select("[style]")
    response = client.get("/static/cite.js")
    js = response.get_data(as_text=True)
    response.close()
    assert "fetch(" not in js and "XMLHttpRequest" not in js


def test_sh_order_comes_first_then_the_priority_list(tmp_path: Path) -> None:
    shapes = tmp_path / "s.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix schema: <http://schema.org/> .\n"
        "[] sh:path schema:location ; sh:order 1 . [] sh:path schema:agent ; sh:order 2 .\n"
    )
    orders = shape_orders([shapes], IRIs())
    assert orders == {SCHEMA + "location": 1.0, SCHEMA + "agent": 2.0}
    props = [SCHEMA + p for p in ("sameAs", "zzz", "recipient", "agent", "location")]
    ranked = sorted(props, key=lambda p: order_key(p, p.rsplit("/", 1)[-1], orders, ONTOLOGY))
    assert ranked == [SCHEMA + p for p in ("location", "agent", "recipient", "zzz", "sameAs")]


def test_a_quote_says_who_when_and_where_or_that_the_article_does_not(client: Any) -> None:
    roads = _page(client, "/id/kutipan-jalan-desa?lang=en")
    meta = {
        dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in roads.select("section.said dl dt")
    }
    assert meta == {
        "Said by": "Andra Soni",
        "When": "Not stated in the article",
        "Where": "Not stated in the article",
    }
    assert roads.select_one("section.said blockquote").get_text().startswith("Ketika jalan-jalan")
    focus = _page(client, "/id/kutipan-fokus-ketimpangan?lang=en")
    said = focus.select_one("section.said dl").get_text(" ", strip=True)
    assert "Tuesday, 2 December 2025" in said and "inferred, not stated" in said
    assert "Serang City" in said  # its English label
    for soup in (roads, focus):
        assert "https://kg.example.org/id/kutipan" not in _main_text(soup)


def test_the_indonesian_interface_shows_no_english_names_in_the_heading(client: Any) -> None:
    soup = _page(client, "/id/kutipan-fokus-ketimpangan?lang=id")
    head = soup.select_one("header.entity-head")
    assert head is not None and not head.select("[lang=en]")
    assert "Quote:" not in head.get_text()
    english = _page(client, "/id/kutipan-fokus-ketimpangan?lang=en")
    aliases = english.select_one("p.aliases span[lang=id]")
    assert aliases is not None and aliases.get_text().startswith("Kutipan:")


def test_cards_from_statement_level_references(built: Any) -> None:
    """The cards take whatever references /api/entity gives, translation included: the same
    code serves node-level evidence today and statement-level evidence later."""
    from kg.pages.entity import CardContext, EntityView, Value, statement_cards
    from kg.pages.lexicon import Lexicon

    iris = IRIs()
    lexicon = Lexicon(built.read_store(), {})
    ref = {
        "exact": "Program Bang Andra",
        "translation": "The Bang Andra programme",
        "start": 10,
        "end": 28,
        "asserted_by": "https://kg.example.org/id/andra-soni",
        "asserted_by_label": "Andra Soni",
        "article": "https://kg.example.org/id/a",
    }
    target = {"type": "iri", "iri": "https://kg.example.org/id/nilai-tukar-petani", "label": "x"}
    described = {
        "statements": [
            {
                "property": ONTOLOGY + "claimedEffectOn",
                "value": target,
                "inferred": False,
                "references": [ref],
            },
            {
                "property": "http://purl.org/dc/terms/relation",
                "value": target,
                "inferred": True,
                "references": [ref],
            },
            {
                "property": SCHEMA + "name",
                "value": {
                    "type": "literal",
                    "value": "Bang Andra",
                    "datatype": "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
                    "lang": "id",
                },
                "inferred": False,
                "references": [],
            },
        ]
    }
    thing = Value("Thing", iri=SCHEMA + "Thing", inferred=True)
    view = EntityView(
        iri="https://kg.example.org/id/bang-andra",
        path="/id/bang-andra",
        label="Bang Andra",
        label_lang="id",
        labels={},
        description=None,
        types=[],
        inferred_types=[thing, Value("Thing", iri="http://www.w3.org/2002/07/owl#Thing")],
        properties=[],
        incoming=[],
        approximate=False,
    )
    ctx = CardContext(lexicon, iris, "en", ONTOLOGY, {}, {(10, 28): "ev-x"})
    cards = statement_cards(described, view, ctx, is_annotation=False)
    assert [c.prop.iri for c in cards.statements] == [SCHEMA + "name", ONTOLOGY + "claimedEffectOn"]
    assert cards.inferred == []  # "relation" repeats "claimed effect on": not shown again
    assert [t.text for t in cards.inferred_types] == ["Thing"]  # one name, once
    (reference,) = cards.statements[1].values[0].references
    assert reference.translation == "The Bang Andra programme"
    assert reference.href == "/article#ev-x" and reference.asserted_by is not None
    assert reference.asserted_by.text == "Andra Soni"
