"""Real headless Chromium (Debian's) driven by Playwright, against a real server.

``dev.py test`` installs Chromium and axe-core before running, so these tests
fail loudly, rather than skip, when either is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.server import LiveServer, run_server

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
MODEL = REPO / "classifiers" / "model" / "rights_classifier.skops"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole run."""
    assert CHROMIUM.exists(), "Debian's chromium is missing: run `python3 dev.py test`"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies, no history) per test, desktop-sized."""
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real service on loopback with the trained classifier, one per test module."""
    assert MODEL.exists(), "no trained model: run `python3 dev.py test` (it trains one)"
    with run_server(tmp_path_factory.mktemp("live") / "data", classifier="model") as server:
        yield server


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Inject axe-core into the page and return its violations (WCAG 2.x A and AA rules)."""
    assert AXE.exists(), "axe-core is missing: run `python3 dev.py test` (npm ci)"
    page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                            'wcag22aa', 'best-practice']}
        })).violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                  nodes: v.nodes.map(n => n.target.join(' '))}))"""
    )
    return violations


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG under test-artifacts/screenshots (kept out of git)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / (re.sub(r"[^a-z0-9-]+", "-", name.lower()) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path
