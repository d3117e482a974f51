"""Claims as first-class things: every asserted passage is also a ``schema:Claim``.

Beside its Web Annotation and PROV terms (``kg:assertedBy`` is a sub-property of
``prov:wasAttributedTo``), each annotation with an asserter gets, in the evidence graph::

    <ev> a schema:Claim ;
        schema:author <asserter> ;                # who makes the claim
        schema:appearance <ev-target> ;           # the article at the passage's selectors
        kg:claimKind kg:kindDirectQuote ;         # report, quote, reported speech, assessment
        schema:isBasedOn <quotation> ;            # the statement that decided the kind, if any
        schema:dateCreated "2025-12-02"^^xsd:date ; time:hasTime <instant> ;
        kg:claimDateStatus kg:inferred ;          # stated, inferred, or kg:notStated
        schema:locationCreated <place> ; kg:claimPlaceStatus kg:stated .

The rule, so that nothing is guessed (docs/claims.md): the publisher's own passages are
reports; otherwise a passage supporting a ``kg:DirectQuotation`` or ``kg:ReportedSpeech`` whose
``schema:creator`` is the asserter is that; anything else a non-publisher asserts is an
assessment. Only that statement, or the press statement it ``schema:isPartOf``, gives a date
(``time:hasTime`` with ``time:inXSDDate`` and ``kg:dateStatus``) or a place
(``schema:locationCreated``); without one both are ``kg:notStated``.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, TIME
from rdflib.term import Node

from kg.vocab import KG, OA, SCHEMA

#: (kind concept, statement class) in the order the rule tries them.
_STATEMENT_KINDS = (
    (KG.kindDirectQuote, KG.DirectQuotation),
    (KG.kindReportedSpeech, KG.ReportedSpeech),
)


def _sorted(nodes: object) -> list[Node]:
    return sorted(nodes, key=str)  # type: ignore[call-overload, no-any-return]


def claim_kind(
    graph: Graph, annotation: Node, asserter: Node, publishers: set[Node]
) -> tuple[URIRef, Node | None]:
    """The claim's kind and the statement that decided it (the module's rule)."""
    if asserter in publishers:
        return KG.kindReport, None
    bodies = _sorted(graph.objects(annotation, OA.hasBody))
    for kind, cls in _STATEMENT_KINDS:
        for body in bodies:
            if (body, RDF.type, cls) in graph and (body, SCHEMA.creator, asserter) in graph:
                return kind, body
    return KG.kindAssessment, None


def _when_where(graph: Graph, statement: Node | None) -> tuple[Node | None, Node | None]:
    """The dated instant and the place of ``statement`` or of the statement it is part of."""
    instant: Node | None = None
    place: Node | None = None
    if statement is None:
        return None, None
    for node in [statement, *_sorted(graph.objects(statement, SCHEMA.isPartOf))]:
        for candidate in _sorted(graph.objects(node, TIME.hasTime)):
            if instant is None and graph.value(candidate, TIME.inXSDDate) is not None:
                instant = candidate
        places = _sorted(graph.objects(node, SCHEMA.locationCreated))
        if place is None and places:
            place = places[0]
    return instant, place


def claims_graph(data: Graph, evidence: Graph, article: URIRef) -> Graph:
    """The ``schema:Claim`` description of every asserted annotation of ``evidence``."""
    both = data + evidence
    publishers = set(data.objects(article, SCHEMA.publisher))
    out = Graph()
    for annotation in _sorted(evidence.subjects(RDF.type, OA.Annotation)):
        asserter = evidence.value(annotation, KG.assertedBy)
        if asserter is None:
            continue
        out.add((annotation, RDF.type, SCHEMA.Claim))
        out.add((annotation, SCHEMA.author, asserter))
        for target in evidence.objects(annotation, OA.hasTarget):
            out.add((annotation, SCHEMA.appearance, target))
        kind, statement = claim_kind(both, annotation, asserter, publishers)
        out.add((annotation, KG.claimKind, kind))
        if statement is not None:
            out.add((annotation, SCHEMA.isBasedOn, statement))
        instant, place = _when_where(both, statement)
        if instant is not None:
            out.add((annotation, TIME.hasTime, instant))
            date = both.value(instant, TIME.inXSDDate)
            if date is not None:
                out.add((annotation, SCHEMA.dateCreated, date))
            status = both.value(instant, KG.dateStatus) or KG.stated
            out.add((annotation, KG.claimDateStatus, status))
        else:
            out.add((annotation, KG.claimDateStatus, KG.notStated))
        if place is not None:
            out.add((annotation, SCHEMA.locationCreated, place))
            out.add((annotation, KG.claimPlaceStatus, KG.stated))
        else:
            out.add((annotation, KG.claimPlaceStatus, KG.notStated))
    return out
