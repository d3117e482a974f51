"""SHACL conformance as pages show it: which shapes apply to a node, and what the report says.

The report is the one the build wrote for this very dataset (``validation.txt`` in the build
folder, identified by the same content hash as the data). A build is only published when the
data conforms (``kg build`` refuses otherwise), so re-running pySHACL when the server starts
would re-derive the same answer at a cost of about two seconds (measured in the build's
``validate`` step); reading the report costs nothing. What the report cannot say, because
SHACL reports list only failures (SHACL §3.6), is which shapes a node was checked against:
that comes from the shapes' targets (SHACL §2.1.3) evaluated against the served store, whose
inferred graph holds the RDFS closure pySHACL validated under.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kg.iris import IRIs
from kg.rdfio import load_graphs, rebase
from kg.report import Result
from kg.store.api import ReadStore, first, text_of
from kg.vocab import vocab_node

_RESULT_RE = re.compile(r"^  \[(\w+)\] (\S+)$")
_FIELD_RE = re.compile(r"^      (path|value|message):\s+(.*)$")
TYPE = vocab_node("rdf", "type")


@dataclass(frozen=True)
class Cardinality:
    """One property shape's count bounds (SHACL §4.2.1-2); ``None`` is "no bound"."""

    path: str
    min: int | None
    max: int | None

    @property
    def text(self) -> str:
        """Written as OWL/UML docs write it (pyLODE's style): ``1..1``, ``0..*``."""
        return f"{self.min or 0}..{'*' if self.max is None else self.max}"


@dataclass(frozen=True)
class Shape:
    iri: str
    labels: dict[str, str]
    severity: str
    target_classes: tuple[str, ...] = ()
    target_nodes: tuple[str, ...] = ()
    target_subjects_of: tuple[str, ...] = ()
    target_objects_of: tuple[str, ...] = ()
    #: Its named property shapes: the build reports a result under the nearest shape with an
    #: IRI (:func:`kg.build.validate.named_shape`), which may be one of these.
    properties: tuple[str, ...] = ()
    #: The count bounds its property shapes with a plain IRI path put on their path.
    cardinalities: tuple[Cardinality, ...] = ()

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.iri.rsplit("/", 1)[-1]


@dataclass
class Report:
    """The build's validation report, read back."""

    conforms: bool | None  # None: the build has no readable report
    text: str
    results: list[Result] = field(default_factory=list)

    def for_focus(self, iri: str) -> list[Result]:
        return [r for r in self.results if r.focus == iri]


def _objects(shapes: Graph, shape: URIRef, predicate: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in shapes.objects(shape, predicate)))


def _int(shapes: Graph, node: Node, predicate: URIRef) -> int | None:
    value = shapes.value(node, predicate)
    return int(value) if isinstance(value, Literal) else None


def _cardinalities(shapes: Graph, shape: URIRef) -> tuple[Cardinality, ...]:
    found = []
    for prop in shapes.objects(shape, SH.property):
        path = shapes.value(prop, SH.path)
        low, high = _int(shapes, prop, SH.minCount), _int(shapes, prop, SH.maxCount)
        if isinstance(path, URIRef) and (low is not None or high is not None):
            found.append(Cardinality(str(path), low, high))
    return tuple(sorted(found, key=lambda c: (c.path, c.min or 0, c.max or -1)))


def load_shapes(files: list[Path], iris: IRIs) -> list[Shape]:
    """Node shapes with at least one target, rebased to the served base."""
    shapes = rebase(load_graphs(files), iris)
    found = []
    for node in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        if not isinstance(node, URIRef):
            continue
        severity = shapes.value(node, SH.severity)
        labels = {
            lit.language or "": str(lit)
            for lit in shapes.objects(node, RDFS.label)
            if isinstance(lit, Literal)
        }
        found.append(
            Shape(
                str(node),
                labels,
                str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                _objects(shapes, node, SH.targetClass),
                _objects(shapes, node, SH.targetNode),
                _objects(shapes, node, SH.targetSubjectsOf),
                _objects(shapes, node, SH.targetObjectsOf),
                tuple(
                    sorted(
                        str(p) for p in shapes.objects(node, SH.property) if isinstance(p, URIRef)
                    )
                ),
                _cardinalities(shapes, node),
            )
        )
    return found


def read_report(path: Path) -> Report:
    """Parse the text report :meth:`kg.build.validate.ValidationReport.text` wrote."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return Report(None, "")
    results: list[Result] = []
    current: dict[str, str] = {}
    shape = ""
    for line in text.splitlines() + ["  [end] end"]:
        match = _RESULT_RE.match(line)
        if match:
            if current:
                results.append(
                    Result(
                        current["focus"],
                        current.get("path", ""),
                        current.get("value", ""),
                        current.get("message", ""),
                        current["severity"],
                        current["shape"],
                        "",
                    )
                )
            current = {"severity": match.group(1), "focus": match.group(2), "shape": shape}
        elif line and not line.startswith((" ", "Conforms:")):
            shape = line.split()[0]  # "<shape IRI>  (<label>): <count>"
        elif (field_match := _FIELD_RE.match(line)) and current:
            current[field_match.group(1)] = field_match.group(2)
    return Report(text.startswith("Conforms: yes"), text, results)


def _applies(shape: Shape, store: ReadStore, node: ox.NamedNode, types: set[str]) -> bool:
    if node.value in shape.target_nodes or types.intersection(shape.target_classes):
        return True
    if any(first(store.quads(node, ox.NamedNode(p), None)) for p in shape.target_subjects_of):
        return True
    return any(first(store.quads(None, ox.NamedNode(p), node)) for p in shape.target_objects_of)


def shapes_for(shapes: list[Shape], store: ReadStore, iri: str) -> list[Shape]:
    """The shapes whose targets select ``iri`` (types include the inferred closure)."""
    node = ox.NamedNode(iri)
    types = {text_of(q.object) for q in store.quads(node, TYPE, None)}
    return [s for s in shapes if _applies(s, store, node, types)]


def focus_count(shape: Shape, store: ReadStore) -> int:
    """How many nodes of the store the shape's targets select."""
    nodes: set[str] = set(shape.target_nodes)
    for cls in shape.target_classes:
        nodes |= {text_of(q.subject) for q in store.quads(None, TYPE, ox.NamedNode(cls))}
    for p in shape.target_subjects_of:
        nodes |= {text_of(q.subject) for q in store.quads(None, ox.NamedNode(p), None)}
    for p in shape.target_objects_of:
        nodes |= {text_of(q.object) for q in store.quads(None, ox.NamedNode(p), None)}
    return len(nodes)


#: SHACL's three severities (SHACL §2.1.4), worst first: the order the summary names them in.
SEVERITIES = ("Violation", "Warning", "Info")


def tally(results: list[Result]) -> dict[str, int]:
    """Results per severity, every severity present (a zero is an answer, not a gap)."""
    counts = Counter(r.severity for r in results)
    return {severity: counts.get(severity, 0) for severity in SEVERITIES}


def results_by_shape(report: Report, shapes: list[Shape]) -> dict[str, list[Result]]:
    """Each node shape's results: those the report files under the shape itself or under one of
    its named property shapes (the text report names the nearest shape with an IRI)."""
    grouped: dict[str, list[Result]] = {}
    for shape in shapes:
        mine = {shape.iri, *shape.properties}
        grouped[shape.iri] = [r for r in report.results if r.shape in mine]
    return grouped
