"""A fact-checker's path in real headless Chromium against the real server, with screenshots.

Home → search "andra" → the governor → the award he received on Banten's behalf → the award
itself → an evidence link, which must land on the highlighted sentence of the article view.
Then the language switch, keyboard reach, and a phone-sized viewport. No request may leave
127.0.0.1 and the console must stay free of errors (CSP violations included).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from _browser import Watch, chromium
from conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _tab(browser: Any, **options: Any) -> tuple[Any, Any, Watch]:
    context = browser.new_context(locale="en-GB", **options)
    tab = context.new_page()
    return context, tab, Watch(tab)


def shot(tab: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"pages-{name}.png"), full_page=True)


def test_from_home_to_the_sentence_behind_the_award(live_server: Any, browser: Any) -> None:
    context, tab, watch = _tab(browser, viewport={"width": 1280, "height": 900})
    tab.goto(live_server.url + "/")
    shot(tab, "1-home")
    tab.fill("#q", "andra")
    tab.press("#q", "Enter")
    tab.wait_for_url("**/search?q=andra*")
    shot(tab, "2-search")
    first = tab.locator("ol.results li a").first
    assert first.inner_text() == "Andra Soni"
    first.click()
    tab.wait_for_url("**/id/andra-soni")
    assert tab.inner_text("h1") == "Andra Soni"
    shot(tab, "3-governor")
    tab.locator("table.properties a[href='/id/penganugerahan-pemprov-banten']").first.click()
    tab.wait_for_url("**/id/penganugerahan-pemprov-banten")
    shot(tab, "4-conferral")
    award = "/id/penghargaan-kinerja-pemerintahan-daerah-2025"
    tab.locator(f"section.statements a[href='{award}']").first.click()  # a statement card
    tab.wait_for_url("**/id/penghargaan-kinerja-pemerintahan-daerah-2025")
    assert tab.inner_text("h1") == "2025 Regional Government Performance Award"
    shot(tab, "5-award")
    link = tab.locator("figure.passage a.evidence-link").first
    anchor = link.get_attribute("href").split("#", 1)[1]
    exact = tab.locator("figure.passage mark").first.inner_text()
    link.click()
    tab.wait_for_url(f"**/article#{anchor}")
    target = tab.locator(f"mark#{anchor}")
    assert target.inner_text() == exact
    assert tab.evaluate("document.querySelector(':target').id") == anchor
    background = "e => getComputedStyle(e).backgroundColor"
    assert target.evaluate(background) != tab.locator("mark.passage:not(:target)").first.evaluate(
        background
    )
    box, viewport = target.bounding_box(), tab.viewport_size
    assert box is not None and box["y"] + box["height"] > 0 and box["y"] < viewport["height"]
    shot(tab, "6-article-at-evidence")
    assert watch.external == [] and watch.errors == []
    context.close()


def test_language_switch_changes_the_labels(live_server: Any, browser: Any) -> None:
    context, tab, watch = _tab(browser, viewport={"width": 1280, "height": 900})
    tab.goto(live_server.url + "/id/pemprov-banten")
    assert tab.inner_text("h1") == "Banten Provincial Government"
    assert tab.get_attribute("html", "lang") == "en"
    tab.click("nav.lang-switch a[hreflang='id']")
    tab.wait_for_url("**lang=id")
    assert tab.inner_text("h1") == "Pemerintah Provinsi Banten"
    assert tab.get_attribute("html", "lang") == "id"
    assert "Bukti dari artikel" in tab.inner_text("main")
    shot(tab, "7-language-id")
    tab.goto(live_server.url + "/id/kemendagri")  # the choice sticks (cookie)
    assert tab.inner_text("h1") == "Kementerian Dalam Negeri RI"
    tab.click("nav.lang-switch a[hreflang='en']")
    tab.wait_for_url("**lang=en")
    assert tab.inner_text("h1") == "Ministry of Home Affairs of the Republic of Indonesia"
    assert watch.external == [] and watch.errors == []
    context.close()


def test_keyboard_reaches_the_search_box_and_a_phone_can_read_pages(
    live_server: Any, browser: Any
) -> None:
    context, tab, watch = _tab(
        browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    tab.goto(live_server.url + "/")
    for _ in range(40):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == "q":
            break
    assert tab.evaluate("document.activeElement.id") == "q"
    for path in ("/", "/id/andra-soni", "/article", "/ontology/Award", "/timeline"):
        tab.goto(live_server.url + path)
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)
    tab.goto(live_server.url + "/id/andra-soni")
    shot(tab, "8-phone-governor")
    assert watch.external == [] and watch.errors == []
    context.close()
