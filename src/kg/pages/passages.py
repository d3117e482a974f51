"""Evidence: the passages of the article that support a node, and whose claim each carries.

Read from the Web Annotations the build writes (W3C Web Annotation Data Model §3.1, §4.2):
``oa:hasBody`` names the supported nodes, ``oa:hasTarget`` a ``oa:SpecificResource`` on the
article with a ``TextQuoteSelector`` (exact, prefix, suffix) and a ``TextPositionSelector``
(start, end in Unicode code points of the article's ``schema:text``). Every passage gets an
anchor (the annotation's slug) so that a link from an entity page lands on it in the article.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.store.api import ReadStore, Term, first, text_of
from kg.vocab import vocab_iri, vocab_node

# Written join-first: one selector per pattern, each bound by its own property (oa:exact,
# oa:start), no rdf:type tests. Oxigraph's planner turned the earlier form
# (`oa:hasSelector ?quote , ?position` with type checks) into a near cross product: 0.5 s at
# 16k triples, 104 s at 100k; this form takes 3 ms at 16k (bench/corpus.py, same answers).
PASSAGES_QUERY = """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?ann ?source ?exact ?prefix ?suffix ?start ?end ?by WHERE {
  %s
  ?ann oa:hasTarget ?target .
  ?target oa:hasSource ?source .
  ?target oa:hasSelector ?quote .
  ?quote oa:exact ?exact .
  ?target oa:hasSelector ?position .
  ?position oa:start ?start ; oa:end ?end .
  OPTIONAL { ?quote oa:prefix ?prefix } OPTIONAL { ?quote oa:suffix ?suffix }
  OPTIONAL { ?ann <%sassertedBy> ?by }
}"""
# The article's IRI only: ordering the rows with their full texts made Oxigraph decode every
# article of a large corpus (1.6 s at 1M triples) to keep one.
ARTICLE_QUERY = """
PREFIX schema: <http://schema.org/>
SELECT ?article WHERE { ?article a schema:NewsArticle ; schema:text [] }
ORDER BY ?article LIMIT 1"""
OA = vocab_iri("oa", "")
SCHEMA_TEXT = vocab_node("schema", "text")
HAS_BODY = ox.NamedNode(OA + "hasBody")
HAS_TARGET = ox.NamedNode(OA + "hasTarget")
HAS_SOURCE = ox.NamedNode(OA + "hasSource")


@dataclass(frozen=True)
class Passage:
    """One anchored passage of the article."""

    annotation: str
    anchor: str  # HTML id in the article view
    source: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    asserted_by: str | None
    bodies: tuple[str, ...]


@dataclass(frozen=True)
class ArticleText:
    iri: str
    text: str


def _text(term: Term | None) -> str:
    return "" if term is None else text_of(term)


def anchor_of(annotation: str) -> str:
    """The annotation's last path segment (``ev-judul``): a valid, stable HTML id."""
    return annotation.rstrip("/").rsplit("/", 1)[-1].replace("#", "-")


def _select(store: ReadStore, bound: str, ontology_ns: str) -> list[Passage]:
    """The passages of the annotations ``bound`` (a graph pattern binding ``?ann``) selects;
    every query starts from bound terms, so a page costs index lookups at any size."""
    found: dict[str, Passage] = {}
    for row in store.select(PASSAGES_QUERY % (bound, ontology_ns)):
        iri = row["ann"].value
        if iri in found:
            continue
        bodies = {text_of(q.object) for q in store.quads(row["ann"], HAS_BODY, None)}
        found[iri] = Passage(
            annotation=iri,
            anchor=anchor_of(iri),
            source=row["source"].value,
            exact=row["exact"].value,
            prefix=_text(row["prefix"]),
            suffix=_text(row["suffix"]),
            start=int(row["start"].value),
            end=int(row["end"].value),
            asserted_by=row["by"].value if row["by"] is not None else None,
            bodies=tuple(sorted(bodies)),
        )
    return sorted(found.values(), key=lambda p: (p.start, p.end, p.annotation))


def _values(nodes: set[ox.NamedNode]) -> str:
    # str() of a NamedNode is its N-Triples form, escaped by pyoxigraph.
    return "VALUES ?ann { " + " ".join(sorted(str(n) for n in nodes)) + " }"


def load_passages(store: ReadStore, ontology_ns: str, source: str | None = None) -> list[Passage]:
    """The passages anchored in the article ``source`` (every article's when None), in
    article order."""
    if source is None:
        return _select(store, "", ontology_ns)
    targets = {q.subject for q in store.quads(None, HAS_SOURCE, ox.NamedNode(source))}
    annotations = {
        q.subject
        for t in targets
        for q in store.quads(None, HAS_TARGET, t)
        if isinstance(q.subject, ox.NamedNode)
    }
    return _select(store, _values(annotations), ontology_ns) if annotations else []


def passages_about(store: ReadStore, ontology_ns: str, iri: str) -> list[Passage]:
    """The passages supporting ``iri`` (it is their annotation's ``oa:hasBody``), or, when
    ``iri`` is an annotation, its own passage."""
    node = ox.NamedNode(iri)
    annotations = {
        q.subject for q in store.quads(None, HAS_BODY, node) if isinstance(q.subject, ox.NamedNode)
    }
    if first(store.quads(node, HAS_TARGET, None)) is not None:
        annotations.add(node)
    return _select(store, _values(annotations), ontology_ns) if annotations else []


def load_article_text(store: ReadStore) -> ArticleText | None:
    """The news article and its full text (the evidence graph carries ``schema:text``)."""
    for row in store.select(ARTICLE_QUERY):
        for quad in store.quads(row["article"], SCHEMA_TEXT, None):
            return ArticleText(row["article"].value, text_of(quad.object))
    return None


def asserted_by(passages: list[Passage], iri: str) -> list[Passage]:
    """The passages whose claim ``iri`` carries (``kg:assertedBy``), in article order."""
    return [p for p in passages if p.asserted_by == iri]


def paragraph_number(text: str, start: int) -> int:
    """The article paragraph (non-empty line, the headline being 1) holding offset ``start``."""
    before = text[:start].split("\n")
    return sum(1 for line in before[:-1] if line.strip()) + 1


@dataclass(frozen=True)
class Citation:
    """A passage cited as a person cites it: the words, whose, where, and where in it."""

    quote: str
    asserter: str | None
    article: str
    publisher: str | None
    paragraph: int
    start: int
    end: int
    url: str

    def text(self, words: dict[str, str]) -> str:
        """One line to paste: ``“…” (asserter), in “article”, publisher, paragraph 4
        (characters 829–1036), URL``; ``words`` names "paragraph" and "characters" in the
        page's language, and so does "in"."""
        who = f" ({self.asserter})" if self.asserter else ""
        publisher = f", {self.publisher}" if self.publisher else ""
        return (
            f"“{self.quote}”{who}, {words['in']} “{self.article}”{publisher}, "
            f"{words['paragraph']} {self.paragraph} "
            f"({words['characters']} {self.start}–{self.end}), {self.url}"
        )
