"""Submitting, following up and replying, through the actions layer."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from feedback import audit
from feedback.actions.submission import (
    Submission,
    add_submitter_message,
    follow_up,
    submit_feedback,
)
from feedback.clock import fixed_clock
from feedback.errors import InvalidInput, ReceiptMistyped, ReceiptNotFound, UnknownService
from feedback.models import Priority, PublicStatus, Status
from feedback.runtime import Runtime
from feedback.settings import TimestampRounding


def rows(runtime: Runtime, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(runtime.settings.database_file)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


async def test_submission_is_classified_and_stored(runtime: Runtime) -> None:
    result = await submit_feedback(
        runtime,
        Submission(text="  They restrain people for nothing.  ", service="willow-ward"),
    )
    assert result.receipt is None
    assert not result.urgent
    [(text, priority, version, lookup)] = rows(
        runtime, "SELECT text, priority, model_version, lookup_id FROM items"
    )
    assert text == "They restrain people for nothing."
    assert priority == Priority.HIGH_SEVERITY
    assert version == "keyword-test"
    assert lookup is None
    flagged = rows(runtime, "SELECT label, evidence FROM predicted_labels WHERE flagged = 1")
    assert flagged == [("restraint", '["restrain"]')]


async def test_urgent_items_go_first_and_say_so(runtime: Runtime) -> None:
    result = await submit_feedback(runtime, Submission(text="I will do it tonight"))
    assert result.urgent
    assert rows(runtime, "SELECT priority FROM items") == [(Priority.URGENT,)]


async def test_times_are_rounded_to_the_hour_by_default(runtime: Runtime) -> None:
    runtime.clock = fixed_clock(datetime(2026, 3, 4, 15, 47, 12, tzinfo=UTC))
    await submit_feedback(runtime, Submission(text="ok"))
    assert rows(runtime, "SELECT received_at FROM items") == [("2026-03-04T15:00:00+00:00",)]
    assert rows(runtime, "SELECT at FROM audit_log") == [("2026-03-04T15:00:00+00:00",)]


async def test_times_can_be_rounded_to_the_day(runtime: Runtime) -> None:
    import msgspec

    runtime.settings = msgspec.structs.replace(
        runtime.settings, timestamp_rounding=TimestampRounding.DAY
    )
    runtime.clock = fixed_clock(datetime(2026, 3, 4, 15, 47, 12, tzinfo=UTC))
    await submit_feedback(runtime, Submission(text="ok"))
    assert rows(runtime, "SELECT received_at FROM items") == [("2026-03-04T00:00:00+00:00",)]


async def test_receipt_round_trip_with_reply(runtime: Runtime) -> None:
    result = await submit_feedback(runtime, Submission(text="it was cold", wants_reply=True))
    assert result.receipt is not None
    typed = result.receipt.display.lower().replace("-", " ")
    view = await follow_up(runtime, typed)
    assert view.reference == result.reference
    assert view.status is PublicStatus.RECEIVED
    assert view.feedback == "it was cold"
    view = await add_submitter_message(runtime, typed, "  any news?  ")
    assert [(e.author, e.text) for e in view.conversation] == [("you", "any news?")]


async def test_database_holds_no_receipt_only_an_argon2id_hash(runtime: Runtime) -> None:
    result = await submit_feedback(runtime, Submission(text="hello", wants_reply=True))
    assert result.receipt is not None
    [(lookup, receipt_hash)] = rows(runtime, "SELECT lookup_id, receipt_hash FROM items")
    assert lookup == result.receipt.lookup_id
    assert isinstance(receipt_hash, str)
    assert receipt_hash.startswith("$argon2id$v=19$m=64,t=1,p=1$")
    raw = runtime.settings.database_file.read_bytes()
    wal = runtime.settings.database_file.with_name("feedback.db-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    assert result.receipt.secret.encode() not in raw
    assert result.receipt.display.encode() not in raw


async def test_reply_reopens_a_responded_item(runtime: Runtime) -> None:
    result = await submit_feedback(runtime, Submission(text="hello", wants_reply=True))
    assert result.receipt is not None
    async with runtime.store.write() as tx:
        await tx.set_status(1, Status.RESPONDED)
    await add_submitter_message(runtime, result.receipt.display, "that did not help")
    assert rows(runtime, "SELECT status FROM items") == [("reopened",)]
    actions = [r[0] for r in rows(runtime, "SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["item.submitted", "message.from_submitter", "item.reopened"]
    assert await audit.verify(runtime.store) == []


async def test_wrong_secret_is_not_found_and_mistyped_is_mistyped(runtime: Runtime) -> None:
    result = await submit_feedback(runtime, Submission(text="hello", wants_reply=True))
    assert result.receipt is not None
    from feedback.receipts import ReceiptCode

    forged = ReceiptCode(result.receipt.lookup_id, "2" * 17).display
    with pytest.raises(ReceiptNotFound):
        await follow_up(runtime, forged)
    compact = result.receipt.display.replace("-", "")
    typo = compact[:-1] + ("2" if compact[-1] != "2" else "3")
    with pytest.raises(ReceiptMistyped):
        await follow_up(runtime, typo)


@pytest.mark.parametrize(
    ("submission", "error"),
    [
        (Submission(text="   "), InvalidInput),
        (Submission(text="x" * 10_001), InvalidInput),
        (Submission(text="ok", service="not-a-ward"), UnknownService),
    ],
)
async def test_bad_submissions_write_nothing(
    runtime: Runtime, submission: Submission, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await submit_feedback(runtime, submission)
    assert rows(runtime, "SELECT count(*) FROM items") == [(0,)]
    assert rows(runtime, "SELECT count(*) FROM audit_log") == [(0,)]


async def test_empty_reply_is_refused_and_nothing_written(runtime: Runtime) -> None:
    result = await submit_feedback(runtime, Submission(text="hello", wants_reply=True))
    assert result.receipt is not None
    with pytest.raises(InvalidInput):
        await add_submitter_message(runtime, result.receipt.display, " \n ")
    assert rows(runtime, "SELECT count(*) FROM messages") == [(0,)]
