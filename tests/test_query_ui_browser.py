"""The query editor in headless Chromium, against the live server, with no network beyond it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from _browser import Watch, chromium
from conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture()
def page(browser: Any) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    watch = Watch(tab)
    yield tab, watch
    context.close()


def _example_with_rows(live_server: Any, app: Any) -> str:
    """The name of a competency question whose default answer has rows."""
    for name in app.extensions["kg"].canned:
        answer = requests.get(f"{live_server.url}/queries/{name}.json", timeout=10).json()
        if answer.get("results", {}).get("bindings"):
            return name
    pytest.fail("no canned query has rows")


def test_example_runs_and_shows_a_linked_labelled_table(live_server: Any, app: Any,
                                                        page: tuple[Any, Watch]) -> None:
    tab, watch = page
    name = _example_with_rows(live_server, app)
    tab.goto(live_server.url + "/sparql")
    assert tab.locator("#highlight .tok-keyword").count() > 0  # syntax highlighting
    tab.click(f'button.example[data-name="{name}"]')
    tab.wait_for_selector("table.results tbody tr", timeout=15_000)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "query-ui-example.png"), full_page=True)
    assert tab.locator("table.results tbody tr").count() >= 1
    assert "rows in" in tab.inner_text("#status")
    assert tab.locator("#downloads a.download").count() == 4
    local = tab.locator('table.results a[href^="/id/"]')
    if local.count():
        first = local.first
        assert first.inner_text() != first.get_attribute("title")  # a label, not the raw IRI
    permalink = tab.get_attribute("#permalink", "href")
    assert permalink and "query=" in permalink
    assert watch.external == [] and watch.errors == []


def test_permalink_reopens_and_reruns_the_query(live_server: Any, page: tuple[Any, Watch]) -> None:
    tab, watch = page
    query = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?s ?label WHERE { ?s rdfs:label ?label } LIMIT 3"
    tab.goto(live_server.url + "/sparql?query=" + requests.utils.quote(query))
    tab.wait_for_selector("table.results tbody tr", timeout=15_000)
    assert tab.locator("table.results tbody tr").count() == 3
    assert tab.input_value("#query") == query
    download = tab.get_attribute("#downloads a:has-text('CSV')", "href")
    csv = requests.get(live_server.url + download, timeout=10)
    assert csv.headers["Content-Type"] == "text/csv; charset=utf-8" and len(csv.text.splitlines()) == 4
    assert watch.external == [] and watch.errors == []


def test_syntax_error_is_displayed_with_its_position(live_server: Any, page: tuple[Any, Watch]) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql")
    tab.fill("#query", "SELECT * WHERE {\n  ?s ?p \n")
    tab.click("#run")
    tab.wait_for_selector("#error:not([hidden])", timeout=15_000)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "query-ui-error.png"))
    assert "line" in tab.inner_text("#error") and "column" in tab.inner_text("#error")
    assert "HTTP 400" in tab.inner_text("#status")
    assert watch.external == []
