"""The storage contract the actions layer is written against.

Kept narrow on purpose: each method is one small, named query, so a second
implementation (PostgreSQL, for deployments that outgrow one machine) only has
to provide these. A write transaction can also read, so an action sees its own
writes and checks state in the same transaction it changes it.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from datetime import date, datetime
from typing import Any, Protocol

from feedback.casework import (
    Agency,
    Casework,
    Escalation,
    FlagCounts,
    LabelDecision,
    LabelDecisionRecord,
    LabelledText,
    LabelSuggestion,
    Note,
    Outcome,
    QueueFilter,
    QueueKey,
    QueueRow,
    StaffCredentials,
    StaffMember,
    UrgencyDecisionRecord,
    VersionCounts,
)
from feedback.models import (
    AuditEvent,
    Author,
    Item,
    Message,
    NewItem,
    PredictedLabel,
    Priority,
    ReceiptRecord,
    Role,
    Status,
)


class ReadTransaction(Protocol):
    """Queries that see one consistent snapshot."""

    async def item(self, item_id: int) -> Item | None:
        """The item with this id."""

    async def receipt_record(self, lookup_id: str) -> ReceiptRecord | None:
        """The item and secret hash for a receipt's lookup id."""

    async def messages(self, item_id: int) -> list[Message]:
        """The item's conversation, oldest first."""

    async def predicted_labels(self, item_id: int) -> list[PredictedLabel]:
        """The classifier's scores for every label of the item."""

    async def reference_taken(self, reference: str) -> bool:
        """True when some item already uses this public reference."""

    async def lookup_id_taken(self, lookup_id: str) -> bool:
        """True when some item already uses this receipt lookup id."""

    async def count_items(self) -> int:
        """How many items are stored."""

    async def audit_events(self, *, after_id: int = 0, limit: int = 1000) -> list[AuditEvent]:
        """Audit log entries with id above ``after_id``, oldest first."""

    async def last_audit_hash(self) -> str | None:
        """The hash of the newest audit entry, or ``None`` when the log is empty."""

    async def highest_audit_id_issued(self) -> int:
        """The largest audit id ever issued, even if that entry was since deleted."""

    # Staff side (triage): accounts, casework, the queue, the audit page.

    async def staff_by_id(self, staff_id: int) -> StaffMember | None:
        """The staff account with this id."""

    async def staff_credentials(self, username: str) -> StaffCredentials | None:
        """The account and password hash for a username (any case)."""

    async def list_staff(self) -> list[StaffMember]:
        """Every staff account, by username."""

    async def casework(self, item_id: int) -> Casework | None:
        """The item's assignee, acknowledgement and response times and outcome."""

    async def label_decisions(self, item_id: int) -> list[LabelDecisionRecord]:
        """The lead's current decision on each label of the item."""

    async def urgency_decision(self, item_id: int) -> UrgencyDecisionRecord | None:
        """The lead's decision on the item's urgency, if one was made."""

    async def label_suggestions(self, item_id: int) -> list[LabelSuggestion]:
        """Reviewers' label suggestions for the item, oldest first."""

    async def notes(self, item_id: int) -> list[Note]:
        """The item's internal notes, oldest first."""

    async def escalations(self, item_id: int) -> list[Escalation]:
        """The item's escalations, oldest first."""

    async def queue(
        self, where: QueueFilter, *, after: QueueKey | None, limit: int
    ) -> list[QueueRow]:
        """One page of the queue in (priority, received_at, id) order, after ``after``."""

    async def queue_count(self, where: QueueFilter) -> int:
        """How many items match the filter, counting no further than ``QUEUE_COUNT_CAP + 1``."""

    async def queue_status_counts(self, where: QueueFilter) -> dict[Status, int]:
        """Matching items per status (the filter's own status is ignored), each capped alike."""

    async def labelled_texts(
        self, *, after_item_id: int, limit: int
    ) -> list[tuple[int, LabelledText]]:
        """Items with at least one label decision, with confirmed and added labels."""

    async def audit_page(
        self, *, item_id: int | None, before_id: int | None, limit: int
    ) -> list[AuditEvent]:
        """Audit entries newest first, optionally for one item, below ``before_id``."""

    async def version_counts(self) -> list[VersionCounts]:
        """Each classifier version's items, newest version (by its last item) first."""

    async def flag_counts(self) -> list[FlagCounts]:
        """Per classifier version and label: flags, the leads' decisions on them, labels added."""

    async def urgency_counts(self) -> list[FlagCounts]:
        """Per classifier version, the urgent flags and the leads' decisions, as label "urgent"."""


class WriteTransaction(ReadTransaction, Protocol):
    """Changes made inside one transaction; all or nothing."""

    async def insert_item(self, item: NewItem) -> int:
        """Store a new item with its predicted labels; return its id."""

    async def insert_message(
        self, *, item_id: int, author: Author, staff_id: int | None, text: str, at: datetime
    ) -> int:
        """Add to an item's conversation; return the message id."""

    async def set_status(self, item_id: int, status: Status) -> None:
        """Move an item to a new workflow status."""

    async def insert_audit_event(
        self,
        *,
        at: datetime,
        actor_id: int | None,
        actor: str,
        action: str,
        item_id: int | None,
        detail: dict[str, Any],
        prev_hash: str,
        hash: str,
    ) -> int:
        """Append one audit entry whose hash the caller computed."""

    async def insert_staff(
        self, *, username: str, password_hash: str, role: Role, at: datetime
    ) -> int:
        """Create a staff account; return its id."""

    async def set_staff_password(self, staff_id: int, password_hash: str, at: datetime) -> None:
        """Replace an account's password hash (sessions from before ``at`` end)."""

    async def set_staff_disabled(self, staff_id: int, disabled: bool) -> None:
        """Disable or re-enable an account."""

    async def set_assignee(self, item_id: int, staff_id: int | None) -> None:
        """Assign the item to a staff member, or to nobody."""

    async def set_acknowledged_at(self, item_id: int, at: datetime) -> None:
        """Record when the item was first acknowledged."""

    async def set_responded_at(self, item_id: int, at: datetime) -> None:
        """Record when staff last responded to the submitter."""

    async def set_outcome(self, item_id: int, outcome: Outcome | None) -> None:
        """Record (or clear) the outcome of a complaint."""

    async def set_label_decision(
        self, *, item_id: int, label: str, decision: LabelDecision, staff_id: int, at: datetime
    ) -> None:
        """Store the lead's decision on one label, replacing any earlier one."""

    async def set_urgency_decision(
        self, *, item_id: int, urgent: bool, staff_id: int, at: datetime
    ) -> None:
        """Store the lead's decision on the item's urgency, replacing any earlier one."""

    async def insert_label_suggestion(
        self, *, item_id: int, label: str, present: bool, staff_id: int, at: datetime
    ) -> int:
        """Store a reviewer's label suggestion; return its id."""

    async def insert_note(self, *, item_id: int, staff_id: int, text: str, at: datetime) -> int:
        """Add an internal note; return its id."""

    async def insert_escalation(
        self,
        *,
        item_id: int,
        agency: Agency,
        reference: str,
        escalated_on: date,
        staff_id: int,
        at: datetime,
    ) -> int:
        """Record an escalation to an outside agency; return its id."""

    async def set_priority(self, item_id: int, priority: Priority) -> None:
        """Move an item in the queue (after the lead corrects its labels)."""


class Store(Protocol):
    """A database the service can read and write."""

    def read(self) -> AbstractAsyncContextManager[ReadTransaction]:
        """Open a read-only snapshot."""

    def write(self) -> AbstractAsyncContextManager[WriteTransaction]:
        """Open a write transaction (one at a time, serialised)."""

    async def close(self) -> None:
        """Release every connection."""
