"""Fixtures shared by every test: settings on a temporary folder, a runtime, an app.

Unit tests use cheap argon2 parameters (the production ones cost 64 MiB and tens
of milliseconds per hash); the end-to-end tests run the real defaults.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from feedback.app import create_app
from feedback.ingest import Classification, TextClassifier
from feedback.runtime import Runtime, open_runtime
from feedback.settings import Settings, load_settings

CHEAP_ARGON2 = {"argon2_time_cost": 1, "argon2_memory_kib": 64, "argon2_parallelism": 1}


class KeywordClassifier:
    """A stand-in for the trained model in service tests: flags by keyword.

    The service's behaviour (priority, storage of labels and evidence, the urgent
    path) is tested with it; the model's own behaviour is tested in
    ``tests/classifiers``.
    """

    model_version = "keyword-test"
    KEYWORDS = {"restrain": "restraint", "locked in": "seclusion", "cold": "living_conditions"}
    # Words that score a label close to its line without flagging it.
    NEAR_KEYWORDS = {"chilly": "living_conditions"}

    def classify(self, text: str) -> Classification:
        lowered = text.lower()
        labels = tuple(sorted({lab for key, lab in self.KEYWORDS.items() if key in lowered}))
        near = {lab for key, lab in self.NEAR_KEYWORDS.items() if key in lowered}
        possible = tuple(sorted(near - set(labels)))
        urgent = "tonight" in lowered
        evidence: dict[str, tuple[str, ...]] = {
            lab: (key,) for key, lab in self.KEYWORDS.items() if key in lowered
        }
        evidence.update(
            {
                lab: (key,)
                for key, lab in self.NEAR_KEYWORDS.items()
                if lab in possible and key in lowered
            }
        )
        if urgent:
            evidence["urgent"] = ("tonight",)
        scores = {
            lab: (0.9 if lab in labels else 0.3 if lab in possible else 0.05)
            for lab in set(self.KEYWORDS.values())
        }
        return Classification(
            labels=labels,
            urgent=urgent,
            scores=scores,
            evidence=evidence,
            model_version=self.model_version,
            possible=possible,
        )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings on a fresh temporary data folder with cheap argon2."""
    return load_settings({}, data_dir=tmp_path / "data", classifier="none", **CHEAP_ARGON2)


@pytest.fixture
def classifier() -> TextClassifier:
    """The classifier service tests run with."""
    return KeywordClassifier()


@pytest.fixture
async def runtime(settings: Settings, classifier: TextClassifier) -> AsyncIterator[Runtime]:
    """An open runtime on a fresh database."""
    opened = await open_runtime(settings, classifier=classifier)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def app(runtime: Runtime) -> Litestar:
    """The full app on the test runtime."""
    return create_app(runtime=runtime)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """An in-process HTTP client for ``app``."""
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


@pytest.fixture
def repo_root() -> Path:
    """The repository folder."""
    return Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last.

    Playwright's synchronous API keeps an event loop running in the main thread
    while the session's browser is open; async tests collected after it would
    find that loop and fail to start their own.
    """
    items.sort(key=lambda item: "tests/browser/" in item.nodeid)
