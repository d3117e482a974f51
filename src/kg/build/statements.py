"""Statement-level evidence: every fact of the data graph, reified, with its passages.

Authors write which facts a passage states on its annotation (``graph/evidence.ttl``)::

    kgd:ev-bang-andra a oa:Annotation ; kg:quote "..." ;
        kg:supports ( kgd:bang-andra schema:provider kgd:pemprov-banten ) ,  # one triple
                    ( kgd:bang-andra schema:description ) .                  # every value

and which triples are not the article's (``graph/origins.ttl``, ``kg:OriginDeclaration``:
a ``kg:factOrigin`` for every triple of a property, ``kg:forProperty``, or for some triples,
``kg:forFact``). The build writes one RDF 1.1 reification (RDF 1.1 Semantics §D.4; the RDF 1.2
"reifier" of the same triple, docs/evidence.md) per fact::

    kgd:st-bang-andra-1a2b3c4d5e a rdf:Statement ;
        rdf:subject kgd:bang-andra ; rdf:predicate schema:provider ; rdf:object kgd:pemprov-banten ;
        kg:factOrigin kg:articleFact ;
        prov:wasDerivedFrom kgd:ev-bang-andra .   # as Wikidata links a statement to a reference

Facts are the triples of the data graph other than ``rdf:type`` and labels (``rdfs:label``,
``skos:prefLabel``, ``skos:altLabel``: the dataset's names for things, in both languages).
An article fact without a passage, or a pattern that names no fact, fails the build with the
triple and the file and line that state it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.errors import InputError
from kg.vocab import KG, KGD, prefixes

#: Predicates that name or type a node rather than state a fact about it.
NAMING = frozenset({RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel})
ORIGINS = (KG.articleFact, KG.modellingFact, KG.externalFact)
#: How many missing facts an error lists before it says "and N more".
_SHOWN = 12

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Pattern:
    """``(subject predicate object)`` or, with ``object`` None, every value of the pair."""

    subject: Node
    predicate: Node
    object: Node | None
    where: Node  # the annotation or declaration that wrote it

    def matches(self, triple: Triple) -> bool:
        s, p, o = triple
        return (s, p) == (self.subject, self.predicate) and self.object in (None, o)


def facts_of(data: Graph) -> list[Triple]:
    """The data graph's facts, in a fixed order."""
    return sorted((t for t in data if t[1] not in NAMING), key=lambda t: tuple(map(str, t)))


def statement_iri(triple: Triple) -> URIRef:
    """A stable IRI from the triple itself (its N-Triples form under the default base)."""
    subject = str(triple[0])
    local = subject[len(str(KGD)) :] if subject.startswith(str(KGD)) else "x"
    text = " ".join(term.n3() for term in triple)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    return KGD[f"st-{local}-{digest}"]


def patterns(authored: Graph, node: Node, prop: URIRef) -> list[Pattern]:
    """The ``( s p [o] )`` lists ``node`` gives for ``prop``.

    :raises InputError: a value is not a list of two or three terms.
    """
    found = []
    for head in authored.objects(node, prop):
        items = list(Collection(authored, head)) if head != RDF.nil else []
        if len(items) not in (2, 3):
            raise InputError(
                f"{qname(node)}: {qname(prop)} takes a list (subject predicate [object]), "
                f"found {len(items)} item(s): ({' '.join(qname(i) for i in items)})"
            )
        found.append(Pattern(items[0], items[1], items[2] if len(items) == 3 else None, node))
    return sorted(found, key=lambda p: (str(p.where), str(p.subject), str(p.predicate)))


def qname(term: Node | None) -> str:
    """``kgd:bang-andra`` for an IRI under a project prefix; N-Triples form otherwise."""
    if term is None:
        return "*"
    if isinstance(term, URIRef):
        text = str(term)
        best = max(
            ((p, ns) for p, ns in prefixes().items() if text.startswith(ns)),
            key=lambda item: len(item[1]),
            default=None,
        )
        if best and re.fullmatch(r"[\w-]+", text[len(best[1]) :]):
            return f"{best[0]}:{text[len(best[1]) :]}"
    if isinstance(term, Literal) and len(str(term)) > 60:
        return Literal(str(term)[:57] + "...", lang=term.language, datatype=term.datatype).n3()
    return term.n3()


def triple_text(triple: Triple) -> str:
    return " ".join(qname(t) for t in triple)


class Locator:
    """Where a triple is written in the curated Turtle (``file:line``), for error messages."""

    def __init__(self, files: Iterable[Path], root: Path) -> None:
        self._files = [
            (path.relative_to(root) if path.is_relative_to(root) else path, path.read_text("utf-8"))
            for path in files
        ]

    def find(self, triple: Triple) -> str:
        """The line that writes the triple's predicate and object in a block of its subject,
        else its predicate, else the subject's first line."""
        s, p = re.escape(qname(triple[0])), re.escape(qname(triple[1]))
        o = re.escape(qname(triple[2])) if isinstance(triple[2], URIRef) else None
        found: list[tuple[int, int, str]] = []
        for name, text in self._files:
            lines = text.split("\n")
            for i, line in enumerate(lines):
                if not re.match(rf"{s}(\s|$)", line):
                    continue
                found.append((2, len(found), f"{name}:{i + 1}"))
                # The subject's block runs to the next line that starts a new subject.
                for j in range(i, len(lines)):
                    if j > i and lines[j][:1] not in (" ", "\t"):
                        break
                    if re.search(rf"(^{s}\s+|[\s;]){p}(\s|$)", lines[j]):
                        both = o is not None and re.search(rf"\s{o}(\s|$|[,;.])", lines[j])
                        found.append((0 if both else 1, len(found), f"{name}:{j + 1}"))
        return min(found)[2] if found else "(not found in the curated files)"


def _origins(authored: Graph, facts: list[Triple]) -> dict[Triple, URIRef]:
    """The declared origin of each fact that is not the article's."""
    declared: dict[Triple, URIRef] = {}
    for node in sorted(authored.subjects(RDF.type, KG.OriginDeclaration), key=str):
        origins = list(authored.objects(node, KG.factOrigin))
        if len(origins) != 1 or origins[0] not in (KG.modellingFact, KG.externalFact):
            raise InputError(
                f"{qname(node)}: an origin declaration needs one kg:factOrigin, "
                f"kg:modellingFact or kg:externalFact"
            )
        origin = origins[0]
        assert isinstance(origin, URIRef)
        props = set(authored.objects(node, KG.forProperty))
        chosen = patterns(authored, node, KG.forFact)
        for prop in sorted(props, key=str):
            if not any(t[1] == prop for t in facts):
                raise InputError(f"{qname(node)}: kg:forProperty {qname(prop)} is in no fact")
        for pattern in chosen:
            if not any(pattern.matches(t) for t in facts):
                raise InputError(
                    f"{qname(node)}: kg:forFact ({qname(pattern.subject)} "
                    f"{qname(pattern.predicate)} {qname(pattern.object)}) names no fact"
                )
        for triple in facts:
            if triple[1] in props or any(p.matches(triple) for p in chosen):
                if declared.get(triple, origin) != origin:
                    raise InputError(f"{triple_text(triple)} is declared with two origins")
                declared[triple] = origin
    return declared


def _supporters(authored: Graph, facts: list[Triple]) -> dict[Triple, set[Node]]:
    supported: dict[Triple, set[Node]] = {}
    for annotation in sorted(set(authored.subjects(KG.supports, None)), key=str):
        for pattern in patterns(authored, annotation, KG.supports):
            matched = [t for t in facts if pattern.matches(t)]
            if not matched:
                raise InputError(
                    f"{qname(annotation)}: kg:supports ({qname(pattern.subject)} "
                    f"{qname(pattern.predicate)} {qname(pattern.object)}) names no fact of the "
                    f"data graph (types and labels are not facts)"
                )
            for triple in matched:
                supported.setdefault(triple, set()).add(annotation)
    return supported


def reify(data: Graph, authored: Graph, locator: Locator) -> Graph:
    """One ``rdf:Statement`` per fact, with its origin and the passages it is derived from.

    :raises InputError: an article fact has no passage (every one is named, with where it is
        written), or a ``kg:supports`` / origin pattern is malformed or names no fact.
    """
    facts = facts_of(data)
    origins = _origins(authored, facts)
    supported = _supporters(authored, facts)
    missing = [t for t in facts if t not in origins and not supported.get(t)]
    if missing:
        lines = [f"  {locator.find(t)}: {triple_text(t)}" for t in missing[:_SHOWN]]
        more = f"\n  ... and {len(missing) - _SHOWN} more" if len(missing) > _SHOWN else ""
        raise InputError(
            f"{len(missing)} article fact(s) have no passage: name each in the kg:supports of "
            f"the annotation whose words state it (graph/evidence.ttl), or declare its origin "
            f"(graph/origins.ttl):\n" + "\n".join(lines) + more
        )
    out = Graph()
    for triple in facts:
        node = statement_iri(triple)
        out.add((node, RDF.type, RDF.Statement))
        out.add((node, RDF.subject, triple[0]))
        out.add((node, RDF.predicate, triple[1]))
        out.add((node, RDF.object, triple[2]))
        out.add((node, KG.factOrigin, origins.get(triple, KG.articleFact)))
        for annotation in supported.get(triple, ()):
            out.add((node, PROV.wasDerivedFrom, annotation))
    return out
