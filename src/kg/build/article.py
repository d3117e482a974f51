"""The source article: load it, and find a quote in it. Knows nothing about RDF.

Offsets follow the W3C Web Annotation Data Model (section 4.2.1, TextPositionSelector):
Unicode code points of the text after NFC normalisation, ``start`` inclusive, ``end``
exclusive. Python strings index code points, so ``text[start:end] == exact``.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, QuoteError

#: Characters of context kept on each side (TextQuoteSelector prefix/suffix, section 4.2.4).
CONTEXT = 32


@dataclass(frozen=True)
class Article:
    path: Path
    text: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def headline(self) -> str:
        return self.lines[0].strip()


@dataclass(frozen=True)
class Anchor:
    """Where a quote sits: position and quote selectors."""

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str


def load_article(path: Path) -> Article:
    """Read the article as UTF-8 and normalise it to NFC.

    :raises InputError: missing, unreadable or not UTF-8 (names the file and byte offset).
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the article: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 at byte {exc.start}: {exc.reason}") from exc
    return Article(path, unicodedata.normalize("NFC", text))


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``quote`` in ``text``."""
    found, start = [], text.find(quote)
    while start != -1:
        found.append(start)
        start = text.find(quote, start + 1)
    return found


def closest_passage(text: str, quote: str) -> str:
    """The run of the article most like ``quote``, to help an author fix a typo."""
    window = len(quote)
    step = max(1, window // 4)
    best, best_ratio = "", -1.0
    for start in range(0, max(1, len(text) - window + 1), step):
        candidate = text[start : start + window]
        ratio = difflib.SequenceMatcher(None, quote, candidate, autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best


def anchor(
    article: Article, quote: str, *, occurrence: int | None = None, node: str = "?"
) -> Anchor:
    """Locate ``quote`` in the article.

    :param occurrence: 1-based; required when the quote occurs more than once.
    :raises QuoteError: the quote is absent, ambiguous, or the occurrence does not exist;
        the message names the node and, when absent, the closest passage.
    """
    exact = unicodedata.normalize("NFC", quote)
    if not exact.strip():
        raise QuoteError(f"empty quote on {node}")
    starts = occurrences(article.text, exact)
    if not starts:
        near = closest_passage(article.text, exact)
        raise QuoteError(
            f"quote on {node} is not in the article verbatim: {exact!r}; closest passage: {near!r}",
            node=node,
            closest=near,
        )
    if occurrence is None and len(starts) > 1:
        raise QuoteError(
            f"quote on {node} is ambiguous: it occurs {len(starts)} times "
            f"(at code points {', '.join(map(str, starts))}); add kg:occurrence",
            node=node,
        )
    index = (1 if occurrence is None else occurrence) - 1
    if not 0 <= index < len(starts):
        raise QuoteError(
            f"quote on {node}: occurrence {occurrence} requested but it occurs "
            f"{len(starts)} time(s)",
            node=node,
        )
    start = starts[index]
    end = start + len(exact)
    return Anchor(
        exact,
        start,
        end,
        article.text[max(0, start - CONTEXT) : start],
        article.text[end : end + CONTEXT],
    )
