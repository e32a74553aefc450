"""Under a burst of receipt-issuing submissions the server sheds load with 503 +
Retry-After instead of queueing argon2 work without bound, and every request it
refused left nothing in the database."""

from __future__ import annotations

import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.e2e.server import run_server


async def burst(base_url: str, count: int) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        return await asyncio.gather(
            *(
                client.post("/api/v1/feedback", json={"text": f"burst {i}", "wants_reply": True})
                for i in range(count)
            )
        )


def test_burst_is_shed_with_retry_after(tmp_path: Path) -> None:
    with run_server(
        tmp_path / "data",
        classifier="none",
        argon2_time_cost="3",
        argon2_memory_kib="32768",
        argon2_parallelism="1",
        argon2_max_concurrent="1",
        argon2_max_waiting="2",
    ) as server:
        # In a thread: the browser tests' Playwright loop may be running in this one.
        with ThreadPoolExecutor(max_workers=1) as pool:
            responses = pool.submit(asyncio.run, burst(server.base_url, 16)).result()
        statuses = [r.status_code for r in responses]
        assert set(statuses) == {201, 503}, statuses
        for response in responses:
            if response.status_code == 503:
                assert int(response.headers["retry-after"]) >= 1
                assert "busy" in response.json()["message"]
        # The server is still healthy after the burst.
        assert httpx.get(server.base_url + "/healthz").status_code == 200
    conn = sqlite3.connect(server.database)
    stored = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    conn.close()
    assert stored == statuses.count(201)
