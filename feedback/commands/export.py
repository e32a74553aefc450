"""``feedback export labels|queue``: files for retraining and for spreadsheets."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from feedback.deadlines import WorkingCalendar
from feedback.exports import confirmed_labels_jsonl, queue_csv
from feedback.queue import QueueRequest
from feedback.runtime import open_runtime
from feedback.settings import ClassifierMode, load_settings


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
    settings = load_settings(classifier=ClassifierMode.NONE)

    async def go() -> int:
        runtime = await open_runtime(settings)
        count = 0
        out = args.output.open("wb") if args.output else sys.stdout.buffer
        try:
            async for line in confirmed_labels_jsonl(runtime, None):
                out.write(line)
                count += 1
        finally:
            if args.output:
                out.close()
            await runtime.close()
        return count

    count = asyncio.run(go())
    print(f"Exported {count} labelled item(s).", file=sys.stderr)
    return 0


def export_queue(args: argparse.Namespace) -> int:
    """Write the queue as CSV, in queue order."""
    settings = load_settings(classifier=ClassifierMode.NONE)

    async def go() -> None:
        runtime = await open_runtime(settings)
        calendar = WorkingCalendar.from_settings(settings)
        out = args.output.open("w", encoding="utf-8", newline="") if args.output else sys.stdout
        try:
            async for line in queue_csv(runtime, None, calendar, QueueRequest()):
                out.write(line)
        finally:
            if args.output:
                out.close()
            await runtime.close()

    asyncio.run(go())
    return 0
