"""Local queries for ``kg query`` and the competency questions in ``queries/*.rq``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, QuerySyntaxError
from kg.formats import by_name
from kg.iris import IRIs
from kg.output import BuildOutput
from kg.store import OxigraphStore
from kg.vocab import prefixes


@dataclass(frozen=True)
class Param:
    name: str
    datatype: str        # a prefixed xsd name, or "iri"
    default: str | None


@dataclass(frozen=True)
class CannedQuery:
    """A competency question: a named SPARQL file with a bilingual title and parameters."""

    name: str
    text: str
    titles: dict[str, str] = field(default_factory=dict)
    params: tuple[Param, ...] = ()


def parse_query_file(path: Path) -> CannedQuery:
    """Read ``queries/NAME.rq``; its header comments give titles and parameters.

    Header lines: ``# title@en: ...``, ``# title@id: ...``, ``# param: NAME DATATYPE [DEFAULT]``.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    titles: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        key, _, value = line[1:].strip().partition(":")
        if key.startswith("title@"):
            titles[key[len("title@"):]] = value.strip()
        elif key == "param":
            parts = value.split(None, 2)
            if len(parts) < 2:
                raise InputError(f"{path}:{number}: '# param:' needs NAME DATATYPE [DEFAULT]")
            params.append(Param(parts[0], parts[1], parts[2].strip() if len(parts) > 2 else None))
    return CannedQuery(path.stem, text, titles, tuple(params))


def load_queries(folder: Path) -> list[CannedQuery]:
    return [parse_query_file(p) for p in sorted(folder.glob("*.rq"))]


def _table(results: ox.QuerySolutions) -> bytes:
    names = [v.value for v in results.variables]
    rows = [[("" if row[n] is None else row[n].value) for n in names] for row in results]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.append(f"({len(rows)} rows)")
    return ("\n".join(lines) + "\n").encode("utf-8")


def run_local_query(build: BuildOutput, query: str, fmt: str = "table",
                    substitutions: dict[str, ox.Literal | ox.NamedNode] | None = None) -> bytes:
    """Evaluate ``query`` on the build (union default graph) and serialize the result."""
    store = OxigraphStore.from_build(build)
    try:
        result = store.store.query(
            query, use_default_graph_as_union=True,
            prefixes=prefixes(IRIs(build.manifest["base_iri"])),
            substitutions={ox.Variable(k): v for k, v in (substitutions or {}).items()})
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            return (("true" if bool(result) else "false") + "\n").encode()
        return result.serialize(format=getattr(ox.QueryResultsFormat, by_name(fmt, "results").oxigraph))
    if isinstance(result, ox.QuerySolutions):
        if fmt == "table":
            return _table(result)
        return result.serialize(format=getattr(ox.QueryResultsFormat, by_name(fmt, "results").oxigraph))
    target = by_name("turtle" if fmt == "table" else fmt, "graph", "dataset")
    return result.serialize(format=getattr(ox.RdfFormat, target.oxigraph))
