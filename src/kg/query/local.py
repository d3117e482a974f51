"""``kg query``: a SPARQL query against the built graph, in this process.

The same gate as the endpoint (:func:`kg.query.sparql.execute`: no update, SERVICE, LOAD or foreign
graph; row and size limits) but no time limit: the user runs their own query on their machine.
Queries may use the project's prefixes without declaring them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from kg.config import load_settings
from kg.errors import UnsupportedFormat
from kg.formats import Kind, by_name
from kg.iris import IRIs
from kg.output import BuildOutput
from kg.query.canned import prologue_for
from kg.query.labels import hinted_languages, labelled_result
from kg.query.sparql import Binding, Limits, QueryRequest, QueryResult, execute
from kg.store.embedded import OxigraphStore
from kg.vocab import prefixes

JSON_RESULTS = "application/sparql-results+json"


def _cell(term: dict[str, Any] | None) -> str:
    if term is None:
        return ""
    if term.get("type") == "literal" and term.get("xml:lang"):
        return f"{term['value']}@{term['xml:lang']}"
    return str(term["value"])


def table(result: QueryResult) -> bytes:
    """SELECT/ASK JSON results as an aligned text table."""
    doc = json.loads(result.body)
    if "boolean" in doc:
        return ("true\n" if doc["boolean"] else "false\n").encode()
    names = doc["head"]["vars"]
    rows = [[_cell(b.get(n)) for n in names] for b in doc["results"]["bindings"]]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = [
        "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(f"({len(rows)} rows{', truncated' if result.truncated else ''})")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _media_type(fmt: str, *kinds: Kind) -> str | None:
    try:
        return by_name(fmt, *kinds).media_type
    except UnsupportedFormat:
        return None


def media_types(fmt: str) -> tuple[str | None, str | None]:
    """The (results, graph) media types a format name asks for; "xml" means both XMLs."""
    if fmt == "table":
        return JSON_RESULTS, "text/turtle"
    return _media_type(fmt, "results"), _media_type(fmt, "graph", "dataset")


def run_local_query(
    build: BuildOutput,
    query: str,
    fmt: str = "table",
    bindings: Iterable[Binding] = (),
    labels: tuple[str, ...] = (),
) -> bytes:
    """Evaluate ``query`` on the build (union default graph) and serialize the answer; with
    ``labels`` (or the query's ``#labels:`` hint) a label column follows each IRI column
    (kg.query.labels), as on the endpoint."""
    iris = IRIs(build.manifest["base_iri"])
    bound = prefixes(iris)
    store = OxigraphStore.from_build(build)
    graphs = set(store.graph_counts())
    results_type, graph_type = media_types(fmt)
    request = QueryRequest(
        prologue_for(query, bound) + query,
        results_type=results_type,
        graph_type=graph_type,
        bindings=tuple(bindings),
    )
    limits = Limits.from_settings(load_settings())
    languages = labels or hinted_languages(query)
    if languages and results_type is not None:
        plain = replace(request, results_type=JSON_RESULTS)
        result = labelled_result(
            execute(store.engine, graphs, plain, limits, bound, iris.endpoint),
            results_type,
            store,
            languages,
            limits,
            limits.time_limit_ms,
        )
    else:
        result = execute(store.engine, graphs, request, limits, bound, iris.endpoint)
    if fmt == "table" and result.form in ("SELECT", "ASK"):
        return table(result)
    return result.body
