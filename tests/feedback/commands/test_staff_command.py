"""``feedback staff``: accounts from the command line, passwords never in arguments."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.feedback.commands.cli_runner import feedback_cli, upgraded


def test_add_list_disable_enable_reset(tmp_path: Path) -> None:
    data = upgraded(tmp_path / "data")
    added = feedback_cli(
        data,
        "staff",
        "add",
        "--username",
        "dana",
        "--role",
        "safeguarding_lead",
        stdin="correct horse battery\n",
    )
    assert added.returncode == 0, added.stderr
    assert "Created safeguarding_lead account 'dana'" in added.stdout
    listed = feedback_cli(data, "staff", "list")
    assert "dana" in listed.stdout
    assert "active" in listed.stdout
    assert feedback_cli(data, "staff", "disable", "--username", "dana").returncode == 0
    assert "disabled" in feedback_cli(data, "staff", "list").stdout
    assert feedback_cli(data, "staff", "enable", "--username", "dana").returncode == 0
    reset = feedback_cli(
        data, "staff", "reset-password", "--username", "dana", stdin="another good password\n"
    )
    assert reset.returncode == 0, reset.stderr
    conn = sqlite3.connect(data / "feedback.db")
    actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id")]
    conn.close()
    assert actions == [
        "staff.created",
        "staff.disabled",
        "staff.enabled",
        "staff.password_reset",
    ]


def test_bad_input_is_one_sentence_and_writes_nothing(tmp_path: Path) -> None:
    data = upgraded(tmp_path / "data")
    short = feedback_cli(
        data, "staff", "add", "--username", "dana", "--role", "reviewer", stdin="short\n"
    )
    assert short.returncode == 2
    assert "at least 12 characters" in short.stderr
    unknown = feedback_cli(data, "staff", "disable", "--username", "ghost")
    assert unknown.returncode == 2
    assert "no staff account called 'ghost'" in unknown.stderr
    assert "No staff accounts yet" in feedback_cli(data, "staff", "list").stdout


def test_password_is_not_an_argument(tmp_path: Path) -> None:
    result = feedback_cli(
        tmp_path / "d", "staff", "add", "--username", "x1", "--role", "admin", "--password", "p"
    )
    assert result.returncode == 2
    assert "unrecognized arguments: --password" in result.stderr
