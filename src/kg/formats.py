"""One registry of the formats we read and write, and content negotiation over it.

A single table drives the CLI's ``--format`` choices, Accept negotiation (Werkzeug's
``MIMEAccept.best_match``, never hand-parsed), URL suffixes, ``Link: rel="alternate"``
headers and the "also available as" links on pages (after rdflib's plugin registry, which
registers a serializer under its short name and its media type).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from werkzeug.datastructures import MIMEAccept

from kg.errors import UnsupportedFormat

Kind = Literal["graph", "dataset", "results", "html"]


@dataclass(frozen=True)
class Format:
    name: str  # CLI / ?format= name
    media_type: str  # IANA media type
    suffix: str  # URL and file suffix, without the dot
    kind: Kind  # graph (triples), dataset (quads), results (SELECT/ASK), html
    label: str  # what a person calls it
    rdflib: str | None = None  # rdflib parser/serializer name
    oxigraph: str | None = None  # pyoxigraph RdfFormat / QueryResultsFormat attribute
    aliases: tuple[str, ...] = field(default=())
    text: bool = True

    @property
    def content_type(self) -> str:
        """The exact Content-Type header, with charset for text formats."""
        return f"{self.media_type}; charset=utf-8" if self.text else self.media_type

    @property
    def rdflib_name(self) -> str:
        """rdflib's plugin name for this format; only RDF formats have one."""
        if self.rdflib is None:
            raise UnsupportedFormat(f"{self.label} is not an RDF format rdflib writes")
        return self.rdflib


FORMATS: tuple[Format, ...] = (
    Format(
        "turtle", "text/turtle", "ttl", "graph", "Turtle", "turtle", "TURTLE", ("ttl", "n3")
    ),  # Turtle is a subset of N3: the answer to a client asking for N3
    Format(
        "nt",
        "application/n-triples",
        "nt",
        "graph",
        "N-Triples",
        "nt",
        "N_TRIPLES",
        ("ntriples", "n-triples"),
    ),
    Format(
        "jsonld",
        "application/ld+json",
        "jsonld",
        "graph",
        "JSON-LD",
        "json-ld",
        "JSON_LD",
        ("json-ld",),
    ),
    Format(
        "xml",
        "application/rdf+xml",
        "rdf",
        "graph",
        "RDF/XML",
        "xml",
        "RDF_XML",
        ("rdfxml", "rdf", "rdf+xml"),
    ),
    Format("trig", "application/trig", "trig", "dataset", "TriG", "trig", "TRIG"),
    Format(
        "nquads", "application/n-quads", "nq", "dataset", "N-Quads", "nquads", "N_QUADS", ("nq",)
    ),
    Format(
        "json", "application/sparql-results+json", "srj", "results", "SPARQL JSON", "json", "JSON"
    ),
    Format("xml", "application/sparql-results+xml", "srx", "results", "SPARQL XML", "xml", "XML"),
    Format("csv", "text/csv", "csv", "results", "CSV", "csv", "CSV"),
    Format("tsv", "text/tab-separated-values", "tsv", "results", "TSV", "tsv", "TSV"),
    Format("html", "text/html", "html", "html", "HTML"),
)

RDF_KINDS: tuple[Kind, ...] = ("graph", "dataset")


def formats_of(*kinds: Kind) -> list[Format]:
    """The formats of the given kinds, in table order."""
    return [f for f in FORMATS if f.kind in kinds]


def by_name(name: str, *kinds: Kind) -> Format:
    """Look a format up by name, alias or suffix among ``kinds``; raise UnsupportedFormat."""
    wanted = name.strip().lower()
    for fmt in formats_of(*kinds):
        if wanted in (fmt.name, fmt.suffix, fmt.media_type, *fmt.aliases):
            return fmt
    choices = ", ".join(sorted({f.name for f in formats_of(*kinds)}))
    raise UnsupportedFormat(f"unknown format {name!r}; choose one of: {choices}")


def by_suffix(suffix: str, *kinds: Kind) -> Format | None:
    """The format whose URL suffix is ``suffix`` (``ttl``), or None."""
    for fmt in formats_of(*kinds):
        if fmt.suffix == suffix.lower():
            return fmt
    return None


def by_media_type(media_type: str, *kinds: Kind) -> Format | None:
    base = media_type.split(";", 1)[0].strip().lower()
    for fmt in formats_of(*kinds):
        if fmt.media_type == base:
            return fmt
    return None


def negotiate(
    accept: MIMEAccept, candidates: Iterable[Format], default: Format | None = None
) -> Format:
    """Pick the best of ``candidates`` for an Accept header (RFC 9110 section 12.5.1).

    An absent Accept header means ``*/*`` and gets ``default`` (or the first candidate);
    nothing acceptable raises :class:`UnsupportedFormat` (HTTP 406).
    """
    options = list(candidates)
    if not accept:
        return default or options[0]
    order = ([default] if default else []) + [f for f in options if f is not default]
    best = accept.best_match([f.media_type for f in order])
    if best is None:
        offered = ", ".join(f.media_type for f in options)
        raise UnsupportedFormat(
            f"none of the acceptable media types is offered here; available: {offered}"
        )
    return next(f for f in order if f.media_type == best)
