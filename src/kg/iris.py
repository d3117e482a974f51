"""The one place that mints IRIs, and maps them to server paths and back.

Layout under the configurable base (``BASE_IRI``, default ``https://kg.example.org/``)::

    {base}id/{slug}          instances (people, organisations, awards, passages, ...)
    {base}ontology           the ontology; {base}ontology/{Term} its classes and properties
    {base}shapes/{Name}      SHACL shapes
    {base}graph/{name}       named graphs (ontology, data, evidence, inferred, void)
    {base}dataset            the dataset (VoID + DCAT)

Slash IRIs, per "Cool URIs for the Semantic Web" (W3C IG Note 2008, section 4.2), so every
term and instance has its own page at the same path on any host the server runs on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from rdflib import URIRef

DEFAULT_BASE = "https://kg.example.org/"

GRAPH_NAMES = ("ontology", "data", "evidence", "inferred", "void")

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: ``"Kota Serang"`` -> ``"kota-serang"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def is_slug(text: str) -> bool:
    return bool(_SLUG_RE.match(text))


#: Printable ASCII characters RFC 3987 §2.2 leaves out of IRIs.
_NOT_IN_IRI = frozenset('<>"{}|\\^`')


@dataclass(frozen=True)
class IRIs:
    """Mints the project's IRIs under one base."""

    base: str = DEFAULT_BASE

    @property
    def ontology(self) -> URIRef:
        return URIRef(self.base + "ontology")

    @property
    def ontology_ns(self) -> str:
        return self.base + "ontology/"

    @property
    def instance_ns(self) -> str:
        return self.base + "id/"

    @property
    def shapes_ns(self) -> str:
        return self.base + "shapes/"

    @property
    def dataset(self) -> URIRef:
        return URIRef(self.base + "dataset")

    @property
    def endpoint(self) -> str:
        """The SPARQL endpoint, ``{base}sparql``; also the base IRI of every query sent to it
        (SPARQL 1.1 Query §4.1.1.1; RFC 3986 §5.1.3, the retrieval URI), as Oxigraph's server
        resolves against its own query URL."""
        return self.base + "sparql"

    def term(self, name: str) -> URIRef:
        return URIRef(self.ontology_ns + name)

    def instance(self, slug: str) -> URIRef:
        if not is_slug(slug):
            raise ValueError(f"not a slug: {slug!r}")
        return URIRef(self.instance_ns + slug)

    def graph(self, name: str) -> URIRef:
        if name not in GRAPH_NAMES:
            raise ValueError(f"unknown graph {name!r}; expected one of {', '.join(GRAPH_NAMES)}")
        return URIRef(self.base + "graph/" + name)

    def owns(self, iri: str) -> bool:
        """True for IRIs under this base (those the server dereferences)."""
        return iri.startswith(self.base)

    def path_of(self, iri: str) -> str | None:
        """The server path of an IRI under the base (``/id/andra-soni``), else None.

        None too for ``{base}/x`` and ``{base}\\x``: the path would start with ``//`` (or
        ``/\\``, which browsers read alike, WHATWG URL §4.4), a reference to another host
        (RFC 3986 §4.2, network-path reference), and a query can bind any IRI.
        """
        if not self.owns(iri) or iri[len(self.base) :].startswith(("/", "\\")):
            return None
        return "/" + iri[len(self.base) :]

    def iri_of_path(self, path: str) -> URIRef:
        """The IRI served at ``path`` (the inverse of :meth:`path_of`).

        :raises ValueError: the path holds a character no IRI may (RFC 3987 §2.2: controls,
            space, ``<>"{}|\\^`````); checked here so that rdflib never sees it (it would log
            the hostile path as a warning).
        """
        if any(c in _NOT_IN_IRI or ord(c) < 0x21 or 0x7F <= ord(c) <= 0x9F for c in path):
            raise ValueError(f"{path!r} cannot be part of an IRI")
        return URIRef(self.base + path.lstrip("/"))

    def rebase(self, iri: str, old_base: str) -> str:
        """Move an IRI from ``old_base`` to this base; other IRIs are returned unchanged."""
        if iri.startswith(old_base) and old_base != self.base:
            return self.base + iri[len(old_base) :]
        return iri


#: RFC 3986 §3.1: a reference with a scheme is absolute.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4."""
    out: list[str] = []
    while path:
        if path.startswith(("../", "./")):
            path = path[path.index("/") + 1 :]
        elif path.startswith("/./") or path == "/.":
            path = "/" + path[3:]
        elif path.startswith("/../") or path == "/..":
            path = "/" + path[4:]
            if out:
                out.pop()
        elif path in (".", ".."):
            path = ""
        else:
            cut = path.find("/", 1)
            segment, path = (path, "") if cut < 0 else (path[:cut], path[cut:])
            out.append(segment)
    return "".join(out)


def _merge(base_authority: str, base_path: str, path: str) -> str:
    """RFC 3986 §5.2.3."""
    if base_authority and not base_path:
        return "/" + path
    return base_path[: base_path.rfind("/") + 1] + path


def resolve_iri(base: str | None, reference: str) -> str:
    """``reference`` resolved against ``base`` (RFC 3986 §5.2.2, strict), for every scheme.

    ``urllib.parse.urljoin`` returns the reference unchanged for schemes it does not know
    (``urn:``, ``tag:``), where Oxigraph resolves; this follows the RFC as Oxigraph does.
    Without a base, or for an absolute reference, the reference is returned as it is.
    """
    if not base or _SCHEME.match(reference):
        return reference
    b = urlsplit(base)
    r = urlsplit(reference)
    has_authority = reference.startswith("//")
    if has_authority:
        authority, path, query = r.netloc, _remove_dot_segments(r.path), r.query
    elif not r.path:
        authority, path = b.netloc, b.path
        query = r.query if "?" in reference else b.query
    else:
        authority, query = b.netloc, r.query
        merged = r.path if r.path.startswith("/") else _merge(b.netloc, b.path, r.path)
        path = _remove_dot_segments(merged)
    fragment = r.fragment
    text = urlunsplit((b.scheme, authority, path, query, fragment))
    # urlunsplit drops an empty query or fragment ("?", "#"), which RFC 3986 keeps.
    if "#" in reference and not fragment:
        text += "#"
    return text
