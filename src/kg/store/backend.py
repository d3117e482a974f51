"""The one place the STORE setting is read: which backend serves, and how it is opened.

``STORE=memory`` (the default) loads the build into an embedded Oxigraph store;
``STORE=<path>`` opens an on-disk store made by ``kg load --store``, read-only;
``STORE=sparql+http(s)://…`` reads from an external SPARQL store. The CLI, the server's
start-up check and the app all ask this module, so the three can never disagree.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kg.config import Settings
from kg.errors import BuildMissing
from kg.output import BuildOutput, read_build
from kg.paths import ProjectPaths
from kg.store.embedded import (
    OxigraphStore,
    build_of_store,
    open_disk_store,
    read_store_manifest,
)
from kg.store.remote import RemoteStore

log = logging.getLogger(__name__)

BackendKind = Literal["memory", "disk", "remote"]


def backend_kind(store_setting: str) -> BackendKind:
    """What the STORE setting names: the build in memory, an on-disk store, or an external one."""
    value = store_setting.strip().lower()
    if value in ("", "memory"):
        return "memory"
    if value.startswith(("sparql+http://", "sparql+https://")):
        return "remote"
    return "disk"


@dataclass(frozen=True)
class Backend:
    """An opened dataset: the build that describes it, the store that answers, and, for an
    on-disk store, its folder (every query worker opens the same one read-only)."""

    build: BuildOutput
    store: OxigraphStore | RemoteStore
    on_disk: Path | None = None

    @property
    def kind(self) -> BackendKind:
        if isinstance(self.store, RemoteStore):
            return "remote"
        return "memory" if self.on_disk is None else "disk"


def check_backend(settings: Settings, paths: ProjectPaths) -> None:
    """Fail with one clear line, before any server process starts, when STORE cannot be served.

    :raises BuildMissing: no build output (memory), or no store made by ``kg load`` (path).
    """
    kind = backend_kind(settings["STORE"])
    if kind == "disk":
        read_store_manifest(Path(settings["STORE"]))
    elif kind == "memory":
        read_build(paths)
    # remote: checked when the app connects (the store may start after the server)


def open_backend(settings: Settings, paths: ProjectPaths) -> Backend:
    """The build and the store the STORE setting names.

    In memory, the build is loaded. On disk, the store is opened read-only and needs no build:
    the build output is used only when it holds the same dataset (same hash); otherwise the
    store's manifest stands in for it (no dumps, no validation report). Remote, the store's
    load marker or census does the same.

    :raises BuildMissing: STORE=memory without a build, or no usable store at the path.
    :raises UpstreamError: the external store cannot be reached.
    """
    setting = settings["STORE"]
    kind = backend_kind(setting)
    if kind == "memory":
        build = read_build(paths)
        return Backend(build, OxigraphStore.from_build(build))
    if kind == "remote":
        return _remote(setting, settings, paths)
    path = Path(setting).resolve()
    store = open_disk_store(path)
    matching = _matching_build(paths, store.version)
    if matching is None:
        log.info("serving the store %s without a matching build output", path)
        matching = build_of_store(path, settings["BASE_IRI"])
    return Backend(matching, store, path)


def _matching_build(paths: ProjectPaths, version: str) -> BuildOutput | None:
    try:
        build = read_build(paths)
    except BuildMissing:
        return None
    return build if build.version == version else None


def _remote(url: str, settings: Settings, paths: ProjectPaths) -> Backend:
    """The remote store, and the build it was loaded from when that build is here.

    Without the matching build, the store's census stands in for the manifest, dumps are
    fetched from the store on first request (:meth:`RemoteStore.materialize`) and the
    validation report is absent: validation happens at build time.
    """
    store = RemoteStore.connect(url, settings)
    build = _matching_build(paths, store.version)
    if build is None:
        folder = Path(tempfile.gettempdir()) / f"kg-remote-{store.version}"
        manifest = {
            "base_iri": settings["BASE_IRI"],
            "sha256": store.sha256,
            "graphs": store.graph_counts(),
            "classes": store.class_counts(),
            "from_store": True,
            "store": store.endpoint,
        }
        build = BuildOutput(folder, manifest)
    return Backend(build, store)
