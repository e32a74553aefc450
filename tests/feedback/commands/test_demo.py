"""``feedback demo`` fills a database once, through the real submission action."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from feedback.cli import main


@pytest.fixture
def demo_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FEEDBACK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("FEEDBACK_CLASSIFIER", "none")
    monkeypatch.setenv("FEEDBACK_ARGON2_MEMORY_KIB", "64")
    monkeypatch.setenv("FEEDBACK_ARGON2_TIME_COST", "1")
    return tmp_path


def test_demo_adds_items_across_services_and_quarters(
    demo_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--count", "60"]) == 0
    out = capsys.readouterr().out
    assert "Added 60 demo items" in out
    conn = sqlite3.connect(demo_env / "feedback.db")
    assert conn.execute("SELECT count(*) FROM items").fetchone()[0] == 60
    services = conn.execute("SELECT count(DISTINCT service_id) FROM items").fetchone()[0]
    months = conn.execute("SELECT count(DISTINCT substr(received_at, 1, 7)) FROM items").fetchone()[
        0
    ]
    conn.close()
    assert services >= 4
    assert months >= 6
    # The printed demo receipts really open their items.
    codes = [line.split(": ")[1] for line in out.splitlines() if "demo receipt" in line]
    assert codes


def test_demo_does_not_pile_up_on_a_second_run(
    demo_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--count", "5"]) == 0
    assert main(["demo", "--count", "5"]) == 0
    assert "already holds 5 items" in capsys.readouterr().out
    assert main(["demo", "--count", "0"]) == 2
