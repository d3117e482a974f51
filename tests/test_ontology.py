"""The ontology (ontology/*.ttl): lint queries, OWL 2 RL consistency, RDFS entailments, vocab sync.

Lint is written as SPARQL that must return no rows (schemaorg ``software/tests/test_graphs.py``,
``assertNoMatch``): each row names what is missing. The queries run over the ontology graph as
the build loads it (kg.ttl + reused-terms.ttl).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.build.pipeline import Built, check_owl_rl
from kg.errors import InputError
from kg.vocab import KG, KGD, SCHEMA, sparql_prologue

ONTOLOGY_IRI = "https://kg.example.org/ontology"

#: Own classes and properties: owl:Class / owl:ObjectProperty / owl:DatatypeProperty under kg:.
OWN_TERMS = """
    ?term a ?kind .
    VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }
    FILTER (STRSTARTS(STR(?term), STR(kg:)))
"""

LINT: dict[str, str] = {
    "the ontology header is complete": f"""
        SELECT ?missing WHERE {{
            VALUES (?missing ?property ?lang ?datatype) {{
                ("dct:title @id" dct:title "id" UNDEF) ("dct:title @en" dct:title "en" UNDEF)
                ("dct:description @id" dct:description "id" UNDEF)
                ("dct:description @en" dct:description "en" UNDEF)
                ("owl:versionIRI" owl:versionIRI UNDEF UNDEF)
                ("owl:versionInfo" owl:versionInfo UNDEF UNDEF)
                ("dct:license" dct:license UNDEF UNDEF)
                ("dct:created (xsd:date)" dct:created UNDEF xsd:date)
                ("dct:modified (xsd:date)" dct:modified UNDEF xsd:date)
            }}
            FILTER NOT EXISTS {{
                <{ONTOLOGY_IRI}> a owl:Ontology ; ?property ?value .
                FILTER (!BOUND(?lang) || LANGMATCHES(LANG(?value), ?lang))
                FILTER (!BOUND(?datatype) || DATATYPE(?value) = ?datatype)
                FILTER (?property != owl:versionIRI || (isIRI(?value)
                        && STRSTARTS(STR(?value), STR(kg:))))
            }}
        }}""",
    "own terms have labels and comments in Indonesian and English": f"""
        SELECT ?term ?missing WHERE {{
            {OWN_TERMS}
            VALUES (?missing ?property ?lang) {{
                ("rdfs:label @id" rdfs:label "id") ("rdfs:label @en" rdfs:label "en")
                ("rdfs:comment @id" rdfs:comment "id") ("rdfs:comment @en" rdfs:comment "en")
            }}
            FILTER NOT EXISTS {{
                ?term ?property ?value .
                FILTER (LANGMATCHES(LANG(?value), ?lang) && STRLEN(STR(?value)) > 0)
            }}
        }}""",
    "own terms are defined by the ontology": f"""
        SELECT ?term WHERE {{
            {OWN_TERMS}
            FILTER NOT EXISTS {{ ?term rdfs:isDefinedBy <{ONTOLOGY_IRI}> }}
        }}""",
    "own terms are aligned to a standard term": f"""
        SELECT ?term WHERE {{
            {OWN_TERMS}
            FILTER NOT EXISTS {{
                ?term (rdfs:subClassOf|rdfs:subPropertyOf)+ ?standard .
                FILTER (isIRI(?standard) && !STRSTARTS(STR(?standard), STR(kg:))
                        && ?standard NOT IN (owl:Thing, rdfs:Resource, owl:topObjectProperty,
                                             owl:topDataProperty))
            }}
        }}""",
    "own terms are aligned only through kinds of term of their own sort": f"""
        SELECT ?term ?super WHERE {{
            {OWN_TERMS}
            ?term ?axiom ?super .
            VALUES ?axiom {{ rdfs:subClassOf rdfs:subPropertyOf }}
            FILTER ((?axiom = rdfs:subClassOf) != (?kind = owl:Class))
        }}""",
}


def rows(graph: Graph, query: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in graph.query(sparql_prologue() + query)]


@pytest.fixture(scope="session")
def ontology(kg_built: Built) -> Graph:
    return kg_built.graphs["ontology"]


def test_the_ontology_declares_its_own_terms(ontology: Graph) -> None:
    """The lint below is not vacuous: there are own classes and properties to check."""
    own = rows(ontology, f"SELECT DISTINCT ?term WHERE {{ {OWN_TERMS} }}")
    assert len(own) >= 40
    assert (str(KG.ProvincialGovernment),) in own and (str(KG.assertedBy),) in own


@pytest.mark.parametrize("name", sorted(LINT))
def test_lint(name: str, ontology: Graph) -> None:
    found = rows(ontology, LINT[name])
    assert found == [], f"{name}: {found}"


@pytest.mark.parametrize(
    "name, broken",
    [
        ("the ontology header is complete", f"DELETE WHERE {{ <{ONTOLOGY_IRI}> dct:modified ?d }}"),
        (
            "own terms have labels and comments in Indonesian and English",
            "DELETE WHERE { kg:Ministry rdfs:comment ?c }",
        ),
        (
            "own terms are defined by the ontology",
            "DELETE WHERE { kg:outlook rdfs:isDefinedBy ?o }",
        ),
        (
            "own terms are aligned to a standard term",
            "DELETE WHERE { kg:Programme rdfs:subClassOf ?c . kg:Policy rdfs:subClassOf ?d }",
        ),
        (
            "own terms are aligned only through kinds of term of their own sort",
            "INSERT DATA { kg:awardYear rdfs:subClassOf schema:Intangible }",
        ),
    ],
)
def test_lint_finds_a_defect(name: str, broken: str, ontology: Graph) -> None:
    """Each lint query returns a row once its rule is broken."""
    copy = Graph()
    copy += ontology
    copy.update(sparql_prologue() + broken)
    assert rows(copy, LINT[name])


# ------------------------------------------------------------------------------ OWL 2 RL


def test_the_graph_is_consistent_under_owl_rl(kg_built: Built) -> None:
    graphs = kg_built.graphs
    check_owl_rl(graphs["ontology"], graphs["data"] + graphs["evidence"])


@pytest.mark.parametrize(
    "triple",
    [
        (KGD["andra-soni"], RDF.type, SCHEMA.Organization),  # schema:Person owl:disjointWith it
        (KGD.banten, RDF.type, KG.ProvincialGovernment),  # kg:Province owl:disjointWith it
        (KGD["keberpihakan-wilayah-perdesaan"], RDF.type, SCHEMA.Event),  # kg:Policy, disjoint
    ],
    ids=["person-as-organisation", "province-as-its-government", "policy-as-event"],
)
def test_owl_rl_finds_an_inconsistency(
    triple: tuple[URIRef, URIRef, URIRef], kg_built: Built
) -> None:
    graphs = kg_built.graphs
    asserted = graphs["data"] + graphs["evidence"]
    asserted.add(triple)
    with pytest.raises(InputError, match="inconsistent under OWL 2 RL") as raised:
        check_owl_rl(graphs["ontology"], asserted)
    assert "Disjoint classes" in str(raised.value) and str(triple[0]) in str(raised.value)


# ------------------------------------------------------------------------------ RDFS entailment


def instances(built: Built, cls: URIRef) -> set[URIRef]:
    entailed = built.graphs["data"] + built.graphs["inferred"]
    return {s for s in entailed.subjects(RDF.type, cls) if isinstance(s, URIRef)}


def test_the_governor_is_the_one_person(kg_built: Built) -> None:
    assert instances(kg_built, SCHEMA.Person) == {KGD["andra-soni"]}


def test_the_bodies_are_organisations_by_inference(kg_built: Built) -> None:
    bodies = {KGD["pemprov-banten"], KGD.kemendagri, KGD["dprd-banten"], KGD.antara}
    assert bodies <= instances(kg_built, SCHEMA.Organization)
    for body in bodies:  # asserted as kg: subclasses; the schema.org type is entailed
        assert (body, RDF.type, SCHEMA.Organization) in kg_built.graphs["inferred"]
    assert KGD["andra-soni"] not in instances(kg_built, SCHEMA.Organization)
    assert KGD.banten not in instances(kg_built, SCHEMA.Organization)
    assert KGD["pemprov-banten"] not in instances(kg_built, SCHEMA.Place)


def test_the_ceremony_and_the_assessment_are_events(kg_built: Built) -> None:
    events = instances(kg_built, SCHEMA.Event)
    assert {
        KGD["malam-penganugerahan-apresiasi-kinerja-pemerintahan-daerah-2025"],
        KGD["penilaian-kinerja-pemerintahan-daerah-2025"],
    } <= events
    assert not {KGD["keberpihakan-wilayah-perdesaan"], KGD["bang-andra"]} & events


# ------------------------------------------------------------------------------ vocab sync

_TERM_PATTERNS = (
    re.compile(r"(?<![\w-])kg:([A-Za-z_][\w-]*)"),
    re.compile(r"\bKG\.([A-Za-z_]\w*)"),
    re.compile(r"""\bKG\[["']([^"']+)["']\]"""),
    re.compile(r"https://kg\.example\.org/ontology/([A-Za-z_][\w-]*)"),
)


def used_terms(files: list[Path]) -> dict[str, set[str]]:
    """kg: terms named in ``files`` (prefixed names, KG.x in Python, full IRIs) -> files."""
    used: dict[str, set[str]] = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern in _TERM_PATTERNS:
            for name in pattern.findall(text):
                where = path.relative_to(REPO) if path.is_relative_to(REPO) else path
                used.setdefault(name.rstrip("-."), set()).add(str(where))
    return used


def test_every_kg_term_used_is_declared(ontology: Graph) -> None:
    files = sorted(
        [
            *REPO.glob("graph/*.ttl"),
            *REPO.glob("shapes/*.ttl"),
            *REPO.glob("queries/*.rq"),
            *REPO.glob("src/kg/**/*.py"),
        ]
    )
    used = used_terms(files)
    assert {"assertedBy", "quote", "Figure"} <= set(used), "the scan finds the terms in use"
    declared = {
        str(s)[len(str(KG)) :]
        for s in set(ontology.subjects(RDF.type, None))
        if str(s).startswith(str(KG))
    }
    undeclared = {name: sorted(where) for name, where in used.items() if name not in declared}
    assert not undeclared, f"kg: terms used but not declared in ontology/: {undeclared}"


def test_the_vocab_scan_catches_an_undeclared_term(tmp_path: Path) -> None:
    stray = tmp_path / "stray.ttl"
    stray.write_text(
        "@prefix kg: <https://kg.example.org/ontology/> .\n<x> kg:awardedOn kg:Nothing .\n",
        encoding="utf-8",
    )
    assert set(used_terms([stray])) == {"awardedOn", "Nothing"}
