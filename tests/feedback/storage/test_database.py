"""The database owner: WAL, pragmas, migrations, all-or-nothing writes, read-only readers."""

from __future__ import annotations

import re
import sqlite3
import stat
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest

from feedback.models import Priority
from feedback.storage import migrations
from feedback.storage.database import Database, DatabaseMissing, DatabaseUnusable
from feedback.storage.migrations import Migration, MigrationError, available_migrations


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


async def _scalar(conn: aiosqlite.Connection, sql: str) -> object:
    async with conn.execute(sql) as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return row[0]


async def test_worth_a_look_migration_moves_ordinary_items_and_keeps_every_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = available_migrations()
    db = Database(tmp_path / "old.db")
    monkeypatch.setattr(migrations, "available_migrations", lambda: everything[:2])
    await db.open()
    try:
        async with db.write() as conn:
            for sql in OLD_ROWS:
                await conn.execute(sql)
        await _check_worth_a_look_migration(db, monkeypatch, everything)
    finally:
        await db.close()


# Rows written under migration 2, when priority 3 meant ordinary.
OLD_ROWS = (
    "INSERT INTO items (id, reference, text, wants_reply, on_behalf, quote_consent,"
    " received_at, urgent, priority, model_version, outcome) VALUES"
    " (1, 'R1', 'urgent', 0, 0, 0, 't', 1, 0, 'm', NULL),"
    " (2, 'R2', 'flagged', 0, 0, 0, 't', 0, 2, 'm', 'upheld'),"
    " (3, 'R3', 'ordinary', 0, 0, 0, 't', 0, 3, 'm', NULL)",
    "INSERT INTO predicted_labels (item_id, label, score, flagged) VALUES"
    " (2, 'neglect', 0.9, 1), (3, 'neglect', 0.01, 0)",
    "INSERT INTO messages (item_id, author, text, created_at) VALUES (3, 'submitter', 'hi', 't')",
)


async def _check_worth_a_look_migration(
    db: Database, monkeypatch: pytest.MonkeyPatch, everything: list[Migration]
) -> None:
    monkeypatch.setattr(migrations, "available_migrations", lambda: everything)
    applied = await db.migrate()
    assert [m.name for m in applied] == [m.name for m in everything[2:]]
    async with db.write() as conn:
        async with conn.execute("SELECT id, priority, outcome FROM items ORDER BY id") as cur:
            assert [tuple(row) for row in await cur.fetchall()] == [
                (1, 0, None),
                (2, 2, "upheld"),
                (3, int(Priority.ORDINARY), None),
            ]
        assert await _scalar(conn, "SELECT count(*) FROM predicted_labels WHERE possible = 0") == 2
        assert await _scalar(conn, "PRAGMA foreign_keys") == 1
        # The rebuilt table still answers for its references and its checks.
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            await conn.execute(
                "INSERT INTO messages (item_id, author, text, created_at)"
                " VALUES (99, 'submitter', 'x', 't')"
            )
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            await conn.execute("UPDATE items SET priority = 5 WHERE id = 3")
        async with conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ) as cur:
            indexes = [row[0] for row in await cur.fetchall()]
    # The rebuild restored every index items had (later migrations may add more).
    assert {"items_assignee", "items_queue", "items_service", "items_status"} <= set(indexes)


async def test_a_migration_that_breaks_references_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(tmp_path / "f.db")
    await db.open()
    try:
        async with db.write() as conn:
            await conn.execute(
                "INSERT INTO items (id, reference, text, wants_reply, on_behalf, quote_consent,"
                " received_at, urgent, priority, model_version) VALUES"
                " (1, 'R1', 'text', 0, 0, 0, 't', 0, 4, 'm')"
            )
            await conn.execute(
                "INSERT INTO predicted_labels (item_id, label, score, flagged)"
                " VALUES (1, 'abuse', 0.1, 0)"
            )
        careless = Migration(len(available_migrations()) + 1, "careless", "DELETE FROM items;")
        monkeypatch.setattr(
            migrations, "available_migrations", lambda: [*available_migrations(), careless]
        )
        with pytest.raises(MigrationError, match="careless would leave 1 broken references"):
            await db.migrate()
        async with db.write() as conn:
            assert await _scalar(conn, "SELECT count(*) FROM items") == 1
            latest = await _scalar(conn, "SELECT max(version) FROM schema_migrations")
            assert latest == careless.version - 1
            assert await _scalar(conn, "PRAGMA foreign_keys") == 1
    finally:
        await db.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_a_new_database_and_its_folder_are_the_owners_alone(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    db = Database(folder / "feedback.db")
    await db.open()
    try:
        async with db.write() as conn:
            await conn.execute(
                "INSERT INTO staff (username, password_hash, role, created_at,"
                " password_changed_at) VALUES ('a', 'h', 'admin', 't', 't')"
            )
        # While open, SQLite's -wal and -shm files exist beside it, with its mode.
        assert {p.name for p in folder.iterdir()} == {
            "feedback.db",
            "feedback.db-wal",
            "feedback.db-shm",
        }
        assert {p.name: _mode(p) for p in folder.iterdir()} == dict.fromkeys(
            ("feedback.db", "feedback.db-wal", "feedback.db-shm"), 0o600
        )
        assert _mode(folder) == 0o700
    finally:
        await db.close()


async def test_an_existing_database_keeps_its_mode_and_folder(tmp_path: Path) -> None:
    path = tmp_path / "feedback.db"
    sqlite3.connect(path).close()
    path.chmod(0o640)
    db = Database(path)
    await db.open()
    await db.close()
    assert _mode(path) == 0o640


async def test_a_missing_database_is_refused_when_not_to_be_created(tmp_path: Path) -> None:
    db = Database(tmp_path / "data" / "feedback.db")
    with pytest.raises(DatabaseMissing, match="no database at"):
        await db.open(create=False)
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    ("contents", "says"),
    [
        (b"junk\n", "is not a Speak Safely database (file is not a database)"),
        (b"SQLite format 3\x00" + b"\xff" * 200, "is not a Speak Safely database"),
    ],
)
async def test_a_file_that_is_not_a_database_is_refused_with_nothing_left_open(
    tmp_path: Path, contents: bytes, says: str
) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(contents)
    before = set(threading.enumerate())
    with pytest.raises(DatabaseUnusable, match=re.escape(says)):
        await Database(path).open()
    assert _threads_left_from(before) == []
    assert path.read_bytes() == contents


async def test_another_programs_database_is_refused_and_not_changed(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseUnusable, match="another program's tables"):
        await Database(path).open()
    assert path.read_bytes() == before


async def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnusable, match="is a folder"):
        await Database(tmp_path).open()


def _threads_left_from(before: set[threading.Thread]) -> list[threading.Thread]:
    """Threads started since ``before`` still alive after a moment to finish closing.

    Each database connection is a thread; one left running would keep a
    command's process from exiting.
    """
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=5)
    return [thread for thread in threading.enumerate() if thread not in before]
