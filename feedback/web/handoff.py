"""A one-time, in-memory hand-off from a form post to the page that follows it.

After a successful post the browser is sent (303) to a page such as
``/thanks/<token>``. The token is a random handle, not the receipt: the receipt
stays in this process's memory, is handed out once, and is then gone. So the
code is never in a URL, the history entry cannot resubmit the form, and a
second visit (Back then Forward, a reload, someone else on a shared tablet)
finds nothing. Entries are never written to the database or the log, expire
after a short time, and the store is bounded so a flood of posts cannot grow
it without limit (the oldest entries go first).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_TTL_SECONDS = 600.0
DEFAULT_MAX_ENTRIES = 10_000


class OneTimeStore(Generic[T]):
    """Values that can each be taken once, by a random token, within ``ttl_seconds``."""

    def __init__(
        self,
        *,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, T]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, value: T) -> str:
        """Keep ``value`` and return the token that takes it (URL-safe, 128 bits)."""
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._expire()
            while len(self._entries) >= self._max:
                self._entries.popitem(last=False)
            self._entries[token] = (self._clock() + self._ttl, value)
        return token

    def take(self, token: str) -> T | None:
        """The value for ``token``, removed as it is read; ``None`` if taken or expired."""
        with self._lock:
            self._expire()
            entry = self._entries.pop(token, None)
        return entry[1] if entry else None

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._entries)

    def _expire(self) -> None:
        now = self._clock()
        # Insertion order is expiry order (one TTL for all), so stop at the first live one.
        while self._entries:
            token, (expires, _) = next(iter(self._entries.items()))
            if expires > now:
                break
            del self._entries[token]
