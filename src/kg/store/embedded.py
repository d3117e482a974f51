"""The embedded backend, the default: an Oxigraph store in this process, in memory or on disk.

Queries are strings evaluated by Oxigraph's engine (``pyoxigraph``): at 1M triples it is
10-50x faster than rdflib's (docs/architecture.md, "Design notes"). The store never accepts
updates: only reads are offered (:class:`kg.store.api.ReadStore`), and :mod:`kg.query.sparql`
rejects update syntax before anything reaches a store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import BuildMissing, QuerySyntaxError
from kg.output import BuildOutput
from kg.store.api import GRAPH_COUNTS_QUERY, GraphName, Substitutions, Term, solutions_of, text_of


@dataclass
class OxigraphStore:
    """An Oxigraph store, in memory (loaded from the build) or opened read-only from disk.

    Implements :class:`kg.store.api.ReadStore`; ``engine`` is pyoxigraph's own store, which
    only the query layer's evaluator (:func:`kg.query.sparql.execute`) uses directly.
    """

    engine: ox.Store
    version: str
    _counts: dict[str, int] | None = field(default=None, repr=False)

    @classmethod
    def from_build(cls, build: BuildOutput) -> OxigraphStore:
        store = ox.Store()
        try:
            store.bulk_load(path=str(build.nquads), format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError) as exc:
            raise BuildMissing(f"cannot load {build.nquads}: {exc}") from exc
        return cls(store, build.version)

    @classmethod
    def from_path(cls, path: Path, version: str) -> OxigraphStore:
        try:
            return cls(ox.Store.read_only(str(path)), version)
        except OSError as exc:
            raise BuildMissing(f"cannot open the Oxigraph store at {path}: {exc}") from exc

    def select(self, sparql: str, substitutions: Substitutions | None = None) -> ox.QuerySolutions:
        """Evaluate a SELECT query over the union of the graphs (``ReadStore.select``)."""
        try:
            result = self.engine.query(
                sparql,
                use_default_graph_as_union=True,
                substitutions=dict(substitutions) if substitutions else None,
            )
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc
        return solutions_of(result)

    def quads(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: GraphName | None = None,
    ) -> Iterator[ox.Quad]:
        """Quads matching a pattern, in every named graph unless ``graph`` is given."""
        if isinstance(subject, ox.Literal):
            return iter(())
        return self.engine.quads_for_pattern(subject, predicate, obj, graph)

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph (cached: the store never changes while served)."""
        if self._counts is None:
            rows = self.select(GRAPH_COUNTS_QUERY)
            self._counts = {text_of(row["g"]): int(text_of(row["n"])) for row in rows}
        return dict(sorted(self._counts.items()))


#: Written inside an on-disk store folder by :func:`load_into`: what was loaded, and its version.
STORE_MANIFEST = "kg-store.json"


def read_store_manifest(path: Path) -> dict[str, Any]:
    """The manifest :func:`load_into` wrote inside an on-disk store.

    :raises BuildMissing: no folder at ``path``, or not a store made by ``kg load``.
    """
    if not path.is_dir():
        raise BuildMissing(
            f"STORE: there is no Oxigraph store at {path}; make one with "
            f"`kg load DUMP --store {path}`, or set STORE=memory"
        )
    try:
        manifest = json.loads((path / STORE_MANIFEST).read_text(encoding="utf-8"))
        str(manifest["sha256"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BuildMissing(
            f"STORE: {path} is not a store made by `kg load` ({STORE_MANIFEST} "
            f"is missing or unreadable: {exc})"
        ) from exc
    return manifest  # type: ignore[no-any-return]


def store_version(manifest: dict[str, Any]) -> str:
    """The dataset version of an on-disk store: its dump's hash, shortened as a build's is.

    A store loaded from a build's ``dataset.nq`` therefore has that build's version, so its
    ETags and cache keys agree with the in-memory store's.
    """
    return str(manifest["sha256"])[:16]


def open_disk_store(path: Path) -> OxigraphStore:
    """An on-disk store made by :func:`load_into`, opened read-only; its version is the dump's hash.

    Read-only opening lets every process (HTTP workers, query workers) share one store on
    disk: the operating system's page cache holds it once, however many processes read it.

    :raises BuildMissing: no store there, or no manifest (not made by ``kg load``).
    """
    return OxigraphStore.from_path(path, store_version(read_store_manifest(path)))


def build_of_store(path: Path, base_iri: str) -> BuildOutput:
    """An on-disk store described as a build, for a store served without a build output.

    The manifest gives the version, the graphs and the classes; there is no ``dataset.nq`` and
    no validation report beside it (``kg load`` takes any dump and validates nothing).
    """
    manifest = read_store_manifest(path)
    return BuildOutput(path, {"base_iri": base_iri, "classes": {}, **manifest, "from_store": True})
