"""An entity as statements with references, after Wikidata's statement model (``/api/entity``).

Every triple whose subject is the entity, ``rdf:type`` aside (types are listed on their own),
is one statement ``{property, value, inferred, references}``. ``inferred`` is true when the
triple is only in the inferred graph (the build's RDFS closure), never when it is asserted too.

References come from the evidence annotations (``oa:hasBody``), because that is what the
model supports today: evidence is attached to nodes, not to triples. A statement's references
are the passages whose annotation names both its subject and its (IRI) object
(``reference_basis: "subject-and-object"``); when no passage names both, or the value is a
literal, they are the passages naming the subject (``"subject"``), which support the node but
may not say this particular fact. docs/claims.md states this limitation.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from kg.pages.lexicon import Lexicon
from kg.pages.passages import Passage, passages_about
from kg.store.api import ReadStore, Term, graph_of, mentions
from kg.vocab import vocab_iri

RDF_TYPE = vocab_iri("rdf", "type")


def exists(store: ReadStore, iri: str) -> bool:
    """Whether the dataset says anything with ``iri`` as subject or object."""
    return mentions(store, ox.NamedNode(iri))


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


def _reference(passage: Passage, lexicon: Lexicon, lang: str) -> dict[str, Any]:
    return {
        "exact": passage.exact,
        "start": passage.start,
        "end": passage.end,
        "annotation": passage.annotation,
        "asserted_by": passage.asserted_by,
        "asserted_by_label": lexicon.label(passage.asserted_by, lang)
        if passage.asserted_by
        else None,
        "article": passage.source,
    }


def describe(
    store: ReadStore, lexicon: Lexicon, ontology_ns: str, inferred_graph: str, iri: str, lang: str
) -> dict[str, Any]:
    """The entity ``iri`` (which must :func:`exist`) as labels, types and statements."""
    node = ox.NamedNode(iri)
    graphs: dict[tuple[str, Term], set[str]] = defaultdict(set)
    for quad in store.quads(node, None, None):
        graphs[(quad.predicate.value, quad.object)].add(graph_of(quad))
    about = passages_about(store, ontology_ns, iri)
    types: list[dict[str, Any]] = []
    statements: list[dict[str, Any]] = []
    for (predicate, term), where in graphs.items():
        inferred = where == {inferred_graph}
        if predicate == RDF_TYPE:
            types.append({**_value(term, lexicon, lang), "inferred": inferred})
            continue
        both = [p for p in about if isinstance(term, ox.NamedNode) and term.value in p.bodies]
        statements.append(
            {
                "property": predicate,
                "property_label": lexicon.label(predicate, lang),
                "value": _value(term, lexicon, lang),
                "inferred": inferred,
                "reference_basis": "subject-and-object" if both else "subject",
                "references": [_reference(p, lexicon, lang) for p in (both or about)],
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
