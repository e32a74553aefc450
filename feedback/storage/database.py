"""The one owner of the SQLite file: a single writer and a few read-only readers.

SQLite allows one writer at a time. Rather than let connections fight over the
lock (and answer ``database is locked`` under load), every write goes through
one connection, serialised by an ``asyncio.Lock`` and wrapped in
``BEGIN IMMEDIATE`` so it either commits whole or not at all. Reads use their
own read-only connections, which WAL mode lets run beside the writer.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from feedback.storage.migrations import Migration, apply_migrations

BUSY_TIMEOUT_MS = 5000


class Database:
    """Connections to one SQLite database file. Open with :meth:`open`."""

    def __init__(self, path: Path, *, readers: int = 2) -> None:
        self.path = path
        self._reader_count = readers
        self._writer: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        self._all_readers: list[aiosqlite.Connection] = []

    async def open(self, *, migrate: bool = True) -> None:
        """Create the file if needed, set WAL mode, apply migrations, open readers."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        writer = await aiosqlite.connect(self.path, isolation_level=None)
        writer.row_factory = sqlite3.Row
        await writer.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await writer.execute("PRAGMA journal_mode = WAL")
        await writer.execute("PRAGMA synchronous = NORMAL")
        await writer.execute("PRAGMA foreign_keys = ON")
        # Deleted text is overwritten on disk rather than left in free pages.
        await writer.execute("PRAGMA secure_delete = ON")
        self._writer = writer
        if migrate:
            await self.migrate()
        for _ in range(self._reader_count):
            reader = await aiosqlite.connect(
                self.path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None
            )
            reader.row_factory = sqlite3.Row
            await reader.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await reader.execute("PRAGMA query_only = ON")
            self._all_readers.append(reader)
            self._readers.put_nowait(reader)

    async def migrate(self) -> list[Migration]:
        """Apply pending migrations (each in its own transaction); return those applied."""
        async with self._write_lock:
            return await apply_migrations(self._require_writer())

    @asynccontextmanager
    async def write(self) -> AsyncIterator[aiosqlite.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction: commits on success, else rolls back."""
        writer = self._require_writer()
        async with self._write_lock:
            await writer.execute("BEGIN IMMEDIATE")
            try:
                yield writer
            except BaseException:
                await writer.execute("ROLLBACK")
                raise
            await writer.execute("COMMIT")

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """A read-only connection holding one consistent snapshot for the block."""
        reader = await self._readers.get()
        try:
            await reader.execute("BEGIN")
            try:
                yield reader
            finally:
                await reader.execute("COMMIT")
        finally:
            self._readers.put_nowait(reader)

    async def close(self) -> None:
        """Close every connection; the WAL is checkpointed by the last close."""
        for reader in self._all_readers:
            await reader.close()
        self._all_readers.clear()
        if self._writer is not None:
            await self._writer.close()
            self._writer = None

    def _require_writer(self) -> aiosqlite.Connection:
        if self._writer is None:
            raise RuntimeError("Database.open() has not been called")
        return self._writer
