"""Loading a dump into an external store (SPARQL 1.1 Graph Store HTTP Protocol): it replaces."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
import requests

from kg.config import Settings, load_settings
from kg.errors import (
    InputError,
    UpstreamError,
    UpstreamTimeout,
)
from kg.output import file_sha256
from kg.store.http import credentials, endpoint_of, graph_store_of, new_session, secret_forms
from kg.store.load import base_iri_of, rdf_format_of
from kg.store.remote import (
    CONNECT_TIMEOUT_S,
    HAS_GRAPH,
    LOAD_TIMEOUT_S,
    MARKER,
    MARKER_GRAPH,
    VERSION,
    RemoteStore,
)


@dataclass(frozen=True)
class LoadReport:
    graphs: dict[str, int]
    version: str
    seconds: float


def _body(triples: list[Any], progress: Callable[[int], None]) -> bytes:
    """The body of one PUT, whole: sent with a Content-Length, never chunked, since some stores
    (Virtuoso) do not read a chunked body and HTTP Digest must send the body twice."""
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    progress(len(triples))
    return body


def load_remote(
    dump: Path,
    url: str,
    graph_store: str | None = None,
    progress: Callable[[int, int], None] = lambda n, total: None,
    settings: Settings | None = None,
    base_iri: str | None = None,
) -> LoadReport:
    """Upload ``dump`` with its named graphs to the store at ``url``, replacing, never adding.

    Each graph is replaced with Graph Store Protocol PUT (§5.3), graphs of the previous load
    that are gone are deleted (§5.4), and the marker graph naming the version (the dump's
    sha256, so a build's dump keeps the build's version and ETags) and the graphs is written
    last: a load that fails half-way leaves no marker, and the server then versions the store
    by its graph sizes.

    Relative IRIs in the dump resolve against ``base_iri`` (by default the file's own IRI,
    :func:`kg.store.load.base_iri_of`).

    :raises InputError: the dump is missing or malformed.
    :raises UpstreamError: the store refused or could not be reached.
    """
    started = time.perf_counter()
    fmt = rdf_format_of(dump)
    store = ox.Store()
    try:
        store.bulk_load(path=str(dump), format=fmt, base_iri=base_iri_of(dump, base_iri))
    except FileNotFoundError as exc:
        raise InputError(f"{dump}: no such file") from exc
    except SyntaxError as exc:
        raise InputError(f"{dump}:{exc.lineno or 0}:{exc.offset or 1}: {exc.msg}") from exc
    settings = settings or load_settings()
    gsp = graph_store or settings["STORE_GRAPH_STORE"] or graph_store_of(url)
    total = len(store)
    done = 0

    def sent(n: int) -> None:
        nonlocal done
        done += n
        progress(done, total)

    auth = credentials(settings)
    remote = RemoteStore(
        endpoint_of(url),
        new_session(auth, scheme=settings["STORE_AUTH"]),
        int(LOAD_TIMEOUT_S * 1000),
        1 << 40,
        secret_forms(auth),
    )
    try:
        previous = remote._read_marker().get("graphs", [])
        _gsp(remote, "DELETE", gsp, MARKER_GRAPH, ok_missing=True)
        graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
        for graph in graphs:
            triples = [
                ox.Triple(q.subject, q.predicate, q.object)
                for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
            ]
            _gsp(remote, "PUT", gsp, graph, body=_body(triples, sent))
        default = [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        ]
        if default:
            _gsp(remote, "PUT", gsp, None, body=_body(default, sent))
        for graph in sorted(set(previous) - set(graphs)):
            _gsp(remote, "DELETE", gsp, graph, ok_missing=True)
        digest = file_sha256(dump)  # the marker keeps it whole; the version is its first 16
        marker = [
            ox.Triple(ox.NamedNode(MARKER), ox.NamedNode(VERSION), ox.Literal(digest)),
            *(
                ox.Triple(ox.NamedNode(MARKER), ox.NamedNode(HAS_GRAPH), ox.NamedNode(g))
                for g in graphs
            ),
        ]
        _gsp(
            remote,
            "PUT",
            gsp,
            MARKER_GRAPH,
            body=ox.serialize(marker, format=ox.RdfFormat.N_TRIPLES) or b"",
        )
        remote.graphs = tuple(graphs)
        counts = remote.graph_counts()
    finally:
        remote.close()
    expected = {
        g: len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(g)))) for g in graphs
    }
    if counts != expected:
        # The store answered every PUT with success but holds something else: it dropped or
        # merged triples (a store that rewrites literals, say). Never report such a load as done.
        wrong = sorted(g for g in set(counts) | set(expected) if counts.get(g) != expected.get(g))
        raise UpstreamError(
            f"the store at {remote.endpoint} accepted the load but holds other triple counts "
            f"than the dump for {len(wrong)} graph(s), e.g. {wrong[0]}: "
            f"{counts.get(wrong[0], 0)} stored, {expected.get(wrong[0], 0)} in {dump.name}"
        )
    return LoadReport(counts, digest[:16], time.perf_counter() - started)


def _gsp(
    remote: RemoteStore,
    method: str,
    gsp: str,
    graph: str | None,
    body: bytes | None = None,
    ok_missing: bool = False,
) -> None:
    """One Graph Store Protocol request (§5.3 PUT, §5.4 DELETE; ``?default`` for the default
    graph, ``?graph=IRI`` for a named one, §4.2 indirect identification)."""
    target = f"{gsp}?default" if graph is None else f"{gsp}?graph={quote(graph, safe='')}"
    headers = {"Content-Type": "application/n-triples"} if body is not None else {}
    try:
        response = remote.session.request(
            method, target, data=body, headers=headers, timeout=(CONNECT_TIMEOUT_S, LOAD_TIMEOUT_S)
        )
    except requests.Timeout:
        raise UpstreamTimeout(
            f"the Graph Store at {gsp} did not answer within {LOAD_TIMEOUT_S:.0f} s"
        ) from None
    except requests.RequestException as exc:
        raise remote._unreachable(exc) from None
    if ok_missing and response.status_code == 404:
        return
    if response.status_code >= 300:
        said = remote.scrub(response.text[:8192]).strip().replace("\n", " ")[:300]
        raise UpstreamError(
            f"the Graph Store at {gsp} refused {method} of "
            f"{graph or 'the default graph'} (HTTP {response.status_code}): {said}"
        )
