"""The HTTP worker overrides gunicorn internals, so it runs only on the releases it was made for."""

from __future__ import annotations

import re
import tomllib

import gunicorn
import pytest
from conftest import REPO

from kg.errors import KGError
from kg.server.httpworker import SUPPORTED_GUNICORN, check_gunicorn


def test_the_installed_gunicorn_is_supported() -> None:
    check_gunicorn(gunicorn.__version__)  # raises if the environment drifted from the pin


@pytest.mark.parametrize("version", ["26.0.0", "27.1.0", "28.0.0", "3"])
def test_an_unknown_gunicorn_release_is_refused_with_the_supported_ones(version: str) -> None:
    with pytest.raises(KGError, match=rf"gunicorn {re.escape(version)} is not supported.*27\.0"):
        check_gunicorn(version)


def test_the_pyproject_pin_admits_exactly_the_supported_releases() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pin = next(d for d in project["project"]["dependencies"] if d.startswith("gunicorn"))
    bounds = re.fullmatch(r"gunicorn>=(\d+)\.(\d+),<(\d+)\.(\d+)", pin.split("#")[0].strip())
    assert bounds, pin
    low, high = (int(bounds[1]), int(bounds[2])), (int(bounds[3]), int(bounds[4]))
    admitted = {f"{low[0]}.{m}" for m in range(low[1], high[1])} if low[0] == high[0] else set()
    assert admitted == set(SUPPORTED_GUNICORN)
