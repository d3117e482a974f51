"""The SPARQL 1.1 Service Description of the endpoint, as an rdflib graph.

It states what a client needs before querying (Service Description §3): the endpoint, the
supported language and result formats, the dataset (the union default graph and each named
graph with its triple count, via ``void:triples``) and the limits from the settings table.
The limits have no standard vocabulary, so they are described in the graph itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, VOID, XSD

from kg.config import setting
from kg.formats import formats_of
from kg.iris import IRIs
from kg.query.sparql import Limits
from kg.vocab import FORMATS as FORMATS_NS
from kg.vocab import SD, bind_prefixes

#: W3C's format IRIs (https://www.w3.org/ns/formats/) for sd:resultFormat.
W3C_FORMATS = {
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
    "application/trig": "TriG",
    "application/n-quads": "N-Quads",
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
}

#: (term, setting) pairs: one property per limit, in the service namespace under the base.
LIMIT_TERMS = (
    ("timeLimitMs", "SPARQL_TIME_LIMIT_MS"),
    ("maxQueryBytes", "SPARQL_MAX_QUERY_BYTES"),
    ("maxResultRows", "SPARQL_MAX_ROWS"),
    ("maxResultBytes", "SPARQL_MAX_RESULT_BYTES"),
    ("maxRequestBytes", "MAX_REQUEST_BYTES"),
)


def limits_namespace(iris: IRIs) -> Namespace:
    return Namespace(iris.base + "service#")


def _limit_values(limits: Limits, max_request_bytes: int) -> dict[str, int]:
    return {
        "SPARQL_TIME_LIMIT_MS": limits.time_limit_ms,
        "SPARQL_MAX_QUERY_BYTES": limits.max_query_bytes,
        "SPARQL_MAX_ROWS": limits.max_rows,
        "SPARQL_MAX_RESULT_BYTES": limits.max_result_bytes,
        "MAX_REQUEST_BYTES": max_request_bytes,
    }


def _add_limits(graph: Graph, service: URIRef, ns: Namespace, values: Mapping[str, int]) -> None:
    for term, name in LIMIT_TERMS:
        prop = ns[term]
        graph.add((service, prop, Literal(values[name], datatype=XSD.integer)))
        graph.add((prop, RDF.type, RDF.Property))
        graph.add((prop, RDFS.label, Literal(name, lang="en")))
        graph.add((prop, RDFS.comment, Literal(setting(name).help, lang="en")))


def _add_dataset(graph: Graph, service: URIRef, counts: Mapping[str, int]) -> None:
    dataset, default = BNode("dataset"), BNode("defaultGraph")
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(sum(counts.values()), datatype=XSD.integer)))
    graph.add((default, RDFS.comment, Literal("The union of the named graphs.", lang="en")))
    for name, count in sorted(counts.items()):
        named, inner = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(name)))
        graph.add((named, SD.graph, inner))
        graph.add((inner, RDF.type, SD.Graph))
        graph.add((inner, VOID.triples, Literal(count, datatype=XSD.integer)))


def service_description(
    endpoint: str, counts: Mapping[str, int], limits: Limits, max_request_bytes: int, iris: IRIs
) -> Graph:
    """The description served on ``GET /sparql`` without a query (Service Description §2)."""
    graph = bind_prefixes(Graph(), iris)
    graph.bind("formats", FORMATS_NS)
    ns = limits_namespace(iris)
    graph.bind("kgservice", ns)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in formats_of("results", "graph", "dataset"):
        graph.add((service, SD.resultFormat, FORMATS_NS[W3C_FORMATS[fmt.media_type]]))
    graph.add(
        (
            service,
            RDFS.comment,
            Literal(
                "Read-only SPARQL 1.1 query endpoint. SERVICE, LOAD, updates and graphs outside "
                "this dataset are refused before evaluation.",
                lang="en",
            ),
        )
    )
    _add_dataset(graph, service, counts)
    _add_limits(graph, service, ns, _limit_values(limits, max_request_bytes))
    return graph
