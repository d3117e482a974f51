"""Extension functions the engine does not implement: every call is an error, the value unbound.

SPARQL 1.1 Query §17.2: an expression that raises an error leaves the variable of a
``BIND``/``SELECT`` expression unbound (and a ``FILTER`` false); §17.6 (extensible value
testing) lets an implementation not know an extension function, which is such an error.
Oxigraph instead refuses the whole query (``RuntimeError: The custom function ... is not
supported``), so the gate names every function IRI the engine does not know
(:func:`unknown_functions`) and evaluation supplies, for each, a function that returns
nothing (:func:`unbound_functions`, pyoxigraph's ``custom_functions``). A store reached over
HTTP takes text only, so there each such call is rewritten as an expression that is an error
on every store (:func:`calls_as_errors`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryRejected
from kg.iris import resolve_iri


@functools.lru_cache(maxsize=1)
def _probe_store() -> ox.Store:
    return ox.Store()


@functools.lru_cache(maxsize=4096)
def _refusal(iri: str, arity: int) -> str | None:
    """Why Oxigraph refuses to plan a call of ``iri`` with ``arity`` arguments, or None.

    Asked of the engine itself, on an empty store: Oxigraph refuses an unknown function, or
    a known one with the wrong number of arguments, when it plans the query, before anything
    is evaluated (a cast of a bad value is an expression error, not a refusal).
    """
    arguments = ", ".join(["''"] * arity)
    try:
        _probe_store().query(f"SELECT (<{iri}>({arguments}) AS ?v) {{}}")
    except (RuntimeError, SyntaxError, ValueError) as exc:
        return str(exc)
    return None


#: Built-in functions are planned with one to three arguments (XSD casts take one).
_PROBE_ARITIES = (1, 2, 3, 0)


def is_builtin(iri: str) -> bool:
    """True when Oxigraph implements the function ``iri`` (the XSD casts of §17.5, ...)."""
    return any(_refusal(iri, arity) is None for arity in _PROBE_ARITIES)


def unknown_functions(calls: Iterable[tuple[str, int]]) -> tuple[str, ...]:
    """The function IRIs the engine does not implement, each once, sorted, of the calls
    (IRI, number of arguments) of a query.

    :raises QueryRejected: a built-in function is given the wrong number of arguments, which
        the engine refuses on either backend (SPARQL 1.1 Query §17.5 casts take one).
    """
    unknown: set[str] = set()
    for iri, arity in sorted(set(calls)):
        if not is_builtin(iri):
            unknown.add(iri)
        elif (reason := _refusal(iri, arity)) is not None:
            raise QueryRejected(f"the function <{iri}> cannot be called so: {reason}")
    return tuple(sorted(unknown))


def _unbound(*_args: Any) -> None:
    """An extension function whose every call is an error: SPARQL 1.1 Query §17.2."""
    return None


def unbound_functions(iris: Iterable[str]) -> dict[ox.NamedNode, Callable[..., None]]:
    """pyoxigraph's ``custom_functions`` for ``iris``: each leaves its value unbound."""
    try:
        return {ox.NamedNode(iri): _unbound for iri in iris}
    except ValueError as exc:  # pyoxigraph validates IRIs; rdflib's grammar is laxer
        raise QueryRejected(f"a function name is not a valid IRI: {exc}") from exc


# -- a store that takes text: each call rewritten as an error --------------------------------

#: What replaces ``f(`` (with arguments) and ``f()``: CONCAT is a built-in call (valid wherever
#: a function call is, FILTER included), takes any number of arguments, and is an error when
#: one is; ``1/0`` is one on every store (op:numeric-divide, XPath F&O §4.2.4, FOAR0001).
ERROR_CALL = "CONCAT(1/0, "
ERROR_CALL_EMPTY = "CONCAT(1/0)"

_PN_CHARS = r"[\w\-\u00B7-\uFFFF]"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_TOKEN = re.compile(
    rf"""
    (?P<space>\s+|\#[^\n\r]*)
    |(?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    |(?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
    |(?P<bnode>_:(?:{_PN_CHARS}|\.)*)
    |(?P<pname>(?:[A-Za-z\u00C0-\uFFFF](?:{_PN_CHARS}|\.)*)?:
        (?:(?:{_PN_CHARS}|[:.]|{_PLX})*(?:{_PN_CHARS}|:|{_PLX}))?)
    |(?P<word>[A-Za-z_][\w\-]*)
    |(?P<other>.)
    """,
    re.X | re.S,
)


def _tokens(text: str) -> Iterator[tuple[str, str, int, int]]:
    """(kind, text, start, end) of every token but white space and comments."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind != "space":
            yield kind, match.group(), match.start(), match.end()


def unescape_local(name: str) -> str:
    """A prefixed name's local part with its ``\\`` escapes removed (SPARQL 1.1 §19.8, PLX)."""
    return re.sub(r"\\(.)", r"\1", name)


def calls_as_errors(text: str, iris: Iterable[str], base_iri: str | None) -> str:
    """``text`` with every call of a function in ``iris`` replaced by an expression that is
    an error (so its value is unbound, SPARQL 1.1 Query §17.2), for a store that takes text.

    The prologue's ``PREFIX`` and ``BASE`` (resolved against ``base_iri``, RFC 3986 §5.2) say
    which IRI a name stands for; a name followed by ``(`` is a call. The caller parses the
    result again: a name followed by a collection in a triple pattern would become a syntax
    error there, never a silent change.
    """
    wanted = set(iris)
    tokens = list(_tokens(text))
    prefixes: dict[str, str] = {}
    base = base_iri
    pieces: list[str] = []
    done = 0
    for i, (kind, token, start, _end) in enumerate(tokens):
        following = tokens[i + 1 : i + 3]
        word = token.upper() if kind == "word" else ""
        if word == "BASE" and following and following[0][0] == "iri":
            base = resolve_iri(base, following[0][1][1:-1])
        elif word == "PREFIX" and len(following) == 2 and following[1][0] == "iri":
            prefixes[following[0][1][:-1]] = resolve_iri(base, following[1][1][1:-1])
        if kind not in ("iri", "pname") or not following or following[0][1] != "(":
            continue
        if kind == "iri":
            iri = resolve_iri(base, token[1:-1])
        else:
            prefix, _, local = token.partition(":")
            iri = prefixes.get(prefix, "\x00") + unescape_local(local)
        if iri not in wanted:
            continue
        empty = len(following) == 2 and following[1][1] == ")"
        stop = following[1][3] if empty else following[0][3]
        pieces += [text[done:start], ERROR_CALL_EMPTY if empty else ERROR_CALL]
        done = stop
    return "".join(pieces) + text[done:]
