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
from collections.abc import Callable, Iterable
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryRejected
from kg.store.dialect import Token, read_prologue, tokens


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

#: What replaces a call ``f(...)``, arguments and all: ABS is a built-in call (valid wherever a
#: function call is, FILTER included) and ABS of a string is a type error (XPath F&O
#: fn:abs takes a number; SPARQL 1.1 Query §17.4.4.1), on every store tried: Oxigraph's
#: server and Virtuoso leave it unbound, where Virtuoso answers ``1/0`` with an error for the
#: whole query (SR084) and CONCAT of an unbound value with a string.
ERROR_CALL = 'ABS("")'


def calls_as_errors(text: str, iris: Iterable[str], base_iri: str | None) -> str:
    """``text`` with every call of a function in ``iris`` replaced by an expression that is
    an error (so its value is unbound, SPARQL 1.1 Query §17.2), for a store that takes text.

    The prologue's ``PREFIX`` and ``BASE`` (resolved against ``base_iri``, RFC 3986 §5.2) say
    which IRI a name stands for; a name followed by ``(`` is a call, up to its matching
    ``)``. The caller parses the result again: a name followed by a collection in a triple
    pattern would become a syntax error there, never a silent change.
    """
    wanted = set(iris)
    toks = tokens(text)
    prologue = read_prologue(toks, base_iri)
    pieces: list[str] = []
    done = 0
    i = prologue.end
    while i < len(toks):
        tok = toks[i]
        is_call = (
            tok.kind in ("iri", "pname")
            and i + 1 < len(toks)
            and toks[i + 1].text == "("
            and toks[i + 1].kind == "other"
        )
        if is_call and prologue.iri(tok) in wanted:
            close = _closing(toks, i + 1)
            pieces += [text[done : tok.start], ERROR_CALL]
            done = toks[close].end
            i = close + 1
            continue
        i += 1
    return "".join(pieces) + text[done:]


def _closing(toks: list[Token], i: int) -> int:
    """The index of the ``)`` matching the ``(`` at ``toks[i]`` (the last token if none)."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].kind == "other" and toks[j].text in "()":
            depth += 1 if toks[j].text == "(" else -1
            if depth == 0:
                return j
    return len(toks) - 1


# -- what must never reach an external store ---------------------------------------------------

#: Namespaces of stores' own functions and magic predicates. A store runs these as it is asked
#: (Virtuoso's ``bif:sys_stat`` tells its version, ``bif:file_to_string`` reads files where its
#: deny list allows; Jena's ``java:`` loads a class), so the gate refuses them before anything
#: is sent: only SPARQL's built-ins and the XSD casts reach a store (docs/remote-store.md).
VENDOR_NAMESPACES = (
    "bif:",  # Virtuoso's built-in functions (its own IRI scheme)
    "sql:",  # Virtuoso's SQL procedures
    "http://www.openlinksw.com/",  # Virtuoso's schemas (virtrdf:, bif:, ...)
    "java:",  # Jena: a Java class as a function
    "http://jena.apache.org/",  # Jena ARQ functions (afn:), property functions (apf:), text
    "http://jena.hpl.hp.com/",  # the same, by their older names
    "http://www.ontotext.com/",  # GraphDB
    "http://rdf4j.org/",  # RDF4J
    "http://www.openrdf.org/",  # Sesame / RDF4J, older names
    "tag:stardog:",  # Stardog
    "http://www.bigdata.com/",  # Blazegraph
    "http://franz.com/",  # AllegroGraph
    "https://qlever.cs.uni-freiburg.de/",  # QLever
)


def vendor_names(text: str, base_iri: str | None) -> list[tuple[str, str, int]]:
    """(kind, IRI, offset) of every IRI or prefixed name in ``text`` that names a store's
    own function or magic predicate (:data:`VENDOR_NAMESPACES`), in the order written; the
    kind is ``call`` (followed by arguments), ``name`` or ``prefix``.

    Every position counts, not only calls: Virtuoso's ``bif:contains`` and Jena's
    ``apf:strSplit`` are predicates that run code. A name whose prefix is not declared is
    reported too, as ``prefix:``: the gate cannot tell what it stands for, and Virtuoso
    declares ``bif:`` and ``sql:`` itself (SPARQL 1.1 Query §4.1.1.1 requires a declaration,
    and the embedded store refuses the query).
    """
    toks = tokens(text)
    prologue = read_prologue(toks, base_iri)
    found: list[tuple[str, str, int]] = []
    for i in range(prologue.end, len(toks)):
        tok = toks[i]
        if tok.kind not in ("iri", "pname"):
            continue
        iri = prologue.iri(tok)
        call = i + 1 < len(toks) and toks[i + 1].text == "(" and toks[i + 1].kind == "other"
        if iri is None:
            found.append(("prefix", tok.text.partition(":")[0] + ":", tok.start))
        elif iri.lower().startswith(VENDOR_NAMESPACES):
            found.append(("call" if call else "name", iri, tok.start))
    return found
