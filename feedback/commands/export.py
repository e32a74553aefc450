"""``feedback export labels|queue``: files for retraining and for spreadsheets.

The ``--output`` file is checked before the database is opened, and written
whole or not at all (:mod:`feedback.commands.output_file`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from feedback.commands.output_file import OutputFile
from feedback.commands.with_runtime import existing_database_settings, with_runtime
from feedback.deadlines import WorkingCalendar
from feedback.exports import confirmed_labels_jsonl, queue_csv
from feedback.queue import QueueRequest
from feedback.runtime import Runtime
from feedback.settings import Settings, SettingsError


def register(subparsers: Any) -> None:
    """Add ``export`` to the command line."""
    parser = subparsers.add_parser("export", help="export confirmed labels or the queue")
    actions = parser.add_subparsers(dest="export_command", required=True, metavar="WHAT")
    labels = actions.add_parser(
        "labels", help="confirmed labels as JSON lines for `python -m classifiers train --extra`"
    )
    labels.add_argument("--output", type=Path, help="file to write (default: standard output)")
    labels.set_defaults(handler=export_labels)
    queue = actions.add_parser("queue", help="the whole queue as CSV")
    queue.add_argument("--output", type=Path, help="file to write (default: standard output)")
    queue.set_defaults(handler=export_queue)


def export_labels(args: argparse.Namespace) -> int:
    """Write every item with a lead's label decisions as one JSON line."""
    settings = existing_database_settings()
    output = OutputFile.open(args.output)

    async def work(runtime: Runtime) -> int:
        count = 0
        async for line in confirmed_labels_jsonl(runtime, None):
            output.stream.write(line)
            count += 1
        return count

    try:
        count = with_runtime(settings, work)
        output.finish()
    finally:
        output.discard()
    print(f"Exported {count} labelled item(s).", file=sys.stderr)
    return 0


def export_queue(args: argparse.Namespace) -> int:
    """Write the queue as CSV, in queue order."""
    settings = existing_database_settings()
    calendar = _calendar(settings)
    output = OutputFile.open(args.output)

    async def work(runtime: Runtime) -> None:
        async for line in queue_csv(runtime, None, calendar, QueueRequest()):
            output.stream.write(line.encode("utf-8"))

    try:
        with_runtime(settings, work)
        output.finish()
    finally:
        output.discard()
    return 0


def _calendar(settings: Settings) -> WorkingCalendar:
    """The deadlines calendar, naming ``FEEDBACK_BANK_HOLIDAYS_FILE`` if it is at fault."""
    try:
        return WorkingCalendar.from_settings(settings)
    except ValueError as exc:
        if settings.bank_holidays_file is None:
            raise
        raise SettingsError(f"FEEDBACK_BANK_HOLIDAYS_FILE: {exc}") from None
