"""Serialize the whole dataset in any registered RDF format.

Triple formats (Turtle, N-Triples, RDF/XML) get the union of the named graphs; TriG, N-Quads
and JSON-LD keep the graphs apart. JSON-LD is compacted with a local context
made from the project's prefixes (:func:`jsonld_context`), never fetched from the network
(rdflib issue #1844 on remote contexts).
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
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
    """The union of the named graphs, its triples added in sorted order.

    rdflib's stores iterate in insertion order, so a sorted insertion is what makes the
    RDF/XML serializer's output the same in every process (issue 12).
    """
    graph = Graph()
    for triple in sorted({(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}):
        graph.add(triple)
    return graph


def _named_graphs(dataset: Dataset, iris: IRIs) -> list[tuple[str, Graph]]:
    """Each non-empty graph of the dataset, by IRI, as a graph of its own with prefixes."""
    found = []
    for context in dataset.graphs():
        if len(context) == 0:
            continue
        graph = bind_prefixes(Graph(), iris)
        for triple in sorted(context.triples((None, None, None))):
            graph.add(triple)
        found.append((str(context.identifier), graph))
    return sorted(found, key=lambda item: item[0])


def _trig(dataset: Dataset, iris: IRIs) -> str:
    """TriG with the graphs in IRI order, each block the graph's (stable) Turtle.

    rdflib's TriG serializer orders the graphs as its store's context set does, which changes
    from process to process; every graph here is written as Turtle (TriG §2: a graph block
    holds Turtle triples) and the prefixes of all blocks are declared once, sorted.
    """
    declared: set[str] = set()
    blocks = []
    for name, graph in _named_graphs(dataset, iris):
        lines = graph.serialize(format="turtle").splitlines()
        declared.update(line for line in lines if line.startswith("@prefix"))
        body = [line for line in lines if not line.startswith("@prefix")]
        while body and not body[0].strip():
            body.pop(0)
        text = "\n".join(body).rstrip()  # not indented: long literals span lines verbatim
        blocks.append(f"<{name}> {{\n{text}\n}}\n")
    names = [line.split()[1] for line in declared]
    if len(names) != len(set(names)):  # one prefix bound to two namespaces in two blocks
        raise OutputError(f"TriG export: conflicting prefix declarations {sorted(declared)}")
    return "\n".join(sorted(declared)) + "\n\n" + "\n".join(blocks)


def _canonical_json(value: Any, in_list: bool = False) -> Any:
    """JSON-LD with every unordered array sorted (``@list`` arrays keep their order)."""
    if isinstance(value, dict):
        return {k: _canonical_json(v, k == "@list") for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        return items if in_list else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def _rdf_xml(dataset: Dataset, iris: IRIs) -> bytes:
    """RDF/XML of the union, written by Oxigraph from the sorted triples: rdflib's writer
    orders subjects as a set does, which changes from process to process."""
    quads = ox.parse(
        dataset.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS
    )
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    return (
        ox.serialize(
            triples, format=ox.RdfFormat.RDF_XML, prefixes=dict(sorted(prefixes(iris).items()))
        )
        or b""
    )


def serialize_dataset(dataset: Dataset, fmt: Format, iris: IRIs) -> bytes:
    """The dataset in ``fmt`` (a graph or dataset format from :mod:`kg.formats`), the same
    bytes in every process: line formats sorted, graphs in IRI order, JSON arrays sorted."""
    if fmt.name == "jsonld":
        text = dataset.serialize(format="json-ld", context=jsonld_context(iris), auto_compact=True)
        text = (
            json.dumps(
                _canonical_json(json.loads(text)), indent=2, sort_keys=True, ensure_ascii=False
            )
            + "\n"
        )
    elif fmt.name == "trig":
        text = _trig(dataset, iris)
    elif fmt.kind == "dataset":
        text = dataset.serialize(format=fmt.rdflib_name)
    elif fmt.name == "xml":
        text = _rdf_xml(dataset, iris).decode("utf-8")
    else:
        target = bind_prefixes(union_graph(dataset), iris)
        text = target.serialize(format=fmt.rdflib_name)
    data = text.encode("utf-8")
    if fmt.name in ("nt", "nquads"):  # one statement a line: sorted lines are the same set
        data = b"".join(sorted(line + b"\n" for line in data.splitlines() if line.strip()))
    return data


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
