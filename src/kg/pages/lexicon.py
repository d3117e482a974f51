"""Names for IRIs as a person reads them: the label in a language, with fallbacks.

Labels come from the dataset itself (``rdfs:label``, ``skos:prefLabel``, ``schema:name``; the
ontology graph labels every standard term the data uses, see ``ontology/reused-terms.ttl``),
looked up in the in-process store one IRI at a time and memoised: the store never changes
while it is served, and a page needs a few dozen names. An IRI without any label is shown as
a compact name (``wd:Q252``), never as a bare IRI when a prefix is known.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from kg.pages.display import cut_words
from kg.store.api import ReadStore, text_of
from kg.vocab import vocab_node

RDFS_LABEL = vocab_node("rdfs", "label")
SKOS_PREF = vocab_node("skos", "prefLabel")
SCHEMA_NAME = vocab_node("schema", "name")
DCT_TITLE = vocab_node("dct", "title")
OA_TARGET = vocab_node("oa", "hasTarget")
OA_SELECTOR = vocab_node("oa", "hasSelector")
OA_EXACT = vocab_node("oa", "exact")

#: In order of preference: the label properties a page uses for a node's name.
LABEL_PREDICATES = (RDFS_LABEL, SKOS_PREF, SCHEMA_NAME)
#: Names when no label exists: the VoID/DCAT description titles its datasets and dumps.
FALLBACK_PREDICATES = (DCT_TITLE,)
QUOTE_CHARS = 60

#: The languages pages are offered in; the first is the fallback of the other.
LANGS = ("id", "en")


def other_lang(lang: str) -> str:
    return "en" if lang == "id" else "id"


class Lexicon:
    """Memoised label lookup over a read-only pyoxigraph store."""

    def __init__(self, store: ReadStore, prefixes: Mapping[str, str]) -> None:
        self._store = store
        self._labels: dict[str, dict[str, str]] = {}
        # Longest namespace first, so ``sdmx-code:`` wins over a shorter overlapping one.
        self._prefixes = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))

    def labels_of(self, iri: str) -> dict[str, str]:
        """Language tag (``""`` for none) -> label; the first label property that has one wins."""
        if iri not in self._labels:
            self._labels[iri] = self._lookup(iri)
        return self._labels[iri]

    def _lookup(self, iri: str) -> dict[str, str]:
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return {}
        found: dict[str, str] = {}
        for predicates in (LABEL_PREDICATES, FALLBACK_PREDICATES):
            for predicate in predicates:
                quads = self._store.quads(node, predicate, None)
                values = sorted(
                    (q.object for q in quads if isinstance(q.object, ox.Literal)),
                    key=lambda t: t.value,
                )
                for literal in values:
                    found.setdefault(literal.language or "", literal.value)
            if found:
                return found
        return self._quoted(node)

    def _quoted(self, node: ox.NamedNode) -> dict[str, str]:
        """An evidence annotation is named by the words it quotes (Web Annotation §4.2.4)."""
        for target in self._store.quads(node, OA_TARGET, None):
            for selector in self._store.quads(target.object, OA_SELECTOR, None):
                for exact in self._store.quads(selector.object, OA_EXACT, None):
                    # Cut at a word boundary, never inside a word (issue 13: "kapasit…").
                    return {"id": f"“{cut_words(text_of(exact.object), QUOTE_CHARS)}”"}
        return {}

    def has_label(self, iri: str) -> bool:
        return bool(self.labels_of(iri))

    def label(self, iri: str, lang: str) -> str:
        """The label in ``lang``, else the other page language, else untagged, else any."""
        labels = self.labels_of(iri)
        for tag in (lang, other_lang(lang), ""):
            if tag in labels:
                return labels[tag]
        if labels:
            return labels[sorted(labels)[0]]
        return self.compact(iri)

    def label_lang(self, iri: str, lang: str) -> str | None:
        """The language tag of the label :meth:`label` returns (for the HTML ``lang`` attribute)."""
        labels = self.labels_of(iri)
        for tag in (lang, other_lang(lang), ""):
            if tag in labels:
                return tag or None
        return None

    def compact(self, iri: str) -> str:
        """``prefix:local`` when a bound namespace covers the IRI, else the IRI itself."""
        for prefix, namespace in self._prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri
