"""The one module that knows where the project's inputs and outputs live.

Every path can be redirected with ``KG_ROOT`` (the project folder) or ``KG_BUILD_DIR``
(the build output), so that tests build into temporary folders.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: The repository root: two levels above ``src/kg``.
DEFAULT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ProjectPaths:
    """Where the curated inputs and the build output are."""

    root: Path
    build_dir: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def graph_dir(self) -> Path:
        return self.root / "graph"

    @property
    def article(self) -> Path:
        return self.graph_dir / "source" / "article.txt"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    def ontology_files(self) -> list[Path]:
        return sorted(self.ontology_dir.glob("*.ttl"))

    def shapes_files(self) -> list[Path]:
        return sorted(self.shapes_dir.glob("*.ttl"))

    def data_files(self) -> list[Path]:
        return sorted(self.graph_dir.glob("*.ttl"))

    @property
    def current(self) -> Path:
        """The symlink that points at the last complete build."""
        return self.build_dir / "current"


def project_paths(
    root: str | os.PathLike[str] | None = None, build_dir: str | os.PathLike[str] | None = None
) -> ProjectPaths:
    """The project paths from arguments, then ``KG_ROOT``/``KG_BUILD_DIR``, then defaults."""
    base = Path(root or os.environ.get("KG_ROOT") or DEFAULT_ROOT).resolve()
    out = Path(build_dir or os.environ.get("KG_BUILD_DIR") or base / "build").resolve()
    return ProjectPaths(root=base, build_dir=out)
