"""The ``kg`` command: build, validate, export, query, stats, serve.

Exit codes (after pySHACL's): 0 success / conforms, 1 the graph violates the shapes,
2 bad input or usage (missing file, malformed Turtle, unknown format, unwritable output),
3 internal error. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rdflib import Dataset, Graph

from kg.build.pipeline import assemble, ensure_build, run_build
from kg.build.validate import validate
from kg.config import load_settings
from kg.errors import ConformanceError, InputError, KGError
from kg.export import export_build, write_atomically
from kg.formats import by_name, formats_of
from kg.iris import IRIs
from kg.paths import ProjectPaths, project_paths
from kg.query.canned import parse_canned
from kg.query.labels import read_languages
from kg.query.local import run_local_query
from kg.query.sparql import Binding
from kg.rdfio import load_graphs, parse_turtle
from kg.report import ValidationReport
from kg.store.backend import backend_kind
from kg.store.load import load_into
from kg.vocab import prefixes

F = TypeVar("F", bound=Callable[..., Any])

RDF_FORMATS = [f.name for f in formats_of("graph", "dataset")]
RESULT_FORMATS = sorted({"table", *(f.name for f in formats_of("results", "graph", "dataset"))})


def _progress(message: str) -> None:
    click.echo(f"kg: {message}", err=True)


def edge(func: F) -> F:
    """Translate the error tree into one line on stderr and an exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ConformanceError as exc:
            report = exc.details.get("report")
            if isinstance(report, ValidationReport):
                click.echo(report.text(), err=True, nl=False)
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KGError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:  # `kg stats | head`: the reader left; not an error
            sys.stderr.close()
            sys.exit(0)
        except OSError as exc:
            click.echo(f"kg: error: {exc.filename or ''}: {exc.strerror or exc}", err=True)
            sys.exit(2)
        except Exception as exc:  # a bug: say so in one line, exit 3 (pySHACL's convention)
            click.echo(f"kg: internal error: {type(exc).__name__}: {exc}", err=True)
            sys.exit(3)

    return wrapper  # type: ignore[return-value]


@click.group()
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project folder (default: this checkout, or KG_ROOT).",
)
@click.option(
    "--build-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Build output folder (default: ROOT/build, or KG_BUILD_DIR).",
)
@click.version_option(package_name="kg")
@click.pass_context
def main(ctx: click.Context, root: Path | None, build_dir: Path | None) -> None:
    """A linked-data knowledge graph of one ANTARA article, and its tools."""
    ctx.obj = project_paths(root, build_dir)


@main.command()
@click.option(
    "--base-iri", default=None, metavar="IRI", help="Namespace for every minted IRI (BASE_IRI)."
)
@click.pass_obj
@edge
def build(paths: ProjectPaths, base_iri: str | None) -> None:
    """Load, anchor, check OWL 2 RL consistency, infer, describe, validate; write
    build/current atomically (a re-run gives identical bytes); progress and timings on stderr."""
    started = time.perf_counter()
    settings = load_settings({"BASE_IRI": base_iri} if base_iri else None)
    output = run_build(paths, settings, _progress)
    counts = output.manifest["graphs"]
    _progress(
        f"built {sum(counts.values())} triples in {len(counts)} graphs, "
        f"version {output.version}, in {time.perf_counter() - started:.1f} s"
    )
    click.echo(str(output.folder))


def _parse_any(path: Path) -> Graph:
    if path.suffix in (".trig", ".nq"):
        if not path.exists():
            raise InputError(f"{path}: no such file")
        dataset = Dataset()
        dataset.parse(path, format="trig" if path.suffix == ".trig" else "nquads")
        graph = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    return parse_turtle(path)


@main.command(name="validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.pass_obj
@edge
def validate_cmd(paths: ProjectPaths, files: tuple[Path, ...]) -> None:
    """The SHACL report grouped by shape (focus node, path, value, message) for FILES (Turtle,
    TriG, N-Quads) or, without FILES, for the project's sources.

    Exit 0 conforms, 1 violations, 2 bad input.
    """
    if files:
        data = Graph()
        for path in files:
            data += _parse_any(path)
        ontology = load_graphs(paths.ontology_files())
        report = validate(data + ontology, load_graphs(paths.shapes_files()), ontology)
    else:
        report = assemble(paths, load_settings(), _progress).report
    click.echo(report.text(), nl=False)
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(RDF_FORMATS), default="trig", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here (atomically) instead of standard output.",
)
@click.pass_obj
@edge
def export(paths: ProjectPaths, fmt: str, output: Path | None) -> None:
    """The whole dataset, the same bytes on every run; TriG, N-Quads and JSON-LD keep the named
    graphs; JSON-LD is compacted with a local context."""
    data = export_build(ensure_build(paths, progress=_progress), by_name(fmt, "graph", "dataset"))
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        write_atomically(output, data)
        _progress(f"wrote {len(data)} bytes to {output}")


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise InputError(f"--param takes NAME=VALUE, got {pair!r}")
        params[name] = value
    return params


@main.command()
@click.argument("query", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the query from a file; a queries/*.rq header's parameters get their defaults.",
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a declared parameter of a -f file (as an RDF term, never spliced).",
)
@click.option(
    "--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True
)
@click.option(
    "--labels",
    "labels",
    metavar="LANGS",
    help="Add a label column after each IRI column, in these languages (id,en); "
    "the same as the query hint '#labels: id,en'.",
)
@click.pass_obj
@edge
def query(
    paths: ProjectPaths,
    query: str | None,
    query_file: Path | None,
    params: tuple[str, ...],
    fmt: str,
    labels: str | None,
) -> None:
    """SPARQL (QUERY or -f FILE) against the build; the project's prefixes need no declaration;
    a queries/*.rq file's parameters get their defaults, -p binds them as RDF terms."""
    if (query is None) == (query_file is None):
        raise InputError("give a QUERY or -f FILE, not both or neither")
    build = ensure_build(paths, progress=_progress)
    bindings: tuple[Binding, ...] = ()
    if query_file is not None:
        canned = parse_canned(query_file, prefixes(IRIs(build.manifest["base_iri"])))
        query, bindings = canned.text, canned.bindings(_parse_params(params))
    elif params:
        raise InputError("--param needs a query file (-f) that declares its parameters")
    assert query is not None
    languages = read_languages(labels, "--labels") if labels is not None else ()
    sys.stdout.buffer.write(run_local_query(build, query, fmt, bindings, languages))


@main.command()
@click.pass_obj
@edge
def stats(paths: ProjectPaths) -> None:
    """Triples per named graph and members per class, from the build's manifest."""
    manifest = ensure_build(paths, progress=_progress).manifest
    names = sorted(prefixes(IRIs(manifest["base_iri"])).items(), key=lambda kv: -len(kv[1]))
    click.echo(f"{'graph':<45} {'triples':>8}")
    for graph, count in manifest["graphs"].items():
        click.echo(f"{graph:<45} {count:>8}")
    click.echo(f"{'total':<45} {sum(manifest['graphs'].values()):>8}")
    click.echo(f"\nevidence annotations: {manifest['annotations']}\n")
    click.echo(f"{'class (asserted or inferred)':<60} {'members':>8}")
    for cls, count in sorted(manifest["classes"].items(), key=lambda kv: (-kv[1], kv[0])):
        name = next((f"{p}:{cls[len(ns) :]}" for p, ns in names if cls.startswith(ns)), cls)
        click.echo(f"{name:<60} {count:>8}")


@main.command()
@click.argument("dump", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option(
    "--store",
    "store_path",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the on-disk Oxigraph store to create.",
)
@click.option(
    "--into",
    "into",
    metavar="URL",
    help="An external SPARQL store's query endpoint (sparql+http://host:port/path): "
    "upload with the Graph Store Protocol, replacing what a previous load put there.",
)
@click.option(
    "--graph-store",
    "graph_store",
    metavar="URL",
    help="The store's Graph Store Protocol endpoint, when it cannot be derived from --into.",
)
@click.option("--replace", is_flag=True, help="Rebuild the store if it exists.")
@click.option(
    "--base",
    "base_iri",
    metavar="IRI",
    help="Resolve relative IRIs in DUMP against IRI (default: the file's own file:// IRI).",
)
@click.pass_obj
@edge
def load(
    paths: ProjectPaths,
    dump: Path | None,
    store_path: Path | None,
    into: str | None,
    graph_store: str | None,
    replace: bool,
    base_iri: str | None,
) -> None:
    """Bulk-load a DUMP (.nq, .trig, .ttl, .nt, .jsonld, .rdf) into a new on-disk Oxigraph
    store (--store), renamed into place only when complete, or upload it (by default the build)
    to an external SPARQL store (--into) with the Graph Store Protocol: a PUT per named graph,
    so a re-run replaces and never duplicates (docs/remote-store.md)."""
    if (store_path is None) == (into is None):
        raise InputError("give exactly one of --store PATH and --into URL")
    if into is not None:
        _load_remote(paths, dump, into, graph_store, base_iri)
        return
    if dump is None:
        raise InputError("kg load --store needs a DUMP to load")
    assert store_path is not None
    size = dump.stat().st_size if dump.exists() else 0
    started = time.perf_counter()
    with click.progressbar(length=size, label=f"loading {dump.name}", file=sys.stderr) as bar:
        manifest = load_into(dump, store_path, bar.update, replace, base_iri)
    quads = sum(manifest["graphs"].values()) + manifest["default_graph_triples"]
    _progress(
        f"loaded {quads} quads in {len(manifest['graphs'])} named graphs into {store_path} "
        f"in {time.perf_counter() - started:.1f} s"
    )


def _load_remote(
    paths: ProjectPaths, dump: Path | None, url: str, graph_store: str | None, base_iri: str | None
) -> None:
    from kg.store.gsp import load_remote
    from kg.store.http import scrub_url

    source = dump or ensure_build(paths, progress=_progress).nquads

    def progress(done: int, total: int) -> None:  # load_remote counts: done is the sum so far
        click.echo(f"\ruploading {source.name}: {done}/{total} triples", nl=False, err=True)

    report = load_remote(source, url, graph_store, progress, load_settings(), base_iri)
    click.echo("", err=True)
    _progress(
        f"loaded {sum(report.graphs.values())} triples in {len(report.graphs)} named graphs "
        f"into {scrub_url(url)} (version {report.version}) in {report.seconds:.1f} s"
    )


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, metavar="HOST")
@click.option("--port", default=8000, show_default=True, type=int, metavar="PORT")
@click.option(
    "--store",
    "store_path",
    metavar="PATH|URL",
    help="Serve this on-disk store (made by `kg load`), or an external SPARQL store "
    "(sparql+http://host:port/path), instead of the build (STORE).",
)
@click.pass_obj
@edge
def serve(paths: ProjectPaths, host: str, port: int, store_path: str | None) -> None:
    """The web server, building first if there is no build output; --store serves an on-disk
    store made by kg load (no build needed) or an external SPARQL store
    (sparql+http://host:port/path)."""
    from kg.server.serve import run  # the web layer loads only for this command

    overrides = {
        "ROOT": str(paths.root),
        "BUILD_DIR": str(paths.build_dir),
        **({"STORE": store_path} if store_path else {}),
    }
    if backend_kind(load_settings(overrides)["STORE"]) == "memory":  # only memory needs a build
        ensure_build(paths, progress=_progress)
    run(host, port, overrides)


if __name__ == "__main__":  # python -m kg.cli, as the tests run it in fresh interpreters
    main()
