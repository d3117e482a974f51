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

# Written join-first: one selector per pattern, each bound by its own property (oa:exact,
# oa:start), no rdf:type tests. Oxigraph's planner turned the earlier form
# (`oa:hasSelector ?quote , ?position` with type checks) into a near cross product: 0.5 s at
# 16k triples, 104 s at 100k; this form takes 3 ms at 16k (bench/corpus.py, same answers).
PASSAGES_QUERY = """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?ann ?source ?exact ?prefix ?suffix ?start ?end ?by WHERE {
  ?ann oa:hasTarget ?target .
  ?target oa:hasSource ?source .
  ?target oa:hasSelector ?quote .
  ?quote oa:exact ?exact .
  ?target oa:hasSelector ?position .
  ?position oa:start ?start ; oa:end ?end .
  OPTIONAL { ?quote oa:prefix ?prefix } OPTIONAL { ?quote oa:suffix ?suffix }
  OPTIONAL { ?ann <%sassertedBy> ?by }
}"""
BODIES_QUERY = """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?ann ?body WHERE { ?ann a oa:Annotation ; oa:hasBody ?body }"""
ARTICLE_QUERY = """
PREFIX schema: <http://schema.org/>
SELECT ?article ?text WHERE { ?article a schema:NewsArticle ; schema:text ?text }
ORDER BY ?article LIMIT 1"""


@dataclass(frozen=True)
class Passage:
    """One anchored passage of the article."""

    annotation: str
    anchor: str           # HTML id in the article view
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


def _text(term: ox.Term | None) -> str:
    return "" if term is None else str(term.value)


def anchor_of(annotation: str) -> str:
    """The annotation's last path segment (``ev-judul``): a valid, stable HTML id."""
    return annotation.rstrip("/").rsplit("/", 1)[-1].replace("#", "-")


def load_passages(store: ox.Store, ontology_ns: str) -> list[Passage]:
    """Every passage in the dataset, in article order."""
    bodies: dict[str, list[str]] = {}
    for row in store.query(BODIES_QUERY, use_default_graph_as_union=True):
        bodies.setdefault(row["ann"].value, []).append(row["body"].value)
    found: dict[str, Passage] = {}
    for row in store.query(PASSAGES_QUERY % ontology_ns, use_default_graph_as_union=True):
        iri = row["ann"].value
        found.setdefault(iri, Passage(
            annotation=iri, anchor=anchor_of(iri), source=row["source"].value,
            exact=row["exact"].value, prefix=_text(row["prefix"]), suffix=_text(row["suffix"]),
            start=int(row["start"].value), end=int(row["end"].value),
            asserted_by=row["by"].value if row["by"] is not None else None,
            bodies=tuple(sorted(bodies.get(iri, [])))))
    return sorted(found.values(), key=lambda p: (p.start, p.end, p.annotation))


def passages_for(passages: list[Passage], iri: str) -> list[Passage]:
    """The passages supporting ``iri`` (as a body), or, for an annotation, its own passage."""
    return [p for p in passages if iri in p.bodies or p.annotation == iri]


def load_article_text(store: ox.Store) -> ArticleText | None:
    """The news article and its full text (the evidence graph carries ``schema:text``)."""
    for row in store.query(ARTICLE_QUERY, use_default_graph_as_union=True):
        return ArticleText(row["article"].value, row["text"].value)
    return None
