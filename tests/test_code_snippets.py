"""The query page's "Code for this query" (kg.pages.workbench.code_snippets), as WDQS's "Code"
dialog: each snippet is run here, by the real tool, against a real server, and must print the
answer the endpoint gives; any query text survives each language's quoting."""

from __future__ import annotations

import ast
import json
import shlex
import shutil
import subprocess
import sys
from typing import Any

import pytest
from bs4 import BeautifulSoup

from kg.pages.workbench import code_snippets

HOSTILE = [
    "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
    'SELECT ("""a \\" b""" AS ?x) {}',
    "SELECT ('it''s' AS ?x) {} # it's \"quoted\" $HOME `cmd` \\n",
    'ASK { ?s ?p "ends with a quote" }\r\n',
    'SELECT ?x { BIND("Jalan desa · ‘Bang Andra’ 日本" AS ?x) }\n',
]


@pytest.mark.parametrize("query", HOSTILE)
def test_every_language_reads_the_query_back_unchanged(query: str) -> None:
    curl, python, javascript = code_snippets("http://h/sparql", query, "SELECT")
    words = shlex.split(curl.code.replace("\\\n", " "))
    assert words[words.index("--data-urlencode") + 1] == "query=" + query
    literal = python.code.split("sparql.setQuery(", 1)[1].rsplit(")\nsparql.setReturnFormat", 1)[0]
    assert ast.literal_eval(literal) == query
    js = javascript.code.split("const query = ", 1)[1].split(";\nconst response", 1)[0]
    assert json.loads(js) == query


QUERY = (
    "PREFIX schema: <http://schema.org/>\n"
    "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"
)


def _snippets(live_server: Any, query: str) -> dict[str, str]:
    import requests

    page = requests.get(
        live_server.url + "/sparql", params={"query": query}, headers={"Accept": "text/html"}
    )
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    blocks = soup.select("#code pre code")
    return {b["class"][0].removeprefix("language-"): b.get_text() for b in blocks}


def _names(live_server: Any) -> list[str]:
    import requests

    answer = requests.get(
        live_server.url + "/sparql",
        params={"query": QUERY},
        headers={"Accept": "application/sparql-results+json"},
    ).json()
    return [row["name"]["value"] for row in answer["results"]["bindings"]]


@pytest.mark.server
def test_the_python_snippet_runs_with_sparqlwrapper(live_server: Any) -> None:
    code = _snippets(live_server, QUERY)["python"]
    assert live_server.url + "/sparql" in code  # this server, as the browser reached it
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    printed = [ast.literal_eval(line)["name"] for line in done.stdout.splitlines()]
    assert printed == _names(live_server) and printed


@pytest.mark.server
@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_snippet_runs(live_server: Any) -> None:
    code = _snippets(live_server, QUERY)["shell"]
    done = subprocess.run(["sh", "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["results"]["bindings"]
    assert [r["name"]["value"] for r in rows] == _names(live_server)


@pytest.mark.server
@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_javascript_snippet_runs_in_node(live_server: Any) -> None:
    code = _snippets(live_server, QUERY)["javascript"]
    done = subprocess.run(
        ["node", "--input-type=module", "-e", code],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert all(name in done.stdout for name in _names(live_server))


@pytest.mark.server
def test_a_construct_asks_for_turtle(live_server: Any) -> None:
    query = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3"
    code = _snippets(live_server, query)["python"]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    import rdflib

    assert len(rdflib.Graph().parse(data=done.stdout, format="turtle")) == 3
