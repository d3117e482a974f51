"""Reading Turtle with errors that name file, line and column; deterministic writing.

Syntax is checked with Oxigraph's parser first because its errors carry line and column
(rdflib's carry only the line); the checked text is then loaded with rdflib.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import BNode

from kg.errors import InputError
from kg.iris import DEFAULT_BASE, IRIs


def syntax_location(exc: SyntaxError) -> str:
    """``line L, column C`` from an Oxigraph SyntaxError (its offset is already 1-based)."""
    if exc.lineno is None:
        return "unknown position"
    return f"line {exc.lineno}, column {exc.offset or 1}"


def parse_turtle(path: Path) -> Graph:
    """Parse a Turtle file into an rdflib Graph.

    :raises InputError: missing or unreadable file, or a syntax error (file, line, column).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        for _ in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()):
            pass
    except SyntaxError as exc:
        message = str(exc.msg).split(": ", 1)[-1] if exc.msg else str(exc)
        raise InputError(
            f"{path}:{exc.lineno or 0}:{exc.offset or 1}: Turtle syntax error "
            f"at {syntax_location(exc)}: {message}",
            file=str(path),
            line=exc.lineno,
            column=exc.offset or 1,
        ) from exc
    graph = Graph()
    graph.parse(data=data, format="turtle", publicID=path.as_uri())
    return graph


def has_blank_nodes(graph: Graph) -> bool:
    return any(isinstance(t, BNode) for triple in graph for t in triple)


def canonical_nquads(dataset: Dataset) -> bytes:
    """Sorted N-Quads: the same dataset always gives the same bytes (no blank nodes allowed)."""
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        if any(isinstance(t, BNode) for t in (s, p, o)):
            raise ValueError(f"blank node in the dataset: ({s}, {p}, {o}); mint an IRI instead")
    text = dataset.serialize(format="nquads")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")


def load_graphs(files: Iterable[Path]) -> Graph:
    """Parse and merge Turtle files (errors name file, line and column)."""
    merged = Graph()
    for path in files:
        merged += parse_turtle(path)
    return merged


def rebase(graph: Graph, iris: IRIs, old_base: str = DEFAULT_BASE) -> Graph:
    """Move every IRI under ``old_base`` to ``iris.base`` (the curated files use the default)."""
    if iris.base == old_base:
        return graph
    moved = Graph()

    def move(term: Any) -> Any:
        if isinstance(term, URIRef):
            return URIRef(iris.rebase(str(term), old_base))
        if isinstance(term, Literal) and term.datatype == XSD.anyURI:  # sh:namespace in shapes
            return Literal(iris.rebase(str(term), old_base), datatype=XSD.anyURI)
        return term

    for s, p, o in graph:
        moved.add((move(s), move(p), move(o)))
    return moved
