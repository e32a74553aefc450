"""The one owner of the SQLite file: a single writer and a few read-only readers.

SQLite allows one writer at a time. Rather than let connections fight over the
lock (and answer ``database is locked`` under load), every write goes through
one connection, serialised by an ``asyncio.Lock`` and wrapped in
``BEGIN IMMEDIATE`` so it either commits whole or not at all. Reads use their
own read-only connections, which WAL mode lets run beside the writer.

The file holds what service users wrote, so a new database (and the folder made
for it, and SQLite's ``-wal`` and ``-shm`` files, which take the database's
mode) is readable by the service's user alone. Opening never leaves a
connection behind when it fails: an open connection is a thread that would keep
a command from exiting.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from feedback.storage.migrations import Migration, apply_migrations

BUSY_TIMEOUT_MS = 5000
# Owner only: the database holds what service users wrote.
FILE_MODE = stat.S_IRUSR | stat.S_IWUSR
FOLDER_MODE = stat.S_IRWXU
# The table every Speak Safely database has from its first migration on.
_OUR_TABLE = "schema_migrations"


class DatabaseUnusable(Exception):
    """The database file cannot be opened, or is not a Speak Safely database.

    The message is one sentence for the person running the service.
    """


class DatabaseMissing(DatabaseUnusable):
    """There is no database file and the caller asked not to create one."""


class Database:
    """Connections to one SQLite database file. Open with :meth:`open`."""

    def __init__(self, path: Path, *, readers: int = 2) -> None:
        self.path = path
        self._reader_count = readers
        self._writer: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        self._all_readers: list[aiosqlite.Connection] = []

    async def open(self, *, migrate: bool = True, create: bool = True) -> None:
        """Open the file (creating it unless ``create`` is false), set WAL mode, migrate.

        Raises :class:`DatabaseMissing` when there is no file and ``create`` is
        false, and :class:`DatabaseUnusable` when the file is not a SQLite
        database, belongs to something else, or cannot be opened; either way no
        connection is left open.
        """
        if self.path.is_dir():
            raise DatabaseUnusable(f"{self.path} is a folder, not a database file")
        if not self.path.exists():
            if not create:
                raise DatabaseMissing(f"no database at {self.path}")
            _create_private_file(self.path)
        try:
            await self._connect()
            if migrate:
                await self.migrate()
            await self._open_readers()
        except BaseException:
            await self.close()
            raise

    async def _connect(self) -> None:
        # mode=rw: never create the file here; open() decided that already.
        try:
            writer = await aiosqlite.connect(
                self.path.resolve().as_uri() + "?mode=rw", uri=True, isolation_level=None
            )
            self._writer = writer
            writer.row_factory = sqlite3.Row
            await writer.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Read before any pragma writes: a file that is not ours is left as it was.
            await _check_is_ours(writer, self.path)
            await writer.execute("PRAGMA journal_mode = WAL")
            await writer.execute("PRAGMA synchronous = NORMAL")
            await writer.execute("PRAGMA foreign_keys = ON")
            # Deleted text is overwritten on disk rather than left in free pages.
            await writer.execute("PRAGMA secure_delete = ON")
        except sqlite3.Error as exc:
            raise _unusable(self.path, exc) from None

    async def _open_readers(self) -> None:
        try:
            for _ in range(self._reader_count):
                reader = await aiosqlite.connect(
                    self.path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None
                )
                self._all_readers.append(reader)
                reader.row_factory = sqlite3.Row
                await reader.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                await reader.execute("PRAGMA query_only = ON")
                self._readers.put_nowait(reader)
        except sqlite3.Error as exc:
            raise _unusable(self.path, exc) from None

    async def migrate(self) -> list[Migration]:
        """Apply pending migrations (each in its own transaction); return those applied.

        A migration that fails keeps nothing of itself. A broken reference
        (``IntegrityError``, ``MigrationError``) is the migration's own report and
        passes through; any other SQLite error (locked, read-only, damaged file)
        becomes :class:`DatabaseUnusable`.
        """
        async with self._write_lock:
            try:
                return await apply_migrations(self._require_writer())
            except sqlite3.IntegrityError:
                raise
            except sqlite3.DatabaseError as exc:
                raise DatabaseUnusable(f"cannot upgrade the database {self.path} ({exc})") from None

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
        readers, self._all_readers = self._all_readers, []
        writer, self._writer = self._writer, None
        try:
            for reader in readers:
                await reader.close()
        finally:
            if writer is not None:
                await writer.close()

    def _require_writer(self) -> aiosqlite.Connection:
        if self._writer is None:
            raise RuntimeError("Database.open() has not been called")
        return self._writer


def _create_private_file(path: Path) -> None:
    """Create an empty database file (and its folder) readable by the owner alone.

    An empty file is a valid empty SQLite database; SQLite gives the ``-wal``
    and ``-shm`` files it creates beside it the same mode.
    """
    if not path.parent.exists():
        path.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return  # created a moment ago by another process: use it as it is
    except OSError as exc:
        raise DatabaseUnusable(f"cannot create the database {path} ({exc.strerror})") from None
    os.close(fd)


async def _check_is_ours(writer: aiosqlite.Connection, path: Path) -> None:
    """Refuse a SQLite file that holds tables but none of ours (another program's)."""
    async with writer.execute(
        "SELECT count(*), coalesce(sum(name = ?), 0) FROM sqlite_master WHERE type = 'table'",
        (_OUR_TABLE,),
    ) as cursor:
        row = await cursor.fetchone()
    tables, ours = (row[0], row[1]) if row is not None else (0, 0)
    if tables and not ours:
        raise DatabaseUnusable(
            f"{path} is not a Speak Safely database (it holds another program's tables)"
        )


def _unusable(path: Path, exc: sqlite3.Error) -> DatabaseUnusable:
    """One sentence for a SQLite error met while opening ``path``."""
    reason = str(exc) or type(exc).__name__
    if type(exc) is sqlite3.DatabaseError:
        # "file is not a database", "database disk image is malformed": the file itself.
        return DatabaseUnusable(f"{path} is not a Speak Safely database ({reason})")
    return DatabaseUnusable(f"cannot open the database {path} ({reason})")
