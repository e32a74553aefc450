"""Helpers for the staff-side tests: accounts per role and submitted items."""

from __future__ import annotations

import sqlite3

from feedback.actions.staff import create_staff
from feedback.actions.submission import Submission, submit_feedback
from feedback.casework import QueueFilter, StaffMember
from feedback.models import Role
from feedback.runtime import Runtime

PASSWORD = "a long enough password"


async def make_staff(runtime: Runtime, role: Role, username: str | None = None) -> StaffMember:
    """Create an account with :data:`PASSWORD` through the command-line path."""
    return await create_staff(
        runtime, actor=None, username=username or role.value, password=PASSWORD, role=role
    )


async def all_roles(runtime: Runtime) -> dict[Role, StaffMember]:
    """One account per role."""
    return {role: await make_staff(runtime, role) for role in Role}


async def submit(runtime: Runtime, text: str, *, wants_reply: bool = True) -> tuple[int, str]:
    """Submit an item; return its id and the receipt (or an empty string)."""
    result = await submit_feedback(runtime, Submission(text=text, wants_reply=wants_reply))
    async with runtime.store.read() as tx:
        [row] = [
            r
            for r in await tx.queue(QueueFilter(), after=None, limit=10_000)
            if r.item.reference == result.reference
        ]
    return row.item.id, result.receipt.display if result.receipt else ""


def rows(runtime: Runtime, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Run one query on the database file directly (to check what was really stored)."""
    conn = sqlite3.connect(runtime.settings.database_file)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
