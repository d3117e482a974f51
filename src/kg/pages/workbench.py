"""What the query workbench (``/sparql`` for browsers) knows besides the query itself.

Two things, both from the served dataset and the project's prefix table, none hand-written:

* :func:`declare_prefixes`: a query may use a known prefix without declaring it, so the
  editor can open on a short query; on run the page writes the missing ``PREFIX`` lines in
  front (SPARQL 1.1 Query §4.1.1: a prefixed name needs a declaration; the Prologue may hold
  them in any order, before BASE or after). The endpoint itself stays strict: only the page
  adds them, and shows what it added, so the permalink is a complete query.
* :func:`vocabulary`: the classes and properties a completion popup offers, with labels in
  the page language, and per class the properties that fit it (the SHACL shapes'
  ``sh:targetClass`` / ``sh:property`` / ``sh:path`` first, then what the data uses).
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.pages.lexicon import Lexicon
from kg.pages.search import NAME, SearchIndex, search_page
from kg.query.lexer import keyword_positions
from kg.store.api import ReadStore
from kg.vocab import vocab_iri

#: A prefixed name's namespace part (PNAME_NS, SPARQL 1.1 Query §19.8 [140], PN_PREFIX [168]),
#: where it is not the tail of a name, a variable, a blank node label or a language tag.
_PNAME_NS = re.compile(r"(?<![\w?$@:\-])((?:[A-Za-z][\w\-.]*)?):(?!/)")
#: A PREFIX declaration (§4.1.1, [6] PrefixDecl), by its keyword.
_PREFIX_DECL = re.compile(r"(?<![\w?$:@])PREFIX\s+((?:[A-Za-z][\w\-.]*)?)\s*:", re.I)


def used_prefixes(query: str) -> list[str]:
    """The prefixes ``query`` uses in prefixed names (outside strings, IRIs and comments)."""
    seen: list[str] = []
    for at in keyword_positions(query, _PNAME_NS):
        match = _PNAME_NS.match(query, at)
        name = match.group(1) if match else ""
        if name.endswith("."):  # PN_PREFIX cannot end in "." ([168]): the dot ends a triple
            continue
        if name not in seen:
            seen.append(name)
    return seen


def declared_prefixes(query: str) -> set[str]:
    """The prefixes ``query`` declares."""
    found: set[str] = set()
    for at in keyword_positions(query, _PREFIX_DECL):
        match = _PREFIX_DECL.match(query, at)
        if match:
            found.add(match.group(1))
    return found


def declare_prefixes(query: str, known: dict[str, str]) -> str:
    """``query`` with a ``PREFIX`` line in front for each known prefix it uses undeclared.

    Unknown prefixes are left alone, so the parser's error names them. The lines are added
    in the order of first use; a query that needs none is returned unchanged.
    """
    declared = declared_prefixes(query)
    missing = [p for p in used_prefixes(query) if p in known and p not in declared]
    return "".join(f"PREFIX {p}: <{known[p]}>\n" for p in missing) + query


# -- the completion vocabulary -----------------------------------------------------------------

_CLASSES = """
SELECT DISTINCT ?term WHERE {
  { ?term a owl:Class } UNION { ?term a rdfs:Class } UNION { ?x a ?term }
  FILTER isIRI(?term)
}"""
_PROPERTIES = """
SELECT DISTINCT ?term WHERE {
  { ?term a owl:ObjectProperty } UNION { ?term a owl:DatatypeProperty }
  UNION { ?term a owl:AnnotationProperty } UNION { ?term a rdf:Property } UNION { ?x ?term ?y }
}"""
#: What the data says fits a class: the predicates its members use, most used first.
_USED_WITH = """
SELECT ?class ?term (COUNT(*) AS ?n) WHERE { ?s a ?class ; ?term ?o . FILTER isIRI(?class) }
GROUP BY ?class ?term"""
RDF_TYPE = vocab_iri("rdf", "type")
_DOMAINS = "SELECT ?class ?term WHERE { ?term rdfs:domain ?class . FILTER isIRI(?class) }"


@dataclass(frozen=True)
class Term:
    """One class or property as the completion popup offers it."""

    curie: str  # what is inserted
    iri: str
    kind: str  # "class" or "property"
    label: str  # in the page language, with the lexicon's fallbacks
    lang: str | None  # the label's language tag


@dataclass(frozen=True)
class Vocabulary:
    """Everything the editor completes, for one language."""

    prefixes: dict[str, str]
    terms: list[Term]
    #: class CURIE -> property CURIEs that fit it: shapes first, then domains, then the data.
    fits: dict[str, list[str]]

    def as_json(self) -> dict[str, Any]:
        return {
            "prefixes": self.prefixes,
            "terms": [asdict(t) for t in self.terms],
            "fits": self.fits,
        }


def shape_paths(shapes: Graph) -> dict[str, list[str]]:
    """Class IRI -> the IRI paths of the property shapes of node shapes targeting it (SHACL
    §2.1.3.3 sh:targetClass, §2.3.1 sh:path; inverse and complex paths are not a property a
    subject has, so they are left out)."""
    fits: dict[str, list[str]] = {}
    for shape in sorted(set(shapes.subjects(SH.targetClass, None)), key=str):
        paths = sorted(
            str(path)
            for prop in shapes.objects(shape, SH.property)
            for path in shapes.objects(prop, SH.path)
            if isinstance(path, URIRef)
        )
        for cls in sorted(str(c) for c in shapes.objects(shape, SH.targetClass)):
            known = fits.setdefault(cls, [])
            known += [p for p in paths if p not in known]
    return fits


def vocabulary(
    store: ReadStore, prefix_table: Mapping[str, str], shapes: Graph, lang: str
) -> Vocabulary:
    """The classes and properties of the served dataset and ontology with their labels, and
    per class the properties that fit it."""
    prologue = sparql_prologue_of(prefix_table)
    lexicon = Lexicon(store, prefix_table)

    def curie(iri: str) -> str | None:
        short = lexicon.compact(iri)
        return short if short != iri else None  # a term with no known prefix cannot be typed

    terms: dict[str, Term] = {}
    for kind, query in (("class", _CLASSES), ("property", _PROPERTIES)):
        for row in store.select(prologue + query):
            iri = row["term"].value
            short = curie(iri)
            if short is not None and short not in terms:
                terms[short] = Term(
                    short, iri, kind, lexicon.label(iri, lang), lexicon.label_lang(iri, lang)
                )
    ranked: dict[str, list[tuple[int, int, str]]] = {}

    def add(cls_iri: str, prop_iri: str, rank: int, weight: int) -> None:
        cls, prop = curie(cls_iri), curie(prop_iri)
        # rdf:type is what put the subject in the class: the query has already said it ("a").
        if cls is not None and prop is not None and prop_iri != RDF_TYPE:
            ranked.setdefault(cls, []).append((rank, -weight, prop))

    for cls_iri, paths in shape_paths(shapes).items():
        for path in paths:
            add(cls_iri, path, 0, 0)
    for row in store.select(prologue + _DOMAINS):
        add(row["class"].value, row["term"].value, 1, 0)
    for row in store.select(prologue + _USED_WITH):
        add(row["class"].value, row["term"].value, 2, int(row["n"].value))
    fits: dict[str, list[str]] = {}
    for cls, entries in sorted(ranked.items()):
        order = fits[cls] = []
        for _, _, prop in sorted(entries):
            if prop not in order:
                order.append(prop)
    return Vocabulary(
        dict(sorted(prefix_table.items())),
        sorted(terms.values(), key=lambda t: (t.kind, t.curie)),
        fits,
    )


def sparql_prologue_of(prefix_table: Mapping[str, str]) -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefix_table.items()))


# -- entities by name, for the editor ----------------------------------------------------------

#: Options one completion request returns: a popup shows about ten; more is noise.
MAX_ENTITY_OPTIONS = 20
#: Shorter words match too much to be worth a request (the editor does not ask for fewer).
MIN_ENTITY_QUERY = 2


@dataclass(frozen=True)
class EntityOption:
    """One entity the editor offers for a typed name: what is inserted and what is shown."""

    curie: str  # inserted: the compact IRI when a prefix covers it, else <IRI>
    iri: str
    label: str  # in the page language
    matched: str  # the name that matched, in whichever language it is
    matched_lang: str | None
    types: list[str]  # labels of its asserted types, in the page language


def entity_options(
    index: SearchIndex,
    store: ReadStore,
    lexicon: Lexicon,
    inferred_graph: str,
    query: str,
    lang: str,
    instance_ns: str,
) -> list[EntityOption]:
    """The dataset's own entities whose names (either language, stemmed as /search stems
    them) match ``query``: names only (no passages), modelling records left out as /search
    leaves them out; the instances (under ``instance_ns``) before the ontology's terms, each
    group in the search index's ranking (a query names things more often than classes, and
    classes complete after ``a`` already)."""
    if len(query.strip()) < MIN_ENTITY_QUERY:
        return []
    found = search_page(index, store, inferred_graph, query, limit=10 * MAX_ENTITY_OPTIONS)
    options: dict[str, EntityOption] = {}
    for typed in found.hits:
        hit = typed.hit
        if hit.kind != NAME or hit.iri in options:
            continue
        short = lexicon.compact(hit.iri)
        options[hit.iri] = EntityOption(
            short if short != hit.iri else f"<{hit.iri}>",
            hit.iri,
            lexicon.label(hit.iri, lang),
            hit.name,
            hit.lang,
            [lexicon.label(t, lang) for t in typed.types][:3],
        )
    ranked = sorted(options.values(), key=lambda o: not o.iri.startswith(instance_ns))
    return ranked[:MAX_ENTITY_OPTIONS]


def entity_options_json(options: list[EntityOption]) -> list[dict[str, Any]]:
    return [asdict(o) for o in options]


# -- code for the query, as WDQS's "Code" dialog gives it ------------------------------------


@dataclass(frozen=True)
class Snippet:
    """A program that runs the query against this endpoint, ready to copy."""

    name: str  # what it is written in / with
    language: str  # for the <code> element's class (language-*, HTML §4.5.15's convention)
    code: str


def _python_string(text: str) -> str:
    """A Python literal for ``text``: triple-quoted when that reads back the same."""
    if '"""' not in text and "\\" not in text and "\r" not in text and not text.endswith('"'):
        return f'"""{text}"""'
    return repr(text)


def code_snippets(endpoint: str, query: str, form: str) -> list[Snippet]:
    """curl, Python (SPARQLWrapper) and JavaScript (fetch) running ``query`` at ``endpoint``:
    SELECT and ASK ask for SPARQL JSON results, CONSTRUCT and DESCRIBE for Turtle. Each
    literal is written by its language's own quoting (POSIX shell single quotes, Python's
    ``repr``, JSON for JavaScript), so any query text reads back unchanged."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    accept = "text/turtle" if graph else "application/sparql-results+json"
    curl = (
        f"curl -G {shlex.quote(endpoint)} \\\n"
        f"  -H {shlex.quote('Accept: ' + accept)} \\\n"
        f"  --data-urlencode {shlex.quote('query=' + query)}"
    )
    if graph:
        python_tail = "sparql.setReturnFormat(TURTLE)\nprint(sparql.queryAndConvert().decode())"
        python_import = "from SPARQLWrapper import TURTLE, SPARQLWrapper"
    elif form == "ASK":
        python_tail = 'sparql.setReturnFormat(JSON)\nprint(sparql.queryAndConvert()["boolean"])'
        python_import = "from SPARQLWrapper import JSON, SPARQLWrapper"
    else:
        python_tail = (
            "sparql.setReturnFormat(JSON)\n"
            'for row in sparql.queryAndConvert()["results"]["bindings"]:\n'
            '    print({name: term["value"] for name, term in row.items()})'
        )
        python_import = "from SPARQLWrapper import JSON, SPARQLWrapper"
    python = (
        f"{python_import}\n\n"
        f"sparql = SPARQLWrapper({json.dumps(endpoint)})\n"
        f"sparql.setQuery({_python_string(query)})\n"
        f"{python_tail}\n"
    )
    if graph:
        show = "console.log(await response.text());\n"
    elif form == "ASK":
        show = "console.log((await response.json()).boolean);\n"
    else:
        show = (
            "for (const row of (await response.json()).results.bindings) {\n"
            "  const values = Object.entries(row).map(([name, term]) => [name, term.value]);\n"
            "  console.log(Object.fromEntries(values));\n"
            "}\n"
        )
    javascript = (
        f"const query = {json.dumps(query, ensure_ascii=False)};\n"
        f'const response = await fetch({json.dumps(endpoint)} + "?" + '
        "new URLSearchParams({query}), {\n"
        f'  headers: {{Accept: "{accept}"}},\n'
        "});\n"
        f"{show}"
    )
    return [
        Snippet("curl", "shell", curl),
        Snippet("Python (SPARQLWrapper)", "python", python),
        Snippet("JavaScript (fetch)", "javascript", javascript),
    ]
