"""Slow down password guessing on the staff sign-in, without knowing who is guessing.

The same mechanism as receipt guessing (:class:`feedback.throttle.FailureThrottle`):
failed sign-ins are counted per username (someone attacking one account) and
across the service (someone spraying many usernames). A correct password clears
its username's count, so a member of staff who mistypes is slowed only while an
attack is on.
"""

from __future__ import annotations

from datetime import timedelta

from feedback.clock import Clock, utc_now
from feedback.settings import Settings
from feedback.throttle import FailureThrottle

MAX_TRACKED_USERNAMES = 10_000


class LoginThrottle(FailureThrottle):
    """Counts failed sign-ins per (case-folded) username and globally."""

    def __init__(
        self,
        *,
        per_user_limit: int,
        per_user_window: timedelta,
        global_per_minute: int,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(
            per_key_limit=per_user_limit,
            per_key_window=per_user_window,
            global_per_minute=global_per_minute,
            max_tracked_keys=MAX_TRACKED_USERNAMES,
            global_message="Too many failed sign-ins in the last minute. Please wait a minute "
            "and try again.",
            per_key_message="Too many failed sign-ins for this account. Please wait {minutes} "
            "minute{s} and try again.",
            normalise=str.casefold,
            clock=clock,
        )

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock = utc_now) -> LoginThrottle:
        """The throttle the ``FEEDBACK_LOGIN_FAILURES_*`` settings describe."""
        return cls(
            per_user_limit=settings.login_failures_per_user,
            per_user_window=timedelta(minutes=settings.login_failures_window_minutes),
            global_per_minute=settings.login_failures_global_per_minute,
            clock=clock,
        )
