"""Fixtures shared by the shape, ontology, evidence and facts tests.

``kg_built`` runs :func:`kg.build.pipeline.assemble` (load, anchor, OWL 2 RL check, RDFS closure, SHACL)
once per session into a temporary build folder; nothing is written. Test modules import the
fixtures they use from here (``from _kg_fixtures import kg_built``); the module-level cache
makes every importing module share the one assembled build.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.build.article import Article, load_article
from kg.build.pipeline import Built, assemble
from kg.config import load_settings
from kg.iris import DEFAULT_BASE
from kg.paths import ProjectPaths, project_paths
from kg.rdfio import load_graphs

REPO = Path(__file__).resolve().parents[1]

_CACHE: dict[str, Built] = {}


def repo_paths(build_dir: Path) -> ProjectPaths:
    return project_paths(root=REPO, build_dir=build_dir)


@pytest.fixture(scope="session")
def kg_built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The assembled dataset under the default base (the curated files' own IRIs)."""
    if "built" not in _CACHE:
        paths = repo_paths(tmp_path_factory.mktemp("kg-assemble"))
        _CACHE["built"] = assemble(paths, load_settings({"BASE_IRI": DEFAULT_BASE}))
    return _CACHE["built"]


@pytest.fixture(scope="session")
def shapes_graph() -> Graph:
    """shapes/*.ttl, parsed as the build parses them."""
    return load_graphs(sorted((REPO / "shapes").glob("*.ttl")))


@pytest.fixture(scope="session")
def article() -> Article:
    return load_article(REPO / "graph" / "source" / "article.txt")
