"""The triage queue: order, filters, counts, keyset pages; the case file and audit reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from feedback.actions import triage
from feedback.casework import QueueKey
from feedback.clock import fixed_clock
from feedback.deadlines import WorkingCalendar
from feedback.errors import NotFound, PermissionDenied
from feedback.models import Priority, Role, Status
from feedback.queue import QueueRequest, audit_page, case_file, queue_page
from feedback.runtime import Runtime
from tests.feedback.triage_helpers import all_roles, submit

START = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def calendar(runtime: Runtime) -> WorkingCalendar:
    return WorkingCalendar.from_settings(runtime.settings)


async def submit_at(runtime: Runtime, when: datetime, text: str) -> int:
    runtime.clock = fixed_clock(when)
    item_id, _ = await submit(runtime, text)
    return item_id


async def test_urgent_then_severity_then_flags_then_possible_then_ordinary_then_age(
    runtime: Runtime, calendar: WorkingCalendar
) -> None:
    ordinary_old = await submit_at(runtime, START, "the food was fine")
    chilly = await submit_at(runtime, START + timedelta(minutes=30), "the ward is chilly")
    cold = await submit_at(runtime, START + timedelta(hours=1), "the ward is cold")
    restraint_new = await submit_at(runtime, START + timedelta(hours=3), "they restrain people")
    restraint_old = await submit_at(runtime, START + timedelta(hours=2), "they restrain me")
    urgent = await submit_at(runtime, START + timedelta(hours=4), "I will do it tonight")
    lead = (await all_roles(runtime))[Role.SAFEGUARDING_LEAD]
    page = await queue_page(runtime, lead, calendar, QueueRequest())
    order = [entry.row.item.id for entry in page.entries]
    assert order == [urgent, restraint_old, restraint_new, cold, chilly, ordinary_old]
    assert page.total == 6
    assert page.next_after is None
    assert page.entries[1].row.labels == ("restraint",)
    # Worth a look is a place in the queue, not a label.
    assert page.entries[4].row.item.priority is Priority.POSSIBLE
    assert page.entries[4].row.labels == ()
    file = await case_file(runtime, lead, calendar, chilly)
    assert [(p.label, p.flagged, p.possible) for p in file.predictions if p.possible] == [
        ("living_conditions", False, True)
    ]


async def test_keyset_pages_cover_everything_once(
    runtime: Runtime, calendar: WorkingCalendar
) -> None:
    ids = [
        await submit_at(runtime, START + timedelta(hours=i), f"text {i}" + " restrain" * (i % 2))
        for i in range(1, 12)
    ]
    lead = (await all_roles(runtime))[Role.SAFEGUARDING_LEAD]
    seen: list[int] = []
    after = None
    while True:
        page = await queue_page(runtime, lead, calendar, QueueRequest(), after=after, limit=4)
        seen.extend(entry.row.item.id for entry in page.entries)
        if page.next_after is None:
            break
        after = QueueKey.decode(page.next_after.encode())
    assert sorted(seen) == sorted(ids)
    assert len(seen) == len(set(seen))


async def test_filters_and_counts(runtime: Runtime, calendar: WorkingCalendar) -> None:
    staff = await all_roles(runtime)
    lead = staff[Role.SAFEGUARDING_LEAD]
    old = await submit_at(runtime, START, "they restrain people")
    cold = await submit_at(runtime, START + timedelta(days=9), "the ward is cold")
    runtime.clock = fixed_clock(START + timedelta(days=10))
    await triage.acknowledge(runtime, lead, cold)
    await triage.assign(runtime, lead, cold, staff[Role.REVIEWER].id)

    async def ids(request: QueueRequest) -> list[int]:
        page = await queue_page(runtime, lead, calendar, request)
        return [entry.row.item.id for entry in page.entries]

    assert await ids(QueueRequest(status=Status.NEW)) == [old]
    assert await ids(QueueRequest(label="living_conditions")) == [cold]
    assert await ids(QueueRequest(assignee_id=staff[Role.REVIEWER].id)) == [cold]
    assert await ids(QueueRequest(unassigned=True)) == [old]
    assert await ids(QueueRequest(overdue=True)) == [old]  # unacknowledged for 10 days
    page = await queue_page(runtime, lead, calendar, QueueRequest(status=Status.NEW))
    assert page.total == 1
    assert page.status_counts[Status.NEW] == 1
    assert page.status_counts[Status.ACKNOWLEDGED] == 1
    assert page.overdue == 1
    assert page.entries[0].deadline is not None
    assert page.entries[0].deadline.overdue


async def test_admins_cannot_read_items_and_only_auditors_read_the_log(
    runtime: Runtime, calendar: WorkingCalendar
) -> None:
    staff = await all_roles(runtime)
    item_id, _ = await submit(runtime, "they restrain people")
    with pytest.raises(PermissionDenied):
        await queue_page(runtime, staff[Role.ADMIN], calendar, QueueRequest())
    with pytest.raises(PermissionDenied):
        await case_file(runtime, staff[Role.ADMIN], calendar, item_id)
    for role in (Role.ADMIN, Role.SAFEGUARDING_LEAD, Role.REVIEWER):
        with pytest.raises(PermissionDenied):
            await audit_page(runtime, staff[role])
    events = await audit_page(runtime, staff[Role.AUDITOR], item_id=item_id)
    assert [e.action for e in events] == ["item.submitted"]
    file = await case_file(runtime, staff[Role.REVIEWER], calendar, item_id)
    assert file.current_labels == ("restraint",)
    assert file.predictions[0].evidence == ("restrain",)
    with pytest.raises(NotFound):
        await case_file(runtime, staff[Role.REVIEWER], calendar, 999)


def test_queue_key_round_trip_and_rejects_junk() -> None:
    key = QueueKey.decode("1.1777000000.42")
    assert key is not None
    assert key.encode() == "1.1777000000.42"
    for junk in ("", "1.2", "9.1.1", "a.b.c", "1.99999999999999.1"):
        assert QueueKey.decode(junk) is None


def test_queue_key_refuses_digits_int_cannot_read_and_ids_beyond_the_store() -> None:
    for junk in ("1.2.\u00b2", "\u0661.2.3", "1.2.99999999999999999999999", "1.2.0"):
        assert QueueKey.decode(junk) is None


async def test_a_case_file_for_an_impossible_id_is_not_found(
    runtime: Runtime, calendar: WorkingCalendar
) -> None:
    staff = await all_roles(runtime)
    with pytest.raises(NotFound):
        await case_file(runtime, staff[Role.REVIEWER], calendar, 2**63)


async def test_overdue_covers_urgent_acknowledgement_and_response_targets(
    runtime: Runtime, calendar: WorkingCalendar
) -> None:
    lead = (await all_roles(runtime))[Role.SAFEGUARDING_LEAD]
    now = START + timedelta(days=60)
    urgent_late = await submit_at(runtime, now - timedelta(hours=9), "I will do it tonight")
    urgent_fresh = await submit_at(runtime, now - timedelta(hours=2), "tonight, I mean it")
    answer_late = await submit_at(runtime, now - timedelta(days=40), "the ward is cold")
    answered = await submit_at(runtime, now - timedelta(days=40), "they restrain people")
    runtime.clock = fixed_clock(now - timedelta(days=39))
    await triage.acknowledge(runtime, lead, answer_late)
    await triage.respond(runtime, lead, answered, "We have looked into it.")
    runtime.clock = fixed_clock(now)
    page = await queue_page(runtime, lead, calendar, QueueRequest(overdue=True))
    overdue = {entry.row.item.id for entry in page.entries}
    assert overdue == {urgent_late, answer_late}
    everything = await queue_page(runtime, lead, calendar, QueueRequest())
    flagged = {e.row.item.id for e in everything.entries if e.deadline and e.deadline.overdue}
    assert flagged == overdue  # the SQL filter and the per-row rule agree
    assert urgent_fresh not in overdue

    # A lead clears the late urgent flag: it now has days to be acknowledged, not hours.
    await triage.decide_urgency(runtime, lead, urgent_late, False, "a figure of speech")
    page = await queue_page(runtime, lead, calendar, QueueRequest(overdue=True))
    assert {entry.row.item.id for entry in page.entries} == {answer_late}
    everything = await queue_page(runtime, lead, calendar, QueueRequest())
    flagged = {e.row.item.id for e in everything.entries if e.deadline and e.deadline.overdue}
    assert flagged == {answer_late}
