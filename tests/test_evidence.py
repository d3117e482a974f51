"""Evidence: quotes anchored in the article (kg.build.article.anchor) and the built Web Annotations.

Offsets follow the Web Annotation Data Model (TextPositionSelector, section 4.2.1): Unicode
code points of the NFC text, start inclusive, end exclusive; prefix and suffix are the
``CONTEXT`` (32) characters around the quote (TextQuoteSelector, section 4.2.4).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from conftest import REPO
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from kg.build.article import CONTEXT, Article, anchor, load_article
from kg.build.pipeline import Built
from kg.errors import QuoteError
from kg.vocab import KG, KGD, KGSH, OA, SCHEMA

LEAD = (
    "Pemerintah Provinsi (Pemprov) Banten berfokus pada percepatan penurunan ketimpangan "
    "kesejahteraan setelah menerima penghargaan Kinerja Pemerintahan Daerah 2025 dari "
    "Kementerian Dalam Negeri (Kemendagri) RI."
)
ASSERTERS = {KGD.antara, KGD["andra-soni"], KGD.kemendagri}


def raw_text() -> str:
    """The article as the file holds it, normalised independently of kg.build.article."""
    raw = (REPO / "graph" / "source" / "article.txt").read_bytes().decode("utf-8")
    return unicodedata.normalize("NFC", raw)


# ------------------------------------------------------------------------ kg.build.article.anchor


@pytest.mark.parametrize(
    "quote",
    [
        "sekitar 65.000 siswa",
        "Seleksi berlangsung sejak Oktober 2025",
        "Pemprov Banten fokus upayakan",  # the headline: no prefix to speak of
        "secara konsisten.",  # the last words: a short suffix
    ],
)
def test_anchor_gives_code_point_offsets_and_32_characters_of_context(
    quote: str, article: Article
) -> None:
    text = raw_text()
    assert article.text == text
    place = anchor(article, quote, node="kgd:test")
    assert place.start == text.index(quote) and place.end == place.start + len(quote)
    assert text[place.start : place.end] == place.exact == quote
    assert place.prefix == text[max(0, place.start - CONTEXT) : place.start]
    assert place.suffix == text[place.end : place.end + CONTEXT]
    assert len(place.prefix) == min(CONTEXT, place.start)
    assert len(place.suffix) == min(CONTEXT, len(text) - place.end)


def test_anchor_counts_code_points_of_the_nfc_text(tmp_path: Path) -> None:
    """An article saved decomposed (NFD) is read as NFC; é is one code point, not two, and
    offsets are code points, not UTF-8 bytes."""
    composed = "Judul\nKafé di Serang dibuka. Kafé itu ramai."
    source = tmp_path / "article.txt"
    source.write_text(unicodedata.normalize("NFD", composed), encoding="utf-8")
    loaded = load_article(source)
    assert loaded.text == composed
    place = anchor(loaded, unicodedata.normalize("NFD", "Kafé itu ramai"), node="kgd:x")
    assert place.exact == "Kafé itu ramai" and place.start == composed.index("Kafé itu")
    assert place.start != unicodedata.normalize("NFD", composed).index("Kafe\u0301 itu")
    assert place.start != composed.encode("utf-8").index("Kafé itu".encode())
    assert place.end - place.start == 14


def test_a_quote_not_in_the_article_names_the_node_and_the_closest_passage(
    article: Article,
) -> None:
    typo = "Kebijakan tersebut saat ini memfasilitasi sekitar 56.000 siswa"
    with pytest.raises(QuoteError) as raised:
        anchor(article, typo, node="https://kg.example.org/id/ev-typo")
    error = raised.value
    assert "https://kg.example.org/id/ev-typo" in str(error)
    assert error.details["node"] == "https://kg.example.org/id/ev-typo"
    closest = error.details["closest"]
    assert closest in article.text and closest in str(error)
    assert "memfasilitasi sekitar 65.000" in closest


def test_the_lead_paragraph_occurs_twice_and_is_ambiguous(article: Article) -> None:
    assert article.text.count(LEAD) == 2
    with pytest.raises(QuoteError, match="ambiguous") as raised:
        anchor(article, LEAD, node="kgd:ev-lead")
    assert "kgd:ev-lead" in str(raised.value)
    first = anchor(article, LEAD, occurrence=1)
    second = anchor(article, LEAD, occurrence=2)
    assert first.start == article.text.index(LEAD)
    assert second.start == article.text.index(LEAD, first.end)
    for place in (first, second):
        assert article.text[place.start : place.end] == LEAD


@pytest.mark.parametrize("occurrence", [0, 3, -1])
def test_an_occurrence_out_of_range_raises(occurrence: int, article: Article) -> None:
    with pytest.raises(QuoteError, match="occurrence") as raised:
        anchor(article, LEAD, occurrence=occurrence, node="kgd:ev-lead")
    assert "kgd:ev-lead" in str(raised.value)


def test_occurrence_two_of_a_unique_quote_raises(article: Article) -> None:
    with pytest.raises(QuoteError, match="occurrence 2"):
        anchor(article, "ujarnya.", occurrence=2, node="kgd:ev-ujarnya")


# ------------------------------------------------------------------------------ the built evidence


def annotations(built: Built) -> list[URIRef]:
    found = sorted(built.graphs["evidence"].subjects(RDF.type, OA.Annotation))
    assert len(found) >= 20
    return found


def article_text(built: Built) -> str:
    evidence = built.graphs["evidence"]
    articles = list(evidence.subjects(RDF.type, SCHEMA.NewsArticle)) or list(
        built.graphs["data"].subjects(RDF.type, SCHEMA.NewsArticle)
    )
    assert len(articles) == 1
    texts = list(evidence.objects(articles[0], SCHEMA.text))
    assert len(texts) == 1
    return str(texts[0])


def test_the_article_text_in_the_graph_is_the_source_file(kg_built: Built) -> None:
    assert article_text(kg_built) == raw_text()


def test_every_annotation_has_selectors_that_agree_with_the_article(kg_built: Built) -> None:
    text = article_text(kg_built)
    evidence = kg_built.graphs["evidence"]
    for node in annotations(kg_built):
        targets = list(evidence.objects(node, OA.hasTarget))
        assert len(targets) == 1, node
        selectors = list(evidence.objects(targets[0], OA.hasSelector))
        quote = [s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in evidence]
        position = [s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in evidence]
        assert len(quote) == len(position) == 1, node
        exact = str(evidence.value(quote[0], OA.exact))
        start = int(evidence.value(position[0], OA.start))
        end = int(evidence.value(position[0], OA.end))
        assert text[start:end] == exact, node
        assert str(evidence.value(quote[0], OA.prefix)) == text[max(0, start - CONTEXT) : start], (
            node
        )
        assert str(evidence.value(quote[0], OA.suffix)) == text[end : end + CONTEXT], node
        assert (node, KG.quote, None) not in evidence, "kg:quote is authoring input only"


def test_every_annotation_is_asserted_by_exactly_one_known_party(kg_built: Built) -> None:
    evidence = kg_built.graphs["evidence"]
    seen = set()
    for node in annotations(kg_built):
        asserters = list(evidence.objects(node, KG.assertedBy))
        assert len(asserters) == 1 and asserters[0] in ASSERTERS, (node, asserters)
        seen.add(asserters[0])
    assert seen == ASSERTERS, "each of the three parties carries some passage"


def evidence_targets(built: Built, shapes: Graph) -> set[URIRef]:
    """Nodes of the data graph that kgsh:EvidenceShape targets, by class under RDFS."""
    classes = set(shapes.objects(KGSH.EvidenceShape, SH.targetClass))
    assert len(classes) >= 20
    typed = built.graphs["data"] + built.graphs["inferred"]
    data_nodes = set(built.graphs["data"].subjects())
    return {s for cls in classes for s in typed.subjects(RDF.type, cls) if s in data_nodes}


def test_every_evidence_target_is_the_body_of_an_annotation(
    kg_built: Built, shapes_graph: Graph
) -> None:
    evidence = kg_built.graphs["evidence"]
    targets = evidence_targets(kg_built, shapes_graph)
    assert {KGD["andra-soni"], KGD["pemprov-banten"], KGD["tanggal-2025-12-02"]} <= targets
    unsupported = sorted(
        n
        for n in targets
        if not any(
            (a, RDF.type, OA.Annotation) in evidence for a in evidence.subjects(OA.hasBody, n)
        )
    )
    assert not unsupported, f"entities no annotation supports: {unsupported}"


def quoted_passages(text: str) -> list[str]:
    """The passages between straight double quotation marks."""
    return re.findall(r'"([^"]+)"', text)


def test_both_direct_quotes_are_quotations_in_the_graph_verbatim(kg_built: Built) -> None:
    passages = quoted_passages(raw_text())
    assert len(passages) == 2
    data = kg_built.graphs["data"] + kg_built.graphs["inferred"]
    quotations = set(data.subjects(RDF.type, KG.DirectQuotation))
    texts = {data.value(q, SCHEMA.text) for q in quotations}
    assert texts == {Literal(p, lang="id") for p in passages}
    for quotation in quotations:
        assert data.value(quotation, SCHEMA.creator) == KGD["andra-soni"]
        assert data.value(quotation, RDFS.label, any=True) is not None
