"""A command's runtime is closed whatever its work does, so the process can always exit."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from feedback.commands.with_runtime import existing_database_settings, with_runtime
from feedback.errors import InvalidInput
from feedback.runtime import Runtime
from feedback.settings import SettingsError, load_settings
from tests.conftest import CHEAP_ARGON2


def test_the_runtime_is_closed_when_the_work_fails(tmp_path: Path) -> None:
    settings = load_settings({}, data_dir=tmp_path, classifier="none", **CHEAP_ARGON2)
    before = set(threading.enumerate())

    async def work(runtime: Runtime) -> None:
        async with runtime.store.read() as tx:
            await tx.count_items()
        raise InvalidInput("the work went wrong")

    with pytest.raises(InvalidInput):
        with_runtime(settings, work, create=True)
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=5)
    assert [t for t in threading.enumerate() if t not in before] == []


def test_existing_database_settings_refuse_a_missing_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FEEDBACK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FEEDBACK_CLASSIFIER_MODEL", str(tmp_path / "no-model-needed.skops"))
    with pytest.raises(SettingsError, match="no database at"):
        existing_database_settings()
    assert list(tmp_path.iterdir()) == []
