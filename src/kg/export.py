"""Serialize the whole dataset in any registered RDF format.

Triple formats (Turtle, N-Triples, RDF/XML) get the union of the named graphs; TriG, N-Quads
and JSON-LD keep the graphs apart. JSON-LD is compacted with the local context
(``ontology/context.jsonld``, made from the project's prefixes), never fetched (design note
P1/P2; rdflib issue #1844 on remote contexts).
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import OutputError
from kg.formats import Format
from kg.iris import IRIs
from kg.output import BuildOutput
from kg.vocab import bind_prefixes, prefixes


def jsonld_context(iris: IRIs) -> dict[str, str]:
    """The JSON-LD ``@context``: every project prefix, nothing remote."""
    return dict(sorted(prefixes(iris).items()))


def load_dataset(build: BuildOutput) -> Dataset:
    """The build's dataset as an rdflib Dataset, prefixes bound."""
    dataset = Dataset()
    dataset.parse(build.nquads, format="nquads")
    bind_prefixes(dataset, IRIs(build.manifest["base_iri"]))
    return dataset


def union_graph(dataset: Dataset) -> Graph:
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def serialize_dataset(dataset: Dataset, fmt: Format, iris: IRIs) -> bytes:
    """The dataset in ``fmt`` (a graph or dataset format from :mod:`kg.formats`)."""
    if fmt.name == "jsonld":
        text = dataset.serialize(format="json-ld", context=jsonld_context(iris), auto_compact=True)
    elif fmt.kind == "dataset":
        text = dataset.serialize(format=fmt.rdflib)
    else:
        target = bind_prefixes(union_graph(dataset), iris)
        text = target.serialize(format=fmt.rdflib)
    return text.encode("utf-8") if isinstance(text, str) else text


@lru_cache(maxsize=16)
def _cached(nquads: Path, version: str, fmt: Format, base: str) -> bytes:
    _ = version  # part of the key: a new build is a new cache entry
    dataset = Dataset()
    dataset.parse(nquads, format="nquads")
    iris = IRIs(base)
    bind_prefixes(dataset, iris)
    return serialize_dataset(dataset, fmt, iris)


def export_build(build: BuildOutput, fmt: Format) -> bytes:
    """The whole build in ``fmt``, cached per build version."""
    return _cached(build.nquads, build.version, fmt, build.manifest["base_iri"])


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and rename(2): all or nothing.

    :raises OutputError: the folder is missing or not writable, or the disk is full.
    """
    folder = path.parent if str(path.parent) else Path(".")
    tmp_name = None
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{path.name}.", delete=False) as tmp:
            tmp_name = tmp.name
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(tmp.fileno(), 0o666 & ~umask)  # as open() would create it
        os.replace(tmp_name, path)
    except OSError as exc:
        if tmp_name and os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def context_document(iris: IRIs) -> bytes:
    """``ontology/context.jsonld``: the local context as a document."""
    return (json.dumps({"@context": jsonld_context(iris)}, indent=2) + "\n").encode("utf-8")
