"""The domain's vocabulary: states as enums, records as msgspec Structs.

These types cross module boundaries (storage to actions to API); nothing here
knows about HTTP or SQL.
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum, StrEnum

import msgspec


class Kind(StrEnum):
    """What the submitter says their feedback is."""

    COMPLIMENT = "compliment"
    CONCERN = "concern"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"


class Status(StrEnum):
    """Where an item is in the safeguarding workflow (staff view)."""

    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    RESPONDED = "responded"
    CLOSED = "closed"
    REOPENED = "reopened"


class PublicStatus(StrEnum):
    """The status as the submitter sees it: fewer, plainer words."""

    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in progress"
    RESPONDED = "responded"
    CLOSED = "closed"


PUBLIC_STATUS = {
    Status.NEW: PublicStatus.RECEIVED,
    Status.ACKNOWLEDGED: PublicStatus.ACKNOWLEDGED,
    Status.INVESTIGATING: PublicStatus.IN_PROGRESS,
    Status.RESPONDED: PublicStatus.RESPONDED,
    Status.CLOSED: PublicStatus.CLOSED,
    Status.REOPENED: PublicStatus.IN_PROGRESS,
}


class Priority(IntEnum):
    """The queue's first sort key: lower comes first."""

    URGENT = 0
    HIGH_SEVERITY = 1
    FLAGGED = 2
    # Not flagged, but some label scored at least half its threshold: on real
    # comments such items report a concern about 2.5 times as often as the
    # rest of the unflagged ones (classifiers/README.md, "Worth a look").
    POSSIBLE = 3
    ORDINARY = 4


class Author(StrEnum):
    """Who wrote a message in an item's conversation."""

    SUBMITTER = "submitter"
    STAFF = "staff"


class Role(StrEnum):
    """Staff roles; what each may do is decided in ``feedback.permissions``."""

    ADMIN = "admin"
    SAFEGUARDING_LEAD = "safeguarding_lead"
    REVIEWER = "reviewer"
    AUDITOR = "auditor"


class PredictedLabel(msgspec.Struct, frozen=True):
    """The classifier's opinion of one label for one item."""

    label: str
    score: float
    flagged: bool
    evidence: tuple[str, ...] = ()
    possible: bool = False
    """Not flagged, but scored close enough to the line for a lead to look."""


class NewItem(msgspec.Struct, frozen=True, kw_only=True):
    """An item ready to be written: validated, classified, receipt hashed."""

    reference: str
    lookup_id: str | None
    receipt_hash: str | None
    text: str
    service_id: str | None
    kind: Kind | None
    wants_reply: bool
    on_behalf: bool
    quote_consent: bool
    received_at: datetime
    urgent: bool
    priority: Priority
    model_version: str
    predictions: tuple[PredictedLabel, ...]
    urgent_evidence: tuple[str, ...] = ()
    """The phrases that made the classifier flag the item urgent (none if it did not)."""


class Item(msgspec.Struct, frozen=True, kw_only=True):
    """A stored feedback item (without its receipt hash)."""

    id: int
    reference: str
    text: str
    service_id: str | None
    kind: Kind | None
    wants_reply: bool
    on_behalf: bool
    quote_consent: bool
    received_at: datetime
    status: Status
    urgent: bool
    priority: Priority
    model_version: str
    urgent_evidence: tuple[str, ...] = ()
    """The phrases that made the classifier flag the item urgent (none if it did not)."""


class ReceiptRecord(msgspec.Struct, frozen=True):
    """What a follow-up needs to check a receipt: the item and its secret's hash."""

    item_id: int
    receipt_hash: str


class Message(msgspec.Struct, frozen=True, kw_only=True):
    """One entry of an item's conversation with its submitter."""

    id: int
    item_id: int
    author: Author
    staff_id: int | None
    text: str
    created_at: datetime


class AuditEvent(msgspec.Struct, frozen=True, kw_only=True):
    """One row of the hash-chained audit log."""

    id: int
    at: datetime
    actor_id: int | None
    actor: str
    action: str
    item_id: int | None
    detail: dict[str, str | int | bool | list[str] | None]
    prev_hash: str
    hash: str
