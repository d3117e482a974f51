"""Page models on a small dataset written here: each model's answer follows from a few quads.

The end-to-end tests (``test_pages_*``) render the real build; these pin down what a model
computes from what, on data small enough to read: labels by language, outgoing and incoming
links, inferred types, search ranking and folding, the schema.org card, the RDF description.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.errors import EntityNotFound
from kg.iris import IRIs
from kg.pages.entity import describe_entity
from kg.pages.entity_rdf import describe_graph, schema_card
from kg.pages.labels import labels
from kg.pages.lexicon import Lexicon
from kg.pages.search import SearchIndex
from kg.store.embedded import OxigraphStore
from kg.vocab import prefixes

IRIS = IRIs()
ID = IRIS.base + "id/"
DATA = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX id: <https://kg.example.org/id/>
GRAPH <https://kg.example.org/graph/data> {
  id:andra a schema:Person ;
    rdfs:label "Andra Soni"@id, "Andra Soni (governor)"@en ;
    schema:description "Gubernur Banten"@id, "Governor of Banten"@en ;
    schema:worksFor id:pemprov .
  id:pemprov a schema:GovernmentOrganization ; rdfs:label "Pemerintah Provinsi Banten"@id .
  id:kemendagri rdfs:label "Kementerian Dalam Negeri"@id ; schema:alternateName "Kemendagri" .
}
GRAPH <https://kg.example.org/graph/inferred> {
  id:andra a schema:Thing .
}
GRAPH <https://kg.example.org/graph/ontology> {
  schema:Person rdfs:subClassOf schema:Thing .
}
"""


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    engine = ox.Store()
    engine.load(DATA.encode(), format=ox.RdfFormat.TRIG)
    return OxigraphStore(engine, "0" * 16)


@pytest.fixture(scope="module")
def lexicon(store: OxigraphStore) -> Lexicon:
    return Lexicon(store, prefixes(IRIS))


def test_an_entity_is_labelled_and_described_in_the_asked_language(
    store: OxigraphStore, lexicon: Lexicon
) -> None:
    english = describe_entity(store, lexicon, IRIS, ID + "andra", "en")
    indonesian = describe_entity(store, lexicon, IRIS, ID + "andra", "id")
    assert (english.label, english.label_lang) == ("Andra Soni (governor)", "en")
    assert (indonesian.label, indonesian.label_lang) == ("Andra Soni", "id")
    assert english.description is not None and english.description.text == "Governor of Banten"
    assert english.path == "/id/andra"
    assert english.graphs == [str(IRIS.graph("data")), str(IRIS.graph("inferred"))]


def test_asserted_and_inferred_types_are_kept_apart(store: OxigraphStore, lexicon: Lexicon) -> None:
    view = describe_entity(store, lexicon, IRIS, ID + "andra", "en")
    assert [t.iri for t in view.types] == ["http://schema.org/Person"]
    assert [t.iri for t in view.inferred_types] == ["http://schema.org/Thing"]
    assert all(t.inferred for t in view.inferred_types)


def test_a_link_is_shown_from_both_ends_with_the_other_end_labelled(
    store: OxigraphStore, lexicon: Lexicon
) -> None:
    andra = describe_entity(store, lexicon, IRIS, ID + "andra", "id")
    works = next(g for g in andra.properties if g.prop.iri == "http://schema.org/worksFor")
    assert [(v.text, v.href) for v in works.values] == [
        ("Pemerintah Provinsi Banten", "/id/pemprov")
    ]
    pemprov = describe_entity(store, lexicon, IRIS, ID + "pemprov", "id")
    incoming = next(g for g in pemprov.incoming if g.prop.iri == "http://schema.org/worksFor")
    assert [(v.text, v.href) for v in incoming.values] == [("Andra Soni", "/id/andra")]


def test_an_iri_the_dataset_does_not_mention_is_not_found(
    store: OxigraphStore, lexicon: Lexicon
) -> None:
    with pytest.raises(EntityNotFound, match="not in this dataset"):
        describe_entity(store, lexicon, IRIS, ID + "nobody", "en")


def test_labels_prefer_the_language_then_fall_back(store: OxigraphStore) -> None:
    wanted = [ID + "andra", ID + "pemprov", ID + "nobody", "not an iri"]
    assert labels(store, wanted, "en") == {
        ID + "andra": "Andra Soni (governor)",
        ID + "pemprov": "Pemerintah Provinsi Banten",  # only Indonesian: still a label
    }
    assert labels(store, wanted, "id")[ID + "andra"] == "Andra Soni"


@pytest.mark.parametrize(
    "query,first",
    [
        ("andra soni", "andra"),  # the whole name
        ("ANDRA", "andra"),  # case does not matter
        ("kemendagri", "kemendagri"),  # an alternate name is a name
        ("provinsi", "pemprov"),  # a word inside the name
        ("prövinsi", "pemprov"),  # accents are folded
    ],
)
def test_search_finds_names_ranked_and_folded(store: OxigraphStore, query: str, first: str) -> None:
    hits = SearchIndex.from_store(store, IRIS.base).search(query)
    assert hits and hits[0].iri == ID + first


def test_search_ranks_a_name_that_starts_with_the_words_first(store: OxigraphStore) -> None:
    hits = SearchIndex.from_store(store, IRIS.base).search("kem")
    assert [h.iri for h in hits] == [ID + "kemendagri"]
    assert hits[0].score in (1, 2)  # starts the name, or a word of it; never "inside a word"
    assert SearchIndex.from_store(store, IRIS.base).search("zzz") == []


def test_the_schema_card_has_the_type_the_name_and_labelled_links(
    store: OxigraphStore, lexicon: Lexicon
) -> None:
    card = schema_card(store, lexicon, ID + "andra", "https://kg.example.org/id/andra", "en")
    assert card["@type"] == "Person"  # the most specific type (Person ⊑ Thing in the ontology)
    assert card["name"] == "Andra Soni (governor)"
    assert card["description"] == "Governor of Banten"  # the page's language only
    assert card["worksFor"] == {"@id": ID + "pemprov", "name": "Pemerintah Provinsi Banten"}


def test_the_rdf_description_holds_both_directions_and_the_neighbours_labels(
    store: OxigraphStore,
) -> None:
    graph = describe_graph(store, ID + "pemprov", IRIS)
    andra, pemprov = URIRef(ID + "andra"), URIRef(ID + "pemprov")
    assert (andra, URIRef("http://schema.org/worksFor"), pemprov) in graph
    assert (pemprov, RDF.type, URIRef("http://schema.org/GovernmentOrganization")) in graph
    assert (andra, RDFS.label, Literal("Andra Soni", lang="id")) in graph
    assert (URIRef(ID + "kemendagri"), None, None) not in graph  # not a neighbour
