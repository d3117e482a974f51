"""The HTML pages: content a person needs, valid HTML5, language switch, security headers."""

from __future__ import annotations

import re
from typing import Any

import html5rdf
import pytest

#: Every test here runs on the embedded store and on an external SPARQL store.
pytestmark = pytest.mark.remote

PAGES = [
    "/",
    "/article",
    "/timeline",
    "/validation",
    "/ontology",
    "/ontology/Award",
    "/ontology/conferredBy",
    "/ontology/stated",
    "/search?q=banten",
    "/id/andra-soni",
    "/id/penghargaan-kinerja-pemerintahan-daerah-2025",
    "/id/ev-judul",
    "/dataset",
    "/id/antara-pemprov-banten-fokus-upayakan-penurunan-ketimpangan-kesejahteraan",
    "/id/no-such-page",
]


def get_html(client: Any, path: str, lang: str = "en") -> str:
    response = client.get(path, headers={"Accept": "text/html", "Accept-Language": lang})
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_valid_html5_with_lang_headings_and_card(client: Any, path: str) -> None:
    body = get_html(client, path)
    html5rdf.HTMLParser(strict=True).parse(body)  # raises on any HTML5 parse error
    assert re.search(r'<html lang="(en|id)">', body)
    assert body.count("<h1") == 1
    assert "sha256:" in body and "CC BY 4.0" in body and 'href="/article"' in body  # dataset card
    assert " style=" not in body  # the CSP forbids inline styles
    scripts = re.findall(r"<script([^>]*)>", body)
    assert all('type="application/ld+json"' in attrs or "src=" in attrs for attrs in scripts)


@pytest.mark.parametrize("path", ["/", "/id/andra-soni", "/article", "/ontology"])
def test_html_carries_csp_and_nosniff(client: Any, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_home_has_counts_entry_points_search_and_links(client: Any) -> None:
    body = get_html(client, "/")
    for href in (
        "/id/andra-soni",
        "/id/penghargaan-kinerja-pemerintahan-daerah-2025",
        "/id/bang-andra",
        "/sparql",
        "/.well-known/void",
        "/dumps/dataset.ttl",
        "/dumps/dataset.nq",
        "/ontology/Award",
        "/timeline",
    ):
        assert f'href="{href}"' in body, href
    assert 'action="/search"' in body
    assert re.search(r'href="/ontology/AssessmentParameter"[^<]*</a></td><td class="num">6<', body)


def test_entity_page_shows_evidence_with_highlight_and_article_link(client: Any) -> None:
    body = get_html(client, "/id/andra-soni")
    assert "<mark>Gubernur Andra Soni menerima penghargaan" in body
    assert 'href="/article#ev-keterangan-foto"' in body
    assert re.search(r'Asserted by: <a href="/id/antara"', body)
    assert 'Asserted by: <a href="/id/andra-soni"' in body  # his own statements
    assert "<svg" in body and 'href="/id/gubernur-banten"' in body  # neighbourhood diagram
    assert 'href="/sparql?query=SELECT' in body
    assert 'href="/id/andra-soni.ttl"' in body and 'href="/id/andra-soni.jsonld"' in body
    assert '<script type="application/ld+json">' in body and '"@type": "Person"' in body
    assert "Conforms to every shape that applies." in body
    assert 'href="/validation#PersonShape"' in body


def test_every_evidence_link_lands_on_an_anchor_of_the_article(client: Any) -> None:
    article = get_html(client, "/article")
    anchors = set(re.findall(r'<mark class="passage[^"]*" id="([^"]+)"', article))
    assert len(anchors) >= 20
    for path in ("/id/andra-soni", "/id/pemprov-banten", "/id/bang-andra", "/id/inflasi"):
        links = set(re.findall(r'href="/article#([^"]+)"', get_html(client, path)))
        assert links and links <= anchors, path


def test_article_links_mentions_to_entities(client: Any) -> None:
    body = get_html(client, "/article")
    for href, words in (
        ("/id/kemendagri", "Kemendagri"),
        ("/id/bang-andra", "Bang Andra"),
        ("/id/jakarta", "Jakarta"),
        ("/id/andra-soni", "Andra Soni"),
    ):
        assert f'<a class="mention" href="{href}">{words}</a>' in body
    assert '<a class="mention" href="/id/antara">antara</a>' not in body  # "between", not ANTARA


def test_figures_read_with_about_and_separators(client: Any) -> None:
    assert "about 65,000" in get_html(client, "/id/penerima-manfaat-pendidikan-gratis", "en")
    assert "sekitar 65.000" in get_html(client, "/id/penerima-manfaat-pendidikan-gratis", "id")
    road = get_html(client, "/id/ruas-jalan-bang-andra-2025", "en")
    assert '<data value="60">60</data>' in road and "about 60" not in road


def test_dates_are_written_out_in_the_page_language(client: Any) -> None:
    path = "/id/tanggal-2025-12-01"
    assert '<time datetime="2025-12-01">1 December 2025</time>' in get_html(client, path)
    assert '<time datetime="2025-12-01">1 Desember 2025</time>' in get_html(client, path, "id")


def test_language_switch_sets_a_cookie_and_changes_labels(client: Any) -> None:
    english = get_html(client, "/id/pemprov-banten?lang=en")
    assert "<h1" in english and "Banten Provincial Government</h1>" in english
    response = client.get("/id/pemprov-banten?lang=id", headers={"Accept": "text/html"})
    assert "lang=id" in response.headers["Set-Cookie"]
    assert "Pemerintah Provinsi Banten</h1>" in response.get_data(as_text=True)
    # The cookie now decides, over Accept-Language.
    after = get_html(client, "/id/pemprov-banten", lang="en")
    assert "Pemerintah Provinsi Banten</h1>" in after and '<html lang="id">' in after
    client.get("/?lang=en")  # leave the shared client as it was


def test_timeline_lists_the_dated_events_in_order(client: Any) -> None:
    body = get_html(client, "/timeline")
    order = [body.index(f'datetime="{d}"') for d in ("2025", "2025-10", "2025-12-01", "2025-12-02")]
    assert order == sorted(order)
    for href in (
        "/id/ruas-jalan-bang-andra-2025",
        "/id/penilaian-kinerja-pemerintahan-daerah-2025",
        "/id/penganugerahan-pemprov-banten",
        "/id/keterangan-gubernur-kota-serang",
    ):
        assert f'href="{href}"' in body
    assert '<small class="inferred">inferred</small>' in body and "Tuesday" in body


def test_validation_page_lists_shapes_with_their_focus_nodes(client: Any) -> None:
    body = get_html(client, "/validation")
    assert re.search(r"\d+ shapes, 0 violations", body)
    assert 'id="PersonShape"' in body and 'id="BilingualLabelShape"' in body
    text = client.get("/validation?format=text")
    assert text.mimetype == "text/plain" and text.get_data(as_text=True).startswith("Conforms:")


def test_ontology_overview_and_term_pages(client: Any) -> None:
    overview = get_html(client, "/ontology")
    for section in (
        'id="classes"',
        'id="object_properties"',
        'id="datatype_properties"',
        'id="namespaces"',
        "1.1.0",
    ):
        assert section in overview
    award = get_html(client, "/ontology/AwardConferral")
    assert '<span lang="id">Pemberian penghargaan</span>' in award  # both languages listed
    assert '<span lang="en">Award conferral</span>' in award
    assert 'href="http://schema.org/GiveAction"' in award  # alignment, superclass
    assert 'href="/id/penganugerahan-pemprov-banten"' in award  # instance
    assert 'href="/ontology/awardCategory"' in award  # in the domain of
    prop = get_html(client, "/ontology/conferredBy")
    assert 'href="http://www.w3.org/ns/prov#wasAttributedTo"' in prop
    assert 'href="/ontology/Award"' in prop and 'href="http://schema.org/Organization"' in prop
    assert 'href="/id/penghargaan-kinerja-pemerintahan-daerah-2025"' in prop  # a use


def test_pages_never_show_raw_iris_for_labelled_properties(client: Any) -> None:
    body = get_html(client, "/id/keterangan-gubernur-kota-serang")
    rows = re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a>', body)
    assert rows and not [r for r in rows if r.startswith(("http", "schema:", "kg:"))]
