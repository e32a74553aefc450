"""``feedback audit verify`` names an entry edited directly in the SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.feedback.commands.cli_runner import feedback_cli, upgraded


def test_verify_names_an_edited_row(tmp_path: Path) -> None:
    data = upgraded(tmp_path / "data")
    for name in ("ann", "bob", "cat"):
        result = feedback_cli(
            data,
            "staff",
            "add",
            "--username",
            name,
            "--role",
            "reviewer",
            stdin="a long enough password\n",
        )
        assert result.returncode == 0, result.stderr
    intact = feedback_cli(data, "audit", "verify")
    assert intact.returncode == 0
    assert "intact: 3 entries" in intact.stdout

    conn = sqlite3.connect(data / "feedback.db")
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = 2")
    conn.commit()
    conn.close()

    broken = feedback_cli(data, "audit", "verify")
    assert broken.returncode == 1
    assert "entry 2: entry 2 was changed after it was written" in broken.stdout
    assert "entry 1" not in broken.stdout
    assert "entry 3" not in broken.stdout


def test_verify_names_a_deleted_row(tmp_path: Path) -> None:
    data = upgraded(tmp_path / "data")
    for name in ("ann", "bob", "cat"):
        feedback_cli(
            data,
            "staff",
            "add",
            "--username",
            name,
            "--role",
            "reviewer",
            stdin="a long enough password\n",
        )
    conn = sqlite3.connect(data / "feedback.db")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = 2")
    conn.commit()
    conn.close()
    broken = feedback_cli(data, "audit", "verify")
    assert broken.returncode == 1
    assert "entry 2 deleted" in broken.stdout
