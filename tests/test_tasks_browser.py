"""Issue 13's six reader tasks in real headless Chromium, each from the home page in at most two
clicks (a search submitted with Enter counts as one), with a screenshot of every step.

Screenshots go to ``KG_TEST_ARTIFACTS`` when set, else the suite's ``test-artifacts/`` (ignored
by git).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _browser import Watch, chromium
from conftest import ARTIFACTS as DEFAULT_ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.server]

ARTIFACTS = Path(os.environ.get("KG_TEST_ARTIFACTS") or DEFAULT_ARTIFACTS)
GOVERNOR = "https://kg.example.org/id/andra-soni"
MINISTRY = "https://kg.example.org/id/kemendagri"
MAX_CLICKS = 2


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


class Task:
    """One task in a fresh tab from the home page, counting the clicks it takes."""

    def __init__(self, browser: Any, url: str, name: str) -> None:
        self.context = browser.new_context(
            locale="en-GB", viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        self.tab = self.context.new_page()
        self.watch = Watch(self.tab)
        self.name = name
        self.clicks = 0
        self.tab.goto(url + "/?lang=en")
        self.shot("0-home")

    def shot(self, step: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.tab.screenshot(path=str(ARTIFACTS / f"task-{self.name}-{step}.png"), full_page=True)

    def click(self, locator: Any) -> None:
        self.clicks += 1
        locator.click()
        self.tab.wait_for_load_state()
        self.shot(f"{self.clicks}-click")

    def search(self, words: str) -> None:
        self.clicks += 1
        self.tab.fill("#q", words)
        self.tab.press("#q", "Enter")
        self.tab.wait_for_url("**/search?q=*")
        self.shot(f"{self.clicks}-search")

    def download(self, locator: Any) -> str:
        self.clicks += 1
        with self.tab.expect_download() as info:
            locator.click()
        path = info.value.path()
        return Path(path).read_text(encoding="utf-8")

    def done(self) -> None:
        assert self.clicks <= MAX_CLICKS, f"{self.name}: {self.clicks} clicks"
        assert self.watch.external == [] and self.watch.errors == []
        self.context.close()


def _claims(task: Task, url: str) -> list[dict[str, Any]]:
    return list(task.tab.request.get(url + "/api/claims?lang=en").json()["claims"])


def test_what_the_governor_said_about_village_roads(live_server: Any, browser: Any) -> None:
    task = Task(browser, live_server.url, "village-roads")
    expected = next(
        c
        for c in _claims(task, live_server.url)
        if c["asserted_by"] == GOVERNOR and "jalan-jalan desa" in c["exact"]
    )
    task.click(task.tab.locator("p.who-said-what a[href='/claims']"))
    task.click(task.tab.locator("nav.facets a[href*='asserter=']", has_text="Andra Soni"))
    quotes = task.tab.locator("ol.claims li blockquote")
    texts = [quotes.nth(i).inner_text() for i in range(quotes.count())]
    assert any(expected["exact"] in text for text in texts)  # the exact sentence, whole
    task.done()


def test_how_many_students_and_whether_approximate(live_server: Any, browser: Any) -> None:
    task = Task(browser, live_server.url, "students")
    task.search("siswa")
    task.click(task.tab.locator("ol.results a[href='/id/penerima-manfaat-pendidikan-gratis']"))
    count = task.tab.locator(
        "section.statements .card[data-property='https://kg.example.org/ontology/beneficiaryCount']"
    )
    assert count.locator("data").inner_text() == "about 65,000"
    assert count.locator("data").get_attribute("value") == "65000"
    status = task.tab.locator("section.statements .card[data-property$='obsStatus']")
    assert "Estimated value" in status.inner_text()
    task.done()


def test_who_gave_the_award_when_and_where(live_server: Any, browser: Any) -> None:
    task = Task(browser, live_server.url, "award")
    task.click(task.tab.locator("ul.entry-points a[href='/id/penganugerahan-pemprov-banten']"))

    def card(prop: str) -> str:
        text: str = task.tab.locator(
            f"section.statements > .card[data-property='{prop}'] .card-values > li > a, "
            f"section.statements > .card[data-property='{prop}'] .card-values > li > time"
        ).first.inner_text()
        return text

    assert (
        card("http://schema.org/agent") == "Ministry of Home Affairs of the Republic of Indonesia"
    )
    assert "1 December 2025" in card("http://www.w3.org/2006/time#hasTime")
    assert card("http://schema.org/location") == "Jakarta"
    # The sentence that says where: the second click opens the card's references.
    where = task.tab.locator(
        "section.statements > .card[data-property='http://schema.org/location']"
    )
    task.click(where.locator("details.refs > summary").first)
    assert "di Jakarta, Senin (1/12/2025)" in where.locator("li.reference q").first.inner_text()
    task.done()


def test_everything_the_ministry_asserts(live_server: Any, browser: Any) -> None:
    task = Task(browser, live_server.url, "ministry")
    expected = [c["exact"] for c in _claims(task, live_server.url) if c["asserted_by"] == MINISTRY]
    task.search("kemendagri")
    task.click(task.tab.locator("ol.results a[href='/id/kemendagri']").first)
    quotes = task.tab.locator("section.asserts ol.asserted-claims blockquote")
    assert [quotes.nth(i).inner_text() for i in range(quotes.count())] == expected
    task.done()


def test_the_whole_graph_as_json_ld(live_server: Any, browser: Any) -> None:
    task = Task(browser, live_server.url, "jsonld")
    text = task.download(task.tab.locator("ul.dumps a[type='application/ld+json']"))
    document = json.loads(text)
    graphs = document if isinstance(document, list) else document.get("@graph", [document])
    names = {g.get("@id") for g in graphs}
    assert {"https://kg.example.org/graph/data", "https://kg.example.org/graph/evidence"} <= names
    assert sum(len(g.get("@graph", [])) for g in graphs) > 100
    assert "kemendagri" in text and "andra-soni" in text
    task.done()


def test_a_csv_of_all_quotes_with_speaker_names(live_server: Any, browser: Any) -> None:
    task = Task(browser, live_server.url, "quotes-csv")
    task.click(task.tab.locator("p.who-said-what a[href='/claims']"))
    text = task.download(task.tab.locator("a[type='text/csv']").first)
    rows = list(csv.DictReader(io.StringIO(text)))
    quotes = [r for r in rows if r["kind"] == "direct-quote"]
    assert quotes and all(r["asserter_label"] == "Andra Soni" for r in quotes)
    assert all(r["exact"] and r["start"] and r["end"] for r in quotes)
    task.done()


def test_copy_citation_copies_without_network(live_server: Any, browser: Any) -> None:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    tab = context.new_page()
    watch = Watch(tab)
    tab.goto(live_server.url + "/id/kutipan-jalan-desa?lang=en")
    button = tab.locator("figure.passage button.copy-cite").first
    assert button.is_visible()  # revealed by the script; hidden without it
    expected = button.get_attribute("data-citation")
    button.click()
    status = tab.locator("figure.passage .copy-status").first
    status.wait_for(state="visible")
    assert status.inner_text() == "Citation copied."
    assert tab.evaluate("navigator.clipboard.readText()") == expected
    assert expected.startswith("“Ketika jalan-jalan desa") and "paragraph 11" in expected
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "task-copy-citation.png"))
    assert watch.external == [] and watch.errors == []
    context.close()
