"""Does the triage queue stay fast with a million items?

    .venv/bin/python bench/queue_bench.py [--items 1000000]

Builds two databases through the real migrations, bulk-loads synthetic items
(the loader writes rows directly: inserting a million items through the
submission action would measure argon2, not the queue), then times the real
``feedback.queue.queue_page`` (the page the staff see: rows, total, per-status
counts and the overdue count) for the first page, a page deep in the keyset
cursor, and a filtered page. The small database is the baseline in the same
process; ratios near 1 mean the cost does not grow with the number of items.
The flags page (``feedback.flag_review``) is timed too: it counts every flag
and decision ever made, so its cost grows with them, and the ratio says how fast.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from feedback.casework import QueueKey, StaffMember
from feedback.deadlines import WorkingCalendar
from feedback.flag_review import flag_review
from feedback.ingest import NoLabels
from feedback.models import Priority, Role, Status
from feedback.queue import QueueRequest, queue_page
from feedback.runtime import open_runtime
from feedback.settings import load_settings

LABELS = ("restraint", "seclusion", "abuse", "neglect", "living_conditions")
STATUSES = ("new", "acknowledged", "investigating", "responded", "closed")
SERVICES = ("willow-ward", "cedar-picu", "north-cmht", "crisis-team", None)


def bulk_load(database: Path, count: int) -> None:
    """Write ``count`` synthetic items, a fifth of them with a flagged label, and decisions."""
    rng = random.Random(7)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")

    def rows() -> object:
        for index in range(count):
            received = start + timedelta(hours=rng.randrange(0, 24 * 1000))
            priority = rng.choices([0, 1, 2, 3, 4], weights=[1, 10, 9, 3, 77])[0]
            yield (
                f"B{index:09d}",
                "synthetic feedback text",
                SERVICES[index % len(SERVICES)],
                rng.choice(STATUSES),
                received.isoformat(timespec="seconds"),
                int(priority == 0),
                priority,
            )

    conn.executemany(
        "INSERT INTO items (reference, text, service_id, wants_reply, on_behalf,"
        " quote_consent, status, received_at, urgent, priority, model_version)"
        " VALUES (?, ?, ?, 0, 0, 0, ?, ?, ?, ?, 'bench')",
        rows(),  # type: ignore[arg-type]
    )
    # As ingest stores them: a score for every label of every item. Flagged
    # items carry the first label; "worth a look" items (priority 3) the last.
    for label in LABELS:
        conn.execute(
            "INSERT INTO predicted_labels (item_id, label, score, flagged, evidence, possible)"
            " SELECT id, ?, 0.1, ? AND priority IN (1, 2), '[]', ? AND priority = 3 FROM items",
            (label, label == LABELS[0], label == LABELS[-1]),
        )
    # A lead has decided four in five of the flags.
    conn.execute(
        "INSERT INTO staff (id, username, password_hash, role, created_at, password_changed_at)"
        " VALUES (1, 'bench', '-', 'safeguarding_lead', '2024-01-01', '2024-01-01')"
    )
    conn.execute(
        "INSERT INTO label_decisions (item_id, label, decision, staff_id, decided_at)"
        " SELECT item_id, label, CASE WHEN item_id % 10 = 0 THEN 'rejected' ELSE 'confirmed' END,"
        " 1, '2024-01-02' FROM predicted_labels WHERE flagged = 1 AND item_id % 5 != 0"
    )
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


async def time_pages(data_dir: Path, repeats: int) -> dict[str, float]:
    """Median milliseconds for the first page, a deep page and a filtered page."""
    settings = load_settings({}, data_dir=data_dir, classifier="none")
    runtime = await open_runtime(settings, classifier=NoLabels())
    calendar = WorkingCalendar.from_settings(settings)
    lead = StaffMember(
        id=0,
        username="bench",
        role=Role.SAFEGUARDING_LEAD,
        disabled=False,
        created_at=datetime.now(UTC),
        password_changed_at=datetime.now(UTC),
    )
    deep = QueueKey(Priority.ORDINARY, datetime(2026, 6, 1, tzinfo=UTC), 0)
    cases = {
        "first page": (QueueRequest(), None),
        "deep page (keyset)": (QueueRequest(), deep),
        "filtered: status new": (QueueRequest(status=Status.NEW), None),
        "filtered: label restraint": (QueueRequest(label=LABELS[0]), None),
        "filtered: overdue": (QueueRequest(overdue=True), None),
    }
    timings: dict[str, float] = {}
    try:
        for name, (request, after) in cases.items():
            samples = []
            for _ in range(repeats):
                begin = time.perf_counter()
                page = await queue_page(runtime, lead, calendar, request, after=after)
                samples.append(time.perf_counter() - begin)
            assert page.entries or name.startswith("filtered"), name
            timings[name] = statistics.median(samples) * 1000
        samples = []
        for _ in range(repeats):
            begin = time.perf_counter()
            versions = await flag_review(runtime, lead)
            samples.append(time.perf_counter() - begin)
        assert versions, "no flags to review"
        timings["flags page (reads every flag)"] = statistics.median(samples) * 1000
    finally:
        await runtime.close()
    return timings


async def prepare(folder: Path, count: int) -> Path:
    """A migrated database holding ``count`` items."""
    data_dir = folder / f"n{count}"
    runtime = await open_runtime(load_settings({}, data_dir=data_dir, classifier="none"))
    await runtime.close()
    bulk_load(data_dir / "feedback.db", count)
    return data_dir


def main() -> None:
    """Load both databases and print the timings side by side."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        begin = time.perf_counter()
        small = asyncio.run(prepare(Path(folder), args.baseline))
        large = asyncio.run(prepare(Path(folder), args.items))
        print(
            f"loaded {args.baseline:,} and {args.items:,} items in "
            f"{time.perf_counter() - begin:.0f} s"
        )
        base = asyncio.run(time_pages(small, args.repeats))
        big = asyncio.run(time_pages(large, args.repeats))
    print(
        f"{'queue page (median of ' + str(args.repeats) + ')':34} "
        f"{args.baseline:>10,} {args.items:>12,}   ratio"
    )
    for name in base:
        print(
            f"  {name:32} {base[name]:8.1f} ms {big[name]:10.1f} ms  x{big[name] / base[name]:.1f}"
        )


if __name__ == "__main__":
    main()
