"""The dataset's description of itself: VoID (W3C IG Note 2011) and DCAT 3.

Published in the ``void`` named graph and at ``/.well-known/void`` (VoID section 7.2,
autodiscovery). Dump and endpoint IRIs are under the base, at the paths the server uses.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, VOID, XSD

from kg.formats import formats_of
from kg.iris import IRIs
from kg.vocab import STANDARD_PREFIXES

LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
IANA_MEDIA = "https://www.iana.org/assignments/media-types/"

#: The vocabularies the data uses (void:vocabulary, VoID section 4.3).
VOCABULARIES = (
    "schema",
    "org",
    "prov",
    "oa",
    "skos",
    "time",
    "dct",
    "qb",
    "sdmx-attribute",
    "sdmx-dimension",
    "sdmx-code",
)

#: Example resources (void:exampleResource): the entry points a newcomer wants.
EXAMPLES = (
    "andra-soni",
    "penghargaan-kinerja-pemerintahan-daerah-2025",
    "penganugerahan-pemprov-banten",
    "bang-andra",
    "pendidikan-gratis-sekolah-swasta",
)


def dump_iri(iris: IRIs, suffix: str) -> URIRef:
    """Where the whole dataset is served in one format."""
    return URIRef(f"{iris.base}dumps/dataset.{suffix}")


def endpoint_iri(iris: IRIs) -> URIRef:
    return URIRef(f"{iris.base}sparql")


def describe_dataset(graphs: dict[str, Graph], iris: IRIs, article: URIRef) -> Graph:
    """VoID + DCAT for ``graphs`` (its own triple count included)."""
    g = Graph()
    ds = iris.dataset
    for cls in (VOID.Dataset, DCAT.Dataset):
        g.add((ds, RDF.type, cls))
    g.add(
        (
            ds,
            DCTERMS.title,
            Literal(
                "Graf pengetahuan: Penghargaan Kinerja Pemerintahan Daerah 2025 "
                "untuk Pemprov Banten",
                lang="id",
            ),
        )
    )
    g.add(
        (
            ds,
            DCTERMS.title,
            Literal(
                "Knowledge graph: the 2025 Regional Government Performance Award "
                "to the Banten Provincial Government",
                lang="en",
            ),
        )
    )
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal(
                "Entities, facts, figures and quotations of one ANTARA news article, "
                "each anchored to its passage, with the ontology and the RDFS closure.",
                lang="en",
            ),
        )
    )
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal(
                "Entitas, fakta, angka, dan kutipan dari satu artikel berita ANTARA, masing-masing "
                "ditautkan ke bagian teksnya, beserta ontologi dan penutupan RDFS.",
                lang="id",
            ),
        )
    )
    g.add((ds, DCTERMS.license, LICENCE))
    g.add((ds, DCTERMS.source, article))
    g.add((ds, DCTERMS.language, Literal("id")))
    g.add((ds, DCTERMS.conformsTo, iris.ontology))
    g.add((ds, PROV.wasDerivedFrom, article))
    g.add((ds, VOID.uriSpace, Literal(iris.instance_ns)))
    g.add((ds, VOID.sparqlEndpoint, endpoint_iri(iris)))
    for prefix in VOCABULARIES:
        g.add((ds, VOID.vocabulary, URIRef(str(STANDARD_PREFIXES[prefix]))))
    g.add((ds, VOID.vocabulary, URIRef(iris.ontology_ns)))
    for slug in EXAMPLES:
        g.add((ds, VOID.exampleResource, iris.instance(slug)))
    for keyword in ("Banten", "Andra Soni", "Kemendagri", "penghargaan", "ketimpangan"):
        g.add((ds, DCAT.keyword, Literal(keyword, lang="id")))
    _describe_dumps(g, iris)
    total = 0
    for name in sorted(graphs) + ["void"]:
        subset = iris.graph(name)
        g.add((ds, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, DCTERMS.title, Literal(f"{name} graph", lang="en")))
        if name in ("data", "evidence"):
            g.add((subset, PROV.wasDerivedFrom, article))
        if name != "void":
            count = len(graphs[name])
            total += count
            g.add((subset, VOID.triples, Literal(count, datatype=XSD.integer)))
    # The void graph counts itself: the two triples still to add are part of the count.
    own = len(g) + 2
    g.add((iris.graph("void"), VOID.triples, Literal(own, datatype=XSD.integer)))
    g.add((ds, VOID.triples, Literal(total + own, datatype=XSD.integer)))
    return g


def _describe_dumps(g: Graph, iris: IRIs) -> None:
    """One void:dataDump and one dcat:Distribution per RDF format."""
    for fmt in formats_of("graph", "dataset"):
        url = dump_iri(iris, fmt.suffix)
        dist = URIRef(f"{iris.base}dumps/{fmt.suffix}")
        g.add((iris.dataset, VOID.dataDump, url))
        g.add((iris.dataset, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"The whole dataset as {fmt.label}", lang="en")))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, URIRef(IANA_MEDIA + fmt.media_type)))
        g.add((dist, DCTERMS.license, LICENCE))
