"""Slow down guessing, without knowing who is guessing.

We never look at IP addresses, so throttling cannot be per person. Instead a
:class:`FailureThrottle` counts *failed* attempts: per key (someone hammering
one receipt code or one username) and across the whole service (someone
spraying guesses). Successes cost nothing, so a real user is only slowed while
an attack is going on. State is in memory: it resets on restart, which costs an
attacker a restart they cannot cause.
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from collections.abc import Callable
from datetime import datetime, timedelta

from feedback.clock import Clock, utc_now
from feedback.errors import TooManyAttempts

MAX_TRACKED_CODES = 100_000


class FailureThrottle:
    """Counts failures per key and globally; refuses while either is over its limit.

    ``per_key_message`` may use ``{minutes}`` and ``{s}`` (the plural ending).
    """

    def __init__(
        self,
        *,
        per_key_limit: int,
        per_key_window: timedelta,
        global_per_minute: int,
        max_tracked_keys: int,
        global_message: str,
        per_key_message: str,
        normalise: Callable[[str], str] = str,
        clock: Clock = utc_now,
    ) -> None:
        self._per_key_limit = per_key_limit
        self._per_key_window = per_key_window
        self._global_limit = global_per_minute
        self._max_tracked = max_tracked_keys
        self._global_message = global_message
        self._per_key_message = per_key_message
        self._normalise = normalise
        self._clock = clock
        self._per_key: OrderedDict[str, deque[datetime]] = OrderedDict()
        self._global: deque[datetime] = deque()

    def check(self, key: str) -> None:
        """Raise :class:`TooManyAttempts` if this key, or the service, is cooling down."""
        now = self._clock()
        self._prune(self._global, now - timedelta(minutes=1))
        if len(self._global) >= self._global_limit:
            wait = self._global[0] + timedelta(minutes=1) - now
            raise TooManyAttempts(
                self._global_message,
                retry_after_seconds=max(1, math.ceil(wait.total_seconds())),
            )
        failures = self._per_key.get(self._normalise(key))
        if failures is None:
            return
        self._prune(failures, now - self._per_key_window)
        if len(failures) >= self._per_key_limit:
            wait = failures[0] + self._per_key_window - now
            minutes = max(1, math.ceil(wait.total_seconds() / 60))
            raise TooManyAttempts(
                self._per_key_message.format(minutes=minutes, s="s" if minutes != 1 else ""),
                retry_after_seconds=max(1, math.ceil(wait.total_seconds())),
            )

    def record_failure(self, key: str) -> None:
        """Count one failure against this key and the service."""
        now = self._clock()
        normalised = self._normalise(key)
        self._global.append(now)
        failures = self._per_key.setdefault(normalised, deque())
        self._per_key.move_to_end(normalised)
        failures.append(now)
        while len(self._per_key) > self._max_tracked:
            self._per_key.popitem(last=False)

    def record_success(self, key: str) -> None:
        """A success clears its own key's failures."""
        self._per_key.pop(self._normalise(key), None)

    @staticmethod
    def _prune(times: deque[datetime], cutoff: datetime) -> None:
        while times and times[0] <= cutoff:
            times.popleft()


class GuessThrottle(FailureThrottle):
    """Failed receipt checks, per receipt lookup id and globally."""

    def __init__(
        self,
        *,
        per_code_limit: int,
        per_code_window: timedelta,
        global_per_minute: int,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(
            per_key_limit=per_code_limit,
            per_key_window=per_code_window,
            global_per_minute=global_per_minute,
            max_tracked_keys=MAX_TRACKED_CODES,
            global_message="Too many codes have been tried in the last minute. Please wait a "
            "minute and try again.",
            per_key_message="This code has been tried too many times. Please wait {minutes} "
            "minute{s} and try again.",
            clock=clock,
        )
