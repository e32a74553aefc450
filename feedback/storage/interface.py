"""The storage contract the actions layer is written against.

Kept narrow on purpose: each method is one small, named query, so a second
implementation (PostgreSQL, for deployments that outgrow one machine) only has
to provide these. A write transaction can also read, so an action sees its own
writes and checks state in the same transaction it changes it.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any, Protocol

from feedback.models import (
    AuditEvent,
    Author,
    Item,
    Message,
    NewItem,
    PredictedLabel,
    ReceiptRecord,
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


class Store(Protocol):
    """A database the service can read and write."""

    def read(self) -> AbstractAsyncContextManager[ReadTransaction]:
        """Open a read-only snapshot."""

    def write(self) -> AbstractAsyncContextManager[WriteTransaction]:
        """Open a write transaction (one at a time, serialised)."""

    async def close(self) -> None:
        """Release every connection."""
