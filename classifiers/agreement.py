"""A second labeller's labels for a sample of the corpus: how far can labels be trusted?

A target such as macro-F1 0.85 means something only if people reading the same
texts agree with the corpus labels at least that well. ``data/agreement/``
holds the labels a second labeller gave, reading blind (the texts only, with
the taxonomy and ``data/WRITING_GUIDE.md``), for a random sample of each split.
Each line names its text by :func:`text_digest`, so no text is copied and an
edited text no longer matches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import msgspec

from classifiers.corpus import DATA_DIR, Example
from classifiers.jsonl import decode_lines
from classifiers.taxonomy import LABELS

AGREEMENT_PATH = DATA_DIR / "agreement" / "second_labeller.jsonl"
SPLITS = ("test", "train")


class AgreementError(Exception):
    """The second labeller's file is malformed or no longer matches the corpus."""


class SecondLabel(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One text's labels as the second labeller gave them."""

    split: str
    text_digest: str
    labels: tuple[str, ...]
    urgent: bool


def text_digest(text: str) -> str:
    """Return the first 16 hex digits of the SHA-256 of ``text`` (UTF-8)."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def read_second_labels(path: Path = AGREEMENT_PATH) -> list[SecondLabel]:
    """Read the second labeller's file; raise :class:`AgreementError` on a bad line."""
    labels: list[SecondLabel] = []
    for number, item in decode_lines(path, SecondLabel, AgreementError):
        unknown = set(item.labels) - set(LABELS)
        if item.split not in SPLITS or unknown:
            problem = f"unknown labels {sorted(unknown)}" if unknown else f"split {item.split!r}"
            raise AgreementError(f"{path}:{number}: {problem}")
        labels.append(item)
    return labels


def paired(
    second: Sequence[SecondLabel], split: str, examples: Sequence[Example]
) -> tuple[list[Example], list[Example]]:
    """Return the corpus examples of ``split`` that were labelled twice, and the second labels.

    Raises :class:`AgreementError` when a digest names no example, because then
    the corpus text changed after the second labelling and the figures would
    compare different texts.
    """
    by_digest = {text_digest(e.text): e for e in examples}
    gold: list[Example] = []
    again: list[Example] = []
    for item in second:
        if item.split != split:
            continue
        example = by_digest.get(item.text_digest)
        if example is None:
            raise AgreementError(
                f"the second labeller's {split} item {item.text_digest} matches no text; "
                "was the text edited?"
            )
        gold.append(example)
        again.append(Example(text=example.text, labels=item.labels, urgent=item.urgent))
    return gold, again
