"""A query's text as every external store reads it the same way: standard SPARQL, said plainly.

The gate has parsed and checked the query already (:mod:`kg.query.sparql`); what is sent to a
store over HTTP is the same query, written so that no store's reading of the edge cases can
change its answer. Each rewrite keeps the query's meaning (SPARQL 1.1 Query) and removes a
construct some store reads differently (Virtuoso 7.2 is the one each note names):

- **one BASE, first** (§4.1.1.1): the prologue becomes a single absolute ``BASE`` followed by
  the ``PREFIX`` declarations with absolute IRIs. The endpoint's base and the query's own
  ``BASE`` are resolved here (RFC 3986 §5.1); Virtuoso refuses a second ``BASE`` or one after
  a ``PREFIX`` ("syntax error at 'BASE'").
- **no dataset clauses in the text** (§13.2): ``FROM`` and ``FROM NAMED`` are taken out and
  returned, and the caller sends the dataset as protocol parameters (SPARQL 1.1 Protocol
  §2.1.4, where they win). Virtuoso merges the text's ``FROM`` with ``default-graph-uri``.
- **``"x"^^xsd:string`` as ``"x"``**: the same RDF 1.1 term (RDF 1.1 Concepts §3.3); Virtuoso
  keeps two kinds of string and matches neither against the other.
- **a trailing ``VALUES`` inside the WHERE group** (§18.2.4.3, a join with the group's
  solutions) for a query without aggregation, as ``{ { group } VALUES ... }``; Virtuoso joins
  a trailing block only on projected variables ("No column s").
- **``GRAPH ?g {}``** as a DISTINCT sub-select over a triple pattern: the graphs' names, which
  Virtuoso does not give for an empty group.
- **DESCRIBE as a CONSTRUCT of each resource's concise bounded description** (§16.4 leaves
  the description to the service): the embedded store (Oxigraph) answers the triples whose
  subject is the resource, following blank-node objects; Virtuoso adds the triples that point
  at it. Written out here, every store answers what the embedded one does (blank-node chains
  followed to :data:`CBD_DEPTH` links; resources found by variables must be IRIs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.iris import resolve_iri
from kg.vocab import vocab_iri

XSD_STRING = vocab_iri("xsd", "string")
#: How many blank nodes deep a rewritten DESCRIBE follows (Oxigraph follows every chain).
CBD_DEPTH = 3

_PN_CHARS = r"[\w\-\u00B7-\uFFFF]"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
#: SPARQL 1.1 Query §19.8's terminals, enough to tell keywords from strings, IRIs, names,
#: variables and language tags (a keyword inside any of those is not one).
_TOKEN = re.compile(
    rf"""
    (?P<space>\s+|\#[^\n\r]*)
    |(?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    |(?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
    |(?P<bnode>_:(?:{_PN_CHARS}|\.)*)
    |(?P<var>[?$]{_PN_CHARS}+)
    |(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    |(?P<pname>(?:[A-Za-z\u00C0-\uFFFF](?:{_PN_CHARS}|\.)*)?:
        (?:(?:{_PN_CHARS}|[:.]|{_PLX})*(?:{_PN_CHARS}|:|{_PLX}))?)
    |(?P<word>[A-Za-z_][\w\-]*)
    |(?P<other>.)
    """,
    re.X | re.S,
)

_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}


@dataclass(frozen=True)
class Token:
    kind: str  # string, iri, bnode, var, lang, pname, word, other
    text: str
    start: int
    end: int

    @property
    def word(self) -> str:
        """The keyword this token is, upper-cased, or ``""``."""
        return self.text.upper() if self.kind == "word" else ""


def tokens(text: str) -> list[Token]:
    """Every token of ``text`` but white space and comments, with its offsets."""
    return [
        Token(m.lastgroup or "other", m.group(), m.start(), m.end())
        for m in _TOKEN.finditer(text)
        if m.lastgroup != "space"
    ]


def unescape_local(name: str) -> str:
    """A prefixed name's local part with its ``\\`` escapes removed (SPARQL 1.1 §19.8, PLX)."""
    return re.sub(r"\\(.)", r"\1", name)


@dataclass
class Prologue:
    """BASE and PREFIX declarations read off the tokens (SPARQL 1.1 Query §4.1.1)."""

    base: str | None
    prefixes: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # prefixes as first declared
    end: int = 0  # index of the first token after the prologue

    def iri(self, token: Token) -> str | None:
        """The absolute IRI an IRIREF or prefixed name stands for (None: an undeclared
        prefix, which the gate has already refused)."""
        if token.kind == "iri":
            return resolve_iri(self.base, token.text[1:-1])
        prefix, _, local = token.text.partition(":")
        if prefix not in self.prefixes:
            return None
        return self.prefixes[prefix] + unescape_local(local)


def read_prologue(toks: list[Token], base_iri: str | None) -> Prologue:
    """Each BASE against the base before it (RFC 3986 §5.1.1), the first against
    ``base_iri``; each PREFIX IRI against the base so far."""
    prologue = Prologue(base_iri)
    i = 0
    while i < len(toks):
        word = toks[i].word
        if word == "BASE" and i + 1 < len(toks) and toks[i + 1].kind == "iri":
            prologue.base = resolve_iri(prologue.base, toks[i + 1].text[1:-1])
            i += 2
        elif (
            word == "PREFIX"
            and i + 2 < len(toks)
            and toks[i + 1].kind == "pname"
            and toks[i + 2].kind == "iri"
        ):
            name = toks[i + 1].text[:-1]
            prologue.prefixes[name] = resolve_iri(prologue.base, toks[i + 2].text[1:-1])
            if name not in prologue.order:
                prologue.order.append(name)
            i += 3
        else:
            break
    prologue.end = i
    return prologue


@dataclass(frozen=True)
class StoreQuery:
    """A query as sent to a store, and the dataset clauses taken out of its text."""

    text: str
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    #: For a DESCRIBE of variables: the SELECT of the IRIs they name, to run first and give
    #: to :func:`describe_of` (which then replaces :attr:`text`).
    describe_select: str | None = None

    @property
    def has_dataset(self) -> bool:
        return bool(self.from_graphs or self.from_named)


def for_store(text: str, base_iri: str | None = None) -> StoreQuery:
    """``text`` rewritten as the module says; ``base_iri`` is the endpoint's (§4.1.1.1)."""
    toks = tokens(text)
    prologue = read_prologue(toks, base_iri)
    head = [f"BASE <{prologue.base}>"] if prologue.base else []
    head += [f"PREFIX {p}: <{prologue.prefixes[p]}>" for p in prologue.order]
    body_start = toks[prologue.end].start if prologue.end < len(toks) else len(text)
    body, defaults, named = _without_dataset(text, toks[prologue.end :], prologue, body_start)
    body = _graph_names(_trailing_values_inside(body))
    body, describe = _describe(body, "\n".join(head))
    return StoreQuery("\n".join([*head, body]), tuple(defaults), tuple(named), describe)


def _without_dataset(
    text: str, toks: list[Token], prologue: Prologue, start: int
) -> tuple[str, list[str], list[str]]:
    """The body without FROM / FROM NAMED and with ``^^xsd:string`` dropped."""
    pieces: list[str] = []
    defaults: list[str] = []
    named: list[str] = []
    done = start
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.word == "FROM":
            is_named = i + 1 < len(toks) and toks[i + 1].word == "NAMED"
            at = i + 2 if is_named else i + 1
            if at < len(toks) and toks[at].kind in ("iri", "pname"):
                iri = prologue.iri(toks[at])
                if iri is not None:
                    (named if is_named else defaults).append(iri)
                    pieces.append(text[done : tok.start])
                    done = toks[at].end
                    i = at + 1
                    continue
        if (
            tok.kind == "string"
            and i + 3 < len(toks)
            and toks[i + 1].text == "^"
            and toks[i + 2].text == "^"
            and toks[i + 2].start == toks[i + 1].end
            and toks[i + 3].kind in ("iri", "pname")
            and prologue.iri(toks[i + 3]) == XSD_STRING
        ):
            pieces += [text[done : tok.end]]
            done = toks[i + 3].end
            i += 4
            continue
        i += 1
    pieces.append(text[done:])
    return "".join(pieces), defaults, named


def _matching(toks: list[Token], i: int, opening: str, closing: str) -> int:
    """The index of the token that closes the bracket opened at ``toks[i]``."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].text == opening and toks[j].kind == "other":
            depth += 1
        elif toks[j].text == closing and toks[j].kind == "other":
            depth -= 1
            if depth == 0:
                return j
    return len(toks) - 1


def _where_group(toks: list[Token]) -> tuple[int, int] | None:
    """Token indexes of the braces of the query's WHERE group (after a CONSTRUCT template)."""
    i = 0
    if toks and toks[0].word == "CONSTRUCT" and len(toks) > 1 and toks[1].text == "{":
        i = _matching(toks, 1, "{", "}") + 1
    for j in range(i, len(toks)):
        if toks[j].kind == "other" and toks[j].text == "{":
            return j, _matching(toks, j, "{", "}")
    return None


def _is_aggregate(toks: list[Token], where: tuple[int, int]) -> bool:
    before = any(t.word in _AGGREGATES for t in toks[: where[0]])
    after = any(t.word in ("GROUP", "HAVING") for t in toks[where[1] :])
    return before or after


def _trailing_values_inside(body: str) -> str:
    """``... WHERE { P } mods VALUES ...`` as ``... WHERE { { P } VALUES ... } mods``."""
    toks = tokens(body)
    where = _where_group(toks)
    if where is None or not toks or toks[0].word not in ("SELECT", "CONSTRUCT", "ASK"):
        return body
    values = next((j for j in range(where[1] + 1, len(toks)) if toks[j].word == "VALUES"), None)
    if values is None or _is_aggregate(toks, where):
        return body
    open_at, close_at = toks[where[0]].start, toks[where[1]].start
    block, modifiers = body[toks[values].start :], body[close_at + 1 : toks[values].start]
    return f"{body[:open_at]}{{ {{{body[open_at + 1 : close_at]}}} {block} }}{modifiers}"


def _describe(body: str, head: str) -> tuple[str, str | None]:
    """``DESCRIBE t1 t2 [WHERE] { P } mods`` as (the text to send, a SELECT to run first).

    Only IRIs: a CONSTRUCT of their descriptions, and no SELECT. With variables: the query
    unchanged, and the SELECT of the resources they name (IRIs only: a blank node cannot be
    named in a second query), for :func:`describe_of` once it has answered; one round trip
    more, where one query joining both runs for seconds on Virtuoso. ``DESCRIBE *`` is left
    to the store (which resources it names is the query's projection, not in the text).
    """
    toks = tokens(body)
    if not toks or toks[0].word != "DESCRIBE":
        return body, None
    i = 1
    described: list[Token] = []
    while i < len(toks) and toks[i].kind in ("var", "iri", "pname"):
        described.append(toks[i])
        i += 1
    if not described:
        return body, None
    variables = [t.text for t in described if t.kind == "var"]
    if not variables:
        return describe_of([t.text for t in described]), None
    rest = body[toks[i].start :] if i < len(toks) else "{}"
    where = rest[5:].lstrip() if rest[:5].upper() == "WHERE" else rest
    indexes = " ".join(str(n) for n in range(len(described)))
    select = (
        f"{head}\nSELECT DISTINCT ?kg_d WHERE {{ "
        f"{{ SELECT {' '.join(dict.fromkeys(variables))} WHERE {where} }} "
        f"VALUES ?kg_i {{ {indexes} }} BIND({_choice(described)} AS ?kg_d) "
        "FILTER(isIRI(?kg_d)) }"
    )
    return body, select


def describe_of(resources: list[str]) -> str:
    """A CONSTRUCT of the concise bounded description of each resource (IRIs, as SPARQL
    terms): its triples, and those of the blank nodes it leads to, :data:`CBD_DEPTH` deep."""
    if not resources:
        return "CONSTRUCT {} WHERE {}"
    choices = " ".join(f"({r})" for r in resources)
    values = f"VALUES (?kg_d) {{ {choices} }}"
    return f"CONSTRUCT {{ ?kg_s ?kg_p ?kg_o }} WHERE {{ {' UNION '.join(_cbd(values))} }}"


def _choice(described: list[Token]) -> str:
    """``IF(?kg_i = 0, t0, IF(?kg_i = 1, t1, ... tn))``: the n-th described term."""
    text = described[-1].text
    for n in range(len(described) - 2, -1, -1):
        text = f"IF(?kg_i = {n}, {described[n].text}, {text})"
    return text


def _graph_names(body: str) -> str:
    """Each ``GRAPH ?g {}`` as ``{ SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } }``.

    The same solutions for every graph that holds a triple (§18.5: one per named graph of
    the dataset; a store keeps no empty graph); Virtuoso answers ``GRAPH ?g {}`` with one
    solution that binds nothing (rdflib's ``contexts()`` asks it so).
    """
    toks = tokens(body)
    pieces: list[str] = []
    done = 0
    for i in range(len(toks) - 3):
        graph, name, opening, closing = toks[i : i + 4]
        if (
            graph.word == "GRAPH"
            and name.kind == "var"
            and (opening.text, closing.text) == ("{", "}")
            and opening.kind == closing.kind == "other"
        ):
            pieces += [
                body[done : graph.start],
                f"{{ SELECT DISTINCT {name.text} WHERE "
                f"{{ GRAPH {name.text} {{ ?kg_gs ?kg_gp ?kg_go }} }} }}",
            ]
            done = closing.end
    return "".join(pieces) + body[done:]


def _cbd(resources: str) -> Iterator[str]:
    """Union branches: the resources' own triples, then those of blank nodes 1..n links away."""
    yield f"{{ {resources} ?kg_d ?kg_p ?kg_o BIND(?kg_d AS ?kg_s) }}"
    for depth in range(1, CBD_DEPTH + 1):
        links = " ".join(
            f"{'?kg_d' if n == 0 else f'?kg_b{n}'} ?kg_l{n} "
            f"{'?kg_s' if n == depth - 1 else f'?kg_b{n + 1}'} ."
            for n in range(depth)
        )
        blanks = " && ".join(["isBlank(?kg_s)", *(f"isBlank(?kg_b{n})" for n in range(1, depth))])
        yield f"{{ {resources} {links} FILTER({blanks}) ?kg_s ?kg_p ?kg_o }}"
