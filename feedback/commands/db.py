"""``feedback db upgrade``: apply database migrations."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from feedback.settings import load_settings
from feedback.storage.database import Database


def register(subparsers: Any) -> None:
    """Add ``db`` to the command line."""
    parser = subparsers.add_parser("db", help="database maintenance")
    actions = parser.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade = actions.add_parser("upgrade", help="create the database or apply new migrations")
    upgrade.set_defaults(handler=upgrade_database)


def upgrade_database(args: argparse.Namespace) -> int:
    """Open the configured database, which applies any pending migrations."""
    settings = load_settings()

    async def upgrade() -> list[str]:
        database = Database(settings.database_file, readers=0)
        await database.open(migrate=False)
        try:
            applied = await database.migrate()
        finally:
            await database.close()
        return [f"{m.version:04d}_{m.name}" for m in applied]

    applied = asyncio.run(upgrade())
    if applied:
        print(
            f"Applied {len(applied)} migration(s) to {settings.database_file}: "
            + ", ".join(applied)
        )
    else:
        print(f"{settings.database_file} is up to date.")
    return 0
