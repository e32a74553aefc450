"""The audit chain: intact logs verify; changed, deleted and truncated ones are named."""

from __future__ import annotations

import sqlite3

import pytest

from feedback import audit
from feedback.runtime import Runtime


async def write_events(runtime: Runtime, count: int) -> None:
    for index in range(count):
        async with runtime.store.write() as tx:
            await audit.record(
                tx,
                at=runtime.clock(),
                action="test.event",
                actor=audit.SYSTEM_ACTOR,
                detail={"n": index},
            )


def tamper(runtime: Runtime, *statements: str) -> None:
    conn = sqlite3.connect(runtime.settings.database_file)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


async def test_intact_chain_has_no_problems(runtime: Runtime) -> None:
    await write_events(runtime, 5)
    assert await audit.verify(runtime.store) == []


async def test_database_refuses_edits_to_the_log(runtime: Runtime) -> None:
    await write_events(runtime, 1)
    conn = sqlite3.connect(runtime.settings.database_file)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit_log SET actor = 'x'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit_log")
    finally:
        conn.close()


async def test_changed_entry_is_named(runtime: Runtime) -> None:
    await write_events(runtime, 5)
    tamper(runtime, "UPDATE audit_log SET detail = '{\"n\": 99}' WHERE id = 3")
    problems = await audit.verify(runtime.store)
    assert [p.entry_id for p in problems] == [3]
    assert "changed" in problems[0].description


async def test_deleted_entry_is_named(runtime: Runtime) -> None:
    await write_events(runtime, 5)
    tamper(runtime, "DELETE FROM audit_log WHERE id = 2")
    problems = await audit.verify(runtime.store)
    descriptions = [p.description for p in problems]
    assert "entry 2 deleted" in descriptions
    assert any("entry 3 does not follow" in d for d in descriptions)


async def test_deleted_newest_entries_are_named(runtime: Runtime) -> None:
    await write_events(runtime, 5)
    tamper(runtime, "DELETE FROM audit_log WHERE id >= 4")
    problems = await audit.verify(runtime.store)
    assert [p.description for p in problems] == ["entries 4 to 5 (the newest) deleted"]
