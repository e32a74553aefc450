"""What safeguarding staff do with an item: every change a named action.

Each action checks the actor's role (:mod:`feedback.permissions`), checks the
item's state inside the write transaction, makes the change and appends its
audit entry in that same transaction, so the log can never disagree with the
data. Staff times are exact; the one record the submitter sees (a response in
their conversation) is dated with the submitter-side rounding.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from feedback import audit
from feedback.actions.submission import clean_text
from feedback.casework import (
    TAXONOMY_LABELS,
    Agency,
    LabelDecision,
    Outcome,
    StaffMember,
    is_possible_id,
)
from feedback.clock import round_down
from feedback.errors import Conflict, InvalidInput, NotFound
from feedback.ingest import HIGH_SEVERITY_LABELS
from feedback.models import Author, Item, Priority, Status
from feedback.permissions import Permission, allows, require
from feedback.runtime import Runtime
from feedback.storage.interface import WriteTransaction

MAX_REFERENCE_LENGTH = 100

# Where each status may go by hand. ``responded`` is reached only by responding,
# and the submitter's own reply reopens a responded or closed item.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.CLOSED}),
    Status.ACKNOWLEDGED: frozenset({Status.INVESTIGATING, Status.CLOSED}),
    Status.INVESTIGATING: frozenset({Status.ACKNOWLEDGED, Status.CLOSED}),
    Status.RESPONDED: frozenset({Status.INVESTIGATING, Status.CLOSED}),
    Status.CLOSED: frozenset({Status.REOPENED}),
    Status.REOPENED: frozenset({Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.CLOSED}),
}


async def _item(tx: WriteTransaction, item_id: int) -> Item:
    # A number no id can be is "no such item", not a database error.
    item = await tx.item(item_id) if is_possible_id(item_id) else None
    if item is None:
        raise NotFound(f"There is no item with id {item_id}.")
    return item


async def _record(
    tx: WriteTransaction,
    runtime: Runtime,
    actor: StaffMember,
    action: str,
    item_id: int,
    detail: dict[str, Any] | None = None,
) -> None:
    await audit.record(
        tx,
        at=runtime.clock(),
        action=action,
        actor=actor.username,
        actor_id=actor.id,
        item_id=item_id,
        detail=detail,
    )


async def change_status(runtime: Runtime, actor: StaffMember, item_id: int, to: Status) -> Item:
    """Move an item along the workflow (closing and reopening need the close permission)."""
    require(
        actor.role,
        Permission.CLOSE if to in {Status.CLOSED, Status.REOPENED} else Permission.TRIAGE,
    )
    async with runtime.store.write() as tx:
        item = await _item(tx, item_id)
        if to not in TRANSITIONS[item.status]:
            raise Conflict(
                f"An item that is {item.status.value} cannot be moved to {to.value}."
                + (" Write a response instead." if to is Status.RESPONDED else "")
            )
        await tx.set_status(item_id, to)
        if to is Status.ACKNOWLEDGED or to is Status.INVESTIGATING:
            casework = await tx.casework(item_id)
            if casework is not None and casework.acknowledged_at is None:
                await tx.set_acknowledged_at(item_id, runtime.clock())
        await _record(
            tx,
            runtime,
            actor,
            "item.status_changed",
            item_id,
            {"from": item.status.value, "to": to.value},
        )
        updated = await _item(tx, item_id)
    return updated


async def acknowledge(runtime: Runtime, actor: StaffMember, item_id: int) -> Item:
    """Say the item has been seen: starts the clock on the response target."""
    return await change_status(runtime, actor, item_id, Status.ACKNOWLEDGED)


async def close(runtime: Runtime, actor: StaffMember, item_id: int) -> Item:
    """Close an item (the submitter sees "closed"; their reply would reopen it)."""
    return await change_status(runtime, actor, item_id, Status.CLOSED)


async def reopen(runtime: Runtime, actor: StaffMember, item_id: int) -> Item:
    """Reopen a closed item."""
    return await change_status(runtime, actor, item_id, Status.REOPENED)


async def assign(
    runtime: Runtime, actor: StaffMember, item_id: int, assignee_id: int | None
) -> None:
    """Give the item to a member of staff who can read items, or to nobody."""
    require(actor.role, Permission.TRIAGE)
    async with runtime.store.write() as tx:
        await _item(tx, item_id)
        name = None
        if assignee_id is not None:
            assignee = await tx.staff_by_id(assignee_id)
            if assignee is None or assignee.disabled:
                raise InvalidInput("Choose an active member of staff to assign the item to.")
            if not allows(assignee.role, Permission.VIEW_ITEMS):
                raise InvalidInput(f"{assignee.username} cannot read items, so cannot be assigned.")
            name = assignee.username
        await tx.set_assignee(item_id, assignee_id)
        await _record(
            tx,
            runtime,
            actor,
            "item.assigned",
            item_id,
            {"assignee_id": assignee_id, "assignee": name},
        )


def _check_label(label: str) -> str:
    if label not in TAXONOMY_LABELS:
        raise InvalidInput(
            f"'{label}' is not a label of the rights taxonomy. Choose one of: "
            + ", ".join(TAXONOMY_LABELS)
            + "."
        )
    return label


async def decide_label(
    runtime: Runtime, actor: StaffMember, item_id: int, label: str, decision: LabelDecision
) -> None:
    """Confirm or reject a flag the classifier raised, or add one it missed.

    Decisions are stored apart from the predictions (who and when), and the
    item's place in the queue follows the labels as now decided.
    """
    require(actor.role, Permission.DECIDE_LABELS)
    _check_label(label)
    async with runtime.store.write() as tx:
        item = await _item(tx, item_id)
        flagged = {p.label for p in await tx.predicted_labels(item_id) if p.flagged}
        earlier = {d.label: d for d in await tx.label_decisions(item_id)}
        decisions = {label: d.decision for label, d in earlier.items()}
        if label in earlier and earlier[label].decision is decision:
            # A form sent twice (a double click, Back then send) must not decide twice.
            raise Conflict(
                f"{earlier[label].staff_username} already {decision.value} '{label}' "
                "on this item; nothing was changed."
            )
        if decision is LabelDecision.ADDED and label in flagged:
            raise Conflict(f"'{label}' was already flagged; confirm it instead of adding it.")
        if decision is LabelDecision.CONFIRMED and label not in flagged:
            raise Conflict(f"'{label}' was not flagged by the classifier; add it instead.")
        if (
            decision is LabelDecision.REJECTED
            and label not in flagged
            and decisions.get(label) is not LabelDecision.ADDED
        ):
            raise Conflict(f"'{label}' is not on this item, so there is nothing to reject.")
        await tx.set_label_decision(
            item_id=item_id, label=label, decision=decision, staff_id=actor.id, at=runtime.clock()
        )
        priority = _priority(await _urgent_now(tx, item), await _current_labels(tx, item_id))
        if priority is not item.priority:
            await tx.set_priority(item_id, priority)
        await _record(
            tx,
            runtime,
            actor,
            f"label.{decision.value}",
            item_id,
            {"label": label, "priority": int(priority)},
        )


async def decide_urgency(
    runtime: Runtime, actor: StaffMember, item_id: int, urgent: bool, reason: str = ""
) -> None:
    """Keep or clear the classifier's urgent flag, or mark urgent an item it missed.

    Stored apart from the classifier's flag, as label decisions are; the item's
    place in the queue and its deadline follow the decision, and the labels
    exported for retraining carry it. Clearing takes a reason, kept as an
    internal note: taking an item out of the urgent band is the decision most
    worth being able to account for later.
    """
    require(actor.role, Permission.DECIDE_LABELS)
    why = reason.strip()
    if not urgent and not why:
        raise InvalidInput("Say why this item is not urgent; the reason is kept as a note.")
    if not urgent:
        why = clean_text(why, field="reason")
    async with runtime.store.write() as tx:
        item = await _item(tx, item_id)
        earlier = await tx.urgency_decision(item_id)
        if earlier is None and not urgent and not item.urgent:
            raise Conflict("This item is not marked urgent, so there is nothing to clear.")
        if earlier is not None and earlier.urgent == urgent:
            state = "urgent" if urgent else "not urgent"
            raise Conflict(f"{earlier.staff_username} already decided this item is {state}.")
        await tx.set_urgency_decision(
            item_id=item_id, urgent=urgent, staff_id=actor.id, at=runtime.clock()
        )
        priority = _priority(urgent, await _current_labels(tx, item_id))
        if priority is not item.priority:
            await tx.set_priority(item_id, priority)
        detail: dict[str, Any] = {"priority": int(priority)}
        if urgent:
            action = "urgency.confirmed" if item.urgent else "urgency.added"
        else:
            action = "urgency.cleared"
            detail["note_id"] = await tx.insert_note(
                item_id=item_id, staff_id=actor.id, text=f"Not urgent: {why}", at=runtime.clock()
            )
        await _record(tx, runtime, actor, action, item_id, detail)


async def _urgent_now(tx: WriteTransaction, item: Item) -> bool:
    """The lead's decision on the item's urgency, or the classifier's flag without one."""
    decided = await tx.urgency_decision(item.id)
    return item.urgent if decided is None else decided.urgent


async def _current_labels(tx: WriteTransaction, item_id: int) -> set[str]:
    """Flags not rejected, plus labels a lead confirmed or added."""
    decisions = {d.label: d.decision for d in await tx.label_decisions(item_id)}
    current = {
        p.label
        for p in await tx.predicted_labels(item_id)
        if p.flagged and decisions.get(p.label) is not LabelDecision.REJECTED
    }
    return current | {label for label, d in decisions.items() if d is not LabelDecision.REJECTED}


def _priority(urgent: bool, labels: set[str]) -> Priority:
    if urgent:
        return Priority.URGENT
    if labels & HIGH_SEVERITY_LABELS:
        return Priority.HIGH_SEVERITY
    return Priority.FLAGGED if labels else Priority.ORDINARY


async def suggest_label(
    runtime: Runtime, actor: StaffMember, item_id: int, label: str, *, present: bool
) -> None:
    """A reviewer suggests a label is present (or absent); a lead decides."""
    require(actor.role, Permission.SUGGEST_LABEL)
    _check_label(label)
    async with runtime.store.write() as tx:
        await _item(tx, item_id)
        await tx.insert_label_suggestion(
            item_id=item_id, label=label, present=present, staff_id=actor.id, at=runtime.clock()
        )
        await _record(
            tx, runtime, actor, "label.suggested", item_id, {"label": label, "present": present}
        )


async def add_note(runtime: Runtime, actor: StaffMember, item_id: int, text: str) -> None:
    """An internal note. The submitter never sees it; the audit entry keeps only its length."""
    require(actor.role, Permission.ADD_NOTE)
    cleaned = clean_text(text, field="note")
    async with runtime.store.write() as tx:
        await _item(tx, item_id)
        note_id = await tx.insert_note(
            item_id=item_id, staff_id=actor.id, text=cleaned, at=runtime.clock()
        )
        await _record(tx, runtime, actor, "note.added", item_id, {"note_id": note_id})


async def respond(runtime: Runtime, actor: StaffMember, item_id: int, text: str) -> None:
    """Answer the submitter: the message appears in their follow-up, dated to the day."""
    require(actor.role, Permission.RESPOND)
    cleaned = clean_text(text, field="response")
    now = runtime.clock()
    async with runtime.store.write() as tx:
        item = await _item(tx, item_id)
        if not item.wants_reply:
            raise Conflict(
                "This person did not ask for a reply and has no receipt, so they could not "
                "read a response. Record what you did in a note instead."
            )
        if item.status is Status.CLOSED:
            raise Conflict("This item is closed. Reopen it before responding.")
        # The conversation is submitter-side: its time is rounded like theirs.
        message_id = await tx.insert_message(
            item_id=item_id,
            author=Author.STAFF,
            staff_id=actor.id,
            text=cleaned,
            at=round_down(now, runtime.settings.timestamp_rounding),
        )
        casework = await tx.casework(item_id)
        if casework is not None and casework.acknowledged_at is None:
            await tx.set_acknowledged_at(item_id, now)
        await tx.set_responded_at(item_id, now)
        await tx.set_status(item_id, Status.RESPONDED)
        await _record(
            tx,
            runtime,
            actor,
            "item.responded",
            item_id,
            {"message_id": message_id, "from": item.status.value},
        )


async def escalate(
    runtime: Runtime,
    actor: StaffMember,
    item_id: int,
    *,
    agency: Agency,
    reference: str,
    escalated_on: date,
) -> None:
    """Record a referral to the local authority, the police or the regulator."""
    require(actor.role, Permission.ESCALATE)
    cleaned = reference.strip()
    if not cleaned or len(cleaned) > MAX_REFERENCE_LENGTH:
        raise InvalidInput(
            f"Give the agency's reference (1 to {MAX_REFERENCE_LENGTH} characters); "
            "write 'none given' if they gave none."
        )
    if escalated_on > runtime.clock().date():
        raise InvalidInput("The escalation date cannot be in the future.")
    async with runtime.store.write() as tx:
        item = await _item(tx, item_id)
        # Received times are rounded down, never up, so this never refuses a true date.
        arrived = item.received_at.date()
        if escalated_on < arrived:
            raise InvalidInput(
                f"The escalation date cannot be before the item arrived ({arrived.isoformat()})."
            )
        escalation_id = await tx.insert_escalation(
            item_id=item_id,
            agency=agency,
            reference=cleaned,
            escalated_on=escalated_on,
            staff_id=actor.id,
            at=runtime.clock(),
        )
        await _record(
            tx,
            runtime,
            actor,
            "item.escalated",
            item_id,
            {
                "escalation_id": escalation_id,
                "agency": agency.value,
                "reference": cleaned,
                "on": escalated_on.isoformat(),
            },
        )


async def record_outcome(
    runtime: Runtime, actor: StaffMember, item_id: int, outcome: Outcome | None
) -> None:
    """Record how a complaint ended (or clear a mistaken outcome)."""
    require(actor.role, Permission.TRIAGE)
    async with runtime.store.write() as tx:
        await _item(tx, item_id)
        await tx.set_outcome(item_id, outcome)
        await _record(
            tx,
            runtime,
            actor,
            "item.outcome",
            item_id,
            {"outcome": outcome.value if outcome else None},
        )
