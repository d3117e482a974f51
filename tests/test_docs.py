"""The README stays true: its set-up commands, every setting, every command, the layering."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import get_type_hints

import pytest
from conftest import REPO

from kg.cli import main
from kg.config import SETTINGS, Setting, Settings, load_settings

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


def test_the_readme_tables_are_what_the_code_generates() -> None:
    """``cog --check`` fails when a setting or a command changed and the README did not."""
    cog = Path(sys.executable).with_name("cog")
    done = subprocess.run(
        [str(cog), "--check", "-I", "scripts", "README.md"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_the_readme_with_its_help(setting: Setting) -> None:
    row = next(
        (line for line in README.splitlines() if line.startswith(f"| `{setting.name}` |")), None
    )
    assert row is not None, f"{setting.name} is missing from the README's Settings table"
    assert setting.help.strip() and setting.help.split()[0] in row


def test_the_typed_settings_name_every_setting_with_its_type() -> None:
    """``kg.config.Settings`` (for mypy) and ``SETTINGS`` (for people) agree, both ways."""
    hints = get_type_hints(Settings)
    assert list(hints) == [s.name for s in SETTINGS]
    for s in SETTINGS:
        assert hints[s.name] is type(s.default), s.name
    values = load_settings()
    assert all(type(values[s.name]) is hints[s.name] for s in SETTINGS)  # type: ignore[literal-required]


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
