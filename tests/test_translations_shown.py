"""The dataset's English translations under the Indonesian passages (issue 13): every passage in
the English interface, none in the Indonesian one, and always marked as not the article's words."""

from __future__ import annotations

import json
from typing import Any

import pytest
from test_article_view import _soup

pytestmark = pytest.mark.remote


def _passages(client: Any) -> list[dict[str, Any]]:
    return list(json.loads(client.get("/article?format=json&lang=en").data)["passages"])


def test_every_passage_has_a_translation_in_the_article_data(client: Any) -> None:
    passages = _passages(client)
    assert len(passages) == 23
    assert all(p["translation"] and p["translation"] != p["exact"] for p in passages)


def test_the_english_article_view_shows_each_translation_under_its_passage(client: Any) -> None:
    items = _soup(client, "/article?lang=en").select("ol.passage-list > li")
    assert len(items) == 23
    for item in items:
        shown = item.select("p.translation[lang=en]")
        assert len(shown) == 1, item.get_text(" ")[:80]
        assert shown[0].select_one(".translation-note")  # marked as the dataset's own words
        q = item.select_one("q[lang=id]")
        assert q is not None and q.sourceline <= shown[0].sourceline  # under the original


def test_the_indonesian_interface_shows_no_translation(client: Any) -> None:
    for path in (
        "/article?lang=id",
        "/id/kemendagri?lang=id",
        "/id/ev-kriteria-penghargaan?lang=id",
    ):
        assert not _soup(client, path).select(".translation"), path


def test_evidence_and_entity_pages_show_the_translation_in_english(client: Any) -> None:
    by_annotation = {p["annotation"]: p["translation"] for p in _passages(client)}
    soup = _soup(client, "/id/ev-kriteria-penghargaan?lang=en")
    texts = [t.get_text(" ") for t in soup.select("p.translation[lang=en]")]
    expected = by_annotation["https://kg.example.org/id/ev-kriteria-penghargaan"]
    assert any(expected in t for t in texts)
    ministry = _soup(client, "/id/kemendagri?lang=en").select("section.asserts li")
    assert ministry and all(li.select("p.translation[lang=en]") for li in ministry)
