"""Statement nodes (``rdf:Statement``, docs/evidence.md) are named by their parts on every page.

The graph gives them no label (it names only what the article names); the page layer
(:meth:`kg.pages.lexicon.Lexicon.statement_name`) names each one "subject — predicate — object"
in the page language. The expected names here are read from the built graph itself: the
parts' labels in the page language, a text value quoted, a number with the page's digit
grouping and "about" when its figure is estimated. Two names are checked by hand against
the article as well. Search never offers a statement node: it indexes names, and a
statement has none in the graph.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox
import pytest
from bs4 import BeautifulSoup
from conftest import Built

from kg.pages.display import LANGUAGE_NAMES, cut_words, format_date
from kg.pages.i18n import translate
from kg.pages.search import SearchIndex
from kg.store.api import Term
from kg.vocab import prefixes, vocab_iri

LANGS = ("id", "en")
SEP = " — "
LABEL_PROPS = tuple(
    vocab_iri(p, n) for p, n in (("rdfs", "label"), ("skos", "prefLabel"), ("schema", "name"))
)
XSD = vocab_iri("xsd", "")
RDF_STATEMENT = vocab_iri("rdf", "Statement")
ESTIMATED = vocab_iri("sdmx-code", "obsStatus-E")
OBS_STATUS = vocab_iri("sdmx-attribute", "obsStatus")
PARTS_QUERY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?st ?s ?p ?o WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o
}
"""

Parts = tuple[ox.NamedNode, ox.NamedNode, Term]


@pytest.fixture(scope="module")
def store(built: Built) -> ox.Store:
    return built.store()


@pytest.fixture(scope="module")
def statements(store: ox.Store) -> dict[str, Parts]:
    """Every statement node of the build and its (subject, predicate, object)."""
    found = {
        row["st"].value: (row["s"], row["p"], row["o"])
        for row in store.query(PARTS_QUERY, use_default_graph_as_union=True)
    }
    assert len(found) > 300  # docs/evidence.md counts 329 facts, each reified once
    return found


def graph_label(store: ox.Store, iri: str, lang: str) -> str | None:
    """The node's one label in ``lang`` under the first label property that has any label;
    None when it has no such label or more than one (then the test does not guess)."""
    node = ox.NamedNode(iri)
    for prop in LABEL_PROPS:
        values = [q.object for q in store.quads_for_pattern(node, ox.NamedNode(prop), None)]
        literals = [v for v in values if isinstance(v, ox.Literal)]
        if literals:
            chosen = [v.value for v in literals if v.language == lang]
            return chosen[0] if len(chosen) == 1 else None
    return None


def compact(iri: str) -> str | None:
    """``wd:Q252`` for an IRI under a bound namespace (the longest that covers it)."""
    spaces = [(p, ns) for p, ns in prefixes().items() if iri.startswith(ns) and iri != ns]
    if not spaces:
        return None
    prefix, ns = max(spaces, key=lambda item: len(item[1]))
    return f"{prefix}:{iri[len(ns) :]}"


def estimated(store: ox.Store, node: Term) -> bool:
    pattern = (node, ox.NamedNode(OBS_STATUS), ox.NamedNode(ESTIMATED))
    return isinstance(node, ox.NamedNode) and any(store.quads_for_pattern(*pattern))


def value_text(store: ox.Store, subject: ox.NamedNode, term: Term, lang: str) -> str | None:
    """How the name writes the object, read from the graph; None when not derivable here."""
    if isinstance(term, ox.NamedNode):
        if not any(any(store.quads_for_pattern(term, ox.NamedNode(p), None)) for p in LABEL_PROPS):
            return compact(term.value)  # an external node the dataset does not name (wd:Q252)
        return graph_label(store, term.value, lang)
    if not isinstance(term, ox.Literal):
        return None
    datatype = term.datatype.value
    if lang == "id" and term.language and term.language != "id":  # no English in Indonesian
        return translate("st_value_in", lang).format(language=LANGUAGE_NAMES[lang][term.language])
    if term.language or datatype == XSD + "string":
        return f"“{cut_words(term.value, 60)}”"
    if datatype == XSD + "integer":
        digits = f"{int(term.value):,}".replace(",", "." if lang == "id" else ",")
        about = {"id": "sekitar", "en": "about"}[lang]
        return f"{about} {digits}" if estimated(store, subject) else digits
    if datatype in (XSD + "date", XSD + "gYearMonth"):
        return format_date(term.value, lang)
    if datatype == XSD + "gYear":
        return term.value
    return None


def expected_name(store: ox.Store, parts: Parts, lang: str) -> str | None:
    subject, predicate, obj = parts
    names = [
        graph_label(store, subject.value, lang),
        graph_label(store, predicate.value, lang),
        value_text(store, subject, obj, lang),
    ]
    return SEP.join(n for n in names if n) if all(names) else None


def _soup(client: Any, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _heading(soup: BeautifulSoup) -> tuple[str, str]:
    h1 = soup.select_one("h1#entity-title")
    assert h1 is not None and soup.title is not None
    return h1.get_text(strip=True), soup.title.get_text(strip=True)


def _path(iri: str) -> str:
    return "/id/" + iri.rsplit("/", 1)[-1]


@pytest.mark.parametrize("lang", LANGS)
def test_every_statement_page_is_titled_by_its_parts(
    client: Any, store: ox.Store, statements: dict[str, Parts], lang: str
) -> None:
    checked = 0
    for iri, parts in sorted(statements.items()):
        h1, title = _heading(_soup(client, f"{_path(iri)}?lang={lang}"))
        assert title.split(" · ")[0] == h1, iri
        assert "st-" not in h1 and not h1.startswith("kgd:"), (iri, h1)
        assert h1.count(SEP) >= 2, (iri, h1)
        want = expected_name(store, parts, lang)
        if want is not None:
            assert h1 == want, iri
            checked += 1
    # Every statement's parts have one label in each page language, or none at all.
    assert checked == len(statements)


def _statement_of(statements: dict[str, Parts], s: str, p: str, o: Term) -> str:
    return next(
        st
        for st, (subject, predicate, obj) in statements.items()
        if (subject.value, predicate.value, obj) == (s, p, o)
    )


@pytest.mark.remote  # the same names on every store
def test_two_names_checked_by_hand_against_the_article(
    client: Any, statements: dict[str, Parts]
) -> None:
    """Article: "kata Gubernur Banten Andra Soni" and "memfasilitasi sekitar 65.000 siswa";
    the job title's English value is the dataset's translation of "Gubernur Banten"."""
    base = "https://kg.example.org/id/"
    holds = _statement_of(
        statements,
        base + "andra-soni",
        vocab_iri("org", "holds"),
        ox.NamedNode(base + "gubernur-banten"),
    )
    names = {lang: _heading(_soup(client, f"{_path(holds)}?lang={lang}"))[0] for lang in LANGS}
    assert names == {
        "id": "Andra Soni — menjabat — Gubernur Banten",
        "en": "Andra Soni — holds — Governor of Banten",
    }
    title = _statement_of(
        statements,
        base + "andra-soni",
        vocab_iri("schema", "jobTitle"),
        ox.Literal("Governor of Banten", language="en"),
    )
    names = {lang: _heading(_soup(client, f"{_path(title)}?lang={lang}"))[0] for lang in LANGS}
    assert names == {
        "id": "Andra Soni — jabatan — (teks bahasa Inggris)",  # no English in Indonesian
        "en": "Andra Soni — job title — “Governor of Banten”",
    }
    count = _statement_of(
        statements,
        base + "penerima-manfaat-pendidikan-gratis",
        "https://kg.example.org/ontology/beneficiaryCount",
        ox.Literal("65000", datatype=ox.NamedNode(XSD + "integer")),
    )
    names = {lang: _heading(_soup(client, f"{_path(count)}?lang={lang}"))[0] for lang in LANGS}
    assert names["id"].endswith(" — sekitar 65.000")
    assert names["en"].endswith(" — about 65,000")


def test_the_graph_gives_statements_no_label(store: ox.Store) -> None:
    """The names are the page layer's: the dataset states no label for a statement node."""
    ask = f"""ASK {{ ?st a <{RDF_STATEMENT}> .
        ?st <{LABEL_PROPS[0]}>|<{LABEL_PROPS[1]}>|<{LABEL_PROPS[2]}> ?label }}"""
    assert not bool(store.query(ask, use_default_graph_as_union=True))


@pytest.mark.remote
@pytest.mark.parametrize("lang", LANGS)
def test_evidence_pages_link_their_statements_by_name(
    client: Any, store: ox.Store, statements: dict[str, Parts], lang: str
) -> None:
    derived: dict[str, set[str]] = defaultdict(set)
    query = f"""SELECT ?st ?a WHERE {{
        ?st a <{RDF_STATEMENT}> ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?a }}"""
    for row in store.query(query, use_default_graph_as_union=True):
        derived[row["a"].value].add(row["st"].value)
    assert len(derived) >= 20  # the article's 23 annotations
    for annotation, sts in sorted(derived.items()):
        soup = _soup(client, f"{_path(annotation)}?lang={lang}")
        assert "kgd:st-" not in soup.get_text(), annotation
        links = {a["href"]: a.get_text(strip=True) for a in soup.select("a[href^='/id/st-']")}
        assert set(links) == {_path(st) for st in sts}, annotation
        for st in sts:
            want = expected_name(store, statements[st], lang)
            if want is not None:
                assert links[_path(st)] == want, st


@pytest.mark.parametrize("lang", LANGS)
def test_fact_origin_pages_name_the_statements_they_list(client: Any, lang: str) -> None:
    for origin in ("articleFact", "modellingFact", "externalFact"):
        soup = _soup(client, f"/ontology/{origin}?lang={lang}")
        links = soup.select("a[href^='/id/st-']")
        assert links, origin
        assert all(SEP in a.get_text() for a in links), origin
        assert "kgd:st-" not in soup.get_text(), origin


@pytest.mark.remote  # the same names on every store
def test_the_api_labels_a_statement_but_lists_no_graph_label(
    client: Any, store: ox.Store, statements: dict[str, Parts]
) -> None:
    iri = next(st for st, parts in sorted(statements.items()) if expected_name(store, parts, "id"))
    for lang in LANGS:
        body = client.get("/api/entity", query_string={"iri": iri, "lang": lang}).json
        assert body["label"] == expected_name(store, statements[iri], lang)
        assert body["labels"] == {}


@pytest.mark.remote  # the same names on every store
def test_search_never_offers_a_statement_node(
    app: Any, client: Any, store: ox.Store, statements: dict[str, Parts]
) -> None:
    ctx = app.extensions["kg"]
    index = SearchIndex.from_store(ctx.store, ctx.iris.base)
    assert not {e.iri for e in index.entries} & set(statements)
    words = {"menjabat", "holds", "Andra Soni", "jumlah penerima manfaat", "finalis", "2025"}
    for q in sorted(words):
        for extra in (
            {},
            {"include": "modelling"},
            {"include": "modelling", "type": RDF_STATEMENT},
        ):
            body = client.get("/search", query_string={"q": q, "format": "json", **extra}).json
            assert not {r["iri"] for r in body["results"]} & set(statements), (q, extra)
            if "type" in extra:
                assert body["total"] == 0
