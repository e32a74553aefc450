"""Triage deadlines: same-day for urgent items, working days for the rest.

The NHS complaints regulations (England, 2009) ask for acknowledgement within
three working days; the response target is the trust's own. Working days skip
Saturdays, Sundays and the configured bank holidays. Days are counted in UTC:
a deadline is the end of its day, so an item received late on Friday is due by
the end of Wednesday when the target is three working days.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path

import msgspec

from feedback.casework import OverdueCutoffs
from feedback.models import Item, Priority, Status
from feedback.settings import Settings

AWAITING_ACKNOWLEDGEMENT = frozenset({Status.NEW})
AWAITING_RESPONSE = frozenset(
    {Status.NEW, Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.REOPENED}
)


class _HolidaysFile(msgspec.Struct, forbid_unknown_fields=True):
    dates: list[date]
    region: str = ""


def load_bank_holidays(path: Path) -> frozenset[date]:
    """Read a bank holidays file (``dates = [2026-01-01, ...]``); errors name the file."""
    try:
        parsed = msgspec.toml.decode(path.read_bytes(), type=_HolidaysFile)
    except (OSError, msgspec.DecodeError) as exc:
        raise ValueError(f"cannot read bank holidays file {path}: {exc}") from None
    return frozenset(parsed.dates)


class DeadlineKind(StrEnum):
    """Which target an item is measured against now."""

    URGENT = "urgent"
    ACKNOWLEDGE = "acknowledge"
    RESPOND = "respond"


class Deadline(msgspec.Struct, frozen=True, kw_only=True):
    """The next target an item must meet, and whether it is already missed."""

    kind: DeadlineKind
    due: datetime
    overdue: bool


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


class WorkingCalendar:
    """Working-day arithmetic and every deadline rule, configured once from settings."""

    def __init__(
        self,
        holidays: Iterable[date],
        *,
        urgent_hours: int,
        acknowledge_days: int,
        respond_days: int,
    ) -> None:
        self.holidays = frozenset(holidays)
        self.urgent_hours = urgent_hours
        self.acknowledge_days = acknowledge_days
        self.respond_days = respond_days

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkingCalendar:
        """The calendar the settings describe (bank holidays file and targets)."""
        return cls(
            load_bank_holidays(settings.bank_holidays_path),
            urgent_hours=settings.urgent_target_hours,
            acknowledge_days=settings.acknowledge_working_days,
            respond_days=settings.response_working_days,
        )

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday and not a bank holiday."""
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself never counts)."""
        current = start
        remaining = days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_due(self, received_at: datetime, days: int) -> datetime:
        """The moment a working-day target ends: midnight after its last day."""
        last_day = self.add_working_days(received_at.astimezone(UTC).date(), days)
        return _start_of(last_day + timedelta(days=1))

    def urgent_due(self, received_at: datetime) -> datetime:
        """Urgent items are due a fixed number of hours after they arrive."""
        return received_at + timedelta(hours=self.urgent_hours)

    def deadline(self, item: Item, now: datetime) -> Deadline | None:
        """The target the item must meet next, or ``None`` once it has been answered."""
        if item.status in AWAITING_ACKNOWLEDGEMENT:
            # Urgent as now decided: a lead may clear a false alarm or mark a missed one.
            if item.priority is Priority.URGENT:
                due = self.urgent_due(item.received_at)
                return Deadline(kind=DeadlineKind.URGENT, due=due, overdue=now >= due)
            due = self.working_days_due(item.received_at, self.acknowledge_days)
            return Deadline(kind=DeadlineKind.ACKNOWLEDGE, due=due, overdue=now >= due)
        if item.status in AWAITING_RESPONSE:
            due = self.working_days_due(item.received_at, self.respond_days)
            return Deadline(kind=DeadlineKind.RESPOND, due=due, overdue=now >= due)
        return None

    def _cutoff(self, now: datetime, days: int) -> datetime:
        # Deadlines grow with the received date, so walk back from today to the
        # latest received date whose deadline has passed; everything before the
        # next midnight is overdue. At most a few dozen steps.
        day = now.astimezone(UTC).date()
        while self.working_days_due(_start_of(day), days) > now:
            day -= timedelta(days=1)
        return _start_of(day + timedelta(days=1))

    def overdue_cutoffs(self, now: datetime) -> OverdueCutoffs:
        """Received-before times for the queue's ``overdue`` filter, done in SQL."""
        return OverdueCutoffs(
            urgent=now - timedelta(hours=self.urgent_hours),
            acknowledge=self._cutoff(now, self.acknowledge_days),
            respond=self._cutoff(now, self.respond_days),
        )
