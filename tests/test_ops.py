"""Operations (issue 7): health and readiness, request ids, one JSON log line per request, the
OpenAPI document covering every route, and a graceful shutdown."""

from __future__ import annotations

import json
import signal
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from conftest import start_server

from kg.web.openapi import openapi_path, undocumented
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
