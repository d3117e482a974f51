"""The architecture is what docs/architecture.md says: its module map, rules and contracts."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "kg"
DOC = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
SUBPACKAGES = ("build", "store", "query", "pages", "web", "server")
#: Standard vocabularies: their IRIs are written once, in kg/vocab.py.
STANDARD = re.compile(
    r"[\"'](https?://(www\.w3\.org/(1999/02|2000/01|2002/07|2001/XMLSchema|2004/02|ns/)"
    r"|schema\.org/|purl\.org/|rdfs\.org/|xmlns\.com/)[^\"']*)[\"']"
)


def modules() -> list[str]:
    return sorted(str(p.relative_to(SRC.parent)) for p in SRC.rglob("*.py"))


def mapped() -> set[str]:
    return set(re.findall(r"^\| `(kg/[\w/]+\.py)` \|", DOC, flags=re.MULTILINE))


def test_every_module_is_in_the_module_map() -> None:
    assert sorted(set(modules()) - mapped()) == [], "add these to docs/architecture.md"


def test_the_module_map_names_no_module_that_is_gone() -> None:
    assert sorted(mapped() - set(modules())) == [], "remove these from docs/architecture.md"


def test_top_level_modules_are_only_the_shared_ones() -> None:
    shared = DOC.split("**Shared**", 1)[1].split("**Build**", 1)[0]
    listed = set(re.findall(r"`kg/(\w+\.py)`", shared))
    assert sorted(p.name for p in SRC.glob("*.py")) == sorted(listed)


@pytest.mark.parametrize("package", SUBPACKAGES)
def test_every_subpackage_states_its_rule(package: str) -> None:
    doc = ast.get_docstring(ast.parse((SRC / package / "__init__.py").read_text()))
    assert doc and "Rule:" in doc, f"kg/{package}/__init__.py: say what it may import"


def test_the_import_contracts_hold() -> None:
    """import-linter's contracts in pyproject.toml: the layers, and nothing serving builds."""
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), str(REPO / "pyproject.toml")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "broken" in done.stdout and " 0 broken" in done.stdout


def test_standard_vocabulary_iris_are_declared_only_in_vocab() -> None:
    found = [
        f"{path.relative_to(SRC.parent)}:{n}: {m.group(1)}"
        for path in SRC.rglob("*.py")
        if path.name != "vocab.py" or path.parent != SRC
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for m in STANDARD.finditer(line)
    ]
    assert found == [], "use kg.vocab (vocab_iri / vocab_node / the namespaces)"
