"""The queue's SQL: pages come off an index in order, never from a sort of every item."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from feedback.casework import OverdueCutoffs, QueueFilter, QueueKey
from feedback.models import Priority, Status
from feedback.runtime import Runtime
from feedback.storage.sqlite import queue_query

MOMENT = datetime(2026, 5, 6, tzinfo=UTC)


@pytest.mark.parametrize(
    "where",
    [
        QueueFilter(),
        QueueFilter(status=Status.NEW),
        QueueFilter(label="restraint"),
        QueueFilter(assignee_id=3),
        QueueFilter(
            overdue_cutoffs=OverdueCutoffs(urgent=MOMENT, acknowledge=MOMENT, respond=MOMENT)
        ),
    ],
)
async def test_queue_pages_use_an_index_for_the_order(runtime: Runtime, where: QueueFilter) -> None:
    sql, params = queue_query(where, after=QueueKey(Priority.FLAGGED, MOMENT, 12), limit=50)
    conn = sqlite3.connect(runtime.settings.database_file)
    try:
        plan = " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    finally:
        conn.close()
    assert "TEMP B-TREE" not in plan, plan
    assert "USING INDEX items_" in plan or "USING COVERING INDEX items_" in plan, plan


async def test_counts_stop_just_past_the_cap(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    import feedback.storage.sqlite as storage

    monkeypatch.setattr(storage, "QUEUE_COUNT_CAP", 3)
    conn = sqlite3.connect(runtime.settings.database_file)
    conn.executemany(
        "INSERT INTO items (reference, text, wants_reply, on_behalf, quote_consent,"
        " received_at, status, urgent, priority, model_version)"
        " VALUES (?, 'x', 0, 0, 0, '2026-01-01T00:00:00+00:00', ?, 0, 3, 't')",
        [(f"R{i}", "new" if i < 6 else "closed") for i in range(8)],
    )
    conn.commit()
    conn.close()
    async with runtime.store.read() as tx:
        assert await tx.queue_count(QueueFilter()) == 4
        counts = await tx.queue_status_counts(QueueFilter())
        assert await tx.queue_count(QueueFilter(status=Status.CLOSED)) == 2
    assert counts[Status.NEW] == 4
    assert counts[Status.CLOSED] == 2
    assert counts[Status.RESPONDED] == 0


def test_capped_counts_read_as_a_floor() -> None:
    from admin_ui.rendering import capped_count
    from feedback.casework import QUEUE_COUNT_CAP

    assert capped_count(12) == "12"
    assert capped_count(QUEUE_COUNT_CAP) == "10,000"
    assert capped_count(QUEUE_COUNT_CAP + 1) == "10,000+"
