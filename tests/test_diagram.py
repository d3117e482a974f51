"""The neighbourhood diagram: every label in full, nothing overlapping, the same picture on every
run, and its links as a list beside it rather than inside an image (issue 15).

The largest neighbourhood in the graph is found by drawing every node's: the layout's own boxes
(:meth:`kg.pages.diagram.Layout.text_boxes`) must not intersect, and in Chromium the rendered
text (``getBBox``) must stay inside its box and clear of every other text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest
from _browser import chromium

from kg.pages.diagram import MAX_NEIGHBOURS, Edge, edges_of, layout, neighbourhood_svg, wrap
from kg.pages.entity import describe_entity

LONG = "A name much longer than any line of the neighbours' column, so it must wrap"


def all_edges(app: Any) -> dict[str, list[Edge]]:
    """Every instance's diagram edges, as the entity page computes them."""
    from kg.web.site import site

    with app.test_request_context("/"):
        ctx, s = app.extensions["kg"], site()
        skip = frozenset({ctx.iris.ontology_ns + "assertedBy"})
        subjects = {
            q.subject.value
            for q in ctx.store.quads(None, None, None)
            if isinstance(q.subject, ox.NamedNode)
            and q.subject.value.startswith(ctx.iris.instance_ns)
        }
        return {
            iri: edges_of(describe_entity(ctx.store, s.lexicon, ctx.iris, iri, "en"), skip)
            for iri in sorted(subjects)
        }


@pytest.fixture(scope="module")
def largest(app: Any) -> tuple[str, list[Edge]]:
    edges = all_edges(app)
    iri = max(edges, key=lambda i: (len(edges[i]), i))
    return iri, edges[iri]


def test_labels_wrap_in_full_and_long_words_are_cut() -> None:
    lines = wrap(LONG, 120)
    assert len(lines) > 1 and " ".join(lines) == LONG
    assert all(len(line) <= 16 for line in lines)
    assert "".join(wrap("x" * 50, 72)) == "x" * 50


def test_the_largest_neighbourhood_has_no_overlap_and_every_label_in_full(
    largest: tuple[str, list[Edge]],
) -> None:
    iri, edges = largest
    assert len(edges) >= 10, iri  # a real test: the graph's busiest node
    plan = layout(iri, edges)
    assert len(plan.rows) == len(edges) <= MAX_NEIGHBOURS  # all drawn, none folded away
    boxes = plan.text_boxes()
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), (a, b)
    for row in plan.rows:
        assert "".join(row.name_lines).replace(" ", "") == row.edge.label.replace(" ", "")
        assert not row.box.overlaps(plan.centre)
    assert neighbourhood_svg(iri, edges, iri) == neighbourhood_svg(iri, list(edges), iri)


def test_links_are_listed_beside_and_not_inside_an_image() -> None:
    edges = [
        Edge("x:a", LONG, "/id/a", ("rel",), True),
        Edge("x:b", "B", "/id/b", ("back",), False, True),
        Edge("x:c", "C", "/id/c", ("both", "ways"), True, True),
    ]
    html = neighbourhood_svg("Centre", edges, "Centre's links")
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' not in html and 'aria-hidden="true"' in svg.split(">", 1)[0]
    assert re.findall(r'<a href="([^"]+)" tabindex="-1">', svg) == ["/id/a", "/id/b", "/id/c"]
    listed = html[html.index("<ul") :]
    assert re.findall(r'<a href="([^"]+)">', listed) == ["/id/a", "/id/b", "/id/c"]
    assert [m for m in re.findall(r'<span class="dir"[^>]*>(.)</span>', listed)] == ["→", "←", "↔"]
    assert "both · ways" in listed and 'aria-label="Centre&#x27;s links"' in listed
    assert svg.count("<tspan") > 4  # the long name is drawn over several lines, not cut


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


TEXT_BOXES = """() => {
  const svg = document.querySelector('svg.diagram');
  const box = e => { const b = e.getBBox(); return [b.x, b.y, b.width, b.height]; };
  return {
    texts: [...svg.querySelectorAll('text')].map(t => [t.getAttribute('class'), box(t)]),
    rects: [...svg.querySelectorAll('rect')].map(box),
  };
}"""


def _inside(inner: list[float], outer: list[float]) -> bool:
    x, y, w, h = inner
    return (
        outer[0] <= x
        and x + w <= outer[0] + outer[2]
        and outer[1] <= y
        and y + h <= outer[1] + outer[3]
    )


def _meet(a: list[float], b: list[float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


@pytest.mark.browser
@pytest.mark.server
def test_rendered_text_stays_in_its_box_in_chromium(
    live_server: Any, app: Any, browser: Any, largest: tuple[str, list[Edge]]
) -> None:
    iri, _ = largest
    tab = browser.new_page(viewport={"width": 390, "height": 860})
    path = app.extensions["kg"].iris.path_of(iri)
    for lang in ("id", "en"):
        tab.goto(f"{live_server.url}{path}?lang={lang}")
        drawn = tab.evaluate(TEXT_BOXES)
        texts = [b for _, b in drawn["texts"]]
        for i, a in enumerate(texts):
            assert not any(_meet(a, b) for b in texts[i + 1 :]), (lang, a)
        for css, b in drawn["texts"]:
            if css in ("node-label", "centre-label"):
                assert any(_inside(b, r) for r in drawn["rects"]), (lang, css, b)
    tab.close()
