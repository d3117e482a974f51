"""Namespaces of the standard vocabularies we reuse, and the project's own prefixes.

Identifiers were checked against each vocabulary's published definition file. schema.org is
used with ``http://`` (docs/architecture.md, "Design notes": the JSON-LD context uses http,
so SPARQL joins would silently miss with https).
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, TIME, VOID, XSD

from kg.iris import DEFAULT_BASE, IRIs

SCHEMA = Namespace("http://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_CODE = Namespace("http://purl.org/linked-data/sdmx/2009/code#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
WD = Namespace("http://www.wikidata.org/entity/")
CC = Namespace("http://creativecommons.org/ns#")
#: Linked Data Platform: only named here as a graph Virtuoso keeps for itself (kg.store.remote).
LDP = Namespace("http://www.w3.org/ns/ldp#")
#: W3C's format identifiers (https://www.w3.org/ns/formats/), for the service description.
FORMATS = Namespace("http://www.w3.org/ns/formats/")
#: The XML namespace of SPARQL Query Results XML Format documents (§2).
SPARQL_RESULTS_XML = "http://www.w3.org/2005/sparql-results#"

_DEFAULT = IRIs(DEFAULT_BASE)
#: The ontology namespace and the instance namespace under the default base, as written in
#: the curated files (the build rebases them when BASE_IRI differs).
KG = Namespace(_DEFAULT.ontology_ns)
KGD = Namespace(_DEFAULT.instance_ns)
KGSH = Namespace(_DEFAULT.shapes_ns)

STANDARD_PREFIXES: dict[str, Namespace] = {
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "schema": SCHEMA,
    "org": ORG,
    "prov": Namespace(str(PROV)),
    "oa": OA,
    "skos": Namespace(str(SKOS)),
    "time": Namespace(str(TIME)),
    "dct": Namespace(str(DCTERMS)),
    "qb": QB,
    "sdmx-dimension": SDMX_DIM,
    "sdmx-attribute": SDMX_ATTR,
    "sdmx-code": SDMX_CODE,
    "void": Namespace(str(VOID)),
    "dcat": Namespace(str(DCAT)),
    "sd": SD,
    "sh": Namespace(str(SH)),
    "wd": WD,
    "cc": CC,
}


def prefixes(iris: IRIs | None = None) -> dict[str, str]:
    """Every prefix the project binds, the project's own under ``iris``'s base."""
    iris = iris or _DEFAULT
    own = {"kg": iris.ontology_ns, "kgd": iris.instance_ns, "kgsh": iris.shapes_ns}
    return {**{k: str(v) for k, v in STANDARD_PREFIXES.items()}, **own}


def bind_prefixes(graph: Graph, iris: IRIs | None = None) -> Graph:
    """Bind the project's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, ns in prefixes(iris).items():
        graph.bind(prefix, Namespace(ns), override=True, replace=True)
    return graph


def sparql_prologue(iris: IRIs | None = None) -> str:
    """``PREFIX`` lines for every bound prefix, for queries and the query UI."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes(iris).items()))


def vocab_iri(prefix: str, local: str) -> str:
    """The IRI ``prefix:local`` names, as a plain string (``vocab_iri("rdf", "type")``).

    Page models compare IRIs as plain strings and look them up in pyoxigraph; rdflib's
    ``URIRef`` is never equal to a plain string, so the standard vocabularies are offered
    here in both forms, from the one prefix table.

    :raises KeyError: ``prefix`` is not a standard prefix of the project.
    """
    return str(STANDARD_PREFIXES[prefix]) + local


def vocab_node(prefix: str, local: str) -> ox.NamedNode:
    """The IRI ``prefix:local`` names, as a pyoxigraph term (for store look-ups)."""
    return ox.NamedNode(vocab_iri(prefix, local))
