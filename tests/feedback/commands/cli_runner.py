"""Run ``python -m feedback`` as a real process on a test data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHEAP = {
    "FEEDBACK_ARGON2_TIME_COST": "1",
    "FEEDBACK_ARGON2_MEMORY_KIB": "64",
    "FEEDBACK_ARGON2_PARALLELISM": "1",
    "FEEDBACK_CLASSIFIER": "none",
}


def feedback_cli(
    data_dir: Path,
    *args: str,
    stdin: str = "",
    cheap: bool = True,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run one command; the password (if any) goes on standard input.

    A command that hangs fails the test with ``TimeoutExpired`` after ``timeout``
    seconds, which is how the tests catch a database left open on an error path.
    """
    environ = {
        **os.environ,
        "FEEDBACK_DATA_DIR": str(data_dir),
        **(CHEAP if cheap else {}),
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "feedback", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environ,
        timeout=timeout,
        check=False,
    )


def upgraded(data_dir: Path) -> Path:
    """Create the database in ``data_dir`` as an operator would first; return the folder."""
    result = feedback_cli(data_dir, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    return data_dir


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single ``feedback: ...`` line a refused command prints; fails on a traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("feedback: "), result.stderr
    return lines[0]
