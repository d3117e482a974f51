"""A node's neighbourhood drawn as SVG on the server, with the same links as a list beside it.

The layout is a fixed grid, so it is deterministic and nothing can overlap by construction: the
node sits in a left column, its neighbours are stacked in a right column one row each, and the
edges run through the gutter between them (a trunk from the node, a branch to each row, the
arrow head at the triple's object). Every label is drawn in full, wrapped to its column at a
conservative character width; the full name is also each node's ``<title>`` (shown on hover).

Accessibility (WCAG 2.2 1.1.1, axe-core ``nested-interactive``): the picture is hidden from
assistive technology and its node links are left out of the tab order, because the list beside
it carries the same links and relations as text. So no interactive content sits inside an
element with an image role. Everything is escaped (``html.escape``): labels come from the data.
Presentation is in CSS classes (``static/pages.css``): the Content-Security-Policy allows no
inline ``style`` attribute (CSP Level 3, ``style-src 'self'``).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from html import escape

from kg.pages.entity import EntityView

WIDTH = 400
PAD = 8
CENTRE_X, CENTRE_W = PAD, 136  # the node's column
TRUNK_X = 160  # the vertical line in the gutter that every edge leaves from
NODE_X = 176  # the neighbours' column, to WIDTH - PAD
NODE_W = WIDTH - PAD - NODE_X
#: Character widths assumed for wrapping: wider than DejaVu Sans and system-ui's average
#: advance at 12 px and 11 px (about 0.6 em), so a wrapped line stays inside its box.
CHAR_W, SMALL_CHAR_W, BOLD_CHAR_W = 7.2, 6.7, 7.9
LINE_H, SMALL_LINE_H = 15, 13
BOX_PAD_X, BOX_PAD_Y = 8, 6
ROW_GAP = 10
MAX_NEIGHBOURS = 96  # the busiest node (the article) has 65; past this, "+N" and the list


@dataclass(frozen=True)
class Edge:
    """The links between the centre and one neighbour, in one or both directions."""

    neighbour: str  # IRI
    label: str  # the neighbour's name
    href: str
    predicates: tuple[str, ...]  # property labels
    outgoing: bool  # the centre is the subject of at least one of them
    incoming: bool = False  # the neighbour is the subject of at least one of them
    lang: str | None = None  # the language of ``label`` (a name may exist in one language only)


@dataclass(frozen=True)
class Box:
    """A rectangle of the layout, in viewBox units."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


@dataclass(frozen=True)
class Row:
    """One neighbour's place: its edge label's lines above its box, its name's lines inside."""

    edge: Edge
    label_lines: tuple[str, ...]
    label_box: Box
    name_lines: tuple[str, ...]
    box: Box

    @property
    def mid(self) -> float:
        return self.box.y + self.box.h / 2


@dataclass(frozen=True)
class Layout:
    centre_lines: tuple[str, ...]
    centre: Box
    rows: tuple[Row, ...]
    hidden: int  # neighbours past MAX_NEIGHBOURS (still in the list beside)
    height: float

    def text_boxes(self) -> list[Box]:
        """Where each block of text lies (for the no-overlap test)."""
        inner = [_inner(self.centre)] + [_inner(r.box) for r in self.rows]
        return inner + [r.label_box for r in self.rows]


def wrap(text: str, width: float, char_w: float = CHAR_W) -> tuple[str, ...]:
    """``text`` in lines that fit ``width`` units; a word longer than a line is cut."""
    chars = max(4, math.floor(width / char_w))
    return tuple(textwrap.wrap(text, chars, break_long_words=True, break_on_hyphens=False)) or ("",)


def _inner(box: Box) -> Box:
    return Box(box.x + BOX_PAD_X, box.y + BOX_PAD_Y, box.w - 2 * BOX_PAD_X, box.h - 2 * BOX_PAD_Y)


def _box_height(lines: int) -> float:
    return lines * LINE_H + 2 * BOX_PAD_Y


def layout(centre: str, edges: list[Edge]) -> Layout:
    """Where everything goes: rows top to bottom in the edges' order, the node centred beside."""
    shown = edges[:MAX_NEIGHBOURS]
    rows, y = [], float(PAD)
    for edge in shown:
        label_lines = wrap(" · ".join(edge.predicates), NODE_W, SMALL_CHAR_W)
        label_box = Box(NODE_X, y, NODE_W, len(label_lines) * SMALL_LINE_H)
        y += label_box.h + 3
        name_lines = wrap(edge.label, NODE_W - 2 * BOX_PAD_X)
        box = Box(NODE_X, y, NODE_W, _box_height(len(name_lines)))
        rows.append(Row(edge, label_lines, label_box, name_lines, box))
        y += box.h + ROW_GAP
    hidden = len(edges) - len(shown)
    if hidden:
        y += SMALL_LINE_H
    centre_lines = wrap(centre, CENTRE_W - 2 * BOX_PAD_X, BOLD_CHAR_W)  # drawn in bold
    centre_h = _box_height(len(centre_lines))
    height = max(y - ROW_GAP + PAD, centre_h + 2 * PAD)
    # The node faces the middle of its neighbours, kept inside the drawing.
    middle = (rows[0].mid + rows[-1].mid) / 2 if rows else height / 2
    top = min(max(PAD, middle - centre_h / 2), height - PAD - centre_h)
    return Layout(centre_lines, Box(CENTRE_X, top, CENTRE_W, centre_h), tuple(rows), hidden, height)


def _lang(edge: Edge) -> str:
    return f' lang="{escape(edge.lang)}"' if edge.lang else ""


def _text(
    box: Box, lines: tuple[str, ...], css: str, line_h: float, size: float, lang: str = ""
) -> str:
    """Lines of text from the top left of ``box``: each line's glyph box (ascent 0.95 em, descent
    0.22 em in DejaVu Sans) centred in its line."""
    first = box.y + 0.95 * size + (line_h - 1.17 * size) / 2
    spans = "".join(
        f'<tspan x="{box.x:.1f}" y="{first + i * line_h:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text class="{css}"{lang}>{spans}</text>'


def _row_svg(row: Row) -> str:
    edge, mid = row.edge, row.mid
    # Outgoing: the arrow points at the neighbour; incoming: at the trunk (towards the node).
    if edge.outgoing:
        x1, x2 = TRUNK_X, NODE_X
    else:
        x1, x2 = NODE_X, TRUNK_X
    both = ' marker-start="url(#arrow)"' if edge.outgoing and edge.incoming else ""
    return (
        f'<line class="edge" x1="{x1}" y1="{mid:.1f}" x2="{x2}" y2="{mid:.1f}" '
        f'marker-end="url(#arrow)"{both}/>'
        + _text(row.label_box, row.label_lines, "edge-label", SMALL_LINE_H, 11)
        + f'<a href="{escape(edge.href)}" tabindex="-1"><title>{escape(edge.label)}</title>'
        f'<rect class="node" x="{row.box.x:.1f}" y="{row.box.y:.1f}" width="{row.box.w:.1f}" '
        f'height="{row.box.h:.1f}" rx="6"/>'
        + _text(_inner(row.box), row.name_lines, "node-label", LINE_H, 12, _lang(edge))
        + "</a>"
    )


def _svg(centre: str, plan: Layout) -> str:
    c = plan.centre
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" aria-hidden="true" '
        f'viewBox="0 0 {WIDTH} {plan.height:.0f}" width="{WIDTH}" height="{plan.height:.0f}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/>'
        "</marker></defs>",
    ]
    if plan.rows:
        mid = c.y + c.h / 2
        top, bottom = min(plan.rows[0].mid, mid), max(plan.rows[-1].mid, mid)
        right = c.x + c.w
        parts.append(
            f'<line class="edge" x1="{right:.1f}" y1="{mid:.1f}" x2="{TRUNK_X}" y2="{mid:.1f}"/>'
            f'<line class="edge" x1="{TRUNK_X}" y1="{top:.1f}" x2="{TRUNK_X}" y2="{bottom:.1f}"/>'
        )
    parts += [_row_svg(r) for r in plan.rows]
    parts.append(
        f"<g><title>{escape(centre)}</title>"
        f'<rect class="node centre" x="{c.x:.1f}" y="{c.y:.1f}" width="{c.w:.1f}" '
        f'height="{c.h:.1f}" rx="6"/>'
        + _text(_inner(c), plan.centre_lines, "centre-label", LINE_H, 12)
        + "</g>"
    )
    if plan.hidden:
        parts.append(
            f'<text class="edge-label" x="{WIDTH - PAD}" y="{plan.height - PAD:.1f}" '
            f'text-anchor="end">+{plan.hidden}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _arrow(edge: Edge) -> str:
    return "↔" if edge.outgoing and edge.incoming else ("→" if edge.outgoing else "←")


def _list(edges: list[Edge], title: str) -> str:
    """The diagram as text: one item per neighbour, the relation's direction and name, a link."""
    items = "".join(
        f'<li><span class="dir" aria-hidden="true">{_arrow(e)}</span> '
        f'<span class="preds">{escape(" · ".join(e.predicates))}</span>: '
        f'<a href="{escape(e.href)}"{_lang(e)}>{escape(e.label)}</a></li>'
        for e in edges
    )
    return f'<ul class="diagram-links" aria-label="{escape(title)}">{items}</ul>'


def neighbourhood_svg(centre: str, edges: list[Edge], title: str) -> str:
    """The picture (an ``<svg>``) and the list of the same links, in one ``div``; ``title`` names
    the figure for the list (the picture itself is hidden from assistive technology)."""
    plan = layout(centre, edges)
    return f'<div class="diagram-figure">{_svg(centre, plan)}{_list(edges, title)}</div>'


def edges_of(view: EntityView, skip: frozenset[str] = frozenset()) -> list[Edge]:
    """The asserted links of an entity view, one edge per neighbour (both directions merged);
    properties in ``skip`` (evidence plumbing, shown elsewhere on the page) are left out."""
    merged: dict[str, tuple[str, str, list[str], set[bool], str | None]] = {}
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
                entry = merged.setdefault(
                    value.iri, (value.text, value.href, [], set(), value.lang)
                )
                entry[2].append(group.prop.text)
                entry[3].add(outgoing)
    edges = [
        Edge(iri, label, href, tuple(dict.fromkeys(preds)), True in ways, False in ways, lang)
        for iri, (label, href, preds, ways, lang) in merged.items()
    ]
    return sorted(edges, key=lambda e: (not e.outgoing, e.label.casefold(), e.neighbour))
