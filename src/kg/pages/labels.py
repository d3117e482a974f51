"""Human labels for IRIs, in a preferred language, from the in-process store (trusted lookups)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.store.api import ReadStore

LABEL_QUERY = """
SELECT ?s ?label WHERE {
  ?s <http://www.w3.org/2000/01/rdf-schema#label>
   | <http://www.w3.org/2004/02/skos/core#prefLabel>
   | <http://schema.org/name> ?label
}"""


def _rank(term: ox.Literal, lang: str) -> int:
    tag = term.language or ""
    return 0 if tag == lang else 1 if tag == "" else 2 if tag == "en" else 3


def labels(store: ReadStore, iris: Iterable[str], lang: str = "en") -> dict[str, str]:
    """The best label of each IRI that has one (``lang``, then untagged, then English, then any).

    The IRI is bound with ``substitutions`` (SEP-0007), never written into the query text;
    Oxigraph only substitutes projected variables, hence ``?s`` in the SELECT clause.
    """
    found: dict[str, str] = {}
    for iri in dict.fromkeys(iris):
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            continue
        rows = store.select(LABEL_QUERY, substitutions={ox.Variable("s"): node})
        candidates = [row["label"] for row in rows if isinstance(row["label"], ox.Literal)]
        if candidates:
            found[iri] = min(candidates, key=lambda t: (_rank(t, lang), t.value)).value
    return found
