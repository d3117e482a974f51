"""Ontology documentation, live from the served ontology graph (what pyLODE renders statically).

One page per class and per property at the term's own IRI, and an overview at the ontology's
IRI: labels and comments in both languages, super- and subclasses (or -properties), domain
and range, disjointness, alignment to standard terms (the ``rdfs:subClassOf`` /
``rdfs:subPropertyOf`` links that leave our namespace), the properties a class is the domain
or range of, and the instances or uses in the data, each linked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.iris import IRIs
from kg.pages.conformance import Shape
from kg.pages.entity import Value, literal_value, node_value
from kg.pages.lexicon import Lexicon
from kg.store.api import ReadStore, Term, text_of
from kg.vocab import vocab_iri

RDF, RDFS, OWL, SKOS = (vocab_iri(prefix, "") for prefix in ("rdf", "rdfs", "owl", "skos"))
TYPE = ox.NamedNode(RDF + "type")
KINDS = {
    OWL + "Class": "class",
    RDFS + "Class": "class",
    OWL + "ObjectProperty": "object",
    OWL + "DatatypeProperty": "datatype",
    OWL + "AnnotationProperty": "annotation",
    RDF + "Property": "property",
}
MAX_EXAMPLES = 25


@dataclass
class TermDoc:
    iri: str
    kind: str  # class, object, datatype, annotation, property
    labels: dict[str, str]
    comments: dict[str, str]
    supers: list[Value] = field(default_factory=list)
    subs: list[Value] = field(default_factory=list)
    alignments: list[Value] = field(default_factory=list)
    domain: list[Value] = field(default_factory=list)
    range: list[Value] = field(default_factory=list)
    disjoint: list[Value] = field(default_factory=list)
    domain_of: list[Value] = field(default_factory=list)
    range_of: list[Value] = field(default_factory=list)
    instances: list[Value] = field(default_factory=list)
    uses: list[tuple[Value, Value]] = field(default_factory=list)
    use_count: int = 0
    defined_by: list[Value] = field(default_factory=list)
    #: From the SHACL shapes (pyLODE shows OWL restrictions; here the shapes are the
    #: constraints): (property or class, ``min..max``, the shape's anchor on /validation).
    constraints: list[tuple[Value, str, str]] = field(default_factory=list)

    @property
    def is_class(self) -> bool:
        return self.kind == "class"


@dataclass
class TermSummary:
    value: Value
    kind: str
    comment: str | None
    supers: list[Value]
    domain: list[Value] = field(default_factory=list)
    range: list[Value] = field(default_factory=list)


class OntologyDocs:
    """Documentation models over the store, for the terms under the ontology namespace."""

    def __init__(
        self, store: ReadStore, lexicon: Lexicon, iris: IRIs, shapes: list[Shape] | None = None
    ) -> None:
        self.store, self.lexicon, self.iris = store, lexicon, iris
        self.shapes = shapes or []

    def _constraints(self, iri: str, is_class: bool, lang: str) -> list[tuple[Value, str, str]]:
        """Count bounds the shapes put on a class's properties (shapes targeting the class) or on
        a property (in every shape that bounds it, with the class that shape targets)."""
        rows = []
        for shape in self.shapes:
            anchor = shape.iri.rsplit("/", 1)[-1]
            for card in shape.cardinalities:
                if is_class and iri in shape.target_classes:
                    rows.append((self._one(ox.NamedNode(card.path), lang), card.text, anchor))
                elif not is_class and card.path == iri:
                    for cls in shape.target_classes or (shape.iri,):
                        rows.append((self._one(ox.NamedNode(cls), lang), card.text, anchor))
        unique = {(v.iri, text, anchor): (v, text, anchor) for v, text, anchor in rows}
        return sorted(unique.values(), key=lambda r: (r[0].text.casefold(), r[1], r[2]))

    def _objects(self, iri: str, predicate: str) -> list[Term]:
        return [
            q.object for q in self.store.quads(ox.NamedNode(iri), ox.NamedNode(predicate), None)
        ]

    def _subjects(self, predicate: str, iri: str) -> list[Term]:
        return [
            q.subject for q in self.store.quads(None, ox.NamedNode(predicate), ox.NamedNode(iri))
        ]

    def _values(self, terms: Iterable[Term], lang: str) -> list[Value]:
        nodes = {t for t in terms if isinstance(t, ox.NamedNode)}
        values = [node_value(t, self.lexicon, self.iris, lang) for t in nodes]
        return sorted(values, key=lambda v: (v.text.casefold(), v.iri or ""))

    def _texts(self, iri: str, predicate: str) -> dict[str, str]:
        return {
            t.language or "": t.value
            for t in sorted(self._objects(iri, predicate), key=str)
            if isinstance(t, ox.Literal)
        }

    def kind_of(self, iri: str) -> str | None:
        kinds = {
            KINDS[t.value]
            for t in self._objects(iri, RDF + "type")
            if isinstance(t, ox.NamedNode) and t.value in KINDS
        }
        for kind in ("class", "object", "datatype", "annotation", "property"):
            if kind in kinds:
                return kind
        return None

    def term(self, iri: str, lang: str) -> TermDoc | None:
        """The documentation of a class or property, or None for any other node."""
        kind = self.kind_of(iri)
        if kind is None:
            return None
        sub = RDFS + ("subClassOf" if kind == "class" else "subPropertyOf")
        supers = self._values(self._objects(iri, sub), lang)
        doc = TermDoc(
            iri,
            kind,
            self.lexicon.labels_of(iri),
            self._texts(iri, RDFS + "comment"),
            supers=supers,
            subs=self._values(self._subjects(sub, iri), lang),
            alignments=[v for v in supers if v.external],
            defined_by=self._values(self._objects(iri, RDFS + "isDefinedBy"), lang),
        )
        if kind == "class":
            self._class_details(doc, lang)
        else:
            self._property_details(doc, lang)
        doc.constraints = self._constraints(iri, kind == "class", lang)
        return doc

    def _class_details(self, doc: TermDoc, lang: str) -> None:
        iri = doc.iri
        doc.disjoint = self._values(
            self._objects(iri, OWL + "disjointWith") + self._subjects(OWL + "disjointWith", iri),
            lang,
        )
        doc.alignments += self._values(self._objects(iri, OWL + "equivalentClass"), lang)
        doc.domain_of = self._values(self._subjects(RDFS + "domain", iri), lang)
        doc.range_of = self._values(self._subjects(RDFS + "range", iri), lang)
        members = [q.subject for q in self.store.quads(None, TYPE, ox.NamedNode(iri))]
        doc.instances = self._values(members, lang)

    def _property_details(self, doc: TermDoc, lang: str) -> None:
        iri = doc.iri
        doc.domain = self._values(self._objects(iri, RDFS + "domain"), lang)
        doc.range = self._values(self._objects(iri, RDFS + "range"), lang)
        doc.alignments += self._values(self._objects(iri, OWL + "equivalentProperty"), lang)
        uses = sorted(
            {(q.subject, q.object) for q in self.store.quads(None, ox.NamedNode(iri), None)},
            key=lambda so: (str(so[0]), str(so[1])),
        )
        doc.use_count = len(uses)
        doc.uses = [(self._one(s, lang), self._one(o, lang)) for s, o in uses[:MAX_EXAMPLES]]

    def _one(self, term: Term, lang: str) -> Value:
        if isinstance(term, ox.Literal):
            return literal_value(term, lang, False)
        return node_value(term, self.lexicon, self.iris, lang)

    def terms(self, lang: str) -> list[TermSummary]:
        """Every class and property of the ontology namespace, sorted by label within kind."""
        ns = self.iris.ontology_ns
        found: dict[str, str] = {}
        for type_iri in KINDS:
            for q in self.store.quads(None, TYPE, ox.NamedNode(type_iri)):
                if isinstance(q.subject, ox.NamedNode) and text_of(q.subject).startswith(ns):
                    found.setdefault(
                        text_of(q.subject), self.kind_of(text_of(q.subject)) or "property"
                    )
        out = []
        for iri, kind in found.items():
            comments = self._texts(iri, RDFS + "comment")
            sub = RDFS + ("subClassOf" if kind == "class" else "subPropertyOf")
            out.append(
                TermSummary(
                    node_value(ox.NamedNode(iri), self.lexicon, self.iris, lang),
                    kind,
                    comments.get(lang) or comments.get("en"),
                    self._values(self._objects(iri, sub), lang),
                    self._values(self._objects(iri, RDFS + "domain"), lang),
                    self._values(self._objects(iri, RDFS + "range"), lang),
                )
            )
        return sorted(out, key=lambda t: (t.kind, t.value.text.casefold()))

    def individuals(self, lang: str) -> list[Value]:
        """Other named nodes of the ontology namespace (concepts such as ``kg:stated``)."""
        ns = self.iris.ontology_ns
        graph = ox.NamedNode(str(self.iris.graph("ontology")))
        subjects = {
            text_of(q.subject)
            for q in self.store.quads(None, None, None, graph)
            if isinstance(q.subject, ox.NamedNode) and text_of(q.subject).startswith(ns)
        }
        others = [ox.NamedNode(s) for s in subjects if self.kind_of(s) is None]
        return self._values(others, lang)
