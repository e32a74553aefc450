"""``feedback audit verify``: check the hash chain of the audit log."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from feedback import audit
from feedback.commands.with_runtime import existing_database_settings
from feedback.runtime import open_database
from feedback.storage.sqlite import SQLiteStore


def register(subparsers: Any) -> None:
    """Add ``audit`` to the command line."""
    parser = subparsers.add_parser("audit", help="audit log checks")
    actions = parser.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = actions.add_parser("verify", help="report any changed or deleted audit entry")
    verify.set_defaults(handler=verify_log)


def verify_log(args: argparse.Namespace) -> int:
    """Exit 0 when the chain is intact; otherwise name each broken entry and exit 1."""
    settings = existing_database_settings()

    async def check() -> tuple[int, list[audit.AuditProblem]]:
        # Read-only: verifying must never migrate or write the file it checks.
        store = SQLiteStore(await open_database(settings, create=False, migrate=False))
        try:
            problems = await audit.verify(store)
            async with store.read() as tx:
                count = await tx.highest_audit_id_issued()
            return count, problems
        finally:
            await store.close()

    count, problems = asyncio.run(check())
    if not problems:
        entries = "1 entry" if count == 1 else f"{count} entries"
        print(f"The audit log is intact: {entries}, every link checked.")
        return 0
    print(f"The audit log has been tampered with ({len(problems)} problem(s)):")
    for problem in problems:
        print(f"  entry {problem.entry_id}: {problem.description}")
    return 1
