"""Behind a reverse proxy every advertised URL agrees (TRUSTED_PROXIES, docs/linked-data.md).

With ``TRUSTED_PROXIES=1`` the X-Forwarded-* headers of one proxy are believed (Werkzeug's
ProxyFix): the service description's ``sd:endpoint`` is the client's https URL, the same IRI
as VoID's ``void:sparqlEndpoint``. With the default 0 they are ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rdflib import Graph
from rdflib.namespace import VOID

from kg.vocab import SD

FORWARDED = {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "kg.example.org",
    "X-Forwarded-For": "203.0.113.7",
}


@pytest.fixture(scope="module")
def proxied_app(app_config: dict[str, Any]) -> Iterator[Any]:
    from kg.web import create_app

    application = create_app({**app_config, "TRUSTED_PROXIES": 1, "SPARQL_WORKERS": 1})
    yield application
    application.extensions["kg"].close()


def sd_endpoints(client: Any, headers: dict[str, str]) -> set[str]:
    response = client.get("/sparql", headers={"Accept": "text/turtle", **headers})
    assert response.status_code == 200, response.data
    graph = Graph().parse(data=response.data, format="turtle")
    return {str(o) for o in graph.objects(None, SD.endpoint)}


def void_endpoints(client: Any, headers: dict[str, str]) -> set[str]:
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle", **headers})
    assert response.status_code == 200, response.data
    graph = Graph().parse(data=response.data, format="turtle")
    return {str(o) for o in graph.objects(None, VOID.sparqlEndpoint)}


def test_behind_a_trusted_proxy_the_service_description_and_void_agree(proxied_app: Any) -> None:
    client = proxied_app.test_client()
    assert sd_endpoints(client, FORWARDED) == {"https://kg.example.org/sparql"}
    assert void_endpoints(client, FORWARDED) == {"https://kg.example.org/sparql"}


def test_the_forwarded_host_and_scheme_reach_every_url_the_app_builds(proxied_app: Any) -> None:
    client = proxied_app.test_client()
    other = {**FORWARDED, "X-Forwarded-Host": "data.example.net"}
    assert sd_endpoints(client, other) == {"https://data.example.net/sparql"}
    # The response cache keys on the forwarded scheme and host: no answer crosses over.
    assert sd_endpoints(client, FORWARDED) == {"https://kg.example.org/sparql"}


def test_without_trusted_proxies_the_headers_are_ignored(client: Any) -> None:
    assert sd_endpoints(client, FORWARDED) == {"http://localhost/sparql"}


def test_the_setting_defaults_to_no_proxy() -> None:
    from kg.config import load_settings

    assert load_settings(environ={})["TRUSTED_PROXIES"] == 0
    assert load_settings(environ={"KG_TRUSTED_PROXIES": "2"})["TRUSTED_PROXIES"] == 2


def test_gunicorn_leaves_the_forwarded_headers_to_the_app() -> None:
    from kg.config import load_settings
    from kg.server.serve import gunicorn_options

    options = gunicorn_options("127.0.0.1", 8000, load_settings(environ={}))
    assert options["secure_scheme_headers"] == {} and options["forwarded_allow_ips"] == ""


def test_the_access_log_shows_the_client_behind_the_proxy(
    proxied_app: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    proxied_app.test_client().get("/healthz", headers=FORWARDED)
    assert '"remote":"203.0.113.7"' in capfd.readouterr().err
