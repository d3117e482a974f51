"""What each external store does differently, asserted as it is, beside what kg answers.

Each case sends one query to the store itself (SPARQL 1.1 Protocol, as any client would) and
asserts the store's own, documented answer, then the same query through kg (``/sparql`` on
that store) and asserts the embedded store's answer. When a store release changes one of
these, its test fails and docs/remote-store.md ("Virtuoso: deviations") is out of date.

The second half is the gate for external stores: a store's own functions and magic
predicates (Virtuoso's ``bif:``, Jena's ``java:`` and ``apf:``, ...) are refused with a 400
that names them and says where, on every store, and nothing reaches the store.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from conftest import REMOTE_STORES, StoreServer

ANDRA = "https://kg.example.org/id/andra-soni"
DATA = "https://kg.example.org/graph/data"
ONTOLOGY = "https://kg.example.org/graph/ontology"
XSD = "http://www.w3.org/2001/XMLSchema#"


def raw(server: StoreServer, query: str, **params: Any) -> requests.Response:
    """``query`` sent to the store itself, asking for SPARQL JSON results."""
    return requests.post(
        server.url.removeprefix("sparql+"),
        data={"query": query, **params},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )


def raw_rows(server: StoreServer, query: str, **params: Any) -> list[dict[str, Any]]:
    response = raw(server, query, **params)
    assert response.status_code == 200, response.text
    return list(response.json()["results"]["bindings"])


def kg_json(client: Any, query: str, **params: Any) -> dict[str, Any]:
    response = client.get(
        "/sparql",
        query_string={"query": query, **params},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.data
    return dict(json.loads(response.data))


def values(doc: dict[str, Any], name: str) -> list[str]:
    return sorted(row[name]["value"] for row in doc["results"]["bindings"] if name in row)


# -- Virtuoso 7.2: the store's answer, and kg's ------------------------------------------------

virtuoso = pytest.mark.parametrize("backend", ["virtuoso"], indirect=True)


@pytest.fixture()
def store(store_pool: Any, backend: str) -> StoreServer:
    return store_pool.get(backend)  # type: ignore[no-any-return]


@virtuoso
def test_ask_is_a_table_of_one_row_or_none(store: StoreServer, client: Any) -> None:
    """Virtuoso answers ASK with a table binding ``__ASK_RETVAL`` (1; no row when false),
    not SPARQL 1.1 Query Results JSON §3.2.3's ``boolean``; kg gives the boolean."""
    true, false = f"ASK {{ <{ANDRA}> ?p ?o }}", 'ASK { ?s ?p "no such literal" }'
    assert raw_rows(store, true) == [
        {"__ASK_RETVAL": {"type": "typed-literal", "datatype": XSD + "integer", "value": "1"}}
    ]
    assert raw_rows(store, false) == []
    assert kg_json(client, true)["boolean"] is True
    assert kg_json(client, false)["boolean"] is False


@virtuoso
def test_graph_names_of_an_empty_group(store: StoreServer, client: Any) -> None:
    """``GRAPH ?g {}`` gives Virtuoso one solution binding nothing (§18.5: one per named
    graph); kg sends it as a DISTINCT sub-select, and lists the graphs (rdflib contexts())."""
    query = "SELECT ?g WHERE { GRAPH ?g {} }"
    assert raw_rows(store, query, **{"named-graph-uri": DATA}) == [{}]
    assert DATA in values(kg_json(client, query), "g")


@virtuoso
def test_a_second_base_is_a_syntax_error(store: StoreServer, client: Any) -> None:
    """SPARQL 1.1 §4.1.1 allows BASE after BASE or PREFIX; Virtuoso does not (SP030). kg sends
    one absolute BASE, first."""
    query = "BASE <http://example.org/> BASE <a/> PREFIX p: <q/> SELECT (p:r AS ?v) (<b> AS ?w) {}"
    assert "SP030" in raw(store, query).text
    doc = kg_json(client, query)
    assert values(doc, "v") == ["http://example.org/a/q/r"]
    assert values(doc, "w") == ["http://example.org/a/b"]


@virtuoso
def test_from_and_default_graph_uri_are_merged(store: StoreServer, client: Any) -> None:
    """SPARQL 1.1 Protocol §2.1.4: ``default-graph-uri`` replaces the query's FROM; Virtuoso
    reads both. kg takes FROM out of the text and sends the dataset as parameters."""
    query = f"SELECT (COUNT(*) AS ?n) FROM <{DATA}> WHERE {{ ?s ?p ?o }}"
    one = {"default-graph-uri": ONTOLOGY}
    merged = int(raw_rows(store, query, **one)[0]["n"]["value"])
    ontology = int(raw_rows(store, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", **one)[0]["n"]["value"])
    assert merged > ontology
    assert values(kg_json(client, query, **one), "n") == [str(ontology)]


@virtuoso
def test_xsd_string_is_a_second_kind_of_string(store: StoreServer, client: Any) -> None:
    """RDF 1.1: ``"x"^^xsd:string`` and ``"x"`` are one term; Virtuoso matches neither
    against the other. kg sends the simple literal."""
    query = (
        f"PREFIX xsd: <{XSD}> SELECT ?s WHERE {{ ?s <http://schema.org/name> "
        '"Andra Soni"^^xsd:string }'
    )
    assert raw_rows(store, query, **{"default-graph-uri": DATA}) == []
    assert values(kg_json(client, query), "s") == [ANDRA]


@virtuoso
def test_a_trailing_values_joins_only_projected_variables(store: StoreServer, client: Any) -> None:
    """A trailing VALUES joins the WHERE solutions (§18.2.4.3) whatever is projected; Virtuoso
    says "No column" for a variable not projected (rdflib's initBindings send this). kg
    moves the block into the WHERE group."""
    query = f"SELECT ?p WHERE {{ ?s ?p ?o }} VALUES (?s) {{ (<{ANDRA}>) }}"
    assert "No column" in raw(store, query, **{"default-graph-uri": DATA}).text
    assert "http://schema.org/name" in values(kg_json(client, query), "p")


@virtuoso
def test_expression_errors_that_end_the_query(store: StoreServer, client: Any) -> None:
    """§17.2: an expression error leaves a BIND unbound. Virtuoso fails the whole query for
    ``1/0`` (SR084) and for an unknown function; kg sends unknown calls as ``ABS("")``, a type
    error Virtuoso leaves unbound as the standard says."""
    assert "SR084" in raw(store, "SELECT ?v { BIND(1/0 AS ?v) }").text
    unknown = "SELECT ?v ?w { BIND(<http://example.org/f>(1) AS ?v) BIND(2 AS ?w) }"
    assert raw(store, unknown).status_code >= 400
    doc = kg_json(client, unknown)
    assert values(doc, "v") == [] and values(doc, "w") == ["2"]


@virtuoso
def test_describe_includes_incoming_triples(store: StoreServer, client: Any) -> None:
    """§16.4 leaves DESCRIBE to the service: Virtuoso adds the triples that point at the
    resource; kg asks for its concise bounded description, as the embedded store answers."""
    query = f"DESCRIBE <{ANDRA}>"
    accept = {"Accept": "application/n-triples"}
    mine = client.get("/sparql", query_string={"query": query}, headers=accept).data.decode()
    theirs = requests.post(
        store.url.removeprefix("sparql+"),
        data={"query": query, "default-graph-uri": DATA},
        headers=accept,
        timeout=30,
    ).text
    incoming = [line for line in theirs.splitlines() if line and not line.startswith(f"<{ANDRA}>")]
    assert incoming
    assert all(line.startswith(f"<{ANDRA}>") for line in mine.splitlines() if line)


@virtuoso
@pytest.mark.parametrize(
    ("query", "theirs", "standard"),
    [
        # §17.4.2 op:numeric-divide: integer / integer is an xsd:decimal, 4.75
        ("SELECT (19/4 AS ?v) {}", "4", "4.75"),
        # §17.3: a comparison is an xsd:boolean
        ("SELECT (1 < 2 AS ?v) {}", "1", "true"),
        # §17.5: "" is not a lexical form of xsd:integer, so the cast is an error
        (f'SELECT (<{XSD}integer>("") AS ?v) {{}}', "0", None),
        # §17.4.3.12: CONCAT with an unbound argument is an error
        ("SELECT (CONCAT(?unbound, 'a') AS ?v) {}", "a", None),
    ],
)
def test_deviations_passed_through(
    store: StoreServer, client: Any, query: str, theirs: str, standard: str | None
) -> None:
    """What kg cannot rewrite (it would need the values' types): Virtuoso's answer reaches the
    client as Virtuoso gives it; docs/remote-store.md lists these."""
    assert [r["v"]["value"] for r in raw_rows(store, query) if "v" in r] == [theirs]
    assert values(kg_json(client, query), "v") == [theirs]
    embedded = [] if standard is None else [standard]
    assert theirs not in embedded


@virtuoso
def test_a_cut_at_the_store_cap_is_served_as_cut(store: StoreServer, client: Any) -> None:
    """Virtuoso stops at ResultSetMaxRows (here 20 000, STORE_MAX_ROWS) and says nothing;
    /sparql serves SPARQL_MAX_ROWS (10 000) of it and says it cut them."""
    big = "SELECT ?a ?b WHERE { ?a a ?x . ?b a ?y }"
    from virtuoso_store import MAX_ROWS

    assert len(raw_rows(store, big)) == MAX_ROWS  # of 283 024 over the whole store
    response = client.get("/sparql", query_string={"query": big}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["X-KG-Truncated"].startswith("true")
    assert "SPARQL_MAX_ROWS" in response.headers["X-KG-Truncated"]


@virtuoso
def test_pages_are_refused_an_answer_cut_at_the_store_cap(store: StoreServer) -> None:
    """A page needs a whole answer: one that reaches STORE_MAX_ROWS is refused as cut."""
    from kg.config import load_settings
    from kg.errors import QueryLimitExceeded
    from kg.store.remote import RemoteStore

    # The app's store has the tests' 2 s limit, which Virtuoso's 20 000-row cross product can
    # pass on a loaded machine; this test is about the row cap, so the limit is generous.
    settings = load_settings({**store.settings, "SPARQL_TIME_LIMIT_MS": 30_000})
    remote = RemoteStore.connect(store.url, settings)
    try:
        with pytest.raises(QueryLimitExceeded, match="STORE_MAX_ROWS"):
            remote.select("SELECT ?a ?b WHERE { ?a a ?x . ?b a ?y }")
    finally:
        remote.close()


# -- the gate: a store's own extensions never reach it -----------------------------------------

#: (query, the name refused, where it is written in the query: its first occurrence after
#: the last PREFIX line's end). A codepoint escape before a name still counts as written.
VENDOR = [
    ('PREFIX bif: <bif:> SELECT (bif:sys_stat("st_dbms_ver") AS ?v) {}', "bif:sys_stat", "bif:s"),
    ("SELECT ?s {\n  ?s bif:contains 'x' }", "bif:", "bif:"),
    ("PREFIX sql: <sql:> SELECT * { BIND(sql:system('id') AS ?v) }", "sql:system", "sql:s"),
    (
        "PREFIX apf: <http://jena.apache.org/ARQ/property#>\n"
        "SELECT ?w { ('a b' ' ') apf:strSplit ?w }",
        "http://jena.apache.org/ARQ/property#strSplit",
        "apf:s",
    ),
    (
        "SELECT (<java:org.apache.jena.sparql.function.library.sha1sum>('x') AS ?v) {}",
        "java:org.apache.jena.sparql.function.library.sha1sum",
        "<java:",
    ),
    (
        'SELECT * { BIND("\\u0078" AS ?x) ?s <http://www.openlinksw.com/schemas/bif#contains> ?x }',
        "http://www.openlinksw.com/schemas/bif#contains",
        "<http://www.openlinksw",
    ),
]


def written_at(query: str, token: str) -> tuple[int, int]:
    at = query.index(token, query.rfind("PREFIX") + 7 if "PREFIX" in query else 0)
    return query.count("\n", 0, at) + 1, at - (query.rfind("\n", 0, at) + 1) + 1


@pytest.mark.parametrize("backend", REMOTE_STORES, indirect=True)
@pytest.mark.parametrize(("query", "name", "token"), VENDOR)
def test_vendor_functions_are_refused_with_their_position(
    client: Any, query: str, name: str, token: str
) -> None:
    """Every external store: 400, the name and where it is written (line, column)."""
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400, response.data
    message = response.data.decode()
    line, column = written_at(query, token)
    assert name in message and f"line {line}, column {column}" in message, message


def test_the_embedded_store_leaves_vendor_functions_unbound(client: Any) -> None:
    """On the embedded store a vendor function is an unknown one (§17.2: unbound): it has no
    such functions to run, so nothing is refused."""
    doc = kg_json(client, VENDOR[0][0])
    assert doc["results"]["bindings"] == [{}]


# -- ETags: one version on two stores is two representations -----------------------------------


def test_etags_name_the_store(store_pool: Any, built: Any, queries_dir: Any, tmp_path: Any) -> None:
    """The same version loaded into two stores (or served with and without its build) may
    give different bytes (row order, a page's build-only parts), so the strong ETags differ;
    the same store and build give the same ETag in another process's app."""
    from conftest import REPO

    from kg.web import create_app

    def etags(kind: str, build_dir: str) -> tuple[str, str]:
        server = store_pool.get(kind)
        application = create_app(
            {
                "TESTING": True,
                "ROOT": str(REPO),
                "BUILD_DIR": build_dir,
                "QUERIES_DIR": str(queries_dir),
                "STORE": server.url,
                **server.settings,
            }
        )
        try:
            client = application.test_client()
            page = client.get("/id/andra-soni.ttl").headers["ETag"]
            answer = client.get("/sparql", query_string={"query": "ASK {}"}).headers["ETag"]
            return page, answer
        finally:
            application.extensions["kg"].close()

    with_build = str(built.paths.build_dir)
    oxigraph, virtuoso = etags("oxigraph", with_build), etags("virtuoso", with_build)
    assert oxigraph[0].startswith(f'"{built.output.version}-')  # the version still leads
    assert all(a != b for a, b in zip(oxigraph, virtuoso, strict=True))
    assert etags("oxigraph", with_build) == oxigraph
    without = etags("oxigraph", str(tmp_path / "no-build"))
    assert all(a != b for a, b in zip(oxigraph, without, strict=True))
