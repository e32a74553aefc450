"""End to end: a real server on loopback, a scripted service user with canary
address, browser identity, referrer and receipt; afterwards none of them may be
found in the database files or the server's log."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.e2e.server import run_server

CANARY_IP = "127.83.61.29"  # a loopback address the client really connects from
CANARY_AGENT = "CanaryBrowser/9.9 (uniq-agent-7f3k)"
CANARY_REFERRER = "https://canary-referrer.example/ward-7f3k"
CANARY_FORWARDED = "198.51.100.77"


def test_no_canary_reaches_database_or_logs(tmp_path: Path) -> None:
    with run_server(tmp_path / "data", classifier="none") as server:
        transport = httpx.HTTPTransport(local_address=CANARY_IP)
        headers = {
            "User-Agent": CANARY_AGENT,
            "Referer": CANARY_REFERRER,
            "X-Forwarded-For": CANARY_FORWARDED,
            "X-Real-IP": CANARY_FORWARDED,
            "Forwarded": f"for={CANARY_FORWARDED}",
        }
        with httpx.Client(base_url=server.base_url, transport=transport, headers=headers) as web:
            created = web.post(
                "/api/v1/feedback",
                json={"text": "Staff on the night shift shouted at me.", "wants_reply": True},
            )
            assert created.status_code == 201
            assert "set-cookie" not in created.headers
            receipt = created.json()["receipt"]
            followed = web.post("/api/v1/followup", json={"receipt": receipt})
            assert followed.status_code == 200
            replied = web.post(
                "/api/v1/followup/messages", json={"receipt": receipt, "text": "Please reply."}
            )
            assert replied.status_code == 201
            assert [e["text"] for e in replied.json()["conversation"]] == ["Please reply."]
            # Failures and errors are logged paths too: exercise them.
            assert web.post("/api/v1/followup", json={"receipt": receipt[:-1]}).status_code == 400
            assert web.post("/api/v1/feedback", content=b"{bad").status_code == 400
        server_log = server.log_text()

    stored = b"".join(
        path.read_bytes() for path in server.data_dir.glob("feedback.db*") if path.is_file()
    )
    assert stored, "the database was not written"
    compact = receipt.replace("-", "")
    canaries = {
        "client address": CANARY_IP,
        "forwarded address": CANARY_FORWARDED,
        "user agent": "uniq-agent-7f3k",
        "referrer": "canary-referrer",
        "receipt": receipt,
        "receipt without dashes": compact,
        "receipt secret": compact[6:23],
    }
    for what, canary in canaries.items():
        for spelling in {canary, canary.lower()}:
            assert spelling.encode() not in stored, f"{what} found in the database"
            assert spelling not in server_log, f"{what} found in the server log"
    # The log is not empty: it is being checked, not silently missing.
    assert "Application startup complete" in server_log
