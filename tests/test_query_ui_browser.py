"""The query editor in headless Chromium, against the live server, with no network beyond it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

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


def set_query(tab: Any, text: str) -> None:
    """Replace the editor's text as a person would: select all, then type (paste-like)."""
    tab.click(".cm-content")
    tab.keyboard.press("Control+a")
    tab.keyboard.insert_text(text)


def _example_with_rows(live_server: Any, app: Any) -> str:
    """The name of a competency question whose default answer has rows."""
    for name in app.extensions["kg"].canned:
        answer = requests.get(f"{live_server.url}/queries/{name}.json", timeout=10).json()
        if answer.get("results", {}).get("bindings"):
            return name
    pytest.fail("no canned query has rows")


def test_example_runs_and_shows_a_linked_labelled_table(
    live_server: Any, app: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    name = _example_with_rows(live_server, app)
    tab.goto(live_server.url + "/sparql")
    assert tab.locator(".cm-editor .cm-line span").count() > 0  # syntax highlighting
    tab.click(f'a.example[data-name="{name}"]')
    tab.wait_for_selector("table.results tbody tr", timeout=15_000)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "query-ui-example.png"), full_page=True)
    assert tab.locator("table.results tbody tr").count() >= 1
    assert re.fullmatch(r"[\d,]+ rows? in \d+\.\d\d s", tab.inner_text("#status"))  # timed here
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
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?s ?label WHERE { ?s rdfs:label ?label } LIMIT 3"
    )
    tab.goto(live_server.url + "/sparql?query=" + requests.utils.quote(query))
    tab.wait_for_selector("table.results tbody tr", timeout=15_000)
    assert tab.locator("table.results tbody tr").count() == 3
    assert tab.input_value("#query") == query
    download = tab.get_attribute("#downloads a:has-text('CSV')", "href")
    csv = requests.get(live_server.url + download, timeout=10)
    assert csv.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert len(csv.text.splitlines()) == 4
    assert watch.external == [] and watch.errors == []


def test_syntax_error_is_displayed_with_its_position(
    live_server: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql")
    set_query(tab, "SELECT * WHERE {\n  ?s ?p \n")
    tab.click("#run")
    tab.wait_for_selector("#error:not([hidden])", timeout=15_000)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "query-ui-error.png"))
    assert "line" in tab.inner_text("#error") and "column" in tab.inner_text("#error")
    assert "HTTP 400" in tab.inner_text("#status")
    assert watch.external == []


def test_loading_a_page_with_an_answer_does_not_run_the_query_again(
    live_server: Any, page: tuple[Any, Watch]
) -> None:
    """The server drew the answer; the script only enhances it (no second evaluation)."""
    tab, watch = page
    asked: list[str] = []
    tab.on("request", lambda r: asked.append(r.url) if urlparse(r.url).path == "/sparql" else None)
    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2"
    tab.goto(live_server.url + "/sparql?query=" + requests.utils.quote(query))
    tab.wait_for_load_state("networkidle")
    assert tab.locator(".cm-editor").count() == 1  # the script did run
    assert tab.locator("table.results tbody tr").count() == 2
    assert len(asked) == 1 and tab.inner_text("#elapsed") == ""
    assert watch.external == [] and watch.errors == []


def test_a_run_in_place_keeps_the_page_language(live_server: Any, page: tuple[Any, Watch]) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql?lang=id")
    set_query(tab, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2")
    tab.keyboard.press("Control+Enter")
    tab.wait_for_selector("table.results tbody tr", timeout=15_000)
    assert re.fullmatch(r"2 baris dalam \d+,\d\d detik", tab.inner_text("#status"))
    assert "Tautan permanen" in tab.inner_text("#links")
    assert "query=" in tab.url  # the address is the answer's permalink
    assert watch.external == [] and watch.errors == []


@pytest.fixture()
def no_script_page(browser: Any) -> Iterator[tuple[Any, Watch]]:
    """A tab with JavaScript disabled (Playwright's java_script_enabled, i.e. CDP
    Emulation.setScriptExecutionDisabled): what a reader without scripts gets."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    tab = context.new_page()
    watch = Watch(tab)
    yield tab, watch
    context.close()


def test_without_javascript_the_form_answers_with_a_table(
    live_server: Any, app: Any, no_script_page: tuple[Any, Watch]
) -> None:
    tab, watch = no_script_page
    tab.goto(live_server.url + "/sparql")
    # No editor is mounted, so the textarea's own text must be visible, not transparent.
    assert tab.locator(".cm-editor").count() == 0 and tab.is_visible("#query")
    color = tab.evaluate("getComputedStyle(document.getElementById('query')).color")
    assert color != "rgba(0, 0, 0, 0)"
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?s ?label WHERE { ?s rdfs:label ?label } LIMIT 3"
    )
    tab.fill("#query", query)
    with tab.expect_navigation():
        tab.click("#run")
    assert "format=html" in tab.url and "query=" in tab.url
    assert tab.locator("table.results tbody tr").count() == 3
    assert tab.inner_text("#status") == "3 rows"
    assert tab.locator('table.results a[href^="/"]').count() >= 1  # nodes link to their pages
    assert tab.input_value("#query").replace("\r\n", "\n") == query
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "query-ui-no-js.png"), full_page=True)
    download = tab.get_attribute("#downloads a:has-text('CSV')", "href")
    csv = requests.get(live_server.url + download, timeout=10)
    assert csv.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert len(csv.text.splitlines()) == 4
    # An example is a plain link; the language switch redraws the answer in Indonesian.
    name = _example_with_rows(live_server, app)
    with tab.expect_navigation():
        tab.click(f'a.example[data-name="{name}"]')
    assert tab.locator("table.results tbody tr").count() >= 1
    with tab.expect_navigation():
        tab.click('nav.lang-switch a[hreflang="id"]')
    assert re.fullmatch(r"[\d.]+ baris", tab.inner_text("#status"))
    assert tab.locator("table.results tbody tr").count() >= 1
    assert watch.external == []


def test_without_javascript_an_error_is_shown_with_its_status(
    live_server: Any, no_script_page: tuple[Any, Watch]
) -> None:
    tab, watch = no_script_page
    tab.goto(live_server.url + "/sparql?lang=en")
    tab.fill("#query", "SELECT * WHERE {\n  ?s ?p \n")
    with tab.expect_navigation() as navigation:
        tab.click("#run")
    assert navigation.value.status == 400
    assert tab.is_visible("#error")
    assert re.search(r"SPARQL syntax error · line 2, column \d+", tab.inner_text("#error"))
    assert tab.inner_text("#status") == "Failed (HTTP 400)"
    assert watch.external == []
