"""Working days, bank holidays and the three deadline rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import msgspec

from feedback.deadlines import DeadlineKind, WorkingCalendar, load_bank_holidays
from feedback.models import Item, Priority, Status
from feedback.settings import PACKAGE_DATA, load_settings

CALENDAR = WorkingCalendar(
    load_bank_holidays(PACKAGE_DATA / "bank_holidays.toml"),
    urgent_hours=8,
    acknowledge_days=3,
    respond_days=25,
)


def item(received: datetime, *, status: Status = Status.NEW, urgent: bool = False) -> Item:
    return Item(
        id=1,
        reference="ABC-DEF",
        text="x",
        service_id=None,
        kind=None,
        wants_reply=False,
        on_behalf=False,
        quote_consent=False,
        received_at=received,
        status=status,
        urgent=urgent,
        priority=Priority.URGENT if urgent else Priority.ORDINARY,
        model_version="t",
    )


def test_bank_holidays_cover_england_and_wales_2025_to_2028() -> None:
    holidays = load_bank_holidays(PACKAGE_DATA / "bank_holidays.toml")
    assert {d.year for d in holidays} == {2025, 2026, 2027, 2028}
    assert all(sum(d.year == y for d in holidays) == 8 for y in range(2025, 2029))
    assert date(2026, 12, 28) in holidays  # Boxing Day 2026 is a Saturday: substitute Monday
    assert all(d.weekday() < 5 for d in holidays)
    assert load_settings({}).bank_holidays_path == PACKAGE_DATA / "bank_holidays.toml"


def test_working_days_skip_weekends_and_bank_holidays() -> None:
    # Friday 2026-04-03 is Good Friday, Monday 04-06 Easter Monday.
    assert CALENDAR.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert CALENDAR.add_working_days(date(2026, 4, 2), 3) == date(2026, 4, 9)
    # An ordinary Friday: three working days later is Wednesday.
    assert CALENDAR.add_working_days(date(2026, 5, 15), 3) == date(2026, 5, 20)
    assert not CALENDAR.is_working_day(date(2026, 5, 16))


def test_acknowledgement_deadline_and_overdue() -> None:
    received = datetime(2026, 5, 15, 22, 0, tzinfo=UTC)  # Friday evening
    due = datetime(2026, 5, 21, 0, 0, tzinfo=UTC)  # end of Wednesday
    on_time = CALENDAR.deadline(item(received), due - timedelta(seconds=1))
    assert on_time is not None
    assert (on_time.kind, on_time.due, on_time.overdue) == (DeadlineKind.ACKNOWLEDGE, due, False)
    late = CALENDAR.deadline(item(received), due)
    assert late is not None
    assert late.overdue


def test_urgent_items_are_due_the_same_day() -> None:
    received = datetime(2026, 5, 15, 9, 0, tzinfo=UTC)
    deadline = CALENDAR.deadline(item(received, urgent=True), received + timedelta(hours=8))
    assert deadline is not None
    assert deadline.kind is DeadlineKind.URGENT
    assert deadline.due == received + timedelta(hours=8)
    assert deadline.overdue


def test_a_leads_urgency_decision_sets_the_deadline() -> None:
    received = datetime(2026, 5, 15, 9, 0, tzinfo=UTC)
    # The classifier flagged it; a lead cleared the flag, so priority is no longer urgent.
    cleared = msgspec.structs.replace(item(received, urgent=True), priority=Priority.ORDINARY)
    deadline = CALENDAR.deadline(cleared, received)
    assert deadline is not None
    assert deadline.kind is DeadlineKind.ACKNOWLEDGE
    # The classifier missed it; a lead marked it urgent.
    marked = msgspec.structs.replace(item(received), priority=Priority.URGENT)
    deadline = CALENDAR.deadline(marked, received)
    assert deadline is not None
    assert (deadline.kind, deadline.due) == (DeadlineKind.URGENT, received + timedelta(hours=8))


def test_response_deadline_after_acknowledgement_and_none_once_answered() -> None:
    received = datetime(2026, 5, 15, 9, 0, tzinfo=UTC)
    acknowledged = msgspec.structs.replace(item(received), status=Status.ACKNOWLEDGED)
    deadline = CALENDAR.deadline(acknowledged, received)
    assert deadline is not None
    assert deadline.kind is DeadlineKind.RESPOND
    # 25 working days from Fri 15 May 2026, skipping the 25 May bank holiday: Mon 22 June.
    assert deadline.due == datetime(2026, 6, 23, tzinfo=UTC)
    assert CALENDAR.deadline(item(received, status=Status.RESPONDED), received) is None
    assert CALENDAR.deadline(item(received, status=Status.CLOSED), received) is None


def test_overdue_cutoffs_agree_with_the_per_item_rule() -> None:
    now = datetime(2026, 5, 21, 10, 0, tzinfo=UTC)
    cutoffs = CALENDAR.overdue_cutoffs(now)
    start = datetime(2026, 4, 1, tzinfo=UTC)
    for hours in range(0, 24 * 50, 5):
        received = start + timedelta(hours=hours)
        deadline = CALENDAR.deadline(item(received), now)
        assert deadline is not None
        assert deadline.overdue == (received < cutoffs.acknowledge), received
