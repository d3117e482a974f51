"""Operations (issue 7): health and readiness, request ids, one JSON log line per request, the
OpenAPI document covering every route, and a graceful shutdown."""

from __future__ import annotations

import ast
import json
import signal
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from conftest import REPO, start_server

from kg.web.openapi import openapi_path, operations, undocumented
from kg.web.ops import request_id_for, valid_request_id


def test_healthz_says_alive(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_says_the_graph_is_loaded_and_workers_are_up(app: Any, client: Any) -> None:
    body = client.get("/readyz").json
    kg = app.extensions["kg"]
    assert body["ready"] is True and body["version"] == kg.version
    assert 1 <= body["workers"]["live"] <= body["workers"]["size"] == kg.service.pool.size
    assert body["graphs"] >= 1


def test_readyz_is_503_while_no_worker_is_up(app: Any, client: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(app.extensions["kg"].service.pool, "live_workers", lambda: 0)
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json["ready"] is False
    assert client.get("/healthz").status_code == 200  # alive, just not ready


def test_a_safe_request_id_is_echoed(client: Any) -> None:
    for rid in ("abc", "0f8e-1234.5_x:y@z", "A" * 128):
        assert client.get("/healthz", headers={"X-Request-ID": rid}).headers["X-Request-ID"] == rid


def test_a_request_id_is_generated_when_absent_and_is_unique(client: Any) -> None:
    ids = {client.get("/healthz").headers["X-Request-ID"] for _ in range(20)}
    assert len(ids) == 20 and all(valid_request_id(i) for i in ids)


def test_request_ids_are_validated() -> None:
    assert valid_request_id("abc-123") and not valid_request_id("x" * 129)
    assert not valid_request_id("") and not valid_request_id(None)
    assert request_id_for("bad id") != "bad id"


def _log_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith('{"ts"')]


def test_one_json_log_line_per_request(client: Any, capsys: Any) -> None:
    capsys.readouterr()
    client.get("/healthz", headers={"X-Request-ID": "log-test-1"})
    client.get("/sparql", query_string={"query": "SELECT"}, headers={"X-Request-ID": "log-test-2"})
    client.get("/no/such/page%0d%0aforged", headers={"X-Request-ID": "log-test-3"})
    lines = _log_lines(capsys.readouterr().err)
    assert [line["request_id"] for line in lines] == ["log-test-1", "log-test-2", "log-test-3"]
    first, second, third = lines
    assert {"ts", "method", "path", "status", "bytes", "latency_ms", "request_id"} <= set(first)
    assert (first["method"], first["path"], first["status"]) == ("GET", "/healthz", 200)
    assert first["bytes"] > 0 and first["latency_ms"] >= 0
    assert second["status"] == 400 and third["status"] == 404
    assert "\r\nforged" in third["path"]  # kept as data, escaped by JSON: one line


def test_the_log_can_be_turned_off(app: Any, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.setitem(app.config, "KG_REQUEST_LOG", False)
    capsys.readouterr()
    app.test_client().get("/healthz")
    assert _log_lines(capsys.readouterr().err) == []


def test_openapi_documents_every_route(app: Any) -> None:
    rules = [r.rule for r in app.url_map.iter_rules()]
    assert undocumented(rules) == [], "add these routes to kg.web.openapi.operations()"


def test_openapi_is_served_for_the_routes_the_app_has(app: Any, client: Any) -> None:
    doc = client.get("/openapi.json").json
    assert doc["openapi"].startswith("3.0")
    assert set(doc["paths"]) == {openapi_path(r.rule) for r in app.url_map.iter_rules()}
    names = doc["paths"]["/queries/{name}"]["get"]["parameters"][0]["schema"]["enum"]
    assert sorted(names) == sorted(app.extensions["kg"].canned)


def test_openapi_paths_follow_flask_rules() -> None:
    assert openapi_path("/queries/<name>.<suffix>") == "/queries/{name}.{suffix}"
    assert openapi_path("/static/<path:filename>") == "/static/{filename}"


#: The blueprints whose views read query parameters the document must name. The SPARQL
#: endpoint's (endpoint.py, querypage.py) follow the SPARQL 1.1 Protocol and are listed by hand.
VIEW_MODULES = ("pages", "claims", "dumps", "linkeddata", "queries", "ops", "endpoint")
#: Read by a shared helper but never used there: a documented suffix names the format, and
#: ``?format=`` is read only for a suffix that names none (then the path is not found).
NOT_READ = {("/ontology.<suffix>", "format"), ("/dataset.<suffix>", "format")}


def _reads(module: ast.Module) -> dict[str, tuple[list[str], set[str]]]:
    """Each function of ``module``: its Flask rules and the query parameters it reads
    (``request.args.get("x")``, ``request.args["x"]``), with those of the functions of the same
    module it calls, transitively."""
    own: dict[str, tuple[list[str], set[str], set[str]]] = {}
    for fn in (n for n in ast.walk(module) if isinstance(n, ast.FunctionDef)):
        rules = [
            d.args[0].value
            for d in fn.decorator_list
            if isinstance(d, ast.Call)
            and isinstance(d.func, ast.Attribute)
            and d.func.attr == "route"
            and d.args
            and isinstance(d.args[0], ast.Constant)
        ]
        names: set[str] = set()
        calls: set[str] = set()
        for node in ast.walk(fn):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                calls.add(node.func.id)
            args = None
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr == "get" and node.args:
                    args, key = node.func.value, node.args[0]
            elif isinstance(node, ast.Subscript):
                args, key = node.value, node.slice
            if (
                isinstance(args, ast.Attribute)
                and args.attr == "args"
                and isinstance(args.value, ast.Name)
                and args.value.id == "request"
                and isinstance(key, ast.Constant)
            ):
                names.add(str(key.value))
        own[fn.name] = (rules, names, calls)

    def closure(name: str, seen: set[str]) -> set[str]:
        if name in seen or name not in own:
            return set()
        seen.add(name)
        found = set(own[name][1])
        for callee in own[name][2]:
            found |= closure(callee, seen)
        return found

    return {name: (rules, closure(name, set())) for name, (rules, _, _) in own.items()}


def test_openapi_names_every_query_parameter_a_view_reads() -> None:
    documented = operations()
    missing = []
    for name in VIEW_MODULES:
        source = (REPO / "src" / "kg" / "web" / f"{name}.py").read_text(encoding="utf-8")
        for function, (rules, params) in _reads(ast.parse(source)).items():
            for rule in rules:
                item = documented[openapi_path(rule)]["get"]
                named = {p["name"] for p in item.get("parameters", []) if p["in"] == "query"}
                missing += [
                    f"{rule} ({name}.{function}): {p}"
                    for p in sorted(params - named)
                    if (rule, p) not in NOT_READ
                ]
    assert missing == [], "document these parameters in kg.web.openapi.operations()"


def _format_values(doc: dict[str, Any], path: str) -> list[str]:
    params = doc["paths"][path]["get"]["parameters"]
    return list(next(p for p in params if p["name"] == "format")["schema"]["enum"])


def _required_present(schema: dict[str, Any], body: Any) -> None:
    for key in schema.get("required", []):
        assert key in body, key
    for key, sub in schema.get("properties", {}).items():
        if sub.get("type") == "array" and key in body:
            for item in body[key]:
                _required_present(sub.get("items", {}), item)


@pytest.mark.parametrize("path", ["/search", "/article", "/timeline", "/validation"])
def test_every_documented_format_answers_as_documented(client: Any, path: str) -> None:
    """Each ``format`` value the document lists gives 200 with a media type it lists, and a
    JSON body with every property it requires (the views read, not the document's word)."""
    doc = client.get("/openapi.json").json
    content = doc["paths"][path]["get"]["responses"]["200"]["content"]
    values = _format_values(doc, path)
    assert values
    for value in values:
        response = client.get(path, query_string={"format": value, "q": "banten", "lang": "en"})
        assert response.status_code == 200, (path, value)
        media_type = response.mimetype
        assert media_type in content, (path, value, media_type)
        if media_type == "application/json":
            _required_present(content[media_type]["schema"], response.json)
    if path in ("/article", "/timeline"):  # any other value is refused, as documented
        refused = client.get(path, query_string={"format": "nope"})
        assert refused.status_code == 406
        assert "406" in doc["paths"][path]["get"]["responses"]


def test_openapi_documents_the_search_filters_and_total(client: Any) -> None:
    doc = client.get("/openapi.json").json
    search = doc["paths"]["/search"]["get"]
    params = {p["name"]: p for p in search["parameters"]}
    assert {"q", "type", "include", "format", "lang"} <= set(params)
    assert params["include"]["schema"]["enum"] == ["modelling"]
    schema = search["responses"]["200"]["content"]["application/json"]["schema"]
    assert "total" in schema["required"]
    plain = client.get("/search?q=data+structure&format=json").json
    asked = client.get("/search?q=data+structure&format=json&include=modelling").json
    assert plain["hidden_modelling"] > 0 and asked["hidden_modelling"] == 0
    assert asked["total"] == plain["total"] + plain["hidden_modelling"]
    facet = asked["facets"][0]["type"]
    typed = client.get(
        "/search",
        query_string={
            "q": "data structure",
            "format": "json",
            "include": "modelling",
            "type": facet,
        },
    ).json
    assert typed["type"] == facet and typed["total"] == asked["facets"][0]["count"]
    for name in ("asserter", "format"):
        assert name in {p["name"] for p in doc["paths"]["/article"]["get"]["parameters"]}
    assert "format" in {p["name"] for p in doc["paths"]["/timeline"]["get"]["parameters"]}


def _slow_query(count: int) -> str:
    """All pairs of triples, ``count`` times over: work that grows linearly with ``count``."""
    values = " ".join(str(i) for i in range(count))
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . VALUES ?k {{ {values} }} }}"


@pytest.mark.server
def test_graceful_shutdown_finishes_in_flight_requests_and_refuses_new_ones(
    app_config: dict[str, Any], tmp_path: Path
) -> None:
    overrides = {k: v for k, v in app_config.items() if k != "TESTING"}
    overrides.update(
        SERVER_PROCESSES=1,
        SPARQL_WORKERS=1,
        SPARQL_TIME_LIMIT_MS=20_000,
        CACHE_ENTRIES=0,
        REQUEST_LOG=False,
    )
    server = start_server(overrides, tmp_path / "server.log")
    port = int(server.url.rsplit(":", 1)[1])
    try:
        started = time.monotonic()
        requests.get(server.url + "/sparql", params={"query": _slow_query(1)}, timeout=30)
        once = time.monotonic() - started
        count = max(2, min(40, int(1.5 / max(once, 0.01))))  # about 1.5 s of work, bounded
        outcome: dict[str, Any] = {}

        def in_flight() -> None:
            response = requests.get(
                server.url + "/sparql", params={"query": _slow_query(count)}, timeout=30
            )
            outcome["status"], outcome["body"] = response.status_code, response.text

        thread = threading.Thread(target=in_flight)
        thread.start()
        time.sleep(0.3)
        server.process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        with (
            pytest.raises(ConnectionRefusedError),
            socket.create_connection(("127.0.0.1", port), timeout=5),
        ):
            pass
        thread.join(30)
        assert outcome["status"] == 200 and '"n"' in outcome["body"]
        assert server.process.wait(30) == 0
    finally:
        if server.process.poll() is None:
            server.process.kill()
