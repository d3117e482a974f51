"""Query parameters as a VALUES block spliced into SPARQL text, for stores that take only text.

pyoxigraph binds ``substitutions`` itself; a remote store receives a query string, so each
binding becomes a one-row VALUES block at the head of the WHERE group (SPARQL 1.1 §10.2.2
inline data), found by a small lexer that skips strings, IRIs and comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pyoxigraph as ox

from kg.errors import (
    QuerySyntaxError,
)


def term_text(value: Any) -> str:
    """An RDF term in SPARQL/N-Triples syntax (pyoxigraph escapes it; nothing is spliced raw)."""
    if isinstance(value, str):
        value = ox.NamedNode(value)
    return str(value)


# -- query text: parameters as a VALUES block at the head of the WHERE group -------------

_IRIREF = re.compile(r'<[^<>"{}|^`\\\s]*>')
_WORD = re.compile(r"[A-Za-z_]+")


def _strings_end(text: str, i: int) -> int:
    quote_char = text[i]
    long = text.startswith(quote_char * 3, i)
    closer = quote_char * 3 if long else quote_char
    j = i + len(closer)
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(closer, j):
            return j + len(closer)
        j += 1
    return j


def _tokens(text: str) -> Iterator[tuple[int, str]]:
    """Braces and keywords of a query outside comments, IRIs and strings, with positions."""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif ch in "\"'":
            i = _strings_end(text, i)
        elif ch == "<" and (m := _IRIREF.match(text, i)):
            i = m.end()
        elif ch in "{}":
            yield i, ch
            i += 1
        elif ch.isalpha() and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "?$:_")):
            m = _WORD.match(text, i)
            assert m is not None
            yield i, m.group().upper()
            i = m.end()
        else:
            i += 1


def where_brace(text: str) -> int:
    """Index of the ``{`` opening the query's WHERE group (after a CONSTRUCT template)."""
    tokens = list(_tokens(text))
    skip_template = False
    depth = 0
    for n, (pos, tok) in enumerate(tokens):
        if tok == "CONSTRUCT" and n + 1 < len(tokens) and tokens[n + 1][1] == "{":
            skip_template = True
        elif tok == "{":
            if skip_template or depth:
                depth += 1
                continue
            return pos
        elif tok == "}" and depth:
            depth -= 1
            if depth == 0:
                skip_template = False
    raise QuerySyntaxError("the query has no WHERE group")


def with_values(text: str, substitutions: Mapping[Any, Any]) -> str:
    """Bind variables as a one-row ``VALUES`` block at the head of the WHERE group.

    The same answers as Oxigraph's ``substitutions`` (SEP-0007 style initial bindings) for
    our parameterised queries: the block joins the whole group, before its FILTERs, OPTIONALs
    and any aggregation (a trailing VALUES clause would join after GROUP BY, SPARQL 1.1 Query
    §18.2.4.3). Values are pyoxigraph terms, written in their own escaped syntax.
    """
    if not substitutions:
        return text
    names = " ".join(f"?{getattr(v, 'value', v)}" for v in substitutions)
    values = " ".join(term_text(t) for t in substitutions.values())
    at = where_brace(text) + 1
    return f"{text[:at]} VALUES ({names}) {{ ({values}) }} {text[at:]}"


# -- the store -----------------------------------------------------------------------------
