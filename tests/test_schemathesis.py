"""Schemathesis against the OpenAPI document the app publishes at ``/openapi.json`` (issue 7).

Every operation is called with generated (and schema-violating) input through the WSGI app:
no answer may be a server error, and every status, media type and JSON body must be the one
documented. Bounded: ``KG_SCHEMATHESIS_EXAMPLES`` examples per operation (default 15).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

from kg.web.openapi import operations

EXAMPLES = int(os.environ.get("KG_SCHEMATHESIS_EXAMPLES", "15"))
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@pytest.fixture(scope="session")
def api_schema(app: Any) -> Any:
    app.config["KG_REQUEST_LOG"] = False  # thousands of requests; the log is tested elsewhere
    return schemathesis.openapi.from_wsgi("/openapi.json", app)


#: Every documented operation; schemathesis's pytest plugin does not load under pytest 9, so
#: each one is a parametrized case driving its own hypothesis strategy.
OPERATIONS = [
    (path, method.upper()) for path, item in sorted(operations().items()) for method in item
]


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda m: m.value)
@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_the_api_answers_as_documented(
    api_schema: Any, path: str, method: str, mode: GenerationMode
) -> None:
    """Positive cases follow the schema; negative ones break it (wrong types, missing or
    malformed parameters): either way no 5xx, and only documented answers."""
    if path not in api_schema.raw_schema["paths"]:
        pytest.skip(f"{path} is not served by this app")
    operation = api_schema[path][method]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode))
    def call(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)

    try:
        call()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise
        pytest.skip("no input can violate this operation's schema (no constrained parameter)")
