"""Draw the sample of real comments that readers labelled, and collect their labels.

``classifiers/data/real/labels.jsonl`` holds readers' labels for real comments
from ``shared/data`` (see ``classifiers/real_comments.py``). This script is how
that sample was drawn and how the readers' files became the label files, so
the sample can be checked or drawn again:

    python bench/real_comment_sample.py draw /tmp/real        # batches for readers
    python bench/real_comment_sample.py collect --reading first /tmp/real/labels_*.jsonl
    python bench/real_comment_sample.py collect --reading second /tmp/real2/labels_*.jsonl
    python bench/real_comment_sample.py disputes /tmp/real3   # where the readings differ
    python bench/real_comment_sample.py agree /tmp/real3/decided.jsonl

``draw`` writes the comments to a folder outside the repository (the comments
must never be copied into it), in four batches of ``{"id", "text"}`` lines and
a fifth of 200. Readers write ``{"id", "labels", "urgent"}`` lines; ``collect``
checks every id belongs to the sample and writes one reading
(``data/real/readings/NAME.jsonl``), one label line per comment, named by file
and digest, in the order of the draw. ``disputes`` writes the comments on which
the readings differ, with the readings as A and B in a seeded random order, for
a third reader; ``agree`` writes ``data/real/labels.jsonl``: the readings where
they agree, the third reader's decision where they do not.

The sample holds the comments most likely to report a rights concern, because
a sample of all comments would be nearly all praise: every critical comment
(sentiment 3 to 5) about mental health and forensic services in the v6 file,
every v6 comment its own framework marks as Mental Health Act, feeling safe,
equality, safeguarding or appearance, a seeded sample of 420 of the phase 1
comments with criticality -3 to -5, and every critical phase 1 comment filed
under dignity. A comment in two selections is drawn once.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import msgspec

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from classifiers.agreement import text_digest  # noqa: E402
from classifiers.real_comments import (  # noqa: E402
    READINGS_DIR,
    REAL_LABELS_PATH,
    RealLabel,
    read_readings,
)
from classifiers.shared_data import (  # noqa: E402
    DEFAULT_SHARED_DATA,
    PHASE1,
    V6,
    comment,
    rows,
)
from classifiers.taxonomy import LABELS  # noqa: E402

MENTAL_HEALTH_SERVICES = ("Local partnerships- MH", "Forensic")
FRAMEWORK_COLUMNS = (
    "Mental Health Act",
    "Feeling safe",
    "Equality, Diversity & Inclusion",
    "Safeguarding concerns?",
    "Patient appearance & grooming",
)
PHASE1_SAMPLE = 420
SEED = 20261123
BATCHES = 4
SECOND_READER_ITEMS = 200


class Drawn(msgspec.Struct, frozen=True):
    """One comment of the sample and the file it came from."""

    file: str
    text: str

    @property
    def id(self) -> str:
        return text_digest(self.text)


class ReaderLine(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A reader's labels for one comment, as the readers write them."""

    id: str
    labels: tuple[str, ...]
    urgent: bool


def _selected(shared_dir: Path) -> Iterator[Drawn]:
    v6 = list(rows(shared_dir / V6))
    for row in v6:
        if row["Service type 1"] in MENTAL_HEALTH_SERVICES and row["Comment sentiment"] in (
            "3",
            "4",
            "5",
        ):
            yield Drawn(V6, comment(row, V6))
    for row in v6:
        if any(row[column] == "1" for column in FRAMEWORK_COLUMNS):
            yield Drawn(V6, comment(row, V6))
    phase1 = list(rows(shared_dir / PHASE1))
    critical = [row for row in phase1 if row["criticality"] in ("-3", "-4", "-5")]
    for row in random.Random(SEED).sample(critical, PHASE1_SAMPLE):
        yield Drawn(PHASE1, comment(row, PHASE1))
    for row in phase1:
        if row["label"] == "Dignity" and row["criticality"].startswith("-"):
            yield Drawn(PHASE1, comment(row, PHASE1))


def draw(shared_dir: Path) -> list[Drawn]:
    """The sample, each comment once (the first selection that holds it), empty ones left out."""
    drawn: dict[str, Drawn] = {}
    for item in _selected(shared_dir):
        if item.text and item.id not in drawn:
            drawn[item.id] = item
    return list(drawn.values())


def _write_batches(sample: list[Drawn], folder: Path) -> None:
    if folder.resolve().is_relative_to(REPO):
        raise SystemExit("the comments must not be written inside the repository")
    folder.mkdir(parents=True, exist_ok=True)
    shuffled = list(sample)
    random.Random(7).shuffle(shuffled)
    encoder = msgspec.json.Encoder()
    parts = {f"batch_{n + 1}.jsonl": shuffled[n::BATCHES] for n in range(BATCHES)}
    # The second reading: 200 comments first (to see whether a second reading
    # was worth having), then the rest in four batches. The rest's batches that
    # readers were given held the same comments grouped in another order, which
    # no label depends on.
    second = random.Random(8).sample(shuffled, SECOND_READER_ITEMS)
    parts["batch_second.jsonl"] = second
    chosen = {d.id for d in second}
    rest = [d for d in sample if d.id not in chosen]
    random.Random(7).shuffle(rest)
    parts |= {f"second_{n + 1}.jsonl": rest[n::BATCHES] for n in range(BATCHES)}
    for name, part in parts.items():
        lines = [encoder.encode({"id": d.id, "text": d.text}).decode() for d in part]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{folder / name}: {len(part)} comments")


def _reader_lines(sample: list[Drawn], reader_files: list[Path]) -> dict[str, ReaderLine]:
    """Every reader line of ``reader_files`` by id; refuse stray ids, unknown labels, repeats."""
    ids = {d.id for d in sample}
    decoder = msgspec.json.Decoder(ReaderLine)
    by_id: dict[str, ReaderLine] = {}
    for path in reader_files:
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not text.strip():
                continue
            try:
                line = decoder.decode(text)
            except msgspec.DecodeError as error:
                raise SystemExit(f"{path}:{number}: {error}") from None
            unknown = set(line.labels) - set(LABELS)
            if line.id not in ids or unknown or line.id in by_id:
                raise SystemExit(f"{path}:{number}: stray id, unknown label or labelled twice")
            by_id[line.id] = line
    return by_id


def _label(drawn: Drawn, line: ReaderLine | RealLabel) -> RealLabel:
    return RealLabel(
        file=drawn.file,
        text_digest=drawn.id,
        labels=tuple(label for label in LABELS if label in line.labels),
        urgent=line.urgent,
    )


def collect(sample: list[Drawn], reader_files: list[Path]) -> list[RealLabel]:
    """Turn readers' lines into label lines in the order of the draw; refuse stray ids."""
    by_id = _reader_lines(sample, reader_files)
    return [_label(d, by_id[d.id]) for d in sample if d.id in by_id]


def _reading_of(label: RealLabel) -> tuple[frozenset[str], bool]:
    return frozenset(label.labels), label.urgent


def _by_comment(readings: dict[str, list[RealLabel]]) -> list[dict[str, RealLabel]]:
    """Each reading as a map from comment digest to its labels, in the readings' order."""
    return [{label.text_digest: label for label in part} for part in readings.values()]


def disputed(sample: list[Drawn], readings: dict[str, list[RealLabel]]) -> list[Drawn]:
    """The comments, in the order of the draw, that the readings label differently."""
    by_reading = _by_comment(readings)
    return [
        d
        for d in sample
        if len({_reading_of(part[d.id]) for part in by_reading if d.id in part}) > 1
    ]


def _write_disputes(
    sample: list[Drawn], readings: dict[str, list[RealLabel]], folder: Path
) -> None:
    if folder.resolve().is_relative_to(REPO):
        raise SystemExit("the comments must not be written inside the repository")
    folder.mkdir(parents=True, exist_ok=True)
    by_reading = _by_comment(readings)
    shuffle = random.Random(11)
    encoder = msgspec.json.Encoder()
    lines = []
    for d in disputed(sample, readings):
        # A and B in a random order, so the third reader cannot side with a reader by position.
        pair = [part[d.id] for part in by_reading if d.id in part]
        shuffle.shuffle(pair)
        shown = {
            f"reading_{letter}": {"labels": sorted(label.labels), "urgent": label.urgent}
            for letter, label in zip("AB", pair, strict=False)
        }
        lines.append(encoder.encode({"id": d.id, "text": d.text, **shown}).decode())
    (folder / "disputes.jsonl").write_text("".join(line + "\n" for line in lines), "utf-8")
    print(f"{folder / 'disputes.jsonl'}: {len(lines)} comments the readings label differently")


def agree(
    sample: list[Drawn], readings: dict[str, list[RealLabel]], decided_files: list[Path]
) -> list[RealLabel]:
    """The agreed labels: the readings where they agree, the third reader's decision elsewhere.

    Every disputed comment needs a decision, and a decision on a comment the
    readings agree on is refused: it would overrule two readers unasked.
    """
    decided = _reader_lines(sample, decided_files)
    open_disputes = {d.id for d in disputed(sample, readings)}
    unasked = sorted(set(decided) - open_disputes)
    if unasked:
        raise SystemExit(f"decisions for comments the readings agree on: {unasked[:5]}")
    undecided = sorted(open_disputes - set(decided))
    if undecided:
        raise SystemExit(f"{len(undecided)} disputed comments have no decision: {undecided[:5]}")
    first = next(iter(_by_comment(readings)), {})
    return [
        _label(d, decided[d.id]) if d.id in decided else first[d.id]
        for d in sample
        if d.id in decided or d.id in first
    ]


def _write_labels(labels: list[RealLabel], target: Path, drawn: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    encoder = msgspec.json.Encoder()
    target.write_text(
        "".join(encoder.encode(label).decode() + "\n" for label in labels), encoding="utf-8"
    )
    print(f"{target}: {len(labels)} of the {drawn} comments drawn")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", type=Path, default=DEFAULT_SHARED_DATA)
    commands = parser.add_subparsers(dest="command", required=True)
    draw_cmd = commands.add_parser("draw", help="write the batches for readers")
    draw_cmd.add_argument("folder", type=Path)
    collect_cmd = commands.add_parser("collect", help="write one reading from readers' files")
    collect_cmd.add_argument("reader_files", type=Path, nargs="+")
    collect_cmd.add_argument("--reading", required=True, help="its name (first, second, ...)")
    disputes_cmd = commands.add_parser("disputes", help="write where the readings differ")
    disputes_cmd.add_argument("folder", type=Path)
    agree_cmd = commands.add_parser("agree", help="write the agreed labels")
    agree_cmd.add_argument("decided_files", type=Path, nargs="+")
    args = parser.parse_args()
    sample = draw(args.shared_data)
    if args.command == "draw":
        _write_batches(sample, args.folder)
    elif args.command == "collect":
        labels = collect(sample, args.reader_files)
        _write_labels(labels, READINGS_DIR / f"{args.reading}.jsonl", len(sample))
    elif args.command == "disputes":
        _write_disputes(sample, read_readings(), args.folder)
    else:
        _write_labels(
            agree(sample, read_readings(), args.decided_files), REAL_LABELS_PATH, len(sample)
        )


if __name__ == "__main__":
    main()
