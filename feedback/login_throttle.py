"""Slow down password guessing on the staff sign-in, without knowing who is guessing.

Like :mod:`feedback.throttle`, this never looks at addresses: it counts failed
sign-ins per username (someone attacking one account) and across the service
(someone spraying many usernames). A correct password clears its username's
count, so a member of staff who mistypes is slowed only while an attack is on.
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from datetime import datetime, timedelta

from feedback.clock import Clock, utc_now
from feedback.errors import TooManyAttempts
from feedback.settings import Settings

MAX_TRACKED_USERNAMES = 10_000


class LoginThrottle:
    """Counts failed sign-ins per (case-folded) username and globally."""

    def __init__(
        self,
        *,
        per_user_limit: int,
        per_user_window: timedelta,
        global_per_minute: int,
        clock: Clock = utc_now,
    ) -> None:
        self._per_user_limit = per_user_limit
        self._per_user_window = per_user_window
        self._global_limit = global_per_minute
        self._clock = clock
        self._per_user: OrderedDict[str, deque[datetime]] = OrderedDict()
        self._global: deque[datetime] = deque()

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock = utc_now) -> LoginThrottle:
        """The throttle the ``FEEDBACK_LOGIN_FAILURES_*`` settings describe."""
        return cls(
            per_user_limit=settings.login_failures_per_user,
            per_user_window=timedelta(minutes=settings.login_failures_window_minutes),
            global_per_minute=settings.login_failures_global_per_minute,
            clock=clock,
        )

    def check(self, username: str) -> None:
        """Raise :class:`TooManyAttempts` if this username, or sign-in as a whole, is cooling."""
        now = self._clock()
        self._prune(self._global, now - timedelta(minutes=1))
        if len(self._global) >= self._global_limit:
            wait = self._global[0] + timedelta(minutes=1) - now
            raise TooManyAttempts(
                "Too many failed sign-ins in the last minute. Please wait a minute and try again.",
                retry_after_seconds=max(1, math.ceil(wait.total_seconds())),
            )
        failures = self._per_user.get(username.casefold())
        if failures is None:
            return
        self._prune(failures, now - self._per_user_window)
        if len(failures) >= self._per_user_limit:
            wait = failures[0] + self._per_user_window - now
            minutes = max(1, math.ceil(wait.total_seconds() / 60))
            raise TooManyAttempts(
                f"Too many failed sign-ins for this account. Please wait {minutes} "
                f"minute{'s' if minutes != 1 else ''} and try again.",
                retry_after_seconds=max(1, math.ceil(wait.total_seconds())),
            )

    def record_failure(self, username: str) -> None:
        """Count one failed sign-in against the username and the service."""
        now = self._clock()
        key = username.casefold()
        self._global.append(now)
        failures = self._per_user.setdefault(key, deque())
        self._per_user.move_to_end(key)
        failures.append(now)
        while len(self._per_user) > MAX_TRACKED_USERNAMES:
            self._per_user.popitem(last=False)

    def record_success(self, username: str) -> None:
        """A correct password clears the username's failures."""
        self._per_user.pop(username.casefold(), None)

    @staticmethod
    def _prune(times: deque[datetime], cutoff: datetime) -> None:
        while times and times[0] <= cutoff:
            times.popleft()
