"""A second reading of the query text: the keywords it holds, by SPARQL's own terminals.

The gate decides on rdflib's parse tree; the engine (Oxigraph) parses the same text with its
own grammar. Where the two parsers ever disagree on what is a string, an IRI or a comment, a
``SERVICE`` one of them reads as a string could be a call for the other. This scanner reads
the text by the terminals of SPARQL 1.1 Query §19.8 (IRIREF, the four STRING_LITERAL forms,
comments, §19.6) and reports the federation keyword wherever it stands as a keyword, so the
gate can refuse a query in which either reading finds one. It errs towards refusing: a
``SERVICE`` it cannot rule out is reported.
"""

from __future__ import annotations

import re

#: Terminals that hide a keyword (§19.8): long strings first, so that ``'''`` is not read as
#: an empty string followed by a quote; IRIREF as the grammar defines it ([18]).
_OPAQUE = re.compile(
    r"""'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'(?:[^'\\\n\r]|\\.)*'"""
    r'''|"(?:[^"\\\n\r]|\\.)*"'''
    r"""|<[^<>"{}|^`\\\x00-\x20]*>"""
    r"""|\#[^\n\r]*""",
    re.S,
)
#: A keyword token: not part of a variable, prefixed name, blank node label or language tag.
#: A name may also hold ``.`` and ``-`` (PN_LOCAL, [169]), but ``?o.SERVICE`` is a triple's end
#: and then a keyword: after those the word is reported (refusing is the safe side).
_SERVICE = re.compile(r"(?<![\w?$:@])SERVICE(?![\w:\-])", re.I)


def keyword_positions(text: str, keyword: re.Pattern[str] = _SERVICE) -> list[int]:
    """Offsets in ``text`` where ``keyword`` stands as a keyword (outside strings, IRIs,
    comments); ``text`` has had its codepoint escapes expanded (§19.2)."""
    found: list[int] = []
    done = 0
    for match in _OPAQUE.finditer(text):
        found += [done + m.start() for m in keyword.finditer(text[done : match.start()])]
        done = match.end()
    found += [done + m.start() for m in keyword.finditer(text[done:])]
    return found


def has_service(text: str) -> bool:
    """Whether ``SERVICE`` stands anywhere in ``text`` as a keyword."""
    return bool(keyword_positions(text))


def comments(text: str) -> list[str]:
    """The comments of ``text`` (§19.6: ``#`` to the end of the line, outside strings and
    IRIs), each with its ``#``."""
    return [m.group() for m in _OPAQUE.finditer(text) if m.group().startswith("#")]
