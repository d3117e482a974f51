"""Loading a dump into a new on-disk Oxigraph store, atomically (``kg load --store``).

The store is written into a staging folder and renamed into place when complete; its manifest
(:data:`kg.store.embedded.STORE_MANIFEST`) records what was loaded and the dump's hash.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from kg.errors import InputError, OutputError, UnsupportedFormat
from kg.formats import by_name, by_suffix
from kg.output import file_sha256
from kg.store.api import CLASS_COUNTS_QUERY, GRAPH_COUNTS_QUERY, solutions_of
from kg.store.embedded import STORE_MANIFEST


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
        by_name(path.suffix.lstrip("."), "graph", "dataset") if path.suffix else None
    )
    if fmt is None or fmt.oxigraph is None:
        raise UnsupportedFormat(
            f"{path}: cannot tell the RDF format from the suffix "
            f"{path.suffix or '(none)'}; use .nq, .trig, .ttl, .nt, .jsonld or .rdf"
        )
    found: ox.RdfFormat = getattr(ox.RdfFormat, fmt.oxigraph)
    return found


def base_iri_of(dump: Path, base_iri: str | None = None) -> str:
    """The IRI relative IRIs in ``dump`` resolve against: ``base_iri`` when given, else the
    file's own ``file://`` IRI (RFC 3986 §5.1.3, the URI the document was retrieved from;
    RDF 1.1 Concepts §3.2), so ``rdf:resource=""`` names the file, not an error.

    :raises InputError: ``base_iri`` is not an absolute IRI.
    """
    if base_iri is None:
        return dump.resolve().as_uri()
    try:
        return ox.NamedNode(base_iri).value
    except ValueError as exc:
        raise InputError(f"--base {base_iri!r} is not an absolute IRI: {exc}") from exc


def load_into(
    dump: Path,
    target: Path,
    progress: Callable[[int], None] = lambda n: None,
    replace: bool = False,
    base_iri: str | None = None,
) -> dict[str, Any]:
    """Bulk-load ``dump`` into a new on-disk Oxigraph store at ``target``, atomically.

    The store is written into a staging folder beside ``target`` and renamed into place only
    when complete, so a failed or interrupted load leaves ``target`` as it was. Relative IRIs
    resolve against ``base_iri`` (:func:`base_iri_of`: by default the file's own IRI).

    :raises InputError: the dump is missing or malformed (with line and column).
    :raises OutputError: ``target`` exists (and not ``replace``) or cannot be written.
    """
    fmt = rdf_format_of(dump)
    base = base_iri_of(dump, base_iri)
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
            reader = io.BufferedReader(_CountingReader(handle, progress))
            store.bulk_load(reader, format=fmt, base_iri=base)
        store.flush()
        counts, default, classes = _census(store)
        del store
        manifest = {
            "source": str(dump),
            "base_iri": base,
            "bytes": size,
            "graphs": counts,
            "default_graph_triples": default,
            "classes": classes,
            "sha256": file_sha256(dump),
        }
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
    graphs = {
        row["g"].value: int(row["n"].value) for row in solutions_of(store.query(GRAPH_COUNTS_QUERY))
    }
    default = next(iter(solutions_of(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))))[
        "n"
    ]
    classes = {
        row["c"].value: int(row["n"].value)
        for row in solutions_of(
            store.query(
                CLASS_COUNTS_QUERY,
                use_default_graph_as_union=True,
            )
        )
    }
    return dict(sorted(graphs.items())), int(default.value), dict(sorted(classes.items()))
