"""An entity as statements with references, after Wikidata's statement model (``/api/entity``).

Every triple whose subject is the entity, ``rdf:type`` aside (types are listed on their own),
is one statement ``{property, value, inferred, origin, references}``. ``inferred`` is true when
the triple is only in the inferred graph (the build's RDFS closure), never when it is asserted.

References come from statement-level evidence (docs/evidence.md): the build reifies every
fact of the data graph as an ``rdf:Statement`` with its ``kg:factOrigin`` and the annotations
it ``prov:wasDerivedFrom``. A statement's references are the passages of exactly those
annotations (``reference_basis: "statement"``). An inferred statement has the references of the
asserted statements it is entailed from, those with the same value (``"entailed"``). Types,
labels and triples the build does not reify (the evidence graph's own) have none (``"none"``).
Each reference carries the dataset's English ``translation`` of the passage.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.pages.claims import translations
from kg.pages.lexicon import Lexicon
from kg.pages.passages import Passage, passages_about
from kg.store.api import ReadStore, Term, graph_of, mentions
from kg.vocab import vocab_iri

RDF_TYPE = vocab_iri("rdf", "type")

#: The reifications of the entity's facts, with their origin and sources (kg.build.statements).
REIFIED_QUERY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?st ?p ?o ?origin ?source WHERE {
  ?st rdf:subject %s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?st <%sfactOrigin> ?origin }
  OPTIONAL { ?st prov:wasDerivedFrom ?source }
}"""


@dataclass
class Reified:
    """One fact's reification: its node, origin and the annotations it is derived from."""

    node: str
    origin: str | None
    sources: set[str]


def exists(store: ReadStore, iri: str) -> bool:
    """Whether the dataset says anything with ``iri`` as subject or object."""
    return mentions(store, ox.NamedNode(iri))


def reified_facts(store: ReadStore, ontology_ns: str, iri: str) -> dict[tuple[str, Term], Reified]:
    """(predicate, value) -> the reification of that fact of ``iri``."""
    found: dict[tuple[str, Term], Reified] = {}
    for row in store.select(REIFIED_QUERY % (ox.NamedNode(iri), ontology_ns)):
        key = (row["p"].value, row["o"])
        origin = row["origin"]
        entry = found.setdefault(
            key,
            Reified(
                row["st"].value,
                origin.value.removeprefix(ontology_ns).removesuffix("Fact") if origin else None,
                set(),
            ),
        )
        if row["source"] is not None:
            entry.sources.add(row["source"].value)
    return found


def _value(term: Term, lexicon: Lexicon, lang: str) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "iri", "iri": term.value, "label": lexicon.label(term.value, lang)}
    if isinstance(term, ox.Literal):
        return {
            "type": "literal",
            "value": term.value,
            "datatype": term.datatype.value,
            "lang": term.language or None,
            "label": term.value,
        }
    return {"type": "bnode", "value": str(term), "label": str(term)}


def _reference(
    passage: Passage, translated: dict[str, str], lexicon: Lexicon, lang: str
) -> dict[str, Any]:
    return {
        "exact": passage.exact,
        "translation": translated.get(passage.annotation),
        "start": passage.start,
        "end": passage.end,
        "annotation": passage.annotation,
        "asserted_by": passage.asserted_by,
        "asserted_by_label": lexicon.label(passage.asserted_by, lang)
        if passage.asserted_by
        else None,
        "article": passage.source,
    }


def _passages(store: ReadStore, ontology_ns: str, annotations: set[str]) -> dict[str, Passage]:
    """The passage of each annotation (an annotation's own, :func:`passages_about`)."""
    found: dict[str, Passage] = {}
    for annotation in sorted(annotations):
        for passage in passages_about(store, ontology_ns, annotation):
            if passage.annotation == annotation:
                found[annotation] = passage
    return found


def describe(
    store: ReadStore, lexicon: Lexicon, ontology_ns: str, inferred_graph: str, iri: str, lang: str
) -> dict[str, Any]:
    """The entity ``iri`` (which must :func:`exist`) as labels, types and statements."""
    node = ox.NamedNode(iri)
    graphs: dict[tuple[str, Term], set[str]] = defaultdict(set)
    for quad in store.quads(node, None, None):
        graphs[(quad.predicate.value, quad.object)].add(graph_of(quad))
    reified = reified_facts(store, ontology_ns, iri)
    sources = {a for r in reified.values() for a in r.sources}
    passages = _passages(store, ontology_ns, sources)
    translated = translations(store, ontology_ns, sorted(sources))
    types: list[dict[str, Any]] = []
    statements: list[dict[str, Any]] = []
    for (predicate, term), where in graphs.items():
        inferred = where == {inferred_graph}
        if predicate == RDF_TYPE:
            types.append({**_value(term, lexicon, lang), "inferred": inferred})
            continue
        own = reified.get((predicate, term))
        if own is not None:
            basis, cited = "statement", own.sources
        elif inferred:
            # Entailed through a sub-property: the asserted facts with the same value.
            cited = {a for (_, value), r in reified.items() if value == term for a in r.sources}
            basis = "entailed" if cited else "none"
        else:
            basis, cited = "none", set()
        refs = sorted(
            (passages[a] for a in cited if a in passages),
            key=lambda p: (p.start, p.end, p.annotation),
        )
        statements.append(
            {
                "property": predicate,
                "property_label": lexicon.label(predicate, lang),
                "value": _value(term, lexicon, lang),
                "inferred": inferred,
                "statement": own.node if own else None,
                "origin": own.origin if own else None,
                "reference_basis": basis,
                "references": [_reference(p, translated, lexicon, lang) for p in refs],
            }
        )
    statements.sort(
        key=lambda s: (
            s["inferred"],
            s["property_label"].casefold(),
            s["property"],
            str(s["value"]),
        )
    )
    types.sort(key=lambda t: (t["inferred"], t["label"].casefold(), t.get("iri", "")))
    return {
        "iri": iri,
        "label": lexicon.label(iri, lang),
        "labels": dict(sorted(lexicon.labels_of(iri).items())),
        "types": types,
        "statements": statements,
    }
