"""Files staff take away: confirmed labels for retraining, and the queue as CSV.

The labels file is JSON lines in the classifier corpus format
(``{"text", "labels", "urgent"}``, see ``classifiers/data/WRITING_GUIDE.md``),
accepted by ``python -m classifiers train --extra FILE``. Only items where a
lead has decided a label or the urgency are included, with only the labels the
lead confirmed or added and the urgency the lead decided: the classifier learns
from people, not from itself. (Where a lead decided labels but left the urgent
flag as it was, the flag stands as theirs.)
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

import msgspec

from feedback import audit
from feedback.casework import StaffMember
from feedback.clock import to_text
from feedback.deadlines import WorkingCalendar
from feedback.models import Priority
from feedback.permissions import Permission, require
from feedback.queue import QueuePage, QueueRequest, queue_page
from feedback.runtime import Runtime

BATCH = 500
QUEUE_COLUMNS = (
    "reference",
    "received",
    "status",
    "priority",
    "urgent",
    "labels",
    "service",
    "kind",
    "assignee",
    "escalated",
    "deadline",
    "due",
    "overdue",
)


async def _record_export(runtime: Runtime, actor: StaffMember | None, what: str) -> None:
    async with runtime.store.write() as tx:
        await audit.record(
            tx,
            at=runtime.clock(),
            action=f"export.{what}",
            actor=actor.username if actor else "command line",
            actor_id=actor.id if actor else None,
        )


async def open_confirmed_labels_jsonl(
    runtime: Runtime, actor: StaffMember | None
) -> AsyncIterator[bytes]:
    """Check the role and record the export, then return the JSON lines to send.

    Whatever can refuse an export happens before the first byte is sent: once a
    response has started, an error can only cut it off, and the audit log would
    record an export nobody received. (``actor`` ``None`` is the command line.)
    """
    if actor is not None:
        require(actor.role, Permission.EXPORT)
    await _record_export(runtime, actor, "labels")
    return _labels_lines(runtime)


async def _labels_lines(runtime: Runtime) -> AsyncIterator[bytes]:
    encoder = msgspec.json.Encoder()
    after = 0
    while True:
        async with runtime.store.read() as tx:
            batch = await tx.labelled_texts(after_item_id=after, limit=BATCH)
        if not batch:
            return
        for item_id, line in batch:
            after = item_id
            yield encoder.encode(line) + b"\n"


async def confirmed_labels_jsonl(
    runtime: Runtime, actor: StaffMember | None
) -> AsyncIterator[bytes]:
    """Yield one JSON line per item a lead decided on (``actor`` ``None``: command line)."""
    async for line in await open_confirmed_labels_jsonl(runtime, actor):
        yield line


def _csv_line(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


async def open_queue_csv(
    runtime: Runtime,
    actor: StaffMember | None,
    calendar: WorkingCalendar,
    request: QueueRequest,
) -> AsyncIterator[str]:
    """Check the role, read the first page and record the export; then return the CSV lines.

    As with :func:`open_confirmed_labels_jsonl`, everything that can fail before
    the stream starts does: the first page is read before the audit entry is
    written, so a query that cannot run records no export.
    """
    if actor is not None:
        require(actor.role, Permission.EXPORT)
    first = await queue_page(runtime, actor, calendar, request, limit=BATCH)
    await _record_export(runtime, actor, "queue")
    return _queue_lines(runtime, actor, calendar, request, first)


async def _queue_lines(
    runtime: Runtime,
    actor: StaffMember | None,
    calendar: WorkingCalendar,
    request: QueueRequest,
    page: QueuePage,
) -> AsyncIterator[str]:
    yield _csv_line(list(QUEUE_COLUMNS))
    while True:
        for entry in page.entries:
            item = entry.row.item
            deadline = entry.deadline
            yield _csv_line(
                [
                    item.reference,
                    to_text(item.received_at),
                    item.status.value,
                    item.priority.name.lower(),
                    "yes" if item.priority is Priority.URGENT else "no",
                    " ".join(entry.row.labels),
                    runtime.catalogue.name_of(item.service_id),
                    item.kind.value if item.kind else "",
                    entry.row.assignee or "",
                    "yes" if entry.row.escalated else "no",
                    deadline.kind.value if deadline else "",
                    to_text(deadline.due) if deadline else "",
                    "yes" if deadline and deadline.overdue else "no",
                ]
            )
        if page.next_after is None:
            return
        page = await queue_page(
            runtime, actor, calendar, request, after=page.next_after, limit=BATCH
        )


async def queue_csv(
    runtime: Runtime,
    actor: StaffMember | None,
    calendar: WorkingCalendar,
    request: QueueRequest,
) -> AsyncIterator[str]:
    """Yield the filtered queue as CSV lines, in queue order (``actor`` ``None``: command line)."""
    async for line in await open_queue_csv(runtime, actor, calendar, request):
        yield line
