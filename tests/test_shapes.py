"""The SHACL shapes in shapes/kg.shapes.ttl, pinned down by examples (architecture convention 12).

Every shape with an IRI has a valid example and at least one invalid example under
``tests/data/shapes/``: ``<ShapeLocalName>-valid.ru`` and ``<ShapeLocalName>-invalid-NN.ru``.
Each example is a SPARQL Update (the project's prefixes are prepended) applied to a fresh copy
of the real, conforming data + evidence graphs, as :func:`kg.build.pipeline.assemble` computes
them. The mutated graph is validated with :func:`kg.build.validate.validate` exactly as the
build does (data + evidence + ontology, RDFS inference over the ontology, SHACL-SHACL on the
shapes), against the shapes the example is about: the node shape under test, or for a named
property shape the node shape that uses it (shapes here are independent of each other, so
validating one alone gives the same results for it as validating all of them; every example is
validated on its own).

When is a validation result "from" a shape S? pySHACL reports as ``sh:sourceShape`` the shape
that holds the failing constraint: for constraints nested in an anonymous property shape that
is the blank property shape, not the node shape. So a result counts for S when its
``sh:sourceShape`` is S itself or a property shape reachable from S through ``sh:property``
(transitively). A named property shape (``kgsh:BilingualLabelShape-id``) is matched exactly.

* invalid example, validated on its own against S: at least one result comes from S, and all
  of S's results come from one ``sh:sourceShape`` (the example breaks exactly one rule of S);
* valid example: applied alone it changes the graph and S still has at least one focus node
  (its targets under RDFS), so it is not vacuous. The valid examples are then applied together,
  in name order, and validated once against the whole shapes file: every change each makes
  alone must survive in the combined graph (no example undoes another), the combined graph
  must conform to every shape, so in particular no result comes from S.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO
from pyshacl.entrypoints import meta_validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kg.build.pipeline import Built
from kg.build.validate import validate
from kg.rdfio import parse_turtle
from kg.report import ValidationReport
from kg.vocab import sparql_prologue

KGSH = Namespace("https://kg.example.org/shapes/")
EXAMPLES = Path(__file__).resolve().parent / "data" / "shapes"
EXAMPLE_NAME = re.compile(r"^(?P<shape>.+?)-(?P<kind>valid|invalid-\d{2})\.ru$")
SHAPES_FILE = REPO / "shapes" / "kg.shapes.ttl"

#: Parsed once at collection, to parametrize the per-shape tests.
_SHAPES = parse_turtle(SHAPES_FILE)


def named_shapes(shapes: Graph) -> list[URIRef]:
    """Every shape with an IRI: node shapes and the named property shapes."""
    found = {
        s
        for cls in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, cls)
        if isinstance(s, URIRef)
    }
    return sorted(found)


def local_name(shape: URIRef) -> str:
    return str(shape)[len(str(KGSH)) :]


@dataclass(frozen=True)
class Example:
    path: Path
    shape: URIRef
    valid: bool

    @property
    def id(self) -> str:
        return self.path.stem


def examples() -> list[Example]:
    found = []
    for path in sorted(EXAMPLES.glob("*.ru")):
        match = EXAMPLE_NAME.match(path.name)
        if match:
            found.append(Example(path, KGSH[match["shape"]], match["kind"] == "valid"))
    return found


def root_shape(shapes: Graph, shape: URIRef) -> URIRef:
    """The node shape that validates ``shape``: itself, or the node shape using it."""
    users = [s for s in shapes.subjects(SH.property, shape) if isinstance(s, URIRef)]
    return users[0] if users else shape


def owned_shapes(shapes: Graph, shape: Node) -> set[Node]:
    """``shape`` and every property shape reachable from it through sh:property."""
    owned, todo = {shape}, [shape]
    while todo:
        for prop in shapes.objects(todo.pop(), SH.property):
            if prop not in owned:
                owned.add(prop)
                todo.append(prop)
    return owned


def shape_subgraph(shapes: Graph, shape: URIRef) -> Graph:
    """The triples describing ``shape``: blank nodes, named property shapes, sh:prefixes."""
    sub, seen, todo = Graph(), set(), [shape]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in shapes.predicate_objects(node):
            sub.add((node, p, o))
            if isinstance(o, BNode) or p in (SH.property, SH.prefixes, SH.declare):
                todo.append(o)
    return sub


def focus_nodes(graphs: tuple[Graph, ...], shapes: Graph, shape: URIRef) -> set[Node]:
    """The focus nodes of ``shape``'s node shape in the union of ``graphs`` (data and ontology):
    instances of a target class or of a subclass of it (RDFS), subjects/objects of target
    properties, target nodes."""
    root = root_shape(shapes, shape)
    classes: set[Node] = set()
    todo = list(shapes.objects(root, SH.targetClass))
    while todo:
        cls = todo.pop()
        if cls not in classes:
            classes.add(cls)
            todo.extend(s for g in graphs for s in g.subjects(RDFS.subClassOf, cls))
    nodes: set[Node] = {s for g in graphs for cls in classes for s in g.subjects(RDF.type, cls)}
    for g in graphs:
        nodes.update(s for p in shapes.objects(root, SH.targetSubjectsOf) for s in g.subjects(p))
        nodes.update(
            o for p in shapes.objects(root, SH.targetObjectsOf) for o in g.objects(None, p)
        )
    nodes.update(shapes.objects(root, SH.targetNode))
    # SPARQL-based targets (SHACL Advanced Features §5.1), run over the union.
    union = Graph()
    for g in graphs:
        union += g
    for target in shapes.objects(root, SH.target):
        for select in shapes.objects(target, SH.select):
            nodes.update(row[0] for row in union.query(sparql_prologue() + str(select)))
    return nodes


def sources_for(report: ValidationReport, shapes: Graph, shape: URIRef) -> list[tuple[Node, str]]:
    """(sh:sourceShape, description) of every result that comes from ``shape``."""
    owned = owned_shapes(shapes, shape)
    found = []
    for result in report.graph.subjects(RDF.type, SH.ValidationResult):
        source = report.graph.value(result, SH.sourceShape)
        if source in owned:
            focus = report.graph.value(result, SH.focusNode)
            path = report.graph.value(result, SH.resultPath)
            message = report.graph.value(result, SH.resultMessage)
            found.append((source, f"{focus} {path or ''}: {message}"))
    return found


@pytest.fixture(scope="session")
def base_graph(kg_built: Built) -> Graph:
    """The real data and evidence graphs, as built (they conform)."""
    return kg_built.graphs["data"] + kg_built.graphs["evidence"]


def apply(base: Graph, example: Example) -> Graph:
    graph = Graph()
    graph += base
    graph.update(sparql_prologue() + example.path.read_text(encoding="utf-8"))
    return graph


def check(
    example: Example, base: Graph, ontology: Graph, shapes: Graph
) -> tuple[Graph, ValidationReport]:
    """Apply the example and validate it, as the build does, against the shape it is about."""
    mutated = apply(base, example)
    subset = shape_subgraph(shapes, root_shape(shapes, example.shape))
    return mutated, validate(mutated + ontology, subset, ontology)


@dataclass(frozen=True)
class Outcome:
    """What one example did: whether it changed the graph, the shape's focus nodes in the
    mutated graph, and (sh:sourceShape, description) of every result from the shape."""

    changed: bool
    focus_nodes: int
    found: list[tuple[str, str]]
    messages: list[str]


#: (base graph, ontology) for the worker processes, set before they are forked.
_CONTEXT: dict[str, Graph] = {}


def evaluate(example: Example) -> Outcome:
    base, ontology = _CONTEXT["base"], _CONTEXT["ontology"]
    mutated, report = check(example, base, ontology, _SHAPES)
    return Outcome(
        changed=set(mutated) != set(base),
        focus_nodes=len(focus_nodes((mutated, ontology), _SHAPES, example.shape)),
        found=[(str(source), text) for source, text in sources_for(report, _SHAPES, example.shape)],
        messages=[r.message for r in report.results],
    )


@dataclass(frozen=True)
class Together:
    """The valid examples applied one after another, and the build's validation of the result."""

    graph: Graph
    report: ValidationReport
    alone: dict[str, Graph]


@pytest.fixture(scope="session")
def valid_together(base_graph: Graph, kg_built: Built) -> Together:
    ontology = kg_built.graphs["ontology"]
    combined = Graph()
    combined += base_graph
    alone = {}
    for example in (e for e in ALL_EXAMPLES if e.valid):
        alone[example.id] = apply(base_graph, example)
        combined.update(sparql_prologue() + example.path.read_text(encoding="utf-8"))
    return Together(combined, validate(combined + ontology, _SHAPES, ontology), alone)


@pytest.fixture(scope="session")
def outcomes(
    request: pytest.FixtureRequest, base_graph: Graph, kg_built: Built
) -> dict[str, Outcome]:
    """Every selected invalid example, each validated on its own, spread over the CPUs (pySHACL's
    RDFS inference costs about half a second per validation). Falls back to one process where
    ``fork`` is unavailable."""
    selected = {
        item.callspec.params["example"]
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_invalid_example"
        and item.module is not None
        and item.module.__name__ == __name__
    }
    wanted = sorted(selected, key=lambda e: e.id)
    _CONTEXT.update(base=base_graph, ontology=kg_built.graphs["ontology"])
    workers = min(len(wanted), os.cpu_count() or 1)
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results = list(pool.map(evaluate, wanted))
    else:
        results = [evaluate(example) for example in wanted]
    return {example.id: outcome for example, outcome in zip(wanted, results, strict=True)}


# ------------------------------------------------------------------------------ the examples

ALL_EXAMPLES = examples()


def test_every_named_shape_has_a_valid_and_an_invalid_example() -> None:
    shapes = named_shapes(_SHAPES)
    assert len(shapes) >= 30, "the shapes file should declare every shape with an IRI"
    valid = {e.shape for e in ALL_EXAMPLES if e.valid}
    invalid = {e.shape for e in ALL_EXAMPLES if not e.valid}
    missing = [
        (local_name(s), kind)
        for s in shapes
        for kind, have in (("valid", valid), ("invalid", invalid))
        if s not in have
    ]
    assert not missing, f"shapes without examples in {EXAMPLES}: {missing}"
    unknown = sorted({e.path.name for e in ALL_EXAMPLES if e.shape not in set(shapes)})
    assert not unknown, f"examples naming no shape of {SHAPES_FILE.name}: {unknown}"


def test_every_example_file_is_named_after_the_convention() -> None:
    stray = [
        p.name for p in EXAMPLES.iterdir() if p.suffix == ".ru" and not EXAMPLE_NAME.match(p.name)
    ]
    assert not stray, "name examples <Shape>-valid.ru or <Shape>-invalid-NN.ru: " + ", ".join(stray)


def test_the_real_graph_conforms(kg_built: Built) -> None:
    assert kg_built.report.conforms, kg_built.report.text()
    assert kg_built.report.results == []


@pytest.mark.parametrize("shape", named_shapes(_SHAPES), ids=local_name)
def test_every_shape_applies_to_the_real_graph(
    shape: URIRef, base_graph: Graph, kg_built: Built
) -> None:
    """A shape with no focus node in the real data checks nothing."""
    assert focus_nodes((base_graph, kg_built.graphs["ontology"]), _SHAPES, shape)


@pytest.mark.parametrize("example", [e for e in ALL_EXAMPLES if e.valid], ids=lambda e: e.id)
def test_valid_example(
    example: Example,
    base_graph: Graph,
    kg_built: Built,
    valid_together: Together,
) -> None:
    alone = valid_together.alone[example.id]
    added, removed = set(alone) - set(base_graph), set(base_graph) - set(alone)
    assert added or removed, f"{example.path.name} changes nothing"
    assert focus_nodes((alone, kg_built.graphs["ontology"]), _SHAPES, example.shape), (
        f"{local_name(example.shape)} has no focus node in {example.path.name}: vacuous"
    )
    combined = valid_together.graph
    undone = [t for t in added if t not in combined] + [t for t in removed if t in combined]
    assert not undone, f"another valid example undoes {example.path.name}: {undone}"
    found = sources_for(valid_together.report, _SHAPES, example.shape)
    assert not found, f"{example.path.name} should conform: " + "; ".join(d for _, d in found)


def test_the_valid_examples_together_conform_to_every_shape(valid_together: Together) -> None:
    assert valid_together.report.conforms, valid_together.report.text()


@pytest.mark.parametrize("example", [e for e in ALL_EXAMPLES if not e.valid], ids=lambda e: e.id)
def test_invalid_example(example: Example, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[example.id]
    assert outcome.changed, f"{example.path.name} changes nothing"
    assert outcome.found, (
        f"{example.path.name} should fail with {local_name(example.shape)}; "
        f"results: {outcome.messages}"
    )
    rules = {source for source, _ in outcome.found}
    assert len(rules) == 1, (
        f"{example.path.name} should break one rule of "
        f"{local_name(example.shape)}, broke: " + "; ".join(d for _, d in outcome.found)
    )


def test_results_are_attributed_to_the_right_shape(base_graph: Graph, kg_built: Built) -> None:
    """The source-shape rule, on two examples validated together against every shape: a result
    from an anonymous property shape counts for its node shape only, a result from a named
    property shape counts for it and for the node shape using it, and for nothing else."""
    graph = base_graph
    for name in ("PersonShape-invalid-01.ru", "BilingualLabelShape-id-invalid-01.ru"):
        graph = apply(graph, Example(EXAMPLES / name, KGSH.PersonShape, False))
    ontology = kg_built.graphs["ontology"]
    report = validate(graph + ontology, _SHAPES, ontology)
    person = sources_for(report, _SHAPES, KGSH.PersonShape)
    assert person and all(isinstance(source, BNode) for source, _ in person)
    assert {s for s, _ in sources_for(report, _SHAPES, KGSH["BilingualLabelShape-id"])} == {
        KGSH["BilingualLabelShape-id"]
    }
    assert sources_for(report, _SHAPES, KGSH.BilingualLabelShape)
    for other in (
        KGSH["BilingualLabelShape-en"],
        KGSH["BilingualLabelShape-langs"],
        KGSH.PostShape,
        KGSH.GovernmentBodyShape,
        KGSH.InstanceIRIShape,
    ):
        assert not sources_for(report, _SHAPES, other), local_name(other)
    claimed = {s for shape in named_shapes(_SHAPES) for s, _ in sources_for(report, _SHAPES, shape)}
    every = {
        report.graph.value(r, SH.sourceShape)
        for r in report.graph.subjects(RDF.type, SH.ValidationResult)
    }
    assert claimed == every, "every result belongs to some named shape"


# ------------------------------------------------------------------------------ the shapes file


def test_the_shapes_graph_conforms_to_shacl_shacl(shapes_graph: Graph) -> None:
    conforms, _, text = meta_validate(shapes_graph)
    assert conforms, text


def test_shacl_shacl_rejects_a_broken_shape(shapes_graph: Graph) -> None:
    broken = Graph()
    broken += shapes_graph
    broken.add((KGSH.PersonShape, SH.minCount, Literal("one")))
    conforms, _, _ = meta_validate(broken)
    assert not conforms


def _en(values: Iterator[Node]) -> list[Node]:
    return [v for v in values if isinstance(v, Literal) and v.language == "en" and str(v).strip()]


@pytest.mark.parametrize("shape", named_shapes(_SHAPES), ids=local_name)
def test_every_shape_has_a_label_a_severity_and_english_messages(shape: URIRef) -> None:
    assert _en(_SHAPES.objects(shape, RDFS.label)), "rdfs:label @en"
    if (shape, RDF.type, SH.NodeShape) in _SHAPES:
        assert [
            v
            for v in _SHAPES.objects(shape, RDFS.label)
            if isinstance(v, Literal) and v.language == "id"
        ], "node shapes: rdfs:label @id"
    assert _SHAPES.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), "sh:severity"
    parts = owned_shapes(_SHAPES, shape) | set(_SHAPES.objects(shape, SH.sparql))
    assert any(_en(_SHAPES.objects(part, SH.message)) for part in parts), "an sh:message @en"
    silent = [part for part in parts - {shape} if not _en(_SHAPES.objects(part, SH.message))]
    assert not silent, "every property shape and SPARQL constraint needs its own sh:message @en"
