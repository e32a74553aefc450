"""``feedback db upgrade`` creates the database and is idempotent."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from feedback.cli import main
from feedback.storage.migrations import available_migrations


def test_upgrade_creates_then_reports_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FEEDBACK_DATA_DIR", str(tmp_path))
    assert main(["db", "upgrade"]) == 0
    assert "Applied" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "up to date" in capsys.readouterr().out
    conn = sqlite3.connect(tmp_path / "feedback.db")
    versions = [row[0] for row in conn.execute("SELECT version FROM schema_migrations")]
    assert versions == [m.version for m in available_migrations()]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_bad_setting_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FEEDBACK_PORT", "eighty")
    assert main(["db", "upgrade"]) == 2
    assert "FEEDBACK_PORT" in capsys.readouterr().err
