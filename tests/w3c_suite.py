"""The W3C SPARQL 1.1 test suite (``tests/w3c/``), read, run and compared.

Library for ``tests/test_w3c_suite.py`` and a script that writes the conformance report::

    python tests/w3c_suite.py --earl docs/w3c-earl.ttl --markdown docs/w3c-results.md

Manifests use the test manifest vocabulary (``mf:``, ``qt:``; W3C "SPARQL 1.1 Test Case
Structure", https://www.w3.org/2009/sparql/docs/tests/README.html). Every test is run two ways:
through the project's HTTP endpoint (an on-disk store made by ``kg load``'s code, served by
``create_app`` with ``STORE`` pointing at it, asked with the Flask test client), and on bare
pyoxigraph with the test's own RDF dataset, so that a failure can be told apart as the
engine's or ours.

Results are compared as the test suite intends: graphs by isomorphism (RDF 1.1 Concepts §3.6,
``rdflib.compare.isomorphic``); solution sequences as multisets with a blank-node bijection,
in order only when the query has ``ORDER BY`` (SPARQL 1.1 Query §15.1); numeric literals by
value within their datatype; ASK by its boolean.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, redirect_stderr
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD
from rdflib.util import from_n3

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
#: The vendored copy, laid out as in the rdf-tests repository (``sparql/sparql11/<folder>``).
ROOT = HERE / "w3c" / "sparql" / "sparql11"
#: The suite's own base IRI: manifests, queries and data are resolved against it, so graph
#: names and relative IRIs are those the expected results were written with.
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"

SYNTAX_FOLDERS = ("syntax-query", "syntax-update-1", "syntax-update-2")
EVALUATION_FOLDERS = (
    "aggregates",
    "bind",
    "bindings",
    "cast",
    "construct",
    "csv-tsv-res",
    "exists",
    "functions",
    "grouping",
    "json-res",
    "negation",
    "project-expression",
    "property-path",
    "subquery",
)
FOLDERS = SYNTAX_FOLDERS + EVALUATION_FOLDERS

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
#: The result-set vocabulary of results written as RDF (``.ttl`` / ``.rdf`` for SELECT, ASK).
RS = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
EARL = rdflib.Namespace("http://www.w3.org/ns/earl#")
DC = rdflib.Namespace("http://purl.org/dc/terms/")
DOAP = rdflib.Namespace("http://usefulinc.com/ns/doap#")

Kind = Literal["syntax+", "syntax-", "update-syntax+", "update-syntax-", "evaluation"]
#: Test manifest vocabulary: the test types run here. mf:CSVResultFormatTest is an evaluation
#: test whose expected result is the CSV serialization (SPARQL 1.1 Query Results CSV/TSV §2).
KINDS: dict[rdflib.URIRef, Kind] = {
    MF.PositiveSyntaxTest11: "syntax+",
    MF.NegativeSyntaxTest11: "syntax-",
    MF.PositiveUpdateSyntaxTest11: "update-syntax+",
    MF.NegativeUpdateSyntaxTest11: "update-syntax-",
    MF.QueryEvaluationTest: "evaluation",
    MF.CSVResultFormatTest: "evaluation",
}
Outcome = Literal["passed", "failed", "inapplicable"]
Cause = Literal["engine", "ours"]


# --- what is not run, and what is known to fail ----------------------------------------------

#: THE table of tests that do not apply to this endpoint, by test id or by folder, with why.
#: The endpoint serves one dataset whose default graph is the union of its named graphs
#: (README, "Data model"), never fetches graphs (FROM <file>) and never federates (SERVICE).
NOT_APPLICABLE: dict[str, str] = {
    "syntax-query/test_42": "policy: FROM <file> names a graph outside the dataset, and graphs "
    "are never fetched (refused with 400 QueryRejected, not a syntax error)",
    "exists/exists-graph-variable": "needs a default graph apart from the named graphs: the same "
    "file is qt:data and qt:graphData, and the endpoint's default graph is their union",
}

#: Tests known to fail through the endpoint (xfail, strict): whose fault, and what is wrong.
#: "engine": bare pyoxigraph fails the same test on the same data; "ours": only the endpoint.
_BOOLEAN_LEXICAL = (
    'Oxigraph stores literals as values: the data\'s "0"^^xsd:boolean comes back as '
    '"false", another RDF term'
)
_EMPTY_PATH = (
    "a zero-length path from a constant that is not in the data has no solution; SPARQL 1.1 "
    "Query §18.5 (ALP) gives the constant itself"
)
KNOWN_FAILURES: dict[str, tuple[Cause, str]] = {
    "aggregates/agg-empty-group-count-graph": (
        "engine",
        "GROUP BY inside GRAPH ?g: an empty group yields no row instead of COUNT 0 per graph",
    ),
    "aggregates/agg-groupconcat-04": (
        "engine",
        "GROUP_CONCAT of literals with the same language tag keeps the tag; the test wants a "
        "simple literal",
    ),
    "aggregates/agg-groupconcat-06": (
        "engine",
        "GROUP_CONCAT of one language-tagged literal keeps the tag; the test wants a simple "
        "literal",
    ),
    "bindings/graph": (
        "engine",
        "VALUES inside GRAPH ?g binding ?g to UNDEF: the solution loses ?g instead of one per "
        "graph",
    ),
    "cast/cast-bool": ("engine", _BOOLEAN_LEXICAL),
    "cast/cast-decimal": ("engine", _BOOLEAN_LEXICAL),
    "cast/cast-double": ("engine", _BOOLEAN_LEXICAL),
    "cast/cast-float": ("engine", _BOOLEAN_LEXICAL),
    "cast/cast-int": ("engine", _BOOLEAN_LEXICAL),
    "cast/cast-string": ("engine", _BOOLEAN_LEXICAL),
    "csv-tsv-res/csv03": (
        "engine",
        'Oxigraph stores literals as values: "1.0E6"^^xsd:double is written back as 1000000',
    ),
    "csv-tsv-res/tsv03": (
        "engine",
        'Oxigraph\'s TSV writer abbreviates "-3"^^xsd:negativeInteger to -3, an xsd:integer',
    ),
    "functions/bnode01": (
        "engine",
        "BNODE(str) gives the same blank node for the same string across solutions; §17.4.2.9 "
        "scopes it to one solution",
    ),
    "negation/graph-minus": ("engine", "MINUS inside GRAPH ?g finds no solution"),
    "property-path/zero_or_more_set_end": ("engine", _EMPTY_PATH),
    "property-path/zero_or_more_set_start": ("engine", _EMPTY_PATH),
    "property-path/zero_or_one_set_end": ("engine", _EMPTY_PATH),
    "property-path/zero_or_one_set_start": ("engine", _EMPTY_PATH),
}


def not_applicable(case: Case) -> str | None:
    """Why ``case`` does not apply here (from :data:`NOT_APPLICABLE`), or None."""
    return NOT_APPLICABLE.get(case.id) or NOT_APPLICABLE.get(case.folder)


# --- the manifests ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One test of a manifest (test manifest vocabulary: mf:action, qt:*, mf:result)."""

    id: str  # "<folder>/<local name>", also the pytest id
    iri: str
    folder: str
    name: str
    kind: Kind
    query: str  # IRI of the query (qt:query, or mf:action itself for syntax tests)
    data: tuple[str, ...] = ()  # qt:data: merged into the default graph
    graph_data: tuple[str, ...] = ()  # qt:graphData: named graphs, named by their IRI
    result: str | None = None  # mf:result

    @property
    def dataset(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The test's RDF dataset, the key under which stores and apps are reused."""
        return (self.data, self.graph_data)


def local_path(iri: str) -> Path:
    """The vendored file for a suite IRI."""
    if not iri.startswith(BASE):
        raise ValueError(f"{iri} is not under the suite's base {BASE}")
    return ROOT / iri.removeprefix(BASE)


def _files(graph: rdflib.Graph, node: rdflib.term.Node, predicate: rdflib.URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(node, predicate))


def _kind(graph: rdflib.Graph, entry: rdflib.term.Node) -> Kind | None:
    types = (t for t in graph.objects(entry, RDF.type) if isinstance(t, rdflib.URIRef))
    return next((KINDS[t] for t in types if t in KINDS), None)


def _case(graph: rdflib.Graph, folder: str, entry: rdflib.term.Node) -> Case | None:
    """A test entry; mf:action is the query itself for syntax tests, else a node with
    qt:query, qt:data and qt:graphData."""
    kind = _kind(graph, entry)
    action = graph.value(entry, MF.action)
    if kind is None or action is None:
        return None
    result = graph.value(entry, MF.result)
    iri = str(entry)
    evaluation = kind == "evaluation"
    return Case(
        id=f"{folder}/{iri.rsplit('#', 1)[-1]}",
        iri=iri,
        folder=folder,
        name=str(graph.value(entry, MF.name) or iri),
        kind=kind,
        query=str(graph.value(action, QT.query)) if evaluation else str(action),
        data=tuple(_files(graph, action, QT.data)) if evaluation else (),
        graph_data=tuple(_files(graph, action, QT.graphData)) if evaluation else (),
        result=str(result) if result is not None else None,
    )


def read_manifest(folder: str) -> list[Case]:
    """The tests of ``<folder>/manifest.ttl``, in mf:entries order (an RDF collection)."""
    graph = rdflib.Graph().parse(
        ROOT / folder / "manifest.ttl", format="turtle", publicID=f"{BASE}{folder}/manifest.ttl"
    )
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    entries = graph.value(manifest, MF.entries)
    assert entries is not None, f"{folder}/manifest.ttl has no mf:entries"
    cases = (_case(graph, folder, e) for e in Collection(graph, entries))
    return [c for c in cases if c is not None]


def all_cases(folders: Iterable[str] = FOLDERS) -> list[Case]:
    return [case for folder in folders for case in read_manifest(folder)]


def query_text(case: Case) -> str:
    """The query as sent: its file, with its own IRI as base (RFC 3986 §5.1.3, the base of a
    retrieved document), on a line of its own: the protocol has no base parameter."""
    return f"BASE <{case.query}>\n" + local_path(case.query).read_text(encoding="utf-8")


# --- RDF terms and solutions -----------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """An RDF term as the results formats give it; ``csv`` is a CSV cell, which has no type."""

    kind: Literal["iri", "bnode", "literal", "csv"]
    value: str
    datatype: str | None = None  # None for a language-tagged string (rdf:langString)
    language: str | None = None


Row = dict[str, Term]


@dataclass(frozen=True)
class Solutions:
    variables: tuple[str, ...]
    rows: tuple[Row, ...]
    ordered: bool = False  # rs:index given (RDF result sets), else unknown


Result = Solutions | bool | rdflib.Graph

XSD_STRING = str(XSD.string)
INTEGERS = {
    str(XSD[n])
    for n in (
        "integer nonPositiveInteger negativeInteger long int short byte nonNegativeInteger "
        "unsignedLong unsignedInt unsignedShort unsignedByte positiveInteger"
    ).split()
}
FLOATS = {str(XSD.double), str(XSD.float)}


def literal(value: str, datatype: str | None = None, language: str | None = None) -> Term:
    """RDF 1.1: a simple literal is an xsd:string; language tags compare case-insensitively."""
    if language:
        return Term("literal", value, None, language.lower())
    return Term("literal", value, datatype or XSD_STRING)


def _number(term: Term) -> object:
    """A numeric literal's value within its datatype (XSD 1.1 §3.3), else its lexical form."""
    try:
        if term.datatype in INTEGERS:
            return int(term.value.strip())
        if term.datatype == str(XSD.decimal):
            return Decimal(term.value.strip()).normalize()
        if term.datatype in FLOATS:
            number = float(term.value.strip().replace("INF", "inf"))
            return "NaN" if number != number else number
    except (ValueError, InvalidOperation):
        pass
    return term.value


def ground_key(term: Term) -> tuple[object, ...]:
    """What two terms without blank nodes must share to be the same answer."""
    if term.kind == "literal":
        return ("literal", _number(term), term.datatype, term.language)
    return (term.kind, term.value)


# --- parsing results: SPARQL 1.1 Query Results XML, JSON, CSV and TSV, and RDF result sets ----

SRX = "{http://www.w3.org/2005/sparql-results#}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _srx_term(node: ET.Element) -> Term:
    """SPARQL Query Results XML Format §2.3.1: <uri>, <literal datatype= xml:lang=>, <bnode>."""
    tag = node.tag.removeprefix(SRX)
    text = node.text or ""
    if tag == "uri":
        return Term("iri", text)
    if tag == "bnode":
        return Term("bnode", text)
    return literal(text, node.get("datatype"), node.get(XML_LANG))


def parse_srx(data: bytes) -> Result:
    """SPARQL Query Results XML Format: <head>, then <results> or <boolean> (§2.2, §2.3)."""
    root = ET.fromstring(data)
    boolean = root.find(f"{SRX}boolean")
    if boolean is not None:
        return (boolean.text or "").strip() == "true"
    variables = tuple(v.get("name", "") for v in root.iter(f"{SRX}variable"))
    rows = tuple(
        {b.get("name", ""): _srx_term(b[0]) for b in result.findall(f"{SRX}binding")}
        for result in root.iter(f"{SRX}result")
    )
    return Solutions(variables, rows)


def _srj_term(value: Mapping[str, str]) -> Term:
    """SPARQL 1.1 Query Results JSON Format §3.2.2 (``typed-literal`` is the 2008 note's)."""
    kind = value["type"]
    if kind == "uri":
        return Term("iri", value["value"])
    if kind == "bnode":
        return Term("bnode", value["value"])
    return literal(value["value"], value.get("datatype"), value.get("xml:lang"))


def parse_srj(data: bytes) -> Result:
    """SPARQL 1.1 Query Results JSON Format §3: ``head.vars`` and ``results.bindings``, or
    ``boolean``."""
    doc = json.loads(data)
    if "boolean" in doc:
        return bool(doc["boolean"])
    rows = tuple(
        {name: _srj_term(v) for name, v in binding.items()}
        for binding in doc["results"]["bindings"]
    )
    return Solutions(tuple(doc["head"].get("vars", ())), rows)


def _csv_term(cell: str) -> Term | None:
    """SPARQL 1.1 Query Results CSV §2: IRIs and literals are bare text, blank nodes ``_:x``,
    an unbound variable an empty field; types and language tags are lost."""
    if cell == "":
        return None
    if cell.startswith("_:"):
        return Term("bnode", cell[2:])
    return Term("csv", cell)


def parse_csv(data: bytes) -> Result:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    return Solutions(tuple(header), tuple(_cells(header, r, _csv_term) for r in body))


def _tsv_term(cell: str) -> Term | None:
    """SPARQL 1.1 Query Results TSV §3: terms in Turtle/SPARQL syntax, numbers abbreviated."""
    cell = cell.strip()
    if cell == "":
        return None
    if cell.startswith("_:"):
        return Term("bnode", cell[2:])
    return _rdflib_term(from_n3(cell))


def parse_tsv(data: bytes) -> Result:
    lines = data.decode("utf-8").split("\n")
    header = [v.strip().removeprefix("?") for v in lines[0].split("\t")]
    body = [line.rstrip("\r").split("\t") for line in lines[1:] if line.strip("\r") != ""]
    return Solutions(tuple(header), tuple(_cells(header, r, _tsv_term) for r in body))


def _cells(header: Sequence[str], cells: Sequence[str], read: Callable[[str], Term | None]) -> Row:
    terms = {name: read(cell) for name, cell in zip(header, cells, strict=False)}
    return {name: term for name, term in terms.items() if term is not None}


def _rdflib_term(node: Any) -> Term:
    if isinstance(node, rdflib.URIRef):
        return Term("iri", str(node))
    if isinstance(node, rdflib.BNode):
        return Term("bnode", str(node))
    if isinstance(node, rdflib.Literal):
        datatype = str(node.datatype) if node.datatype else None
        return literal(str(node), datatype, node.language)
    raise ValueError(f"not an RDF term: {node!r}")


def parse_result_set(graph: rdflib.Graph) -> Result:
    """An RDF result set (DAWG result-set vocabulary): rs:ResultSet with rs:resultVariable and
    rs:solution / rs:binding (rs:variable, rs:value), rs:index when ordered, or rs:boolean."""
    result_set = next(graph.subjects(RDF.type, RS.ResultSet))
    boolean = graph.value(result_set, RS.boolean)
    if boolean is not None:
        return str(boolean) == "true"
    variables = tuple(sorted(str(v) for v in graph.objects(result_set, RS.resultVariable)))
    solutions = list(graph.objects(result_set, RS.solution))
    # RS["index"], not RS.index: a Namespace is a str, and str.index is a method.
    indexes = [graph.value(s, RS["index"]) for s in solutions]
    ordered = all(i is not None for i in indexes) and bool(solutions)
    if ordered:
        keyed = sorted(zip((int(str(i)) for i in indexes), solutions, strict=True))
        solutions = [s for _, s in keyed]
    rows = tuple(
        {
            str(graph.value(b, RS.variable)): _rdflib_term(graph.value(b, RS.value))
            for b in graph.objects(s, RS.binding)
        }
        for s in solutions
    )
    return Solutions(variables, rows, ordered)


RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}


def parse_graph(data: bytes, suffix: str, base: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=data, format=RDF_SUFFIXES[suffix], publicID=base)


def expected_result(case: Case) -> Result:
    """The test's mf:result, read by its suffix; RDF is a result set when it has one."""
    assert case.result is not None
    path = local_path(case.result)
    data, suffix = path.read_bytes(), path.suffix
    readers = {".srx": parse_srx, ".srj": parse_srj, ".csv": parse_csv, ".tsv": parse_tsv}
    if suffix in readers:
        return readers[suffix](data)
    graph = parse_graph(data, suffix, case.result)
    if (None, RDF.type, RS.ResultSet) in graph:
        return parse_result_set(graph)
    return graph


# --- comparing -------------------------------------------------------------------------------


def _has_bnode(row: Row) -> bool:
    return any(t.kind == "bnode" for t in row.values())


def _row_key(row: Row) -> frozenset[tuple[str, tuple[object, ...]]]:
    return frozenset((name, ground_key(term)) for name, term in row.items())


Mapping2 = tuple[dict[str, str], dict[str, str]]


def _unify(expected: Row, actual: Row, mapping: Mapping2) -> Mapping2 | None:
    """``mapping`` extended so that ``actual`` answers ``expected``, or None.

    Blank nodes are scoped to the result set (Query Results formats §2.3.1 / §3.2.2): a label
    only has to correspond one-to-one, never to be equal."""
    if expected.keys() != actual.keys():
        return None
    forward, backward = dict(mapping[0]), dict(mapping[1])
    for name, want in expected.items():
        got = actual[name]
        if want.kind != "bnode" or got.kind != "bnode":
            if ground_key(want) != ground_key(got):
                return None
            continue
        if forward.setdefault(want.value, got.value) != got.value:
            return None
        if backward.setdefault(got.value, want.value) != want.value:
            return None
    return forward, backward


def _match_unordered(expected: list[Row], actual: list[Row], mapping: Mapping2) -> bool:
    """Backtracking: pair each expected row with an unused actual row, consistently."""
    if not expected:
        return True
    first, rest = expected[0], expected[1:]
    for index, candidate in enumerate(actual):
        extended = _unify(first, candidate, mapping)
        if extended is not None and _match_unordered(
            rest, actual[:index] + actual[index + 1 :], extended
        ):
            return True
    return False


def same_solutions(expected: Solutions, actual: Solutions, ordered: bool) -> bool:
    """Solution sequences: a multiset (order only if ``ordered``), blank nodes bijective."""
    if len(expected.rows) != len(actual.rows):
        return False
    if ordered:
        mapping: Mapping2 | None = ({}, {})
        for want, got in zip(expected.rows, actual.rows, strict=True):
            mapping = _unify(want, got, mapping) if mapping is not None else None
        return mapping is not None
    ground_want = Counter(_row_key(r) for r in expected.rows if not _has_bnode(r))
    ground_got = Counter(_row_key(r) for r in actual.rows if not _has_bnode(r))
    if ground_want != ground_got:
        return False
    return _match_unordered(
        [r for r in expected.rows if _has_bnode(r)],
        [r for r in actual.rows if _has_bnode(r)],
        ({}, {}),
    )


def has_order_by(text: str) -> bool:
    """The outermost query has ORDER BY (SPARQL 1.1 Query §15.1): only then is order checked."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return "orderby" in parseQuery(text)[1]
    except Exception:  # noqa: BLE001 - unparseable here: compare as a multiset
        return False


def compare(expected: Result, actual: Result, ordered: bool) -> str | None:
    """None when ``actual`` answers as ``expected``; otherwise what differs."""
    if isinstance(expected, bool):
        return None if actual is expected else f"expected ASK {expected}, got {actual!r}"
    if isinstance(expected, rdflib.Graph):
        if not isinstance(actual, rdflib.Graph):
            return f"expected a graph, got {type(actual).__name__}"
        if isomorphic(expected, actual):
            return None
        return f"graphs differ: expected {len(expected)} triples, got {len(actual)}"
    if not isinstance(actual, Solutions):
        return f"expected solutions, got {type(actual).__name__}"
    if same_solutions(expected, actual, ordered or expected.ordered):
        return None
    missing, extra = _difference(expected, actual)
    return (
        f"solutions differ: expected {len(expected.rows)} rows, got {len(actual.rows)}; "
        f"missing {_show(missing)}, unexpected {_show(extra)}"
    )


def _difference(expected: Solutions, actual: Solutions) -> tuple[Solutions, Solutions]:
    """The rows of each side that the other lacks, blank nodes aside (for the message)."""
    want = Counter(_row_key(r) for r in expected.rows)
    got = Counter(_row_key(r) for r in actual.rows)
    missing = tuple(r for r in expected.rows if _row_key(r) in want - got)
    extra = tuple(r for r in actual.rows if _row_key(r) in got - want)
    return Solutions(expected.variables, missing), Solutions(actual.variables, extra)


def _show(solutions: Solutions, limit: int = 4) -> str:
    def cell(term: Term) -> str:
        if term.kind == "literal":
            tag = f"@{term.language}" if term.language else f"^^{term.datatype}"
            return f'"{term.value}"{tag.replace(str(XSD), "xsd:")}'
        return f"<{term.value}>" if term.kind == "iri" else f"{term.kind}:{term.value}"

    rows = [", ".join(f"{k}={cell(v)}" for k, v in sorted(r.items())) for r in solutions.rows]
    return "[" + " | ".join(rows[:limit]) + (" ..." if len(rows) > limit else "") + "]"


# --- datasets: files into stores --------------------------------------------------------------


def _quads(iri: str, graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
    """A data file's triples, in ``graph``; blank nodes renamed so that files merge (RDF 1.1
    Semantics §5.2: the merge of graphs keeps their blank nodes apart)."""
    for quad in ox.parse(path=local_path(iri), base_iri=iri, rename_blank_nodes=True):
        yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)


def dataset_quads(case: Case) -> list[ox.Quad]:
    """qt:data merged into the default graph, each qt:graphData a graph named by its IRI."""
    quads = [q for iri in case.data for q in _quads(iri, ox.DefaultGraph())]
    quads += [q for iri in case.graph_data for q in _quads(iri, ox.NamedNode(iri))]
    return quads


def write_dump(case: Case, path: Path) -> Path:
    """The dataset as an N-Quads dump, what ``kg load DUMP --store PATH`` reads."""
    path.write_bytes(ox.serialize(dataset_quads(case), format=ox.RdfFormat.N_QUADS) or b"")
    return path


# --- through the endpoint -----------------------------------------------------------------


RESULTS_JSON = "application/sparql-results+json"
ACCEPT_BY_SUFFIX = {".csv": "text/csv", ".tsv": "text/tab-separated-values"}
ACCEPT_DEFAULT = f"{RESULTS_JSON}, text/turtle;q=0.9"


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes

    def json(self) -> dict[str, Any]:
        try:
            doc = json.loads(self.body)
        except ValueError:
            return {"message": self.body.decode("utf-8", "replace")}
        return doc if isinstance(doc, dict) else {}


def ask_endpoint(client: Any, query: str, accept: str = ACCEPT_DEFAULT) -> Answer:
    """SPARQL 1.1 Protocol §2.1.2: query via URL-encoded POST."""
    response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    return Answer(response.status_code, response.content_type or "", response.get_data())


def update_endpoint(client: Any, update: str) -> Answer:
    """SPARQL 1.1 Protocol §2.2.1: the update operation via URL-encoded POST."""
    response = client.post("/sparql", data={"update": update}, headers={"Accept": RESULTS_JSON})
    return Answer(response.status_code, response.content_type or "", response.get_data())


def parse_answer(answer: Answer, base: str) -> Result:
    kind = answer.content_type.split(";")[0].strip()
    if kind == RESULTS_JSON:
        return parse_srj(answer.body)
    if kind == "text/csv":
        return parse_csv(answer.body)
    if kind == "text/tab-separated-values":
        return parse_tsv(answer.body)
    return parse_graph(answer.body, ".ttl", base)


#: "at line 3, column 7" (rdflib's parse, the gate) or "error at 3:7" (Oxigraph's).
POSITION = re.compile(r"line \d+, column \d+|at \d+:\d+")


def syntax_verdict(case: Case, answer: Answer) -> str | None:
    """None when the endpoint's answer to a syntax test is right, else what is wrong.

    Positive: anything but a syntax error (400 QuerySyntaxError). Negative: a 400 syntax error
    whose message gives the position. Update syntax, either way: refused with a 4xx, since the
    endpoint is read-only (SPARQL 1.1 Protocol §2.2 is not offered)."""
    doc = answer.json()
    error, message = str(doc.get("error", "")), str(doc.get("message", ""))
    if case.kind.startswith("update-"):
        if 400 <= answer.status < 500:
            return None
        return f"an update was not refused: {answer.status}"
    if case.kind == "syntax+":
        if answer.status == 400 and error == "QuerySyntaxError":
            return f"a valid query was called a syntax error: {message}"
        if answer.status >= 400:
            return f"a valid query failed with {answer.status} {error}: {message}"
        return None
    if answer.status != 400 or error != "QuerySyntaxError":
        return f"an invalid query was not a 400 syntax error: {answer.status} {error} {message}"
    if not POSITION.search(message):
        return f"the syntax error gives no position: {message}"
    return None


def evaluation_verdict(case: Case, client: Any) -> str | None:
    """Send the test's query through the endpoint; None when the answer is the expected one."""
    assert case.result is not None
    accept = ACCEPT_BY_SUFFIX.get(Path(case.result).suffix, ACCEPT_DEFAULT)
    text = query_text(case)
    answer = ask_endpoint(client, text, accept)
    if answer.status != 200:
        return f"HTTP {answer.status}: {answer.json().get('message', answer.body[:200])}"
    return compare(expected_result(case), parse_answer(answer, case.query), has_order_by(text))


class Apps:
    """One app at a time, for one dataset: an on-disk store made by ``kg load``'s code
    (:func:`kg.store.load.load_into`) and ``create_app`` with STORE pointing at it, as
    ``kg serve --store`` does. Tests are grouped by dataset, so each is loaded once."""

    def __init__(self, workdir: Path, config: Mapping[str, Any] | None = None) -> None:
        self.workdir = workdir
        self.config = dict(config or {})
        self._key: tuple[tuple[str, ...], tuple[str, ...]] | None = None
        self._app: Any = None
        self._count = 0

    def client_for(self, case: Case) -> Any:
        if self._key != case.dataset:
            self.close()
            self._app, self._key = self._open(case), case.dataset
        return self._app.test_client()

    def _open(self, case: Case) -> Any:
        from kg.store.load import load_into
        from kg.web import create_app

        self._count += 1
        folder = self.workdir / f"dataset-{self._count}"
        folder.mkdir()
        (folder / "build").mkdir()
        store = folder / "store"
        load_into(write_dump(case, folder / "dataset.nq"), store)
        settings = {
            "TESTING": True,
            "ROOT": str(REPO),
            "BUILD_DIR": str(folder / "build"),  # no build: the store's manifest stands in
            "SPARQL_TIME_LIMIT_MS": 10_000,
            "SPARQL_WORKERS": 1,
            "CACHE_ENTRIES": 0,
            **self.config,
            "STORE": str(store),
        }
        return create_app(settings)

    def close(self) -> None:
        if self._app is not None:
            self._app.extensions["kg"].close()
        self._app, self._key = None, None


# --- on bare pyoxigraph ---------------------------------------------------------------------


def _ox_term(term: Any) -> Term:
    if isinstance(term, ox.NamedNode):
        return Term("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    return literal(term.value, term.datatype.value, term.language)


def _ox_result(answer: Any, suffix: str) -> Result:
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QuerySolutions):
        if suffix in (".csv", ".tsv"):  # the test is of Oxigraph's own serializer
            fmt = ox.QueryResultsFormat.CSV if suffix == ".csv" else ox.QueryResultsFormat.TSV
            data = answer.serialize(format=fmt) or b""
            return parse_csv(data) if suffix == ".csv" else parse_tsv(data)
        variables = tuple(v.value for v in answer.variables)
        rows = tuple({v: _ox_term(s[v]) for v in variables if s[v] is not None} for s in answer)
        return Solutions(variables, rows)
    data = ox.serialize(list(answer), format=ox.RdfFormat.N_TRIPLES) or b""
    return parse_graph(data, ".nt", BASE)


def bare_store(case: Case) -> ox.Store:
    store = ox.Store()
    store.extend(dataset_quads(case))
    return store


def bare_evaluation_verdict(case: Case, union: bool = False) -> str | None:
    """The same test on bare pyoxigraph, with the test's own dataset (or, with ``union``, the
    default graph as the union of all graphs, as the endpoint serves it)."""
    assert case.result is not None
    text = query_text(case)
    try:
        answer = bare_store(case).query(text, use_default_graph_as_union=union)
        actual = _ox_result(answer, Path(case.result).suffix)
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return compare(expected_result(case), actual, has_order_by(text))


def bare_query_parses(text: str) -> bool:
    """Oxigraph parses the query (evaluation is lazy: nothing runs until iterated)."""
    try:
        ox.Store().query(text)
    except SyntaxError:
        return False
    except Exception:  # noqa: BLE001 - parsed, then refused (an unknown function, ...)
        return True
    return True


def bare_update_parse_verdicts(texts: Sequence[str]) -> list[bool]:
    """Whether Oxigraph parses each update. pyoxigraph offers no parse-only call, so each is
    run on an empty in-memory store, in a child process without network (``LOAD <http…>``
    would otherwise fetch): only a SyntaxError means it did not parse."""
    child = subprocess.run(
        [sys.executable, __file__, "--bare-updates"],
        input=json.dumps(list(texts)),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return [bool(v) for v in json.loads(child.stdout)]


def _bare_updates_child() -> None:
    from kg.query.workers import isolate_network

    if not isolate_network():
        raise SystemExit("cannot leave the network; not running updates")
    verdicts = []
    for text in json.loads(sys.stdin.read()):
        try:
            ox.Store().update(text)
        except SyntaxError:
            verdicts.append(False)
        except Exception:  # noqa: BLE001 - parsed, then failed to run (LOAD, ...)
            verdicts.append(True)
        else:
            verdicts.append(True)
    print(json.dumps(verdicts))


def bare_syntax_verdicts(cases: Sequence[Case]) -> dict[str, str | None]:
    """Syntax tests on bare pyoxigraph: does it accept what it must and reject what it must."""
    updates = [c for c in cases if c.kind.startswith("update-")]
    parsed = dict(
        zip(
            (c.id for c in updates),
            bare_update_parse_verdicts([query_text(c) for c in updates]),
            strict=True,
        )
    )
    verdicts: dict[str, str | None] = {}
    for case in cases:
        ok = parsed[case.id] if case.id in parsed else bare_query_parses(query_text(case))
        wanted = case.kind.endswith("+")
        verdicts[case.id] = None if ok == wanted else ("rejected" if wanted else "accepted")
    return verdicts


# --- running everything: the report ---------------------------------------------------------


@dataclass(frozen=True)
class Run:
    case: Case
    ours: Outcome
    bare: Outcome
    note: str = ""


def _outcome(verdict: str | None) -> Outcome:
    return "passed" if verdict is None else "failed"


@contextmanager
def endpoint_apps(config: Mapping[str, Any] | None = None) -> Iterator[Apps]:
    workdir = Path(tempfile.mkdtemp(prefix="w3c-"))
    apps = Apps(workdir, config)
    try:
        yield apps
    finally:
        apps.close()
        shutil.rmtree(workdir, ignore_errors=True)


def evaluation_order(cases: Iterable[Case]) -> list[Case]:
    """Grouped by dataset (stable within a group), so each store is loaded once."""
    first: dict[tuple[tuple[str, ...], tuple[str, ...]], int] = {}
    listed = list(cases)
    for index, case in enumerate(listed):
        first.setdefault(case.dataset, index)
    return sorted(listed, key=lambda c: first[c.dataset])


def run_all(syntax_client: Any) -> list[Run]:
    """Every test through the endpoint and on bare pyoxigraph."""
    cases = all_cases()
    syntax = [c for c in cases if c.kind != "evaluation"]
    bare_syntax = bare_syntax_verdicts(syntax)
    runs = []
    for case in syntax:
        reason = not_applicable(case)
        bare = _outcome(bare_syntax[case.id])
        if reason:
            runs.append(Run(case, "inapplicable", bare, reason))
            continue
        ours = _outcome(_syntax_ours(case, syntax_client))
        runs.append(Run(case, ours, bare, KNOWN_FAILURES.get(case.id, ("", ""))[1]))
    with endpoint_apps() as apps:
        for case in evaluation_order(c for c in cases if c.kind == "evaluation"):
            bare = _outcome(bare_evaluation_verdict(case))
            reason = not_applicable(case)
            if reason:
                runs.append(Run(case, "inapplicable", bare, reason))
                continue
            ours = _outcome(evaluation_verdict(case, apps.client_for(case)))
            runs.append(Run(case, ours, bare, KNOWN_FAILURES.get(case.id, ("", ""))[1]))
    return sorted(runs, key=lambda r: r.case.id)


def _syntax_ours(case: Case, client: Any) -> str | None:
    text = query_text(case)
    if case.kind.startswith("update-"):
        for answer in (update_endpoint(client, text), ask_endpoint(client, text)):
            verdict = syntax_verdict(case, answer)
            if verdict:
                return verdict
        return None
    return syntax_verdict(case, ask_endpoint(client, text))


@dataclass
class Tally:
    passed: int = 0
    failed: int = 0
    inapplicable: int = 0

    def add(self, outcome: Outcome) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass
class FolderTally:
    ours: Tally = field(default_factory=Tally)
    bare: Tally = field(default_factory=Tally)


def tallies(runs: Iterable[Run]) -> dict[str, FolderTally]:
    table: dict[str, FolderTally] = {}
    for run in runs:
        row = table.setdefault(run.case.folder, FolderTally())
        row.ours.add(run.ours)
        row.bare.add(run.bare)
    return dict(sorted(table.items()))


SUBJECT = rdflib.URIRef("https://kg.example.org/#sparql-endpoint")
BARE = rdflib.URIRef("https://pypi.org/project/pyoxigraph/#bare")
ASSERTER = rdflib.URIRef("https://kg.example.org/#w3c-suite")


def earl_graph(runs: Iterable[Run], date: str | None) -> rdflib.Graph:
    """EARL 1.0: one earl:Assertion per test and subject, earl:TestResult with earl:outcome
    (earl:passed, earl:failed, earl:inapplicable); no timestamp unless ``date`` is given."""
    graph = rdflib.Graph()
    for prefix, namespace in (("earl", EARL), ("dc", DC), ("doap", DOAP)):
        graph.bind(prefix, namespace)
    graph.add((SUBJECT, RDF.type, DOAP.Project))
    graph.add((SUBJECT, DOAP.name, rdflib.Literal("kg SPARQL endpoint (/sparql)")))
    graph.add((BARE, RDF.type, DOAP.Project))
    graph.add((BARE, DOAP.name, rdflib.Literal(f"pyoxigraph {ox.__version__}, bare")))
    for run in runs:
        for subject, outcome in ((SUBJECT, run.ours), (BARE, run.bare)):
            _assertion(graph, run, subject, outcome, date)
    return graph


def _assertion(
    graph: rdflib.Graph, run: Run, subject: rdflib.URIRef, outcome: Outcome, date: str | None
) -> None:
    key = "ours" if subject == SUBJECT else "bare"
    assertion = rdflib.URIRef(f"{ASSERTER}/{key}/{run.case.id}")
    result = rdflib.URIRef(f"{assertion}/result")
    graph.add((assertion, RDF.type, EARL.Assertion))
    graph.add((assertion, EARL.assertedBy, ASSERTER))
    graph.add((assertion, EARL.subject, subject))
    graph.add((assertion, EARL.test, rdflib.URIRef(run.case.iri)))
    graph.add((assertion, EARL.mode, EARL.automatic))
    graph.add((assertion, EARL.result, result))
    graph.add((result, RDF.type, EARL.TestResult))
    graph.add((result, EARL.outcome, EARL[outcome]))
    if run.note and key == "ours":
        graph.add((result, DC.description, rdflib.Literal(run.note)))
    if date:
        graph.add((result, DC.date, rdflib.Literal(date, datatype=XSD.date)))


def earl_text(runs: Iterable[Run], date: str | None) -> str:
    """Deterministic: N-Triples-like Turtle, sorted lines (rdflib's Turtle writer is not)."""
    lines = sorted(set(earl_graph(runs, date).serialize(format="nt").splitlines()))
    header = "# EARL report of tests/w3c_suite.py: W3C SPARQL 1.1 tests, ours and bare pyoxigraph\n"
    return header + "\n".join(line for line in lines if line) + "\n"


def earl_counts(text: str) -> dict[str, dict[str, Tally]]:
    """Per folder and subject ("ours", "bare"), the outcomes an EARL file records."""
    graph = rdflib.Graph().parse(data=text, format="turtle")
    counts: dict[str, dict[str, Tally]] = {}
    for assertion in graph.subjects(RDF.type, EARL.Assertion):
        test = str(graph.value(assertion, EARL.test)).removeprefix(BASE)
        folder = test.split("/", 1)[0]
        key = "ours" if graph.value(assertion, EARL.subject) == SUBJECT else "bare"
        outcome = str(graph.value(graph.value(assertion, EARL.result), EARL.outcome))
        row = counts.setdefault(folder, {"ours": Tally(), "bare": Tally()})
        row[key].add(outcome.removeprefix(str(EARL)))  # type: ignore[arg-type]
    return dict(sorted(counts.items()))


def markdown(runs: Sequence[Run]) -> str:
    table = tallies(runs)
    total = FolderTally()
    lines = [
        "# W3C SPARQL 1.1 test suite",
        "",
        "Written by `python tests/w3c_suite.py --earl docs/w3c-earl.ttl --markdown "
        "docs/w3c-results.md` (do not edit). **ours**: through the `/sparql` endpoint "
        "(Flask test client, an on-disk store per dataset made by `kg load`'s code); "
        f"**bare**: pyoxigraph {ox.__version__} on the test's own dataset. The EARL report is "
        "[`w3c-earl.ttl`](w3c-earl.ttl); why a test is not applicable or fails is in "
        "`tests/w3c_suite.py` (`NOT_APPLICABLE`, `KNOWN_FAILURES`).",
        "",
        "| folder | ours passed | ours failed | ours n/a | bare passed | bare failed |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for folder, row in table.items():
        lines.append(_markdown_row(folder, row))
        for key in ("ours", "bare"):
            for outcome in ("passed", "failed", "inapplicable"):
                mine = getattr(total, key)
                setattr(mine, outcome, getattr(mine, outcome) + getattr(getattr(row, key), outcome))
    lines.append(_markdown_row("**total**", total))
    lines += ["", "## Not passing through the endpoint", "", "| test | ours | bare | why |"]
    lines.append("| --- | --- | --- | --- |")
    for run in runs:
        if run.ours != "passed":
            lines.append(f"| `{run.case.id}` | {run.ours} | {run.bare} | {run.note} |")
    return "\n".join(lines) + "\n"


def _markdown_row(folder: str, row: FolderTally) -> str:
    ours, bare = row.ours, row.bare
    cells = [ours.passed, ours.failed, ours.inapplicable, bare.passed, bare.failed]
    return f"| {folder} | " + " | ".join(str(c) for c in cells) + " |"


def markdown_counts(text: str) -> dict[str, dict[str, Tally]]:
    """The per-folder counts of a markdown report written by :func:`markdown`."""
    counts: dict[str, dict[str, Tally]] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != 6 or not cells[1].isdigit() or cells[0].startswith("**"):
            continue
        numbers = [int(c) for c in cells[1:]]
        counts[cells[0]] = {
            "ours": Tally(numbers[0], numbers[1], numbers[2]),
            "bare": Tally(numbers[3], numbers[4], 0),
        }
    return counts


def _syntax_app(workdir: Path) -> Any:
    """The app over an empty store: syntax tests need a parser, not data."""
    from kg.store.load import load_into
    from kg.web import create_app

    empty = workdir / "empty.nq"
    empty.write_bytes(b"")
    load_into(empty, workdir / "store")
    (workdir / "build").mkdir()
    return create_app(
        {
            "TESTING": True,
            "ROOT": str(REPO),
            "BUILD_DIR": str(workdir / "build"),
            "STORE": str(workdir / "store"),
            "SPARQL_WORKERS": 1,
        }
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--earl", type=Path, help="write the EARL report (Turtle) here")
    parser.add_argument("--markdown", type=Path, help="write the per-folder table here")
    parser.add_argument("--date", help="an xsd:date recorded in every result (default: none)")
    parser.add_argument("--bare-updates", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare_updates:
        _bare_updates_child()
        return 0
    with (
        tempfile.TemporaryDirectory(prefix="w3c-syntax-") as workdir,
        open(os.devnull, "w") as quiet,
        redirect_stderr(quiet),  # one access-log line per request (kg.web.ops)
    ):
        app = _syntax_app(Path(workdir))
        try:
            runs = run_all(app.test_client())
        finally:
            app.extensions["kg"].close()
    if args.earl:
        args.earl.write_text(earl_text(runs, args.date), encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(markdown(runs), encoding="utf-8")
    for line in _unexpected(runs):
        print(line, file=sys.stderr)
    print(markdown(runs).split("\n\n## ")[0].split("\n\n")[-1])
    return 1 if _unexpected(runs) else 0


def _unexpected(runs: Iterable[Run]) -> list[str]:
    """Where the tables disagree with what was measured (a failure not listed, a listed one
    that passes, or an "engine" cause where bare pyoxigraph passes)."""
    problems = []
    for run in runs:
        known = KNOWN_FAILURES.get(run.case.id)
        if run.ours == "failed" and known is None:
            problems.append(f"{run.case.id}: fails through the endpoint, not in KNOWN_FAILURES")
        elif run.ours == "passed" and known is not None:
            problems.append(f"{run.case.id}: passes, but is in KNOWN_FAILURES")
        elif known is not None and (known[0] == "engine") != (run.bare == "failed"):
            problems.append(f"{run.case.id}: cause {known[0]!r}, but bare pyoxigraph {run.bare}")
    return problems


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
