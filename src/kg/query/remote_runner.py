"""The query runner used in place of the worker pool when an external store evaluates."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace

from kg.errors import QueryRejected, QuerySyntaxError
from kg.query.functions import calls_as_errors, vendor_names
from kg.query.sparql import (
    Limits,
    QueryRequest,
    QueryResult,
    execute,
    expand_codepoint_escapes,
    parse,
    written_position,
)
from kg.store.remote import RemoteStore


class RemoteRunner:
    """Answers /sparql queries on the remote store, in the request thread.

    Why not a worker process: query workers live in an empty network namespace
    (:mod:`kg.query.workers`), and with a remote store the evaluation's CPU is the store's, not
    ours. Here the request thread only waits on a socket, which an HTTP timeout bounds; at
    the deadline the connection is closed (cancelling the upstream request) and the client
    gets 504. The gate is unchanged: :func:`kg.query.sparql.execute` parses the query, refuses
    updates, SERVICE and foreign graphs, and resolves the dataset before anything is sent.
    """

    isolated = False  # nothing is evaluated here: the store does it
    replaced = 0

    def __init__(
        self,
        store: RemoteStore,
        limits: Limits,
        prefixes: Mapping[str, str],
        base_iri: str | None = None,
    ) -> None:
        self.store = store
        self.limits = limits
        self.prefixes = dict(prefixes)
        self.base_iri = base_iri
        self.size = 1
        self._ready: tuple[float, bool] = (0.0, False)

    def run(self, request: QueryRequest, limit_ms: int) -> QueryResult:
        text = expand_codepoint_escapes(request.query)
        parsed = parse(text, self.base_iri)  # refuse before anything is forwarded
        refuse_vendor_names(request.query, text, self.base_iri)
        if parsed.unknown_functions:
            request = replace(request, query=self._unbound_calls(text, parsed.unknown_functions))
        return execute(
            self.store.bounded(limit_ms, self.limits.max_rows),
            set(self.store.graphs),
            request,
            self.limits,
            self.prefixes,
            self.base_iri,
        )

    def _unbound_calls(self, text: str, functions: tuple[str, ...]) -> str:
        """The query with each call of a function the engine lacks made an error, as the
        embedded store evaluates it (SPARQL 1.1 Query §17.2); checked by parsing it again.

        :raises QueryRejected: a call could not be rewritten (a name used both as a
            function and as a predicate before a collection).
        """
        rewritten = calls_as_errors(text, functions, self.base_iri)
        try:
            left = parse(rewritten, self.base_iri).unknown_functions
        except QuerySyntaxError:
            left = functions
        if left:
            raise QueryRejected(
                f"the external store cannot be asked to leave {', '.join(left)} unbound "
                f"(an unknown function, SPARQL 1.1 Query §17.2): its name is also a predicate "
                f"before a collection"
            )
        return rewritten

    def live_workers(self) -> int:
        """1 when the store answers (checked at most once a second), else 0: /readyz then
        says 503 and a load balancer stops sending traffic until the store is back."""
        checked, ok = self._ready
        if time.monotonic() - checked > 1.0:
            ok = self.store.ping()
            self._ready = (time.monotonic(), ok)
        return int(ok)

    def close(self) -> None:
        self.store.close()


def refuse_vendor_names(written: str, text: str, base_iri: str | None) -> None:
    """Refuse a query that names a store's own function or magic predicate, or a prefix it
    never declares (:func:`kg.query.functions.vendor_names`), before it is forwarded.

    ``text`` is ``written`` with its codepoint escapes expanded; the position reported is
    where the user wrote the name.

    :raises QuerySyntaxError: an undeclared prefix (400, as the embedded store answers).
    :raises QueryRejected: a vendor function or predicate (400, naming it and where).
    """
    found = vendor_names(text, base_iri)
    if not found:
        return
    kind, name, offset = found[0]
    line, column = written_position(written, offset)
    where = f"at line {line}, column {column}"
    if kind == "prefix":
        raise QuerySyntaxError(
            f"the prefix {name} {where} is not declared (SPARQL 1.1 Query §4.1.1.1); declare "
            f"it with PREFIX",
            line=line,
            column=column,
        )
    what = "function" if kind == "call" else "name"
    raise QueryRejected(
        f"the {what} <{name}> {where} belongs to a SPARQL store's own extensions, which this "
        f"endpoint never forwards: only SPARQL 1.1's built-in functions and the XSD casts "
        f"reach the store",
        function=name,
        line=line,
        column=column,
    )
