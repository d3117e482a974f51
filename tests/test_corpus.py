"""The benchmark's synthetic corpora follow the ontology and pass the shapes, deterministically."""

from __future__ import annotations

import sys

import pyoxigraph as ox
from conftest import REPO
from rdflib import Dataset, Graph

from kg.build.validate import validate
from kg.paths import project_paths
from kg.rdfio import load_graphs

sys.path.insert(0, str(REPO / "bench"))
from corpus import TRIPLES_PER_UNIT, generate, units_for  # noqa: E402


def test_small_corpus_conforms_to_the_shapes() -> None:
    dataset = Dataset()
    dataset.parse(data=generate(6, seed=3), format="nquads")
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    paths = project_paths()
    report = validate(graph, load_graphs(paths.shapes_files()), load_graphs(paths.ontology_files()))
    assert report.conforms, report.text()


def test_corpus_is_deterministic_from_its_seed() -> None:
    assert generate(5, seed=1) == generate(5, seed=1)
    assert generate(5, seed=1) != generate(5, seed=2)


def test_corpus_size_follows_the_target() -> None:
    units = units_for(30_000)
    quads = list(ox.parse(generate(units).encode(), format=ox.RdfFormat.N_QUADS))
    assert 0.7 * 30_000 < len(quads) < 1.3 * 30_000
    assert units * TRIPLES_PER_UNIT == 30_000
