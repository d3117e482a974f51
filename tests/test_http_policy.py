"""One HTTP policy for every view (kg.web.http): one entity-tag scheme, one revalidation rule.

RFC 9110 §8.8.3 (entity tags), §13.1.2 (If-None-Match, weak comparison), §15.4.5 (a 304
carries the headers the 200 would), §12.5.5 (Vary).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

SELECT = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"

#: One representative of every view that answers with a representation of the dataset.
VIEWS: dict[str, tuple[str, dict[str, str]]] = {
    "endpoint answer": (f"/sparql?query={SELECT}", {"Accept": "application/sparql-results+json"}),
    "service description": ("/sparql", {"Accept": "text/turtle"}),
    "entity page": ("/id/andra-soni", {"Accept": "text/html"}),
    "entity RDF": ("/id/andra-soni.ttl", {}),
    "dump": ("/dumps/dataset.nt", {}),
    "VoID": ("/.well-known/void", {"Accept": "text/turtle"}),
    "home page": ("/", {"Accept": "text/html"}),
    "canned query page": ("/queries/assessment-indicators", {"Accept": "text/html"}),
    "canned query answer": ("/queries/assessment-indicators.json", {}),
}

#: ``"<16 hex: dataset version>-<32 hex: what selects the representation>"``, quoted (strong).
ETAG = re.compile(r'^"[0-9a-f]{16}-[0-9a-f]{32}"$')


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_every_view_tags_its_answer_the_same_way(client: Any, view: str) -> None:
    path, headers = VIEWS[view]
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    assert ETAG.match(response.headers["ETag"]), response.headers["ETag"]
    assert (
        response.headers["ETag"].strip('"').startswith(client.application.extensions["kg"].version)
    )
    assert response.headers["Cache-Control"].startswith("public, max-age=")


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_a_matching_tag_is_a_304_with_the_200s_headers(client: Any, view: str) -> None:
    path, headers = VIEWS[view]
    first = client.get(path, headers=headers)
    weak = "W/" + first.headers["ETag"]  # §13.1.2: If-None-Match compares weakly
    again = client.get(path, headers={**headers, "If-None-Match": f'"other", {weak}'})
    assert again.status_code == 304
    assert again.data == b""
    for name in ("ETag", "Cache-Control", "Vary"):
        assert again.headers.get(name) == first.headers.get(name), name


def test_a_tag_from_another_representation_is_not_a_match(client: Any) -> None:
    turtle = client.get("/id/andra-soni.ttl").headers["ETag"]
    other = client.get("/id/andra-soni.nt", headers={"If-None-Match": turtle})
    assert other.status_code == 200


def test_post_answers_are_revalidated_not_reused(client: Any) -> None:
    response = client.post("/sparql", data={"query": SELECT})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    again = client.post(
        "/sparql", data={"query": SELECT}, headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 200  # §13.1.2: If-None-Match revalidates only GET and HEAD


@pytest.mark.parametrize("path", ["/queries", "/queries/assessment-indicators"])
def test_query_pages_follow_the_language_of_every_page(client: Any, path: str) -> None:
    """The language cookie and Accept-Language apply to the canned query pages too."""
    by_header = client.get(path, headers={"Accept": "text/html", "Accept-Language": "id"})
    assert by_header.headers["Content-Language"] == "id"
    assert "Accept-Language" in by_header.headers["Vary"]
    client.get(f"{path}?lang=en", headers={"Accept": "text/html"})  # sets the cookie
    by_cookie = client.get(path, headers={"Accept": "text/html", "Accept-Language": "id"})
    assert by_cookie.headers["Content-Language"] == "en"
