"""The second reading of a query (kg.query.lexer): SERVICE wherever it stands as a keyword."""

from __future__ import annotations

import pytest

from kg.errors import QueryRejected
from kg.query.lexer import has_service, keyword_positions
from kg.query.sparql import parse


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://x/> {} }",
        "select * { service<http://x/>{} }",  # keywords are case-insensitive (§19.3)
        "SELECT * { ?s ?p ?o.SERVICE <http://x/> {} }",  # right after a triple's '.'
        'SELECT * { BIND("\\"" AS ?a) SERVICE <http://x/> {} }',  # an escaped quote ends nothing
        "SELECT * { BIND('''it's''' AS ?a) SERVICE <http://x/> {} }",
        "ASK { FILTER(?a<?b) SERVICE <http://x/> {} }",  # '<' as an operator is no IRI
        "SELECT * { SERVICE SILENT ?e {} }",
    ],
)
def test_a_service_keyword_is_found(query: str) -> None:
    assert has_service(query)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ("SERVICE" AS ?x) {}',
        "SELECT ('''a ' SERVICE ''' AS ?x) {}",
        'SELECT ("""SERVICE "" still in""" AS ?x) {}',
        "SELECT * { ?s <http://x/SERVICE> ?o }",
        "# SERVICE <http://x/> {}\nSELECT * {}",
        "SELECT ?SERVICE $SERVICE {}",
        "PREFIX SERVICE: <urn:x:> SELECT * { ?s SERVICE:p ex:SERVICE }",
        'SELECT * { ?s ?p "x"@SERVICE ; ?q _:SERVICE }',
        "SELECT * { ?s ?p ?SERVICES }",
    ],
)
def test_service_inside_a_string_an_iri_a_name_or_a_comment_is_not(query: str) -> None:
    assert not has_service(query)


def test_positions_are_offsets_in_the_text() -> None:
    text = '# SERVICE\nSELECT ("SERVICE" AS ?x) { SERVICE <u:> {} service <v:> {} }'
    assert [text[i : i + 7].upper() for i in keyword_positions(text)] == ["SERVICE"] * 2
    assert keyword_positions(text)[0] == text.index("{ SERVICE") + 2


def test_the_gate_refuses_what_either_reading_calls_a_service() -> None:
    with pytest.raises(QueryRejected, match="SERVICE is not allowed"):
        parse("SELECT * WHERE { ?s ?p ?o.SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert parse('SELECT ("SERVICE" AS ?x) WHERE {}').form == "SELECT"
