"""Whole-dataset dumps and the VoID description (VoID §7.2 at /.well-known/void).

Every dump parses and is isomorphic to what ``kg export`` writes for the same build; the VoID
description parses, names the endpoint, every dump and the namespace, and every IRI it names
under the base is served here (at its path: the data's IRIs are not rewritten).
"""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, VOID

from kg.cli import main
from kg.formats import formats_of
from kg.iris import IRIs

#: Every test here runs on the embedded store and on an external SPARQL store.
pytestmark = pytest.mark.remote

DUMPS = formats_of("graph", "dataset")


def _parse(data: bytes, rdflib_format: str, dataset: bool) -> Graph | Dataset:
    target: Graph | Dataset = Dataset() if dataset else Graph()
    target.parse(data=data, format=rdflib_format)
    return target


def _union(parsed: Graph | Dataset) -> Graph:
    if isinstance(parsed, Dataset):
        union = Graph()
        for s, p, o, _ in parsed.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return parsed


@pytest.fixture(scope="module")
def exported(built: Any) -> dict[str, bytes]:
    """``kg export --format NAME`` for every dump format, on the tests' build."""
    runner = CliRunner()
    out = {}
    for fmt in DUMPS:
        result = runner.invoke(
            main,
            [
                "--root",
                str(built.paths.root),
                "--build-dir",
                str(built.paths.build_dir),
                "export",
                "--format",
                fmt.name,
            ],
        )
        assert result.exit_code == 0, result.output
        out[fmt.suffix] = result.stdout_bytes
    return out


@pytest.mark.parametrize("fmt", DUMPS, ids=[f.suffix for f in DUMPS])
def test_dump_parses_and_is_isomorphic_to_kg_export(
    client: Any, exported: dict[str, bytes], fmt: Any
) -> None:
    response = client.get(f"/dumps/dataset.{fmt.suffix}")
    assert response.status_code == 200
    assert response.mimetype == fmt.media_type
    is_dataset = fmt.kind == "dataset" or fmt.name == "jsonld"
    served = _parse(response.data, fmt.rdflib, is_dataset)
    expected = _parse(exported[fmt.suffix], fmt.rdflib, is_dataset)
    assert len(_union(served)) > 1000
    assert isomorphic(_union(served), _union(expected))
    if fmt.kind == "dataset":
        names = {str(g.identifier) for g in served.graphs() if len(g)}  # type: ignore[union-attr]
        assert {n.rsplit("/", 1)[-1] for n in names} >= {
            "ontology",
            "data",
            "evidence",
            "inferred",
            "void",
        }


def test_dump_headers_and_conditional_get(client: Any, built: Any) -> None:
    response = client.get("/dumps/dataset.trig")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"{built.output.version}.trig" in disposition
    etag = response.headers["ETag"]
    assert built.output.version in etag
    assert client.get("/dumps/dataset.trig", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/dumps/dataset.ttl").headers["ETag"] != etag


def test_unknown_dump_is_404(client: Any) -> None:
    response = client.get("/dumps/dataset.csv", headers={"Accept": "application/json"})
    assert response.status_code == 404


@pytest.fixture(scope="module")
def void(app: Any) -> Graph:
    response = app.test_client().get("/.well-known/void")
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    return Graph().parse(data=response.data, format="turtle")


def test_void_names_endpoint_dumps_and_namespace(void: Graph, built: Any) -> None:
    iris = IRIs(built.output.manifest["base_iri"])
    dataset = URIRef(str(iris.dataset))
    assert (dataset, RDF.type, VOID.Dataset) in void
    assert (dataset, VOID.sparqlEndpoint, URIRef(iris.base + "sparql")) in void
    assert (dataset, VOID.uriSpace, Literal(iris.instance_ns)) in void
    dumps = {str(o) for o in void.objects(dataset, VOID.dataDump)}
    assert dumps == {f"{iris.base}dumps/dataset.{f.suffix}" for f in DUMPS}


def test_every_link_of_the_void_description_resolves(client: Any, void: Graph, built: Any) -> None:
    iris = IRIs(built.output.manifest["base_iri"])
    nodes = {str(t) for triple in void for t in triple if isinstance(t, URIRef)}
    own = sorted(n for n in nodes if iris.owns(n))
    assert len(own) > 20
    for iri in own:
        path = iris.path_of(iri)
        accept = "application/sparql-results+json" if path == "/sparql" else "text/turtle"
        query = "?query=ASK%7B%7D" if path == "/sparql" else ""
        response = client.get(path + query, headers={"Accept": accept})
        assert response.status_code == 200, (iri, response.status_code)


def test_void_is_negotiable_and_browsers_go_to_the_dataset_page(client: Any) -> None:
    jsonld = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert jsonld.mimetype == "application/ld+json"
    assert len(Graph().parse(data=jsonld.data, format="json-ld")) > 20
    page = client.get("/.well-known/void", headers={"Accept": "text/html"})
    assert page.status_code == 303
    assert page.headers["Location"].endswith("/dataset")
