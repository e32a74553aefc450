"""The SQLite implementation of :mod:`feedback.storage.interface`.

All SQL of the service lives in this module and in ``migrations/``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite

from feedback.clock import from_text, to_text
from feedback.models import (
    AuditEvent,
    Author,
    Item,
    Kind,
    Message,
    NewItem,
    PredictedLabel,
    Priority,
    ReceiptRecord,
    Status,
)
from feedback.storage.database import Database

_ITEM_COLUMNS = (
    "id, reference, text, service_id, kind, wants_reply, on_behalf, quote_consent,"
    " received_at, status, urgent, priority, model_version"
)


def _item(row: sqlite3.Row) -> Item:
    return Item(
        id=row["id"],
        reference=row["reference"],
        text=row["text"],
        service_id=row["service_id"],
        kind=Kind(row["kind"]) if row["kind"] else None,
        wants_reply=bool(row["wants_reply"]),
        on_behalf=bool(row["on_behalf"]),
        quote_consent=bool(row["quote_consent"]),
        received_at=from_text(row["received_at"]),
        status=Status(row["status"]),
        urgent=bool(row["urgent"]),
        priority=Priority(row["priority"]),
        model_version=row["model_version"],
    )


class SQLiteReadTransaction:
    """Read queries on one connection inside an open transaction."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def _one(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Row | None:
        async with self._conn.execute(sql, params) as cursor:
            row: sqlite3.Row | None = await cursor.fetchone()
            return row

    async def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        async with self._conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def item(self, item_id: int) -> Item | None:
        """The item with this id."""
        row = await self._one(f"SELECT {_ITEM_COLUMNS} FROM items WHERE id = ?", (item_id,))
        return _item(row) if row else None

    async def receipt_record(self, lookup_id: str) -> ReceiptRecord | None:
        """The item and secret hash for a receipt's lookup id."""
        row = await self._one(
            "SELECT id, receipt_hash FROM items WHERE lookup_id = ?", (lookup_id,)
        )
        return ReceiptRecord(row["id"], row["receipt_hash"]) if row else None

    async def messages(self, item_id: int) -> list[Message]:
        """The item's conversation, oldest first."""
        rows = await self._all(
            "SELECT id, item_id, author, staff_id, text, created_at FROM messages"
            " WHERE item_id = ? ORDER BY id",
            (item_id,),
        )
        return [
            Message(
                id=row["id"],
                item_id=row["item_id"],
                author=Author(row["author"]),
                staff_id=row["staff_id"],
                text=row["text"],
                created_at=from_text(row["created_at"]),
            )
            for row in rows
        ]

    async def predicted_labels(self, item_id: int) -> list[PredictedLabel]:
        """The classifier's scores for every label of the item."""
        rows = await self._all(
            "SELECT label, score, flagged, evidence FROM predicted_labels WHERE item_id = ?"
            " ORDER BY score DESC",
            (item_id,),
        )
        return [
            PredictedLabel(
                label=row["label"],
                score=row["score"],
                flagged=bool(row["flagged"]),
                evidence=tuple(json.loads(row["evidence"])),
            )
            for row in rows
        ]

    async def reference_taken(self, reference: str) -> bool:
        """True when some item already uses this public reference."""
        return await self._one("SELECT 1 FROM items WHERE reference = ?", (reference,)) is not None

    async def lookup_id_taken(self, lookup_id: str) -> bool:
        """True when some item already uses this receipt lookup id."""
        return await self._one("SELECT 1 FROM items WHERE lookup_id = ?", (lookup_id,)) is not None

    async def count_items(self) -> int:
        """How many items are stored."""
        row = await self._one("SELECT count(*) FROM items")
        return int(row[0]) if row else 0

    async def audit_events(self, *, after_id: int = 0, limit: int = 1000) -> list[AuditEvent]:
        """Audit log entries with id above ``after_id``, oldest first."""
        rows = await self._all(
            "SELECT id, at, actor_id, actor, action, item_id, detail, prev_hash, hash"
            " FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
            (after_id, limit),
        )
        return [
            AuditEvent(
                id=row["id"],
                at=from_text(row["at"]),
                actor_id=row["actor_id"],
                actor=row["actor"],
                action=row["action"],
                item_id=row["item_id"],
                detail=json.loads(row["detail"]),
                prev_hash=row["prev_hash"],
                hash=row["hash"],
            )
            for row in rows
        ]

    async def last_audit_hash(self) -> str | None:
        """The hash of the newest audit entry, or ``None`` when the log is empty."""
        row = await self._one("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
        return str(row["hash"]) if row else None

    async def highest_audit_id_issued(self) -> int:
        """The largest audit id ever issued, even if that entry was since deleted."""
        row = await self._one("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'")
        return int(row["seq"]) if row else 0


class SQLiteWriteTransaction(SQLiteReadTransaction):
    """Reads and writes inside one ``BEGIN IMMEDIATE`` transaction."""

    async def insert_item(self, item: NewItem) -> int:
        """Store a new item with its predicted labels; return its id."""
        cursor = await self._conn.execute(
            "INSERT INTO items (reference, lookup_id, receipt_hash, text, service_id, kind,"
            " wants_reply, on_behalf, quote_consent, received_at, urgent, priority, model_version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                item.reference,
                item.lookup_id,
                item.receipt_hash,
                item.text,
                item.service_id,
                item.kind.value if item.kind else None,
                int(item.wants_reply),
                int(item.on_behalf),
                int(item.quote_consent),
                to_text(item.received_at),
                int(item.urgent),
                int(item.priority),
                item.model_version,
            ),
        )
        item_id = cursor.lastrowid
        assert item_id is not None
        await self._conn.executemany(
            "INSERT INTO predicted_labels (item_id, label, score, flagged, evidence)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (item_id, p.label, p.score, int(p.flagged), json.dumps(list(p.evidence)))
                for p in item.predictions
            ],
        )
        return item_id

    async def insert_message(
        self, *, item_id: int, author: Author, staff_id: int | None, text: str, at: datetime
    ) -> int:
        """Add to an item's conversation; return the message id."""
        cursor = await self._conn.execute(
            "INSERT INTO messages (item_id, author, staff_id, text, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (item_id, author.value, staff_id, text, to_text(at)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def set_status(self, item_id: int, status: Status) -> None:
        """Move an item to a new workflow status."""
        await self._conn.execute(
            "UPDATE items SET status = ? WHERE id = ?", (status.value, item_id)
        )

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
        cursor = await self._conn.execute(
            "INSERT INTO audit_log (at, actor_id, actor, action, item_id, detail, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                to_text(at),
                actor_id,
                actor,
                action,
                item_id,
                json.dumps(detail, sort_keys=True),
                prev_hash,
                hash,
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid


class SQLiteStore:
    """A :class:`~feedback.storage.interface.Store` on one SQLite file."""

    def __init__(self, database: Database) -> None:
        self.database = database

    @classmethod
    async def open(cls, path: Path, *, migrate: bool = True) -> SQLiteStore:
        """Open (creating and migrating when asked) the database at ``path``."""
        database = Database(path)
        await database.open(migrate=migrate)
        return cls(database)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[SQLiteReadTransaction]:
        """Open a read-only snapshot."""
        async with self.database.read() as conn:
            yield SQLiteReadTransaction(conn)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[SQLiteWriteTransaction]:
        """Open a write transaction (one at a time, serialised)."""
        async with self.database.write() as conn:
            yield SQLiteWriteTransaction(conn)

    async def close(self) -> None:
        """Release every connection."""
        await self.database.close()
