"""Argon2id hashing off the event loop, with bounded concurrency.

Each receipt check and staff login costs one argon2id computation (about 64 MiB
and tens of milliseconds). Running them on the event loop would stall every
other request, and letting them queue without limit would let a burst of
requests exhaust memory. So they run on a small thread pool, at most
``max_concurrent`` at once, with at most ``max_waiting`` queued behind; past
that the caller gets :class:`~feedback.errors.Overloaded` and the API answers
503 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from feedback.errors import Overloaded

T = TypeVar("T")


class Argon2Hasher:
    """Hash and verify secrets with argon2id (per-hash random salt) on worker threads."""

    def __init__(
        self,
        *,
        time_cost: int,
        memory_kib: int,
        parallelism: int,
        max_concurrent: int,
        max_waiting: int,
    ) -> None:
        self._hasher = PasswordHasher(
            time_cost=time_cost,
            memory_cost=memory_kib,
            parallelism=parallelism,
            hash_len=32,
            salt_len=16,
            type=Type.ID,
        )
        self._executor = ThreadPoolExecutor(max_workers=max_concurrent, thread_name_prefix="argon2")
        self._slots = asyncio.Semaphore(max_concurrent)
        self._max_in_flight = max_concurrent + max_waiting
        self._in_flight = 0
        # A throwaway hash, verified when no record matches, so that an unknown
        # lookup id costs the same time as a wrong secret.
        self._dummy_hash = self._hasher.hash("speak-safely-dummy-secret")

    async def hash(self, secret: str) -> str:
        """Return the argon2id PHC string for ``secret``."""
        return await self._run(self._hasher.hash, secret)

    async def verify(self, stored_hash: str | None, secret: str) -> bool:
        """True when ``secret`` matches; a ``None`` hash costs the same time and fails."""
        target = stored_hash if stored_hash is not None else self._dummy_hash
        matched = await self._run(self._verify_sync, target, secret)
        return matched and stored_hash is not None

    def _verify_sync(self, stored_hash: str, secret: str) -> bool:
        try:
            return self._hasher.verify(stored_hash, secret)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    async def _run(self, func: Callable[..., T], *args: str) -> T:
        if self._in_flight >= self._max_in_flight:
            raise Overloaded(retry_after_seconds=2)
        self._in_flight += 1
        try:
            async with self._slots:
                loop = asyncio.get_running_loop()
                return await loop.run_in_executor(self._executor, func, *args)
        finally:
            self._in_flight -= 1

    def close(self) -> None:
        """Stop the worker threads (waits for running computations)."""
        self._executor.shutdown(wait=True)
