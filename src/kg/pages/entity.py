"""What an entity page shows: its types, its properties grouped and labelled, its incoming links.

Flask-free: built from the read-only store and a :class:`~kg.pages.lexicon.Lexicon`. Every value
is a :class:`Value` carrying the words a person reads and, for a node, where its page is
(the same path on this server for IRIs under the base: "Cool URIs for the Semantic Web",
W3C IG Note 2008, section 4; the IRI itself for external terms).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import SH

from kg.errors import EntityNotFound
from kg.iris import IRIs
from kg.pages.display import cut_words, show_literal
from kg.pages.lexicon import RDFS_LABEL, SKOS_PREF, Lexicon, is_approximate
from kg.rdfio import load_graphs, rebase
from kg.store.api import ReadStore, Term, graph_of, text_of
from kg.vocab import vocab_iri, vocab_node

RDF_TYPE = vocab_iri("rdf", "type")
#: The links from a statement node (docs/evidence.md) to the terms of its triple: the page shows
#: the facts themselves, with their references, not the bookkeeping nodes that carry them.
REIFICATION = frozenset(vocab_iri("rdf", n) for n in ("subject", "predicate", "object"))
HAS_BODY = vocab_iri("oa", "hasBody")
DESCRIPTIONS = (
    vocab_iri("schema", "description"),
    vocab_iri("rdfs", "comment"),
    vocab_iri("dct", "description"),
)
#: Properties shown first, in this order (names before relations); the rest by label.
LEADING = (
    str(RDFS_LABEL.value),
    str(SKOS_PREF.value),
    vocab_iri("schema", "name"),
    vocab_iri("schema", "alternateName"),
    vocab_iri("skos", "altLabel"),
    *DESCRIPTIONS,
)
#: Literals longer than this are folded on the page (the article's full text).
LONG_TEXT = 400


@dataclass(frozen=True)
class Value:
    text: str
    href: str | None = None
    iri: str | None = None
    lang: str | None = None
    note: str | None = None
    machine: str | None = None
    time: bool = False
    inferred: bool = False
    external: bool = False

    @property
    def long(self) -> bool:
        return self.iri is None and len(self.text) > LONG_TEXT


@dataclass(frozen=True)
class PropertyGroup:
    prop: Value
    values: list[Value]


@dataclass
class EntityView:
    iri: str
    path: str
    label: str
    label_lang: str | None
    labels: dict[str, str]
    description: Value | None
    types: list[Value]
    inferred_types: list[Value]
    properties: list[PropertyGroup]
    incoming: list[PropertyGroup]
    approximate: bool
    graphs: list[str] = field(default_factory=list)


def href_of(iri: str, iris: IRIs) -> tuple[str, bool]:
    """Where a node's page is: the same path here when the base owns it, else the IRI."""
    path = iris.path_of(iri)
    return (path, False) if path is not None else (iri, True)


def node_value(
    term: ox.NamedNode | ox.BlankNode | ox.Triple,
    lexicon: Lexicon,
    iris: IRIs,
    lang: str,
    inferred: bool = False,
) -> Value:
    if isinstance(term, ox.Triple):  # an RDF 1.2 triple term: shown as written, not linked
        return Value(str(term), inferred=inferred)
    if isinstance(term, ox.BlankNode):
        return Value(f"_:{term.value}", inferred=inferred)
    href, external = href_of(term.value, iris)
    return Value(
        lexicon.label(term.value, lang),
        href,
        term.value,
        lexicon.label_lang(term.value, lang),
        inferred=inferred,
        external=external,
    )


def literal_value(term: ox.Literal, lang: str, approximate: bool, inferred: bool = False) -> Value:
    shown = show_literal(term, lang, approximate)
    return Value(
        shown.text,
        lang=shown.lang,
        note=shown.note,
        machine=shown.machine,
        time=shown.time,
        inferred=inferred,
    )


class _Quads:
    """The quads around one node, with which graphs each triple came from."""

    def __init__(self, store: ReadStore, node: ox.NamedNode, inferred_graph: str) -> None:
        self.out: dict[tuple[str, Term], set[str]] = defaultdict(set)
        self.inc: dict[tuple[str, Term], set[str]] = defaultdict(set)
        self.inferred_graph = inferred_graph
        for q in store.quads(node, None, None):
            self.out[(q.predicate.value, q.object)].add(graph_of(q))
        for q in store.quads(None, None, node):
            self.inc[(q.predicate.value, q.subject)].add(graph_of(q))

    def only_inferred(self, graphs: set[str]) -> bool:
        return graphs == {self.inferred_graph}


def _sort_key(group: PropertyGroup) -> tuple[int, str, str]:
    # The IRI breaks ties between two properties with one label (rdf:subject, dct:subject).
    iri = group.prop.iri or ""
    rank = LEADING.index(iri) if iri in LEADING else len(LEADING)
    return (rank, group.prop.text.casefold(), iri)


def _values_sort_key(value: Value, lang: str) -> tuple[int, int, str, str]:
    # The IRI breaks ties (two quotes with the same words): a store's own order is
    # arbitrary, and the embedded and the remote store must give the same page (issue 6).
    return (
        value.inferred,
        0 if value.lang in (lang, None) else 1,
        value.text.casefold(),
        value.iri or "",
    )


def _groups(
    pairs: dict[tuple[str, Term], set[str]],
    quads: _Quads,
    ctx: _Ctx,
    approximate_props: set[str],
) -> list[PropertyGroup]:
    grouped: dict[str, list[Value]] = defaultdict(list)
    for (predicate, term), graphs in pairs.items():
        if predicate == RDF_TYPE and pairs is quads.out:
            continue  # types are shown in the heading
        if predicate == HAS_BODY and pairs is quads.inc:
            continue  # annotations are shown as quoted evidence, not as bare links
        if predicate in REIFICATION and pairs is quads.inc:
            continue
        inferred = quads.only_inferred(graphs)
        if isinstance(term, ox.Literal):
            value = literal_value(term, ctx.lang, predicate in approximate_props, inferred)
        else:
            value = node_value(term, ctx.lexicon, ctx.iris, ctx.lang, inferred)
        grouped[predicate].append(value)
    groups = [
        PropertyGroup(
            node_value(ox.NamedNode(p), ctx.lexicon, ctx.iris, ctx.lang),
            sorted(vs, key=lambda v: _values_sort_key(v, ctx.lang)),
        )
        for p, vs in grouped.items()
    ]
    return sorted(groups, key=_sort_key)


@dataclass(frozen=True)
class _Ctx:
    lexicon: Lexicon
    iris: IRIs
    lang: str


def _description(quads: _Quads, lang: str) -> Value | None:
    found: dict[str, Value] = {}
    for prop in DESCRIPTIONS:
        for (predicate, term), _ in sorted(quads.out.items(), key=lambda kv: str(kv[0][1])):
            if predicate == prop and isinstance(term, ox.Literal):
                found.setdefault(term.language or "", Value(term.value, lang=term.language))
    for tag in (lang, "id" if lang == "en" else "en", ""):
        if tag in found:
            return found[tag]
    return None


def describe_entity(
    store: ReadStore, lexicon: Lexicon, iris: IRIs, iri: str, lang: str
) -> EntityView:
    """The page model of ``iri``.

    :raises EntityNotFound: no triple of the dataset mentions ``iri``.
    """
    node = ox.NamedNode(iri)
    quads = _Quads(store, node, str(iris.graph("inferred")))
    if not quads.out and not quads.inc:
        raise EntityNotFound(f"{iri} is not in this dataset")
    ctx = _Ctx(lexicon, iris, lang)
    approximate = is_approximate(store, node)
    # An estimated figure (obsStatus-E) is one number, stated by its measure and, inferred,
    # by sdmx-measure:obsValue: every integer of the node is read "about".
    numbers = {p for (p, o) in quads.out if isinstance(o, ox.Literal)} if approximate else set()
    types = [
        (term, quads.only_inferred(graphs))
        for (p, term), graphs in quads.out.items()
        if p == RDF_TYPE and isinstance(term, ox.NamedNode)
    ]
    type_values = sorted(
        (node_value(t, lexicon, iris, lang, inf) for t, inf in types),
        key=lambda v: v.text.casefold(),
    )
    graphs = sorted({g for gs in quads.out.values() for g in gs})
    return EntityView(
        iri=iri,
        path=iris.path_of(iri) or iri,
        label=lexicon.label(iri, lang),
        label_lang=lexicon.label_lang(iri, lang),
        labels=lexicon.labels_of(iri),
        description=_description(quads, lang),
        types=[v for v in type_values if not v.inferred],
        inferred_types=[v for v in type_values if v.inferred],
        properties=_groups(quads.out, quads, ctx, numbers),
        incoming=_groups(quads.inc, quads, ctx, set()),
        approximate=approximate,
        graphs=graphs,
    )


# --- Statement cards (issue 13): the entity as Wikidata shows an item -------------------------
#
# Built from :func:`kg.pages.statements.describe` (``/api/entity``), so the page and the API
# show the same statements with the same references, whatever the model attaches them to.

#: Shown in the heading (the entity's own name and description), not as statements.
HEADING_PROPS = frozenset({str(RDFS_LABEL.value), str(SKOS_PREF.value), *DESCRIPTIONS})
#: Shown in the evidence section of an annotation's page, not as statements about it.
TECHNICAL_PROPS = frozenset(
    {
        vocab_iri("oa", "hasTarget"),
        vocab_iri("oa", "motivatedBy"),
        vocab_iri("oa", "hasSelector"),
        vocab_iri("schema", "appearance"),  # the claim's appearance is the annotation's target
    }
)


def _schema(*names: str) -> list[str]:
    return [vocab_iri("schema", n) for n in names]


def _kg(ontology_ns: str, *names: str) -> list[str]:
    return [ontology_ns + n for n in names]


def priority(ontology_ns: str) -> list[list[str]]:
    """Properties in the order a reader asks about a fact: names, who, to whom and what, how
    many, when, where, in what context, what it is about; then descriptions, identifiers
    elsewhere, and last how the data is modelled (Data Cube, SKOS schemes). Used where the
    shapes give no ``sh:order`` (SHACL §5.1: a display order for property shapes)."""
    return [
        _schema("name", "alternateName") + [vocab_iri("skos", "altLabel")],
        _schema("agent", "creator", "author", "publisher", "provider")
        + _kg(ontology_ns, "conferredBy", "assertedBy")
        + [vocab_iri("oa", "hasBody")],
        _schema("object", "recipient")
        + _kg(ontology_ns, "receivedOnBehalfBy")
        + _schema("participant", "jobTitle")
        + [vocab_iri("org", p) for p in ("heldBy", "holds", "postIn", "hasPost")],
        _schema("text", "headline", "caption", "creditText"),
        _schema("value")
        + _kg(ontology_ns, "beneficiaryCount", "participantCount", "finalistCount")
        + _kg(ontology_ns, "roadSegmentsBuilt")
        + [vocab_iri("sdmx-attribute", "obsStatus")]  # the number, then whether it is exact
        + _schema("unitText")
        + _kg(
            ontology_ns,
            "schoolType",
            "regionType",
            "figureAbout",
            "measuresIndicator",
            "aboutIndicator",
        ),
        [vocab_iri("time", "hasTime")]
        + _schema("startDate", "dateCreated")
        + [vocab_iri("time", p) for p in ("inXSDDate", "inXSDgYearMonth", "hasBeginning")]
        + _kg(ontology_ns, "dateStatus", "inferredFrom", "inferenceNote", "awardYear"),
        _schema("location", "locationCreated", "containedInPlace", "areaServed", "spatialCoverage"),
        _kg(ontology_ns, "atEvent", "awardCategory", "selectionFor", "assessesParameter")
        + _schema("isPartOf", "hasPart"),
        _schema("about", "mentions")
        + _kg(
            ontology_ns,
            "focusesOn",
            "claimedEffectOn",
            "contributesTo",
            "partOfStrategy",
            "includedInPlan",
            "hasVision",
            "outlook",
        ),
    ]


#: Identifiers elsewhere and modelling structure: after every fact of the article.
LATE = [
    _schema("sameAs", "identifier", "image", "inLanguage")
    + [vocab_iri("dct", "source"), vocab_iri("skos", "closeMatch")],
    [vocab_iri("skos", p) for p in ("inScheme", "topConceptOf", "hasTopConcept")]
    + [vocab_iri("qb", p) for p in ("dataSet", "structure", "component")]
    + [vocab_iri("qb", p) for p in ("dimension", "measure", "attribute")],
]


@dataclass(frozen=True)
class Reference:
    """One passage supporting a statement, as a person reads it."""

    exact: str
    snippet: str  # the passage, cut at a word boundary when long
    asserted_by: Value | None
    href: str  # the sentence in the article view
    evidence_href: str | None  # the annotation's own page
    anchor: str | None
    start: int
    end: int
    translation: str | None = None


@dataclass(frozen=True)
class CardValue:
    value: Value
    references: list[Reference]
    node_level: bool = False  # the references support the entity, maybe not this statement


@dataclass(frozen=True)
class Card:
    prop: Value
    values: list[CardValue]


@dataclass
class Cards:
    """Asserted statements in reading order; inferred ones (and types) that add something."""

    statements: list[Card]
    inferred: list[Card]
    inferred_types: list[Value]
    inferred_incoming: list[PropertyGroup]
    incoming: list[PropertyGroup]
    technical: list[Card]

    @property
    def inferred_count(self) -> int:
        return (
            sum(len(c.values) for c in self.inferred)
            + len(self.inferred_types)
            + sum(len(g.values) for g in self.inferred_incoming)
        )


def value_key(value: dict[str, Any]) -> tuple[str, ...]:
    """One statement value of :func:`kg.pages.statements.describe`, as a comparable key."""
    if value.get("type") == "iri":
        return ("iri", str(value["iri"]))
    if value.get("type") == "literal":
        return ("literal", str(value["value"]), str(value.get("datatype")), value.get("lang") or "")
    return ("other", str(value.get("value")))


def order_key(
    prop: str, label: str, orders: dict[str, float], ontology_ns: str
) -> tuple[int, float, str]:
    """``sh:order`` first, then the priority list, then the rest by label, then LATE."""
    if prop in orders:
        return (0, orders[prop], label.casefold())
    groups = priority(ontology_ns)
    for rank, group in enumerate(groups):
        if prop in group:
            return (1, rank * 100 + group.index(prop), "")
    for rank, group in enumerate(LATE):
        if prop in group:
            return (3, rank * 100 + group.index(prop), "")
    return (2, 0, label.casefold())


@dataclass(frozen=True)
class CardContext:
    lexicon: Lexicon
    iris: IRIs
    lang: str
    ontology_ns: str
    orders: dict[str, float]
    anchors: dict[tuple[int, int], str]  # (start, end) of a passage -> its anchor
    article_path: str = "/article"


def _statement_value(
    raw: dict[str, Any], ctx: CardContext, approximate: bool, inferred: bool
) -> Value:
    if raw.get("type") == "iri":
        return node_value(ox.NamedNode(str(raw["iri"])), ctx.lexicon, ctx.iris, ctx.lang, inferred)
    if raw.get("type") == "literal":
        literal = (
            ox.Literal(str(raw["value"]), language=str(raw["lang"]))
            if raw.get("lang")
            else ox.Literal(str(raw["value"]), datatype=ox.NamedNode(str(raw["datatype"])))
        )
        return literal_value(literal, ctx.lang, approximate, inferred)
    return Value(str(raw.get("label") or raw.get("value")), inferred=inferred)


SNIPPET = 240


def reference_of(raw: dict[str, Any], ctx: CardContext) -> Reference:
    """A reference of ``/api/entity`` for the page: its asserter named, its sentence linked."""
    start, end = int(raw["start"]), int(raw["end"])
    annotation = raw.get("annotation")
    anchor = ctx.anchors.get((start, end))
    by = raw.get("asserted_by")
    return Reference(
        exact=str(raw["exact"]),
        snippet=cut_words(str(raw["exact"]), SNIPPET),
        asserted_by=node_value(ox.NamedNode(str(by)), ctx.lexicon, ctx.iris, ctx.lang)
        if by
        else None,
        href=ctx.article_path + (f"#{anchor}" if anchor else ""),
        evidence_href=ctx.iris.path_of(str(annotation)) if annotation else None,
        anchor=anchor,
        start=start,
        end=end,
        translation=raw.get("translation") or None,
    )


def statement_cards(
    described: dict[str, Any], view: EntityView, ctx: CardContext, is_annotation: bool
) -> Cards:
    """The page's statements from ``described`` (:func:`kg.pages.statements.describe`).

    Asserted statements come first, in :func:`order_key` order. An inferred statement is kept
    only when its value is not already stated by an asserted one (whatever the property:
    "relation" inferred from "claimed effect on" says nothing new), and an inferred type only
    when no asserted or earlier type has the same name ("Organization" from two vocabularies).
    """
    numbers = view.approximate
    asserted_values: set[tuple[str, ...]] = set()
    by_prop: dict[tuple[bool, str], list[CardValue]] = defaultdict(list)
    technical: dict[str, list[CardValue]] = defaultdict(list)
    raw_statements = [s for s in described.get("statements", []) if isinstance(s, dict)]
    for s in raw_statements:
        if not s.get("inferred"):
            asserted_values.add(value_key(s["value"]))
    for s in raw_statements:
        prop = str(s["property"])
        inferred = bool(s.get("inferred"))
        if prop in HEADING_PROPS:
            continue
        if inferred and value_key(s["value"]) in asserted_values:
            continue
        refs = [reference_of(r, ctx) for r in s.get("references", [])]
        if is_annotation:  # an annotation's statements are supported by itself: said once
            refs = [r for r in refs if r.evidence_href != view.path]
        card_value = CardValue(
            _statement_value(s["value"], ctx, numbers and _is_number(s["value"]), inferred),
            refs,
            node_level=s.get("reference_basis") == "subject",
        )
        if is_annotation and prop in TECHNICAL_PROPS:
            technical[prop].append(card_value)
        else:
            by_prop[(inferred, prop)].append(card_value)

    def cards(inferred: bool) -> list[Card]:
        out = []
        for (inf, prop), values in by_prop.items():
            if inf == inferred:
                label = node_value(ox.NamedNode(prop), ctx.lexicon, ctx.iris, ctx.lang)
                out.append(
                    (order_key(prop, label.text, ctx.orders, ctx.ontology_ns), label, values)
                )
        out.sort(key=lambda item: (item[0], item[1].iri or ""))
        return [
            Card(label, sorted(values, key=lambda v: _values_sort_key(v.value, ctx.lang)))
            for _, label, values in out
        ]

    seen_types = {t.text.casefold() for t in view.types}
    inferred_types = []
    for t in view.inferred_types:
        if t.text.casefold() not in seen_types:
            seen_types.add(t.text.casefold())
            inferred_types.append(t)
    incoming, inferred_incoming = _split_incoming(view.incoming, ctx.ontology_ns)
    return Cards(
        statements=cards(False),
        inferred=cards(True),
        inferred_types=inferred_types,
        inferred_incoming=inferred_incoming,
        incoming=incoming,
        technical=[
            Card(node_value(ox.NamedNode(p), ctx.lexicon, ctx.iris, ctx.lang), vs)
            for p, vs in sorted(technical.items())
        ],
    )


def _is_number(raw: dict[str, Any]) -> bool:
    return raw.get("type") == "literal" and not raw.get("lang")


def _split_incoming(
    groups: list[PropertyGroup], ontology_ns: str
) -> tuple[list[PropertyGroup], list[PropertyGroup]]:
    """Asserted incoming links, and inferred ones whose subject no asserted link names.

    ``kg:assertedBy`` is left out: what an asserter asserts leads the page (its claims).
    """
    asserted_by = ontology_ns + "assertedBy"
    stated = {v.iri for g in groups for v in g.values if not v.inferred and v.iri}
    asserted, inferred = [], []
    for g in groups:
        if g.prop.iri == asserted_by:
            continue
        plain = [v for v in g.values if not v.inferred]
        extra = [v for v in g.values if v.inferred and v.iri not in stated]
        if plain:
            asserted.append(PropertyGroup(g.prop, plain))
        if extra:
            inferred.append(PropertyGroup(g.prop, extra))
    return asserted, inferred


def shape_orders(files: list[Path], iris: IRIs) -> dict[str, float]:
    """``sh:path`` -> ``sh:order`` of every property shape that has both (SHACL §5.1:
    "sh:order … to indicate the relative order of property shapes, for example in a form").
    The smallest order wins when several shapes give one path an order."""
    shapes = rebase(load_graphs(files), iris)
    orders: dict[str, float] = {}
    for shape, order in shapes.subject_objects(SH.order):
        path = shapes.value(shape, SH.path)
        if isinstance(path, URIRef) and isinstance(order, Literal):
            try:
                value = float(order.toPython())
            except (TypeError, ValueError):
                continue
            orders[str(path)] = min(orders.get(str(path), value), value)
    return orders


SCHEMA_QUOTATION = vocab_iri("schema", "Quotation")
IS_PART_OF = vocab_node("schema", "isPartOf")
HAS_TIME = vocab_node("time", "hasTime")
LOCATION_CREATED = vocab_node("schema", "locationCreated")
CREATOR = vocab_node("schema", "creator")
SCHEMA_TEXT = vocab_node("schema", "text")


@dataclass(frozen=True)
class Said:
    """Who said a quotation, its words, and when and where, or that the article does not say.

    Only a statement node carries a date or a place: the quotation's own, else those of the
    statement it ``schema:isPartOf`` (docs/claims.md, "Dates and places are never guessed").
    """

    words: Value | None
    by: list[Value]
    when: Value | None
    when_inferred: bool
    when_note: str | None
    where: Value | None


def _objects_of(store: ReadStore, node: ox.NamedNode, predicate: ox.NamedNode) -> list[Term]:
    return sorted((q.object for q in store.quads(node, predicate, None)), key=str)


def _in_lang(terms: list[Term], lang: str) -> str | None:
    texts = {t.language or "": t.value for t in terms if isinstance(t, ox.Literal)}
    return texts.get(lang) or texts.get("") or next(iter(sorted(texts.values())), None)


def said(
    store: ReadStore, lexicon: Lexicon, iris: IRIs, view: EntityView, lang: str
) -> Said | None:
    """The :class:`Said` of a quotation (``schema:Quotation``, asserted or inferred), else None."""
    if SCHEMA_QUOTATION not in {t.iri for t in view.types + view.inferred_types}:
        return None
    node = ox.NamedNode(view.iri)
    carriers = [node] + [
        t for t in _objects_of(store, node, IS_PART_OF) if isinstance(t, ox.NamedNode)
    ]
    when = where = None
    inferred, note = False, None
    for carrier in carriers:
        for instant in _objects_of(store, carrier, HAS_TIME):
            if when is None and isinstance(instant, ox.NamedNode):
                when = node_value(instant, lexicon, iris, lang)
                status = _objects_of(store, instant, ox.NamedNode(iris.ontology_ns + "dateStatus"))
                inferred = any(text_of(s).endswith("/inferred") for s in status)
                note = _in_lang(
                    _objects_of(store, instant, ox.NamedNode(iris.ontology_ns + "inferenceNote")),
                    lang,
                )
        for place in _objects_of(store, carrier, LOCATION_CREATED):
            if where is None and isinstance(place, ox.NamedNode):
                where = node_value(place, lexicon, iris, lang)
    words = next(
        (
            Value(t.value, lang=t.language or None)
            for t in _objects_of(store, node, SCHEMA_TEXT)
            if isinstance(t, ox.Literal)
        ),
        None,
    )
    by = [
        node_value(t, lexicon, iris, lang)
        for t in _objects_of(store, node, CREATOR)
        if isinstance(t, ox.NamedNode)
    ]
    return Said(words, by, when, inferred, note, where)
