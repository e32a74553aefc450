"""How much do receipts cost? Argon2id per receipt, and what the server sustains.

    .venv/bin/python bench/receipts_bench.py [--seconds 10] [--concurrency 8]

Prints:
1. argon2id hash and verify time at the configured (production) parameters,
   against a SHA-256 baseline in the same process: the ratio is how much slower
   an offline guess against a stolen database is than against a plain hash;
2. submissions per second a real server on loopback sustains with receipts
   (one argon2id hash each) against the same server without receipts, and
   follow-ups per second (one argon2id verification each).

The load generator runs on the same machine (2 shared cores here), so the
server figures are a floor; the ratios are the point.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import statistics
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from feedback.hasher import Argon2Hasher
from feedback.receipts import new_receipt
from feedback.settings import load_settings
from tests.e2e.server import run_server

MODEL = Path(__file__).resolve().parents[1] / "classifiers" / "model" / "rights_classifier.skops"


async def time_argon2(rounds: int) -> tuple[float, float, str]:
    """Median hash and verify seconds with the default settings' parameters."""
    settings = load_settings({})
    hasher = Argon2Hasher(
        time_cost=settings.argon2_time_cost,
        memory_kib=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
        max_concurrent=1,
        max_waiting=0,
    )
    hash_times, verify_times = [], []
    stored = ""
    for _ in range(rounds):
        secret = new_receipt().secret
        start = time.perf_counter()
        stored = await hasher.hash(secret)
        hash_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        assert await hasher.verify(stored, secret)
        verify_times.append(time.perf_counter() - start)
    hasher.close()
    return statistics.median(hash_times), statistics.median(verify_times), stored.split("$")[3]


def time_sha256(rounds: int) -> float:
    """Median seconds for one SHA-256 of a secret: the no-argon2 baseline."""
    secret = new_receipt().secret.encode()
    start = time.perf_counter()
    for _ in range(rounds):
        hashlib.sha256(secret).digest()
    return (time.perf_counter() - start) / rounds


async def load(
    base_url: str,
    path: str,
    bodies: Sequence[Mapping[str, object]],
    seconds: float,
    concurrency: int,
) -> tuple[float, dict[int, int]]:
    """Send requests from ``concurrency`` clients for ``seconds``; return ok/s and status counts."""
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + seconds
    limit = 100_000  # a hard bound on requests, whatever the speed

    async def worker(client: httpx.AsyncClient, offset: int) -> None:
        index = offset
        while time.monotonic() < deadline and sum(statuses.values()) < limit:
            response = await client.post(path, json=bodies[index % len(bodies)])
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            index += concurrency

    start = time.monotonic()
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        await asyncio.gather(*(worker(client, i) for i in range(concurrency)))
    elapsed = time.monotonic() - start
    ok = sum(count for status, count in statuses.items() if status < 300)
    return ok / elapsed, statuses


def main() -> None:
    """Run both parts and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    hash_s, verify_s, params = asyncio.run(time_argon2(args.rounds))
    sha_s = time_sha256(100_000)
    print(
        f"argon2id ({params}) per receipt: hash {hash_s * 1000:.1f} ms, "
        f"verify {verify_s * 1000:.1f} ms (median of {args.rounds})"
    )
    print(
        f"SHA-256 baseline: {sha_s * 1e6:.2f} us; argon2id verify is "
        f"{verify_s / sha_s:,.0f}x slower per offline guess"
    )

    classifier = "model" if MODEL.exists() else "none"
    texts = [
        "The night staff were kind and listened to me.",
        "Nobody told me about the side effects of my new medication.",
        "The ward was freezing and the food was cold again.",
    ]
    with (
        tempfile.TemporaryDirectory() as folder,
        run_server(
            Path(folder) / "data",
            classifier=classifier,
            followup_failures_global_per_minute="100000",
        ) as server,
    ):
        plain = [{"text": t} for t in texts]
        with_receipt = [{"text": t, "wants_reply": True} for t in texts]
        base_rate, base_status = asyncio.run(
            load(server.base_url, "/api/v1/feedback", plain, args.seconds, args.concurrency)
        )
        receipt_rate, receipt_status = asyncio.run(
            load(server.base_url, "/api/v1/feedback", with_receipt, args.seconds, args.concurrency)
        )
        codes = [
            httpx.post(server.base_url + "/api/v1/feedback", json=body).json()["receipt"]
            for body in with_receipt
        ]
        follow_rate, follow_status = asyncio.run(
            load(
                server.base_url,
                "/api/v1/followup",
                [{"receipt": c} for c in codes],
                args.seconds,
                args.concurrency,
            )
        )
    print(
        f"server (classifier={classifier}, {args.concurrency} clients, {args.seconds:.0f} s each):"
    )
    print(f"  submissions without receipt: {base_rate:7.1f}/s  statuses {base_status}")
    print(
        f"  submissions with receipt:    {receipt_rate:7.1f}/s  statuses {receipt_status}"
        f"  ratio {receipt_rate / base_rate:.3f} of baseline"
    )
    print(f"  follow-ups (argon2 verify):  {follow_rate:7.1f}/s  statuses {follow_status}")


if __name__ == "__main__":
    main()
