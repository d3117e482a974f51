"""The dated events of the dataset, in order, each with how precisely and how surely it is dated.

Dates are OWL-Time nodes (W3C Time Ontology in OWL, §4): an instant with ``time:inXSDDate``
(day) or ``time:inXSDgYearMonth`` (month) reached through ``time:hasTime``; an interval whose
``time:hasBeginning`` is such an instant ("since October 2025"); or, for a Data Cube figure,
``sdmx-dimension:refPeriod`` a ``time:DateTimeInterval`` described by ``time:year`` (the
whole year). ``kg:dateStatus`` says whether the article states the date or it was inferred
(``kg:inferenceNote`` says how).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.store.api import ReadStore, text_of

EVENTS_QUERY = """
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
SELECT DISTINCT ?thing ?when ?value ?relation WHERE {
  {
    ?thing time:hasTime ?when .
    ?when time:inXSDDate|time:inXSDgYearMonth ?value .
    BIND("at" AS ?relation)
  } UNION {
    ?thing time:hasTime ?interval . ?interval time:hasBeginning ?when .
    ?when time:inXSDDate|time:inXSDgYearMonth ?value .
    BIND("from" AS ?relation)
  } UNION {
    ?thing sdmx-dimension:refPeriod ?when .
    ?when time:hasDateTimeDescription ?description . ?description time:year ?value .
    BIND("during" AS ?relation)
  }
}"""


@dataclass(frozen=True)
class Event:
    thing: str  # the dated node
    when: str  # the OWL-Time node that dates it
    value: str  # ISO form: 2025-12-01, 2025-10 or 2025
    relation: str  # at (on that day or month), from (beginning then), during (that year)
    precision: str  # day, month or year
    status: str | None  # IRI of kg:stated / kg:inferred, when given

    @property
    def sort_key(self) -> tuple[int, int, int, str, str]:
        parts = [int(p) for p in self.value.split("-")] + [0, 0]
        return (parts[0], parts[1], parts[2], self.relation, self.thing)


def _precision(value: str) -> str:
    return {1: "year", 2: "month"}.get(value.count("-") + 1, "day")


def load_events(store: ReadStore, ontology_ns: str) -> list[Event]:
    """Every dated node under the dataset, oldest first (a whole year sorts before its months)."""
    status_property = ox.NamedNode(ontology_ns + "dateStatus")
    events = []
    for row in store.select(EVENTS_QUERY):
        when = row["when"]
        statuses = [text_of(q.object) for q in store.quads(when, status_property, None)]
        value = row["value"].value
        events.append(
            Event(
                row["thing"].value,
                when.value,
                value,
                row["relation"].value,
                _precision(value),
                statuses[0] if statuses else None,
            )
        )
    return sorted(set(events), key=lambda e: e.sort_key)
