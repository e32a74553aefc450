"""Triage actions: each checks the role and the state, changes one thing, audits it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from feedback import audit
from feedback.actions import triage
from feedback.actions.submission import add_submitter_message, follow_up
from feedback.casework import Agency, LabelDecision, Outcome, StaffMember
from feedback.clock import fixed_clock
from feedback.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from feedback.models import Priority, PublicStatus, Role, Status
from feedback.runtime import Runtime
from tests.feedback.triage_helpers import all_roles, rows, submit


@pytest.fixture
async def staff(runtime: Runtime) -> dict[Role, StaffMember]:
    return await all_roles(runtime)


def audit_actions(runtime: Runtime) -> list[object]:
    return [r[0] for r in rows(runtime, "SELECT action FROM audit_log ORDER BY id")]


async def test_acknowledge_sets_status_time_and_audit(
    runtime: Runtime, staff: dict[Role, StaffMember]
) -> None:
    item_id, _ = await submit(runtime, "They restrain people for nothing.")
    runtime.clock = fixed_clock(datetime(2026, 5, 6, 10, 11, 12, 345678, tzinfo=UTC))
    lead = staff[Role.SAFEGUARDING_LEAD]
    item = await triage.acknowledge(runtime, lead, item_id)
    assert item.status is Status.ACKNOWLEDGED
    [(acknowledged_at,)] = rows(runtime, "SELECT acknowledged_at FROM items")
    assert acknowledged_at == "2026-05-06T10:11:12.345678+00:00"  # staff times are exact
    [(actor, actor_id, detail)] = rows(
        runtime,
        "SELECT actor, actor_id, detail FROM audit_log WHERE action = 'item.status_changed'",
    )
    assert (actor, actor_id) == ("safeguarding_lead", lead.id)
    assert '"to": "acknowledged"' in str(detail)
    with pytest.raises(Conflict, match="acknowledged cannot be moved to acknowledged"):
        await triage.acknowledge(runtime, lead, item_id)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.REVIEWER, Role.AUDITOR])
async def test_only_leads_change_items(
    runtime: Runtime, staff: dict[Role, StaffMember], role: Role
) -> None:
    item_id, _ = await submit(runtime, "They restrain people for nothing.")
    actor = staff[role]
    before = audit_actions(runtime)
    for attempt in (
        triage.acknowledge(runtime, actor, item_id),
        triage.close(runtime, actor, item_id),
        triage.respond(runtime, actor, item_id, "hello"),
        triage.decide_label(runtime, actor, item_id, "restraint", LabelDecision.CONFIRMED),
        triage.decide_urgency(runtime, actor, item_id, True),
        triage.assign(runtime, actor, item_id, actor.id),
        triage.escalate(
            runtime, actor, item_id, agency=Agency.POLICE, reference="x", escalated_on=date.today()
        ),
        triage.record_outcome(runtime, actor, item_id, Outcome.UPHELD),
    ):
        with pytest.raises(PermissionDenied):
            await attempt
    assert audit_actions(runtime) == before
    assert rows(runtime, "SELECT status FROM items") == [("new",)]


async def test_reviewers_add_notes_and_suggest_but_auditors_cannot(
    runtime: Runtime, staff: dict[Role, StaffMember]
) -> None:
    item_id, _ = await submit(runtime, "It was cold")
    reviewer = staff[Role.REVIEWER]
    await triage.add_note(runtime, reviewer, item_id, "  Ward manager informed.  ")
    await triage.suggest_label(runtime, reviewer, item_id, "neglect", present=True)
    assert rows(runtime, "SELECT text FROM notes") == [("Ward manager informed.",)]
    assert rows(runtime, "SELECT label, present FROM label_suggestions") == [("neglect", 1)]
    with pytest.raises(PermissionDenied):
        await triage.add_note(runtime, staff[Role.AUDITOR], item_id, "hello")
    with pytest.raises(InvalidInput, match="not a label"):
        await triage.suggest_label(runtime, reviewer, item_id, "rudeness", present=True)
    with pytest.raises(InvalidInput, match="'note' is empty"):
        await triage.add_note(runtime, reviewer, item_id, "   ")


async def test_label_decisions_are_kept_apart_and_move_the_item(
    runtime: Runtime, staff: dict[Role, StaffMember]
) -> None:
    item_id, _ = await submit(runtime, "It was so cold on the ward")  # living_conditions
    lead = staff[Role.SAFEGUARDING_LEAD]
    assert rows(runtime, "SELECT priority FROM items") == [(Priority.FLAGGED,)]
    await triage.decide_label(runtime, lead, item_id, "living_conditions", LabelDecision.CONFIRMED)
    await triage.decide_label(runtime, lead, item_id, "abuse", LabelDecision.ADDED)
    decided = rows(runtime, "SELECT label, decision, staff_id FROM label_decisions ORDER BY label")
    assert decided == [("abuse", "added", lead.id), ("living_conditions", "confirmed", lead.id)]
    # The predictions are untouched.
    assert rows(runtime, "SELECT label FROM predicted_labels WHERE flagged = 1") == [
        ("living_conditions",)
    ]
    assert rows(runtime, "SELECT priority FROM items") == [(Priority.HIGH_SEVERITY,)]
    await triage.decide_label(runtime, lead, item_id, "abuse", LabelDecision.REJECTED)
    await triage.decide_label(runtime, lead, item_id, "living_conditions", LabelDecision.REJECTED)
    assert rows(runtime, "SELECT priority FROM items") == [(Priority.ORDINARY,)]
    with pytest.raises(Conflict, match="add it instead"):
        await triage.decide_label(runtime, lead, item_id, "seclusion", LabelDecision.CONFIRMED)
    with pytest.raises(Conflict, match="confirm it"):
        await triage.decide_label(runtime, lead, item_id, "living_conditions", LabelDecision.ADDED)
    assert audit_actions(runtime)[-4:] == [
        "label.confirmed",
        "label.added",
        "label.rejected",
        "label.rejected",
    ]


async def test_a_lead_keeps_clears_or_adds_urgency_and_the_queue_follows(
    runtime: Runtime, staff: dict[Role, StaffMember]
) -> None:
    lead = staff[Role.SAFEGUARDING_LEAD]
    alarm, _ = await submit(runtime, "see you all at the leaving party tonight")
    missed, _ = await submit(runtime, "they restrain people")

    def state(item_id: int) -> list[tuple[object, ...]]:
        return rows(
            runtime,
            "SELECT i.urgent, i.priority, u.urgent FROM items i"
            " LEFT JOIN urgency_decisions u ON u.item_id = i.id WHERE i.id = ?",
            (item_id,),
        )

    assert state(alarm) == [(1, int(Priority.URGENT), None)]
    # Clearing takes a reason; without one nothing changes.
    with pytest.raises(InvalidInput, match="Say why this item is not urgent"):
        await triage.decide_urgency(runtime, lead, alarm, False, "   ")
    assert state(alarm) == [(1, int(Priority.URGENT), None)]
    # A false alarm cleared: the classifier's flag is kept, the queue moves it down,
    # and the reason is an internal note the audit entry points to.
    await triage.decide_urgency(runtime, lead, alarm, False, "a figure of speech")
    assert state(alarm) == [(1, int(Priority.ORDINARY), 0)]
    [(note_id, note)] = rows(runtime, "SELECT id, text FROM notes WHERE item_id = ?", (alarm,))
    assert note == "Not urgent: a figure of speech"
    [(detail,)] = rows(runtime, "SELECT detail FROM audit_log WHERE action = 'urgency.cleared'")
    assert f'"note_id": {note_id}' in str(detail)
    with pytest.raises(Conflict, match="already decided this item is not urgent"):
        await triage.decide_urgency(runtime, lead, alarm, False, "a figure of speech")
    await triage.decide_urgency(runtime, lead, alarm, True)
    assert state(alarm) == [(1, int(Priority.URGENT), 1)]

    # A missed one marked urgent, and it stays urgent whatever happens to its labels.
    with pytest.raises(Conflict, match="nothing to clear"):
        await triage.decide_urgency(runtime, lead, missed, False, "a figure of speech")
    await triage.decide_urgency(runtime, lead, missed, True)
    assert state(missed) == [(0, int(Priority.URGENT), 1)]
    await triage.decide_label(runtime, lead, missed, "restraint", LabelDecision.REJECTED)
    assert state(missed) == [(0, int(Priority.URGENT), 1)]
    await triage.decide_urgency(runtime, lead, missed, False, "a figure of speech")
    assert state(missed) == [(0, int(Priority.ORDINARY), 0)]
    assert [a for a in audit_actions(runtime) if str(a).startswith("urgency.")] == [
        "urgency.cleared",
        "urgency.confirmed",
        "urgency.added",
        "urgency.cleared",
    ]
    assert await audit.verify(runtime.store) == []


async def test_response_reaches_the_submitter_dated_to_the_day(
    runtime: Runtime, staff: dict[Role, StaffMember]
) -> None:
    item_id, receipt = await submit(runtime, "They restrain people for nothing.")
    runtime.clock = fixed_clock(datetime(2026, 5, 6, 14, 37, 9, tzinfo=UTC))
    lead = staff[Role.SAFEGUARDING_LEAD]
    await triage.add_note(runtime, lead, item_id, "internal only: spoke to ward manager")
    await triage.respond(runtime, lead, item_id, "Thank you. We are looking into this.")
    view = await follow_up(runtime, receipt)
    assert view.status is PublicStatus.RESPONDED
    assert [(e.author, e.text, e.date) for e in view.conversation] == [
        ("staff", "Thank you. We are looking into this.", date(2026, 5, 6))
    ]
    assert "internal only" not in str(view)
    # The conversation (submitter-side) holds a rounded time; the item keeps the exact one.
    assert rows(runtime, "SELECT created_at FROM messages") == [("2026-05-06T14:00:00+00:00",)]
    [(responded_at, acknowledged_at, status)] = rows(
        runtime, "SELECT responded_at, acknowledged_at, status FROM items"
    )
    assert responded_at == acknowledged_at == "2026-05-06T14:37:09.000000+00:00"
    assert status == "responded"
    # The submitter's reply reopens it; closing it then refuses responses until reopened.
    await add_submitter_message(runtime, receipt, "thanks")
    await triage.close(runtime, lead, item_id)
    with pytest.raises(Conflict, match="Reopen"):
        await triage.respond(runtime, lead, item_id, "more")
    await triage.reopen(runtime, lead, item_id)
    await triage.respond(runtime, lead, item_id, "more")


async def test_no_response_without_a_receipt(
    runtime: Runtime, staff: dict[Role, StaffMember]
) -> None:
    item_id, _ = await submit(runtime, "anonymous, no reply wanted", wants_reply=False)
    with pytest.raises(Conflict, match="did not ask for a reply"):
        await triage.respond(runtime, staff[Role.SAFEGUARDING_LEAD], item_id, "hello")
    assert rows(runtime, "SELECT count(*) FROM messages") == [(0,)]


async def test_escalation_assignment_and_outcome(
    runtime: Runtime, staff: dict[Role, StaffMember]
) -> None:
    runtime.clock = fixed_clock(datetime(2026, 5, 4, 9, 0, tzinfo=UTC))
    item_id, _ = await submit(runtime, "They restrain people for nothing.")
    lead = staff[Role.SAFEGUARDING_LEAD]
    runtime.clock = fixed_clock(datetime(2026, 5, 6, 9, 0, tzinfo=UTC))
    await triage.escalate(
        runtime,
        lead,
        item_id,
        agency=Agency.LOCAL_AUTHORITY,
        reference=" LA-2026-0042 ",
        escalated_on=date(2026, 5, 5),
    )
    assert rows(runtime, "SELECT agency, reference, escalated_on FROM escalations") == [
        ("local_authority_safeguarding", "LA-2026-0042", "2026-05-05")
    ]
    with pytest.raises(InvalidInput, match="future"):
        await triage.escalate(
            runtime,
            lead,
            item_id,
            agency=Agency.POLICE,
            reference="x",
            escalated_on=date(2026, 5, 7),
        )
    await triage.assign(runtime, lead, item_id, staff[Role.REVIEWER].id)
    with pytest.raises(InvalidInput, match="cannot read items"):
        await triage.assign(runtime, lead, item_id, staff[Role.ADMIN].id)
    await triage.record_outcome(runtime, lead, item_id, Outcome.PARTLY_UPHELD)
    assert rows(runtime, "SELECT assignee_id, outcome FROM items") == [
        (staff[Role.REVIEWER].id, "partly_upheld")
    ]
    with pytest.raises(NotFound):
        await triage.acknowledge(runtime, lead, 999)
    assert await audit.verify(runtime.store) == []


async def test_the_same_label_decision_twice_is_refused_and_audited_once(
    runtime: Runtime, staff: dict[Role, StaffMember]
) -> None:
    item_id, _ = await submit(runtime, "They restrain people")
    lead = staff[Role.SAFEGUARDING_LEAD]
    for label, decision in (
        ("abuse", LabelDecision.ADDED),
        ("restraint", LabelDecision.CONFIRMED),
        ("restraint", LabelDecision.REJECTED),
    ):
        await triage.decide_label(runtime, lead, item_id, label, decision)
        with pytest.raises(Conflict, match=f"already {decision.value} '{label}'"):
            await triage.decide_label(runtime, lead, item_id, label, decision)
    assert audit_actions(runtime)[-3:] == ["label.added", "label.confirmed", "label.rejected"]


async def test_escalations_dated_before_the_item_arrived_are_refused(
    runtime: Runtime, staff: dict[Role, StaffMember]
) -> None:
    runtime.clock = fixed_clock(datetime(2026, 5, 4, 23, 30, tzinfo=UTC))
    item_id, _ = await submit(runtime, "They restrain people")
    runtime.clock = fixed_clock(datetime(2026, 5, 6, 9, 0, tzinfo=UTC))
    lead = staff[Role.SAFEGUARDING_LEAD]
    with pytest.raises(InvalidInput, match=r"before the item arrived \(2026-05-04\)"):
        await triage.escalate(
            runtime,
            lead,
            item_id,
            agency=Agency.POLICE,
            reference="x",
            escalated_on=date(2026, 5, 3),
        )
    await triage.escalate(
        runtime, lead, item_id, agency=Agency.POLICE, reference="x", escalated_on=date(2026, 5, 4)
    )
    assert rows(runtime, "SELECT escalated_on FROM escalations") == [("2026-05-04",)]


async def test_an_id_no_item_can_have_is_not_found(
    runtime: Runtime, staff: dict[Role, StaffMember]
) -> None:
    lead = staff[Role.SAFEGUARDING_LEAD]
    for impossible in (2**63, -(2**70)):
        with pytest.raises(NotFound):
            await triage.add_note(runtime, lead, impossible, "hello")
