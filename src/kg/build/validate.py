"""SHACL validation with pySHACL, wrapped in a typed report (pySHACL returns a bare tuple).

Shapes: ``shapes/*.ttl`` (W3C SHACL, https://www.w3.org/TR/shacl/). The shapes graph itself
is checked against SHACL-SHACL (``meta_shacl=True``, SHACL section C).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg.errors import InputError
from kg.report import Result, ValidationReport


def _text(node: Node | None) -> str:
    return "" if node is None else str(node)


def _label(shapes: Graph, shape: Node | None) -> str:
    if shape is None:
        return ""
    return _text(shapes.value(shape, RDFS.label))


def named_shape(shapes: Graph, shape: Node | None) -> Node | None:
    """The shape with an IRI that declares ``shape``: anonymous property shapes and SPARQL
    constraints are reported by pySHACL as blank nodes; readers want the node shape's name."""
    seen: set[Node] = set()
    while shape is not None and not isinstance(shape, URIRef) and shape not in seen:
        seen.add(shape)
        shape = next(iter(shapes.subjects(SH.property, shape)), None) or next(
            iter(shapes.subjects(SH.sparql, shape)), None
        )
    return shape


def _path(report: Graph, path: Node | None) -> str:
    """A SHACL path as a person reads it: an IRI, or ``^IRI`` for an inverse (SHACL 2.3.1.3)."""
    inverse = report.value(path, SH.inversePath) if path is not None else None
    return f"^{inverse}" if inverse is not None else _text(path)


def _results(report: Graph, shapes: Graph) -> list[Result]:
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        shape = named_shape(shapes, report.value(node, SH.sourceShape))
        severity = report.value(node, SH.resultSeverity)
        results.append(
            Result(
                focus=_text(report.value(node, SH.focusNode)),
                path=_path(report, report.value(node, SH.resultPath)),
                value=_text(report.value(node, SH.value)),
                message=_text(report.value(node, SH.resultMessage)),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                shape=_text(shape) if isinstance(shape, URIRef) else "(anonymous shape)",
                shape_label=_label(shapes, shape),
            )
        )
    return results


def without_domain_range(graph: Graph) -> Graph:
    """``graph`` minus its rdfs:domain / rdfs:range axioms.

    Validation infers types along rdfs:subClassOf and rdfs:subPropertyOf only: under range
    entailment every value of ``kg:selectionFor`` would be typed ``kg:Award``, and an
    ``sh:class kg:Award`` constraint could never fail. Types must be asserted.
    """
    kept = Graph()
    for triple in graph:
        if triple[1] not in (RDFS.domain, RDFS.range):
            kept.add(triple)
    return kept


_PREPARING = threading.Lock()


@contextmanager
def _prepared_queries() -> Iterator[None]:
    """rdflib parses each SPARQL constraint once, not once per focus node.

    pySHACL hands rdflib a SPARQL constraint's text for every focus node, with ``$this`` as an
    initial binding, and rdflib parses and translates the text each time: half of validation's
    time went to pyparsing. The text, base and prefixes translate to the same algebra every
    time, so each is translated once and the prepared query is evaluated with each node's
    bindings, which is what rdflib's own ``prepareQuery`` is for. The answers are rdflib's own
    either way (``evalQuery`` with the same algebra and bindings); only the parsing is shared.
    """
    original = SPARQLProcessor.query
    prepared: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Query] = {}

    def query(
        self: SPARQLProcessor,
        strOrQuery: str | Query,  # noqa: N803 (rdflib's own parameter names)
        initBindings: Mapping[str, Any] | None = None,  # noqa: N803
        initNs: Mapping[str, Any] | None = None,  # noqa: N803
        base: str | None = None,
        DEBUG: bool = False,  # noqa: N803
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in prepared:
                prepared[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    with _PREPARING:  # one validation at a time patches (and restores) the processor
        SPARQLProcessor.query = query  # type: ignore[method-assign]
        try:
            yield
        finally:
            SPARQLProcessor.query = original  # type: ignore[method-assign]


def validate(data: Graph, shapes: Graph, ontology: Graph | None = None) -> ValidationReport:
    """Validate ``data`` against ``shapes`` under RDFS inference over ``ontology``'s class and
    property hierarchy (domain and range are left out: see :func:`without_domain_range`).

    :raises InputError: the shapes graph is itself invalid (SHACL-SHACL).
    """
    try:
        with _prepared_queries():
            conforms, report, _ = shacl_validate(
                without_domain_range(data),
                shacl_graph=shapes,
                ont_graph=None if ontology is None else without_domain_range(ontology),
                inference="rdfs",
                advanced=True,
                meta_shacl=True,
                allow_warnings=False,
                abort_on_first=False,
            )
    except Exception as exc:  # pySHACL raises its own tree for bad shapes; name it for the user
        raise InputError(f"the shapes cannot be used: {type(exc).__name__}: {exc}") from exc
    results = _results(report, shapes)
    return ValidationReport(conforms=bool(conforms), results=results, graph=report)
