"""The facts: the data graph states nothing the article does not support.

Numbers, dates and their status are pinned to the article text (graph/source/article.txt);
the traps of the design notes are checked: the assessment's participant counts are not
statistics of Indonesia, and the indicators and parameters have no values (the article gives
none).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.build.article import Article
from kg.build.pipeline import Built
from kg.vocab import KG, KGD, SDMX_ATTR, SDMX_CODE, STANDARD_PREFIXES

#: Plain namespaces (rdflib's DefinedNamespace XSD warns when pytest inspects module globals).
XSD = STANDARD_PREFIXES["xsd"]
TIME = STANDARD_PREFIXES["time"]

NUMERIC = {
    XSD.integer,
    XSD.decimal,
    XSD.double,
    XSD.float,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.byte,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.nonPositiveInteger,
    XSD.negativeInteger,
    XSD.unsignedInt,
    XSD.unsignedLong,
    XSD.unsignedShort,
    XSD.unsignedByte,
}
STATED_NUMBERS = {38, 415, 93, 19, 65000, 60}
MEASURES = (KG.participantCount, KG.finalistCount, KG.beneficiaryCount, KG.roadSegmentsBuilt)
INSTANCE_NS = str(KGD)


def numbers(graph: Graph) -> list[tuple[URIRef, URIRef, Literal]]:
    return [(s, p, o) for s, p, o in graph if isinstance(o, Literal) and o.datatype in NUMERIC]


def literals_of(graph: Graph, datatype: URIRef) -> set[str]:
    return {str(o) for o in graph.objects() if isinstance(o, Literal) and o.datatype == datatype}


def indonesian(n: int) -> str:
    """How the article writes a number: 65000 -> "65.000"."""
    return f"{n:,}".replace(",", ".")


@pytest.fixture(scope="session")
def data(kg_built: Built) -> Graph:
    return kg_built.graphs["data"]


# ------------------------------------------------------------------------------ numbers


def test_the_numbers_are_exactly_those_of_the_article(data: Graph, kg_built: Built) -> None:
    values = {Decimal(str(o)) for _, _, o in numbers(data)}
    assert values == {Decimal(n) for n in STATED_NUMBERS}
    assert literals_of(data, XSD.gYear) == {"2025"}
    entailed = {Decimal(str(o)) for _, _, o in numbers(kg_built.graphs["inferred"])}
    assert entailed <= values, "inference adds no number"


@pytest.mark.parametrize("n", sorted(STATED_NUMBERS))
def test_every_number_is_written_in_the_article(n: int, article: Article) -> None:
    written = indonesian(n)
    assert re.search(rf"(?<![\d.]){re.escape(written)}(?!\d|\.\d)", article.text), written


def test_the_article_writes_65000_with_a_thousands_separator(article: Article) -> None:
    assert "sekitar 65.000 siswa" in article.text and "65000" not in article.text


def figure_values(data: Graph) -> dict[int, URIRef]:
    """Each figure's one measure value -> its observation status."""
    found: dict[int, URIRef] = {}
    for figure in data.subjects(RDF.type, KG.Figure):
        values = [o for m in MEASURES for o in data.objects(figure, m)]
        statuses = list(data.objects(figure, SDMX_ATTR.obsStatus))
        assert len(values) == 1 and len(statuses) == 1, figure
        found[int(values[0])] = statuses[0]
    return found


def test_only_the_65000_students_are_approximate(data: Graph, article: Article) -> None:
    assert figure_values(data) == {
        38: SDMX_CODE["obsStatus-A"],
        415: SDMX_CODE["obsStatus-A"],
        93: SDMX_CODE["obsStatus-A"],
        19: SDMX_CODE["obsStatus-A"],
        60: SDMX_CODE["obsStatus-A"],
        65000: SDMX_CODE["obsStatus-E"],
    }
    assert "sekitar 65.000" in article.text  # "about": the one approximate number


def test_the_participant_counts_belong_to_the_assessment_not_to_indonesia(
    data: Graph, kg_built: Built
) -> None:
    assessment = KGD["penilaian-kinerja-pemerintahan-daerah-2025"]
    counts = {int(o): s for s, p, o in numbers(data) if p == KG.participantCount}
    assert set(counts) == {38, 415, 93}
    for figure in counts.values():
        assert (figure, KG.figureAbout, assessment) in data
    for graph in (data, kg_built.graphs["inferred"], kg_built.graphs["evidence"]):
        held = [
            (p, o)
            for p, o in graph.predicate_objects(KGD.indonesia)
            if isinstance(o, Literal) and o.datatype in NUMERIC
        ]
        assert not held, f"kgd:indonesia holds numbers: {held}"


# ------------------------------------------------------------------------------ dates


def test_the_dates_are_exactly_those_of_the_article(data: Graph) -> None:
    assert literals_of(data, XSD.date) == {"2025-12-01", "2025-12-02"}
    assert literals_of(data, XSD.gYearMonth) == {"2025-10"}
    assert not literals_of(data, XSD.dateTime) and not literals_of(data, XSD.dateTimeStamp)


def test_the_stated_and_inferred_instants(data: Graph, article: Article) -> None:
    time = TIME
    stated, inferred, month = (
        KGD["tanggal-2025-12-01"],
        KGD["tanggal-2025-12-02"],
        KGD["bulan-2025-10"],
    )
    instants = set(data.subjects(RDF.type, time.Instant))
    assert instants == {stated, inferred, month}
    assert data.value(stated, time.inXSDDate) == Literal("2025-12-01", datatype=XSD.date)
    assert data.value(stated, KG.dateStatus) == KG.stated
    assert data.value(month, time.inXSDgYearMonth) == Literal("2025-10", datatype=XSD.gYearMonth)
    assert data.value(month, KG.dateStatus) == KG.stated
    assert data.value(inferred, time.inXSDDate) == Literal("2025-12-02", datatype=XSD.date)
    assert data.value(inferred, KG.dateStatus) == KG.inferred
    assert data.value(inferred, KG.inferredFrom) == stated
    notes = {o.language for o in data.objects(inferred, KG.inferenceNote)}
    assert {"id", "en"} <= notes
    for instant in (stated, month):
        assert (instant, KG.inferenceNote, None) not in data
        assert (instant, KG.inferredFrom, None) not in data
    # The inference is right: the article says "Senin (1/12/2025)" and later only "Selasa".
    assert "Senin (1/12/2025)" in article.text and "Selasa" in article.text
    assert datetime.date(2025, 12, 1).weekday() == 0  # Monday
    assert datetime.date(2025, 12, 2).weekday() == 1  # Tuesday, the next day
    assert "Oktober 2025" in article.text


# ------------------------------------------------------------------------------ no invented values


def test_indicators_and_parameters_have_no_values(data: Graph, kg_built: Built) -> None:
    typed = data + kg_built.graphs["inferred"]
    concepts = {
        s
        for cls in (KG.Indicator, KG.AssessmentParameter, KG.EconomicIndicator)
        for s in typed.subjects(RDF.type, cls)
    }
    assert len(concepts) == 2 + 6 + 2
    whole = data + kg_built.graphs["evidence"] + kg_built.graphs["inferred"]
    for concept in sorted(concepts):
        valued = [
            (p, o)
            for p, o in whole.predicate_objects(concept)
            if isinstance(o, Literal)
            and (o.datatype in NUMERIC or re.fullmatch(r"[\d.,%\s-]+", str(o)))
        ]
        assert not valued, f"{concept} has values: {valued}"
        figures = [f for f in whole.subjects(KG.figureAbout, concept)]
        assert not figures, f"{concept} is measured by {figures}"


def test_every_entity_has_an_indonesian_and_an_english_label(data: Graph) -> None:
    entities = {
        s for s in data.subjects() if isinstance(s, URIRef) and str(s).startswith(INSTANCE_NS)
    }
    assert len(entities) >= 80
    missing = sorted(
        (str(e), lang)
        for e in entities
        for lang in ("id", "en")
        if not any(
            isinstance(label, Literal) and label.language == lang
            for label in data.objects(e, RDFS.label)
        )
    )
    assert not missing, f"entities without a label in that language: {missing}"
