"""The README stays true: its set-up commands, every setting, every command, the layering."""

from __future__ import annotations

import re

import pytest
from conftest import REPO

from kg.cli import main
from kg.config import SETTINGS, load_settings

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    assert (
        blocks[0].strip()
        == "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/kg serve"
    )
    assert blocks[1].strip() == "bash .ci/run"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pytest" in ci.splitlines()[-1]


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting: object) -> None:
    name = setting.name  # type: ignore[attr-defined]
    row = next((line for line in README.splitlines() if line.startswith(f"| `{name}` |")), None)
    assert row is not None, f"{name} is missing from the README's Settings table"
    assert f"`{setting.default}`" in row  # type: ignore[attr-defined]
    assert setting.help.strip()  # type: ignore[attr-defined]


def test_settings_come_from_the_environment() -> None:
    values = load_settings(environ={"KG_SPARQL_MAX_ROWS": "7", "KG_BASE_IRI": "http://x.example/"})
    assert values["SPARQL_MAX_ROWS"] == 7 and values["BASE_IRI"] == "http://x.example/"
    assert (
        load_settings({"SPARQL_MAX_ROWS": 3}, environ={"KG_SPARQL_MAX_ROWS": "7"})[
            "SPARQL_MAX_ROWS"
        ]
        == 3
    )


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_documented(command: str) -> None:
    assert f"`kg {command}" in README
