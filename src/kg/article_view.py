"""The article as a reading view: every evidence passage marked, every mention linked.

The text is cut at passage boundaries (from the ``TextPositionSelector`` offsets, Unicode code
points, so Python slicing is exact) and, inside each run, at mentions: occurrences of an
entity's names (labels, ``schema:name``, ``schema:alternateName``, ``skos:altLabel``), longest
first, on word boundaries, the first letter in either case. A mention never crosses a passage
boundary, so the HTML nests cleanly: ``<mark id="ev-…"> … <a href="/id/…">name</a> … </mark>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.passages import Passage

NAMES_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT DISTINCT ?s ?name WHERE {
  ?s rdfs:label|skos:prefLabel|skos:altLabel|schema:name|schema:alternateName ?name .
  FILTER NOT EXISTS { ?s a schema:NewsArticle }
  FILTER NOT EXISTS { ?s a oa:Annotation }
}"""
#: Shorter names match too much ("RI" inside words of other languages, initials).
MIN_NAME = 3


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    iri: str


@dataclass(frozen=True)
class Part:
    """A piece of text, linked to an entity when it is a mention."""

    text: str
    iri: str | None = None


@dataclass(frozen=True)
class Run:
    """Consecutive text either inside one passage or outside all passages."""

    parts: list[Part]
    passage: Passage | None = None
    number: int | None = None   # the passage's number in article order (for its reference)


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)
    heading: bool = False


def entity_names(store: ox.Store, instance_ns: str) -> list[tuple[str, str]]:
    """(name, iri) for every named entity under ``instance_ns`` except the article itself."""
    rows = store.query(NAMES_QUERY, use_default_graph_as_union=True)
    return sorted({(row["name"].value, row["s"].value) for row in rows
                   if isinstance(row["s"], ox.NamedNode)
                   and row["s"].value.startswith(instance_ns)})


def _name_pattern(name: str) -> re.Pattern[str]:
    """The name on word boundaries; only its first letter may change case (sentence start),
    so the agency ``ANTARA`` is not found in the word ``antara`` ("between")."""
    first = re.escape(name[0])
    if name[0].lower() != name[0].upper():
        first = f"[{re.escape(name[0].lower())}{re.escape(name[0].upper())}]"
    return re.compile(r"(?<!\w)" + first + re.escape(name[1:]) + r"(?!\w)")


def find_mentions(text: str, names: Iterable[tuple[str, str]]) -> list[Mention]:
    """Non-overlapping mentions, longest names first; ties go to the smaller IRI."""
    taken = [False] * len(text)
    found: list[Mention] = []
    for name, iri in sorted(set(names), key=lambda n: (-len(n[0]), n[1], n[0])):
        if len(name) < MIN_NAME:
            continue
        for match in _name_pattern(name).finditer(text):
            start, end = match.span()
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                found.append(Mention(start, end, iri))
    return sorted(found, key=lambda m: m.start)


def _clip(passages: list[Passage], start: int, end: int) -> list[tuple[int, int, Passage]]:
    """Passages inside [start, end), overlaps clipped so that runs never nest."""
    spans: list[tuple[int, int, Passage]] = []
    cursor = start
    for p in sorted(passages, key=lambda p: (p.start, p.end)):
        a, b = max(p.start, cursor, start), min(p.end, end)
        if a < b:
            spans.append((a, b, p))
            cursor = b
    return spans


def _parts(text: str, start: int, end: int, mentions: list[Mention]) -> list[Part]:
    parts: list[Part] = []
    cursor = start
    for m in mentions:
        if m.start >= cursor and m.end <= end:
            if m.start > cursor:
                parts.append(Part(text[cursor:m.start]))
            parts.append(Part(text[m.start:m.end], m.iri))
            cursor = m.end
    if cursor < end:
        parts.append(Part(text[cursor:end]))
    return parts


def paragraphs(text: str, passages: list[Passage], mentions: list[Mention]) -> list[Paragraph]:
    """The article's lines as paragraphs of runs; the first line (the headline) is a heading."""
    numbers = {p.annotation: i for i, p in enumerate(passages, 1)}
    out: list[Paragraph] = []
    offset = 0
    for index, line in enumerate(text.split("\n")):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        paragraph = Paragraph(heading=index == 0)
        cursor = start
        for a, b, passage in _clip(passages, start, end):
            if a > cursor:
                paragraph.runs.append(Run(_parts(text, cursor, a, mentions)))
            paragraph.runs.append(Run(_parts(text, a, b, mentions), passage,
                                      numbers.get(passage.annotation)))
            cursor = b
        if cursor < end:
            paragraph.runs.append(Run(_parts(text, cursor, end, mentions)))
        out.append(paragraph)
    return out
