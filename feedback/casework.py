"""The staff side's vocabulary: accounts, label decisions, notes, escalations, queue rows.

Like :mod:`feedback.models`, these are enums and msgspec Structs that cross
from storage to actions to pages; nothing here knows about HTTP or SQL. Staff
times are exact (the audit trail needs them); submitter times stay rounded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

import msgspec

from feedback.models import Item, Priority, Role, Status


class LabelDecision(StrEnum):
    """What a safeguarding lead decided about one label of one item."""

    CONFIRMED = "confirmed"  # the classifier flagged it and it is right
    REJECTED = "rejected"  # the classifier flagged it and it is wrong
    ADDED = "added"  # the classifier missed it


class Agency(StrEnum):
    """Who an item was escalated to."""

    LOCAL_AUTHORITY = "local_authority_safeguarding"
    POLICE = "police"
    REGULATOR = "regulator"


# Every id the store hands out (items, accounts, audit entries) is a signed
# 64-bit integer. A number from a URL beyond that names nothing, and must be
# answered as such before it reaches the database, which cannot even compare it.
MAX_ID = 2**63 - 1


def is_possible_id(number: int) -> bool:
    """Whether ``number`` could be an id at all (from 1 to :data:`MAX_ID`)."""
    return 1 <= number <= MAX_ID


# The counts beside the queue stop here: past it the page shows "10,000+". An
# exact count over a million items costs a full scan on every page load, and
# nobody triages by the difference between 10,001 and 984,000.
QUEUE_COUNT_CAP = 10_000

AGENCY_NAMES = {
    Agency.LOCAL_AUTHORITY: "Local authority safeguarding",
    Agency.POLICE: "Police",
    Agency.REGULATOR: "Regulator (CQC)",
}


class Outcome(StrEnum):
    """How a complaint ended."""

    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    NOT_UPHELD = "not_upheld"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"


class StaffMember(msgspec.Struct, frozen=True, kw_only=True):
    """A staff account, without its password hash."""

    id: int
    username: str
    role: Role
    disabled: bool
    created_at: datetime
    password_changed_at: datetime


class StaffCredentials(msgspec.Struct, frozen=True, kw_only=True):
    """An account with its password hash: only the sign-in action sees this."""

    member: StaffMember
    password_hash: str


class LabelDecisionRecord(msgspec.Struct, frozen=True, kw_only=True):
    """The current decision on one label, who made it and when."""

    label: str
    decision: LabelDecision
    staff_id: int
    staff_username: str
    decided_at: datetime


class UrgencyDecisionRecord(msgspec.Struct, frozen=True, kw_only=True):
    """The lead's decision on whether an item is urgent, who made it and when."""

    urgent: bool
    staff_id: int
    staff_username: str
    decided_at: datetime


class LabelSuggestion(msgspec.Struct, frozen=True, kw_only=True):
    """A reviewer's suggestion that a label is (or is not) present."""

    id: int
    label: str
    present: bool
    staff_username: str
    suggested_at: datetime


class Note(msgspec.Struct, frozen=True, kw_only=True):
    """An internal note: staff only, never shown to the submitter."""

    id: int
    staff_username: str
    text: str
    created_at: datetime


class Escalation(msgspec.Struct, frozen=True, kw_only=True):
    """A referral of an item to an outside agency."""

    id: int
    agency: Agency
    reference: str
    escalated_on: date
    staff_username: str
    recorded_at: datetime


class Casework(msgspec.Struct, frozen=True, kw_only=True):
    """The staff-side state of one item, beside :class:`~feedback.models.Item`."""

    assignee_id: int | None
    assignee: str | None
    acknowledged_at: datetime | None
    responded_at: datetime | None
    outcome: Outcome | None


class OverdueCutoffs(msgspec.Struct, frozen=True, kw_only=True):
    """Items received before these times are past a deadline (when still in the state)."""

    urgent: datetime
    acknowledge: datetime
    respond: datetime


class QueueFilter(msgspec.Struct, frozen=True, kw_only=True):
    """Which items the queue shows. Cut-offs for ``overdue`` come from :mod:`feedback.deadlines`."""

    status: Status | None = None
    label: str | None = None
    service_id: str | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    overdue_cutoffs: OverdueCutoffs | None = None


class QueueKey(msgspec.Struct, frozen=True):
    """Where a queue page ends: the keyset pagination cursor."""

    priority: Priority
    received_at: datetime
    id: int

    def encode(self) -> str:
        """A compact text form for a URL query parameter."""
        return f"{int(self.priority)}.{int(self.received_at.timestamp())}.{self.id}"

    @classmethod
    def decode(cls, text: str) -> QueueKey | None:
        """Read :meth:`encode`'s output; ``None`` for anything malformed."""
        parts = text.split(".")
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
        if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
            return None
        priority, stamp, item_id = (int(p) for p in parts)
        if priority not in {p.value for p in Priority} or stamp > 2**40:
            return None
        if not is_possible_id(item_id):
            return None
        return cls(Priority(priority), datetime.fromtimestamp(stamp, UTC), item_id)


class QueueRow(msgspec.Struct, frozen=True, kw_only=True):
    """One line of the queue."""

    item: Item
    labels: tuple[str, ...]
    assignee: str | None
    escalated: bool


class AuditFilter(msgspec.Struct, frozen=True, kw_only=True):
    """Which audit entries the audit page shows."""

    item_id: int | None = None
    before_id: int | None = None


class LabelledText(msgspec.Struct, frozen=True):
    """One item's text with its lead-confirmed labels: a line of the retraining file."""

    text: str
    labels: list[str]
    urgent: bool


class VersionCounts(msgspec.Struct, frozen=True, kw_only=True):
    """How many items one classifier version labelled, and over which days."""

    model_version: str
    items: int
    first_received: datetime
    last_received: datetime


class FlagCounts(msgspec.Struct, frozen=True, kw_only=True):
    """What leads decided about one label's flags from one classifier version (0 when none)."""

    model_version: str
    label: str
    flagged: int = 0
    confirmed: int = 0
    """Flagged, and a lead kept the flag."""
    rejected: int = 0
    """Flagged, and a lead removed it."""
    worth_a_look: int = 0
    """Not flagged, but scored close enough to put the item in the "worth a look" band."""
    added: int = 0
    """Not flagged, and a lead added the label: the classifier missed it."""
    added_worth_a_look: int = 0
    """Of ``added``, those the classifier had put in the "worth a look" band for this label."""


# The taxonomy's labels (see /work/shared/taxonomy.md), in its order. Kept here so
# the service can check a lead's label without importing the classifier;
# a test keeps it equal to ``classifiers.taxonomy.LABELS``.
TAXONOMY_LABELS: tuple[str, ...] = (
    "restraint",
    "seclusion",
    "coercion",
    "abuse",
    "neglect",
    "discrimination",
    "consent_information",
    "privacy_dignity",
    "living_conditions",
    "community_inclusion",
)
