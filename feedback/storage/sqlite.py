"""The SQLite implementation of :mod:`feedback.storage.interface`.

All SQL of the service lives in this module and in ``migrations/``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import aiosqlite
import msgspec

from feedback.casework import (
    QUEUE_COUNT_CAP,
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
    Role,
    Status,
)
from feedback.storage.database import Database

_ITEM_COLUMNS = (
    "id, reference, text, service_id, kind, wants_reply, on_behalf, quote_consent,"
    " received_at, status, urgent, priority, model_version, urgent_evidence"
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
        urgent_evidence=tuple(json.loads(row["urgent_evidence"])),
    )


# ---- Staff side (triage) -------------------------------------------------

_STAFF_COLUMNS = "id, username, role, disabled, created_at, password_changed_at"
_QUEUE_COLUMNS = ", ".join(f"items.{column.strip()}" for column in _ITEM_COLUMNS.split(","))
_OPEN_STATUSES = "('new', 'acknowledged', 'investigating', 'reopened')"


def _exact(moment: datetime) -> str:
    # Staff times keep their microseconds: two audit-relevant steps in one second stay ordered.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _maybe_time(text: str | None) -> datetime | None:
    return from_text(text) if text else None


def _staff(row: sqlite3.Row) -> StaffMember:
    return StaffMember(
        id=row["id"],
        username=row["username"],
        role=Role(row["role"]),
        disabled=bool(row["disabled"]),
        created_at=from_text(row["created_at"]),
        password_changed_at=from_text(row["password_changed_at"]),
    )


def _audit_event(row: sqlite3.Row) -> AuditEvent:
    return AuditEvent(
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


def _queue_where(where: QueueFilter) -> tuple[list[str], list[Any]]:
    """WHERE clauses (constants only) and their parameters for a queue filter."""
    clauses: list[str] = []
    params: list[Any] = []
    if where.status is not None:
        clauses.append("items.status = ?")
        params.append(where.status.value)
    if where.service_id is not None:
        clauses.append("items.service_id = ?")
        params.append(where.service_id)
    if where.unassigned:
        clauses.append("items.assignee_id IS NULL")
    elif where.assignee_id is not None:
        clauses.append("items.assignee_id = ?")
        params.append(where.assignee_id)
    if where.label is not None:
        clauses.append(
            "(EXISTS (SELECT 1 FROM predicted_labels p WHERE p.item_id = items.id"
            " AND p.label = ? AND p.flagged = 1 AND NOT EXISTS (SELECT 1 FROM label_decisions d"
            " WHERE d.item_id = p.item_id AND d.label = p.label AND d.decision = 'rejected'))"
            " OR EXISTS (SELECT 1 FROM label_decisions d WHERE d.item_id = items.id"
            " AND d.label = ? AND d.decision IN ('confirmed', 'added')))"
        )
        params.extend([where.label, where.label])
    if where.overdue_cutoffs is not None:
        cut = where.overdue_cutoffs
        # One expression rather than an OR of three: the planner then walks the
        # queue index in order instead of merging three index scans and sorting.
        clauses.append(
            "items.received_at < (CASE WHEN items.status = 'new' THEN"
            " (CASE WHEN items.priority = 0 THEN ? ELSE ? END)"
            f" WHEN items.status IN {_OPEN_STATUSES} THEN ? ELSE '' END)"
        )
        params.extend(
            [
                to_text(max(cut.urgent, cut.acknowledge, cut.respond)),
                to_text(max(cut.acknowledge, cut.respond)),
                to_text(cut.respond),
            ]
        )
    return clauses, params


def queue_query(
    where: QueueFilter, *, after: QueueKey | None, limit: int
) -> tuple[str, tuple[Any, ...]]:
    """The SQL for one queue page (public so a test can check its query plan)."""
    clauses, params = _queue_where(where)
    if after is not None:
        # Row values compare like tuples, so the items_queue index serves the page.
        clauses.append("(items.priority, items.received_at, items.id) > (?, ?, ?)")
        params.extend([int(after.priority), to_text(after.received_at), after.id])
    sql = (
        f"SELECT {_QUEUE_COLUMNS}, staff.username AS assignee,"
        " EXISTS (SELECT 1 FROM escalations e WHERE e.item_id = items.id) AS escalated"
        " FROM items LEFT JOIN staff ON staff.id = items.assignee_id"
        f" WHERE {' AND '.join(clauses) or '1'}"
        " ORDER BY items.priority, items.received_at, items.id LIMIT ?"
    )
    return sql, (*params, limit)


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
            "SELECT label, score, flagged, evidence, possible FROM predicted_labels"
            " WHERE item_id = ?"
            " ORDER BY score DESC",
            (item_id,),
        )
        return [
            PredictedLabel(
                label=row["label"],
                score=row["score"],
                flagged=bool(row["flagged"]),
                evidence=tuple(json.loads(row["evidence"])),
                possible=bool(row["possible"]),
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

    # Staff side (triage): accounts, casework, the queue, the audit page.

    async def staff_by_id(self, staff_id: int) -> StaffMember | None:
        """The staff account with this id."""
        row = await self._one(f"SELECT {_STAFF_COLUMNS} FROM staff WHERE id = ?", (staff_id,))
        return _staff(row) if row else None

    async def staff_credentials(self, username: str) -> StaffCredentials | None:
        """The account and password hash for a username (any case)."""
        row = await self._one(
            f"SELECT {_STAFF_COLUMNS}, password_hash FROM staff WHERE username = ?", (username,)
        )
        if row is None:
            return None
        return StaffCredentials(member=_staff(row), password_hash=row["password_hash"])

    async def list_staff(self) -> list[StaffMember]:
        """Every staff account, by username."""
        rows = await self._all(f"SELECT {_STAFF_COLUMNS} FROM staff ORDER BY username")
        return [_staff(row) for row in rows]

    async def casework(self, item_id: int) -> Casework | None:
        """The item's assignee, acknowledgement and response times and outcome."""
        row = await self._one(
            "SELECT items.assignee_id, staff.username AS assignee, items.acknowledged_at,"
            " items.responded_at, items.outcome FROM items"
            " LEFT JOIN staff ON staff.id = items.assignee_id WHERE items.id = ?",
            (item_id,),
        )
        if row is None:
            return None
        return Casework(
            assignee_id=row["assignee_id"],
            assignee=row["assignee"],
            acknowledged_at=_maybe_time(row["acknowledged_at"]),
            responded_at=_maybe_time(row["responded_at"]),
            outcome=Outcome(row["outcome"]) if row["outcome"] else None,
        )

    async def label_decisions(self, item_id: int) -> list[LabelDecisionRecord]:
        """The lead's current decision on each label of the item."""
        rows = await self._all(
            "SELECT d.label, d.decision, d.staff_id, s.username, d.decided_at"
            " FROM label_decisions d JOIN staff s ON s.id = d.staff_id"
            " WHERE d.item_id = ? ORDER BY d.label",
            (item_id,),
        )
        return [
            LabelDecisionRecord(
                label=row["label"],
                decision=LabelDecision(row["decision"]),
                staff_id=row["staff_id"],
                staff_username=row["username"],
                decided_at=from_text(row["decided_at"]),
            )
            for row in rows
        ]

    async def urgency_decision(self, item_id: int) -> UrgencyDecisionRecord | None:
        """The lead's decision on the item's urgency, if one was made."""
        row = await self._one(
            "SELECT u.urgent, u.staff_id, s.username, u.decided_at"
            " FROM urgency_decisions u JOIN staff s ON s.id = u.staff_id WHERE u.item_id = ?",
            (item_id,),
        )
        if row is None:
            return None
        return UrgencyDecisionRecord(
            urgent=bool(row["urgent"]),
            staff_id=row["staff_id"],
            staff_username=row["username"],
            decided_at=from_text(row["decided_at"]),
        )

    async def label_suggestions(self, item_id: int) -> list[LabelSuggestion]:
        """Reviewers' label suggestions for the item, oldest first."""
        rows = await self._all(
            "SELECT g.id, g.label, g.present, s.username, g.suggested_at"
            " FROM label_suggestions g JOIN staff s ON s.id = g.staff_id"
            " WHERE g.item_id = ? ORDER BY g.id",
            (item_id,),
        )
        return [
            LabelSuggestion(
                id=row["id"],
                label=row["label"],
                present=bool(row["present"]),
                staff_username=row["username"],
                suggested_at=from_text(row["suggested_at"]),
            )
            for row in rows
        ]

    async def notes(self, item_id: int) -> list[Note]:
        """The item's internal notes, oldest first."""
        rows = await self._all(
            "SELECT n.id, s.username, n.text, n.created_at FROM notes n"
            " JOIN staff s ON s.id = n.staff_id WHERE n.item_id = ? ORDER BY n.id",
            (item_id,),
        )
        return [
            Note(
                id=row["id"],
                staff_username=row["username"],
                text=row["text"],
                created_at=from_text(row["created_at"]),
            )
            for row in rows
        ]

    async def escalations(self, item_id: int) -> list[Escalation]:
        """The item's escalations, oldest first."""
        rows = await self._all(
            "SELECT e.id, e.agency, e.reference, e.escalated_on, s.username, e.recorded_at"
            " FROM escalations e JOIN staff s ON s.id = e.staff_id"
            " WHERE e.item_id = ? ORDER BY e.id",
            (item_id,),
        )
        return [
            Escalation(
                id=row["id"],
                agency=Agency(row["agency"]),
                reference=row["reference"],
                escalated_on=date.fromisoformat(row["escalated_on"]),
                staff_username=row["username"],
                recorded_at=from_text(row["recorded_at"]),
            )
            for row in rows
        ]

    async def queue(
        self, where: QueueFilter, *, after: QueueKey | None, limit: int
    ) -> list[QueueRow]:
        """One page of the queue in (priority, received_at, id) order, after ``after``."""
        sql, params = queue_query(where, after=after, limit=limit)
        rows = await self._all(sql, params)
        labels = await self._current_labels([row["id"] for row in rows])
        return [
            QueueRow(
                item=_item(row),
                labels=tuple(sorted(labels.get(row["id"], set()))),
                assignee=row["assignee"],
                escalated=bool(row["escalated"]),
            )
            for row in rows
        ]

    async def _current_labels(self, item_ids: list[int]) -> dict[int, set[str]]:
        # Predicted flags the lead has not rejected, plus the lead's confirmed and added ones.
        if not item_ids:
            return {}
        marks = ", ".join("?" * len(item_ids))
        found: dict[int, set[str]] = {}
        for row in await self._all(
            f"SELECT item_id, label FROM predicted_labels WHERE flagged = 1"
            f" AND item_id IN ({marks})",
            tuple(item_ids),
        ):
            found.setdefault(row["item_id"], set()).add(row["label"])
        for row in await self._all(
            f"SELECT item_id, label, decision FROM label_decisions WHERE item_id IN ({marks})",
            tuple(item_ids),
        ):
            labels = found.setdefault(row["item_id"], set())
            if row["decision"] == LabelDecision.REJECTED:
                labels.discard(row["label"])
            else:
                labels.add(row["label"])
        return found

    async def queue_count(self, where: QueueFilter) -> int:
        """How many items match the filter, counting no further than ``QUEUE_COUNT_CAP + 1``."""
        clauses, params = _queue_where(where)
        row = await self._one(
            f"SELECT count(*) FROM (SELECT 1 FROM items WHERE {' AND '.join(clauses) or '1'}"
            " LIMIT ?)",
            (*params, QUEUE_COUNT_CAP + 1),
        )
        return int(row[0]) if row else 0

    async def queue_status_counts(self, where: QueueFilter) -> dict[Status, int]:
        """Matching items per status (the filter's own status is ignored), each capped.

        One bounded count per status on the ``items_status`` index, rather than a
        GROUP BY that reads every item.
        """
        return {
            status: await self.queue_count(msgspec.structs.replace(where, status=status))
            for status in Status
        }

    async def labelled_texts(
        self, *, after_item_id: int, limit: int
    ) -> list[tuple[int, LabelledText]]:
        """Items with a label or urgency decision, with confirmed and added labels.

        Urgency is the lead's decision where there is one; where there is not,
        the lead decided labels beside the classifier's urgency and left it.
        """
        rows = await self._all(
            "SELECT i.id, i.text, COALESCE(u.urgent, i.urgent) AS urgent FROM items i"
            " LEFT JOIN urgency_decisions u ON u.item_id = i.id WHERE i.id > ? AND"
            " (i.id IN (SELECT item_id FROM label_decisions) OR u.item_id IS NOT NULL)"
            " ORDER BY i.id LIMIT ?",
            (after_item_id, limit),
        )
        result = []
        for row in rows:
            decided = await self._all(
                "SELECT label FROM label_decisions WHERE item_id = ?"
                " AND decision IN ('confirmed', 'added') ORDER BY label",
                (row["id"],),
            )
            result.append(
                (
                    int(row["id"]),
                    LabelledText(
                        text=row["text"],
                        labels=[r["label"] for r in decided],
                        urgent=bool(row["urgent"]),
                    ),
                )
            )
        return result

    async def version_counts(self) -> list[VersionCounts]:
        """Each classifier version's items, newest version (by its last item) first."""
        rows = await self._all(
            "SELECT model_version, COUNT(*) AS items, MIN(received_at) AS first,"
            " MAX(received_at) AS last FROM items GROUP BY model_version"
            " ORDER BY last DESC, model_version"
        )
        return [
            VersionCounts(
                model_version=row["model_version"],
                items=int(row["items"]),
                first_received=from_text(row["first"]),
                last_received=from_text(row["last"]),
            )
            for row in rows
        ]

    async def flag_counts(self) -> list[FlagCounts]:
        """Per classifier version and label: flags, the leads' decisions on them, labels added.

        Added labels are counted from the decisions, so a label added to an item
        the classifier never scored (it was switched off) still counts as missed.
        """
        flags = await self._all(
            "SELECT i.model_version, p.label, SUM(p.flagged) AS flagged,"
            " SUM(p.flagged AND d.decision = 'confirmed') AS confirmed,"
            " SUM(p.flagged AND d.decision = 'rejected') AS rejected,"
            " SUM(p.possible) AS possible"
            " FROM predicted_labels p INDEXED BY predicted_labels_marked"
            " JOIN items i ON i.id = p.item_id"
            " LEFT JOIN label_decisions d ON d.item_id = p.item_id AND d.label = p.label"
            " WHERE p.flagged = 1 OR p.possible = 1"
            " GROUP BY i.model_version, p.label"
        )
        added = await self._all(
            "SELECT i.model_version, d.label, COUNT(*) AS added,"
            " SUM(COALESCE(p.possible, 0)) AS added_possible"
            " FROM label_decisions d JOIN items i ON i.id = d.item_id"
            " LEFT JOIN predicted_labels p ON p.item_id = d.item_id AND p.label = d.label"
            " WHERE d.decision = 'added' GROUP BY i.model_version, d.label"
        )
        counts: dict[tuple[str, str], dict[str, int]] = {}
        for row in flags:
            counts[(row[0], row[1])] = {
                "flagged": int(row["flagged"] or 0),
                "confirmed": int(row["confirmed"] or 0),
                "rejected": int(row["rejected"] or 0),
                "worth_a_look": int(row["possible"] or 0),
            }
        for row in added:
            found = counts.setdefault((row[0], row[1]), {})
            found["added"] = int(row["added"])
            found["added_worth_a_look"] = int(row["added_possible"] or 0)
        return [
            FlagCounts(model_version=version, label=label, **found)
            for (version, label), found in sorted(counts.items())
        ]

    async def urgency_counts(self) -> list[FlagCounts]:
        """Per classifier version, the urgent flags and the leads' decisions, as label "urgent".

        Read from the decisions and from the urgent items (a partial index,
        migration 0005), never from every item.
        """
        flagged = await self._all(
            "SELECT i.model_version, COUNT(*) AS flagged,"
            " SUM(u.urgent = 1) AS confirmed, SUM(u.urgent = 0) AS rejected"
            " FROM items i INDEXED BY items_flagged_urgent"
            " LEFT JOIN urgency_decisions u ON u.item_id = i.id"
            " WHERE i.urgent = 1 GROUP BY i.model_version"
        )
        added = await self._all(
            "SELECT i.model_version, COUNT(*) AS added FROM urgency_decisions u"
            " JOIN items i ON i.id = u.item_id WHERE u.urgent = 1 AND i.urgent = 0"
            " GROUP BY i.model_version"
        )
        counts: dict[str, dict[str, int]] = {
            row[0]: {
                "flagged": int(row["flagged"]),
                "confirmed": int(row["confirmed"] or 0),
                "rejected": int(row["rejected"] or 0),
            }
            for row in flagged
        }
        for row in added:
            counts.setdefault(row[0], {})["added"] = int(row["added"])
        return [
            FlagCounts(model_version=version, label="urgent", **found)
            for version, found in sorted(counts.items())
        ]

    async def audit_page(
        self, *, item_id: int | None, before_id: int | None, limit: int
    ) -> list[AuditEvent]:
        """Audit entries newest first, optionally for one item, below ``before_id``."""
        clauses: list[str] = []
        params: list[Any] = []
        if item_id is not None:
            clauses.append("item_id = ?")
            params.append(item_id)
        if before_id is not None:
            clauses.append("id < ?")
            params.append(before_id)
        rows = await self._all(
            "SELECT id, at, actor_id, actor, action, item_id, detail, prev_hash, hash"
            f" FROM audit_log WHERE {' AND '.join(clauses) or '1'} ORDER BY id DESC LIMIT ?",
            (*params, limit),
        )
        return [_audit_event(row) for row in rows]


class SQLiteWriteTransaction(SQLiteReadTransaction):
    """Reads and writes inside one ``BEGIN IMMEDIATE`` transaction."""

    async def insert_item(self, item: NewItem) -> int:
        """Store a new item with its predicted labels; return its id."""
        cursor = await self._conn.execute(
            "INSERT INTO items (reference, lookup_id, receipt_hash, text, service_id, kind,"
            " wants_reply, on_behalf, quote_consent, received_at, urgent, priority, model_version,"
            " urgent_evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                json.dumps(list(item.urgent_evidence)),
            ),
        )
        item_id = cursor.lastrowid
        assert item_id is not None
        await self._conn.executemany(
            "INSERT INTO predicted_labels (item_id, label, score, flagged, evidence, possible)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    item_id,
                    p.label,
                    p.score,
                    int(p.flagged),
                    json.dumps(list(p.evidence)),
                    int(p.possible),
                )
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

    async def insert_staff(
        self, *, username: str, password_hash: str, role: Role, at: datetime
    ) -> int:
        """Create a staff account; return its id."""
        cursor = await self._conn.execute(
            "INSERT INTO staff (username, password_hash, role, created_at, password_changed_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (username, password_hash, role.value, _exact(at), _exact(at)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def set_staff_password(self, staff_id: int, password_hash: str, at: datetime) -> None:
        """Replace an account's password hash (sessions from before ``at`` end)."""
        await self._conn.execute(
            "UPDATE staff SET password_hash = ?, password_changed_at = ? WHERE id = ?",
            (password_hash, _exact(at), staff_id),
        )

    async def set_staff_disabled(self, staff_id: int, disabled: bool) -> None:
        """Disable or re-enable an account."""
        await self._conn.execute(
            "UPDATE staff SET disabled = ? WHERE id = ?", (int(disabled), staff_id)
        )

    async def set_assignee(self, item_id: int, staff_id: int | None) -> None:
        """Assign the item to a staff member, or to nobody."""
        await self._conn.execute(
            "UPDATE items SET assignee_id = ? WHERE id = ?", (staff_id, item_id)
        )

    async def set_acknowledged_at(self, item_id: int, at: datetime) -> None:
        """Record when the item was first acknowledged."""
        await self._conn.execute(
            "UPDATE items SET acknowledged_at = ? WHERE id = ?", (_exact(at), item_id)
        )

    async def set_responded_at(self, item_id: int, at: datetime) -> None:
        """Record when staff last responded to the submitter."""
        await self._conn.execute(
            "UPDATE items SET responded_at = ? WHERE id = ?", (_exact(at), item_id)
        )

    async def set_outcome(self, item_id: int, outcome: Outcome | None) -> None:
        """Record (or clear) the outcome of a complaint."""
        await self._conn.execute(
            "UPDATE items SET outcome = ? WHERE id = ?",
            (outcome.value if outcome else None, item_id),
        )

    async def set_label_decision(
        self, *, item_id: int, label: str, decision: LabelDecision, staff_id: int, at: datetime
    ) -> None:
        """Store the lead's decision on one label, replacing any earlier one."""
        await self._conn.execute(
            "INSERT INTO label_decisions (item_id, label, decision, staff_id, decided_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (item_id, label) DO UPDATE SET"
            " decision = excluded.decision, staff_id = excluded.staff_id,"
            " decided_at = excluded.decided_at",
            (item_id, label, decision.value, staff_id, _exact(at)),
        )

    async def set_urgency_decision(
        self, *, item_id: int, urgent: bool, staff_id: int, at: datetime
    ) -> None:
        """Store the lead's decision on the item's urgency, replacing any earlier one."""
        await self._conn.execute(
            "INSERT INTO urgency_decisions (item_id, urgent, staff_id, decided_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (item_id) DO UPDATE SET"
            " urgent = excluded.urgent, staff_id = excluded.staff_id,"
            " decided_at = excluded.decided_at",
            (item_id, int(urgent), staff_id, _exact(at)),
        )

    async def insert_label_suggestion(
        self, *, item_id: int, label: str, present: bool, staff_id: int, at: datetime
    ) -> int:
        """Store a reviewer's label suggestion; return its id."""
        cursor = await self._conn.execute(
            "INSERT INTO label_suggestions (item_id, label, present, staff_id, suggested_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (item_id, label, int(present), staff_id, _exact(at)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def insert_note(self, *, item_id: int, staff_id: int, text: str, at: datetime) -> int:
        """Add an internal note; return its id."""
        cursor = await self._conn.execute(
            "INSERT INTO notes (item_id, staff_id, text, created_at) VALUES (?, ?, ?, ?)",
            (item_id, staff_id, text, _exact(at)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

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
        cursor = await self._conn.execute(
            "INSERT INTO escalations (item_id, agency, reference, escalated_on, staff_id,"
            " recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
            (item_id, agency.value, reference, escalated_on.isoformat(), staff_id, _exact(at)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def set_priority(self, item_id: int, priority: Priority) -> None:
        """Move an item in the queue (after the lead corrects its labels)."""
        await self._conn.execute(
            "UPDATE items SET priority = ? WHERE id = ?", (int(priority), item_id)
        )


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
