"""``/validation`` reads right: a computed tally first, a result per shape, real failures loud.

The passing case is the session's build. The failing case is a broken copy of the same graph
(one entity loses its Indonesian label), validated exactly as the build validates, its text
report read back as the server reads ``validation.txt`` and served by the same app.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.build.pipeline import Built
from kg.build.validate import validate
from kg.pages.conformance import read_report
from kg.rdfio import parse_turtle, rebase

pytestmark = pytest.mark.server


def page(client: Any, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def said(node: Any) -> str:
    """The text a reader sees: whitespace collapsed."""
    return re.sub(r"\s+", " ", node.get_text()).strip()


def shape_rows(soup: BeautifulSoup) -> list[Any]:
    table = soup.select_one("table.shapes")
    assert table is not None
    return list(table.select("tbody tr"))


def test_a_passing_build_reads_as_passing(client: Any, app: Any) -> None:
    soup = page(client, "/validation?lang=en")
    with app.app_context():
        from kg.web.site import site

        listed = len(site().shapes)
    rows = shape_rows(soup)
    assert len(rows) == listed > 0
    summary = soup.select_one("#summary")
    assert summary is not None and "ok" in summary["class"]
    assert said(summary).startswith(f"{listed} shapes, 0 violations")
    text = soup.get_text()
    assert "Violation" not in text, "no row has a result, so no severity may be shown"
    assert soup.select("section.failures") == []
    for row in rows:
        assert row.select_one("td.result").get_text(strip=True) == "passed"
        count = row.select_one("td.num").get_text(strip=True)
        assert count.isdigit()
    # The counts are the store's, not constants: PersonShape targets every schema:Person.
    person = soup.select_one("tr#PersonShape td.num")
    assert person is not None and int(person.get_text()) >= 1


def test_the_summary_is_translated(client: Any) -> None:
    soup = page(client, "/validation?lang=id")
    summary = soup.select_one("#summary")
    assert summary is not None
    assert re.search(r"^\d+ bentuk, 0 pelanggaran", said(summary))
    assert "lolos" in soup.select_one("table.shapes td.result").get_text()


def test_an_invalid_graph_shows_its_failures(
    client: Any, app: Any, kg_built: Built, tmp_path: Path
) -> None:
    graphs = kg_built.graphs
    data = graphs["data"] + graphs["evidence"] + graphs["ontology"]
    person = next(s for s in data.subjects(RDFS.label, None) if str(s).endswith("/id/andra-soni"))
    assert isinstance(person, URIRef)
    dropped = [
        o for o in data.objects(person, RDFS.label) if isinstance(o, Literal) and o.language == "id"
    ]
    assert dropped, "the fixture entity has an Indonesian label to drop"
    for label in dropped:
        data.remove((person, RDFS.label, label))
    shapes = rebase(parse_turtle(REPO / "shapes" / "kg.shapes.ttl"), kg_built.iris)
    report = validate(data, shapes, graphs["ontology"])
    assert not report.conforms and report.results
    written = tmp_path / "validation.txt"
    written.write_text(report.text(), encoding="utf-8")
    violations = sum(1 for r in report.results if r.severity == "Violation")

    with app.app_context():
        from kg.web import get_kg
        from kg.web.site import site

        ctx = get_kg()
        good = site()
        ctx.cache["site"] = replace(good, report=read_report(written))
        try:
            soup = page(client, "/validation?lang=en")
        finally:
            ctx.cache["site"] = good

    summary = soup.select_one("#summary")
    assert summary is not None and "bad" in summary["class"]
    assert said(summary).startswith(f"{len(good.shapes)} shapes, {violations} violations")
    assert "does not conform" in said(summary)
    failures = soup.select("section.failures tbody tr")
    assert len(failures) == len(report.results)
    assert any("/id/andra-soni" in str(row) for row in failures)
    row = soup.select_one("tr#BilingualLabelShape")
    assert row is not None and "bad" in row["class"]
    assert "Violation" in row.select_one("td.result").get_text()
    # Every other shape still reads as passed: the failure is where it happened, not everywhere.
    failing = {r["id"] for r in shape_rows(soup) if "bad" in r.get("class", [])}
    assert "BilingualLabelShape" in failing and len(failing) < len(shape_rows(soup))
