"""One error tree for the whole project. Core modules raise these; the edges translate them.

::

    KGError                      exit 2 / HTTP 400 unless said otherwise
    ├── InputError               a file is missing, unreadable or malformed (file, line, column)
    │   └── QuoteError           an evidence quote is not in the article, or is ambiguous
    ├── OutputError              the build output cannot be written (nothing half-written)
    ├── ConformanceError         the graph violates the shapes (exit 1; carries the report)
    ├── BuildMissing             no build output yet, or it is corrupt (names the file)
    ├── IsolationUnavailable     query workers cannot be cut off from the network here
    ├── UnsupportedFormat        a format name or media type we do not serve (HTTP 406)
    ├── EntityNotFound           an IRI that is not in the dataset (HTTP 404)
    ├── UpstreamError            the external SPARQL store (STORE=sparql+http://…) failed or is
    │   │                        unreachable (HTTP 502; never carries its credentials)
    │   └── UpstreamTimeout      it did not answer within SPARQL_TIME_LIMIT_MS; the request to
    │                            it was cancelled (HTTP 504)
    └── QueryError               a SPARQL request that cannot be answered
        ├── QuerySyntaxError     the query does not parse (HTTP 400; carries line and column)
        ├── QueryRejected        update, SERVICE, LOAD, foreign FROM (HTTP 400)
        │   ├── QueryTooLarge    query text or request body over its limit (HTTP 413)
        │   └── UnsupportedMediaType  a request body type the protocol does not define (HTTP 415)
        ├── QueryTimeout         past SPARQL_TIME_LIMIT_MS (HTTP 503; names the setting)
        └── QueryLimitExceeded   a worker died or a limit other than time was hit (HTTP 503)

Library code never calls ``sys.exit``; ``kg.cli`` maps these to exit codes and ``kg.web``
to HTTP statuses.
"""

from __future__ import annotations

from typing import Any


class KGError(Exception):
    """Base of every error this project raises on purpose."""

    exit_code = 2
    http_status = 400

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return self.message


class InputError(KGError):
    """A file is missing, unreadable or malformed."""


class QuoteError(InputError):
    """An evidence quote is not in the article verbatim, or occurs more than once."""


class OutputError(KGError):
    """The build output cannot be written."""


class ConformanceError(KGError):
    """The graph does not conform to the shapes; ``details['report']`` holds the report."""

    exit_code = 1


class BuildMissing(KGError):
    """There is no usable build output."""

    http_status = 503


class UnsupportedFormat(KGError):
    """A format name or media type that is not in the registry."""

    http_status = 406


class EntityNotFound(KGError):
    """An IRI that is not described in the dataset."""

    http_status = 404


class UpstreamError(KGError):
    """The external SPARQL store failed, refused, or could not be reached."""

    http_status = 502


class UpstreamTimeout(UpstreamError):
    """The external SPARQL store did not answer in time; the request to it was cancelled."""

    http_status = 504


class IsolationUnavailable(KGError):
    """The kernel refuses an empty network namespace to query workers, and the settings do not
    accept running with the gate alone (ALLOW_UNISOLATED_WORKERS)."""


class QueryError(KGError):
    """A SPARQL request that cannot be answered."""


class QuerySyntaxError(QueryError):
    """The query does not parse; ``details`` has ``line`` and ``column`` when known."""


class QueryRejected(QueryError):
    """The query is well-formed but not allowed (update, SERVICE, LOAD, foreign graph, size)."""


class QueryTooLarge(QueryRejected):
    """The query text (or the request carrying it) is larger than its limit."""

    http_status = 413


class UnsupportedMediaType(QueryRejected):
    """A request body whose Content-Type (or charset) the SPARQL Protocol does not define."""

    http_status = 415


class QueryTimeout(QueryError):
    """The query ran past its time limit and its worker was stopped."""

    http_status = 503


class QueryLimitExceeded(QueryError):
    """The query's worker died or hit a resource limit."""

    http_status = 503
