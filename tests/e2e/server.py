"""Run the real service (``feedback serve``) in a subprocess on loopback, for end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port nobody is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class LiveServer:
    """A running service and where it keeps its files."""

    base_url: str
    data_dir: Path
    log_path: Path
    process: subprocess.Popen[bytes]

    @property
    def database(self) -> Path:
        return self.data_dir / "feedback.db"

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def run_server(data_dir: Path, **settings: str) -> Iterator[LiveServer]:
    """Start ``feedback serve`` with ``FEEDBACK_*`` settings; stop it on exit."""
    port = free_port()
    env = {
        **os.environ,
        "FEEDBACK_DATA_DIR": str(data_dir),
        "FEEDBACK_HOST": "127.0.0.1",
        "FEEDBACK_PORT": str(port),
        **{f"FEEDBACK_{key.upper()}": value for key, value in settings.items()},
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir.parent / f"server-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "feedback", "serve"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", data_dir, log_path, process)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{server.log_text()}")
            try:
                if httpx.get(server.base_url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not start:\n{server.log_text()}")
            time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
