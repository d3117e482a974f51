"""Claims: every passage someone asserts, with its asserter, kind, date, place and figures.

A claim is an evidence annotation that carries ``kg:assertedBy`` (a sub-property of
``prov:wasAttributedTo``): the words are its ``oa:TextQuoteSelector``'s ``exact``, the
position its ``oa:TextPositionSelector`` (code points of the NFC article text, so
``text[start:end] == exact``). Nothing here is authored for the page; every column is read
from the model (docs/claims.md says how each is derived):

* **kind**, **date** and **place**: the build describes each claim as a ``schema:Claim``
  (``kg.build.claims`` has the rule): ``kg:claimKind`` (its ``skos:notation``: ``report``,
  ``direct-quote``, ``reported-speech``, ``assessment``), ``schema:isBasedOn`` the statement
  that decided it, ``schema:dateCreated`` with ``kg:claimDateStatus`` and
  ``schema:locationCreated`` with ``kg:claimPlaceStatus``. Without a date or place the status
  is ``kg:notStated`` (``not-stated``), never a guess.
* **figures**: the ``kg:Figure`` observations the passage supports, with their measure (read
  through the Data Cube structure, ``qb:measure``) and SDMX ``obsStatus`` (``E``, estimated,
  is ``approximate``). A figure is listed on the first claim that supports it only, so no
  export counts one number twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.pages.lexicon import Lexicon, is_approximate
from kg.pages.passages import load_passages
from kg.store.api import ReadStore, text_of
from kg.vocab import vocab_node

KINDS: tuple[str, ...] = ("report", "direct-quote", "reported-speech", "assessment")
DATE_STATUSES: tuple[str, ...] = ("stated", "inferred", "not-stated")
NOT_STATED = "not-stated"

IS_BASED_ON = vocab_node("schema", "isBasedOn")
DATE_CREATED = vocab_node("schema", "dateCreated")
LOCATION_CREATED = vocab_node("schema", "locationCreated")
UNIT_TEXT = vocab_node("schema", "unitText")
NOTATION = vocab_node("skos", "notation")
OBS_STATUS = vocab_node("sdmx-attribute", "obsStatus")

#: The measure of every figure a passage supports, read through its Data Cube structure
#: (RDF Data Cube §6: qb:dataSet -> qb:structure -> qb:component -> qb:measure).
FIGURES_QUERY = """
PREFIX qb: <http://purl.org/linked-data/cube#>
SELECT ?figure ?measure ?value WHERE {
  %s
  ?figure a <%sFigure> ; qb:dataSet ?set .
  ?set qb:structure ?dsd .
  ?dsd qb:component ?component .
  ?component qb:measure ?measure .
  ?figure ?measure ?value .
}"""


@dataclass(frozen=True)
class Figure:
    iri: str
    label: str
    measure: str
    measure_label: str
    value: str  # the literal's lexical form (xsd:integer)
    unit: str
    status: str | None  # the SDMX obsStatus code
    status_label: str | None
    approximate: bool


@dataclass(frozen=True)
class Claim:
    number: int  # position in article order, from 1
    annotation: str
    anchor: str
    article: str
    exact: str
    translation: str | None  # the dataset's English translation, not the article's words
    start: int
    end: int
    asserter: str
    asserter_label: str
    kind: str
    statement: str | None  # the kg:Statement whose date and place the claim carries
    date: str | None
    date_status: str
    place: str | None
    place_label: str | None
    figures: tuple[Figure, ...]
    #: (IRI, label) of each entity the passage is evidence for (its ``oa:hasBody``), labelled.
    about: tuple[tuple[str, str], ...] = ()


def translations(store: ReadStore, ontology_ns: str, annotations: list[str]) -> dict[str, str]:
    """The dataset's English translation (``kg:translation``, @en) of each annotation's words:
    never the article's own words, which are Indonesian only."""
    prop = ox.NamedNode(ontology_ns + "translation")
    found: dict[str, str] = {}
    for annotation in annotations:
        for quad in store.quads(ox.NamedNode(annotation), prop, None):
            if isinstance(quad.object, ox.Literal) and quad.object.language == "en":
                found[annotation] = quad.object.value
    return found


def _objects(store: ReadStore, subject: str, predicate: ox.NamedNode) -> list[ox.NamedNode]:
    return sorted(
        (
            q.object
            for q in store.quads(ox.NamedNode(subject), predicate, None)
            if isinstance(q.object, ox.NamedNode)
        ),
        key=lambda n: n.value,
    )


def _literal(store: ReadStore, subject: str, predicate: ox.NamedNode) -> str | None:
    values = sorted(
        text_of(q.object)
        for q in store.quads(ox.NamedNode(subject), predicate, None)
        if isinstance(q.object, ox.Literal)
    )
    return values[0] if values else None


def _notation(store: ReadStore, concept: ox.NamedNode | None) -> str | None:
    return _literal(store, concept.value, NOTATION) if concept is not None else None


@dataclass(frozen=True)
class _Described:
    kind: str
    statement: str | None
    date: str | None
    date_status: str
    place: str | None


def _described(store: ReadStore, annotation: str, ns: str) -> _Described | None:
    """What the build says of the claim (``kg.build.claims``); None when it is no claim."""
    kinds = _objects(store, annotation, ox.NamedNode(ns + "claimKind"))
    kind = _notation(store, kinds[0] if kinds else None)
    if kind is None:
        return None
    statements = _objects(store, annotation, IS_BASED_ON)
    statuses = _objects(store, annotation, ox.NamedNode(ns + "claimDateStatus"))
    places = _objects(store, annotation, LOCATION_CREATED)
    return _Described(
        kind=kind,
        statement=statements[0].value if statements else None,
        date=_literal(store, annotation, DATE_CREATED),
        date_status=_notation(store, statuses[0] if statuses else None) or NOT_STATED,
        place=places[0].value if places else None,
    )


def _figures(store: ReadStore, lexicon: Lexicon, lang: str, ns: str) -> dict[str, Figure]:
    out: dict[str, Figure] = {}
    for row in store.select(FIGURES_QUERY % ("", ns)):
        iri = row["figure"].value
        status = _objects(store, iri, OBS_STATUS)
        units = {
            q.object.language or "": q.object.value
            for q in store.quads(ox.NamedNode(iri), UNIT_TEXT, None)
            if isinstance(q.object, ox.Literal)
        }
        out[iri] = Figure(
            iri=iri,
            label=lexicon.label(iri, lang),
            measure=row["measure"].value,
            measure_label=lexicon.label(row["measure"].value, lang),
            value=row["value"].value,
            unit=units.get(lang) or units.get("") or next(iter(sorted(units.values())), ""),
            status=status[0].value if status else None,
            status_label=lexicon.label(status[0].value, lang) if status else None,
            approximate=is_approximate(store, ox.NamedNode(iri)),
        )
    return out


def load_claims(
    store: ReadStore, lexicon: Lexicon, ontology_ns: str, article: str, lang: str
) -> list[Claim]:
    """Every asserted passage of ``article``, in article order, labelled in ``lang``."""
    figures = _figures(store, lexicon, lang, ontology_ns)
    listed: set[str] = set()
    claims: list[Claim] = []
    passages = load_passages(store, ontology_ns, article)
    translated = translations(store, ontology_ns, [p.annotation for p in passages])
    for passage in passages:
        described = _described(store, passage.annotation, ontology_ns)
        if passage.asserted_by is None or described is None:
            continue
        place = described.place
        own = tuple(figures[b] for b in passage.bodies if b in figures and b not in listed)
        listed.update(f.iri for f in own)
        claims.append(
            Claim(
                number=len(claims) + 1,
                annotation=passage.annotation,
                anchor=passage.anchor,
                article=passage.source,
                exact=passage.exact,
                translation=translated.get(passage.annotation),
                start=passage.start,
                end=passage.end,
                asserter=passage.asserted_by,
                asserter_label=lexicon.label(passage.asserted_by, lang),
                kind=described.kind,
                statement=described.statement,
                date=described.date,
                date_status=described.date_status,
                place=place,
                place_label=lexicon.label(place, lang) if place else None,
                figures=own,
                about=tuple((b, lexicon.label(b, lang)) for b in passage.bodies),
            )
        )
    return claims


def entity_counts(claims: list[Claim]) -> list[tuple[str, str, int]]:
    """(IRI, label, number of claims about it) of every entity a claim is about, most first,
    then by label: the entity facet of ``/claims``."""
    counts: dict[tuple[str, str], int] = {}
    for claim in claims:
        for pair in dict(claim.about).items():
            counts[pair] = counts.get(pair, 0) + 1
    return sorted(
        ((iri, label, n) for (iri, label), n in counts.items()),
        key=lambda row: (-row[2], row[1].casefold(), row[0]),
    )


def facet_counts(claims: list[Claim], field: str) -> list[tuple[str, int]]:
    """(value, count) of one column over ``claims``, most first, then by value."""
    counts: dict[str, int] = {}
    for claim in claims:
        value = str(getattr(claim, field))
        counts[value] = counts.get(value, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


CSV_COLUMNS: tuple[str, ...] = (
    "number",
    "exact",
    "translation",
    "start",
    "end",
    "asserter",
    "asserter_label",
    "kind",
    "date",
    "date_status",
    "place",
    "place_label",
    "figures",
    "annotation",
    "article",
)


def figure_text(figure: Figure) -> str:
    """``65000 siswa (approximate; beneficiary count)``: the number once, with its status."""
    status = "approximate" if figure.approximate else "exact"
    number = " ".join(part for part in (figure.value, figure.unit) if part)
    return f"{number} ({status}; {figure.measure_label})"


def as_row(claim: Claim) -> dict[str, str]:
    """One CSV row: every cell text; an unstated place says so rather than staying blank."""
    return {
        "number": str(claim.number),
        "exact": claim.exact,
        "translation": claim.translation or "",
        "start": str(claim.start),
        "end": str(claim.end),
        "asserter": claim.asserter,
        "asserter_label": claim.asserter_label,
        "kind": claim.kind,
        "date": claim.date or "",
        "date_status": claim.date_status,
        "place": claim.place or NOT_STATED,
        "place_label": claim.place_label or NOT_STATED,
        "figures": " | ".join(figure_text(f) for f in claim.figures),
        "annotation": claim.annotation,
        "article": claim.article,
    }


def as_json(claim: Claim) -> dict[str, object]:
    return {
        "number": claim.number,
        "annotation": claim.annotation,
        "article": claim.article,
        "exact": claim.exact,
        "translation": claim.translation,
        "start": claim.start,
        "end": claim.end,
        "asserted_by": claim.asserter,
        "asserted_by_label": claim.asserter_label,
        "kind": claim.kind,
        "statement": claim.statement,
        "date": claim.date,
        "date_status": claim.date_status,
        "place": claim.place,
        "place_label": claim.place_label,
        "about": [{"iri": iri, "label": label} for iri, label in claim.about],
        "figures": [
            {
                "iri": f.iri,
                "label": f.label,
                "measure": f.measure,
                "measure_label": f.measure_label,
                "value": int(f.value) if f.value.lstrip("-").isdigit() else f.value,
                "unit": f.unit,
                "obs_status": f.status,
                "obs_status_label": f.status_label,
                "approximate": f.approximate,
            }
            for f in claim.figures
        ],
    }
