"""The competency questions in queries/*.rq, each with the answer the article supports.

Every file in queries/ must have an entry here (a new question without an expected answer
fails the suite), and each question must have a title in English and Indonesian.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from conftest import REPO, Built

from kg.iris import IRIs
from kg.query.canned import load_canned, parse_canned
from kg.query.local import run_local_query
from kg.vocab import prefixes

KGD = "https://kg.example.org/id/"
KG = "https://kg.example.org/ontology/"
Rows = list[dict[str, str]]


def ask(built: Built, name: str, **params: str) -> Rows:
    """Run queries/NAME.rq with its defaults (overridden by ``params``); rows of plain values."""
    canned = parse_canned(REPO / "queries" / f"{name}.rq", prefixes(IRIs()))
    body = run_local_query(built.output, canned.text, "json", canned.bindings(params))
    doc = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def column(rows: Rows, name: str) -> list[str]:
    return [r[name] for r in rows]


def check_award_giver(rows: Rows) -> None:
    assert len(rows) == 1
    row = rows[0]
    assert row["giver"] == KGD + "kemendagri"
    assert row["date"] == "2025-12-01"
    assert row["place"] == KGD + "jakarta"
    assert (
        row["ceremony"] == KGD + "malam-penganugerahan-apresiasi-kinerja-pemerintahan-daerah-2025"
    )


def check_award_recipient(rows: Rows) -> None:
    assert [(r["recipient"], r["category"], r["person"], r["post"]) for r in rows] == [
        (
            KGD + "pemprov-banten",
            KGD + "kategori-kapasitas-fiskal-tinggi",
            KGD + "andra-soni",
            KGD + "gubernur-banten",
        )
    ]
    assert rows[0]["categoryLabel"] == "Regions with high fiscal capacity"


def check_award_criterion(rows: Rows) -> None:
    assert len(rows) == 1
    assert rows[0]["passage"].startswith(
        "Penghargaan tersebut diberikan kepada daerah dengan kapasitas fiskal tinggi"
    )
    assert rows[0]["assertedBy"] == KGD + "kemendagri"


def check_free_fee(rows: Rows) -> None:
    assert {r["students"] for r in rows} == {"65000"}
    assert {r["approximate"] for r in rows} == {"true"}
    assert sorted(column(rows, "schoolType")) == [KGD + "skh", KGD + "sma", KGD + "smk"]


def check_bang_andra(rows: Rows) -> None:
    assert [(r["programme"], r["fullName"], r["segments"], r["year"]) for r in rows] == [
        (KGD + "bang-andra", "Bangun Jalan Desa Sejahtera", "60", "2025")
    ]


def check_indicators(rows: Rows) -> None:
    assert sorted(column(rows, "indicator")) == [
        KGD + "akselerasi-pelaksanaan-psn",
        KGD + "kualitas-tata-kelola",
    ]


def check_parameters(rows: Rows) -> None:
    assert sorted(column(rows, "parameter")) == sorted(
        KGD + p
        for p in (
            "pengendalian-kemiskinan",
            "inflasi",
            "penyerapan-tenaga-kerja",
            "pertumbuhan-ekonomi",
            "pelayanan-dasar",
            "penurunan-rasio-gini",
        )
    )
    gini = [r for r in rows if r["parameter"].endswith("penurunan-rasio-gini")]
    assert gini[0]["relatedIndicator"] == KGD + "rasio-gini"


def check_participants(rows: Rows) -> None:
    assert [(r["regionType"], r["participants"]) for r in rows] == [
        (KGD + "kabupaten", "415"),
        (KGD + "kota", "93"),
        (KGD + "provinsi", "38"),
    ]


def check_finalists(rows: Rows) -> None:
    assert [(r["finalists"], r["since"]) for r in rows] == [("19", "2025-10")]


def check_governor_quotes(rows: Rows) -> None:
    assert len(rows) == 2
    located = [r for r in rows if "place" in r]
    assert [(r["place"], r["date"], r["dateStatus"]) for r in located] == [
        (KGD + "kota-serang", "2025-12-02", KG + "inferred")
    ]
    assert located[0]["text"].startswith("Upaya menurunkan ketimpangan adalah fokus kami.")


def check_statements(rows: Rows) -> None:
    kinds = sorted(r["kind"].removeprefix(KG) for r in rows)
    assert kinds == [
        "DirectQuotation",
        "DirectQuotation",
        "PressStatement",
        "ReportedSpeech",
        "ReportedSpeech",
        "ReportedSpeech",
    ]


def check_evidence_for(rows: Rows) -> None:
    names = column(rows, "annotation")
    assert KGD + "ev-paragraf-pembuka" in names and KGD + "ev-keterangan-foto" not in names
    assert all(int(r["start"]) < int(r["end"]) for r in rows)
    assert column(rows, "start") == sorted(column(rows, "start"), key=int)


def check_claims_by_asserter(rows: Rows) -> None:
    assert {r["assertedBy"] for r in rows} == {
        KGD + "antara",
        KGD + "andra-soni",
        KGD + "kemendagri",
    }
    assert sum(int(r["passages"]) for r in rows) == 23


def check_policy_goals(rows: Rows) -> None:
    pairs = {(r["policy"].removeprefix(KGD), r["goal"].removeprefix(KGD)) for r in rows}
    assert ("pendidikan-gratis-sekolah-swasta", "pemerataan-akses-pendidikan") in pairs
    assert ("bang-andra", "pengurangan-ketimpangan-ekonomi") in pairs
    assert ("keberpihakan-wilayah-perdesaan", "penurunan-ketimpangan-kesejahteraan") in pairs


def check_rpjmd(rows: Rows) -> None:
    assert [(r["plan"], r["vision"], r["policyLabel"]) for r in rows] == [
        (
            KGD + "rpjmd-banten",
            "Provinsi yang maju, adil-merata, dan bebas korupsi",
            "Perbaikan infrastruktur desa",
        )
    ]


def check_governor_post(rows: Rows) -> None:
    assert [(r["person"], r["name"], r["government"], r["place"]) for r in rows] == [
        (KGD + "andra-soni", "Andra Soni", KGD + "pemprov-banten", KGD + "banten")
    ]


def check_timeline(rows: Rows) -> None:
    assert [
        (r["when"], r["thing"].removeprefix(KGD), r["status"].removeprefix(KG)) for r in rows
    ] == [
        ("2025", "bang-andra", "stated"),
        ("2025-10", "penilaian-kinerja-pemerintahan-daerah-2025", "stated"),
        ("2025-12-01", "malam-penganugerahan-apresiasi-kinerja-pemerintahan-daerah-2025", "stated"),
        ("2025-12-01", "penganugerahan-pemprov-banten", "stated"),
        ("2025-12-02", "keterangan-gubernur-kota-serang", "inferred"),
    ]


def check_inferred_dates(rows: Rows) -> None:
    assert [(r["date"], r["from"]) for r in rows] == [("2025-12-02", KGD + "tanggal-2025-12-01")]
    assert "Selasa" in rows[0]["note"]


def check_figures(rows: Rows) -> None:
    assert [(r["value"], r["approximate"]) for r in rows] == [
        ("65000", "true"),
        ("415", "false"),
        ("93", "false"),
        ("60", "false"),
        ("38", "false"),
        ("19", "false"),
    ]


def check_ntp(rows: Rows) -> None:
    assert [r["programme"] for r in rows] == [KGD + "bang-andra"]
    assert "Nilai Tukar Petani (NTP)" in rows[0]["quoteText"]


def check_gini(rows: Rows) -> None:
    assert [(r["parameter"], r["wikidata"]) for r in rows] == [
        (KGD + "penurunan-rasio-gini", "http://www.wikidata.org/entity/Q162455")
    ]


def check_agreed(rows: Rows) -> None:
    assert [(r["agent"], r["parliament"], r["policy"], r["area"]) for r in rows] == [
        (
            KGD + "pemprov-banten",
            KGD + "dprd-banten",
            KGD + "keberpihakan-wilayah-perdesaan",
            KGD + "wilayah-perdesaan-banten",
        )
    ]


def check_fact_origins(rows: Rows) -> None:
    """Every article fact has a passage; modelling and external triples have none."""
    counts = {r["origin"].removeprefix(KG): (int(r["facts"]), int(r["referenced"])) for r in rows}
    assert set(counts) == {"articleFact", "modellingFact", "externalFact"}
    facts, referenced = counts["articleFact"]
    assert facts == referenced >= 190
    assert counts["modellingFact"][1] == counts["externalFact"][1] == 0


EXPECTED: dict[str, Callable[[Rows], None]] = {
    "award-giver": check_award_giver,
    "award-recipient": check_award_recipient,
    "award-criterion": check_award_criterion,
    "free-fee-beneficiaries": check_free_fee,
    "bang-andra": check_bang_andra,
    "assessment-indicators": check_indicators,
    "assessment-parameters": check_parameters,
    "assessment-participants": check_participants,
    "assessment-finalists": check_finalists,
    "governor-quotes": check_governor_quotes,
    "statements-by-speaker": check_statements,
    "evidence-for": check_evidence_for,
    "claims-by-asserter": check_claims_by_asserter,
    "policy-goals": check_policy_goals,
    "rpjmd-vision": check_rpjmd,
    "governor-post": check_governor_post,
    "timeline": check_timeline,
    "inferred-dates": check_inferred_dates,
    "figures": check_figures,
    "ntp-claims": check_ntp,
    "gini": check_gini,
    "agreed-with-parliament": check_agreed,
    "fact-origins": check_fact_origins,
}


def test_every_question_has_an_expected_answer() -> None:
    files = set(load_canned(REPO / "queries", prefixes(IRIs())))
    assert files == set(EXPECTED)
    assert len(files) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_competency_question(built: Built, name: str) -> None:
    EXPECTED[name](ask(built, name))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_question_titles_in_both_languages(name: str) -> None:
    canned = parse_canned(REPO / "queries" / f"{name}.rq", prefixes(IRIs()))
    assert set(canned.titles) >= {"en", "id"}
    assert all(title.strip() for title in canned.titles.values())


def test_parameters_change_the_answer(built: Built) -> None:
    """Parameters are bound as RDF terms: another value gives another (correct) answer."""
    assert ask(built, "award-giver", year="2024") == []
    assert column(ask(built, "assessment-indicators", lang="id"), "label") == [
        "Akselerasi pelaksanaan Program Strategis Nasional (PSN)",
        "Kualitas tata kelola",
    ]
    rows = ask(built, "evidence-for", entity=KGD + "bang-andra")
    assert {r["annotation"] for r in rows} == {KGD + "ev-bang-andra", KGD + "ev-kutipan-jalan-desa"}


def test_hostile_parameter_is_not_spliced(built: Built) -> None:
    """A value that would inject SPARQL if spliced is just a (non-matching) literal."""
    rows = ask(built, "bang-andra", short='Bang Andra" } UNION { ?programme ?p ?o')
    assert rows == []
