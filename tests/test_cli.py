"""The ``kg`` command end to end: build, validate, export, query, stats, and bad input.

Bad input must give one clear line (file and line, the quote and its node, the format) and an
exit code (2 bad input, 1 violations), never a traceback, and must leave nothing written.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result
from conftest import DATA, REPO, Built
from rdflib import Dataset, Graph

from kg.cli import main
from kg.config import load_settings
from kg.store.embedded import STORE_MANIFEST

FORMATS = {
    "turtle": ("turtle", ox.RdfFormat.TURTLE),
    "nt": ("nt", ox.RdfFormat.N_TRIPLES),
    "xml": ("xml", ox.RdfFormat.RDF_XML),
    "jsonld": ("json-ld", ox.RdfFormat.JSON_LD),
    "trig": ("trig", ox.RdfFormat.TRIG),
    "nquads": ("nquads", ox.RdfFormat.N_QUADS),
}
DATASET_FORMATS = {"trig", "nquads", "jsonld"}


KEMENDAGRI = "https://kg.example.org/id/kemendagri"


def kg(*args: str, root: Path = REPO, build_dir: Path | None = None) -> Result:
    prefix = ["--root", str(root)] + (["--build-dir", str(build_dir)] if build_dir else [])
    return CliRunner().invoke(main, [*prefix, *args], catch_exceptions=False)


@pytest.fixture()
def project(tmp_path: Path) -> Iterator[Path]:
    """A copy of the project's inputs that a test may break."""
    root = tmp_path / "project"
    for folder in ("ontology", "graph", "shapes", "queries"):
        shutil.copytree(REPO / folder, root / folder)
    yield root


def nothing_written(root: Path) -> bool:
    build = root / "build"
    return not (build / "current").exists() and not list(build.glob("releases/*"))


def quads_of(data: bytes, fmt: str) -> set[tuple[str, ...]]:
    """Parse with Oxigraph (an independent parser) into comparable quads."""
    quads = ox.parse(data, format=FORMATS[fmt][1])
    return {
        (
            str(q.subject),
            str(q.predicate),
            str(q.object),
            "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name),
        )
        for q in quads
    }


def test_build_is_deterministic(project: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "b1", tmp_path / "b2"
    assert kg("build", root=project, build_dir=first).exit_code == 0
    assert kg("build", root=project, build_dir=second).exit_code == 0
    one, two = (first / "current").resolve(), (second / "current").resolve()
    names = sorted(p.name for p in one.iterdir())
    assert names == ["dataset.nq", "dataset.trig", "manifest.json", "validation.txt"]
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_build_reports_progress_and_counts(project: Path) -> None:
    result = kg("build", root=project)
    assert result.exit_code == 0
    for step in ("load:", "anchor:", "infer:", "validate:", "write:", "built "):
        assert step in result.stderr
    manifest = json.loads((project / "build" / "current" / "manifest.json").read_text())
    graphs = {k.rsplit("/", 1)[-1]: v for k, v in manifest["graphs"].items()}
    assert set(graphs) == {"ontology", "data", "evidence", "inferred", "void"}
    assert all(count > 0 for count in graphs.values())
    assert manifest["conforms"] is True


def test_validate_conforms(built: Built) -> None:
    result = kg("validate")
    assert result.exit_code == 0
    assert result.stdout.startswith("Conforms: yes")


def test_validate_files(built: Built, tmp_path: Path) -> None:
    result = kg("validate", str(built.output.trig))
    assert result.exit_code == 0, result.output
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix schema: <http://schema.org/> .\n"
        "<https://kg.example.org/id/someone> a schema:Person .\n",
        encoding="utf-8",
    )
    result = kg("validate", str(broken))
    assert result.exit_code == 1
    assert "https://kg.example.org/shapes/PersonShape" in result.stdout
    assert "focus" not in result.stdout or "someone" in result.stdout
    assert "https://kg.example.org/id/someone" in result.stdout


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_round_trips(built: Built, tmp_path: Path, fmt: str) -> None:
    """Every serialization parses back (rdflib and Oxigraph) to the same dataset."""
    out = tmp_path / f"dataset.{fmt}"
    result = kg("export", "--format", fmt, "-o", str(out), build_dir=built.paths.build_dir)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    canonical = quads_of(built.output.nquads.read_bytes(), "nquads")
    parsed = quads_of(data, fmt)
    if fmt in DATASET_FORMATS:
        assert parsed == canonical
    else:
        assert parsed == {(s, p, o, "") for s, p, o, _ in canonical}
    rdflib_graph = Dataset() if fmt in DATASET_FORMATS else Graph()
    rdflib_graph.parse(data=data, format=FORMATS[fmt][0])
    assert len(rdflib_graph) == len({q[:3] for q in canonical}) or len(rdflib_graph) == len(
        canonical
    )


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_is_the_same_bytes_in_fresh_processes(built: Built, fmt: str) -> None:
    """Two interpreters with different hash seeds export identical bytes (issue 12: TriG and
    JSON-LD changed on every run, N-Quads, N-Triples and RDF/XML with the hash seed)."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "kg.cli",
                "--root",
                str(REPO),
                "--build-dir",
                str(built.paths.build_dir),
                "export",
                "--format",
                fmt,
            ],
            env=env,
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0]


def test_export_trig_keeps_named_graphs(built: Built) -> None:
    result = kg("export", "--format", "trig", build_dir=built.paths.build_dir)
    dataset = Dataset()
    dataset.parse(data=result.stdout_bytes, format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {
        f"https://kg.example.org/graph/{n}"
        for n in ("ontology", "data", "evidence", "inferred", "void")
    } <= names


def test_export_jsonld_uses_local_context(built: Built) -> None:
    doc = json.loads(kg("export", "--format", "jsonld", build_dir=built.paths.build_dir).stdout)
    assert isinstance(doc["@context"], dict)  # inline, never a URL to fetch
    assert doc["@context"]["schema"] == "http://schema.org/"


def test_query_formats(built: Built) -> None:
    q = "SELECT ?n WHERE { kgd:andra-soni schema:name ?n }"
    assert "Andra Soni" in kg("query", q, build_dir=built.paths.build_dir).stdout
    assert kg(
        "query", "--format", "csv", q, build_dir=built.paths.build_dir
    ).stdout.splitlines() == ["n", "Andra Soni"]
    doc = json.loads(kg("query", "--format", "json", q, build_dir=built.paths.build_dir).stdout)
    assert doc["results"]["bindings"][0]["n"]["value"] == "Andra Soni"
    ttl = kg(
        "query",
        "--format",
        "turtle",
        "CONSTRUCT { kgd:andra-soni ?p ?o } WHERE { kgd:andra-soni ?p ?o }",
        build_dir=built.paths.build_dir,
    ).stdout_bytes
    assert len(Graph().parse(data=ttl, format="turtle")) > 5


def test_query_labels_as_the_endpoint_does(built: Built) -> None:
    q = "SELECT ?org WHERE { VALUES ?org { kgd:kemendagri } }"
    out = kg("query", "--format", "csv", "--labels", "id", q, build_dir=built.paths.build_dir)
    assert out.stdout.splitlines() == ["org,orgLabel", f"{KEMENDAGRI},Kementerian Dalam Negeri RI"]
    hinted = kg("query", "--format", "csv", "#labels: en\n" + q, build_dir=built.paths.build_dir)
    assert hinted.stdout.splitlines()[0] == "org,orgLabel"
    assert "Ministry of Home Affairs" in hinted.stdout
    assert "orgLabel" in kg("query", "--labels", "en", q, build_dir=built.paths.build_dir).stdout
    bad = kg("query", "--labels", "e n", q, build_dir=built.paths.build_dir)
    assert bad.exit_code != 0 and "--labels: 'e n' is not a language tag" in bad.output
    assert "Traceback" not in bad.output


def test_query_file_with_parameters(built: Built) -> None:
    result = kg(
        "query",
        "-f",
        str(REPO / "queries" / "assessment-indicators.rq"),
        "-p",
        "lang=id",
        "--format",
        "csv",
        build_dir=built.paths.build_dir,
    )
    assert result.exit_code == 0
    assert "Kualitas tata kelola" in result.stdout


def test_stats(built: Built) -> None:
    result = kg("stats", build_dir=built.paths.build_dir)
    assert result.exit_code == 0
    assert "https://kg.example.org/graph/evidence" in result.stdout
    assert "schema:Person" in result.stdout and "oa:Annotation" in result.stdout


# ---------------------------------------------------------------------------- bad input


def one_line_error(result: Result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("kg: error:")]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output + result.stderr
    return lines[0]


def test_malformed_turtle_names_file_line_and_column(project: Path) -> None:
    data = project / "graph" / "data.ttl"
    lines = data.read_text(encoding="utf-8").splitlines()
    lines[29] = 'kgd:broken schema:name "unterminated .'
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = kg("build", root=project)
    assert result.exit_code == 2
    assert f"{data}:30:" in one_line_error(result)
    assert nothing_written(project)


def test_shape_violation_prints_report_and_writes_nothing(project: Path) -> None:
    data = project / "graph" / "data.ttl"
    text = data.read_text(encoding="utf-8")
    # A language-tagged name where the shape wants a plain string (the fact keeps its passage).
    data.write_text(
        text.replace('    schema:name "Andra Soni" ;\n', '    schema:name "Andra Soni"@id ;\n'),
        encoding="utf-8",
    )
    result = kg("build", root=project)
    assert result.exit_code == 1
    assert "https://kg.example.org/shapes/PersonShape" in result.stderr
    assert "https://kg.example.org/id/andra-soni" in result.stderr
    assert nothing_written(project)


def test_quote_not_in_article_names_quote_node_and_closest_passage(project: Path) -> None:
    evidence = project / "graph" / "evidence.ttl"
    text = evidence.read_text(encoding="utf-8")
    evidence.write_text(
        text.replace("telah membangun 60 ruas jalan desa", "telah membangun 61 ruas jalan desa"),
        encoding="utf-8",
    )
    result = kg("build", root=project)
    assert result.exit_code == 2
    line = one_line_error(result)
    assert "ev-bang-andra" in line and "61 ruas" in line
    assert "closest passage" in line and "60 ruas jalan desa" in line
    assert nothing_written(project)


def test_ambiguous_quote_is_refused(project: Path) -> None:
    evidence = project / "graph" / "evidence.ttl"
    text = evidence.read_text(encoding="utf-8")
    evidence.write_text(text.replace("    kg:occurrence 1 ;\n", "", 1), encoding="utf-8")
    result = kg("build", root=project)
    assert result.exit_code == 2
    assert "ambiguous" in one_line_error(result) and "ev-paragraf-pembuka" in result.stderr
    assert nothing_written(project)


def test_missing_article(project: Path) -> None:
    (project / "graph" / "source" / "article.txt").unlink()
    result = kg("build", root=project)
    assert result.exit_code == 2
    assert "article.txt" in one_line_error(result)


def test_missing_file_to_validate(built: Built, tmp_path: Path) -> None:
    result = kg("validate", str(tmp_path / "nope.ttl"))
    assert result.exit_code == 2
    assert "nope.ttl" in one_line_error(result)


def test_unknown_format_is_a_usage_error(built: Built) -> None:
    result = kg("export", "--format", "yaml", build_dir=built.paths.build_dir)
    assert result.exit_code == 2
    assert "yaml" in result.stderr and "Traceback" not in result.stderr


def test_unwritable_output_path(built: Built, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "out.trig"
    result = kg("export", "--format", "trig", "-o", str(target), build_dir=built.paths.build_dir)
    assert result.exit_code == 2
    assert "missing-folder" in one_line_error(result)
    assert not target.exists()


def test_output_path_through_a_file(built: Built, tmp_path: Path) -> None:
    """A path whose parent is a file (not writable as a folder, even for root)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = kg(
        "export", "--format", "trig", "-o", str(blocker / "x.trig"), build_dir=built.paths.build_dir
    )
    assert result.exit_code == 2
    assert "a-file" in one_line_error(result)
    assert blocker.read_text(encoding="utf-8") == "x"


def test_unwritable_build_directory(project: Path) -> None:
    (project / "build").write_text("not a folder", encoding="utf-8")
    result = kg("build", root=project)
    assert result.exit_code == 2
    assert "build" in one_line_error(result)
    assert (project / "build").read_text(encoding="utf-8") == "not a folder"


def test_failed_build_keeps_previous_output(project: Path) -> None:
    assert kg("build", root=project).exit_code == 0
    before = (project / "build" / "current").resolve()
    data = project / "graph" / "data.ttl"
    data.write_text(data.read_text(encoding="utf-8") + "\nthis is not turtle\n", encoding="utf-8")
    assert kg("build", root=project).exit_code == 2
    assert (project / "build" / "current").resolve() == before
    assert kg("stats", root=project).exit_code == 0


def test_base_iri_is_configurable(project: Path) -> None:
    result = kg("build", "--base-iri", "http://data.example.net/banten/", root=project)
    assert result.exit_code == 0, result.stderr
    nq = (project / "build" / "current" / "dataset.nq").read_text(encoding="utf-8")
    assert "<http://data.example.net/banten/id/andra-soni>" in nq
    assert "https://kg.example.org/" not in nq


def test_update_and_service_are_refused_locally(built: Built) -> None:
    for query in (
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    ):
        result = kg("query", query, build_dir=built.paths.build_dir)
        assert result.exit_code == 2
        one_line_error(result)


def test_load_into_an_on_disk_store(built: Built, tmp_path: Path) -> None:
    from kg.store.embedded import open_disk_store

    target = tmp_path / "store"
    result = kg("load", str(built.output.nquads), "--store", str(target))
    assert result.exit_code == 0, result.stderr
    store = open_disk_store(target)
    total = sum(1 for _ in ox.parse(path=str(built.output.nquads), format=ox.RdfFormat.N_QUADS))
    assert sum(store.graph_counts().values()) == total
    assert kg("load", str(built.output.nquads), "--store", str(target)).exit_code == 2  # exists
    assert kg("load", str(built.output.nquads), "--store", str(target), "--replace").exit_code == 0
    assert sum(open_disk_store(target).graph_counts().values()) == total  # replaced, not doubled


def test_load_refuses_a_malformed_dump_and_writes_nothing(tmp_path: Path) -> None:
    dump = tmp_path / "bad.nq"
    dump.write_text("<urn:a> <urn:b> <urn:c> .\n<a> <b> .\n", encoding="utf-8")
    result = kg("load", str(dump), "--store", str(tmp_path / "store"))
    assert result.exit_code == 2
    assert f"{dump}:2:" in one_line_error(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.nq"]


SQ05 = DATA / "w3c" / "sq05.rdf"  # W3C subquery/sq05.rdf: <ex:p rdf:resource=""/>
EX_P = "http://www.example.org/schema#p"
EX_C = "http://www.example.org/instance#c"


def _object_of_c(target: Path) -> str:
    store = ox.Store.read_only(str(target))
    rows = store.query(f"SELECT ?o {{ <{EX_C}> <{EX_P}> ?o }}")
    return str(next(iter(rows))["o"].value)


def test_load_resolves_relative_iris_against_the_file(tmp_path: Path) -> None:
    """RFC 3986 §5.1.3: without --base, the base is the file's own IRI."""
    target = tmp_path / "store"
    result = kg("load", str(SQ05), "--store", str(target))
    assert result.exit_code == 0, result.stderr
    assert _object_of_c(target) == SQ05.resolve().as_uri()


def test_load_resolves_relative_iris_against_the_given_base(tmp_path: Path) -> None:
    target = tmp_path / "store"
    base = "http://www.example.org/data/sq05.rdf"
    result = kg("load", str(SQ05), "--store", str(target), "--base", base)
    assert result.exit_code == 0, result.stderr
    assert _object_of_c(target) == base
    manifest = json.loads((target / STORE_MANIFEST).read_text(encoding="utf-8"))
    assert manifest["base_iri"] == base


def test_load_refuses_a_relative_base(tmp_path: Path) -> None:
    result = kg("load", str(SQ05), "--store", str(tmp_path / "store"), "--base", "data/")
    assert result.exit_code == 2
    assert "--base 'data/' is not an absolute IRI" in one_line_error(result)


def test_query_resolves_relative_iris_against_the_endpoint(built: Built) -> None:
    """``kg query`` reads a query as /sparql does (SPARQL 1.1 Query §4.1.1.1, docs/sparql.md)."""
    base = built.output.manifest["base_iri"]
    q = "SELECT (<s> AS ?v) (<http://example.org/f>(1) AS ?w) {}"
    doc = json.loads(kg("query", "--format", "json", q, build_dir=built.paths.build_dir).stdout)
    assert doc["results"]["bindings"] == [{"v": {"type": "uri", "value": base + "s"}}]


def test_serve_refuses_to_start_when_workers_cannot_be_isolated(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the kernel refuses ``unshare`` (here: the probe says so), the server names the
    problem and the setting, exits 2, and starts nothing; the setting lets it start."""
    import kg.query.workers as workers

    monkeypatch.setattr(workers, "network_isolation_available", lambda: False)
    result = kg("serve", "--port", "9", build_dir=built.paths.build_dir)
    assert result.exit_code == 2
    assert "empty network namespace" in result.stderr
    assert "KG_ALLOW_UNISOLATED_WORKERS=1" in result.stderr
    assert "Serving" not in result.stdout
    settings = load_settings({"ALLOW_UNISOLATED_WORKERS": True})
    assert workers.require_isolation(settings) is False  # accepted: the gate alone


def test_workers_here_can_be_isolated() -> None:
    from kg.query.workers import network_isolation_available, require_isolation

    assert network_isolation_available()  # CI's kernel allows it; the worker tests rely on it
    assert require_isolation(load_settings()) is True
