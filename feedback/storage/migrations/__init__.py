"""Numbered SQL migrations (``NNNN_name.sql``), applied in order, each in one transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

MIGRATIONS_DIR = Path(__file__).parent
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class MigrationError(RuntimeError):
    """A migration that would leave the database inconsistent; nothing of it is kept."""


@dataclass(frozen=True)
class Migration:
    """One migration file."""

    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    """Every migration shipped with the package, in version order."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise RuntimeError(f"migration file name not of the form NNNN_name.sql: {path.name}")
        found.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migration numbers must run 1, 2, 3 ... without gaps: {versions}")
    return found


async def applied_versions(conn: aiosqlite.Connection) -> set[int]:
    """Versions already applied to this database."""
    await conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
    )
    async with conn.execute("SELECT version FROM schema_migrations") as cursor:
        return {row[0] async for row in cursor}


async def apply_migrations(conn: aiosqlite.Connection) -> list[Migration]:
    """Apply every migration not yet applied; return those applied now.

    Each runs inside ``BEGIN IMMEDIATE ... COMMIT`` together with its
    ``schema_migrations`` row, so a failing migration leaves no trace.
    Foreign keys are off while a migration runs, as SQLite's own recipe for
    rebuilding a table asks (a table that others refer to cannot otherwise be
    dropped and replaced), and every reference is checked before the commit.
    """
    done = await applied_versions(conn)
    applied = []
    for migration in available_migrations():
        if migration.version in done:
            continue
        async with conn.execute("PRAGMA foreign_keys") as cursor:
            row = await cursor.fetchone()
        foreign_keys_were_on = bool(row and row[0])
        # Only takes effect outside a transaction, so before BEGIN.
        await conn.execute("PRAGMA foreign_keys = OFF")
        try:
            await conn.executescript(
                "BEGIN IMMEDIATE;\n"
                + migration.sql
                + f"\nINSERT INTO schema_migrations (version, name) VALUES"
                f" ({migration.version:d}, '{migration.name}');"
            )
            async with conn.execute("PRAGMA foreign_key_check") as cursor:
                broken = list(await cursor.fetchall())
            if broken:
                raise MigrationError(
                    f"migration {migration.version:04d}_{migration.name} would leave"
                    f" {len(broken)} broken references, first in table {broken[0][0]}"
                )
            await conn.execute("COMMIT")
        except Exception:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        finally:
            if foreign_keys_were_on:
                await conn.execute("PRAGMA foreign_keys = ON")
        applied.append(migration)
    return applied
