"""The two store backends answer alike: the build in memory, and an on-disk store made by
``kg load`` (``STORE=<path>``), opened read-only by the app and every query worker.

Results are compared as multisets (solutions) and sets (triples): neither store promises an
order without ORDER BY. A store served without its build still answers queries and pages; a
bad STORE path fails at start with one clear message.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from conftest import Built

from kg.errors import BuildMissing
from kg.store.load import load_into
from kg.web import create_app

PROLOGUE = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX kg: <https://kg.example.org/ontology/> PREFIX kgd: <https://kg.example.org/id/> "
    "PREFIX schema: <http://schema.org/> "
)
SELECTS = [
    "SELECT ?p ?o WHERE { kgd:andra-soni ?p ?o }",
    'SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "banten")) }',
    "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class",
    "SELECT ?s ?c WHERE { ?s a/rdfs:subClassOf* ?c }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l LIMIT 10",
    "ASK { ?s a schema:Person }",
]
CONSTRUCT = (
    "CONSTRUCT { kgd:andra-soni ?p ?o . ?o ?p2 ?o2 } WHERE { kgd:andra-soni ?p ?o "
    "OPTIONAL { ?o ?p2 ?o2 } }"
)
PAGES = ["/id/andra-soni", "/id/banten", "/id/pemprov-banten", "/ontology"]


@pytest.fixture(scope="module")
def disk_store(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build's dataset.nq loaded by ``kg load``'s code into an on-disk store."""
    target = tmp_path_factory.mktemp("disk") / "store"
    load_into(built.output.nquads, target)
    return target


@pytest.fixture(scope="module")
def disk_app(app_config: dict[str, Any], disk_store: Path) -> Iterator[Any]:
    application = create_app({**app_config, "STORE": str(disk_store)})
    yield application
    application.extensions["kg"].close()


@pytest.fixture(scope="module")
def storeonly_app(
    app_config: dict[str, Any], disk_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """The on-disk store with no build output anywhere (as for a 1M-triple corpus)."""
    empty = tmp_path_factory.mktemp("no-build")
    application = create_app({**app_config, "BUILD_DIR": str(empty), "STORE": str(disk_store)})
    yield application
    application.extensions["kg"].close()


def solutions(body: bytes) -> Any:
    doc = json.loads(body)
    if "boolean" in doc:
        return doc["boolean"]
    return Counter(json.dumps(b, sort_keys=True) for b in doc["results"]["bindings"])


def triples(body: bytes) -> set[str]:
    return {str(t) for t in ox.parse(body, format=ox.RdfFormat.TURTLE)}


def ask(app: Any, query: str, accept: str = "application/sparql-results+json") -> Any:
    response = app.test_client().get(
        "/sparql", query_string={"query": PROLOGUE + query}, headers={"Accept": accept}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


@pytest.mark.parametrize("query", SELECTS)
def test_select_answers_agree(app: Any, disk_app: Any, query: str) -> None:
    memory, disk = ask(app, query), ask(disk_app, query)
    assert solutions(memory.data) == solutions(disk.data)
    # Same dump, same hash: the version (hence ETags and cache keys) agree too.
    assert memory.headers["X-KG-Version"] == disk.headers["X-KG-Version"]
    assert memory.headers["ETag"] == disk.headers["ETag"]


def test_construct_answers_agree(app: Any, disk_app: Any) -> None:
    memory, disk = ask(app, CONSTRUCT, "text/turtle"), ask(disk_app, CONSTRUCT, "text/turtle")
    assert triples(memory.data) == triples(disk.data) != set()


def test_the_disk_app_uses_the_disk_store(disk_app: Any, disk_store: Path) -> None:
    kg = disk_app.extensions["kg"]
    assert kg.has_build  # the build holds the same dataset, so its report and dumps serve
    assert kg.service.pool._config.store_path == str(disk_store.resolve())
    assert kg.service.pool._config.nquads is None  # workers open the store, load nothing


def _has_pages(app: Any) -> bool:
    return any(rule.rule.startswith("/id/") for rule in app.url_map.iter_rules())


@pytest.mark.parametrize("path", PAGES)
def test_entity_pages_agree(app: Any, disk_app: Any, path: str) -> None:
    if not _has_pages(app):
        pytest.skip("the Linked Data pages are not registered in this app")
    memory = app.test_client().get(path, headers={"Accept": "text/html"})
    disk = disk_app.test_client().get(path, headers={"Accept": "text/html"})
    assert memory.status_code == disk.status_code == 200
    # The same lines; their order may follow the store's (a page's embedded JSON-LD lists
    # identifiers in store order), and neither store promises one.
    assert page_lines(memory) == page_lines(disk)


def page_lines(response: Any) -> Counter[str]:
    return Counter(
        line.strip().rstrip(",") for line in response.get_data(as_text=True).splitlines()
    )


def test_a_store_without_a_build_serves_queries_and_pages(storeonly_app: Any, app: Any) -> None:
    kg = storeonly_app.extensions["kg"]
    assert not kg.has_build
    assert kg.version == app.extensions["kg"].version
    query = SELECTS[2]
    assert solutions(ask(storeonly_app, query).data) == solutions(ask(app, query).data)
    if _has_pages(storeonly_app):
        page = storeonly_app.test_client().get("/id/andra-soni", headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert "Andra Soni" in page.get_data(as_text=True)


def test_a_bad_store_path_fails_with_a_clear_message(
    app_config: dict[str, Any], tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(BuildMissing, match="no Oxigraph store at .*nowhere.*kg load"):
        create_app({**app_config, "STORE": str(missing)})
    (tmp_path / "not-a-store").mkdir()
    with pytest.raises(BuildMissing, match="not a store made by `kg load`"):
        create_app({**app_config, "STORE": str(tmp_path / "not-a-store")})


def test_kg_serve_with_a_bad_store_exits_2_with_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("kg")),
            "serve",
            "--port",
            "1",
            "--store",
            str(missing),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "no Oxigraph store at" in done.stderr and "kg load" in done.stderr
