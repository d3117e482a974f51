"""kg.store.dialect: each rewrite keeps the query's meaning, proved on the embedded engine.

Every case is evaluated twice by pyoxigraph, as written (with the dataset the protocol would
give) and as :func:`kg.store.dialect.for_store` sends it (with the dataset it took out of the
text): the answers must be equal. What the rewrites are for, each store's own reading, is in
tests/test_store_deviations.py.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest

from kg.store.dialect import describe_of, for_store

EX = "http://example.org/"
DATA = f"""
<{EX}a> <{EX}p> <{EX}b> <{EX}g1> .
<{EX}a> <{EX}name> "A" <{EX}g1> .
<{EX}b> <{EX}p> _:x <{EX}g2> .
_:x <{EX}q> _:y <{EX}g2> .
_:y <{EX}r> "deep" <{EX}g2> .
<{EX}c> <{EX}p> <{EX}a> <{EX}g2> .
"""
ENDPOINT = "http://kg.example.org/sparql"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.N_QUADS)
    return store


def canonical(answer: Any) -> Any:
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        return sorted(tuple(str(s[n]) for n in names) for s in answer)
    # graphs: blank nodes renamed by their place, enough for these small cases
    return sorted(
        " ".join("_" if isinstance(t, ox.BlankNode) else str(t) for t in triple)
        for triple in answer
    )


def evaluate(
    store: ox.Store, text: str, defaults: list[str] | None, named: list[str] | None
) -> Any:
    kwargs: dict[str, Any] = {"base_iri": ENDPOINT}
    if defaults is None:
        kwargs["use_default_graph_as_union"] = True
    else:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in defaults]
    if named is not None:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named]
    return canonical(store.query(text, **kwargs))


CASES = [
    f"BASE <{EX}> BASE <x/> PREFIX p: <q/> SELECT (p:r AS ?v) (<b> AS ?w) {{}}",
    f"PREFIX e: <{EX}> SELECT ?s FROM <{EX}g1> WHERE {{ ?s e:p ?o }}",
    f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{EX}g2> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} "
    "GROUP BY ?g",
    f'PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT ?s {{ ?s <{EX}name> "A"^^xsd:string '
    "}",
    f"SELECT ?p {{ ?s ?p ?o FILTER(?s != <{EX}c>) }} VALUES (?s) {{ (<{EX}a>) }}",
    f"SELECT ?o {{ ?s <{EX}p> ?o }} ORDER BY ?o VALUES ?s {{ <{EX}a> <{EX}c> }}",
    "SELECT ?g WHERE { GRAPH ?g {} }",
    f"ASK {{ <{EX}a> ?p ?o }} VALUES ?p {{ <{EX}p> }}",
    "SELECT ?s { ?s ?p 'FROM <x>' }",  # FROM in a string is a string
]


@pytest.mark.parametrize("query", CASES)
def test_rewrites_keep_the_answer(store: ox.Store, query: str) -> None:
    sent = for_store(query, ENDPOINT)
    assert sent.text.count("BASE") <= 1 and "FROM <" not in sent.text.replace("'FROM <x>'", "")
    defaults = list(sent.from_graphs) if sent.has_dataset else None
    named = list(sent.from_named) if sent.has_dataset else None
    # as written: the query's own FROM (Oxigraph reads it when no dataset is given), else
    # the union, as the endpoint evaluates it
    own = {"base_iri": ENDPOINT} if sent.has_dataset else None
    written = canonical(store.query(query, **own)) if own else evaluate(store, query, None, None)
    assert evaluate(store, sent.text, defaults, named) == written


def test_describe_is_the_concise_bounded_description(store: ox.Store) -> None:
    """The embedded engine's DESCRIBE: the resource's triples and its blank nodes', not the
    triples that point at it."""
    expected = evaluate(store, f"DESCRIBE <{EX}b>", None, None)
    assert evaluate(store, for_store(f"DESCRIBE <{EX}b>").text, None, None) == expected
    assert len(expected) == 3
    sent = for_store(f"DESCRIBE ?o WHERE {{ <{EX}c> <{EX}p> ?o }}")
    assert sent.describe_select is not None
    found = [
        str(s["kg_d"]) for s in store.query(sent.describe_select, use_default_graph_as_union=True)
    ]
    assert found == [f"<{EX}a>"]
    assert evaluate(store, describe_of(found), None, None) == evaluate(
        store, f"DESCRIBE ?o WHERE {{ <{EX}c> <{EX}p> ?o }}", None, None
    )
