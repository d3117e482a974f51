"""Dereferencing: every IRI of the dataset is a page for people and a document for machines.

Cool URIs for the Semantic Web (W3C IG Note 2008) §4 and RFC 9110 §12 (content negotiation):
HTML by default, RDF by Accept, a suffix or ``?format=`` forcing a format, ``Vary: Accept``,
``Content-Location`` naming the document sent, ``Link: rel="alternate"`` for every format.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from markupsafe import escape
from rdflib import Graph, Literal, URIRef

from kg.iris import IRIs
from kg.pages.entity_rdf import to_rdflib
from kg.pages.lexicon import Lexicon
from kg.store.embedded import OxigraphStore
from kg.vocab import prefixes

#: Every test here runs on the embedded store and on an external SPARQL store.
pytestmark = pytest.mark.remote

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


@pytest.fixture(scope="module")
def store(built: Any) -> ox.Store:
    return built.store()


@pytest.fixture(scope="module")
def iris(built: Any) -> IRIs:
    return IRIs(built.output.manifest["base_iri"])


@pytest.fixture(scope="module")
def subjects(store: ox.Store, iris: IRIs) -> list[str]:
    """Every node of the dataset's own namespaces that has triples (the entities)."""
    return sorted(
        {
            q.subject.value
            for q in store.quads_for_pattern(None, None, None)
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(iris.base)
        }
    )


def triples_of(store: ox.Store, iri: str) -> set[tuple[Any, Any, Any]]:
    return {
        (URIRef(iri), to_rdflib(q.predicate), to_rdflib(q.object))
        for q in store.quads_for_pattern(ox.NamedNode(iri), None, None)
    }


def test_every_entity_has_an_html_page_with_its_label(
    client: Any, store: ox.Store, iris: IRIs, subjects: list[str]
) -> None:
    lexicon = Lexicon(OxigraphStore(store, ""), prefixes(iris))
    timings = []
    assert len(subjects) > 100
    for iri in subjects:
        path = iris.path_of(iri)
        started = time.perf_counter()
        response = client.get(path, headers={"Accept": "text/html"})
        timings.append((time.perf_counter() - started, path))
        assert response.status_code == 200, path
        assert response.content_type.startswith("text/html")
        body = response.get_data(as_text=True)
        # Label in the page language (English for a client that does not say), escaped.
        assert str(escape(lexicon.label(iri, "en"))) in body, path
    ARTIFACTS.mkdir(exist_ok=True)
    timings.sort(reverse=True)
    lines = [
        f"{len(timings)} pages, total {sum(t for t, _ in timings):.2f} s, "
        f"median {timings[len(timings) // 2][0] * 1000:.1f} ms, "
        f"max {timings[0][0] * 1000:.1f} ms ({timings[0][1]})"
    ]
    lines += [f"{t * 1000:8.1f} ms  {p}" for t, p in timings]
    (ARTIFACTS / "page-render-times.txt").write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("media_type", ["text/turtle", "application/ld+json"])
def test_every_entity_by_accept_parses_and_holds_its_triples(
    client: Any, store: ox.Store, iris: IRIs, subjects: list[str], media_type: str
) -> None:
    ontology_documents = {str(iris.ontology), iris.ontology_ns}
    for iri in subjects:
        response = client.get(iris.path_of(iri), headers={"Accept": media_type})
        assert response.status_code == 200, iri
        assert response.mimetype == media_type
        graph = Graph().parse(data=response.data, format=RDF_TYPES[media_type])
        missing = triples_of(store, iri) - set(graph)
        assert not missing, (iri, sorted(missing)[:3])
        if iri not in ontology_documents:
            assert response.headers["Content-Location"].endswith(
                "." + {"text/turtle": "ttl", "application/ld+json": "jsonld"}[media_type]
            )


def test_description_carries_incoming_links_labels_and_evidence(client: Any, iris: IRIs) -> None:
    iri = URIRef(iris.instance("andra-soni"))
    graph = Graph().parse(data=client.get("/id/andra-soni.ttl").data, format="turtle")
    oa = "http://www.w3.org/ns/oa#"
    assert (
        URIRef(iris.instance("gubernur-banten")),
        URIRef("http://www.w3.org/ns/org#heldBy"),
        iri,
    ) in graph  # incoming
    assert (
        URIRef(iris.instance("gubernur-banten")),
        URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
        Literal("Governor of Banten", lang="en"),
    ) in graph  # label of a linked node
    annotations = set(graph.subjects(URIRef(oa + "hasBody"), iri))
    assert annotations
    exacts = {str(o) for o in graph.objects(None, URIRef(oa + "exact"))}
    assert any("Andra Soni" in e for e in exacts)  # the quoted words come along
    assert set(graph.objects(None, URIRef(oa + "start")))


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/id/andra-soni.ttl", "text/turtle"),
        ("/id/andra-soni.nt", "application/n-triples"),
        ("/id/andra-soni.jsonld", "application/ld+json"),
        ("/id/andra-soni.rdf", "application/rdf+xml"),
        ("/id/andra-soni.html", "text/html"),
        ("/id/andra-soni?format=turtle", "text/turtle"),
        ("/id/andra-soni?format=jsonld", "application/ld+json"),
        ("/ontology/Award.nt", "application/n-triples"),
        ("/dataset.ttl", "text/turtle"),
    ],
)
def test_suffix_or_format_parameter_forces_the_format(
    client: Any, path: str, media_type: str
) -> None:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.mimetype == media_type
    if media_type in RDF_TYPES:
        assert len(Graph().parse(data=response.data, format=RDF_TYPES[media_type])) > 0


def test_negotiation_headers(client: Any) -> None:
    response = client.get("/id/bang-andra", headers={"Accept": "application/n-triples"})
    assert response.mimetype == "application/n-triples"
    assert "Accept" in [v.strip() for v in response.headers["Vary"].split(",")]
    assert response.headers["Content-Location"] == "/id/bang-andra.nt"
    links = response.headers["Link"]
    for suffix, media_type in (
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("nt", "application/n-triples"),
        ("rdf", "application/rdf+xml"),
        ("html", "text/html"),
    ):
        assert f'</id/bang-andra.{suffix}>; rel="alternate"; type="{media_type}"' in links


def test_browsers_and_wildcards_get_html_json_gets_json_ld(client: Any) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/id/banten", headers={"Accept": browser}).mimetype == "text/html"
    assert client.get("/id/banten", headers={"Accept": "*/*"}).mimetype == "text/html"
    assert client.get("/id/banten").mimetype == "text/html"
    assert (
        client.get("/id/banten", headers={"Accept": "application/json"}).mimetype
        == "application/ld+json"
    )
    best = client.get("/id/banten", headers={"Accept": "text/turtle;q=0.5, application/rdf+xml"})
    assert best.mimetype == "application/rdf+xml"


def test_unacceptable_type_is_406(client: Any) -> None:
    response = client.get("/id/banten", headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_unknown_iri_is_404_with_suggestions_for_people(client: Any) -> None:
    response = client.get("/id/andra-sony", headers={"Accept": "text/html"})
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert 'href="/id/andra-soni"' in body  # a suggestion from the slug's words
    assert 'action="/search"' in body


@pytest.mark.parametrize(
    "path", ["/id/no-such-thing", "/ontology/NoSuchTerm", "/graph/nothing", "/id/no-such-thing.ttl"]
)
def test_unknown_iri_is_404_for_machines(client: Any, path: str) -> None:
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert json.loads(response.data)["status"] == 404
    assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 404


def test_ontology_iri_returns_the_whole_ontology(client: Any, built: Any, iris: IRIs) -> None:
    graph = Graph().parse(
        data=client.get("/ontology", headers={"Accept": "text/turtle"}).data, format="turtle"
    )
    assert len(graph) == built.output.manifest["graphs"][str(iris.graph("ontology"))]
    assert (
        URIRef(str(iris.ontology)),
        URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        URIRef("http://www.w3.org/2002/07/owl#Ontology"),
    ) in graph
    for path in ("/ontology/", "/ontology.ttl"):
        assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 200


def test_conditional_get_returns_304(client: Any) -> None:
    first = client.get("/id/kemendagri.ttl")
    etag = first.headers["ETag"]
    again = client.get("/id/kemendagri.ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304
    page = client.get("/id/kemendagri", headers={"Accept": "text/html"})
    headers = {"Accept": "text/html", "If-None-Match": page.headers["ETag"]}
    assert client.get("/id/kemendagri", headers=headers).status_code == 304


def test_head_is_answered_like_get_without_a_body(client: Any) -> None:
    response = client.head("/id/andra-soni", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    assert response.data == b""
