"""Forms acted on once: a form sent again is answered, not repeated.

A double click, a retried slow post, or Back and Send again would otherwise
give the submitter the same reply twice or record one escalation twice. Each
staff form carries a random ``form_id`` made when the page is rendered (see
:func:`new_form_id`), and the handlers that add a record run their action at
most once per id: a repeat is told it was already sent, and nothing is written.

Only ids whose action succeeded are kept, so a form refused for a mistake can be
corrected and sent again. A repeat that arrives while the first is still being
saved waits for it and then learns which way it went; as the page is served by
one event loop, checking and claiming an id cannot interleave. The ids live in
this process's memory, like the staff sessions: bounded, oldest forgotten
first, gone on restart (a form from before a restart is a day-old page anyway).
"""

from __future__ import annotations

import asyncio
import secrets
from collections import OrderedDict
from collections.abc import Awaitable, Callable

DEFAULT_MAX_REMEMBERED = 10_000


def new_form_id() -> str:
    """A random id for one rendered form (URL-safe, 128 bits)."""
    return secrets.token_urlsafe(16)


class SingleUseForms:
    """Remembers which forms were acted on, and runs each form's action once."""

    def __init__(self, *, max_remembered: int = DEFAULT_MAX_REMEMBERED) -> None:
        self._max = max_remembered
        self._done: OrderedDict[str, None] = OrderedDict()
        self._running: dict[str, asyncio.Event] = {}

    async def run_once(self, form_id: str, action: Callable[[], Awaitable[object]]) -> bool:
        """Run ``action`` unless this form was already acted on; ``False`` if it was.

        A form without an id (a page from before ids, a script) is simply run.
        If ``action`` raises, the id is not kept and the error goes on.
        """
        if not form_id:
            await action()
            return True
        while (running := self._running.get(form_id)) is not None:
            await running.wait()
        if form_id in self._done:
            return False
        finished = asyncio.Event()
        self._running[form_id] = finished
        try:
            await action()
            self._remember(form_id)
        finally:
            del self._running[form_id]
            finished.set()
        return True

    def _remember(self, form_id: str) -> None:
        self._done[form_id] = None
        while len(self._done) > self._max:
            self._done.popitem(last=False)
