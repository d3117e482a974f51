"""The query workbench in headless Chromium (issue 14): the CodeMirror editor, prefixes
declared on run, completion from the server's vocabulary; never a request off the server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from _browser import Watch, chromium
from conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _tab(browser: Any, width: int) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    watch = Watch(tab)
    # Every request the page makes, whatever its host (Watch only keeps those off 127.0.0.1).
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.requests = requests
    yield tab, watch
    context.close()


def only_the_server(tab: Any, server: Any) -> None:
    """Each request the page made went to the test server: scheme, host and port."""
    assert tab.requests, "the page made no request at all"
    assert all(url.startswith(server.url + "/") for url in tab.requests), tab.requests


@pytest.fixture()
def page(browser: Any) -> Iterator[tuple[Any, Watch]]:
    yield from _tab(browser, 1280)


@pytest.fixture()
def phone(browser: Any) -> Iterator[tuple[Any, Watch]]:
    yield from _tab(browser, 390)


def set_query(tab: Any, text: str) -> None:
    tab.click(".cm-content")
    tab.keyboard.press("Control+a")
    tab.keyboard.insert_text(text)


def editor_text(tab: Any) -> str:
    return str(tab.evaluate("document.getElementById('query').value"))


def options(tab: Any) -> list[str]:
    """The completion popup's options, in order (WAI-ARIA listbox: role=option)."""
    listbox = tab.locator('.cm-tooltip-autocomplete [role="listbox"]')
    listbox.wait_for(timeout=10_000)
    return [
        o.inner_text().split("\n")[0].strip()
        for o in listbox.locator('[role="option"] .cm-completionLabel').all()
    ]


def test_the_editor_opens_short_and_declares_a_used_prefix_on_run(
    live_server: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql")
    tab.wait_for_selector(".cm-editor .cm-line")
    assert tab.locator(".cm-editor .cm-line").count() <= 5
    assert "PREFIX" not in editor_text(tab)
    assert not tab.is_visible("#query")  # the textarea stays as the form field only
    set_query(tab, "SELECT ?who WHERE { ?who a schema:Person }")
    tab.keyboard.press("Control+Enter")
    tab.wait_for_selector("table.results tbody tr", timeout=15_000)
    text = editor_text(tab)
    assert text == "PREFIX schema: <http://schema.org/>\nSELECT ?who WHERE { ?who a schema:Person }"
    assert "PREFIX schema:" in tab.inner_text(".cm-content")
    assert tab.locator("table.results tbody tr").count() >= 1
    assert watch.external == [] and watch.errors == []
    only_the_server(tab, live_server)


def test_ctrl_space_completes_a_class_by_its_prefix(
    live_server: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql")
    tab.wait_for_load_state("networkidle")  # the vocabulary has arrived
    set_query(tab, "SELECT * WHERE { ?s a sch")
    tab.keyboard.press("Control+Space")
    found = options(tab)
    assert "schema:Person" in found
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "workbench-complete-class.png"))
    # The keyboard picks it: ArrowDown moves aria-activedescendant, Enter inserts.
    editor = tab.locator(".cm-content")
    assert editor.get_attribute("aria-activedescendant")
    while tab.locator('[role="option"][aria-selected="true"] .cm-completionLabel').inner_text() != (
        "schema:Person"
    ):
        tab.keyboard.press("ArrowDown")
    tab.keyboard.press("Enter")
    assert editor_text(tab).startswith("SELECT * WHERE { ?s a schema:Person")
    assert watch.external == [] and watch.errors == []


def test_after_a_class_the_properties_that_fit_it_come_first(
    live_server: Any, app: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql")
    tab.wait_for_load_state("networkidle")
    set_query(tab, "SELECT * WHERE { ?p a kg:Programme ; ")
    tab.keyboard.press("End")
    tab.keyboard.press("Control+Space")
    first = options(tab)[:5]
    # The properties programmes have in the data or the ontology (asked of the store here,
    # not written down): one of them must be offered among the first five.
    ctx = app.extensions["kg"]
    ns = ctx.iris.ontology_ns
    rows = ctx.store.select(
        f"SELECT DISTINCT ?p WHERE {{ {{ ?s a <{ns}Programme> ; ?p ?o }} UNION "
        f"{{ ?p <http://www.w3.org/2000/01/rdf-schema#domain> <{ns}Programme> }} }}"
    )
    fitting = {r["p"].value.replace(ctx.iris.ontology_ns, "kg:") for r in rows}
    assert set(first) & fitting, (first, fitting)
    assert watch.external == [] and watch.errors == []


def test_an_entity_completes_by_its_name_in_either_language(
    live_server: Any, app: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    ministry = "https://kg.example.org/id/kemendagri"
    english = next(
        r["l"].value
        for r in app.extensions["kg"].store.select(
            f"SELECT ?l WHERE {{ <{ministry}> <http://www.w3.org/2000/01/rdf-schema#label> ?l "
            'FILTER(lang(?l) = "en") }'
        )
    )
    tab.goto(live_server.url + "/sparql?lang=en")
    tab.wait_for_load_state("networkidle")
    # Its Indonesian name, typed in an object's place: offered under its English label.
    set_query(tab, "SELECT ?p WHERE { ?award ?p kementerian")
    tab.keyboard.press("Control+Space")
    assert english in options(tab)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "workbench-complete-entity.png"))
    while tab.locator('[role="option"][aria-selected="true"] .cm-completionLabel').inner_text() != (
        english
    ):
        tab.keyboard.press("ArrowDown")
    tab.keyboard.press("Enter")
    assert editor_text(tab) == "SELECT ?p WHERE { ?award ?p kgd:kemendagri"
    # In a predicate's place a name is not looked up: properties complete there.
    asked = len(tab.requests)
    set_query(tab, "SELECT * WHERE { ?s kementerian")
    tab.keyboard.press("Control+Space")
    tab.wait_for_load_state("networkidle")
    assert not [u for u in tab.requests[asked:] if "/sparql/entities.json" in u]
    assert tab.get_by_role("option", name=english).count() == 0
    assert watch.external == [] and watch.errors == []
    only_the_server(tab, live_server)


def test_variables_in_the_query_complete(live_server: Any, page: tuple[Any, Watch]) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql")
    set_query(tab, "SELECT ?label WHERE { ?thing rdfs:label ?label . ?t")
    tab.keyboard.press("Control+Space")
    assert "?thing" in options(tab)
    assert watch.external == [] and watch.errors == []


def test_the_page_has_no_sideways_scroll_at_390_px(
    live_server: Any, phone: tuple[Any, Watch]
) -> None:
    tab, watch = phone
    tab.goto(
        live_server.url
        + "/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%205"
    )
    tab.wait_for_selector(".cm-editor")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "workbench-390.png"), full_page=True)
    # The workbench (main: editor, answer, examples) stays inside the 390 px (a wide table
    # scrolls inside its own box, .table-box); the site
    # footer's dataset card is base.html's, outside this page's styles.
    beyond = tab.evaluate(
        "[...document.querySelectorAll('main *')].filter("
        "(e) => e.getBoundingClientRect().right > window.innerWidth + 0.5"
        " && !e.parentElement.closest('.table-box'))"
        ".map((e) => e.outerHTML.slice(0, 80))"
    )
    assert beyond == [], beyond
    assert tab.evaluate("document.querySelector('main').scrollWidth") <= 390
    assert watch.external == [] and watch.errors == []


def test_the_formatter_reindents_a_one_line_query(
    live_server: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql")
    one_line = (
        "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type ; rdfs:label ?l . "
        'FILTER(lang(?l) = "en") OPTIONAL { ?s schema:name ?name } } '
        "GROUP BY ?type ORDER BY DESC(?n) LIMIT 10"
    )
    set_query(tab, one_line)
    tab.click("#format")
    formatted = editor_text(tab)
    lines = formatted.split("\n")
    assert lines[0] == "SELECT ?type (COUNT(?s) AS ?n) WHERE {"
    assert "  ?s a ?type ;" in lines and "    rdfs:label ?l ." in lines
    assert "  OPTIONAL {" in lines and "    ?s schema:name ?name" in lines
    assert lines[-3:] == ["GROUP BY ?type", "ORDER BY DESC(?n)", "LIMIT 10"]
    # Only whitespace changed: the same characters otherwise, in the same order.
    assert "".join(formatted.split()) == "".join(one_line.split())
    # The shortcut does the same; Ctrl+Z takes a format back.
    set_query(tab, one_line)
    tab.keyboard.press("Shift+Alt+F")
    assert editor_text(tab) == formatted
    tab.keyboard.press("Control+z")
    assert editor_text(tab) == one_line
    assert watch.external == [] and watch.errors == []


def first_column(tab: Any) -> str:
    """The answer table's first heading, or "" (page.wait_for_function would need eval)."""
    return str(tab.evaluate("document.querySelector('table.results th')?.textContent || ''"))


def until(check: Any, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_back_and_forward_restore_the_earlier_query_and_its_answer(
    live_server: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql")
    first = "SELECT ?who WHERE { ?who a schema:Person } LIMIT 1"
    second = "SELECT ?place WHERE { ?place a schema:Place } LIMIT 2"
    for query in (first, second):
        set_query(tab, query)
        tab.keyboard.press("Control+Enter")
        until(lambda q=query: editor_text(tab).endswith(q) and first_column(tab) != "")
    until(lambda: first_column(tab) == "?place")
    tab.go_back()
    until(lambda: first_column(tab) == "?who")
    assert editor_text(tab).endswith(first)
    tab.go_forward()
    until(lambda: first_column(tab) == "?place")
    assert editor_text(tab).endswith(second)
    assert watch.external == [] and watch.errors == []


def test_the_history_keeps_runs_in_this_browser_and_clears(
    live_server: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql")
    assert tab.is_visible("#history-empty")
    queries = ["SELECT ?a WHERE { ?a a schema:Person } LIMIT 1", "ASK { ?s ?p ?o }"]
    for query in queries:
        set_query(tab, query)
        tab.keyboard.press("Control+Enter")
        until(
            lambda q=query: (
                tab.locator("a.history-entry").count() > 0
                and q in str(tab.locator("a.history-entry").first.get_attribute("title"))
            )
        )
    tab.reload()
    titles = [str(a.get_attribute("title")) for a in tab.locator("a.history-entry").all()]
    assert len(titles) == 2 and titles[0].endswith(queries[1]) and titles[1].endswith(queries[0])
    tab.click("#history-clear")
    assert tab.locator("a.history-entry").count() == 0 and tab.is_visible("#history-empty")
    assert tab.evaluate("localStorage.getItem('kg.sparql.history')") is None
    assert watch.external == [] and watch.errors == []


def test_a_count_per_type_shows_as_a_bar_chart_kept_in_the_permalink(
    live_server: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql")
    set_query(tab, "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type")
    tab.keyboard.press("Control+Enter")
    tab.wait_for_selector(".views button[data-view=chart]", timeout=15_000)
    rows = tab.locator("table.results tbody tr").count()
    tab.click(".views button[data-view=chart]")
    assert tab.is_visible(".result-chart svg") and not tab.is_visible("table.results")
    assert tab.locator(".result-chart rect.bar").count() == rows
    with tab.expect_download() as got:
        tab.click(".result-chart a.chart-export")
    exported = Path(got.value.path()).read_bytes().decode("utf-8").split("\r\n")
    assert exported[0] == '"?type","?n"' and len(exported) == rows + 2 and exported[-1] == ""
    permalink = str(tab.get_attribute("#permalink", "href"))
    assert permalink.endswith("#view=chart")
    tab.goto(urljoin(live_server.url + "/sparql", permalink))
    tab.wait_for_selector(".result-chart svg")
    assert not tab.is_visible("table.results")
    assert tab.get_attribute(".views button[data-view=chart]", "aria-pressed") == "true"
    assert watch.external == [] and watch.errors == []


def test_the_timeline_example_shows_as_a_timeline_kept_in_the_permalink(
    live_server: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql")
    tab.click('a.example[data-name="timeline"]')
    tab.wait_for_selector(".views button[data-view=timeline]", timeout=15_000)
    # What the table holds, read off it: each date, label and status, in table order.
    rows = tab.evaluate(
        "[...document.querySelectorAll('table.results tbody tr')].map((tr) => ["
        "tr.children[1].querySelector('time').dateTime,"
        "tr.children[3].querySelector('span').textContent.trim(),"
        "tr.children[4].querySelector('a').textContent.trim()])"
    )
    assert rows and {r[2] for r in rows} <= {"stated", "inferred"}
    tab.click(".views button[data-view=timeline]")
    assert tab.is_visible(".result-timeline svg") and not tab.is_visible("table.results")
    assert tab.locator(".result-timeline circle.event").count() == len(rows)
    inferred = sum(1 for r in rows if r[2] == "inferred")
    assert tab.locator(".result-timeline circle.status-inferred").count() == inferred
    # Events later in time sit further right on the axis (the query orders by date).
    xs = [float(c.get_attribute("cx")) for c in tab.locator(".result-timeline circle.event").all()]
    assert xs == sorted(xs) and xs[0] < xs[-1]
    ARTIFACTS.mkdir(exist_ok=True)
    tab.locator(".result-timeline").screenshot(path=str(ARTIFACTS / "workbench-timeline.png"))
    with tab.expect_download() as got:
        tab.click(".result-timeline a.timeline-export")
    exported = Path(got.value.path()).read_bytes().decode("utf-8").split("\r\n")
    assert exported[0] == '"?when","?label","?status"' and exported[-1] == ""
    assert sorted(exported[1:-1]) == sorted('"{}","{}","{}"'.format(*r) for r in rows)
    permalink = str(tab.get_attribute("#permalink", "href"))
    assert permalink.endswith("#view=timeline")
    tab.goto(urljoin(live_server.url + "/sparql", permalink))
    tab.wait_for_selector(".result-timeline svg")
    assert not tab.is_visible("table.results")
    assert watch.external == [] and watch.errors == []
    only_the_server(tab, live_server)


def test_a_construct_shows_as_a_graph_of_its_nodes(
    live_server: Any, app: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    where = "WHERE { ?s a schema:Person ; a ?type }"
    tab.goto(live_server.url + "/sparql")
    set_query(tab, f"CONSTRUCT {{ ?s a ?type }} {where}")
    tab.keyboard.press("Control+Enter")
    tab.wait_for_selector(".views button[data-view=graph]", timeout=15_000)
    # The nodes the answer has: its subjects and objects, asked of the store here.
    store_rows = list(
        app.extensions["kg"].store.select(
            "SELECT DISTINCT ?s ?type WHERE { ?s a <http://schema.org/Person> ; a ?type }"
        )
    )
    nodes = {r["s"].value for r in store_rows} | {r["type"].value for r in store_rows}
    tab.click(".views button[data-view=graph]")
    assert tab.is_visible(".result-graph svg") and not tab.is_visible("table.results")
    assert tab.locator(".result-graph circle.node").count() == len(nodes)
    assert tab.locator(".result-graph line.edge").count() == len(store_rows)
    # Each edge points from subject to object (its arrowhead at the object's end).
    assert tab.locator('.result-graph line.edge[marker-end="url(#kg-graph-arrow)"]').count() == len(
        store_rows
    )
    titles = [c.text_content() for c in tab.locator(".result-graph circle.node title").all()]
    assert set(titles) == nodes and titles == sorted(titles)  # placed in IRI order
    ARTIFACTS.mkdir(exist_ok=True)
    tab.locator(".result-graph").screenshot(path=str(ARTIFACTS / "workbench-graph.png"))
    assert "schema:Person" in tab.locator(".result-graph text.node-label").all_text_contents()
    with tab.expect_download() as got:
        tab.click(".result-graph a.graph-export")
    exported = Path(got.value.path()).read_bytes().decode("utf-8").split("\r\n")
    assert exported[0] == '"subject","predicate","object"' and len(exported) == len(store_rows) + 2
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    edges = {f'"{r["s"].value}","{rdf_type}","{r["type"].value}"' for r in store_rows}
    assert set(exported[1:-1]) == edges
    assert str(tab.get_attribute("#permalink", "href")).endswith("#view=graph")
    # A SELECT answer is no graph.
    set_query(tab, "SELECT ?s WHERE { ?s a schema:Person }")
    tab.keyboard.press("Control+Enter")
    until(lambda: first_column(tab) == "?s")
    assert tab.locator(".views button[data-view=graph]").count() == 0
    assert watch.external == [] and watch.errors == []
    only_the_server(tab, live_server)


def _run(tab: Any, query: str) -> None:
    set_query(tab, query)
    tab.keyboard.press("Control+Enter")
    tab.wait_for_selector("#results table.results", state="attached", timeout=15_000)


def _shown_view(tab: Any) -> str:
    return str(tab.get_attribute('.views button[aria-pressed="true"]', "data-view"))


def test_the_view_is_chosen_from_the_answer_a_hint_or_the_address(
    live_server: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql")
    count = "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type"
    _run(tab, count)  # a label and a number, nothing else: bars
    tab.wait_for_selector(".views")
    assert _shown_view(tab) == "chart" and tab.get_attribute(".views", "data-chosen") == "automatic"
    assert tab.is_visible(".result-chart svg") and not tab.is_visible("table.results")
    _run(tab, "#defaultView:Table\n" + count)  # WDQS's hint overrides the shape
    tab.wait_for_selector(".views")
    assert _shown_view(tab) == "table" and tab.get_attribute(".views", "data-chosen") == "hint"
    assert tab.is_visible("table.results")
    # A third column (the type's label beside it) is no longer a plain count: a table.
    _run(
        tab,
        "SELECT ?type ?label (COUNT(?s) AS ?n) WHERE { ?s a ?type . ?type rdfs:label ?label "
        'FILTER(lang(?label) = "en") } GROUP BY ?type ?label',
    )
    tab.wait_for_selector(".views")
    assert _shown_view(tab) == "table"
    # A small graph answer opens as a drawing; the address's #view= wins over the choice.
    _run(tab, "CONSTRUCT { ?s a ?type } WHERE { ?s a schema:Person ; a ?type }")
    tab.wait_for_selector(".views")
    assert _shown_view(tab) == "graph" and tab.is_visible(".result-graph svg")
    tab.click(".views button[data-view=table]")
    permalink = str(tab.get_attribute("#permalink", "href"))
    assert permalink.endswith("#view=table")
    tab.goto(urljoin(live_server.url + "/sparql", permalink))
    tab.wait_for_selector(".views")
    assert _shown_view(tab) == "table" and tab.get_attribute(".views", "data-chosen") == "address"
    assert watch.external == [] and watch.errors == []


def test_the_timeline_axis_names_its_ends_as_the_table_writes_dates(
    live_server: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql?lang=id")
    tab.click('a.example[data-name="timeline"]')
    tab.wait_for_selector(".result-timeline svg", timeout=15_000)  # chosen for dated rows
    assert _shown_view(tab) == "timeline"
    written = tab.evaluate(
        "[...document.querySelectorAll('table.results tbody tr')]"
        ".map((tr) => tr.children[1].querySelector('time').textContent.trim())"
    )
    ends = tab.locator(".result-timeline text.axis-end").all_text_contents()
    assert ends == [written[0], written[-1]]
    assert not any(e[:4].isdigit() and e[4:5] == "-" for e in ends), ends  # not ISO 8601
    assert watch.external == [] and watch.errors == []


def test_the_graph_zooms_with_buttons_from_the_keyboard(
    live_server: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql")
    _run(tab, "CONSTRUCT { ?s a ?type } WHERE { ?s a schema:Person ; a ?type }")
    tab.wait_for_selector(".result-graph svg")

    def width() -> float:
        return float(str(tab.get_attribute(".result-graph svg", "viewBox")).split()[2])

    whole = width()
    tab.focus('.result-graph button[data-zoom="in"]')
    tab.keyboard.press("Enter")
    assert width() == whole / 2
    tab.keyboard.press("Enter")
    assert width() == whole / 4
    tab.click('.result-graph button[data-zoom="out"]')
    assert width() == whole / 2
    tab.click('.result-graph button[data-zoom="reset"]')
    assert width() == whole
    tab.click('.result-graph button[data-zoom="out"]')  # never smaller than the whole
    assert width() == whole
    labels = [b.get_attribute("aria-label") for b in tab.locator(".result-graph .zoom").all()]
    assert all(labels) and len(set(labels)) == 3
    assert watch.external == [] and watch.errors == []


def test_the_table_sorts_by_a_column_and_filters_its_rows(
    live_server: Any, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    tab.goto(live_server.url + "/sparql?lang=en")
    _run(
        tab,
        "#defaultView:Table\nSELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type",
    )
    tab.wait_for_selector("table.results th button.sort")

    def column(i: int) -> list[str]:
        return list(
            tab.evaluate(
                f"[...document.querySelectorAll('table.results tbody tr')].filter((tr) => "
                f"!tr.hidden).map((tr) => tr.children[{i}].textContent.trim())"
            )
        )

    def counts() -> list[int]:
        return [int(v.replace(",", "")) for v in column(1)]

    answer_order = column(0)
    n_head = tab.locator("table.results th").nth(1)
    n_head.locator("button").click()
    assert n_head.get_attribute("aria-sort") == "ascending" and counts() == sorted(counts())
    n_head.locator("button").press("Enter")  # the keyboard sorts too
    assert n_head.get_attribute("aria-sort") == "descending"
    assert counts() == sorted(counts(), reverse=True)
    n_head.locator("button").click()
    assert n_head.get_attribute("aria-sort") is None and column(0) == answer_order
    total = len(answer_order)
    tab.fill("#row-filter", "person")
    kept = column(0)
    assert 0 < len(kept) < total and all("person" in k.lower() for k in kept)
    assert tab.inner_text(".row-filter .row-count") == f"{len(kept)} of {total} rows"
    tab.fill("#row-filter", "")
    assert len(column(0)) == total
    assert watch.external == [] and watch.errors == []
