"""The SHACL validation report as data: written by the build (``validation.txt``), read by pages.

Shared because both sides need the record and only the build may import pySHACL: the build
fills it from pySHACL's report graph, :mod:`kg.pages.conformance` parses its text form back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph


@dataclass(frozen=True)
class Result:
    """One sh:ValidationResult (SHACL section 3.6.2)."""

    focus: str
    path: str
    value: str
    message: str
    severity: str
    shape: str
    shape_label: str


@dataclass
class ValidationReport:
    conforms: bool
    results: list[Result] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)

    def by_shape(self) -> dict[str, list[Result]]:
        grouped: dict[str, list[Result]] = defaultdict(list)
        for result in sorted(self.results, key=lambda r: (r.shape, r.focus, r.path, r.value)):
            grouped[result.shape].append(result)
        return dict(grouped)

    def text(self) -> str:
        """A readable report grouped by shape: focus node, path, value, message."""
        if self.conforms:
            return "Conforms: yes (0 results)\n"
        lines = [f"Conforms: no ({len(self.results)} results)"]
        for shape, results in self.by_shape().items():
            label = results[0].shape_label
            lines.append(f"\n{shape}" + (f"  ({label})" if label else "") + f": {len(results)}")
            for r in results:
                lines.append(f"  [{r.severity}] {r.focus}")
                if r.path:
                    lines.append(f"      path:    {r.path}")
                if r.value:
                    lines.append(f"      value:   {r.value}")
                lines.append(f"      message: {r.message}")
        return "\n".join(lines) + "\n"
