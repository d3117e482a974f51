"""Statement-level evidence (kg.build.statements): every fact reified, every article fact with
its passage, and ``kg build`` failing, with the triple and its file and line, when one has none.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import REPO
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from kg.build.pipeline import Built
from kg.build.statements import NAMING, statement_iri
from kg.cli import main
from kg.vocab import KG, OA, SCHEMA


def kg(*args: str, root: Path) -> Result:
    return CliRunner().invoke(main, ["--root", str(root), *args], catch_exceptions=False)


@pytest.fixture()
def project(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "project"
    for folder in ("ontology", "graph", "shapes", "queries"):
        shutil.copytree(REPO / folder, root / folder)
    yield root


def _append(path: Path, text: str) -> int:
    """Append ``text`` as the file's last line; its 1-based line number."""
    body = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    path.write_text(body + text + "\n", encoding="utf-8")
    return body.count("\n") + 1


def test_an_unreferenced_fact_fails_the_build_naming_it(project: Path) -> None:
    line = _append(project / "graph" / "data.ttl", "kgd:bang-andra schema:areaServed kgd:jakarta .")
    result = kg("build", root=project)
    assert result.exit_code == 2, result.output
    assert "1 article fact(s) have no passage" in result.output
    assert f"graph/data.ttl:{line}: kgd:bang-andra schema:areaServed kgd:jakarta" in result.output
    assert "Traceback" not in result.output
    assert not (project / "build" / "current").exists()


def test_an_unreferenced_literal_fact_is_located_at_its_line(project: Path) -> None:
    data = project / "graph" / "data.ttl"
    text = data.read_text(encoding="utf-8")
    marker = 'schema:alternateName "Bang Andra" ;'
    data.write_text(
        text.replace(marker, marker + '\n    schema:description "An unsupported value."@en ;'),
        encoding="utf-8",
    )
    line = next(i + 1 for i, row in enumerate(text.split("\n")) if marker in row) + 1
    result = kg("build", root=project)
    assert result.exit_code == 2, result.output
    assert (
        f'graph/data.ttl:{line}: kgd:bang-andra schema:description "An unsupported value."@en'
        in result.output
    )


def test_declaring_the_origin_lets_the_build_pass(project: Path) -> None:
    _append(project / "graph" / "data.ttl", "kgd:jakarta schema:sameAs wd:Q3630 .")
    assert kg("build", root=project).exit_code == 0  # schema:sameAs is declared external


def test_a_supports_pattern_that_names_no_fact_fails(project: Path) -> None:
    evidence = project / "graph" / "evidence.ttl"
    text = evidence.read_text(encoding="utf-8")
    evidence.write_text(
        text.replace(
            "kgd:ev-ujarnya a oa:Annotation ;",
            "kgd:ev-ujarnya a oa:Annotation ;\n"
            "    kg:supports ( kgd:kutipan-jalan-desa schema:creator kgd:antara ) ;",
        ),
        encoding="utf-8",
    )
    result = kg("build", root=project)
    assert result.exit_code == 2
    assert "kgd:ev-ujarnya: kg:supports (kgd:kutipan-jalan-desa schema:creator kgd:antara)" in (
        result.output
    )
    assert "names no fact" in result.output


def _statements(built: Built) -> dict[URIRef, tuple[object, object, object]]:
    evidence = built.graphs["evidence"]
    return {
        st: (
            evidence.value(st, RDF.subject),
            evidence.value(st, RDF.predicate),
            evidence.value(st, RDF.object),
        )
        for st in evidence.subjects(RDF.type, RDF.Statement)
        if isinstance(st, URIRef)
    }


def test_every_fact_of_the_data_graph_is_reified_exactly_once(kg_built: Built) -> None:
    data: Graph = kg_built.graphs["data"]
    facts = {t for t in data if t[1] not in NAMING}
    reified = _statements(kg_built)
    assert len(reified) == len(facts) >= 300
    assert set(reified.values()) == facts  # each reifies a triple the data graph states
    assert all(statement_iri(t) == st for st, t in reified.items())  # type: ignore[arg-type]


def test_every_article_fact_is_derived_from_an_annotation(kg_built: Built) -> None:
    evidence = kg_built.graphs["evidence"]
    annotations = set(evidence.subjects(RDF.type, OA.Annotation))
    origins: Counter[str] = Counter()
    for st in _statements(kg_built):
        origin = evidence.value(st, KG.factOrigin)
        origins[str(origin).rsplit("/", 1)[-1]] += 1
        sources = set(evidence.objects(st, PROV.wasDerivedFrom))
        assert sources <= annotations, st
        if origin == KG.articleFact:
            assert sources, st
    assert set(origins) == {"articleFact", "modellingFact", "externalFact"}
    assert origins["articleFact"] > origins["modellingFact"] > origins["externalFact"]


def test_the_governors_village_roads_claim_is_a_structured_fact(kg_built: Built) -> None:
    evidence = kg_built.graphs["evidence"]
    kgd = "https://kg.example.org/id/"
    for goal in ("aksesibilitas-ekonomi", "aksesibilitas-pendidikan", "aksesibilitas-kesehatan"):
        triple = (URIRef(kgd + "bang-andra"), KG.claimedEffectOn, URIRef(kgd + goal))
        assert triple in kg_built.graphs["data"]
        sources = set(evidence.objects(statement_iri(triple), PROV.wasDerivedFrom))
        assert sources == {URIRef(kgd + "ev-kutipan-jalan-desa")}


def test_every_asserted_passage_is_a_schema_claim(kg_built: Built) -> None:
    evidence = kg_built.graphs["evidence"]
    annotations = sorted(evidence.subjects(RDF.type, OA.Annotation))
    claims = set(evidence.subjects(RDF.type, SCHEMA.Claim))
    assert claims == set(annotations) and len(claims) == 23
    for claim in annotations:
        assert evidence.value(claim, SCHEMA.author) == evidence.value(claim, KG.assertedBy)
        assert evidence.value(claim, SCHEMA.appearance) == evidence.value(claim, OA.hasTarget)
        assert (evidence.value(claim, SCHEMA.dateCreated) is None) == (
            evidence.value(claim, KG.claimDateStatus) == KG.notStated
        )
        assert (evidence.value(claim, SCHEMA.locationCreated) is None) == (
            evidence.value(claim, KG.claimPlaceStatus) == KG.notStated
        )


def test_claims_say_when_and_where_only_what_the_article_states(kg_built: Built) -> None:
    evidence = kg_built.graphs["evidence"]
    kgd = "https://kg.example.org/id/"
    focus = URIRef(kgd + "ev-kutipan-fokus-ketimpangan")
    assert evidence.value(focus, KG.claimKind) == KG.kindDirectQuote
    assert evidence.value(focus, SCHEMA.isBasedOn) == URIRef(kgd + "kutipan-fokus-ketimpangan")
    assert str(evidence.value(focus, SCHEMA.dateCreated)) == "2025-12-02"
    assert evidence.value(focus, KG.claimDateStatus) == KG.inferred  # from "Selasa"
    assert evidence.value(focus, SCHEMA.locationCreated) == URIRef(kgd + "kota-serang")
    roads = URIRef(kgd + "ev-kutipan-jalan-desa")  # the article gives no date or place for it
    assert evidence.value(roads, KG.claimDateStatus) == KG.notStated
    assert evidence.value(roads, KG.claimPlaceStatus) == KG.notStated
    kinds = Counter(
        str(evidence.value(c, KG.claimKind)).rsplit("/", 1)[-1]
        for c in evidence.subjects(RDF.type, SCHEMA.Claim)
    )
    assert kinds == {
        "kindReport": 13,
        "kindAssessment": 5,
        "kindReportedSpeech": 3,
        "kindDirectQuote": 2,
    }
