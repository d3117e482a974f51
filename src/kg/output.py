"""The build output: its layout, its atomic writing and its verified reading.

Layout::

    build/
      current -> releases/<hash>      symlink, swapped atomically (rename(2)) after a complete write
      releases/<hash>/
        dataset.nq                    canonical: sorted N-Quads, every graph (the store loads this)
        dataset.trig                  the same dataset as TriG, for people
        validation.txt                the SHACL validation report, as text
        manifest.json                 version, content hash, counts per graph and class

A build writes a new release folder (files fsynced, then the folder renamed into place), then
repoints ``current``. A build killed at any moment leaves the previous ``current`` intact, and
a reader checks the content hash in the manifest, so it never serves part of a graph.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import BuildMissing, OutputError
from kg.paths import ProjectPaths

DATASET_NQ = "dataset.nq"
DATASET_TRIG = "dataset.trig"
REPORT_TXT = "validation.txt"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class BuildOutput:
    """A verified, complete build on disk."""

    folder: Path
    manifest: dict[str, Any]

    @property
    def nquads(self) -> Path:
        return self.folder / DATASET_NQ

    @property
    def trig(self) -> Path:
        return self.folder / DATASET_TRIG

    @property
    def report(self) -> Path:
        return self.folder / REPORT_TXT

    @property
    def version(self) -> str:
        """Short content hash: changes exactly when the dataset changes."""
        return str(self.manifest["sha256"])[:16]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB blocks (dumps may be larger than memory)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_build(
    paths: ProjectPaths, files: Mapping[str, bytes], manifest: dict[str, Any]
) -> BuildOutput:
    """Write a release atomically and point ``current`` at it.

    :raises OutputError: the build folder cannot be created or written (nothing is half-written).
    """
    nq = files[DATASET_NQ]
    manifest = {**manifest, "sha256": sha256_bytes(nq)}
    release = paths.build_dir / "releases" / manifest["sha256"][:16]
    payload = {**files, MANIFEST: (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()}
    staging: Path | None = None
    try:
        (paths.build_dir / "releases").mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=paths.build_dir))
        for name, data in sorted(payload.items()):
            _fsync_write(staging / name, data)
        if release.exists():
            shutil.rmtree(staging)  # identical content already published: same bytes, same hash
        else:
            os.rename(staging, release)
        staging = None
        link_tmp = paths.build_dir / f".current-{os.getpid()}"
        if link_tmp.is_symlink() or link_tmp.exists():
            link_tmp.unlink()
        os.symlink(Path("releases") / release.name, link_tmp)
        os.replace(link_tmp, paths.current)
    except OSError as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        where = exc.filename or paths.build_dir
        raise OutputError(
            f"cannot write the build output to {where}: {exc.strerror or exc}"
        ) from exc
    return BuildOutput(release, manifest)


def read_build(paths: ProjectPaths) -> BuildOutput:
    """Open the current build and verify it is complete.

    :raises BuildMissing: no build yet, or a file is missing, unreadable or does not match its hash.
    """
    folder = paths.current
    manifest_path = folder / MANIFEST
    if not folder.exists():
        raise BuildMissing(f"no build output at {folder}; run `kg build` first")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        data = (folder / DATASET_NQ).read_bytes()
    except FileNotFoundError as exc:
        raise BuildMissing(
            f"build output incomplete: {exc.filename} is missing; run `kg build`"
        ) from exc
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise BuildMissing(f"build output unreadable: {manifest_path}: {exc}") from exc
    if not isinstance(manifest, dict) or sha256_bytes(data) != manifest.get("sha256"):
        raise BuildMissing(
            f"build output corrupt: {folder / DATASET_NQ} does not match the "
            f"sha256 in {manifest_path}; run `kg build`"
        )
    return BuildOutput(folder.resolve(), manifest)
