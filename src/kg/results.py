"""Serialize query answers, cut at the row limit, in every format of ``kg.formats.FORMATS``.

SELECT results are written here rather than by pyoxigraph's ``QuerySolutions.serialize``
because that serializes all solutions, and the row limit must cut them (and say so). The
formats follow SPARQL 1.1 Query Results JSON (§3), XML, and CSV/TSV (§2 and §3 of
"SPARQL 1.1 Query Results CSV and TSV Formats"). Graph answers use pyoxigraph's serializers,
which are fast (``../shared/design/performance.md``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.errors import UnsupportedFormat
from kg.formats import by_media_type

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {k: _json_term(getattr(term, k))
                                        for k in ("subject", "predicate", "object")}}


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return (f"<literal datatype={quoteattr(term.datatype.value)}>"
                    f"{escape(term.value)}</literal>")
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term.value)
    return str(term)


def _take(solutions: Iterable[Any], max_rows: int) -> tuple[list[Any], bool]:
    rows: list[Any] = []
    for solution in solutions:
        if len(rows) == max_rows:
            return rows, True
        rows.append(solution)
    return rows, False


def _select_json(names: list[str], rows: list[Any]) -> bytes:
    bindings = [{n: _json_term(row[n]) for n in names if row[n] is not None} for row in rows]
    doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _select_xml(names: list[str], rows: list[Any]) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>\n'
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(n)}/>" for n in names]
    out.append("</head>\n<results>")
    for row in rows:
        cells = [f"<binding name={quoteattr(n)}>{_xml_term(row[n])}</binding>"
                 for n in names if row[n] is not None]
        out.append("<result>" + "".join(cells) + "</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out).encode("utf-8")


def _select_csv(names: list[str], rows: list[Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # CSV/TSV Results §2: CRLF
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_term(row[n]) for n in names])
    return buffer.getvalue().encode("utf-8")


def _select_tsv(names: list[str], rows: list[Any]) -> bytes:
    # TSV Results §3: terms in Turtle/N-Triples syntax, which is what str() of a term gives.
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join("" if row[n] is None else str(row[n]) for n in names) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


_SELECT_WRITERS = {
    "application/sparql-results+json": _select_json,
    "application/sparql-results+xml": _select_xml,
    "text/csv": _select_csv,
    "text/tab-separated-values": _select_tsv,
}


def serialize_solutions(solutions: Any, media_type: str, max_rows: int) -> tuple[bytes, int, bool]:
    """SELECT results, at most ``max_rows`` of them: (body, rows, truncated)."""
    names = [v.value for v in solutions.variables]
    rows, truncated = _take(solutions, max_rows)
    writer = _SELECT_WRITERS.get(media_type)
    if writer is None:
        raise UnsupportedFormat(f"{media_type} is not a query results format")
    return writer(names, rows), len(rows), truncated


def serialize_boolean(value: bool, media_type: str) -> bytes:
    """ASK results; CSV and TSV have no boolean form in the spec, so one column is used."""
    word = "true" if value else "false"
    if media_type == "application/sparql-results+json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media_type == "application/sparql-results+xml":
        return ('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns='
                f'"http://www.w3.org/2005/sparql-results#">\n<head/>\n<boolean>{word}</boolean>'
                "\n</sparql>\n").encode()
    if media_type == "text/csv":
        return f"boolean\r\n{word}\r\n".encode()
    if media_type == "text/tab-separated-values":
        return f"?boolean\n{word}\n".encode()
    raise UnsupportedFormat(f"{media_type} is not a query results format")


def serialize_graph(triples: Iterable[Any], media_type: str, max_rows: int,
                    prefixes: Mapping[str, str]) -> tuple[bytes, int, bool]:
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
    body = ox.serialize(items, format=rdf_format,
                        prefixes=dict(prefixes) if wants_prefixes else None)
    return body or b"", len(kept), truncated
