#!/usr/bin/env python3
"""Set up and run Speak Safely with nothing but Python 3.11 and pip.

    python3 dev.py start   # set up, add demo data, serve on http://127.0.0.1:8000
    python3 dev.py test    # set up, then lint, type-check and run every test

Setting up means: a virtual environment in .venv with the pinned dependencies,
the rights classifier trained (skipped when already current), and, for tests,
Debian's Chromium and the axe-core accessibility checker (installed when
missing and running as root, as on CI; otherwise we say what to install).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".installed"
CHROMIUM = Path("/usr/bin/chromium")


def run(*command: str | Path, env: dict[str, str] | None = None) -> None:
    """Run a command from the project folder; stop with its exit code if it fails."""
    printable = " ".join(str(part) for part in command)
    print(f"+ {printable}", flush=True)
    result = subprocess.run([str(part) for part in command], cwd=ROOT, env=env, check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_venv(extras: str) -> None:
    """Create .venv and install the project, again only when pyproject.toml changed."""
    if sys.version_info < (3, 11):
        sys.exit("Speak Safely needs Python 3.11 or newer.")
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip==25.3")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", f".{extras}")
    STAMP.write_text(wanted)


def ensure_model() -> None:
    """Train the rights classifier unless the current model file matches the corpus."""
    run(PYTHON, "-m", "classifiers", "train", "--if-stale")


def ensure_browser_tools() -> None:
    """Chromium (Debian) and axe-core (npm) for the browser and accessibility tests."""
    missing = []
    if not CHROMIUM.exists():
        missing.append("chromium")
    if shutil.which("npm") is None:
        missing.append("npm")
    if missing:
        if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
            run("apt-get", "update", "-qq")
            run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing)
        else:
            sys.exit(
                "The browser tests need Debian's packages: "
                + " ".join(missing)
                + f". Install them (sudo apt-get install {' '.join(missing)}) and run again."
            )
    if not (ROOT / "node_modules" / "axe-core" / "axe.min.js").exists():
        run("npm", "ci", "--no-audit", "--no-fund", "--silent")


def start() -> None:
    """Set up, add demo data once, and serve."""
    ensure_venv("")
    ensure_model()
    feedback = BIN / "feedback"
    run(feedback, "db", "upgrade")
    run(feedback, "demo")
    print("\nSpeak Safely is starting on http://127.0.0.1:8000 (Ctrl+C to stop).", flush=True)
    os.execv(str(feedback), [str(feedback), "serve"])


def test() -> None:
    """Set up, then ruff, mypy and the whole pytest suite."""
    ensure_venv("[test]")
    ensure_browser_tools()
    ensure_model()
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    run(BIN / "mypy")
    run(PYTHON, "-m", "pytest", *sys.argv[2:])


def main() -> None:
    """Dispatch ``start`` or ``test``."""
    commands = {"start": start, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit("usage: python3 dev.py start | test [pytest arguments]")
    commands[sys.argv[1]]()


if __name__ == "__main__":
    main()
