"""Create staff accounts on a live server's database the way an operator would."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.e2e.server import LiveServer

PASSWORD = "a long and careful password"


def add_account(server: LiveServer, username: str, role: str) -> None:
    """``feedback staff add`` with the password on standard input."""
    result = subprocess.run(
        [sys.executable, "-m", "feedback", "staff", "add", "--username", username, "--role", role],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env={**os.environ, "FEEDBACK_DATA_DIR": str(server.data_dir)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
