"""Search by name and by the words of the article's passages, Indonesian-aware.

The index holds every name of every node the server dereferences (IRIs under the base):
``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``, ``schema:name`` and
``schema:alternateName``, in any language, and the exact words of every evidence passage
(``oa:exact`` of an annotation's quote selector). Text is folded (Unicode NFKD, combining marks
dropped, ``casefold``) on both sides, so ``pemerintah`` finds ``Pemerintah`` and ``cafe``
finds ``café``. Every word of the query must occur in one entry, as a substring of it or, for
Indonesian, with the same stem: both the index and the query are stemmed with Sastrawi (the
Nazief-Adriani stemmer with its Indonesian root-word dictionary), so ``gratis`` finds
"menggratiskan" and ``menggratiskan`` finds "gratis". The best entries rank first; names before
passages at the same score.

:func:`search_page` adds type facets with counts and keeps modelling records (Data Cube
structure, concept schemes) out of the answer unless they are asked for.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from kg.pages.display import cut_words_around
from kg.store.api import ReadStore, graph_of
from kg.vocab import vocab_iri, vocab_node

NAMES_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
SELECT DISTINCT ?s ?name WHERE {
  ?s rdfs:label|skos:prefLabel|skos:altLabel|schema:name|schema:alternateName ?name .
  FILTER(isIRI(?s) && isLiteral(?name))
}"""
#: The words of every passage: an annotation's target's quote selector (Web Annotation §4.2.4).
PASSAGE_TEXT_QUERY = """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?s ?name WHERE {
  ?s oa:hasTarget ?target . ?target oa:hasSelector ?quote . ?quote oa:exact ?name .
  FILTER(isIRI(?s))
}"""
MAX_RESULTS = 50
SEPARATOR = "\x00"
NAME, PASSAGE = "name", "passage"
RDF_TYPE = vocab_node("rdf", "type")
#: Records of how the data is modelled, not of what the article says: the Data Cube
#: structure (QB §6: data structure definitions, component specifications and properties,
#: the data sets that group observations) and SKOS concept schemes (SKOS §4).
MODELLING_TYPES = frozenset(
    {
        *(
            vocab_iri("qb", name)
            for name in (
                "DataStructureDefinition",
                "ComponentSpecification",
                "ComponentProperty",
                "DimensionProperty",
                "MeasureProperty",
                "AttributeProperty",
                "CodedProperty",
                "DataSet",
            )
        ),
        vocab_iri("skos", "ConceptScheme"),
    }
)


def fold(text: str) -> str:
    """Lower-case, accent-free form used for matching (``Ménteri`` -> ``menteri``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@functools.cache
def _stemmer() -> object:
    return StemmerFactory().create_stemmer()


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Indonesian stem of one folded word (``menggratiskan`` -> ``gratis``).

    Words with digits are kept whole: Sastrawi splits ``65.000`` into two tokens.
    """
    if not word.isalpha():
        return word
    stemmed = str(_stemmer().stem(word))  # type: ignore[attr-defined]
    return stemmed or word


@dataclass(frozen=True)
class Entry:
    iri: str
    name: str
    lang: str | None
    folded: str
    kind: str = NAME  # NAME, or PASSAGE for the words of an evidence passage


@dataclass(frozen=True)
class Hit:
    iri: str
    name: str  # the name (or passage) that matched
    lang: str | None  # its language tag
    score: int  # 0 exact, 1 starts the name, 2 starts a word or shares a stem, 3 inside a word
    kind: str = NAME


class SearchIndex:
    """All names of the dataset's own nodes and all passages, folded and stemmed once.

    The folded names are also joined into one string (NUL between names), so the entries that
    contain a query's longest word are found by ``str.find``, in C, and only those are scored
    in Python: at 1M triples (173,534 names) a search scored every name and took 0.3-0.7 s.
    Stems go into an inverted index (stem -> entries), so a stem match costs one lookup.
    """

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._blob = SEPARATOR.join(e.folded for e in entries)
        self._offsets: list[int] = []
        self._stems: list[frozenset[str]] = []
        self._by_stem: dict[str, list[int]] = {}
        offset = 0
        for index, entry in enumerate(entries):
            self._offsets.append(offset)
            offset += len(entry.folded) + 1
            stems = frozenset(stem(w) for w in _split_words(entry.folded))
            self._stems.append(stems)
            for s in stems:
                self._by_stem.setdefault(s, []).append(index)

    def _containing(self, word: str) -> Iterator[int]:
        """The entries whose folded name contains ``word`` (which holds no separator)."""
        blob, offsets = self._blob, self._offsets
        found = blob.find(word)
        while found >= 0:
            index = bisect.bisect_right(offsets, found) - 1
            yield index
            following = index + 1
            if following == len(offsets):
                return
            found = blob.find(word, offsets[following])

    @classmethod
    def from_store(cls, store: ReadStore, base: str) -> SearchIndex:
        entries = {
            Entry(r["s"].value, r["name"].value, r["name"].language or None, fold(r["name"].value))
            for r in store.select(NAMES_QUERY)
            if r["s"].value.startswith(base)
        }
        entries |= {
            Entry(r["s"].value, r["name"].value, "id", fold(r["name"].value), PASSAGE)
            for r in store.select(PASSAGE_TEXT_QUERY)
            if r["s"].value.startswith(base)
        }
        return cls(sorted(entries, key=lambda e: (e.iri, e.kind, e.name, e.lang or "")))

    def search(self, query: str, limit: int | None = MAX_RESULTS) -> list[Hit]:
        """Best hit per IRI, best first (score, names before passages, shorter, then IRI)."""
        words = _split_words(fold(query.replace(SEPARATOR, " ")))
        if not words:
            return []
        stems = [stem(w) for w in words]
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        candidates = set(self._containing(words[longest]))
        candidates.update(self._by_stem.get(stems[longest], ()))
        best: dict[str, Hit] = {}
        for index in sorted(candidates):
            entry = self.entries[index]
            score = _score(entry.folded, self._stems[index], words, stems)
            if score is None:
                continue
            hit = Hit(entry.iri, entry.name, entry.lang, score, entry.kind)
            current = best.get(entry.iri)
            if current is None or _rank(hit) < _rank(current):
                best[entry.iri] = hit
        ranked = sorted(best.values(), key=_rank)
        return ranked if limit is None else ranked[:limit]


def _rank(hit: Hit) -> tuple[int, bool, int, str, str]:
    return (hit.score, hit.kind == PASSAGE, len(hit.name), hit.iri, hit.lang or "")


def _score(
    folded: str, entry_stems: frozenset[str], words: list[str], stems: list[str]
) -> int | None:
    substring = [w in folded for w in words]
    if not all(sub or s in entry_stems for sub, s in zip(substring, stems, strict=True)):
        return None
    phrase = " ".join(words)
    if folded == phrase:
        return 0
    if substring[0] and folded.startswith(words[0]):
        return 1
    tokens = _split_words(folded)
    if all(
        s in entry_stems or any(t.startswith(w) for t in tokens)
        for w, s in zip(words, stems, strict=True)
    ):
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


@dataclass(frozen=True)
class TypedHit:
    hit: Hit
    types: tuple[str, ...]  # asserted types, sorted (the inferred closure would facet "Thing")
    modelling: bool


@dataclass
class SearchPage:
    """One search: the hits shown, the type facets (counts over every matching hit, before the
    type filter and the cut), and how many modelling records were left out."""

    hits: list[TypedHit]
    total: int
    facets: list[tuple[str, int]] = field(default_factory=list)
    hidden_modelling: int = 0


def _types(store: ReadStore, iri: str, inferred_graph: str) -> tuple[tuple[str, ...], bool]:
    asserted: set[str] = set()
    every: set[str] = set()
    for quad in store.quads(ox.NamedNode(iri), RDF_TYPE, None):
        if isinstance(quad.object, ox.NamedNode):
            every.add(quad.object.value)
            if graph_of(quad) != inferred_graph:
                asserted.add(quad.object.value)
    return tuple(sorted(asserted or every)), bool(every & MODELLING_TYPES)


def search_page(
    index: SearchIndex,
    store: ReadStore,
    inferred_graph: str,
    query: str,
    type_filter: str | None = None,
    include_modelling: bool = False,
    limit: int = MAX_RESULTS,
) -> SearchPage:
    """The hits of ``query`` with their types, faceted by type, modelling records left out
    unless ``include_modelling``."""
    typed: list[TypedHit] = []
    for hit in index.search(query, limit=None):
        types, modelling = _types(store, hit.iri, inferred_graph)
        typed.append(TypedHit(hit, types, modelling))
    kept = [t for t in typed if include_modelling or not t.modelling]
    counts: Counter[str] = Counter(ty for t in kept for ty in t.types)
    shown = [t for t in kept if type_filter is None or type_filter in t.types]
    return SearchPage(
        hits=shown[:limit],
        total=len(shown),
        facets=sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])),
        hidden_modelling=len(typed) - len(kept),
    )


def passage_excerpt(text: str, query: str, width: int = 160) -> str:
    """A window of ``text`` around the first word that matches ``query``, cut at word
    boundaries (never inside a word), with "…" where text was left out."""
    words = _split_words(fold(query))
    stems = {stem(w) for w in words}
    at = 0
    for match in _WORD.finditer(text):  # offsets of the text itself, not of its folded form
        token = fold(match.group(0))
        if any(w in token for w in words) or stem(token) in stems:
            at = match.start()
            break
    return cut_words_around(text, at, width)
