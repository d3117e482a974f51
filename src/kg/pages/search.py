"""Search by name: substring, both languages, case- and accent-insensitive.

The index holds every name of every node the server dereferences (IRIs under the base):
``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``, ``schema:name`` and
``schema:alternateName``, in any language. Text is folded (Unicode NFKD, combining marks
dropped, ``casefold``) on both sides, so ``pemerintah`` finds ``Pemerintah`` and ``cafe``
finds ``café``. Every word of the query must occur in one name; the best names rank first.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from kg.store.api import ReadStore

NAMES_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
SELECT DISTINCT ?s ?name WHERE {
  ?s rdfs:label|skos:prefLabel|skos:altLabel|schema:name|schema:alternateName ?name .
  FILTER(isIRI(?s) && isLiteral(?name))
}"""
MAX_RESULTS = 50
SEPARATOR = "\x00"


def fold(text: str) -> str:
    """Lower-case, accent-free form used for matching (``Ménteri`` -> ``menteri``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Entry:
    iri: str
    name: str
    lang: str | None
    folded: str


@dataclass(frozen=True)
class Hit:
    iri: str
    name: str  # the name that matched
    lang: str | None  # its language tag
    score: int  # 0 exact, 1 starts the name, 2 starts a word, 3 inside a word


class SearchIndex:
    """All names of the dataset's own nodes, folded once.

    The folded names are also joined into one string (NUL between names), so the entries that
    contain a query's longest word are found by ``str.find``, in C, and only those are scored
    in Python: at 1M triples (173,534 names) a search scored every name and took 0.3-0.7 s.
    """

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._blob = SEPARATOR.join(e.folded for e in entries)
        self._offsets: list[int] = []
        offset = 0
        for entry in entries:
            self._offsets.append(offset)
            offset += len(entry.folded) + 1

    def _containing(self, word: str) -> Iterator[Entry]:
        """The entries whose folded name contains ``word`` (which holds no separator)."""
        blob, offsets = self._blob, self._offsets
        found = blob.find(word)
        while found >= 0:
            index = bisect.bisect_right(offsets, found) - 1
            yield self.entries[index]
            following = index + 1
            if following == len(offsets):
                return
            found = blob.find(word, offsets[following])

    @classmethod
    def from_store(cls, store: ReadStore, base: str) -> SearchIndex:
        rows = store.select(NAMES_QUERY)
        entries = {
            Entry(r["s"].value, r["name"].value, r["name"].language or None, fold(r["name"].value))
            for r in rows
            if r["s"].value.startswith(base)
        }
        return cls(sorted(entries, key=lambda e: (e.iri, e.name, e.lang or "")))

    def search(self, query: str, limit: int = MAX_RESULTS) -> list[Hit]:
        """Best hit per IRI, best first (score, then shorter name, then IRI)."""
        words = fold(query.replace(SEPARATOR, " ")).split()
        if not words:
            return []
        best: dict[str, Hit] = {}
        for entry in self._containing(max(words, key=len)):
            score = _score(entry.folded, words)
            if score is None:
                continue
            hit = Hit(entry.iri, entry.name, entry.lang, score)
            current = best.get(entry.iri)
            if current is None or _rank(hit) < _rank(current):
                best[entry.iri] = hit
        return sorted(best.values(), key=_rank)[:limit]


def _rank(hit: Hit) -> tuple[int, int, str, str]:
    return (hit.score, len(hit.name), hit.iri, hit.lang or "")


def _score(folded: str, words: list[str]) -> int | None:
    if any(w not in folded for w in words):
        return None
    phrase = " ".join(words)
    if folded == phrase:
        return 0
    if folded.startswith(words[0]):
        return 1
    tokens = [t for t in _split_words(folded)]
    if all(any(t.startswith(w) for t in tokens) for w in words):
        return 2
    return 3


#: A word is a run of letters and digits (``str.isalnum``): ``\w`` without the underscore.
_WORD = re.compile(r"[^\W_]+")


def _split_words(text: str) -> list[str]:
    return _WORD.findall(text)


def suggestion_query(path: str) -> str:
    """Words to search for when a path is unknown: ``/id/andra-sony`` -> ``andra sony``."""
    last = path.rstrip("/").rsplit("/", 1)[-1].split(".", 1)[0]
    return " ".join(w for w in last.replace("_", "-").split("-") if w)
