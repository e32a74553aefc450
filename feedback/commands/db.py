"""``feedback db upgrade``: apply database migrations."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from feedback.runtime import open_database
from feedback.settings import ClassifierMode, load_settings


def register(subparsers: Any) -> None:
    """Add ``db`` to the command line."""
    parser = subparsers.add_parser("db", help="database maintenance")
    actions = parser.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade = actions.add_parser("upgrade", help="create the database or apply new migrations")
    upgrade.set_defaults(handler=upgrade_database)


def upgrade_database(args: argparse.Namespace) -> int:
    """Open (creating it if need be) the configured database and apply pending migrations."""
    # Migrations need no classifier: a model setting is not this command's business.
    settings = load_settings(classifier=ClassifierMode.NONE)

    async def upgrade() -> list[str]:
        database = await open_database(settings, create=True, migrate=False, readers=0)
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
