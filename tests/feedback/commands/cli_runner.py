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
    data_dir: Path, *args: str, stdin: str = "", cheap: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run one command; the password (if any) goes on standard input."""
    env = {**os.environ, "FEEDBACK_DATA_DIR": str(data_dir), **(CHEAP if cheap else {})}
    return subprocess.run(
        [sys.executable, "-m", "feedback", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
