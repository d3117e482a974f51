"""Build the dataset: load, anchor, infer, describe, validate, write.

Inputs are the article (``graph/source/article.txt``), the ontology (``ontology/*.ttl``), the
curated instance data (``graph/*.ttl``, of which authored ``oa:Annotation`` nodes with a
``kg:quote`` become evidence) and the shapes. Named graphs of the output:

=========  ====================================================================================
ontology   the OWL ontology
data       asserted facts from the article
evidence   Web Annotations anchoring every node to its passage, and the article text
inferred   the RDFS closure of ontology + data + evidence, minus what is asserted (the
           rdf:Statement reifications aside: they entail only their own bookkeeping)
void       VoID + DCAT description of the dataset with triple counts per graph
=========  ====================================================================================

Nothing is written unless every check passes; the write itself is atomic (:mod:`kg.output`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from owlrl import OWLRL_Semantics, RDFS_Semantics
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from kg.build.anchor import anchor_evidence
from kg.build.article import Article, load_article
from kg.build.claims import claims_graph
from kg.build.describe import describe_dataset
from kg.build.statements import Locator, reify
from kg.build.validate import validate
from kg.config import Settings, load_settings
from kg.errors import BuildMissing, ConformanceError, InputError
from kg.iris import DEFAULT_BASE, IRIs, slugify
from kg.output import DATASET_NQ, DATASET_TRIG, REPORT_TXT, BuildOutput, read_build, write_build
from kg.paths import ProjectPaths
from kg.rdfio import canonical_nquads, has_blank_nodes, load_graphs, rebase
from kg.report import ValidationReport
from kg.vocab import KG, OA, SCHEMA, bind_prefixes

Progress = Callable[[str], None]

#: Inferred types that say nothing (every IRI is a resource); kept out of the inferred graph.
_TRIVIAL_TYPES = {
    RDFS.Resource,
    RDFS.Class,
    RDF.Property,
    OWL.Thing,
    RDFS.Literal,
    RDFS.Datatype,
    OWL.Class,
}


@dataclass
class Built:
    """The assembled, not yet written, dataset and what was checked."""

    dataset: Dataset
    graphs: dict[str, Graph]
    report: ValidationReport
    iris: IRIs
    timings: dict[str, float]


def _quiet(_: str) -> None:
    pass


def split_authored(curated: Graph) -> tuple[Graph, Graph]:
    """Separate the authoring input (annotations, the nodes with ``kg:quote``; origin
    declarations; the lists both write facts with) from the asserted data."""
    todo = [*curated.subjects(KG.quote, None), *curated.subjects(RDF.type, KG.OriginDeclaration)]
    annotated: set[Node] = set()
    while todo:
        node = todo.pop()
        if node not in annotated:
            annotated.add(node)
            # The blank nodes of kg:supports ( ... ) lists belong to their annotation.
            todo.extend(o for o in curated.objects(node, None) if isinstance(o, BNode))
    authored, data = Graph(), Graph()
    for triple in curated:
        (authored if triple[0] in annotated else data).add(triple)
    return data, authored


def article_iri(article: Article) -> URIRef:
    """The article's IRI, minted from its publisher and headline."""
    return IRIs(DEFAULT_BASE).instance("antara-" + slugify(article.headline))


def infer(ontology: Graph, asserted: Graph) -> Graph:
    """The RDFS closure (owlrl) of ``ontology + asserted``, minus what is asserted or trivial.

    Kept: new triples about the project's own instances (types and super-properties), so a
    client without a reasoner finds the governor with ``?x a schema:Person``.
    """
    closure = Graph()
    closure += ontology
    closure += asserted
    RDFS_Semantics(closure, False, False).closure()
    base_graph = ontology + asserted
    instances = IRIs(DEFAULT_BASE).instance_ns
    inferred = Graph()
    for s, p, o in closure:
        if (s, p, o) in base_graph or not str(s).startswith(instances):
            continue  # asserted already, or a schema-level entailment of the ontology
        if p == RDF.type and o in _TRIVIAL_TYPES:
            continue
        if isinstance(o, Literal) and not any(
            q != p and (q, RDFS.subPropertyOf, p) in closure for q in base_graph.predicates(s, o)
        ):
            # owlrl proxies literals by value, so "x"@en can leak into a property that holds
            # "x": keep a literal only when a sub-property of p carries that very literal.
            continue
        inferred.add((s, p, o))
    return inferred


def check_owl_rl(ontology: Graph, asserted: Graph) -> None:
    """Fail when ontology + data is inconsistent under OWL 2 RL (owlrl's rule set).

    :raises InputError: with owlrl's inconsistency messages.
    """
    closure = Graph()
    closure += ontology
    closure += asserted
    engine = OWLRL_Semantics(closure, False, False)
    engine.closure()
    errors = [m for m in engine.error_messages if "datatype" not in m.lower()]
    if errors:
        raise InputError("the graph is inconsistent under OWL 2 RL: " + "; ".join(sorted(errors)))


def _article_graph(article: Article, iri: URIRef) -> Graph:
    """What the build states mechanically about the article: its text, for evidence checks."""
    graph = Graph()
    graph.add((iri, SCHEMA.text, Literal(article.text, lang="id")))
    graph.add((iri, SCHEMA.wordCount, Literal(len(article.text.split()), datatype=XSD.integer)))
    return graph


def assemble(
    paths: ProjectPaths, settings: Settings | None = None, progress: Progress = _quiet
) -> Built:
    """Load every input and compute every graph; validate; write nothing."""
    settings = settings or load_settings()
    iris = IRIs(settings["BASE_IRI"])
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal started
        now = time.perf_counter()
        timings[name] = now - started
        started = now
        progress(f"{name}: {timings[name] * 1000:.0f} ms")

    article = load_article(paths.article)
    for folder, files in (
        ("ontology", paths.ontology_files()),
        ("graph", paths.data_files()),
        ("shapes", paths.shapes_files()),
    ):
        if not files:
            raise InputError(f"no Turtle files in {paths.root / folder}")
    ontology = load_graphs(paths.ontology_files())
    curated = load_graphs(paths.data_files())
    shapes = load_graphs(paths.shapes_files())
    lap("load")

    data, authored = split_authored(curated)
    the_article = article_iri(article)
    statements = reify(data, authored, Locator(paths.data_files(), paths.root))
    annotations = anchor_evidence(authored, article, the_article)
    evidence = (
        annotations
        + claims_graph(data, annotations, the_article)
        + statements
        + _article_graph(article, the_article)
    )
    lap("anchor")

    # Reasoning leaves the reifications out: they would add only a dct:type per statement
    # (kg:factOrigin's super-property) and cost a third of the closure's time.
    reasoned = data + (evidence - statements)
    check_owl_rl(ontology, reasoned)
    inferred = infer(ontology, reasoned)
    lap("infer")

    graphs = {
        name: rebase(g, iris)
        for name, g in (
            ("ontology", ontology),
            ("data", data),
            ("evidence", evidence),
            ("inferred", inferred),
        )
    }
    graphs["void"] = describe_dataset(graphs, iris, rebase_term(the_article, iris))
    for name, graph in graphs.items():
        if has_blank_nodes(graph):
            raise InputError(
                f"blank nodes in the {name} graph: mint IRIs so output is deterministic"
            )
    lap("describe")

    report = validate(
        graphs["data"] + graphs["evidence"] + graphs["ontology"],
        rebase(shapes, iris),
        graphs["ontology"],
    )
    lap("validate")

    dataset = Dataset()
    bind_prefixes(dataset, iris)
    for name, graph in graphs.items():
        target = dataset.graph(iris.graph(name))
        for triple in graph:
            target.add(triple)
    return Built(dataset, graphs, report, iris, timings)


def rebase_term(term: URIRef, iris: IRIs) -> URIRef:
    return URIRef(iris.rebase(str(term), DEFAULT_BASE))


def serialize_build(built: Built) -> dict[str, bytes]:
    """The files of a build, each deterministic for the same inputs."""
    return {
        DATASET_NQ: canonical_nquads(built.dataset),
        DATASET_TRIG: built.dataset.serialize(format="trig").encode("utf-8"),
        REPORT_TXT: built.report.text().encode("utf-8"),
    }


def manifest_of(built: Built) -> dict[str, Any]:
    """Version, base IRI, and counts per graph and per class (for ``kg stats`` and VoID)."""
    typed = built.graphs["data"] + built.graphs["evidence"] + built.graphs["inferred"]
    classes = {
        str(cls): len(set(typed.subjects(RDF.type, cls)))
        for cls in set(typed.objects(None, RDF.type))
    }
    return {
        "format": 1,
        "base_iri": built.iris.base,
        "graphs": {str(built.iris.graph(n)): len(g) for n, g in sorted(built.graphs.items())},
        "classes": dict(sorted(classes.items())),
        "annotations": len(set(built.graphs["evidence"].subjects(RDF.type, OA.Annotation))),
        "conforms": built.report.conforms,
    }


def run_build(
    paths: ProjectPaths, settings: Settings | None = None, progress: Progress = _quiet
) -> BuildOutput:
    """Assemble, validate and, only if the data conforms, write the build output atomically.

    :raises ConformanceError: the data violates the shapes (nothing is written).
    """
    built = assemble(paths, settings, progress)
    if not built.report.conforms:
        raise ConformanceError(
            f"the graph does not conform to the shapes "
            f"({len(built.report.results)} results); nothing written",
            report=built.report,
        )
    started = time.perf_counter()
    output = write_build(paths, serialize_build(built), manifest_of(built))
    progress(f"write: {(time.perf_counter() - started) * 1000:.0f} ms -> {output.folder}")
    return output


def ensure_build(
    paths: ProjectPaths, settings: Settings | None = None, progress: Progress = _quiet
) -> BuildOutput:
    """The current build, building first when there is none (``kg serve`` on a fresh clone)."""
    try:
        return read_build(paths)
    except BuildMissing:
        if paths.current.exists() or paths.current.is_symlink():
            raise  # a corrupt build is reported, never silently replaced
        return run_build(paths, settings, progress)
