"""Time for the service, with the rounding that keeps service users anonymous.

Exact submission times could be matched against ward rotas or CCTV, so times of
service-user actions are stored rounded down to the hour (or the day).
Staff actions keep exact times: the audit trail needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from feedback.settings import TimestampRounding

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time in UTC (the default :data:`Clock`)."""
    return datetime.now(UTC)


def round_down(moment: datetime, rounding: TimestampRounding) -> datetime:
    """Round ``moment`` (UTC) down to the start of its hour or day."""
    moment = moment.astimezone(UTC)
    if rounding is TimestampRounding.DAY:
        return moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return moment.replace(minute=0, second=0, microsecond=0)


def to_text(moment: datetime) -> str:
    """Store times as ISO 8601 UTC text, which sorts correctly in SQLite."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_text(text: str) -> datetime:
    """Read a time stored by :func:`to_text`."""
    return datetime.fromisoformat(text)


def fixed_clock(moment: datetime) -> Clock:
    """A clock stopped at ``moment``: for demo data and tests."""

    def clock() -> datetime:
        return moment

    return clock
