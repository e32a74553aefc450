"""Commands refuse a missing or damaged database in one sentence, create nothing, never hang.

Each runs the real command in a process with a short timeout: a database
connection left open on an error path keeps the process alive, which is how
these commands used to fail (a traceback, then no exit).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.feedback.commands.cli_runner import feedback_cli, one_error_line

PASSWORD = "a long enough password\n"
# Commands that work on a database that must already exist.
ON_EXISTING = [
    ("staff", "list"),
    ("staff", "add", "--username", "ann", "--role", "admin"),
    ("staff", "disable", "--username", "ann"),
    ("staff", "enable", "--username", "ann"),
    ("staff", "reset-password", "--username", "ann"),
    ("audit", "verify"),
    ("export", "labels"),
    ("export", "queue"),
]
# Every command that opens the database, including those that create it.
OPENING = [*ON_EXISTING, ("db", "upgrade"), ("demo", "--count", "1"), ("serve", "--port", "0")]


@pytest.mark.parametrize("command", ON_EXISTING, ids=" ".join)
def test_a_mistyped_data_folder_is_refused_and_nothing_created(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    data = tmp_path / "dta"
    result = feedback_cli(data, *command, stdin=PASSWORD, timeout=60)
    assert result.returncode == 2
    assert one_error_line(result) == (
        f"feedback: no database at {data / 'feedback.db'}; run `feedback db upgrade` "
        "(or `python3 dev.py start`) first, or check FEEDBACK_DATA_DIR"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_mistyped_database_path_names_its_own_variable(tmp_path: Path) -> None:
    missing = tmp_path / "feedbak.db"
    result = feedback_cli(
        tmp_path / "data", "staff", "list", env={"FEEDBACK_DATABASE_PATH": str(missing)}
    )
    assert result.returncode == 2
    assert f"no database at {missing}" in one_error_line(result)
    assert "check FEEDBACK_DATABASE_PATH" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", OPENING, ids=" ".join)
def test_a_file_that_is_not_a_database_is_named_and_left_alone(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    junk = tmp_path / "x.db"
    junk.write_text("junk\n", encoding="utf-8")
    result = feedback_cli(
        tmp_path / "data",
        *command,
        stdin=PASSWORD,
        env={"FEEDBACK_DATABASE_PATH": str(junk)},
        timeout=60,
    )
    assert result.returncode == 2
    assert one_error_line(result) == (
        f"feedback: {junk} is not a Speak Safely database (file is not a database); "
        "check FEEDBACK_DATABASE_PATH"
    )
    assert junk.read_text(encoding="utf-8") == "junk\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.db"]


@pytest.mark.parametrize("command", [("db", "upgrade"), ("staff", "list")], ids=" ".join)
def test_another_programs_database_is_refused_untouched(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    result = feedback_cli(
        tmp_path / "data", *command, env={"FEEDBACK_DATABASE_PATH": str(other)}, timeout=60
    )
    assert result.returncode == 2
    assert "is not a Speak Safely database (it holds another program's tables)" in (
        one_error_line(result)
    )
    assert other.read_bytes() == before
