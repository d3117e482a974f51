"""Canned queries: the competency questions in ``queries/*.rq``, each a named, parameterised query.

After Datasette's canned queries, for SPARQL. A file's leading comment lines describe it::

    # title@en: Who conferred the award, when and where?
    # title@id: Siapa yang memberikan penghargaan, kapan, dan di mana?
    # param: year xsd:gYear 2025
    SELECT ... ?year ...

``# param: NAME DATATYPE [DEFAULT]`` declares a variable the caller may bind; DATATYPE is a
prefixed XSD name, or ``iri``. Values are checked against the datatype and bound as RDF terms
by the engine (SEP-0007 substitutions), never spliced into the query text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef

from kg.errors import InputError
from kg.query.sparql import Binding
from kg.vocab import vocab_iri

_HEADER = re.compile(r"^#\s*(?P<key>[a-z]+)(?:@(?P<lang>[a-zA-Z-]+))?\s*:\s*(?P<value>.*?)\s*$")
_WHERE = re.compile(r"^(?!\s*#).*?\bWHERE\s*\{", re.IGNORECASE | re.MULTILINE)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
XSD = vocab_iri("xsd", "")
#: Lexical forms of the XSD datatypes a parameter is likely to use (XML Schema 1.1 Part 2).
_LEXICAL = {
    "gYear": r"-?\d{4,}(Z|[+-]\d{2}:\d{2})?",
    "integer": r"[+-]?\d+",
    "nonNegativeInteger": r"\+?\d+",
    "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)",
    "boolean": r"true|false|1|0",
    "date": r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d{2}:\d{2})?",
    "dateTime": r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T\d{2}:\d{2}:\d{2}(\.\d+)?"
    r"(Z|[+-]\d{2}:\d{2})?",
}


@dataclass(frozen=True)
class Param:
    """A variable of a canned query that a caller may bind."""

    name: str
    datatype: str | None  # full datatype IRI; None for an IRI parameter
    default: str | None = None
    label: str = "iri"  # as written in the file (``xsd:gYear``)

    def term(self, value: str) -> Binding:
        """``value`` checked against the datatype, as a binding for ``substitutions``."""
        if self.datatype is None:
            if not _IRI.match(value):
                raise InputError(
                    f"parameter {self.name}: {value!r} is not an absolute IRI", param=self.name
                )
            return (self.name, value, None, None)
        pattern = (
            _LEXICAL.get(self.datatype.removeprefix(XSD)) if self.datatype.startswith(XSD) else None
        )
        if pattern and not re.fullmatch(pattern, value.strip()):
            raise InputError(
                f"parameter {self.name}: {value!r} is not a valid {self.label}", param=self.name
            )
        return (self.name, value.strip(), self.datatype, None)

    def n3(self, value: str) -> str:
        """The value as a SPARQL term (for the editable example, never for evaluation)."""
        if self.datatype is None:
            return URIRef(value).n3()
        return Literal(value, datatype=URIRef(self.datatype)).n3()


@dataclass(frozen=True)
class CannedQuery:
    name: str
    text: str  # as written in the file
    titles: dict[str, str] = field(default_factory=dict)
    params: tuple[Param, ...] = ()
    path: Path | None = None
    prologue: str = ""  # PREFIX lines for the project prefixes the text uses

    @property
    def query(self) -> str:
        """The text to evaluate: the file may rely on the project's prefixes."""
        return self.prologue + self.text

    def title(self, lang: str = "en") -> str:
        return (
            self.titles.get(lang)
            or self.titles.get("en")
            or next(iter(self.titles.values()), self.name)
        )

    def values(self, given: Mapping[str, str]) -> dict[str, str]:
        """The value of each parameter: the caller's, else the default; blank means unbound."""
        chosen = {p.name: given.get(p.name, p.default or "") for p in self.params}
        return {k: v for k, v in chosen.items() if v.strip()}

    def bindings(self, given: Mapping[str, str]) -> tuple[Binding, ...]:
        values = self.values(given)
        return tuple(p.term(values[p.name]) for p in self.params if p.name in values)

    def example(self) -> str:
        """The query with its defaults written in, for the query editor (display only).

        A ``VALUES`` block opens the outermost group, so FILTERs in that group see the value as
        a substituted variable would; evaluation of the canned query itself uses bindings.
        """
        bound = [(p, p.default) for p in self.params if p.default]
        match = _WHERE.search(self.query)
        if not bound or match is None:
            return self.query
        names = " ".join(f"?{p.name}" for p, _ in bound)
        terms = " ".join(p.n3(v) for p, v in bound if v)
        block = f"\n  VALUES ({names}) {{ ({terms}) }}"
        return self.query[: match.end()] + block + self.query[match.end() :]


def _param(value: str, prefixes: Mapping[str, str], where: str) -> Param:
    parts = value.split(None, 2)
    if len(parts) < 2 or not _NAME.match(parts[0]):
        raise InputError(f"{where}: expected '# param: NAME DATATYPE [DEFAULT]', got {value!r}")
    name, label = parts[0], parts[1]
    default = parts[2] if len(parts) == 3 else None
    if label == "iri":
        return Param(name, None, default, label)
    prefix, _, local = label.partition(":")
    if prefix not in prefixes or not local:
        raise InputError(f"{where}: unknown datatype {label!r}; use a prefixed name or 'iri'")
    return Param(name, prefixes[prefix] + local, default, label)


def parse_canned(path: Path, prefixes: Mapping[str, str]) -> CannedQuery:
    """Read one ``.rq`` file and its header."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read canned query {path}: {exc}") from exc
    titles: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match and match["key"] == "title":
            titles[match["lang"] or "en"] = match["value"]
        elif match and match["key"] == "param":
            params.append(_param(match["value"], prefixes, f"{path}:{number}"))
    return CannedQuery(path.stem, text, titles, tuple(params), path, prologue_for(text, prefixes))


def prologue_for(text: str, prefixes: Mapping[str, str]) -> str:
    """PREFIX lines for the known prefixes ``text`` uses without declaring them."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", body))
    used = set(re.findall(r"(?<![\w?$<])([A-Za-z][\w-]*):[\w]", body))
    wanted = sorted((used - declared) & set(prefixes))
    return "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in wanted)


def load_canned(folder: Path, prefixes: Mapping[str, str]) -> dict[str, CannedQuery]:
    """Every ``*.rq`` in ``folder``, by name (the file stem), in name order."""
    if not folder.is_dir():
        return {}
    return {p.stem: parse_canned(p, prefixes) for p in sorted(folder.glob("*.rq"))}
