"""Run one command's work on an opened runtime, and close it whatever happens.

An unclosed runtime keeps the database's connection threads alive, and the
process then never exits after an error; every command goes through here (or
closes its runtime in a ``finally`` the same way) so that cannot happen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from feedback.runtime import Runtime, missing_database, open_runtime
from feedback.settings import ClassifierMode, Settings, load_settings

T = TypeVar("T")


def with_runtime(
    settings: Settings, work: Callable[[Runtime], Awaitable[T]], *, create: bool = False
) -> T:
    """Open a runtime, run ``work`` on it, close it; return what ``work`` returned.

    ``create`` is false for commands that work on an existing database: they
    refuse a missing one rather than start an empty one.
    """

    async def go() -> T:
        runtime = await open_runtime(settings, create=create)
        try:
            return await work(runtime)
        finally:
            await runtime.close()

    return asyncio.run(go())


def existing_database_settings() -> Settings:
    """Settings for a command on an existing database, checked before anything else.

    Such commands need no classifier, so the model is not loaded; and a missing
    database is refused before a password is asked for or a file is opened.
    """
    settings = load_settings(classifier=ClassifierMode.NONE)
    if not settings.database_file.exists():
        raise missing_database(settings)
    return settings
