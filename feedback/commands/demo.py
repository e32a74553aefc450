"""``feedback demo``: fill the database with realistic demo feedback.

The texts come from the project's own hand-written classifier corpus, spread
over the last four quarters and the configured services, and go through the
same submission action as real feedback (classified, receipts hashed).
"""

from __future__ import annotations

import argparse
import asyncio
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
from rich.progress import Progress

from feedback.actions.submission import Submission, submit_feedback
from feedback.clock import fixed_clock
from feedback.commands.demo_staff import create_demo_staff, triage_demo_items
from feedback.models import Kind
from feedback.runtime import Runtime, open_runtime
from feedback.settings import load_settings

CORPUS_DIR = Path(__file__).resolve().parents[2] / "classifiers" / "data" / "train"
DEFAULT_COUNT = 300


class _CorpusLine(msgspec.Struct):
    text: str
    labels: list[str] = []
    urgent: bool = False


def register(subparsers: Any) -> None:
    """Add ``demo`` to the command line."""
    parser = subparsers.add_parser("demo", help="fill the database with demo feedback")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="items to add (300)")
    parser.add_argument("--seed", type=int, default=7, help="random seed, for repeatable demos")
    parser.add_argument(
        "--force", action="store_true", help="add demo items even if the database has items"
    )
    parser.set_defaults(handler=run)


def demo_texts(rng: random.Random, count: int) -> list[_CorpusLine]:
    """A varied sample of the corpus: rights concerns and ordinary feedback mixed."""
    lines: list[_CorpusLine] = []
    decoder = msgspec.json.Decoder(_CorpusLine)
    for path in sorted(CORPUS_DIR.glob("*.jsonl")):
        for raw in path.read_bytes().splitlines():
            if raw.strip():
                lines.append(decoder.decode(raw))
    if not lines:
        raise ValueError(f"no demo texts found in {CORPUS_DIR}")
    return rng.sample(lines, min(count, len(lines)))


def _kind_for(line: _CorpusLine, rng: random.Random) -> Kind | None:
    if line.labels:
        return rng.choice([Kind.COMPLAINT, Kind.CONCERN, Kind.CONCERN, None])
    return rng.choice([Kind.COMPLIMENT, Kind.COMPLIMENT, Kind.SUGGESTION, Kind.CONCERN, None])


async def fill(runtime: Runtime, *, count: int, seed: int, now: datetime) -> list[str]:
    """Submit ``count`` demo items; return a few receipt codes to try the follow-up with."""
    rng = random.Random(seed)
    services = [service.id for service in runtime.catalogue.services]
    receipts: list[str] = []
    real_clock = runtime.clock
    with Progress() as progress:
        task = progress.add_task("Adding demo feedback", total=count)
        for line in demo_texts(rng, count):
            moment = now - timedelta(days=rng.uniform(0, 365), hours=rng.uniform(0, 24))
            runtime.clock = fixed_clock(moment)
            result = await submit_feedback(
                runtime,
                Submission(
                    text=line.text,
                    service=rng.choice([*services, None]) if services else None,
                    kind=_kind_for(line, rng),
                    wants_reply=rng.random() < 0.3,
                    on_behalf=rng.random() < 0.08,
                    quote_consent=rng.random() < 0.4,
                ),
            )
            if result.receipt and len(receipts) < 3:
                receipts.append(result.receipt.display)
            progress.advance(task)
    runtime.clock = real_clock
    return receipts


def run(args: argparse.Namespace) -> int:
    """Fill the configured database unless it already holds feedback."""
    if args.count < 1:
        raise ValueError("--count must be at least 1")
    settings = load_settings()

    async def go() -> int:
        # Like `serve`, the demo makes the database when there is none.
        runtime = await open_runtime(settings, create=True)
        try:
            async with runtime.store.read() as tx:
                existing = await tx.count_items()
            if existing and not args.force:
                print(
                    f"The database already holds {existing} items; no demo data added "
                    "(use --force to add more)."
                )
                return 0
            receipts = await fill(runtime, count=args.count, seed=args.seed, now=runtime.clock())
            accounts = await create_demo_staff(runtime)
            worked = await triage_demo_items(runtime, seed=args.seed, now=runtime.clock())
        finally:
            await runtime.close()
        print(f"Added {args.count} demo items to {settings.database_file}.")
        for code in receipts:
            print(f"  demo receipt to try on the follow-up page: {code}")
        print(f"Triaged {worked} older items as the demo safeguarding lead.")
        for member, password in accounts:
            # Shown once, never stored in clear: note them now or reset them later.
            print(
                f"  demo {member.role.value}: {member.username} / {password}  (sign in at /staff)"
            )
        return 0

    return asyncio.run(go())
