"""What staff read: the triage queue, one item's case file, the audit log.

Reads change nothing, so they are not actions, but they still check the
reader's role: the pages only hide links, this is what refuses.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from feedback.casework import (
    Casework,
    Escalation,
    LabelDecisionRecord,
    LabelSuggestion,
    Note,
    QueueFilter,
    QueueKey,
    QueueRow,
    StaffMember,
    UrgencyDecisionRecord,
    is_possible_id,
)
from feedback.deadlines import Deadline, WorkingCalendar
from feedback.errors import NotFound
from feedback.models import AuditEvent, Item, Message, PredictedLabel, Status
from feedback.permissions import Permission, require
from feedback.runtime import Runtime

PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 100


class QueueEntry(msgspec.Struct, frozen=True, kw_only=True):
    """A queue row with its next deadline worked out."""

    row: QueueRow
    deadline: Deadline | None


class QueuePage(msgspec.Struct, frozen=True, kw_only=True):
    """One page of the queue, the counts beside it, and where the next page starts."""

    entries: tuple[QueueEntry, ...]
    total: int
    status_counts: dict[Status, int]
    overdue: int
    next_after: QueueKey | None


class QueueRequest(msgspec.Struct, frozen=True, kw_only=True):
    """The queue filters as a person chose them (``overdue`` becomes cut-offs here)."""

    status: Status | None = None
    label: str | None = None
    service_id: str | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    overdue: bool = False


def _filter(request: QueueRequest, calendar: WorkingCalendar, now: datetime) -> QueueFilter:
    return QueueFilter(
        status=request.status,
        label=request.label,
        service_id=request.service_id,
        assignee_id=request.assignee_id,
        unassigned=request.unassigned,
        overdue_cutoffs=calendar.overdue_cutoffs(now) if request.overdue else None,
    )


async def queue_page(
    runtime: Runtime,
    actor: StaffMember | None,
    calendar: WorkingCalendar,
    request: QueueRequest,
    *,
    after: QueueKey | None = None,
    limit: int = PAGE_SIZE,
) -> QueuePage:
    """Urgent first, then high severity, other flags, ordinary; oldest first within each.

    ``actor`` ``None`` is the command line (``feedback export queue``).
    """
    if actor is not None:
        require(actor.role, Permission.VIEW_ITEMS)
    now = runtime.clock()
    where = _filter(request, calendar, now)
    overdue_where = msgspec.structs.replace(where, overdue_cutoffs=calendar.overdue_cutoffs(now))
    async with runtime.store.read() as tx:
        rows = await tx.queue(where, after=after, limit=limit + 1)
        total = await tx.queue_count(where)
        status_counts = await tx.queue_status_counts(where)
        overdue = await tx.queue_count(overdue_where)
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1].item if rows else None
    return QueuePage(
        entries=tuple(
            QueueEntry(row=row, deadline=calendar.deadline(row.item, now)) for row in rows
        ),
        total=total,
        status_counts=status_counts,
        overdue=overdue,
        next_after=QueueKey(last.priority, last.received_at, last.id) if more and last else None,
    )


class CaseFile(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the item page shows."""

    item: Item
    casework: Casework
    deadline: Deadline | None
    predictions: tuple[PredictedLabel, ...]
    decisions: tuple[LabelDecisionRecord, ...]
    urgency: UrgencyDecisionRecord | None
    """The lead's decision on the item's urgency, if any (``item.urgent`` is the classifier's)."""
    suggestions: tuple[LabelSuggestion, ...]
    notes: tuple[Note, ...]
    escalations: tuple[Escalation, ...]
    messages: tuple[Message, ...]
    staff: tuple[StaffMember, ...]

    @property
    def current_labels(self) -> tuple[str, ...]:
        """Flags not rejected plus labels the lead confirmed or added."""
        decided = {d.label: d.decision.value for d in self.decisions}
        labels = {
            p.label for p in self.predictions if p.flagged and decided.get(p.label) != "rejected"
        }
        labels |= {label for label, d in decided.items() if d != "rejected"}
        return tuple(sorted(labels))


async def case_file(
    runtime: Runtime, actor: StaffMember, calendar: WorkingCalendar, item_id: int
) -> CaseFile:
    """The item, its predictions and the lead's decisions, notes, escalations, conversation."""
    require(actor.role, Permission.VIEW_ITEMS)
    if not is_possible_id(item_id):
        raise NotFound(f"There is no item with id {item_id}.")
    async with runtime.store.read() as tx:
        item = await tx.item(item_id)
        casework = await tx.casework(item_id)
        if item is None or casework is None:
            raise NotFound(f"There is no item with id {item_id}.")
        return CaseFile(
            item=item,
            casework=casework,
            deadline=calendar.deadline(item, runtime.clock()),
            predictions=tuple(await tx.predicted_labels(item_id)),
            decisions=tuple(await tx.label_decisions(item_id)),
            urgency=await tx.urgency_decision(item_id),
            suggestions=tuple(await tx.label_suggestions(item_id)),
            notes=tuple(await tx.notes(item_id)),
            escalations=tuple(await tx.escalations(item_id)),
            messages=tuple(await tx.messages(item_id)),
            staff=tuple(m for m in await tx.list_staff() if not m.disabled),
        )


async def audit_page(
    runtime: Runtime,
    actor: StaffMember,
    *,
    item_id: int | None = None,
    before_id: int | None = None,
    limit: int = AUDIT_PAGE_SIZE,
) -> list[AuditEvent]:
    """The audit log, newest first (auditors only)."""
    require(actor.role, Permission.VIEW_AUDIT)
    async with runtime.store.read() as tx:
        return await tx.audit_page(item_id=item_id, before_id=before_id, limit=limit)


async def staff_directory(runtime: Runtime, actor: StaffMember) -> list[StaffMember]:
    """Accounts that can be assigned items (for the queue's assignee filter)."""
    require(actor.role, Permission.VIEW_ITEMS)
    async with runtime.store.read() as tx:
        return [m for m in await tx.list_staff() if not m.disabled]
