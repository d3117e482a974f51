"""What an entity page shows: its types, its properties grouped and labelled, its incoming links.

Flask-free: built from the read-only store and a :class:`~kg.pages.lexicon.Lexicon`. Every value
is a :class:`Value` carrying the words a person reads and, for a node, where its page is
(the same path on this server for IRIs under the base: "Cool URIs for the Semantic Web",
W3C IG Note 2008, section 4; the IRI itself for external terms).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import EntityNotFound
from kg.iris import IRIs
from kg.pages.display import show_literal
from kg.pages.lexicon import RDFS_LABEL, SKOS_PREF, Lexicon
from kg.store.api import ReadStore, Term, graph_of
from kg.vocab import vocab_iri, vocab_node

RDF_TYPE = vocab_iri("rdf", "type")
OBS_STATUS = vocab_node("sdmx-attribute", "obsStatus")
ESTIMATED = vocab_node("sdmx-code", "obsStatus-E")
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


def is_approximate(store: ReadStore, node: ox.NamedNode) -> bool:
    """SDMX obsStatus E ("estimated value"): numbers of this node are read with "about"."""
    return any(True for _ in store.quads(node, OBS_STATUS, ESTIMATED))


def _sort_key(group: PropertyGroup) -> tuple[int, str]:
    iri = group.prop.iri or ""
    return (LEADING.index(iri) if iri in LEADING else len(LEADING), group.prop.text.casefold())


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
