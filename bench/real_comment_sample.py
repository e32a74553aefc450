"""Draw the sample of real comments that readers labelled, and collect their labels.

``classifiers/data/real/labels.jsonl`` holds readers' labels for real comments
from ``shared/data`` (see ``classifiers/real_comments.py``). This script is how
that sample was drawn and how the readers' files became the label file, so the
sample can be checked or drawn again:

    python bench/real_comment_sample.py draw /tmp/real        # batches for readers
    python bench/real_comment_sample.py collect /tmp/real/labels_*.jsonl

``draw`` writes the comments to a folder outside the repository (the comments
must never be copied into it), in four batches of ``{"id", "text"}`` lines and
a fifth of 200 for a second reader. Readers write ``{"id", "labels", "urgent"}``
lines; ``collect`` checks every id belongs to the sample and writes one label
line per comment, named by file and digest, in the order of the draw.

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
    REAL_LABELS_PATH,
    SECOND_LABELS_PATH,
    RealLabel,
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
    parts["batch_second.jsonl"] = random.Random(8).sample(shuffled, SECOND_READER_ITEMS)
    for name, part in parts.items():
        lines = [encoder.encode({"id": d.id, "text": d.text}).decode() for d in part]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{folder / name}: {len(part)} comments")


def collect(sample: list[Drawn], reader_files: list[Path]) -> list[RealLabel]:
    """Turn readers' lines into label lines in the order of the draw; refuse stray ids."""
    files = {d.id: d.file for d in sample}
    decoder = msgspec.json.Decoder(ReaderLine)
    by_id: dict[str, ReaderLine] = {}
    for path in reader_files:
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not text.strip():
                continue
            line = decoder.decode(text)
            unknown = set(line.labels) - set(LABELS)
            if line.id not in files or unknown or line.id in by_id:
                raise SystemExit(f"{path}:{number}: stray id, unknown label or labelled twice")
            by_id[line.id] = line
    return [
        RealLabel(
            file=files[d.id],
            text_digest=d.id,
            labels=tuple(label for label in LABELS if label in by_id[d.id].labels),
            urgent=by_id[d.id].urgent,
        )
        for d in sample
        if d.id in by_id
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", type=Path, default=DEFAULT_SHARED_DATA)
    commands = parser.add_subparsers(dest="command", required=True)
    draw_cmd = commands.add_parser("draw", help="write the batches for readers")
    draw_cmd.add_argument("folder", type=Path)
    collect_cmd = commands.add_parser("collect", help="write the label file from readers' files")
    collect_cmd.add_argument("reader_files", type=Path, nargs="+")
    collect_cmd.add_argument("--second", action="store_true", help="the second reader's file")
    args = parser.parse_args()
    sample = draw(args.shared_data)
    if args.command == "draw":
        _write_batches(sample, args.folder)
        return
    labels = collect(sample, args.reader_files)
    target = SECOND_LABELS_PATH if args.second else REAL_LABELS_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    encoder = msgspec.json.Encoder()
    target.write_text(
        "".join(encoder.encode(label).decode() + "\n" for label in labels), encoding="utf-8"
    )
    print(f"{target}: {len(labels)} of the {len(sample)} comments drawn")


if __name__ == "__main__":
    main()
