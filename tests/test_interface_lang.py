"""The frame of every page (brand, menu, footer) comes from the message table in both languages.

Designed to fail: every English value of the frame's messages is collected from the table, and
none may appear as interface text (text outside a ``lang``-tagged data element) in ``?lang=id``.
"""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup

from kg.pages.i18n import STRINGS

pytestmark = pytest.mark.server

ROUTES = ("/", "/article", "/timeline", "/ontology", "/ontology/Award", "/validation")
FRAME = [k for k in STRINGS if k.startswith("b_")] + ["source", "licence", "home", "validation"]
MENU = ("/", "/article", "/timeline", "/sparql", "/queries", "/ontology", "/validation", "/search")


def interface_text(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = set()
    for node in soup.find_all(string=True):
        if node.find_parent(attrs={"lang": "en"}) or node.find_parent(["script", "style"]):
            continue
        found.add(node.strip())
    return found


@pytest.mark.parametrize("path", ROUTES)
def test_the_frame_is_indonesian(client: Any, path: str) -> None:
    response = client.get(path + "?lang=id")
    assert response.status_code == 200
    text = interface_text(response.get_data(as_text=True))
    english = {STRINGS[k][1] for k in FRAME if STRINGS[k][0] != STRINGS[k][1]}
    assert english & text == set()
    assert {STRINGS[k][0] for k in ("b_version", "b_software", "b_brand")} <= text


def test_the_menu_lists_every_main_page(client: Any) -> None:
    soup = BeautifulSoup(client.get("/?lang=en").get_data(as_text=True), "html.parser")
    links = [a["href"] for a in soup.select("header.site nav a")]
    assert tuple(links) == MENU
