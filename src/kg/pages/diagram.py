"""A node's neighbourhood drawn as SVG on the server: no script, no external resource.

The node sits in the middle; the nodes it links to (and that link to it) sit on a circle
around it, each a link to its own page. Edges carry the property's label and point in the
triple's direction. Everything is escaped (``html.escape``): labels come from the data.
Presentation is in CSS classes (``static/pages.css``), since the Content-Security-Policy
allows no inline ``style`` attribute (CSP Level 3, ``style-src 'self'``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from kg.pages.display import cut_words
from kg.pages.entity import EntityView

WIDTH, HEIGHT = 760, 560
RADIUS_X, RADIUS_Y = 280, 210
MAX_NEIGHBOURS = 14
MAX_CHARS = 26


@dataclass(frozen=True)
class Edge:
    """The links between the centre and one neighbour, in one or both directions."""

    neighbour: str  # IRI
    label: str  # the neighbour's name
    href: str
    predicates: tuple[str, ...]  # property labels
    outgoing: bool  # the centre is the subject of at least one of them
    incoming: bool = False  # the neighbour is the subject of at least one of them


def shorten(text: str, limit: int = MAX_CHARS) -> str:
    """At most about ``limit`` characters, cut at a word boundary (never inside a word)."""
    return cut_words(text, limit)


def _box(x: float, y: float, text: str, css: str) -> str:
    width = 14 + 7.2 * len(text)
    return (
        f'<rect class="{css}" x="{x - width / 2:.1f}" y="{y - 14:.1f}" width="{width:.1f}" '
        f'height="28" rx="6"/><text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle">'
        f"{escape(text)}</text>"
    )


def _edge(x: float, y: float, edge: Edge) -> str:
    cx, cy = WIDTH / 2, HEIGHT / 2
    start, end = ((cx, cy), (x, y)) if edge.outgoing else ((x, y), (cx, cy))
    # Stop the line short of the target box so the arrow head stays visible.
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy) or 1.0
    stop = (end[0] - dx / length * 30, end[1] - dy / length * 30)
    label = shorten(" · ".join(edge.predicates), 34)
    mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
    both = ""
    if edge.outgoing and edge.incoming:  # links both ways: one line, an arrow head at each end
        both = ' marker-start="url(#arrow)"'
        start = (start[0] + dx / length * 30, start[1] + dy / length * 30)
    return (
        f'<line class="edge" x1="{start[0]:.1f}" y1="{start[1]:.1f}" x2="{stop[0]:.1f}" '
        f'y2="{stop[1]:.1f}" marker-end="url(#arrow)"{both}/>'
        f'<text class="edge-label" x="{mx:.1f}" y="{my - 4:.1f}" text-anchor="middle">'
        f"{escape(label)}</text>"
    )


def neighbourhood_svg(centre: str, edges: list[Edge], title: str) -> str:
    """The SVG document fragment (an ``<svg>`` element) for ``centre`` and its ``edges``;
    past :data:`MAX_NEIGHBOURS` the count of the others is written in a corner."""
    shown = edges[:MAX_NEIGHBOURS]
    more = len(edges) - len(shown)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="diagram-title">',
        f'<title id="diagram-title">{escape(title)}</title>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/>'
        "</marker></defs>",
    ]
    places = []
    for i, edge in enumerate(shown):
        angle = 2 * math.pi * i / max(1, len(shown)) - math.pi / 2
        places.append(
            (WIDTH / 2 + RADIUS_X * math.cos(angle), HEIGHT / 2 + RADIUS_Y * math.sin(angle), edge)
        )
    parts += [_edge(x, y, e) for x, y, e in places]
    for x, y, edge in places:
        parts.append(
            f'<a href="{escape(edge.href)}">'
            f"<title>{escape(edge.label)}</title>"
            f"{_box(x, y, shorten(edge.label), 'node')}</a>"
        )
    parts.append(_box(WIDTH / 2, HEIGHT / 2, shorten(centre, 32), "node centre"))
    if more:
        parts.append(
            f'<text class="edge-label" x="{WIDTH - 10}" y="{HEIGHT - 10}" '
            f'text-anchor="end">+{more}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def edges_of(view: EntityView, skip: frozenset[str] = frozenset()) -> list[Edge]:
    """The asserted links of an entity view, one edge per neighbour (both directions merged);
    properties in ``skip`` (evidence plumbing, shown elsewhere on the page) are left out."""
    merged: dict[str, tuple[str, str, list[str], set[bool]]] = {}
    for groups, outgoing in ((view.properties, True), (view.incoming, False)):
        for group in groups:
            if group.prop.iri in skip:
                continue
            for value in group.values:
                if (
                    value.iri is None
                    or value.href is None
                    or value.inferred
                    or value.iri == view.iri
                ):
                    continue
                entry = merged.setdefault(value.iri, (value.text, value.href, [], set()))
                entry[2].append(group.prop.text)
                entry[3].add(outgoing)
    edges = [
        Edge(iri, label, href, tuple(dict.fromkeys(preds)), True in ways, False in ways)
        for iri, (label, href, preds, ways) in merged.items()
    ]
    return sorted(edges, key=lambda e: (not e.outgoing, e.label.casefold(), e.neighbour))
