"""The one interface every page and view reads a store through: :class:`ReadStore`.

Both backends implement it (:class:`kg.store.embedded.OxigraphStore` in this process,
:class:`kg.store.remote.RemoteStore` over SPARQL 1.1 Protocol), and so can a fake in a test.
It is deliberately narrow: SELECT over the union of the named graphs, quad patterns, and the
counts VoID and ``/stats`` print. Queries that users send go through :mod:`kg.query`, not here.
The term aliases are pyoxigraph's classes, named once so that pages need not spell out unions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol, TypeAlias

import pyoxigraph as ox

from kg.errors import QuerySyntaxError

#: Triples per named graph (``?g``, ``?n``): what VoID, ``kg stats`` and ``/stats`` print.
GRAPH_COUNTS_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
#: Members per class (``?c``, ``?n``) over the default graph, as the build counts them.
CLASS_COUNTS_QUERY = (
    "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c"
)

#: Any RDF term a solution or a quad can hold (RDF 1.2 triple terms included).
Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
#: What may stand in the subject position of a quad.
Subject: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Triple
#: What may name the graph of a quad.
GraphName: TypeAlias = ox.NamedNode | ox.BlankNode | ox.DefaultGraph
#: Values bound to variables before evaluation (SPARQL 1.1 §10.2.2, VALUES semantics).
Substitutions: TypeAlias = Mapping[ox.Variable, Term]


class ReadStore(Protocol):
    """A read-only dataset: the build's named graphs, their union as the default graph."""

    @property
    def version(self) -> str:
        """The build's version: 16 hex digits of its N-Quads digest (the ETag's basis)."""
        ...

    def select(
        self, sparql: str, substitutions: Substitutions | None = None
    ) -> Iterable[ox.QuerySolution]:
        """The solutions of a SELECT query over the union of the graphs.

        :raises kg.errors.QuerySyntaxError: ``sparql`` is not a SELECT query that parses.
        :raises kg.errors.UpstreamError: an external store failed or answered something else.
        """
        ...

    def quads(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: GraphName | None = None,
    ) -> Iterable[ox.Quad]:
        """The quads matching a pattern; ``None`` matches anything, in any named graph.

        A literal as ``subject`` matches nothing (RDF 1.1 Concepts §3.1: subjects are IRIs or
        blank nodes), so an object read from one quad can be followed without a test.
        """
        ...

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph, by graph IRI, sorted."""
        ...


def text_of(term: Term) -> str:
    """The lexical form of a term (an IRI's string, a literal's value); a triple term's N-Triples.

    pyoxigraph's ``Triple`` has no ``value``: RDF 1.2 quoted triples never occur in a build,
    but a term read from a store may still be one, and this says what it is without failing.
    """
    return str(term) if isinstance(term, ox.Triple) else term.value


def as_subject(term: Term) -> Subject | None:
    """``term`` when it can be a subject (anything but a literal), else ``None``."""
    return None if isinstance(term, ox.Literal) else term


def solutions_of(answer: object) -> ox.QuerySolutions:
    """``answer`` as a SELECT query's solutions (pyoxigraph's ``Store.query`` returns a union).

    :raises QuerySyntaxError: the query was not a SELECT query.
    """
    if not isinstance(answer, ox.QuerySolutions):
        raise QuerySyntaxError("only a SELECT query answers with a table of solutions")
    return answer


def first(quads: Iterable[ox.Quad]) -> ox.Quad | None:
    """The first of ``quads``, or ``None``: "is there any?" without reading them all."""
    return next(iter(quads), None)


def graph_of(quad: ox.Quad) -> str:
    """The quad's named graph IRI, or "" for the default graph."""
    return quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""


def mentions(store: ReadStore, node: ox.NamedNode) -> bool:
    """Whether the dataset has any quad with ``node`` as subject or object."""
    return first(store.quads(node, None, None)) is not None or (
        first(store.quads(None, None, node)) is not None
    )
