"""Answer one SPARQL query safely: check it, fix its dataset, evaluate it, serialize the answer.

The query is parsed with rdflib's grammar *before* anything evaluates it, and rejected when it
is an update, uses ``SERVICE``, or names a graph that is not in the dataset (``FROM``,
``FROM NAMED``, ``default-graph-uri``, ``named-graph-uri``). Oxigraph's engine would
dereference ``SERVICE`` IRIs with a native HTTP client that Python audit hooks cannot see
(docs/architecture.md, "Design notes"), so the parse is the gate; a second reading of the
text by SPARQL's terminals (:mod:`kg.query.lexer`) refuses a SERVICE the parse might miss.

This module knows nothing of HTTP: :func:`execute` takes a :class:`QueryRequest` and returns a
:class:`QueryResult`; :mod:`kg.query.workers` runs it in a killable process and :mod:`kg.web` maps
the errors to statuses.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import pyoxigraph as ox
from pyparsing import ParseBaseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.config import Settings
from kg.errors import (
    QueryRejected,
    QuerySyntaxError,
    QueryTooLarge,
    UnsupportedFormat,
)
from kg.iris import resolve_iri
from kg.query.functions import unbound_functions, unknown_functions
from kg.query.lexer import has_service
from kg.query.results import (
    result_too_large,
    serialize_boolean,
    serialize_graph,
    serialize_solutions,
)
from kg.store.dialect import unescape_local
from kg.store.remote import BoundedStore

#: (variable name, lexical value or IRI, datatype IRI or None for an IRI, language or None)
Binding = tuple[str, str, str | None, str | None]

FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


@dataclass(frozen=True)
class Limits:
    """The limits of one evaluation, from the settings table (``kg.config.SETTINGS``)."""

    time_limit_ms: int
    max_query_bytes: int
    max_rows: int
    max_result_bytes: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            settings["SPARQL_TIME_LIMIT_MS"],
            settings["SPARQL_MAX_QUERY_BYTES"],
            settings["SPARQL_MAX_ROWS"],
            settings["SPARQL_MAX_RESULT_BYTES"],
        )

    def time_limit_for(self, requested_ms: int | None) -> int:
        """A request may lower the time limit, never raise it."""
        if requested_ms is None or requested_ms <= 0:
            return self.time_limit_ms
        return min(requested_ms, self.time_limit_ms)


@dataclass(frozen=True)
class QueryRequest:
    """One query to answer, with the media types negotiated for each kind of answer.

    ``results_type`` serves SELECT/ASK and ``graph_type`` CONSTRUCT/DESCRIBE; ``None`` means
    the client accepts no format of that kind (HTTP 406 if the query needs it).
    """

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    results_type: str | None = "application/sparql-results+json"
    graph_type: str | None = "text/turtle"
    bindings: tuple[Binding, ...] = ()
    timeout_ms: int | None = None
    #: The label service's languages (kg.query.labels): a label column per IRI column.
    labels: tuple[str, ...] = ()

    def cache_key(self, version: str) -> tuple[Any, ...]:
        return (
            version,
            self.query,
            self.default_graphs,
            self.named_graphs,
            self.results_type,
            self.graph_type,
            self.bindings,
            self.timeout_ms,
            self.labels,
        )


@dataclass(frozen=True)
class QueryResult:
    form: str
    media_type: str
    body: bytes
    rows: int
    truncated: bool


@dataclass(frozen=True)
class ParsedQuery:
    form: str
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    #: Function IRIs the engine does not implement; their calls are unbound (§17.2).
    unknown_functions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset of one evaluation (SPARQL 1.1 Query §13.2); None = the store's own."""

    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    notes: list[str] = field(default_factory=list)


def check_size(query: str, limits: Limits) -> None:
    size = len(query.encode("utf-8"))
    if size > limits.max_query_bytes:
        raise QueryTooLarge(
            f"the query is {size} bytes, more than SPARQL_MAX_QUERY_BYTES "
            f"({limits.max_query_bytes} bytes)",
            setting="SPARQL_MAX_QUERY_BYTES",
        )
    if "\x00" in query:
        raise QuerySyntaxError("the query contains a NUL character")


#: SPARQL 1.1 Query §19.2: ``\\uXXXX`` and ``\\UXXXXXXXX`` anywhere in the query text.
_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``, as an editor shows them."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _escape_error(text: str, offset: int, message: str) -> QuerySyntaxError:
    line, column = _line_column(text, offset)
    return QuerySyntaxError(
        f"SPARQL syntax error at line {line}, column {column}: {message}", line=line, column=column
    )


def expand_codepoint_escapes(text: str) -> str:
    """The query with every codepoint escape replaced by its character, in one pass.

    SPARQL 1.1 Query §19.2 processes these escapes once, before parsing, anywhere in the
    text; rdflib does, Oxigraph expands them only inside strings and IRIs. Both are therefore
    given this expanded text, so the gate and the engine read the same query: an escaped quote
    can no longer hide a SERVICE from one of them. An escape that produces another escape
    (``\\u005CU00000031``) is an error here (W3C syntax-codepoint-escape-bad-04/05): left in
    the text, the engine would expand it a second time and run what the gate did not read.

    :raises QuerySyntaxError: an escape names no character (a surrogate, beyond U+10FFFF) or
        makes another escape; the position is where the user wrote it.
    """
    parts: list[str] = []
    done = 0
    for match in _CODEPOINT_ESCAPE.finditer(text):
        value = int(match.group(1) or match.group(2), 16)
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            raise _escape_error(
                text,
                match.start(),
                f"the codepoint escape {match.group(0)!r} names no character (§19.2)",
            )
        parts += [text[done : match.start()], chr(value)]
        done = match.end()
    parts.append(text[done:])
    expanded = "".join(parts)
    again = _CODEPOINT_ESCAPE.search(expanded)
    if again is not None:  # its backslash came from the escape written where it now stands
        raise _escape_error(
            text,
            _written_offset(text, again.start()),
            f"this codepoint escape makes another one ({again.group(0)!r}); SPARQL 1.1 §19.2 "
            "expands escapes once",
        )
    return expanded


def _written_offset(written: str, expanded_offset: int) -> int:
    """The offset in ``written`` of what stands at ``expanded_offset`` once its codepoint
    escapes are expanded (each escape of n characters became one)."""
    offset = expanded_offset
    for match in _CODEPOINT_ESCAPE.finditer(written):
        if match.start() >= offset:
            break
        offset += len(match.group(0)) - 1
    return offset


def written_position(written: str, expanded_offset: int) -> tuple[int, int]:
    """Line and column, in the text the user wrote, of what stands at ``expanded_offset``
    once the codepoint escapes are expanded (:func:`expand_codepoint_escapes`)."""
    return _line_column(written, _written_offset(written, expanded_offset))


def _offset_of(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[: line - 1]) + column - 1


#: Positions as the two parsers print them: ours ("line 2, column 9") and Oxigraph's ("2:9").
_POSITION = re.compile(r"line (\d+), column (\d+)|\b(\d+):(\d+)\b")


def as_written(error: QuerySyntaxError, written: str, expanded: str) -> QuerySyntaxError:
    """``error`` (found in the expanded text) with its position in the text the user wrote.

    Codepoint escapes are expanded before parsing (SPARQL 1.1 Query §19.2), so both parsers
    count in the expanded text; a ``\\u0041`` before the error would shift every column.
    """
    message = str(error)
    found = _POSITION.search(message)
    if written == expanded or found is None:
        return error
    line, column = (int(g) for g in (found.group(1, 2) if found.group(1) else found.group(3, 4)))
    at = _written_offset(written, _offset_of(expanded, line, column))
    line, column = _line_column(written, at)
    shown = f"line {line}, column {column}" if found.group(1) else f"{line}:{column}"
    return QuerySyntaxError(
        message[: found.start()] + shown + message[found.end() :], line=line, column=column
    )


def _syntax_error(exc: ParseBaseException) -> QuerySyntaxError:
    line, column = exc.lineno, exc.col
    found = exc.line.strip()[:80]
    return QuerySyntaxError(
        f"SPARQL syntax error at line {line}, column {column}: {exc.msg} (near: {found!r})",
        line=line,
        column=column,
    )


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except (ParseBaseException, RecursionError, ValueError, TypeError):
        return False
    return True


def _walk(node: Any) -> Iterable[CompValue]:
    """Every CompValue of a parse tree (rdflib's ParseResults / CompValue / lists)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or hasattr(item, "asList"):
            stack.extend(list(item))


@dataclass
class _Prologue:
    """The query's BASE and PREFIX declarations (SPARQL 1.1 Query §4.1.1)."""

    base: str | None
    prefixes: dict[str, str] = field(default_factory=dict)

    def iri(self, node: Any) -> str:
        """The absolute IRI of an IRIREF or prefixed name of the parse tree.

        SPARQL 1.1 Query §4.1.1.1: relative IRIs resolve against the base (RFC 3986 §5.2).
        """
        if isinstance(node, CompValue) and node.name == "pname":
            prefix = str(node["prefix"]) if "prefix" in node else ""
            if prefix not in self.prefixes:
                raise QuerySyntaxError(
                    f"the prefix {prefix}: is not declared (SPARQL 1.1 Query §4.1.1.1)"
                )
            local = str(node["localname"]) if "localname" in node else ""
            return self.prefixes[prefix] + unescape_local(local)
        return resolve_iri(self.base, str(node))


def _prologue(declarations: Iterable[CompValue], base_iri: str | None) -> _Prologue:
    """Each BASE resolves against the base before it (RFC 3986 §5.1.1), the first against
    ``base_iri`` (the endpoint's IRI, §5.1.3); each PREFIX IRI against the base so far."""
    prologue = _Prologue(base_iri)
    for decl in declarations:
        if decl.name == "Base":
            prologue.base = resolve_iri(prologue.base, str(decl["iri"]))
        elif decl.name == "PrefixDecl":
            prefix = str(decl["prefix"]) if "prefix" in decl else ""
            prologue.prefixes[prefix] = resolve_iri(prologue.base, str(decl["iri"]))
    return prologue


def _function_calls(tree: Any, prologue: _Prologue) -> set[tuple[str, int]]:
    """(IRI, number of arguments) of every function call (SPARQL 1.1 Query §17.6)."""
    return {
        (prologue.iri(node["iri"]), len(node["expr"]) if "expr" in node else 0)
        for node in _walk(tree)
        if node.name == "Function"
    }


@functools.lru_cache(maxsize=256)  # rdflib's parse costs 3-20 ms; answers are not cached here
def parse(text: str, base_iri: str | None = None) -> ParsedQuery:
    """Parse a query with rdflib's grammar and refuse what must not run here.

    Relative IRIs (``FROM <data>``) are resolved against ``base_iri`` as the engine resolves
    them (SPARQL 1.1 Query §4.1.1.1), so the gate checks the graph the engine would read.

    :raises QuerySyntaxError: with ``line`` and ``column`` (SPARQL 1.1 Protocol §2.1.4: 400).
    :raises QueryRejected: an update, or ``SERVICE`` (federation would leave the machine).
    """
    try:
        tree = parseQuery(text)
    except ParseBaseException as exc:
        if _is_update(text):
            raise QueryRejected(
                "this endpoint is read-only: SPARQL Update (INSERT, DELETE, "
                "LOAD, CLEAR, DROP, ...) is not accepted"
            ) from exc
        raise _syntax_error(exc) from exc
    except RecursionError as exc:
        raise QuerySyntaxError("the query is nested too deeply to parse") from exc
    query = tree[1]
    # Two readings, and either one refuses: rdflib's tree, and the text read by SPARQL's own
    # terminals (kg.query.lexer), in case the engine's grammar ever reads a string or an IRI
    # where rdflib's does not.
    if has_service(text) or any(n.name == "ServiceGraphPattern" for n in _walk(tree)):
        raise QueryRejected(
            "SERVICE is not allowed: this endpoint never sends requests "
            "to other endpoints (SPARQL 1.1 Federated Query)"
        )
    prologue = _prologue(tree[0], base_iri)
    # CompValue.get(key) returns the key itself when absent, hence the ``in`` tests.
    clauses = list(query["datasetClause"]) if "datasetClause" in query else []
    return ParsedQuery(
        FORMS[query.name],
        tuple(prologue.iri(c["default"]) for c in clauses if "default" in c),
        tuple(prologue.iri(c["named"]) for c in clauses if "named" in c),
        unknown_functions(_function_calls(tree, prologue)),
    )


def _own(iris: Iterable[str], graphs: set[str], where: str) -> list[str]:
    chosen = list(dict.fromkeys(iris))
    for iri in chosen:
        if iri not in graphs:
            raise QueryRejected(
                f"{where} <{iri}> is not a graph of this dataset; graphs are "
                f"never fetched from elsewhere. Available: "
                f"{', '.join(sorted(graphs))}",
                graph=iri,
            )
    return chosen


def resolve_dataset(parsed: ParsedQuery, request: QueryRequest, graphs: set[str]) -> Dataset:
    """The dataset to evaluate against.

    Protocol-specified graphs take precedence over FROM / FROM NAMED (SPARQL 1.1 Protocol
    §2.1.4); either form may only name graphs of this dataset. With neither, the default graph
    is the union of the named graphs and every named graph is available.
    """
    if request.default_graphs or request.named_graphs:
        return Dataset(
            _own(request.default_graphs, graphs, "default-graph-uri"),
            _own(request.named_graphs, graphs, "named-graph-uri"),
        )
    if parsed.from_graphs or parsed.from_named:
        # SPARQL 1.1 Query §13.2: a dataset clause replaces the whole dataset, so a query
        # with only FROM NAMED has an empty default graph, and vice versa.
        return Dataset(
            _own(parsed.from_graphs, graphs, "FROM"), _own(parsed.from_named, graphs, "FROM NAMED")
        )
    return Dataset()


def _term(binding: Binding) -> ox.NamedNode | ox.Literal:
    _, value, datatype, language = binding
    if datatype is None:
        return ox.NamedNode(value)
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype))


def substitutions(bindings: Iterable[Binding]) -> dict[ox.Variable, Any]:
    """RDF terms for the variables, bound by the engine (SEP-0007), never spliced into text."""
    try:
        return {ox.Variable(b[0]): _term(b) for b in bindings}
    except ValueError as exc:  # pyoxigraph validates IRIs, language tags and variable names
        raise QueryRejected(f"cannot bind a parameter: {exc}") from exc


#: What evaluates a user's query: pyoxigraph's store in a worker process, or an external store
#: behind one time limit. Both take pyoxigraph's keyword arguments (``default_graph``,
#: ``named_graphs``, ``use_default_graph_as_union``, ``substitutions``, ``base_iri``,
#: ``custom_functions``) and answer with pyoxigraph's result types.
Engine: TypeAlias = ox.Store | BoundedStore


def _evaluate(
    store: Engine,
    text: str,
    dataset: Dataset,
    request: QueryRequest,
    parsed: ParsedQuery,
    base_iri: str | None,
) -> Any:
    kwargs: dict[str, Any] = {"substitutions": substitutions(request.bindings)}
    if base_iri is not None:
        kwargs["base_iri"] = base_iri  # SPARQL 1.1 Query §4.1.1.1
    if parsed.unknown_functions:
        kwargs["custom_functions"] = unbound_functions(parsed.unknown_functions)  # §17.2
    if dataset.default_graphs is None:
        kwargs["use_default_graph_as_union"] = True
    else:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in dataset.default_graphs]
    if dataset.named_graphs is not None:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
    try:
        return store.query(text, **kwargs)
    except SyntaxError as exc:
        # rdflib's grammar and Oxigraph's can disagree at the edges; Oxigraph's message
        # ("error at 3:7: ...") carries the position too.
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc
    except RuntimeError as exc:  # refused when planned, e.g. a cast with two arguments
        raise QueryRejected(f"the query cannot be evaluated: {exc}") from exc


def _media_type_for(form: str, request: QueryRequest) -> str:
    wanted = request.results_type if form in ("SELECT", "ASK") else request.graph_type
    if wanted is None:
        kind = "a query results format" if form in ("SELECT", "ASK") else "an RDF format"
        raise UnsupportedFormat(f"a {form} query answers in {kind}, and the request accepts none")
    return wanted


def execute(
    store: Engine,
    graphs: set[str],
    request: QueryRequest,
    limits: Limits,
    prefixes: Mapping[str, str],
    base_iri: str | None = None,
) -> QueryResult:
    """Check, evaluate and serialize one query (runs inside a worker process).

    ``base_iri`` resolves the query's relative IRIs, in the gate and in the engine alike
    (SPARQL 1.1 Query §4.1.1.1): the endpoint's own IRI, :attr:`kg.iris.IRIs.endpoint`.
    """
    check_size(request.query, limits)
    text = expand_codepoint_escapes(request.query)  # what is checked is what is run
    try:
        parsed = parse(text, base_iri)
        media_type = _media_type_for(parsed.form, request)
        dataset = resolve_dataset(parsed, request, graphs)
        answer = _evaluate(store, text, dataset, request, parsed, base_iri)
    except QuerySyntaxError as exc:  # positions as the user wrote the query
        raise as_written(exc, request.query, text) from exc
    if parsed.form == "ASK":
        body, rows, cut = serialize_boolean(bool(answer), media_type), 1, False
    elif parsed.form == "SELECT":
        body, rows, cut = serialize_solutions(
            answer, media_type, limits.max_rows, limits.max_result_bytes
        )
    else:
        body, rows, cut = serialize_graph(answer, media_type, limits.max_rows, prefixes)
    if len(body) > limits.max_result_bytes:
        raise result_too_large(limits.max_result_bytes, len(body))
    return QueryResult(parsed.form, media_type, body, rows, cut)
