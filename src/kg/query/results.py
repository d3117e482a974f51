"""Serialize query answers, cut at the row limit, in every format of ``kg.formats.FORMATS``.

SELECT results are written by Oxigraph's own serializers (SPARQL 1.1 Query Results JSON, XML,
CSV and TSV), never term by term in Python: at thousands of rows the Python writers cost more
than evaluating the query (docs/architecture.md, "Design notes"). The row limit must still cut
the answer and say so, and ``QuerySolutions.serialize`` writes every solution, so the
solutions are first written as TSV into :class:`_RowCutter`, which stops the writer (and so
the lazy evaluation) at the first row past the limit. TSV is the one results format whose rows
can be counted by bytes: each solution is one line, because terms are written in N-Triples
syntax with newlines escaped (CSV and TSV Results §3). The kept rows are then parsed back and
written in the requested format, all in Oxigraph's native code; the TSV is lossless, so the
answer is the one a direct serialization would give. CSV is the exception: Oxigraph leaves an
IRI that contains a comma unquoted (pyoxigraph 0.5), which RFC 4180 §2 forbids, so CSV rows
are written with Python's ``csv`` module. Graph answers use pyoxigraph's RDF serializers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryLimitExceeded, UnsupportedFormat
from kg.formats import by_media_type
from kg.vocab import SPARQL_RESULTS_XML

TSV = ox.QueryResultsFormat.TSV
RESULTS_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": TSV,
}


class _Enough(Exception):
    """Raised inside Oxigraph's writer to stop it: the row or byte limit is reached."""


class _RowCutter:
    """A binary file object for ``QuerySolutions.serialize(format=TSV)`` that keeps the header
    line and at most ``max_rows`` solution lines, and notes whether a further solution came.

    ``max_bytes`` (or None) bounds the memory the kept TSV may take.
    """

    def __init__(self, max_rows: int, max_bytes: int | None) -> None:
        self.chunks: list[bytes] = []
        self.lines_left = max_rows + 1  # the header line, then one line per solution
        self.size = 0
        self.max_bytes = max_bytes
        self.truncated = False
        self.too_large = False

    def write(self, chunk: bytes) -> int:
        if not chunk:
            return 0
        if self.lines_left == 0:  # every row we keep is in, and the writer has more: cut
            self.truncated = True
            raise _Enough
        count = chunk.count(b"\n")
        if count >= self.lines_left:
            end = _after_nth_newline(chunk, self.lines_left)
            self._keep(chunk[:end])
            self.lines_left = 0
            if end < len(chunk):
                self.truncated = True
                raise _Enough
        else:
            self._keep(chunk)
            self.lines_left -= count
        return len(chunk)

    def _keep(self, chunk: bytes) -> None:
        self.chunks.append(chunk)
        self.size += len(chunk)
        if self.max_bytes is not None and self.size > self.max_bytes:
            self.too_large = True
            raise _Enough

    def flush(self) -> None:
        """Nothing is buffered here; Oxigraph calls this when it is done."""


def _after_nth_newline(chunk: bytes, n: int) -> int:
    """The offset just past the ``n``-th newline of ``chunk`` (which has at least ``n``)."""
    position = -1
    for _ in range(n):
        position = chunk.index(b"\n", position + 1)
    return position + 1


def _tsv_guard(media_type: str, variables: int, max_rows: int, max_bytes: int) -> int | None:
    """The most TSV bytes worth keeping for an answer allowed ``max_bytes`` in ``media_type``.

    No term takes more bytes in Oxigraph's TSV than in its JSON or XML: TSV wraps a term in
    ``<>`` or quotes plus the datatype or language that JSON and XML spell out too, and escapes
    no character with more bytes than they do (tests/test_sparql_results.py checks every ASCII
    character). TSV adds only a separator per variable and row, bound or not. So a TSV longer
    than ``max_bytes`` plus those separators can only give a JSON, XML or TSV answer over the
    limit, and reading on would be wasted. CSV drops datatypes and languages (an xsd:long 5 is
    one byte in CSV and 45 in TSV), so it is bounded by rows alone, as before.
    """
    if media_type == "text/csv":
        return None
    return max_bytes + (max_rows + 1) * (variables + 1)


def serialize_solutions(
    solutions: ox.QuerySolutions, media_type: str, max_rows: int, max_bytes: int
) -> tuple[bytes, int, bool]:
    """SELECT results, at most ``max_rows`` of them: (body, rows, truncated).

    :raises QueryLimitExceeded: the answer cannot fit in ``max_bytes``.
    """
    target = RESULTS_FORMATS.get(media_type)
    if target is None:
        raise UnsupportedFormat(f"{media_type} is not a query results format")
    cutter = _RowCutter(
        max_rows, _tsv_guard(media_type, len(solutions.variables), max_rows, max_bytes)
    )
    try:
        solutions.serialize(cutter, format=TSV)
    except _Enough:
        if cutter.too_large:
            raise result_too_large(max_bytes) from None
    kept = b"".join(cutter.chunks)
    rows = kept.count(b"\n") - 1
    if target == TSV:
        return kept, rows, cutter.truncated
    parsed = ox.parse_query_results(kept, format=TSV)
    if target == ox.QueryResultsFormat.CSV:
        return _csv(parsed), rows, cutter.truncated
    return parsed.serialize(format=target) or b"", rows, cutter.truncated


def _csv_cell(term: Any) -> str:
    """CSV Results §2: the lexical form of a literal or IRI, ``_:`` and a label for a blank
    node, an empty field when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term.value)
    return str(term)


def _csv(solutions: ox.QuerySolutions) -> bytes:
    names = [v.value for v in solutions.variables]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # CSV Results §2: CRLF line ends
    writer.writerow(names)
    for row in solutions:
        writer.writerow([_csv_cell(row[n]) for n in names])
    return buffer.getvalue().encode("utf-8")


def result_too_large(max_bytes: int, size: int | None = None) -> QueryLimitExceeded:
    """The refusal of an answer over SPARQL_MAX_RESULT_BYTES; ``size`` when it is known (a
    serialization stopped early knows only that the answer would be larger)."""
    how_big = "larger than" if size is None else f"{size} bytes, more than"
    return QueryLimitExceeded(
        f"the result is {how_big} SPARQL_MAX_RESULT_BYTES ({max_bytes} bytes); add a LIMIT",
        setting="SPARQL_MAX_RESULT_BYTES",
    )


def _take(items: Iterable[Any], max_rows: int) -> tuple[list[Any], bool]:
    kept: list[Any] = []
    for item in items:
        if len(kept) == max_rows:
            return kept, True
        kept.append(item)
    return kept, False


def serialize_boolean(value: bool, media_type: str) -> bytes:
    """ASK results; CSV and TSV have no boolean form in the spec, so one column is used."""
    word = "true" if value else "false"
    if media_type == "application/sparql-results+json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media_type == "application/sparql-results+xml":
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="'
            f'{SPARQL_RESULTS_XML}">\n<head/>\n<boolean>{word}</boolean>'
            "\n</sparql>\n"
        ).encode()
    if media_type == "text/csv":
        return f"boolean\r\n{word}\r\n".encode()
    if media_type == "text/tab-separated-values":
        return f"?boolean\n{word}\n".encode()
    raise UnsupportedFormat(f"{media_type} is not a query results format")


def serialize_graph(
    triples: Iterable[Any], media_type: str, max_rows: int, prefixes: Mapping[str, str]
) -> tuple[bytes, int, bool]:
    """CONSTRUCT/DESCRIBE results, at most ``max_rows`` triples: (body, triples, truncated)."""
    fmt = by_media_type(media_type, "graph", "dataset")
    if fmt is None or fmt.oxigraph is None:
        raise UnsupportedFormat(f"{media_type} is not an RDF format")
    kept, truncated = _take(triples, max_rows)
    rdf_format = getattr(ox.RdfFormat, fmt.oxigraph)
    items: list[Any] = kept
    if rdf_format.supports_datasets:
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in kept]
    wants_prefixes = rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
    body = ox.serialize(
        items, format=rdf_format, prefixes=dict(prefixes) if wants_prefixes else None
    )
    return body or b"", len(kept), truncated
