"""The clients linked-data engineers use, against a real server, on both backends.

SPARQLWrapper (every return format it offers, by GET, URL-encoded POST and direct POST, for
all four query forms), rdflib's SPARQLStore and SPARQLUpdateStore, and Comunica (its command
line and its engine, from ``tests/clients``, installed by ``.ci/run``) talk to ``live_server``
over HTTP. Every expectation is what the embedded store computes for the same query over the
same build, compared term by term; the combinations a client allows but that make no sense
(CSV for CONSTRUCT) are held to a clear 406, or to the fallback SPARQLWrapper warns about.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import urllib.error
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from xml.dom.minidom import Document, Element

import pyoxigraph as ox
import pytest
import requests
from conftest import REPO, Built, LiveServer
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from rdflib.term import Node
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDF,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

#: Every test here runs on the embedded store and on an external SPARQL store.
pytestmark = [
    pytest.mark.server,
    pytest.mark.remote,
    # SPARQLWrapper parses RDF answers into rdflib's ConjunctiveGraph, which rdflib deprecates.
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

ID = "https://kg.example.org/id/"
ANDRA = f"{ID}andra-soni"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ORG_HOLDS = "http://www.w3.org/ns/org#holds"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

SELECT_Q = f"SELECT ?p ?o WHERE {{ <{ANDRA}> ?p ?o }}"
ASK_Q = f'ASK {{ <{ANDRA}> <{ORG_HOLDS}> ?post . ?post <{RDFS_LABEL}> "Gubernur Banten"@id }}'
CONSTRUCT_Q = f"CONSTRUCT {{ <{ANDRA}> ?p ?o }} WHERE {{ <{ANDRA}> ?p ?o }}"
DESCRIBE_Q = f"DESCRIBE <{ANDRA}>"
JOIN_Q = (
    f"SELECT ?post ?label WHERE {{ <{ANDRA}> <{ORG_HOLDS}> ?post . ?post <{RDFS_LABEL}> ?label }}"
)
COUNT_Q = "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type"
FORMS = {"SELECT": SELECT_Q, "ASK": ASK_Q, "CONSTRUCT": CONSTRUCT_Q, "DESCRIBE": DESCRIBE_Q}

#: A term as a comparable tuple: (kind, lexical value, language, datatype); blank nodes lose
#: their labels, which no two answers share.
Key = tuple[str, str, str, str]
Triple = tuple[Key, Key, Key]


def literal_key(value: str, language: str | None, datatype: str | None) -> Key:
    """RDF 1.1: a literal with a language is an rdf:langString, one without a type a string."""
    default = RDF_LANG_STRING if language else XSD_STRING
    return ("Literal", value, (language or "").lower(), datatype or default)


def ox_key(term: Any) -> Key:
    if isinstance(term, ox.Literal):
        return literal_key(term.value, term.language, term.datatype.value)
    if isinstance(term, ox.BlankNode):
        return ("BlankNode", "", "", "")
    return ("NamedNode", term.value, "", "")


def rdflib_key(term: Node) -> Key:
    if isinstance(term, Literal):
        return literal_key(str(term), term.language, str(term.datatype or "") or None)
    if isinstance(term, BNode):
        return ("BlankNode", "", "", "")
    return ("NamedNode", str(term), "", "")


def sparql_json_key(term: dict[str, str]) -> Key:
    """A term of SPARQL 1.1 Query Results JSON (§3.2.2)."""
    if term["type"] in ("literal", "typed-literal"):
        return literal_key(term["value"], term.get("xml:lang"), term.get("datatype"))
    if term["type"] == "bnode":
        return ("BlankNode", "", "", "")
    return ("NamedNode", term["value"], "", "")


def sparql_xml_key(element: Element) -> Key:
    """A term of SPARQL Query Results XML (§2.3.1): ``<uri>``, ``<literal>`` or ``<bnode>``."""
    text = "".join(n.data for n in element.childNodes if n.nodeType == n.TEXT_NODE)
    if element.tagName == "literal":
        language = element.getAttribute("xml:lang") or None
        return literal_key(text, language, element.getAttribute("datatype") or None)
    if element.tagName == "bnode":
        return ("BlankNode", "", "", "")
    return ("NamedNode", text, "", "")


def comunica_key(term: dict[str, str]) -> Key:
    """A term as ``tests/clients/comunica_query.mjs`` prints it (RDF/JS)."""
    if term["termType"] == "Literal":
        return literal_key(term["value"], term["language"] or None, term["datatype"] or None)
    if term["termType"] == "BlankNode":
        return ("BlankNode", "", "", "")
    return ("NamedNode", term["value"], "", "")


Row = tuple[tuple[str, Key], ...]


def row(pairs: Iterable[tuple[str, Key]]) -> Row:
    return tuple(sorted(pairs))


@dataclass(frozen=True)
class Oracle:
    """The embedded store over the same build, queried the way the endpoint queries it."""

    store: ox.Store

    def _query(self, query: str) -> Any:
        return self.store.query(query, use_default_graph_as_union=True)

    def select(self, query: str) -> list[Row]:
        solutions = self._query(query)
        names = [v.value for v in solutions.variables]
        return sorted(
            row((name, ox_key(s[name])) for name in names if s[name] is not None) for s in solutions
        )

    def ask(self, query: str) -> bool:
        return bool(self._query(query))

    def triples(self, query: str) -> set[Triple]:
        return {
            (ox_key(t.subject), ox_key(t.predicate), ox_key(t.object)) for t in self._query(query)
        }

    def graph_names(self) -> set[str]:
        return {g.value for g in self.store.named_graphs()}

    def graph_size(self, name: str) -> int:
        return len(list(self.store.quads_for_pattern(None, None, None, ox.NamedNode(name))))


@pytest.fixture(scope="module")
def oracle(built: Built) -> Oracle:
    return Oracle(built.store())


@pytest.fixture()
def endpoint(live_server: LiveServer) -> str:
    return live_server.url + "/sparql"


def rdflib_triples(graph: Graph) -> set[Triple]:
    return {(rdflib_key(s), rdflib_key(p), rdflib_key(o)) for s, p, o in graph}


# --- SPARQLWrapper -------------------------------------------------------------------------

#: The three ways SPARQLWrapper sends a query (SPARQL 1.1 Protocol §2.1.1-2.1.3).
METHODS = {
    "GET": (GET, URLENCODED),
    "POST-form": (POST, URLENCODED),
    "POST-direct": (POST, POSTDIRECTLY),
}
RESULTS_FORMATS = (JSON, XML, CSV, TSV)
GRAPH_FORMATS = (TURTLE, N3, XML, RDF, RDFXML, JSONLD)


#: SPARQLWrapper's documented warnings: it sends ``Accept: */*`` for a format it does not map
#: to the query form, and it says so when the answer is in another format than the one asked.
SENT_ANY = r"Sending Accept header '\*/\*' because unexpected returned format"
GOT_OTHER = r"Format requested was .*, but XML \(application/sparql-results\+xml"


@contextmanager
def warns_all(*patterns: str) -> Iterator[None]:
    """Every pattern matches a warning raised inside (pytest.warns would re-emit the rest)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    messages = [str(w.message) for w in caught]
    for pattern in patterns:
        assert any(re.search(pattern, m) for m in messages), (pattern, messages)


def converted(client: SPARQLWrapper) -> Any:
    """``query().convert()``: a dict, a DOM, bytes or an rdflib graph, by the answer's type."""
    return client.query().convert()


def wrapper(endpoint: str, method: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    http_method, request_method = METHODS[method]
    client.setMethod(http_method)
    client.setRequestMethod(request_method)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def xml_rows(document: Document) -> list[Row]:
    rows = []
    for result in document.getElementsByTagName("result"):
        pairs = []
        for binding in result.getElementsByTagName("binding"):
            value = next(n for n in binding.childNodes if n.nodeType == n.ELEMENT_NODE)
            pairs.append((binding.getAttribute("name"), sparql_xml_key(value)))
        rows.append(row(pairs))
    return sorted(rows)


def json_rows(answer: dict[str, Any]) -> list[Row]:
    return sorted(
        row((name, sparql_json_key(term)) for name, term in b.items())
        for b in answer["results"]["bindings"]
    )


def tsv_rows(body: bytes) -> list[Row]:
    """TSV terms are in Turtle syntax (§4); Oxigraph's results parser reads them."""
    solutions = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return sorted(row((n, ox_key(s[n])) for n in names if s[n] is not None) for s in solutions)


def lexical(rows: Iterable[Row]) -> list[tuple[tuple[str, str], ...]]:
    """What CSV keeps of a row: each variable's lexical form (§3.2: no types, no languages)."""
    return sorted(tuple((name, key[1]) for name, key in r) for r in rows)


def csv_rows(body: bytes) -> list[tuple[tuple[str, str], ...]]:
    reader = csv.DictReader(io.StringIO(body.decode("utf-8"), newline=""))
    return sorted(tuple(sorted((k, v) for k, v in r.items() if v != "")) for r in reader)


@pytest.mark.parametrize("fmt", RESULTS_FORMATS)
@pytest.mark.parametrize("method", METHODS)
def test_sparqlwrapper_select(endpoint: str, oracle: Oracle, method: str, fmt: str) -> None:
    """SELECT in JSON, XML, CSV and TSV, sent three ways: convert() gives the embedded answer,
    term for term (values only in CSV), Andra Soni's two labels among them."""
    expected = oracle.select(SELECT_Q)
    answer = converted(wrapper(endpoint, method, SELECT_Q, fmt))
    if fmt == CSV:
        assert csv_rows(answer) == lexical(expected)
        return
    readers: dict[str, Callable[[Any], list[Row]]] = {JSON: json_rows, XML: xml_rows, TSV: tsv_rows}
    got = readers[fmt](answer)
    assert got == expected
    label = ("NamedNode", RDFS_LABEL, "", "")
    assert {dict(r)["o"] for r in got if dict(r)["p"] == label} == {
        literal_key("Andra Soni", "id", None),
        literal_key("Andra Soni", "en", None),
    }


def ask_answer(answer: Any, fmt: str) -> bool:
    if fmt == JSON:
        return bool(answer["boolean"])
    if fmt == XML:
        return bool(answer.getElementsByTagName("boolean")[0].firstChild.data == "true")
    return {b"true": True, b"false": False}[answer.split()[-1]]  # CSV and TSV: one column


@pytest.mark.parametrize("fmt", RESULTS_FORMATS)
@pytest.mark.parametrize("method", METHODS)
def test_sparqlwrapper_ask(endpoint: str, oracle: Oracle, method: str, fmt: str) -> None:
    """ASK in every results format, sent three ways, parses and says what the store says."""
    assert oracle.ask(ASK_Q) is True
    assert ask_answer(converted(wrapper(endpoint, method, ASK_Q, fmt)), fmt) is True


def graph_of(converted: Any, fmt: str) -> Graph:
    """SPARQLWrapper returns Turtle and N3 as bytes, the rest as rdflib graphs."""
    if isinstance(converted, bytes):
        assert fmt in (TURTLE, N3)
        return Graph().parse(data=converted, format="turtle")
    assert isinstance(converted, Graph)
    return converted


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
@pytest.mark.parametrize("method", METHODS)
def test_sparqlwrapper_graph(
    endpoint: str, oracle: Oracle, method: str, form: str, fmt: str
) -> None:
    """CONSTRUCT and DESCRIBE in Turtle, N3, RDF/XML (asked as xml, rdf, rdf+xml) and JSON-LD,
    sent three ways: the graph convert() gives holds exactly the embedded store's triples."""
    expected = oracle.triples(FORMS[form])
    assert len(expected) > 3
    with warns_all(*([SENT_ANY] if fmt == RDF else [])):  # RDF is not in its Accept table
        answer = converted(wrapper(endpoint, method, FORMS[form], fmt))
    assert rdflib_triples(graph_of(answer, fmt)) == expected


@pytest.mark.parametrize("fmt", [RDF, RDFXML])
@pytest.mark.parametrize("form", ["SELECT", "ASK"])
@pytest.mark.parametrize("method", METHODS)
def test_sparqlwrapper_rdfxml_for_a_results_query_falls_back_to_sparql_xml(
    endpoint: str, oracle: Oracle, method: str, form: str, fmt: str
) -> None:
    """SELECT/ASK asked in RDF/XML get SPARQL XML (the XML format of results), which
    SPARQLWrapper accepts with the warning it documents; the answer is right."""
    client = wrapper(endpoint, method, FORMS[form], fmt)
    with warns_all(SENT_ANY, GOT_OTHER):
        answer = converted(client)
    if form == "SELECT":
        assert xml_rows(answer) == oracle.select(SELECT_Q)
    else:
        assert ask_answer(answer, XML) is True


def refusal(client: SPARQLWrapper) -> urllib.error.HTTPError:
    """The HTTP error SPARQLWrapper raises, after its documented warning that it sent */*."""
    with warns_all(SENT_ANY), pytest.raises(urllib.error.HTTPError) as caught:
        client.query()
    return caught.value


@pytest.mark.parametrize("fmt", [TURTLE, N3, JSONLD])
@pytest.mark.parametrize("form", ["SELECT", "ASK"])
@pytest.mark.parametrize("method", METHODS)
def test_sparqlwrapper_graph_format_for_a_results_query_is_406(
    endpoint: str, method: str, form: str, fmt: str
) -> None:
    """A results query asked in Turtle, N3 or JSON-LD has no such answer: 406 that says why."""
    error = refusal(wrapper(endpoint, method, FORMS[form], fmt))
    assert error.code == 406
    assert f"{form} query answers in a query results format" in error.read().decode()


@pytest.mark.parametrize("fmt", [JSON, CSV, TSV])
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
@pytest.mark.parametrize("method", METHODS)
def test_sparqlwrapper_results_format_for_a_graph_query_is_406(
    endpoint: str, method: str, form: str, fmt: str
) -> None:
    """A graph asked in JSON, CSV or TSV (results formats) is refused with 406, not guessed."""
    error = refusal(wrapper(endpoint, method, FORMS[form], fmt))
    assert error.code == 406
    assert f"{form} query answers in an RDF format" in error.read().decode()


@pytest.mark.parametrize(
    ("query", "fmt", "accept"),
    [
        (SELECT_Q, JSON, "application/sparql-results+json"),
        (SELECT_Q, TSV, "text/tab-separated-values"),
        (CONSTRUCT_Q, JSONLD, "application/ld+json"),
        (CONSTRUCT_Q, N3, "application/n-triples"),
    ],
)
def test_sparqlwrapper_content_negotiation_alone(
    endpoint: str, oracle: Oracle, query: str, fmt: str, accept: str
) -> None:
    """With ``setOnlyConneg(True)`` (no format parameters) the Accept header alone decides,
    N-Triples included (SPARQLWrapper has no N-Triples format; it reads it as N3)."""
    client = wrapper(endpoint, "GET", query, fmt)
    client.setOnlyConneg(True)
    client.addCustomHttpHeader("Accept", accept)
    answer = client.query()
    assert answer.info()["content-type"].startswith(accept)
    body: Any = answer.convert()
    if query is SELECT_Q:
        rows = json_rows(body) if fmt == JSON else tsv_rows(body)
        assert rows == oracle.select(query)
    elif fmt == N3:
        assert rdflib_triples(Graph().parse(data=body, format="nt")) == oracle.triples(query)
    else:
        assert rdflib_triples(body) == oracle.triples(query)


def test_sparqlwrapper_sees_a_syntax_error(endpoint: str) -> None:
    """A syntax error is a 400, which SPARQLWrapper raises as QueryBadFormed with the place."""
    client = SPARQLWrapper(endpoint)
    client.setQuery("SELECT * WHERE { ?s ?p }")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="line 1"):
        client.query()


@pytest.mark.parametrize("request_method", [URLENCODED, POSTDIRECTLY])
def test_sparqlwrapper_update_is_refused(endpoint: str, request_method: str) -> None:
    """SPARQL Update, form-encoded or direct, is a 400 saying the endpoint is read-only."""
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setRequestMethod(request_method)
    client.setQuery(f'INSERT DATA {{ <{ANDRA}> <{RDFS_LABEL}> "changed" }}')
    with pytest.raises(QueryBadFormed, match="read-only"):
        client.query()


# --- rdflib's SPARQLStore ------------------------------------------------------------------


def rdflib_rows(result: Any) -> list[Row]:
    """The solutions of an rdflib query result (variables it leaves unbound are absent)."""
    return sorted(
        row((str(v), rdflib_key(r[v])) for v in result.vars if r[v] is not None) for r in result
    )


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_queries(endpoint: str, oracle: Oracle, method: str) -> None:
    """A Graph over SPARQLStore answers SELECT (with initBindings), ASK and CONSTRUCT as the
    embedded store does, by each of the connector's three methods."""
    graph = Graph(SPARQLStore(endpoint, method=method))
    assert rdflib_rows(graph.query(SELECT_Q)) == oracle.select(SELECT_Q)
    bound = graph.query("SELECT ?o WHERE { ?s ?p ?o }", initBindings={"s": URIRef(ANDRA)})
    assert len(bound) == len(oracle.select(SELECT_Q))
    assert graph.query(ASK_Q).askAnswer is True
    constructed = graph.query(CONSTRUCT_Q).graph
    assert constructed is not None and rdflib_triples(constructed) == oracle.triples(CONSTRUCT_Q)


@pytest.mark.parametrize("return_format", ["xml", "json", "csv", "tsv"])
def test_rdflib_sparqlstore_result_formats(
    endpoint: str, oracle: Oracle, return_format: str
) -> None:
    """SPARQLStore's four result formats parse to the embedded answer (CSV: values only)."""
    got = rdflib_rows(Graph(SPARQLStore(endpoint, returnFormat=return_format)).query(JOIN_Q))
    expected = oracle.select(JOIN_Q)
    assert len(expected) == 2
    if return_format == "csv":
        assert lexical(got) == lexical(expected)
    else:
        assert got == expected


def test_rdflib_sparqlstore_triples_and_len(endpoint: str, oracle: Oracle, built: Built) -> None:
    """triples() iterates a pattern, len() counts the dataset, both as the store does."""
    graph = Graph(SPARQLStore(endpoint))
    assert len(graph) == len(built.store())
    found = {
        (rdflib_key(s), rdflib_key(p), rdflib_key(o))
        for s, p, o in graph.triples((URIRef(ANDRA), None, None))
    }
    assert found == oracle.triples(CONSTRUCT_Q)
    labels = set(graph.objects(URIRef(ANDRA), URIRef(RDFS_LABEL)))
    assert labels == {Literal("Andra Soni", lang="id"), Literal("Andra Soni", lang="en")}


def test_rdflib_sparqlstore_named_graphs(endpoint: str, oracle: Oracle) -> None:
    """Over a ConjunctiveGraph, contexts() lists the dataset's named graphs and each graph's
    len() is its size in the store (rdflib sends FROM / GRAPH for that)."""
    dataset = ConjunctiveGraph(SPARQLStore(endpoint))
    contexts = {str(c.identifier): c for c in dataset.contexts()}
    assert set(contexts) == oracle.graph_names()
    for name, context in contexts.items():
        assert len(context) == oracle.graph_size(name), name


def update_store(endpoint: str) -> Graph:
    store = SPARQLUpdateStore(endpoint, endpoint, autocommit=True)
    return Graph(store, identifier=URIRef(f"{ID}graph-that-is-not-there"))


@pytest.mark.parametrize("write", ["add", "remove", "update"])
def test_rdflib_sparqlupdatestore_is_refused(endpoint: str, oracle: Oracle, write: str) -> None:
    """Writes through SPARQLUpdateStore get a 400 that says the endpoint is read-only (not a
    500), and change nothing."""
    graph = update_store(endpoint)
    triple = (URIRef(ANDRA), URIRef(RDFS_LABEL), Literal("changed"))
    with pytest.raises(urllib.error.HTTPError) as caught:
        if write == "add":
            graph.add(triple)
        elif write == "remove":
            graph.remove((URIRef(ANDRA), None, None))
        else:
            graph.update(f'INSERT DATA {{ <{ANDRA}> <{RDFS_LABEL}> "changed" }}')
    assert caught.value.code == 400
    assert "read-only" in caught.value.read().decode()
    unchanged = f'ASK {{ <{ANDRA}> <{RDFS_LABEL}> "changed" }}'
    assert Graph(SPARQLStore(endpoint)).query(unchanged).askAnswer is False


# --- Comunica ------------------------------------------------------------------------------

CLIENTS = REPO / "tests" / "clients"


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.skip("node is not installed: the Comunica tests need Node.js 18 or later")
    if not (CLIENTS / "node_modules" / "@comunica" / "query-sparql").is_dir():
        pytest.fail("Comunica is not installed: run `npm ci --prefix tests/clients` (.ci/run does)")
    return found


def run_node(node: str, args: list[str], stdin: str = "") -> str:
    done = subprocess.run(
        [node, *args], input=stdin, capture_output=True, text=True, timeout=60, cwd=CLIENTS
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def comunica_cli(node: str, endpoint: str, query: str, media_type: str) -> str:
    """``comunica-sparql sparql@URL QUERY -t MEDIA_TYPE``, the command line users run."""
    binary = CLIENTS / "node_modules" / "@comunica" / "query-sparql" / "bin" / "query.js"
    return run_node(node, [str(binary), f"sparql@{endpoint}", query, "-t", media_type])


def test_comunica_cli_select(node: str, endpoint: str, oracle: Oracle) -> None:
    """Comunica's command line, SELECT as SPARQL JSON: the embedded store's solutions."""
    out = comunica_cli(node, endpoint, SELECT_Q, "application/sparql-results+json")
    assert json_rows(json.loads(out)) == oracle.select(SELECT_Q)


def test_comunica_cli_construct(node: str, endpoint: str, oracle: Oracle) -> None:
    """Comunica's command line, CONSTRUCT as N-Triples: the embedded store's triples."""
    out = comunica_cli(node, endpoint, CONSTRUCT_Q, "application/n-triples")
    triples = ox.parse(out.encode(), format=ox.RdfFormat.N_TRIPLES)
    assert {(ox_key(t.subject), ox_key(t.predicate), ox_key(t.object)) for t in triples} == (
        oracle.triples(CONSTRUCT_Q)
    )


def comunica_answers(node: str, endpoint: str, queries: list[str]) -> Iterator[dict[str, Any]]:
    out = run_node(node, ["comunica_query.mjs", endpoint], json.dumps(queries))
    return iter(json.loads(out))


def test_comunica_engine(node: str, endpoint: str, oracle: Oracle) -> None:
    """Comunica's engine (one process, four queries: a join, an aggregate, ASK and CONSTRUCT)
    answers each as the embedded store does."""
    answers = comunica_answers(node, endpoint, [JOIN_Q, COUNT_Q, ASK_Q, DESCRIBE_Q])
    for query in (JOIN_Q, COUNT_Q):
        bindings = next(answers)["bindings"]
        got = sorted(row((k, comunica_key(v)) for k, v in b.items()) for b in bindings)
        assert got == oracle.select(query), query
    assert next(answers)["boolean"] is oracle.ask(ASK_Q)
    triples = {tuple(comunica_key(t) for t in triple) for triple in next(answers)["triples"]}
    assert triples == oracle.triples(DESCRIBE_Q)


# --- Format parameters ---------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_repeated_format_parameters_that_agree_count_once(endpoint: str, method: str) -> None:
    """``format``, ``output`` and ``results`` naming one format (by name, alias or media type,
    as SPARQLWrapper sends them) are one request for it."""
    params = [
        ("query", ASK_Q),
        ("format", "json"),
        ("output", "application/sparql-results+json"),
        ("results", "json"),
    ]
    if method == "GET":
        response = requests.get(endpoint, params=params, timeout=10)
    else:
        response = requests.post(endpoint, data=params, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/sparql-results+json")
    assert response.json()["boolean"] is True


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_format_parameters_that_disagree_are_named(endpoint: str, method: str) -> None:
    """Two format parameters naming different formats are a 400 that names both, also when
    one is in the URL and the other in the POST body."""
    if method == "GET":
        response = requests.get(
            endpoint,
            timeout=10,
            params=[("query", "ASK {}"), ("format", "json"), ("output", "xml")],
        )
    else:
        response = requests.post(
            endpoint + "?format=json",
            timeout=10,
            data=[("query", "ASK {}"), ("output", "xml")],
        )
    assert response.status_code == 400
    assert "format=json" in response.text and "output=xml" in response.text


def test_tests_clients_is_pinned() -> None:
    """The Comunica version is pinned in package.json and locked in package-lock.json."""
    manifest = json.loads((CLIENTS / "package.json").read_text())
    lock = json.loads((CLIENTS / "package-lock.json").read_text())
    pinned = manifest["devDependencies"]["@comunica/query-sparql"]
    assert pinned[0].isdigit(), "pin an exact version"
    assert lock["packages"]["node_modules/@comunica/query-sparql"]["version"] == pinned
