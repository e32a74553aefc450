"""Argon2id off the event loop: correct, salted, bounded."""

from __future__ import annotations

import asyncio

import pytest

from feedback.errors import Overloaded
from feedback.hasher import Argon2Hasher


def make(
    max_concurrent: int = 1, max_waiting: int = 0, time_cost: int = 1, memory_kib: int = 64
) -> Argon2Hasher:
    return Argon2Hasher(
        time_cost=time_cost,
        memory_kib=memory_kib,
        parallelism=1,
        max_concurrent=max_concurrent,
        max_waiting=max_waiting,
    )


async def test_hash_verifies_and_is_salted_argon2id() -> None:
    hasher = make()
    first = await hasher.hash("SECRET")
    second = await hasher.hash("SECRET")
    assert first.startswith("$argon2id$v=19$m=64,t=1,p=1$")
    assert first != second  # a fresh salt every time
    assert await hasher.verify(first, "SECRET")
    assert not await hasher.verify(first, "SECRET2")
    hasher.close()


async def test_missing_hash_costs_a_verification_and_fails() -> None:
    hasher = make()
    assert not await hasher.verify(None, "anything")
    hasher.close()


async def test_overload_is_refused_not_queued_forever() -> None:
    hasher = make(max_concurrent=1, max_waiting=1, time_cost=40)
    results = await asyncio.gather(
        *(hasher.hash(f"s{i}") for i in range(4)), return_exceptions=True
    )
    refused = [r for r in results if isinstance(r, Overloaded)]
    done = [r for r in results if isinstance(r, str)]
    assert len(done) == 2
    assert len(refused) == 2
    assert refused[0].retry_after_seconds >= 1
    hasher.close()


async def test_hashing_does_not_block_the_event_loop() -> None:
    hasher = make(time_cost=4, memory_kib=16384)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    await hasher.hash("slow")
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # The loop kept running while the hash was computed on a worker thread.
    assert ticks > 10
    hasher.close()
