"""Read-only stores behind one interface. The default is an embedded Oxigraph store.

Queries are strings evaluated by Oxigraph's engine (``pyoxigraph``): at 1M triples it is
10-50x faster than rdflib's (``../shared/design/performance.md``). The store never accepts
updates: only :meth:`Store.query` is offered, and :mod:`kg.sparql` rejects update syntax
before anything reaches a store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from kg.errors import BuildMissing, QuerySyntaxError
from kg.output import BuildOutput


class Store(Protocol):
    """What the query layer needs from a store."""

    version: str

    def query(self, sparql: str, *, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None) -> Any: ...

    def graph_counts(self) -> dict[str, int]: ...


@dataclass
class OxigraphStore:
    """An Oxigraph store, in memory (loaded from the build) or opened read-only from disk."""

    store: ox.Store
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

    def query(self, sparql: str, *, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None) -> Any:
        """Evaluate ``sparql``; the default graph is the union of all graphs unless given."""
        kwargs: dict[str, Any] = {}
        if default_graph is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            return self.store.query(sparql, **kwargs)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph (cached: the store never changes while served)."""
        if self._counts is None:
            rows = self.store.query(
                "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
            self._counts = {row["g"].value: int(row["n"].value) for row in rows}
        return dict(sorted(self._counts.items()))
