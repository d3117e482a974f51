"""Headless Chromium for the browser tests: Debian's binary, no network beyond 127.0.0.1.

The launch flags are the ones this machine needs (env notes): without the background
networking flags Chromium keeps trying to reach Google's hosts through a closed network.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched Chromium (skips the test where Playwright or Chromium is absent)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Watch:
    """Requests that tried to leave 127.0.0.1 (aborted) and console errors (CSP included)."""

    def __init__(self, page: Any) -> None:
        self.external: list[str] = []
        self.errors: list[str] = []
        page.route("**/*", self._route)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route: Any) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()


#: axe-core's browser bundle, installed from the npm registry with the Node clients
#: (tests/clients/package-lock.json pins it; .ci/run runs ``npm ci`` when the lock changes).
AXE = Path(__file__).resolve().parent / "clients" / "node_modules" / "axe-core" / "axe.min.js"

# axe.run's answer cut to what a failure message needs: rule, impact, help and the selectors.
_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
  }));
}"""


def axe_source() -> str:
    """The axe-core bundle's text; skips where it is absent, fails on CI where it must be."""
    if not AXE.exists():
        message = f"axe-core is not installed ({AXE}): npm ci --prefix tests/clients"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Any, source: str) -> list[dict[str, Any]]:
    """Every axe-core violation of the loaded page, of any impact.

    The bundle is evaluated through the DevTools protocol (Playwright's ``evaluate`` is
    ``Runtime.evaluate``), which the page's Content-Security-Policy does not govern, so the
    page under test keeps its real CSP and nothing is fetched from a network.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(f"() => {{ {source}\n }}")  # the bundle sets window.axe itself
    return list(page.evaluate(_AXE_RUN))


def artifacts_dir(*parts: str) -> Path:
    """Where browser tests leave screenshots: ``KG_TEST_ARTIFACTS`` or ``test-artifacts/``
    (gitignored), created on demand."""
    root = os.environ.get("KG_TEST_ARTIFACTS")
    base = Path(root) if root else Path(__file__).resolve().parents[1] / "test-artifacts"
    folder = base.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
