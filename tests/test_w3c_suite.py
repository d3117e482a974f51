"""The W3C SPARQL 1.1 test suite through the ``/sparql`` endpoint (``tests/w3c_suite.py``).

Syntax tests go to the session's app (``conftest.app``); evaluation tests load their dataset
with ``kg load``'s code into an on-disk store and ask an app serving it, one app per dataset
(tests are grouped by dataset). Tests that do not apply are skipped with the reason from
``w3c_suite.NOT_APPLICABLE``; known failures are strict xfails from
``w3c_suite.KNOWN_FAILURES``, each "engine" (bare pyoxigraph fails too) or "ours".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import w3c_suite as suite
from w3c_suite import Case

CASES = suite.all_cases()
SYNTAX = [c for c in CASES if c.kind != "evaluation"]
EVALUATION = suite.evaluation_order(c for c in CASES if c.kind == "evaluation")
DOCS = suite.REPO / "docs"


def _params(cases: list[Case]) -> list[Any]:
    """One parameter per test id; a known failure is a strict xfail with its cause."""
    params = []
    for case in cases:
        known = suite.KNOWN_FAILURES.get(case.id)
        marks = [pytest.mark.xfail(strict=True, reason=f"{known[0]}: {known[1]}")] if known else []
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


def _skip_if_not_applicable(case: Case) -> None:
    reason = suite.not_applicable(case)
    if reason:
        pytest.skip(f"not applicable: {reason}")


@pytest.fixture(scope="session")
def w3c_apps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[suite.Apps]:
    """The app for the current dataset; the next dataset's replaces it."""
    apps = suite.Apps(tmp_path_factory.mktemp("w3c"))
    yield apps
    apps.close()


@pytest.mark.parametrize("case", _params(SYNTAX))
def test_syntax(case: Case, client: Any) -> None:
    _skip_if_not_applicable(case)
    answers = [suite.ask_endpoint(client, suite.query_text(case))]
    if case.kind.startswith("update-"):  # both the update operation and a disguised query
        answers.insert(0, suite.update_endpoint(client, suite.query_text(case)))
    for answer in answers:
        verdict = suite.syntax_verdict(case, answer)
        assert verdict is None, verdict


@pytest.mark.parametrize("case", _params(EVALUATION))
def test_evaluation(case: Case, w3c_apps: suite.Apps) -> None:
    _skip_if_not_applicable(case)
    verdict = suite.evaluation_verdict(case, w3c_apps.client_for(case))
    assert verdict is None, verdict


# --- the tables and the committed report ---------------------------------------------------


def test_the_tables_name_only_tests_of_the_suite() -> None:
    ids = {c.id for c in CASES}
    folders = {c.folder for c in CASES}
    assert set(suite.KNOWN_FAILURES) <= ids
    assert set(suite.NOT_APPLICABLE) <= ids | folders
    assert not set(suite.KNOWN_FAILURES) & set(suite.NOT_APPLICABLE)


def _bare_fails(case: Case) -> bool:
    if case.kind == "evaluation":
        return suite.bare_evaluation_verdict(case) is not None
    return suite.bare_query_parses(suite.query_text(case)) != case.kind.endswith("+")


@pytest.mark.parametrize("test_id", sorted(suite.KNOWN_FAILURES))
def test_a_known_failure_is_the_engines_exactly_when_bare_pyoxigraph_fails(test_id: str) -> None:
    case = next(c for c in CASES if c.id == test_id)
    cause, _ = suite.KNOWN_FAILURES[test_id]
    assert _bare_fails(case) == (cause == "engine")


def test_the_committed_earl_report_agrees_with_the_markdown() -> None:
    """A fresh run takes about 30 s, so the committed files are checked against each other
    and against the tables; ``python tests/w3c_suite.py`` exits 1 when a run disagrees."""
    earl = (DOCS / "w3c-earl.ttl").read_text(encoding="utf-8")
    table = (DOCS / "w3c-results.md").read_text(encoding="utf-8")
    from_earl = suite.earl_counts(earl)
    from_table = suite.markdown_counts(table)
    assert from_earl.keys() == from_table.keys() == set(suite.FOLDERS)
    for folder, row in from_table.items():
        assert from_earl[folder]["ours"] == row["ours"], folder
        bare = from_earl[folder]["bare"]
        assert (bare.passed, bare.failed) == (row["bare"].passed, row["bare"].failed), folder
    assert sum(t["ours"].failed for t in from_earl.values()) == len(suite.KNOWN_FAILURES)
    for test_id in suite.KNOWN_FAILURES:
        assert f"| `{test_id}` | failed |" in table


def test_every_folder_has_its_manifest_and_the_licence_is_vendored() -> None:
    for folder in suite.FOLDERS:
        assert (suite.ROOT / folder / "manifest.ttl").is_file()
    assert (suite.ROOT.parents[1] / "LICENSE.md").is_file()
    assert not list(Path(suite.ROOT).rglob("*.py"))
