"""Names for IRIs as a person reads them: the label in a language, with fallbacks.

Labels come from the dataset itself (``rdfs:label``, ``skos:prefLabel``, ``schema:name``; the
ontology graph labels every standard term the data uses, see ``ontology/reused-terms.ttl``),
looked up in the in-process store one IRI at a time and memoised: the store never changes
while it is served, and a page needs a few dozen names. An IRI without any label is shown as
a compact name (``wd:Q252``), never as a bare IRI when a prefix is known.

A statement node (``rdf:Statement``, the build's reification of one fact, docs/evidence.md)
has no label in the graph: the graph names things the article names, and a label for a
bookkeeping node would be the dataset's words, not the article's. Pages name it by its parts
instead, in the page language with the same fallbacks as every other name:
``Andra Soni — menjabat — Gubernur Banten`` / ``Andra Soni — holds — Governor of Banten``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from kg.pages.display import LANGUAGE_NAMES, cut_words, show_literal
from kg.store.api import ReadStore, Term, text_of
from kg.vocab import vocab_node

RDFS_LABEL = vocab_node("rdfs", "label")
SKOS_PREF = vocab_node("skos", "prefLabel")
SCHEMA_NAME = vocab_node("schema", "name")
DCT_TITLE = vocab_node("dct", "title")
OA_TARGET = vocab_node("oa", "hasTarget")
OA_SELECTOR = vocab_node("oa", "hasSelector")
OA_EXACT = vocab_node("oa", "exact")
RDF_TYPE = vocab_node("rdf", "type")
RDF_STATEMENT = vocab_node("rdf", "Statement")
RDF_SUBJECT = vocab_node("rdf", "subject")
RDF_PREDICATE = vocab_node("rdf", "predicate")
RDF_OBJECT = vocab_node("rdf", "object")
OBS_STATUS = vocab_node("sdmx-attribute", "obsStatus")
ESTIMATED = vocab_node("sdmx-code", "obsStatus-E")

#: In order of preference: the label properties a page uses for a node's name.
LABEL_PREDICATES = (RDFS_LABEL, SKOS_PREF, SCHEMA_NAME)
#: Names when no label exists: the VoID/DCAT description titles its datasets and dumps.
FALLBACK_PREDICATES = (DCT_TITLE,)
QUOTE_CHARS = 60
#: Between the parts of a statement node's name (subject, predicate, object).
PART_SEPARATOR = " — "
#: A text value in a statement's name is quoted and cut at a word boundary after this many.
VALUE_CHARS = 60

#: The languages pages are offered in; the first is the fallback of the other.
LANGS = ("id", "en")


def other_lang(lang: str) -> str:
    return "en" if lang == "id" else "id"


def is_approximate(store: ReadStore, node: ox.NamedNode) -> bool:
    """SDMX obsStatus E ("estimated value"): numbers of this node are read with "about"."""
    return any(True for _ in store.quads(node, OBS_STATUS, ESTIMATED))


class Lexicon:
    """Memoised label lookup over a read-only pyoxigraph store."""

    def __init__(self, store: ReadStore, prefixes: Mapping[str, str]) -> None:
        self._store = store
        self._labels: dict[str, dict[str, str]] = {}
        self._parts: dict[str, tuple[Term, Term, Term] | None] = {}
        self._composed: dict[tuple[str, str], tuple[str, str | None]] = {}
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
        """The label in ``lang``, else the other page language, else untagged, else any;
        a statement node without a label is named by its parts (:meth:`statement_name`)."""
        labels = self.labels_of(iri)
        for tag in (lang, other_lang(lang), ""):
            if tag in labels:
                return labels[tag]
        if labels:
            return labels[sorted(labels)[0]]
        named = self.statement_name(iri, lang)
        return named[0] if named else self.compact(iri)

    def label_lang(self, iri: str, lang: str) -> str | None:
        """The language tag of the label :meth:`label` returns (for the HTML ``lang`` attribute)."""
        labels = self.labels_of(iri)
        for tag in (lang, other_lang(lang), ""):
            if tag in labels:
                return tag or None
        if labels:
            return None
        named = self.statement_name(iri, lang)
        return named[1] if named else None

    def statement_parts(self, iri: str) -> tuple[Term, Term, Term] | None:
        """``(subject, predicate, object)`` of an ``rdf:Statement`` node, else None."""
        if iri not in self._parts:
            self._parts[iri] = self._read_parts(iri)
        return self._parts[iri]

    def _read_parts(self, iri: str) -> tuple[Term, Term, Term] | None:
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return None
        if not any(True for _ in self._store.quads(node, RDF_TYPE, RDF_STATEMENT)):
            return None
        found: dict[str, list[Term]] = {}
        for quad in self._store.quads(node, None, None):
            found.setdefault(quad.predicate.value, []).append(quad.object)
        parts = []
        for predicate in (RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT):
            values = found.get(predicate.value, [])
            if not values:
                return None
            parts.append(min(values, key=str))  # one each (kgsh:ReifiedFactShape); fixed if not
        return parts[0], parts[1], parts[2]

    def statement_name(self, iri: str, lang: str) -> tuple[str, str | None] | None:
        """A statement node's name from its parts, and its language tag (None when the parts'
        names are in different languages): ``Andra Soni — holds — Governor of Banten``.

        Each IRI part is named as :meth:`label` names it; a literal object as a page writes
        it (:func:`kg.pages.display.show_literal`: dates written out, digits grouped, "about"
        when its subject's figure is estimated), text in quotation marks, cut at a word. In the
        Indonesian interface, which shows no English (issue 13), a text in another language is
        named by its language: ``Andra Soni — jabatan — (teks bahasa Inggris)``. The English
        interface quotes Indonesian values: they are the article's words.
        """
        key = (iri, lang)
        if key in self._composed:
            return self._composed[key]
        parts = self.statement_parts(iri)
        if parts is None:
            return None
        names = [self._part_name(term, lang, parts[0]) for term in parts]
        tags = {tag for _, tag in names if tag}
        named = (
            PART_SEPARATOR.join(text for text, _ in names),
            tags.pop() if len(tags) == 1 else None,
        )
        self._composed[key] = named
        return named

    def _part_name(self, term: Term, lang: str, subject: Term) -> tuple[str, str | None]:
        if isinstance(term, ox.NamedNode):
            if not self.labels_of(term.value):  # never a statement's name inside a name
                return self.compact(term.value), None
            return self.label(term.value, lang), self.label_lang(term.value, lang)
        if isinstance(term, ox.Literal):
            if lang == "id" and term.language and term.language != lang:
                # No English in the Indonesian interface (issue 13): the value is named by its
                # language; the statement's page shows it, tagged.
                from kg.pages.i18n import translate  # i18n reads LANGS from here

                names = LANGUAGE_NAMES[lang]
                return translate("st_value_in", lang).format(
                    language=names.get(term.language, term.language)
                ), lang
            approximate = isinstance(subject, ox.NamedNode) and is_approximate(self._store, subject)
            shown = show_literal(term, lang, approximate)
            if shown.machine is None:  # text, not a number or a date: quoted, as a value
                return f"“{cut_words(shown.text, VALUE_CHARS)}”", shown.lang
            return shown.text, None
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}", None
        return text_of(term), None

    def compact(self, iri: str) -> str:
        """``prefix:local`` when a bound namespace covers the IRI, else the IRI itself."""
        for prefix, namespace in self._prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri
