"""Turn authored evidence (``kg:quote`` on an ``oa:Annotation``) into Web Annotations.

For each authored annotation the build writes (W3C Web Annotation Data Model, sections 3.1,
4.1 and 4.2)::

    <ev> a oa:Annotation ; oa:motivatedBy oa:identifying ; oa:hasBody <node> ... ;
         kg:assertedBy <agent> ; oa:hasTarget <ev-target> .
    <ev-target> a oa:SpecificResource ; oa:hasSource <article> ;
         oa:hasSelector <ev-quote> , <ev-position> .
    <ev-quote> a oa:TextQuoteSelector ; oa:exact "..." ; oa:prefix "..." ; oa:suffix "..." .
    <ev-position> a oa:TextPositionSelector ; oa:start 10 ; oa:end 42 .

Offsets are ``xsd:nonNegativeInteger`` (design note P9); ``oa:exact`` is a plain string.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.build.article import Article, anchor
from kg.errors import InputError
from kg.vocab import KG, OA


def _one_int(graph: Graph, node: URIRef, prop: URIRef) -> int | None:
    values = list(graph.objects(node, prop))
    if not values:
        return None
    if len(values) > 1 or not isinstance(values[0], Literal):
        raise InputError(f"{node}: expected one integer {prop.n3()}, found {len(values)}")
    try:
        return int(values[0])
    except ValueError as exc:
        raise InputError(f"{node}: {prop.n3()} is not an integer: {values[0]!r}") from exc


def _quote_of(graph: Graph, node: URIRef) -> str:
    quotes = [str(q) for q in graph.objects(node, KG.quote)]
    if len(quotes) != 1:
        raise InputError(
            f"{node}: an authored annotation needs exactly one kg:quote, found {len(quotes)}"
        )
    return quotes[0]


def anchor_evidence(authored: Graph, article: Article, article_iri: URIRef) -> Graph:
    """Replace each ``kg:quote``/``kg:occurrence`` with target and selectors.

    :raises QuoteError: a quote is not in the article, or is ambiguous.
    :raises InputError: an annotation is malformed (no quote, two quotes, non-integer).
    """
    out = Graph()
    for node in sorted(set(authored.subjects(RDF.type, OA.Annotation)), key=str):
        if not isinstance(node, URIRef):
            raise InputError(f"authored annotations need IRIs, found a blank node {node}")
        place = anchor(
            article,
            _quote_of(authored, node),
            occurrence=_one_int(authored, node, KG.occurrence),
            node=str(node),
        )
        for p, o in authored.predicate_objects(node):
            if p not in (KG.quote, KG.occurrence, KG.supports):
                out.add((node, p, o))
        target, quote, position = (
            URIRef(f"{node}-{part}") for part in ("target", "quote", "position")
        )
        out.add((node, OA.motivatedBy, OA.identifying))
        out.add((node, OA.hasTarget, target))
        out.add((target, RDF.type, OA.SpecificResource))
        out.add((target, OA.hasSource, article_iri))
        out.add((target, OA.hasSelector, quote))
        out.add((target, OA.hasSelector, position))
        out.add((quote, RDF.type, OA.TextQuoteSelector))
        out.add((quote, OA.exact, Literal(place.exact)))
        out.add((quote, OA.prefix, Literal(place.prefix)))
        out.add((quote, OA.suffix, Literal(place.suffix)))
        out.add((position, RDF.type, OA.TextPositionSelector))
        out.add((position, OA.start, Literal(place.start, datatype=XSD.nonNegativeInteger)))
        out.add((position, OA.end, Literal(place.end, datatype=XSD.nonNegativeInteger)))
    return out
