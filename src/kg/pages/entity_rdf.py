"""The RDF description of one node (what its IRI returns to a machine), and its schema.org card.

The description is a concise bounded description in the spirit of Pubby/LodView: every triple
with the node as subject, every triple with it as object (incoming links), the labels of every
node linked either way and of every property used, and the node's evidence: each
``oa:Annotation`` whose body it is, with its target and selectors, so a client can check the
claim against the article without a second request. Triples from every named graph are
merged (the inferred graph included), as the union default graph of the endpoint shows them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.export import jsonld_context
from kg.formats import Format
from kg.iris import IRIs
from kg.pages.lexicon import LABEL_PREDICATES, Lexicon
from kg.store.api import ReadStore, Term, text_of
from kg.vocab import bind_prefixes, vocab_iri, vocab_node

HAS_BODY = vocab_node("oa", "hasBody")
HAS_TARGET = vocab_node("oa", "hasTarget")
HAS_SELECTOR = vocab_node("oa", "hasSelector")
RDF_TYPE = vocab_node("rdf", "type")
SCHEMA = vocab_iri("schema", "")
XSD_STRING = vocab_iri("xsd", "string")
SUBCLASS = vocab_node("rdfs", "subClassOf")


def to_rdflib(term: Term) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            # rdflib keeps "x" and "x"^^xsd:string apart; in RDF 1.1 they are one term.
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def _add(graph: Graph, quads: Iterable[ox.Quad]) -> None:
    for q in quads:
        graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))


def _add_labels(graph: Graph, store: ReadStore, nodes: Iterable[Term]) -> None:
    for node in nodes:
        if isinstance(node, ox.NamedNode):
            for predicate in LABEL_PREDICATES[:2]:
                _add(graph, store.quads(node, predicate, None))


def _add_evidence(graph: Graph, store: ReadStore, node: ox.NamedNode) -> set[Term]:
    """Each annotation with ``node`` as body: the annotation, its target, its selectors."""
    linked: set[Term] = set()
    for q in store.quads(None, HAS_BODY, node):
        annotation = q.subject
        _add(graph, store.quads(annotation, None, None))
        for t in store.quads(annotation, HAS_TARGET, None):
            _add(graph, store.quads(t.object, None, None))
            for s in store.quads(t.object, HAS_SELECTOR, None):
                _add(graph, store.quads(s.object, None, None))
        linked.update(o.object for o in store.quads(annotation, None, None))
    return linked


def describe_graph(store: ReadStore, iri: str, iris: IRIs) -> Graph:
    """The description of ``iri`` as an rdflib graph, prefixes bound."""
    node = ox.NamedNode(iri)
    graph = bind_prefixes(Graph(), iris)
    outgoing = list(store.quads(node, None, None))
    incoming = list(store.quads(None, None, node))
    _add(graph, outgoing)
    _add(graph, incoming)
    linked: set[Term] = {q.object for q in outgoing} | {q.subject for q in incoming}
    linked |= {q.predicate for q in outgoing + incoming}
    linked |= _add_evidence(graph, store, node)
    _add_labels(graph, store, linked)
    return graph


def named_graph(store: ReadStore, graph_iri: str, iris: IRIs) -> Graph:
    """One named graph in full (the ontology document served at the ontology's IRI)."""
    graph = bind_prefixes(Graph(), iris)
    _add(graph, store.quads(None, None, None, ox.NamedNode(graph_iri)))
    return graph


def serialize_graph(graph: Graph, fmt: Format, iris: IRIs) -> bytes:
    """``graph`` in a triple format; JSON-LD compacted with the local context (never fetched)."""
    # rdflib writes JSON-LD, N-Triples and RDF/XML in insertion order, which follows the
    # store's own (arbitrary) order; sorted, both backends give the same bytes (issue 6).
    ordered = Graph()
    for prefix, namespace in graph.namespaces():
        ordered.bind(prefix, namespace, override=True, replace=True)
    for triple in sorted(graph):
        ordered.add(triple)
    if fmt.name == "jsonld":
        text = ordered.serialize(format="json-ld", context=jsonld_context(iris), auto_compact=True)
    else:
        text = ordered.serialize(format=fmt.rdflib_name)
    return text.encode("utf-8") if isinstance(text, str) else text


def _schema_types(store: ReadStore, node: ox.NamedNode) -> list[str]:
    """The most specific schema.org types of the node (asserted or inferred)."""
    types = {
        text_of(q.object)
        for q in store.quads(node, RDF_TYPE, None)
        if isinstance(q.object, ox.NamedNode) and text_of(q.object).startswith(SCHEMA)
    }
    supers = {
        text_of(q.object) for t in types for q in store.quads(ox.NamedNode(t), SUBCLASS, None)
    }
    specific = sorted(t for t in types if t not in supers) or [vocab_iri("schema", "Thing")]
    return [t[len(SCHEMA) :] for t in specific]


def schema_card(
    store: ReadStore, lexicon: Lexicon, iri: str, page_url: str, lang: str
) -> dict[str, Any]:
    """schema.org JSON-LD for search engines: type, name, description, url, schema.org links."""
    node = ox.NamedNode(iri)
    types = _schema_types(store, node)
    card: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": types[0] if len(types) == 1 else types,
        "@id": iri,
        "name": lexicon.label(iri, lang),
        "url": page_url,
    }
    # Sorted: a store's own order is arbitrary (issue 6: both backends give the same card).
    for q in sorted(store.quads(node, None, None), key=str):
        name = q.predicate.value[len(SCHEMA) :] if q.predicate.value.startswith(SCHEMA) else None
        if not name or name in ("name", "text"):
            continue
        value: Any
        if isinstance(q.object, ox.Literal):
            if q.object.language and q.object.language != lang:
                continue
            value = text_of(q.object)
        else:
            value = {"@id": text_of(q.object), "name": lexicon.label(text_of(q.object), lang)}
            if name == "sameAs":
                value = text_of(q.object)
        card.setdefault(name, []).append(value)
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in card.items()}


def script_json(data: dict[str, Any]) -> str:
    """JSON safe inside ``<script type="application/ld+json">`` (HTML §4.12.1.3: no ``</``)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
