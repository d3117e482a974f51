"""The article as a reading view: every evidence passage marked, every mention linked.

The text is cut at passage boundaries (from the ``TextPositionSelector`` offsets, Unicode code
points, so Python slicing is exact) and, inside each run, at mentions: occurrences of an
entity's names (labels, ``schema:name``, ``schema:alternateName``, ``skos:altLabel``), longest
first, on word boundaries, the first letter in either case. A mention never crosses a passage
boundary, so the HTML nests cleanly: ``<mark id="ev-…"> … <a href="/id/…">name</a> … </mark>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.pages.passages import Passage
from kg.pages.search import NAMES_QUERY  # the same names the search index holds
from kg.store.api import ReadStore

#: Articles and annotations are not mentioned entities (they would match their own titles).
#: Taken apart rather than as FILTER NOT EXISTS, which Oxigraph evaluated once per name
#: (3.5 s of 5.3 s at 1M triples).
UNNAMED_QUERY = """
PREFIX schema: <http://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT DISTINCT ?s WHERE { { ?s a schema:NewsArticle } UNION { ?s a oa:Annotation } }"""
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
    number: int | None = None  # the passage's number in article order (for its reference)


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)
    heading: bool = False


def entity_names(store: ReadStore, instance_ns: str) -> list[tuple[str, str]]:
    """(name, iri) for every named entity under ``instance_ns``, articles and annotations
    excepted."""
    skip = {row["s"].value for row in store.select(UNNAMED_QUERY)}
    rows = store.select(NAMES_QUERY)
    return sorted(
        {
            (row["name"].value, row["s"].value)
            for row in rows
            if isinstance(row["s"], ox.NamedNode)
            and row["s"].value not in skip
            and row["s"].value.startswith(instance_ns)
        }
    )


def _key(name: str) -> str:
    """The form two spellings share when they differ only in their first letter's case: a
    name matches at a sentence start too, while ``ANTARA`` (the agency) stays apart from
    ``antara`` ("between")."""
    first = name[0].lower()
    return (first if len(first) == 1 else name[0]) + name[1:]


def _word_edges(text: str) -> tuple[list[bool], list[bool]]:
    """Where a name may start (no word character before) and end (none after): the
    ``(?<!\\w)`` and ``(?!\\w)`` of a regular expression, for every offset at once."""
    word = [c.isalnum() or c == "_" for c in text]
    starts = [i == 0 or not word[i - 1] for i in range(len(text))]
    ends = [i == len(text) or not word[i] for i in range(len(text) + 1)]
    return starts, ends


def find_mentions(text: str, names: Iterable[tuple[str, str]]) -> list[Mention]:
    """Non-overlapping mentions, longest names first; ties go to the smaller IRI.

    Every offset where a name may start is looked up in a table keyed by the names' first-
    letter-folded form, once per distinct name length: linear in the text, not one regular
    expression per name (138,742 names at 1M triples took 8 s that way).
    """
    table: dict[str, list[tuple[str, str]]] = {}
    for name, iri in set(names):
        if len(name) >= MIN_NAME:
            table.setdefault(_key(name), []).append((name, iri))
    lengths = sorted({len(k) for k in table})
    starts, ends = _word_edges(text)
    candidates: list[tuple[int, int, str, str]] = []
    for start in (i for i, ok in enumerate(starts) if ok):
        for length in lengths:
            end = start + length
            if end > len(text):
                break
            if ends[end]:
                for name, iri in table.get(_key(text[start:end]), ()):
                    candidates.append((start, end, name, iri))
    taken = [False] * len(text)
    found: list[Mention] = []
    for start, end, _, iri in sorted(candidates, key=lambda c: (-len(c[2]), c[3], c[2], c[0])):
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
                parts.append(Part(text[cursor : m.start]))
            parts.append(Part(text[m.start : m.end], m.iri))
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
            paragraph.runs.append(
                Run(_parts(text, a, b, mentions), passage, numbers.get(passage.annotation))
            )
            cursor = b
        if cursor < end:
            paragraph.runs.append(Run(_parts(text, cursor, end, mentions)))
        out.append(paragraph)
    return out


#: One symbol per asserter, beside its colour and underline style, so that the legend and the
#: marks do not rely on colour alone (WCAG 2.2 SC 1.4.1). Colours repeat after four.
SYMBOLS = ("■", "●", "▲", "◆", "★", "✚", "✖", "✱")
COLOURS = 4


@dataclass(frozen=True)
class AsserterKey:
    """An asserter in the article view's legend."""

    iri: str
    index: int  # its order of first appearance: picks the symbol and the colour class
    count: int  # its passages in the article

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.index % len(SYMBOLS)]

    @property
    def css(self) -> str:
        return f"by-{self.index % COLOURS}"


def asserter_keys(passages: list[Passage]) -> list[AsserterKey]:
    """Every asserter of the passages, in the order the article first gives each one a voice
    (the journalist, then the ministry, then the governor), with its number of passages."""
    order: dict[str, int] = {}
    counts: dict[str, int] = {}
    for p in sorted(passages, key=lambda p: (p.start, p.end)):
        if p.asserted_by is None:
            continue
        order.setdefault(p.asserted_by, len(order))
        counts[p.asserted_by] = counts.get(p.asserted_by, 0) + 1
    return [AsserterKey(iri, i, counts[iri]) for iri, i in order.items()]
