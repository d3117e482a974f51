"""The one store interface (:class:`kg.store.api.ReadStore`): both backends keep its contract.

Each test runs against the embedded store and against each external store (Oxigraph's
server, Virtuoso) loaded with ``kg load --into`` (conftest's ``store_pool``), and
asserts the same answers; a fake that implements only the protocol's quad lookups shows
that a page model needs nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
import pytest
from conftest import REMOTE_STORES, Built, StoreServer

from kg.config import load_settings
from kg.errors import QuerySyntaxError, UpstreamError
from kg.iris import IRIs
from kg.pages.labels import labels
from kg.pages.lexicon import Lexicon
from kg.pages.timeline import load_events
from kg.store.api import GraphName, ReadStore, Term, first, text_of
from kg.store.remote import RemoteStore
from kg.vocab import prefixes

RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


@pytest.fixture(scope="module", params=["embedded", *REMOTE_STORES])
def read_store(request: pytest.FixtureRequest, built: Built) -> Iterator[ReadStore]:
    if request.param == "embedded":
        yield built.read_store()
        return
    server: StoreServer = request.getfixturevalue("store_pool").get(request.param)
    remote = RemoteStore.connect(server.url, load_settings(server.settings))
    yield remote
    remote.close()


@pytest.fixture(scope="module")
def iris(built: Built) -> IRIs:
    return IRIs(built.output.manifest["base_iri"])


def _rows(store: ReadStore, sparql: str) -> list[tuple[str, ...]]:
    return sorted(
        tuple("" if row[v] is None else text_of(row[v]) for v in ("s", "o"))
        for row in store.select(sparql)
    )


def test_the_version_is_the_builds(read_store: ReadStore, built: Built) -> None:
    assert read_store.version == built.output.version


def test_select_reads_the_union_of_the_named_graphs(read_store: ReadStore, built: Built) -> None:
    expected = sorted(
        (q.subject.value, q.object.value)
        for q in built.store()
        if q.predicate == RDFS_LABEL and isinstance(q.subject, ox.NamedNode)
    )
    query = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }"
    assert len(expected) > 100
    assert _rows(read_store, query) == expected


def test_select_binds_substitutions_as_values(read_store: ReadStore, iris: IRIs) -> None:
    person = ox.NamedNode(iris.base + "id/andra-soni")
    rows = read_store.select(
        "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }",
        substitutions={ox.Variable("s"): person},
    )
    found = {text_of(row["o"]) for row in rows}
    assert "Andra Soni" in found
    assert all(
        row["s"] == person
        for row in read_store.select(
            "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", substitutions={ox.Variable("s"): person}
        )
    )


def test_select_refuses_what_is_not_a_select_query(read_store: ReadStore) -> None:
    with pytest.raises((QuerySyntaxError, UpstreamError)):
        list(read_store.select("ASK { ?s ?p ?o }"))


@pytest.mark.parametrize(
    "pattern",
    ["subject", "predicate", "object", "graph", "subject and graph"],
)
def test_quad_patterns_match_the_dump(
    read_store: ReadStore, built: Built, iris: IRIs, pattern: str
) -> None:
    person = ox.NamedNode(iris.base + "id/andra-soni")
    data = ox.NamedNode(str(iris.graph("data")))
    name = ox.Literal("Andra Soni")
    args: dict[str, dict[str, Any]] = {
        "subject": {"subject": person},
        "predicate": {"predicate": RDFS_LABEL},
        "object": {"obj": name},
        "graph": {"graph": data},
        "subject and graph": {"subject": person, "graph": data},
    }
    given = args[pattern]
    expected = set(
        built.store().quads_for_pattern(
            given.get("subject"), given.get("predicate"), given.get("obj"), given.get("graph")
        )
    )
    assert expected, pattern
    assert set(read_store.quads(**given)) == expected


def test_a_literal_subject_matches_nothing(read_store: ReadStore) -> None:
    assert first(read_store.quads(ox.Literal("Andra Soni"))) is None


def test_graph_counts_are_the_manifests(read_store: ReadStore, built: Built) -> None:
    assert read_store.graph_counts() == built.output.manifest["graphs"]


def test_page_models_answer_the_same_on_both_backends(
    read_store: ReadStore, built: Built, iris: IRIs
) -> None:
    embedded = built.read_store()
    some = [iris.base + "id/andra-soni", iris.base + "id/pemprov-banten", iris.ontology_ns]
    assert labels(read_store, some, "en") == labels(embedded, some, "en")
    assert load_events(read_store, iris.ontology_ns) == load_events(embedded, iris.ontology_ns)


class QuadsOnly:
    """A fake :class:`ReadStore` over a list of quads: SELECT is never needed by a lexicon."""

    version = "0" * 16

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self._quads = list(quads)

    def select(self, sparql: str, substitutions: object = None) -> list[ox.QuerySolution]:
        raise AssertionError(f"the lexicon should not need SPARQL: {sparql}")

    def quads(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: GraphName | None = None,
    ) -> list[ox.Quad]:
        wanted = (subject, predicate, obj, graph)
        return [
            q
            for q in self._quads
            if all(w is None or w == v for w, v in zip(wanted, q, strict=True))
        ]

    def graph_counts(self) -> dict[str, int]:
        return {}


def test_a_page_model_runs_on_any_read_store() -> None:
    a = ox.NamedNode("https://kg.example.org/id/a")
    graph = ox.NamedNode("https://kg.example.org/graph/data")
    fake = QuadsOnly(
        [
            ox.Quad(a, RDFS_LABEL, ox.Literal("Satu", language="id"), graph),
            ox.Quad(a, RDFS_LABEL, ox.Literal("One", language="en"), graph),
        ]
    )
    lexicon = Lexicon(fake, prefixes(IRIs()))
    assert lexicon.label(a.value, "en") == "One"
    assert lexicon.label(a.value, "id") == "Satu"
    assert lexicon.label("http://schema.org/xyz", "en") == "schema:xyz"
