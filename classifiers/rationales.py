"""A reader's marks of the words that show each label: does the evidence point at them?

Each flag carries evidence, the phrases a lead sees highlighted on the item's
page. A highlight on "staff" or "supported" tells a lead nothing; one on "held
me down" tells them why. To measure which kind the model gives, a reader who
never saw the model's output marked, for a sample of labelled test texts, the
shortest stretches that show each label ("locked in a room for two days",
"tablets in my tea without telling me"). ``data/agreement/rationales.jsonl``
holds those marks as character spans, each line naming its text by
:func:`classifiers.agreement.text_digest`, so no text is copied and an edited
text no longer matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import msgspec

from classifiers.agreement import text_digest
from classifiers.corpus import DATA_DIR, Example
from classifiers.evidence import marked_spans
from classifiers.jsonl import decode_lines
from classifiers.model import URGENT
from classifiers.taxonomy import LABELS

RATIONALES_PATH = DATA_DIR / "agreement" / "rationales.jsonl"
Span = tuple[int, int]


class RationaleError(Exception):
    """The rationale file is malformed or no longer matches the test split."""


class Rationale(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The spans of one text that show one label (or urgency), as a reader marked them."""

    text_digest: str
    label: str
    spans: tuple[Span, ...]


def from_phrases(text: str, label: str, phrases: Sequence[str]) -> Rationale:
    """Turn a reader's phrases (exact substrings of ``text``) into a :class:`Rationale`.

    Readers copy phrases, which is easier to check than counting characters;
    every occurrence of a phrase counts, as it does for the model's evidence.
    """
    missing = [phrase for phrase in phrases if not phrase or phrase not in text]
    if missing or not phrases:
        raise RationaleError(f"phrases not found in the text: {missing or 'none given'}")
    spans = tuple(marked_spans(text, phrases))
    return Rationale(text_digest=text_digest(text), label=label, spans=spans)


def read_rationales(path: Path = RATIONALES_PATH) -> list[Rationale]:
    """Read a rationale file; raise :class:`RationaleError` naming the first bad line."""
    rationales: list[Rationale] = []
    for number, item in decode_lines(path, Rationale, RationaleError):
        if item.label not in (*LABELS, URGENT):
            raise RationaleError(f"{path}:{number}: unknown label {item.label!r}")
        if not item.spans or any(not 0 <= start < end for start, end in item.spans):
            raise RationaleError(f"{path}:{number}: spans must be non-empty [start, end) pairs")
        rationales.append(item)
    return rationales


def attach(
    rationales: Sequence[Rationale], examples: Sequence[Example]
) -> list[tuple[Example, str, tuple[Span, ...]]]:
    """Pair each rationale with its example; the example's label set must include it.

    Raises :class:`RationaleError` when a digest names no example or a span runs
    past the end of its text, because then the text changed after it was marked.
    """
    by_digest = {text_digest(e.text): e for e in examples}
    paired = []
    for item in rationales:
        example = by_digest.get(item.text_digest)
        if example is None:
            raise RationaleError(
                f"the rationale for {item.text_digest} matches no test text; was the text edited?"
            )
        if max(end for _, end in item.spans) > len(example.text):
            raise RationaleError(f"a rationale span runs past the end of {item.text_digest}")
        carried = example.urgent if item.label == URGENT else item.label in example.labels
        if not carried:
            raise RationaleError(
                f"{item.text_digest} no longer carries {item.label!r}; was it relabelled?"
            )
        paired.append((example, item.label, item.spans))
    return paired


def characters(spans: Sequence[Span]) -> set[int]:
    """Return the character positions ``spans`` cover (overlaps counted once)."""
    return {position for start, end in spans for position in range(start, end)}
