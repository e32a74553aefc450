"""The hash-chained audit log: record events, and prove none was changed or removed.

Each entry's hash covers its own fields and the previous entry's hash, so
changing any entry breaks every later link, and removing one leaves a gap in the
ids. Every action writes its entry in the same transaction as its change.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from feedback.clock import to_text
from feedback.models import AuditEvent
from feedback.storage.interface import ReadTransaction, Store, WriteTransaction

GENESIS_HASH = "0" * 64
ANONYMOUS_ACTOR = "submitter (anonymous)"
SYSTEM_ACTOR = "system"


def entry_hash(
    *,
    prev_hash: str,
    at: datetime,
    actor_id: int | None,
    actor: str,
    action: str,
    item_id: int | None,
    detail: dict[str, Any],
) -> str:
    """SHA-256 over the previous hash and a canonical JSON form of the entry."""
    canonical = json.dumps(
        [prev_hash, to_text(at), actor_id, actor, action, item_id, detail],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


async def record(
    tx: WriteTransaction,
    *,
    at: datetime,
    action: str,
    actor: str,
    actor_id: int | None = None,
    item_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> int:
    """Append one event to the chain inside the caller's transaction."""
    payload = detail or {}
    prev = await tx.last_audit_hash() or GENESIS_HASH
    digest = entry_hash(
        prev_hash=prev,
        at=at,
        actor_id=actor_id,
        actor=actor,
        action=action,
        item_id=item_id,
        detail=payload,
    )
    return await tx.insert_audit_event(
        at=at,
        actor_id=actor_id,
        actor=actor,
        action=action,
        item_id=item_id,
        detail=payload,
        prev_hash=prev,
        hash=digest,
    )


@dataclass(frozen=True)
class AuditProblem:
    """One broken link, described for the person running ``feedback audit verify``."""

    entry_id: int
    description: str


def find_problems(events: list[AuditEvent], highest_id_issued: int) -> list[AuditProblem]:
    """Check the whole chain; an empty list means it is intact."""
    problems: list[AuditProblem] = []
    expected_prev = GENESIS_HASH
    expected_id = 1
    for event in events:
        if event.id != expected_id:
            missing = (
                f"entry {expected_id}"
                if event.id == expected_id + 1
                else f"entries {expected_id} to {event.id - 1}"
            )
            problems.append(AuditProblem(expected_id, f"{missing} deleted"))
        if event.prev_hash != expected_prev:
            problems.append(
                AuditProblem(event.id, f"entry {event.id} does not follow the entry before it")
            )
        recomputed = entry_hash(
            prev_hash=event.prev_hash,
            at=event.at,
            actor_id=event.actor_id,
            actor=event.actor,
            action=event.action,
            item_id=event.item_id,
            detail=event.detail,
        )
        if recomputed != event.hash:
            problems.append(
                AuditProblem(event.id, f"entry {event.id} was changed after it was written")
            )
        expected_prev = event.hash
        expected_id = event.id + 1
    if highest_id_issued >= expected_id:
        problems.append(
            AuditProblem(
                expected_id, f"entries {expected_id} to {highest_id_issued} (the newest) deleted"
            )
        )
    return problems


async def verify(store: Store, *, batch: int = 5000) -> list[AuditProblem]:
    """Read the whole log in batches and check the chain."""
    events: list[AuditEvent] = []
    async with store.read() as tx:
        reader: ReadTransaction = tx
        after = 0
        while True:
            chunk = await reader.audit_events(after_id=after, limit=batch)
            if not chunk:
                break
            events.extend(chunk)
            after = chunk[-1].id
        highest = await reader.highest_audit_id_issued()
    return find_problems(events, highest)
