"""The database owner: WAL, pragmas, migrations, all-or-nothing writes, read-only readers."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from feedback.storage.database import Database
from feedback.storage.migrations import available_migrations


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    db = Database(tmp_path / "f.db")
    await db.open()
    yield db
    await db.close()


async def test_wal_foreign_keys_and_busy_timeout(database: Database) -> None:
    async with database.write() as conn:
        async with conn.execute("PRAGMA journal_mode") as cursor:
            assert (await cursor.fetchone())[0] == "wal"  # type: ignore[index]
        async with conn.execute("PRAGMA foreign_keys") as cursor:
            assert (await cursor.fetchone())[0] == 1  # type: ignore[index]
        async with conn.execute("PRAGMA busy_timeout") as cursor:
            assert (await cursor.fetchone())[0] == 5000  # type: ignore[index]


async def test_all_migrations_applied_once(database: Database) -> None:
    assert await database.migrate() == []
    async with database.read() as conn:
        async with conn.execute("SELECT version FROM schema_migrations ORDER BY version") as cur:
            versions = [row[0] for row in await cur.fetchall()]
    assert versions == [m.version for m in available_migrations()]


async def test_failed_write_leaves_nothing_behind(database: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        async with database.write() as conn:
            await conn.execute(
                "INSERT INTO staff (username, password_hash, role, created_at,"
                " password_changed_at) VALUES ('a', 'h', 'admin', 't', 't')"
            )
            await conn.execute(
                "INSERT INTO staff (username, password_hash, role, created_at,"
                " password_changed_at) VALUES ('b', 'h', 'no-such-role', 't', 't')"
            )
    async with database.read() as conn:
        async with conn.execute("SELECT count(*) FROM staff") as cursor:
            assert (await cursor.fetchone())[0] == 0  # type: ignore[index]


async def test_readers_cannot_write(database: Database) -> None:
    with pytest.raises(sqlite3.OperationalError):
        async with database.read() as conn:
            await conn.execute("DELETE FROM staff")


async def test_foreign_keys_are_enforced(database: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        async with database.write() as conn:
            await conn.execute(
                "INSERT INTO messages (item_id, author, staff_id, text, created_at)"
                " VALUES (999, 'submitter', NULL, 'hi', 't')"
            )
