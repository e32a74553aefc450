"""Opening the runtime: each problem named by its setting, nothing left open or written."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from feedback.runtime import build_classifier, open_runtime
from feedback.settings import ClassifierMode, Settings, SettingsError, load_settings
from feedback.storage.database import DatabaseUnusable


def test_a_missing_model_file_names_the_variable(tmp_path: Path) -> None:
    # Built directly: load_settings would already refuse the missing file.
    settings = Settings(classifier=ClassifierMode.MODEL, classifier_model=tmp_path / "m.skops")
    with pytest.raises(SettingsError, match=r"^FEEDBACK_CLASSIFIER_MODEL: there is no model file"):
        build_classifier(settings)


def test_a_file_that_is_not_a_model_names_the_variable(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a model\n", encoding="utf-8")
    settings = load_settings({}, classifier="model", classifier_model=notes)
    with pytest.raises(SettingsError, match=r"^FEEDBACK_CLASSIFIER_MODEL: .*not a readable skops"):
        build_classifier(settings)


async def test_a_command_on_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    settings = load_settings({}, data_dir=tmp_path / "data", classifier="none")
    with pytest.raises(SettingsError, match=r"no database at .*check FEEDBACK_DATA_DIR"):
        await open_runtime(settings, create=False)
    assert not (tmp_path / "data").exists()


async def test_a_damaged_database_leaves_nothing_open_and_writes_no_key(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "feedback.db").write_text("junk\n", encoding="utf-8")
    settings = load_settings({}, data_dir=data, classifier="none")
    before = set(threading.enumerate())
    with pytest.raises(DatabaseUnusable, match=r"not a Speak Safely database.*FEEDBACK_DATA_DIR"):
        await open_runtime(settings)
    assert _threads_left_from(before) == []
    assert not (data / "secret_key").exists()


def _threads_left_from(before: set[threading.Thread]) -> list[threading.Thread]:
    """Threads started since ``before`` still alive after a moment to finish closing.

    Each database connection is a thread; one left running would keep a
    command's process from exiting.
    """
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=5)
    return [thread for thread in threading.enumerate() if thread not in before]
