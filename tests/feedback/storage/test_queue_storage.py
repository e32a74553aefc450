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
