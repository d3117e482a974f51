"""The frame of every page (brand, menu, footer) comes from the message table in both languages.

Designed to fail: every English value of the frame's messages is collected from the table, and
none may appear as interface text (text outside a ``lang``-tagged data element) in ``?lang=id``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from bs4 import BeautifulSoup

from kg.pages.i18n import STRINGS

pytestmark = pytest.mark.server

ROUTES = ("/", "/article", "/timeline", "/ontology", "/ontology/Award", "/validation")
FRAME = [k for k in STRINGS if k.startswith("b_")] + ["source", "licence", "home", "validation"]
MENU = (
    "/",
    "/article",
    "/claims",
    "/timeline",
    "/sparql",
    "/queries",
    "/ontology",
    "/validation",
    "/search",
)


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


# --- Every route, every word (issue 15) --------------------------------------------------------
# The frame test above checks the frame's own messages. This walk checks the whole page: any
# visible interface text of ``?lang=id`` (text and aria-label/title/placeholder/alt, outside
# data tagged with another language, code and scripts) that contains an English word of the
# message table not also Indonesian, or one of the common English interface words below.

COMMON_ENGLISH = {
    "about", "all", "and", "back", "copy", "download", "error", "examples", "found", "from",
    "language", "loading", "more", "next", "open", "page", "results", "rows", "run",
    "see", "show", "skip", "that", "the", "this", "what", "when", "where", "which", "who", "with",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z]{3,}")
# A token with one of these is a value, not a word: an IRI, a path, a CURIE, a media type, a
# file name, a SPARQL variable, a format name (N-Triples).
VALUE_TOKEN = re.compile(r"[/:?@#_.=<>\"\-]")
SKIP_TAGS = ["script", "style", "code", "pre", "textarea", "kbd", "samp"]
# The neighbourhood picture is aria-hidden and wraps names mid-word; the list beside it holds
# the same names and relations as text, and is checked.
HIDDEN = {"aria-hidden": "true"}
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


def english_words() -> set[str]:
    indonesian = {w.casefold() for ind, _ in STRINGS.values() for w in WORD.findall(ind)}
    english = {w.casefold() for _, en in STRINGS.values() for w in WORD.findall(en)}
    return (english - indonesian) | COMMON_ENGLISH


def _data_lang(node: Any) -> str | None:
    holder = node if getattr(node, "attrs", None) and node.has_attr("lang") else None
    holder = holder or node.find_parent(attrs={"lang": True})
    return None if holder is None else str(holder["lang"])


def visible_interface(html: str) -> list[str]:
    """The page's interface text in ``id`` (what is tagged with another language is data)."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for node in soup.find_all(string=True):
        if node.find_parent(SKIP_TAGS) or node.find_parent(attrs=HIDDEN):
            continue
        if _data_lang(node) not in (None, "id"):
            continue
        if node.strip():
            found.append(node.strip())
    for element in soup.find_all(True):
        if _data_lang(element) not in (None, "id"):
            continue
        found += [f"[{a}] {element[a]}" for a in ATTRIBUTES if element.has_attr(a)]
    return found


def untranslated(html: str, english: set[str]) -> list[str]:
    out = []
    for text in visible_interface(html):
        tokens = [t for t in text.split() if not VALUE_TOKEN.search(t)]
        words = {w.casefold() for t in tokens for w in WORD.findall(t)} & english
        if words:
            out.append(f"{text[:90]!r}: {sorted(words)}")
    return out


def entity_paths(app: Any) -> list[str]:
    ctx = app.extensions["kg"]
    subjects = {
        q.subject.value
        for q in ctx.store.quads(None, None, None)
        if q.subject.value.startswith(ctx.iris.instance_ns)
    }
    return sorted(ctx.iris.path_of(s) for s in subjects)


WALK = {
    "home": ("/",),
    "article": ("/article",),
    "claims": ("/claims",),
    "search": ("/search?q=banten", "/search?q=zzzz"),
    "timeline": ("/timeline",),
    "ontology": ("/ontology",),
    "term": ("/ontology/Award", "/ontology/conferredBy", "/ontology/hasTime"),
    "validation": ("/validation",),
    "sparql": ("/sparql",),
    "queries": ("/queries",),
    "canned": ("/queries/award-giver",),
    "not-found": ("/id/no-such-thing",),
    "error": ("DELETE /search",),
}


def _get(client: Any, path: str) -> str:
    method, _, path = path.rpartition(" ")
    sep = "&" if "?" in path else "?"
    response = client.open(
        f"{path}{sep}lang=id", method=method or "GET", headers={"Accept": "text/html"}
    )
    assert response.mimetype == "text/html", (path, response.status_code)
    return str(response.get_data(as_text=True))


@pytest.mark.parametrize("name", [*WALK, "entity"])
def test_every_route_speaks_indonesian(client: Any, app: Any, name: str) -> None:
    english = english_words()
    paths = WALK.get(name) or tuple(entity_paths(app))
    found = {p: untranslated(_get(client, p), english) for p in paths}
    bad = [f"{p}: {text}" for p, texts in found.items() for text in texts]
    assert bad == [], "\n".join(bad)


def test_the_walk_catches_an_english_string() -> None:
    """The detector itself: an English message in an Indonesian page is found, data is not."""
    english = english_words()
    page = (
        '<html lang="id"><body><p>Properties</p><p lang="en">Properties of the award</p>'
        "<code>the value</code><p>https://kg.example.org/id/the-award</p>"
        '<nav aria-label="Show the menu"></nav></body></html>'
    )
    assert untranslated(page, english) == [
        "'Properties': ['properties']",
        "'[aria-label] Show the menu': ['show', 'the']",
    ]


def visible_in(html: str, lang: str) -> list[str]:
    """Interface text of a page in ``lang``: text outside elements tagged another language."""
    soup = BeautifulSoup(html, "html.parser")
    out = []
    for node in soup.find_all(string=True):
        if node.find_parent(SKIP_TAGS) or node.find_parent(attrs=HIDDEN):
            continue
        if _data_lang(node) in (None, lang) and node.strip():
            out.append(node.strip())
    return out


@pytest.mark.parametrize("name", list(WALK))
def test_every_route_speaks_english(client: Any, name: str) -> None:
    """The other way: no Indonesian message of the table in a ``?lang=en`` page."""
    indonesian = {ind for ind, en in STRINGS.values() if ind != en and len(ind) > 3}
    for path in WALK[name]:
        method, _, bare = path.rpartition(" ")
        sep = "&" if "?" in bare else "?"
        response = client.open(
            f"{bare}{sep}lang=en", method=method or "GET", headers={"Accept": "text/html"}
        )
        found = set(visible_in(response.get_data(as_text=True), "en")) & indonesian
        assert found == set(), (path, found)
