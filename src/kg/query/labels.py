"""The label service: a label column beside each IRI column of a SELECT answer.

What the Wikidata Query Service's ``SERVICE wikibase:label`` gives its users, without a
``SERVICE`` clause (this endpoint refuses federation): the client asks for it with the
protocol parameter ``labels=<languages>`` or with the query hint comment ``#labels: <languages>``
(a comment, so the query stays plain SPARQL 1.1 that any other store runs unchanged). For each
variable ``?x`` bound to an IRI in some solution, the answer gains ``?xLabel`` right after it
(WDQS's naming), bound to the best label of that IRI: the first of the languages that has one,
then an untagged label, then English, then any. An IRI with no label leaves ``?xLabel``
unbound: the dataset does not name it, and the answer does not pretend it does.

Labels are ``rdfs:label``, ``skos:prefLabel`` and ``schema:name``, the properties every page
reads (:data:`LABEL_PROPERTIES`); they are looked up in batches of :data:`BATCH` IRIs with one
``VALUES`` query each, so a long answer costs a few queries, not one per row, and the lookups
stop at the request's time limit (``SPARQL_TIME_LIMIT_MS``) like the query itself.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryRejected, QueryTimeout
from kg.query.lexer import comments
from kg.query.results import serialize_boolean, serialize_solutions
from kg.query.sparql import Limits, QueryResult
from kg.store.api import ReadStore, text_of
from kg.vocab import vocab_iri

LABEL_PROPERTIES = tuple(
    vocab_iri(prefix, name)
    for prefix, name in (("rdfs", "label"), ("skos", "prefLabel"), ("schema", "name"))
)
#: IRIs per lookup query (a ``VALUES`` block of this many rows).
BATCH = 200
#: Languages one request may list (``labels=id,en,fr``): a short preference list, not a scan.
MAX_LANGUAGES = 5
#: A language tag as SPARQL writes one (§19.8 [145] LANGTAG, without the "@").
_LANGTAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*\Z")
#: The hint: a comment line ``#labels: id,en`` (any spacing, any case of "labels").
_HINT = re.compile(r"#\s*labels\s*:\s*(\S*)\s*\Z", re.I)

#: One UNION branch per label property, each binding its property: Oxigraph joins the
#: VALUES block into each branch (1.3 ms for 200 IRIs at 100k triples), where a second
#: ``VALUES ?p`` made it scan every triple first (145 ms; bench/workbench.py).
_LOOKUP = (
    "SELECT ?s ?p ?label WHERE { VALUES ?s { %s } "
    + " UNION ".join(f"{{ ?s <{p}> ?label BIND(<{p}> AS ?p) }}" for p in LABEL_PROPERTIES)
    + " FILTER isLiteral(?label) }"
)


def read_languages(value: str, where: str) -> tuple[str, ...]:
    """The language list of ``labels=`` or of the hint, in order, lower-cased.

    :raises QueryRejected: an empty list, a value that is not a language tag, too many.
    """
    tags = tuple(dict.fromkeys(t.strip().lower() for t in value.split(",") if t.strip()))
    if not tags:
        raise QueryRejected(f"{where} names no language (for example labels=en or labels=id,en)")
    bad = [t for t in tags if not _LANGTAG.match(t)]
    if bad:
        shown = bad[0] if len(bad[0]) <= 40 else bad[0][:40] + "…"  # an error, not an echo
        raise QueryRejected(f"{where}: {shown!r} is not a language tag (BCP 47, e.g. en, id)")
    if len(tags) > MAX_LANGUAGES:
        raise QueryRejected(
            f"{where} lists {len(tags)} languages; at most {MAX_LANGUAGES} are allowed"
        )
    return tags


def hinted_languages(query: str) -> tuple[str, ...] | None:
    """The languages of the query's ``#labels:`` hint comment, if it has one (the first)."""
    for text in comments(query):
        match = _HINT.match(text.strip())
        if match:
            return read_languages(match.group(1), "the #labels: hint")
    return None


def _rank(prop: str, term: ox.Literal, languages: Sequence[str]) -> tuple[int, int, str]:
    """The pages' order (kg.pages.lexicon): the first label property that has a label, then
    the language, then the text."""
    tag = (term.language or "").lower()
    if tag in languages:
        order = languages.index(tag)
    elif tag == "":
        order = len(languages)
    elif tag == "en":
        order = len(languages) + 1
    else:
        order = len(languages) + 2
    return LABEL_PROPERTIES.index(prop), order, term.value


def best_labels(
    store: ReadStore,
    iris: Iterable[str],
    languages: Sequence[str],
    limit_ms: int | None = None,
) -> dict[str, ox.Literal]:
    """IRI -> its best label (the order of ``languages``, then untagged, English, any).

    :raises QueryTimeout: the lookups ran past ``limit_ms`` (checked between batches, so a
        long answer's labels stop within one batch of the limit).
    """
    nodes = [ox.NamedNode(iri) for iri in dict.fromkeys(iris)]
    found: dict[str, tuple[tuple[int, int, str], ox.Literal]] = {}
    started = time.monotonic()
    for start in range(0, len(nodes), BATCH):
        if limit_ms is not None and (time.monotonic() - started) * 1000 > limit_ms:
            raise QueryTimeout(
                f"the label service ran past the time limit of {limit_ms} ms "
                f"(SPARQL_TIME_LIMIT_MS) after labelling {start} of {len(nodes)} IRIs; "
                "ask for fewer rows (LIMIT) or without labels",
                setting="SPARQL_TIME_LIMIT_MS",
                limit_ms=limit_ms,
            )
        # Each IRI was a NamedNode of an answer or is checked by NamedNode() above: its
        # N-Triples form (<...>) cannot close the VALUES block early.
        block = " ".join(str(n) for n in nodes[start : start + BATCH])
        for row in store.select(_LOOKUP % block):
            subject, prop, label = row["s"], row["p"], row["label"]
            if not isinstance(subject, ox.NamedNode) or not isinstance(label, ox.Literal):
                continue
            rank = _rank(text_of(prop), label, languages)
            known = found.get(subject.value)
            if known is None or rank < known[0]:
                found[subject.value] = (rank, label)
    return {iri: label for iri, (_, label) in found.items()}


def with_labels(
    body: bytes, store: ReadStore, languages: Sequence[str], limit_ms: int | None = None
) -> bytes:
    """A SPARQL JSON results document (SPARQL 1.1 Query Results JSON §3) with a label column
    after each column that holds an IRI; ASK answers are returned unchanged."""
    document: dict[str, Any] = json.loads(body)
    if "boolean" in document:
        return body
    variables: list[str] = document["head"]["vars"]
    rows: list[dict[str, Any]] = document["results"]["bindings"]
    iri_columns = [v for v in variables if any(r.get(v, {}).get("type") == "uri" for r in rows)]
    labelled = [v for v in iri_columns if f"{v}Label" not in variables]
    if not labelled:
        return body
    iris = (r[v]["value"] for r in rows for v in labelled if r.get(v, {}).get("type") == "uri")
    names = best_labels(store, iris, languages, limit_ms)
    for row in rows:
        for v in labelled:
            term = row.get(v)
            label = names.get(term["value"]) if term and term.get("type") == "uri" else None
            if label is not None:
                row[f"{v}Label"] = _json_literal(label)
    head: list[str] = []
    for v in variables:
        head += [v, f"{v}Label"] if v in labelled else [v]
    document["head"]["vars"] = head
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _json_literal(term: ox.Literal) -> dict[str, str]:
    """A literal as SPARQL JSON writes one (§3.2.2)."""
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value != vocab_iri("xsd", "string"):
        return {"type": "literal", "value": term.value, "datatype": term.datatype.value}
    return {"type": "literal", "value": term.value}


def labelled_result(
    plain: QueryResult,
    results_type: str,
    store: ReadStore,
    languages: Sequence[str],
    limits: Limits,
    limit_ms: int,
) -> QueryResult:
    """``plain`` (a SPARQL JSON answer, or a graph answer) with the label columns, written as
    ``results_type`` under the same row and byte limits; a graph answer as it is (it has no
    columns to label) and an ASK answer in ``results_type``."""
    if plain.form == "ASK":
        value = bool(json.loads(plain.body)["boolean"])
        return replace(plain, media_type=results_type, body=serialize_boolean(value, results_type))
    if plain.form != "SELECT":
        return plain
    body = with_labels(plain.body, store, languages, limit_ms)
    solutions = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    assert isinstance(solutions, ox.QuerySolutions)
    out, rows, cut = serialize_solutions(
        solutions, results_type, limits.max_rows, limits.max_result_bytes
    )
    return QueryResult(plain.form, results_type, out, rows, cut or plain.truncated)
