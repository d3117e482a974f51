"""/claims in real headless Chromium: everything the ministry asserts in at most two clicks.

Starts at /claims (the home page's navigation belongs to another change): one click on the
ministry's facet lists its claims, a second lands on the sentence in the article view.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from _browser import Watch, chromium
from conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.server]

MINISTRY = "https://kg.example.org/id/kemendagri"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def shot(tab: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"claims-{name}.png"), full_page=True)


def test_everything_the_ministry_asserts_in_two_clicks(live_server: Any, browser: Any) -> None:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    watch = Watch(tab)
    expected = [
        c
        for c in tab.request.get(live_server.url + "/api/claims?lang=en").json()["claims"]
        if c["asserted_by"] == MINISTRY
    ]
    assert expected
    tab.goto(live_server.url + "/claims")
    shot(tab, "1-all")
    facet = tab.locator(f"nav.facets a[data-asserter='{MINISTRY}']")
    assert f"({len(expected)})" in facet.locator("xpath=..").inner_text()
    facet.click()  # click 1
    tab.wait_for_url("**/claims?asserter=*")
    rows = tab.locator("ol.claims li.claim")
    assert rows.count() == len(expected)
    assert [rows.nth(i).locator("blockquote").inner_text() for i in range(rows.count())] == [
        c["exact"] for c in expected
    ]
    assert tab.locator("ol.claims li.claim[data-asserter='" + MINISTRY + "']").count() == len(
        expected
    )
    shot(tab, "2-ministry")
    anchor = expected[0]["annotation"].rsplit("/", 1)[-1]
    rows.first.locator("a.evidence-link").click()  # click 2
    tab.wait_for_url(f"**/article#{anchor}")
    assert tab.locator(f"mark#{anchor}").inner_text() == expected[0]["exact"]
    shot(tab, "3-sentence")
    assert watch.external == [] and watch.errors == []
    context.close()
