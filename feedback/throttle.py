"""Slow down people guessing receipt codes, without knowing who they are.

We never look at IP addresses, so throttling cannot be per person. Instead it
counts *failed* follow-ups: per receipt lookup id (someone hammering one code)
and across the whole service (someone spraying guesses). Successful follow-ups
cost nothing, so a real user is only slowed while an attack is going on.
State is in memory: it resets on restart, which costs an attacker a restart
they cannot cause.
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from datetime import datetime, timedelta

from feedback.clock import Clock, utc_now
from feedback.errors import TooManyAttempts

MAX_TRACKED_CODES = 100_000


class GuessThrottle:
    """Counts failed receipt checks per lookup id and globally."""

    def __init__(
        self,
        *,
        per_code_limit: int,
        per_code_window: timedelta,
        global_per_minute: int,
        clock: Clock = utc_now,
    ) -> None:
        self._per_code_limit = per_code_limit
        self._per_code_window = per_code_window
        self._global_limit = global_per_minute
        self._clock = clock
        self._per_code: OrderedDict[str, deque[datetime]] = OrderedDict()
        self._global: deque[datetime] = deque()

    def check(self, lookup_id: str) -> None:
        """Raise :class:`TooManyAttempts` if this lookup id, or the service, is cooling down."""
        now = self._clock()
        self._prune(self._global, now - timedelta(minutes=1))
        if len(self._global) >= self._global_limit:
            wait = self._global[0] + timedelta(minutes=1) - now
            raise TooManyAttempts(
                "Too many codes have been tried in the last minute. Please wait a minute "
                "and try again.",
                retry_after_seconds=max(1, math.ceil(wait.total_seconds())),
            )
        failures = self._per_code.get(lookup_id)
        if failures is None:
            return
        self._prune(failures, now - self._per_code_window)
        if len(failures) >= self._per_code_limit:
            wait = failures[0] + self._per_code_window - now
            minutes = max(1, math.ceil(wait.total_seconds() / 60))
            raise TooManyAttempts(
                f"This code has been tried too many times. Please wait {minutes} "
                f"minute{'s' if minutes != 1 else ''} and try again.",
                retry_after_seconds=max(1, math.ceil(wait.total_seconds())),
            )

    def record_failure(self, lookup_id: str) -> None:
        """Count one failed check against this lookup id and the service."""
        now = self._clock()
        self._global.append(now)
        failures = self._per_code.setdefault(lookup_id, deque())
        self._per_code.move_to_end(lookup_id)
        failures.append(now)
        while len(self._per_code) > MAX_TRACKED_CODES:
            self._per_code.popitem(last=False)

    def record_success(self, lookup_id: str) -> None:
        """A correct code clears its own failures."""
        self._per_code.pop(lookup_id, None)

    @staticmethod
    def _prune(times: deque[datetime], cutoff: datetime) -> None:
        while times and times[0] <= cutoff:
            times.popleft()
