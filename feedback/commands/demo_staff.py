"""Demo staff for ``feedback demo``: one account per role, and triage on older items.

Everything goes through the same actions as the pages, with the clock set a
little after each item arrived, so the demo queue, audit log and exports look
like a few months of real work: older items acknowledged, labels confirmed or
corrected (and some the classifier only thought worth a look, added), answers
sent, some closed, a few escalated; recent ones still new.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta

from feedback.actions import staff as staff_actions
from feedback.actions import triage
from feedback.casework import Agency, LabelDecision, Outcome, QueueFilter, StaffMember
from feedback.clock import fixed_clock
from feedback.ingest import HIGH_SEVERITY_LABELS
from feedback.models import Kind, Role
from feedback.runtime import Runtime

DEMO_USERNAMES = {
    Role.ADMIN: "demo-admin",
    Role.SAFEGUARDING_LEAD: "demo-lead",
    Role.REVIEWER: "demo-reviewer",
    Role.AUDITOR: "demo-auditor",
}
NOT_URGENT = (
    "Spoke to the ward: the person is safe and on regular observations.",
    "Read in full: about a past crisis, now over; no current risk.",
    "A figure of speech, not a plan; checked with the named nurse.",
)
RESPONSES = (
    "Thank you for telling us. The ward manager has looked into what you describe and "
    "has spoken with the staff involved. We will write again when the review is finished.",
    "Thank you for your feedback. We have shared it with the team so they know what "
    "went well and what to change.",
    "We are sorry this happened. A senior nurse is reviewing it, and you can add anything "
    "else here with the same code.",
)


async def create_demo_staff(runtime: Runtime) -> list[tuple[StaffMember, str]]:
    """One account per role with a random password (to be printed once), skipping existing ones."""
    created = []
    async with runtime.store.read() as tx:
        existing = {m.username for m in await tx.list_staff()}
    for role, username in DEMO_USERNAMES.items():
        if username in existing:
            continue
        password = secrets.token_urlsafe(12)
        member = await staff_actions.create_staff(
            runtime, actor=None, username=username, password=password, role=role
        )
        created.append((member, password))
    return created


async def triage_demo_items(runtime: Runtime, *, seed: int, now: datetime) -> int:
    """Work through items older than a fortnight as a lead would; return how many."""
    async with runtime.store.read() as tx:
        lead = await tx.staff_credentials(DEMO_USERNAMES[Role.SAFEGUARDING_LEAD])
        reviewer = await tx.staff_credentials(DEMO_USERNAMES[Role.REVIEWER])
        rows = await tx.queue(QueueFilter(), after=None, limit=1_000_000)
    if lead is None or reviewer is None:
        return 0
    rng = random.Random(seed)
    real_clock = runtime.clock
    worked = 0
    try:
        for row in rows:
            item = row.item
            if item.received_at > now - timedelta(days=14) or item.status.value != "new":
                continue
            if rng.random() < 0.15:
                continue  # some older items are still waiting: the overdue filter shows them
            moment = item.received_at + timedelta(hours=rng.uniform(2, 40))
            runtime.clock = fixed_clock(moment)
            await triage.acknowledge(runtime, lead.member, item.id)
            for label in row.labels:
                moment += timedelta(minutes=rng.uniform(1, 20))
                runtime.clock = fixed_clock(moment)
                decision = LabelDecision.CONFIRMED if rng.random() < 0.9 else LabelDecision.REJECTED
                await triage.decide_label(runtime, lead.member, item.id, label, decision)
            if item.urgent:
                moment += timedelta(minutes=rng.uniform(1, 10))
                runtime.clock = fixed_clock(moment)
                keep = rng.random() < 0.7
                await triage.decide_urgency(
                    runtime, lead.member, item.id, keep, "" if keep else rng.choice(NOT_URGENT)
                )
            # Half the labels the classifier thought worth a look, the lead adds:
            # the flags page then shows what it missed.
            async with runtime.store.read() as tx:
                close = [p.label for p in await tx.predicted_labels(item.id) if p.possible]
            for label in close:
                if rng.random() < 0.5:
                    moment += timedelta(minutes=rng.uniform(1, 20))
                    runtime.clock = fixed_clock(moment)
                    await triage.decide_label(
                        runtime, lead.member, item.id, label, LabelDecision.ADDED
                    )
            if row.labels and rng.random() < 0.3:
                runtime.clock = fixed_clock(moment + timedelta(hours=1))
                await triage.add_note(
                    runtime,
                    reviewer.member,
                    item.id,
                    "Checked the ward's incident log for that date.",
                )
            if HIGH_SEVERITY_LABELS.intersection(row.labels) and rng.random() < 0.12:
                moment += timedelta(hours=3)
                runtime.clock = fixed_clock(moment)
                await triage.escalate(
                    runtime,
                    lead.member,
                    item.id,
                    agency=rng.choice(
                        [Agency.LOCAL_AUTHORITY, Agency.LOCAL_AUTHORITY, Agency.POLICE]
                    ),
                    reference=f"SG-{moment:%Y}-{rng.randint(1000, 9999)}",
                    escalated_on=moment.date(),
                )
            moment += timedelta(days=rng.uniform(1, 10))
            runtime.clock = fixed_clock(moment)
            if item.wants_reply:
                await triage.respond(runtime, lead.member, item.id, rng.choice(RESPONSES))
            if rng.random() < 0.6 and moment < now:
                runtime.clock = fixed_clock(moment + timedelta(days=2))
                if item.kind in (Kind.COMPLAINT, Kind.CONCERN):
                    await triage.record_outcome(
                        runtime, lead.member, item.id, rng.choice(list(Outcome))
                    )
                await triage.close(runtime, lead.member, item.id)
            worked += 1
    finally:
        runtime.clock = real_clock
    return worked
