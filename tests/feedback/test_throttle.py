"""Guess throttling without addresses: per lookup id and across the service."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from feedback.errors import TooManyAttempts
from feedback.throttle import GuessThrottle


class MovableClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 5, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def make(clock: MovableClock, per_code: int = 3, global_limit: int = 100) -> GuessThrottle:
    return GuessThrottle(
        per_code_limit=per_code,
        per_code_window=timedelta(minutes=15),
        global_per_minute=global_limit,
        clock=clock,
    )


def test_one_code_is_locked_after_repeated_failures_then_released() -> None:
    clock = MovableClock()
    throttle = make(clock)
    for _ in range(3):
        throttle.check("AAAAAA")
        throttle.record_failure("AAAAAA")
    with pytest.raises(TooManyAttempts) as caught:
        throttle.check("AAAAAA")
    assert 0 < caught.value.retry_after_seconds <= 15 * 60
    throttle.check("BBBBBB")  # other codes are unaffected
    clock.now += timedelta(minutes=16)
    throttle.check("AAAAAA")


def test_success_clears_a_codes_failures() -> None:
    clock = MovableClock()
    throttle = make(clock)
    throttle.record_failure("AAAAAA")
    throttle.record_failure("AAAAAA")
    throttle.record_success("AAAAAA")
    throttle.record_failure("AAAAAA")
    throttle.check("AAAAAA")


def test_spraying_many_codes_trips_the_global_limit() -> None:
    clock = MovableClock()
    throttle = make(clock, per_code=100, global_limit=10)
    for index in range(10):
        throttle.check(f"C{index:05d}")
        throttle.record_failure(f"C{index:05d}")
    with pytest.raises(TooManyAttempts, match="last minute"):
        throttle.check("NEWONE")
    clock.now += timedelta(seconds=61)
    throttle.check("NEWONE")
