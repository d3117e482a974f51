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


ELLIPSIS = "…"


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def cut_words(text: str, limit: int) -> str:
    """``text`` at most ``limit`` characters long, cut at a word boundary with "…".

    Never inside a word (issue 13: "kapasit…"): the cut falls after the last whole word that
    fits; a first word longer than ``limit`` is kept whole rather than broken.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    end = limit - 1
    while end > 0 and _is_word(text[end - 1]) and _is_word(text[end]):
        end -= 1
    if end == 0:  # one long word: keep it whole
        end = next((i for i, c in enumerate(text) if not _is_word(c)), len(text))
    kept = text[:end].rstrip(" ,;:–—-")
    return kept + ELLIPSIS if kept != text else kept


def context_before(prefix: str, limit: int = 60) -> str:
    """The end of ``prefix`` (a selector's text before a passage) from a word start: "… words".

    A ``TextQuoteSelector`` prefix is a window of fixed width (Web Annotation §4.2.4), so its
    first word is usually cut: it is dropped, and so is anything beyond ``limit``.
    """
    flat = prefix.replace("\n", " ")
    start = max(0, len(flat) - limit)
    while start < len(flat) and _is_word(flat[start]):
        start += 1
    kept = " ".join(flat[start:].split())
    if not kept:
        return ""
    return ELLIPSIS + kept + (" " if flat[-1:].isspace() else "")


def context_after(suffix: str, limit: int = 60) -> str:
    """The start of ``suffix`` (a selector's text after a passage) up to a word end:
    "words …"; its last word, usually cut by the selector's window, is dropped."""
    flat = suffix.replace("\n", " ")[:limit]
    end = len(flat)
    while end > 0 and _is_word(flat[end - 1]):
        end -= 1
    kept = " ".join(flat[:end].split())
    if not kept:
        return ""
    return (" " if flat[:1].isspace() else "") + kept + ELLIPSIS


def cut_words_around(text: str, at: int, width: int) -> str:
    """About ``width`` characters of ``text`` around offset ``at``, cut at word boundaries."""
    text = text.replace("\n", " ")
    if len(text) <= width:
        return text
    start = max(0, min(at - width // 3, len(text) - width))
    while start > 0 and _is_word(text[start - 1]) and _is_word(text[start]):
        start += 1
    window = cut_words(text[start:], width)
    return (ELLIPSIS if start > 0 else "") + (window.lstrip(" .,;:") if start > 0 else window)
