"""The article view by asserter (issue 13): colours, symbols and underline styles per asserter
with a legend, a filter by plain link, footnotes on the page, and its data in every format."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.remote

MINISTRY = "https://kg.example.org/id/kemendagri"
CSS = Path(__file__).resolve().parents[1] / "src" / "kg" / "web" / "static" / "claims-ui.css"


def _soup(client: Any, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _claims(client: Any) -> list[dict[str, Any]]:
    return list(json.loads(client.get("/api/claims?lang=en").data)["claims"])


def test_every_passage_is_marked_as_its_asserters(client: Any) -> None:
    claims = {c["annotation"].rsplit("/", 1)[-1]: c for c in _claims(client)}
    soup = _soup(client, "/article?lang=en")
    marks = soup.select("article.article-text mark.passage")
    assert {m["id"] for m in marks} == set(claims)
    legend = {a["data-asserter"]: a for a in soup.select("nav.asserter-legend a[data-asserter]")}
    assert set(legend) == {c["asserted_by"] for c in claims.values()}
    symbols = {a.select_one("[aria-hidden]").get_text() for a in legend.values()}
    assert len(symbols) == len(legend)  # one symbol each: colour is not the only cue
    for mark in marks:
        claim = claims[mark["id"]]
        assert mark["data-asserter"] == claim["asserted_by"]
        swatch = legend[claim["asserted_by"]].select_one(".swatch")
        by = next(c for c in swatch["class"] if c.startswith("by-"))
        assert by in mark["class"]
        ref = mark.find_next_sibling("a")
        assert ref is not None and "ev-ref" in ref["class"]
        symbol = swatch.select_one("[aria-hidden]").get_text()
        assert ref.select_one(".by-symbol").get_text() == symbol
        assert claim["asserted_by_label"] in ref["aria-label"]
    counts = {c["asserted_by"]: 0 for c in claims.values()}
    for c in claims.values():
        counts[c["asserted_by"]] += 1
    for iri, a in legend.items():
        assert f"({counts[iri]})" in a.find_parent("li").get_text()


def test_footnotes_stay_on_the_page_and_lead_back(client: Any) -> None:
    soup = _soup(client, "/article?lang=en")
    refs = soup.select("a.ev-ref")
    assert len(refs) == len(soup.select("mark.passage"))
    for ref in refs:
        target = ref["href"]
        assert target.startswith("#fn-")
        note = soup.select_one(f"ol.passage-list li[id='{target[1:]}']")
        assert note is not None, target
        back = note.select_one("a.backref")["href"]
        assert soup.select_one(f"mark[id='{back[1:]}']") is not None
        assert "…" not in note.select_one("q").get_text()  # whole passages, never cut


def test_the_filter_works_without_script(client: Any) -> None:
    own = [c for c in _claims(client) if c["asserted_by"] == MINISTRY]
    soup = _soup(client, "/article?lang=en&asserter=" + quote(MINISTRY, safe=""))
    marks = soup.select("mark.passage")
    assert [m.get_text() for m in marks] == [c["exact"] for c in own]
    assert len(soup.select("ol.passage-list > li")) == len(own)
    current = soup.select_one("nav.asserter-legend a[aria-current]")
    assert current is not None and current["data-asserter"] == MINISTRY
    # The other passages keep their anchors, unmarked: links to them still land.
    assert soup.select_one("span.passage-off[id='ev-judul']") is not None
    assert soup.select_one("nav.asserter-legend a[href='/article']") is not None


def test_bad_filter_and_format_are_clear_errors(client: Any) -> None:
    response = client.get(
        "/article?asserter=https://example.org/nobody", headers={"Accept": "text/plain"}
    )
    assert response.status_code == 400
    assert "nobody" in response.get_data(as_text=True)
    assert client.get("/article?format=xml").status_code == 406
    assert client.get("/timeline?format=xml").status_code == 406


def test_the_article_links_its_data_in_every_format(client: Any) -> None:
    soup = _soup(client, "/article?lang=en")
    links = {a["type"]: a["href"] for a in soup.select("p.data-links a[type]")}
    for media in (
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/rdf+xml",
        "application/json",
        "text/plain",
        "text/csv",
    ):
        assert media in links, media
        response = client.get(links[media])
        assert response.status_code == 200 and response.mimetype == media, links[media]
    data = json.loads(client.get(links["application/json"]).data)
    text = client.get("/article?format=text").get_data(as_text=True)
    assert len(data["passages"]) == len(_claims(client))
    for p in data["passages"]:
        assert text[p["start"] : p["end"]] == p["exact"]


def test_the_timeline_links_its_data(client: Any) -> None:
    soup = _soup(client, "/timeline?lang=en")
    links = {a["type"]: a["href"] for a in soup.select("p.data-links a[type]")}
    rows = json.loads(client.get(links["application/json"]).data)["events"]
    table = list(csv.DictReader(io.StringIO(client.get(links["text/csv"]).get_data(as_text=True))))
    assert rows and [r["thing"] for r in rows] == [r["thing"] for r in table]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert {"2025-12-01", "2025-12-02"} <= {r["date"] for r in rows}


def _luminance(hex_colour: str) -> float:
    """WCAG 2.2 relative luminance of ``#rrggbb``."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_asserter_colours_have_enough_contrast() -> None:
    """Text (#111) and links (the accent, #0b5cad) on every asserter's background: 4.5:1
    (WCAG 2.2 SC 1.4.3); the underline against white: 3:1 (SC 1.4.11)."""
    css = CSS.read_text()
    rules = re.findall(
        r"\.by-(\d)[^{]*\{ background: (#[0-9a-f]{6}); border-bottom: 3px \w+ (#[0-9a-f]{6})",
        css,
    )
    assert len(rules) == 4
    styles = re.findall(r"\.by-\d[^{]*\{ background: #[0-9a-f]{6}; border-bottom: 3px (\w+)", css)
    assert len(set(styles)) == 4  # four underline styles: not colour alone (SC 1.4.1)
    target = re.search(r"mark\.passage\[id\]:target \{ background: (#[0-9a-f]{6})", css)
    assert target is not None  # the sentence a link lands on, highlighted
    rules.append(("target", target.group(1), "#b33c00"))
    for _, background, line in rules:
        assert _contrast("#111111", background) >= 4.5
        assert _contrast("#0b5cad", background) >= 4.5
        assert _contrast(line, "#ffffff") >= 3
