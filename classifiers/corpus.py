"""Reading and checking the hand-written corpus.

The corpus is JSON lines, one example a line, as described in
``data/WRITING_GUIDE.md``: ``{"text": ..., "labels": [...], "urgent": false}``.
Safeguarding leads' confirmed labels (``train --extra``) use the same format.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import msgspec

from classifiers.taxonomy import LABELS, in_taxonomy_order

DATA_DIR = Path(__file__).resolve().parent / "data"
TRAIN_DIR = DATA_DIR / "train"
TEST_DIR = DATA_DIR / "test"

# Errors listed in one CorpusError message; the rest are counted.
_MAX_ERRORS_SHOWN = 20


class Example(msgspec.Struct, frozen=True):
    """One labelled feedback text."""

    text: str
    labels: tuple[str, ...] = ()
    urgent: bool = False

    def fingerprint(self) -> str:
        """Return a stable digest of the example's text and labels."""
        canonical = msgspec.json.encode([self.text, sorted(self.labels), self.urgent])
        return hashlib.sha256(canonical).hexdigest()


class _RawExample(msgspec.Struct):
    # Fields are required here so that a line missing one is an error, not a default.
    text: str
    labels: list[str]
    urgent: bool


class CorpusLineError(msgspec.Struct, frozen=True):
    """A problem with one line of a corpus file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class CorpusError(Exception):
    """A corpus file has lines that are not valid examples."""

    def __init__(self, errors: Sequence[CorpusLineError]) -> None:
        self.errors = tuple(errors)
        shown = [str(error) for error in self.errors[:_MAX_ERRORS_SHOWN]]
        hidden = len(self.errors) - len(shown)
        if hidden:
            shown.append(f"... and {hidden} more")
        super().__init__("invalid corpus lines:\n" + "\n".join(shown))


_decoder = msgspec.json.Decoder(_RawExample)


def parse_line(line: str) -> Example:
    """Parse one JSON line into an :class:`Example`.

    Raises ``ValueError`` with a message a person can act on.
    """
    try:
        raw = _decoder.decode(line)
    except msgspec.ValidationError as error:
        raise ValueError(str(error)) from None
    except msgspec.DecodeError as error:
        raise ValueError(f"not valid JSON ({error})") from None
    if not raw.text.strip():
        raise ValueError("`text` is empty")
    if len(set(raw.labels)) != len(raw.labels):
        raise ValueError("`labels` repeats a label")
    try:
        labels = in_taxonomy_order(raw.labels)
    except ValueError as error:
        raise ValueError(
            f"`labels` has a label {error}; known labels: {', '.join(LABELS)}"
        ) from None
    return Example(text=raw.text, labels=labels, urgent=raw.urgent)


def read_examples(path: Path) -> list[Example]:
    """Read every example in one JSON-lines file; blank lines are skipped.

    Raises :class:`CorpusError` listing each bad line with its number.
    """
    examples: list[Example] = []
    errors: list[CorpusLineError] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                examples.append(parse_line(line))
            except ValueError as error:
                errors.append(CorpusLineError(path=str(path), line=number, message=str(error)))
    if errors:
        raise CorpusError(errors)
    return examples


def train_files(train_dir: Path = TRAIN_DIR) -> list[Path]:
    """Return the training files in a stable order."""
    return sorted(train_dir.glob("*.jsonl"))


def _read_all(paths: Iterable[Path]) -> list[Example]:
    return [example for path in paths for example in read_examples(path)]


def read_train(train_dir: Path = TRAIN_DIR) -> list[Example]:
    """Read every training example under ``train_dir``."""
    return _read_all(train_files(train_dir))


def held_out_files(path: Path = TEST_DIR) -> list[Path]:
    """Return the held-out test files: ``path`` itself, or every JSON lines file in it.

    The split is a folder so that a set written later to measure one weakness
    (``named_concerns.jsonl``) sits beside the first one and is reported apart.
    """
    return sorted(path.glob("*.jsonl")) if path.is_dir() else [path]


def read_test(path: Path = TEST_DIR) -> list[Example]:
    """Read the held-out test examples of every file :func:`held_out_files` lists."""
    return _read_all(held_out_files(path))


_NOT_WORD = re.compile(r"[\W_]+")


def normalise_text(text: str) -> str:
    """Reduce a text to lower-case words, for spotting duplicates."""
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def find_duplicates(examples: Iterable[Example]) -> list[tuple[int, int]]:
    """Return index pairs ``(first, later)`` of examples whose texts normalise alike."""
    seen: dict[str, int] = {}
    duplicates: list[tuple[int, int]] = []
    for index, example in enumerate(examples):
        key = normalise_text(example.text)
        if key in seen:
            duplicates.append((seen[key], index))
        else:
            seen[key] = index
    return duplicates


def find_overlap(train: Iterable[Example], test: Iterable[Example]) -> list[str]:
    """Return the normalised texts that occur in both ``train`` and ``test``."""
    train_keys = {normalise_text(example.text) for example in train}
    return sorted({normalise_text(e.text) for e in test}.intersection(train_keys))


def find_near_duplicates(examples: Sequence[Example]) -> list[tuple[int, int]]:
    """Return index pairs of texts that differ by a single word swapped for another.

    The writing guide forbids examples that differ only by a name or a word,
    because a model that sees both learns the template rather than the text.
    """
    by_shape: dict[tuple[int, str], list[int]] = {}
    words = [normalise_text(example.text).split() for example in examples]
    for index, tokens in enumerate(words):
        if len(tokens) < 4:
            continue
        for position in range(len(tokens)):
            masked = " ".join([*tokens[:position], "*", *tokens[position + 1 :]])
            by_shape.setdefault((len(tokens), masked), []).append(index)
    pairs: set[tuple[int, int]] = set()
    for indices in by_shape.values():
        for offset, first in enumerate(indices):
            for later in indices[offset + 1 :]:
                if first != later and words[first] != words[later]:
                    pairs.add((first, later))
    return sorted(pairs)
