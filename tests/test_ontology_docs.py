"""Ontology documentation as complete as pyLODE's, and definitions free of modelling notes.

Expectations are read from ontology/kg.ttl and shapes/kg.shapes.ttl with rdflib, independently
of the page models (which read the store and kg.pages.conformance), so a page that drops a
domain, a range or a bound fails here.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

KG = "https://kg.example.org/ontology/"

pytestmark = pytest.mark.server

#: Phrases of design rationale and authoring workflow: they belong in skos:editorialNote.
NOTE_MARKERS = re.compile(
    r"Authoring input|Masukan penulisan|schema\.org (has no|tidak memiliki)"
    r"|Not typed|Tidak diketik",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    graph.parse(REPO / "ontology" / "kg.ttl", format="turtle")
    return graph


@pytest.fixture(scope="module")
def shapes() -> Graph:
    graph = Graph()
    graph.parse(REPO / "shapes" / "kg.shapes.ttl", format="turtle")
    return graph


def soup_of(client: Any, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def href_of(iri: str) -> str:
    return "/ontology/" + iri[len(KG) :] if iri.startswith(KG) else iri


def test_definitions_carry_no_modelling_notes(ontology: Graph) -> None:
    own = {s for s in ontology.subjects(RDFS.isDefinedBy, None) if str(s).startswith(KG)}
    assert own
    leaks = [
        (str(s), str(c))
        for s in own
        for p in (RDFS.comment, SKOS.definition)
        for c in ontology.objects(s, p)
        if NOTE_MARKERS.search(str(c))
    ]
    assert leaks == []
    notes = list(ontology.subject_objects(SKOS.editorialNote))
    assert notes, "the notes moved, they were not dropped"
    for subject in {s for s, _ in notes}:
        langs = {o.language for o in ontology.objects(subject, SKOS.editorialNote)}
        assert isinstance(next(iter(ontology.objects(subject, SKOS.editorialNote))), Literal)
        assert langs == {"id", "en"}, subject


def test_overview_gives_domain_and_range_of_every_property(client: Any, ontology: Graph) -> None:
    soup = soup_of(client, "/ontology?lang=en")
    checked = 0
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            if not str(prop).startswith(KG):
                continue
            dt = soup.find("a", href=href_of(str(prop)))
            assert dt is not None, prop
            dd = dt.find_parent("dt").find_next_sibling("dd")
            links = {a["href"] for a in dd.select(".signature a")}
            for axis in (RDFS.domain, RDFS.range):
                for cls in ontology.objects(prop, axis):
                    if isinstance(cls, URIRef):
                        assert href_of(str(cls)) in links, (prop, axis, cls)
                        checked += 1
    assert checked > 20


def expected_bounds(shapes: Graph, cls: URIRef) -> set[tuple[str, str]]:
    bounds = set()
    for shape in shapes.subjects(SH.targetClass, cls):
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            low, high = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
            if isinstance(path, URIRef) and (low is not None or high is not None):
                text = f"{int(low) if low is not None else 0}..{'*' if high is None else int(high)}"
                bounds.add((href_of(str(path)), text))
    return bounds


@pytest.mark.parametrize("local", ["Award", "AwardConferral", "Statement"])
def test_class_pages_give_cardinalities_from_the_shapes(
    client: Any, shapes: Graph, local: str
) -> None:
    expected = expected_bounds(shapes, URIRef(KG + local))
    assert expected, f"the shapes bound some property of kg:{local}"
    soup = soup_of(client, f"/ontology/{local}?lang=en")
    shown = {
        (li.find("a")["href"], li.select_one("code.card").get_text())
        for li in soup.select("dl.term-doc li")
        if li.select_one("code.card")
    }
    assert expected <= shown


def test_term_pages_show_each_label_once(client: Any, ontology: Graph) -> None:
    for local in ("Award", "quote", "conferredBy"):
        soup = soup_of(client, f"/ontology/{local}?lang=en")
        article = soup.select_one("article.term")
        assert article is not None
        exact = [el.get_text(strip=True) for el in article.select("span[lang], a[lang]")]
        for label in ontology.objects(URIRef(KG + local), RDFS.label):
            # Listed once under Labels (with its language); the table below does not repeat it.
            listed = [
                el for el in article.select("dl.term-doc span[lang]") if el.get_text() == str(label)
            ]
            assert len(listed) == 1, (local, label)
            assert exact.count(str(label)) == 1, (local, label)
        assert "schema.org has no Award class" not in str(article.select_one("dl.term-doc"))


def test_property_page_names_the_shape_that_bounds_it(client: Any) -> None:
    soup = soup_of(client, "/ontology/conferredBy?lang=en")
    cards = [li for li in soup.select("dl.term-doc li") if li.select_one("code.card")]
    assert cards, "kg:conferredBy is bounded by a shape"
    assert all(li.select_one('a[href^="/validation#"]') for li in cards)
