"""Labels for a sample of the real comments in ``shared/data``: the model on real writing.

Every other figure of the classifier is measured on text the project wrote,
and a writer's habits leak from the training files into the test files however
carefully they are kept apart. The issue's targets will be measured on
independent data, so ``data/real/labels.jsonl`` holds labels given to 1,204
real comments from ``shared/data`` by readers who saw only each comment, the
taxonomy and the labelling conventions (not the model, its corpus or its
output). The comments were chosen to hold the reports a rights classifier
must find: every critical comment about mental health and forensic services
in the v6 file, those its own framework marks as Mental Health Act, feeling
safe, equality or safeguarding, a seeded sample of the most critical comments
in the phase 1 file, and its critical comments about dignity.

Each line names its comment by file and :func:`classifiers.agreement.text_digest`
of the stripped comment, so nothing is copied into the repository, and a
comment the shared data no longer holds is counted as missing, not guessed.

The lines are split in two halves by their digest. Errors may be read on the
"looked at" half (an even last hex digit) to decide what to write next; the
"held" half is only ever scored, so its figures stay independent of anything
written after them.

Every comment was read twice, blind and apart: ``data/real/readings/`` holds
each reading (``first.jsonl``, ``second.jsonl``), and ``labels.jsonl`` the
agreed labels: the two readings where they agree, and where they do not, the
decision of a third reader who saw both readings (in no order) and the text,
never the model. Each reading is also scored against the agreed labels, to
show how far a careful person gets on the same comments.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import msgspec

from classifiers.agreement import text_digest
from classifiers.corpus import DATA_DIR, Example
from classifiers.jsonl import decode_lines
from classifiers.shared_data import COMMENT_COLUMNS, all_comments
from classifiers.taxonomy import LABELS

REAL_LABELS_PATH = DATA_DIR / "real" / "labels.jsonl"
READINGS_DIR = DATA_DIR / "real" / "readings"


class RealLabelError(Exception):
    """A real-comment label file is malformed."""


class RealLabel(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A reader's labels for one real comment, named by its file and digest."""

    file: str
    text_digest: str
    labels: tuple[str, ...]
    urgent: bool


class RealExamples(msgspec.Struct, frozen=True):
    """The labelled comments found in the shared data, split into the two halves."""

    looked_at: tuple[Example, ...]
    held: tuple[Example, ...]
    missing: int
    """Labelled comments the shared data no longer holds (an edited or removed file)."""


def is_held(digest: str) -> bool:
    """True for the half that is only scored (digest ends in an odd hex digit)."""
    return int(digest[-1], 16) % 2 == 1


def read_real_labels(path: Path = REAL_LABELS_PATH) -> list[RealLabel]:
    """Read a label file; raise :class:`RealLabelError` naming the first bad line."""
    labels: list[RealLabel] = []
    seen: set[str] = set()
    for number, item in decode_lines(path, RealLabel, RealLabelError):
        unknown = sorted(set(item.labels) - set(LABELS))
        if unknown:
            raise RealLabelError(f"{path}:{number}: unknown labels {unknown}")
        if item.file not in COMMENT_COLUMNS:
            raise RealLabelError(
                f"{path}:{number}: file {item.file!r} is not one of {sorted(COMMENT_COLUMNS)}"
            )
        if item.text_digest in seen:
            raise RealLabelError(f"{path}:{number}: comment {item.text_digest} labelled twice")
        seen.add(item.text_digest)
        labels.append(item)
    return labels


def read_readings(folder: Path = READINGS_DIR) -> dict[str, list[RealLabel]]:
    """Read every reading in ``folder`` (``NAME.jsonl``), by name; none when it is absent."""
    if not folder.is_dir():
        return {}
    return {path.stem: read_real_labels(path) for path in sorted(folder.glob("*.jsonl"))}


def attach(labels: Sequence[RealLabel], shared_dir: Path) -> RealExamples:
    """Find each labelled comment in ``shared_dir`` and pair it with its labels."""
    texts = {
        (name, text_digest(text)): text
        for name, comments in all_comments(shared_dir).items()
        for text in comments
    }
    looked_at: list[Example] = []
    held: list[Example] = []
    missing = 0
    for item in labels:
        text = texts.get((item.file, item.text_digest))
        if text is None:
            missing += 1
            continue
        half = held if is_held(item.text_digest) else looked_at
        half.append(Example(text=text, labels=item.labels, urgent=item.urgent))
    return RealExamples(looked_at=tuple(looked_at), held=tuple(held), missing=missing)
