"""Read-only stores behind one interface. The default is an embedded Oxigraph store.

Queries are strings evaluated by Oxigraph's engine (``pyoxigraph``): at 1M triples it is
10-50x faster than rdflib's (``../shared/design/performance.md``). The store never accepts
updates: only :meth:`Store.query` is offered, and :mod:`kg.sparql` rejects update syntax
before anything reaches a store.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import pyoxigraph as ox

from kg.errors import BuildMissing, InputError, OutputError, QuerySyntaxError, UnsupportedFormat
from kg.formats import by_name, by_suffix
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


#: Written inside an on-disk store folder by :func:`load_into`: what was loaded, and its version.
STORE_MANIFEST = "kg-store.json"


class _CountingReader(io.RawIOBase):
    """A binary reader that reports progress (bytes read) while Oxigraph parses."""

    def __init__(self, handle: BinaryIO, report: Callable[[int], None]) -> None:
        self._handle = handle
        self._report = report

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._handle.read(len(buffer))
        buffer[: len(data)] = data
        self._report(len(data))
        return len(data)


def rdf_format_of(path: Path) -> ox.RdfFormat:
    """The Oxigraph format for a dump, from its suffix (kg.formats registry).

    :raises UnsupportedFormat: the suffix is not an RDF format we read.
    """
    fmt = by_suffix(path.suffix.lstrip("."), "graph", "dataset") or (
        by_name(path.suffix.lstrip("."), "graph", "dataset") if path.suffix else None)
    if fmt is None or fmt.oxigraph is None:
        raise UnsupportedFormat(f"{path}: cannot tell the RDF format from the suffix "
                                f"{path.suffix or '(none)'}; use .nq, .trig, .ttl, .nt, .jsonld or .rdf")
    return getattr(ox.RdfFormat, fmt.oxigraph)


def load_into(dump: Path, target: Path, progress: Callable[[int], None] = lambda n: None,
              replace: bool = False) -> dict[str, Any]:
    """Bulk-load ``dump`` into a new on-disk Oxigraph store at ``target``, atomically.

    The store is written into a staging folder beside ``target`` and renamed into place only
    when complete, so a failed or interrupted load leaves ``target`` as it was.

    :raises InputError: the dump is missing or malformed (with line and column).
    :raises OutputError: ``target`` exists (and not ``replace``) or cannot be written.
    """
    fmt = rdf_format_of(dump)
    if target.exists() and not replace:
        raise OutputError(f"{target} exists; pass --replace to rebuild it")
    try:
        size = dump.stat().st_size
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except FileNotFoundError as exc:
        raise InputError(f"{exc.filename}: no such file or folder") from exc
    except OSError as exc:
        raise OutputError(f"cannot create a store beside {target}: {exc.strerror or exc}") from exc
    try:
        store = ox.Store(str(staging / "store"))
        with open(dump, "rb") as handle:
            store.bulk_load(_CountingReader(handle, progress), format=fmt)
        store.flush()
        counts, default, classes = _census(store)
        del store
        manifest = {"source": str(dump), "bytes": size, "graphs": counts,
                    "default_graph_triples": default, "classes": classes,
                    "sha256": _file_sha256(dump)}
        (staging / "store" / STORE_MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        if target.exists():
            shutil.rmtree(target)
        os.rename(staging / "store", target)
        return manifest
    except SyntaxError as exc:
        raise InputError(f"{dump}:{exc.lineno or 0}:{exc.offset or 1}: {exc.msg}") from exc
    except OSError as exc:
        raise OutputError(f"cannot write the store {target}: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _census(store: ox.Store) -> tuple[dict[str, int], int, dict[str, int]]:
    """Triples per named graph, in the default graph, and members per class.

    Counted by Oxigraph's engine: iterating a million quads in Python took longer than the load.
    """
    graphs = {row["g"].value: int(row["n"].value) for row in store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    default = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"]
    classes = {row["c"].value: int(row["n"].value) for row in store.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c",
        use_default_graph_as_union=True)}
    return dict(sorted(graphs.items())), int(default.value), dict(sorted(classes.items()))


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_store_manifest(path: Path) -> dict[str, Any]:
    """The manifest :func:`load_into` wrote inside an on-disk store.

    :raises BuildMissing: no folder at ``path``, or not a store made by ``kg load``.
    """
    if not path.is_dir():
        raise BuildMissing(f"STORE: there is no Oxigraph store at {path}; make one with "
                           f"`kg load DUMP --store {path}`, or set STORE=memory")
    try:
        manifest = json.loads((path / STORE_MANIFEST).read_text(encoding="utf-8"))
        str(manifest["sha256"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BuildMissing(f"STORE: {path} is not a store made by `kg load` ({STORE_MANIFEST} "
                           f"is missing or unreadable: {exc})") from exc
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
    return BuildOutput(path, {"base_iri": base_iri, "classes": {}, **manifest,
                              "from_store": True})


def is_memory(store_setting: str) -> bool:
    """The STORE setting names the in-memory store (loaded from the build), not a path."""
    return store_setting.strip().lower() in ("", "memory")


def open_store(store_setting: str, build: BuildOutput | None) -> OxigraphStore:
    """The store the STORE setting names: the build loaded in memory, or an on-disk store.

    :raises BuildMissing: STORE=memory without a build, or no usable store at the path.
    """
    if not is_memory(store_setting):
        return open_disk_store(Path(store_setting))
    if build is None:
        raise BuildMissing("STORE=memory needs a build output; run `kg build`, or point "
                           "STORE at a store made by `kg load`")
    return OxigraphStore.from_build(build)
