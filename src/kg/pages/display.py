"""Literal values as a person reads them, in Indonesian or English.

Dates are written out (``1 Desember 2025`` / ``1 December 2025``), numbers get the thousand
separator of the page language (``65.000`` / ``65,000``) and, when the figure carries
``sdmx-attribute:obsStatus sdmx-code:obsStatus-E`` (SDMX "estimated value"), the word
``sekitar`` / ``about``. Language tags are named (``Indonesian``), not shown as ``@id``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from kg.vocab import vocab_iri

XSD = vocab_iri("xsd", "")
RDF_LANGSTRING = vocab_iri("rdf", "langString")

MONTHS = {
    "id": (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
LANGUAGE_NAMES = {
    "id": {"id": "bahasa Indonesia", "en": "bahasa Inggris"},
    "en": {"id": "Indonesian", "en": "English"},
}
ABOUT = {"id": "sekitar", "en": "about"}

_INTEGER_TYPES = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "nonNegativeInteger",
        "positiveInteger",
        "unsignedInt",
        "unsignedLong",
    )
}
_DECIMAL_TYPES = {XSD + t for t in ("decimal", "double", "float")}
_DATE_RE = re.compile(r"^(-?\d{4})-(\d{2})-(\d{2})$")
_YEAR_MONTH_RE = re.compile(r"^(-?\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Shown:
    """A literal made readable: the text, its language (for ``lang=``), a short note."""

    text: str
    lang: str | None = None
    note: str | None = None  # the datatype or language, named for a person
    machine: str | None = None  # the value for <time datetime> / <data value>
    time: bool = False  # a date: written in a <time> element


def group_digits(number: int, lang: str) -> str:
    """``65000`` -> ``65.000`` (id) or ``65,000`` (en)."""
    text = f"{abs(number):,}"
    if lang == "id":
        text = text.replace(",", ".")
    return ("-" if number < 0 else "") + text


def format_date(value: str, lang: str) -> str:
    """``2025-12-01`` -> ``1 Desember 2025``; ``2025-10`` -> ``Oktober 2025``; else unchanged."""
    months = MONTHS.get(lang, MONTHS["en"])
    match = _DATE_RE.match(value)
    if match:
        year, month, day = match.groups()
        return f"{int(day)} {months[int(month) - 1]} {year}"
    match = _YEAR_MONTH_RE.match(value)
    if match:
        year, month = match.groups()
        return f"{months[int(month) - 1]} {year}"
    return value


def show_literal(literal: ox.Literal, lang: str, approximate: bool = False) -> Shown:
    """How a page writes ``literal``; ``approximate`` prefixes numbers with "about"."""
    datatype = literal.datatype.value if literal.datatype else XSD + "string"
    if literal.language:
        names = LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"])
        name = names.get(literal.language, literal.language)
        return Shown(literal.value, literal.language, name)
    if datatype in _INTEGER_TYPES:
        try:
            text = group_digits(int(literal.value), lang)
        except ValueError:
            return Shown(literal.value)
        if approximate:
            text = f"{ABOUT.get(lang, 'about')} {text}"
        return Shown(text, machine=literal.value)
    if datatype in _DECIMAL_TYPES:
        return Shown(literal.value, machine=literal.value)
    if datatype in (XSD + "date", XSD + "gYearMonth", XSD + "gYear", XSD + "dateTime"):
        return Shown(format_date(literal.value, lang), machine=literal.value, time=True)
    if datatype in (XSD + "string", RDF_LANGSTRING):
        return Shown(literal.value)
    return Shown(literal.value, note=datatype.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
