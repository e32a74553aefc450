"""Mark the classifier's evidence inside an item's text.

The classifier stores, for each label, the exact substrings that made it
flag the label. The item page shows the text in pieces: plain, or marked with
the labels whose evidence covers it. Overlapping evidence merges into one mark
carrying every label, so nothing is marked twice or out of order.

Every occurrence of a phrase is marked, as
:func:`classifiers.evidence.marked_spans` assumes when the evidence is measured
(a test keeps the two in step; importing the classifier here would load numpy
into a service that may run without it).
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from feedback.models import PredictedLabel


class Piece(msgspec.Struct, frozen=True):
    """A run of the text; ``labels`` is empty for unmarked text."""

    text: str
    labels: tuple[str, ...] = ()


def evidence_pieces(text: str, predictions: Iterable[PredictedLabel]) -> list[Piece]:
    """Split ``text`` into plain and marked pieces, in order, covering it exactly."""
    spans: list[tuple[int, int, str]] = []
    for prediction in predictions:
        if not prediction.flagged:
            continue
        for phrase in prediction.evidence:
            if not phrase:
                continue
            start = text.find(phrase)
            while start != -1:
                spans.append((start, start + len(phrase), prediction.label))
                start = text.find(phrase, start + 1)
    if not spans:
        return [Piece(text)] if text else []
    spans.sort()
    merged: list[tuple[int, int, set[str]]] = []
    for start, end, label in spans:
        if merged and start < merged[-1][1]:
            last_start, last_end, labels = merged[-1]
            merged[-1] = (last_start, max(last_end, end), labels | {label})
        else:
            merged.append((start, end, {label}))
    pieces: list[Piece] = []
    cursor = 0
    for start, end, labels in merged:
        if start > cursor:
            pieces.append(Piece(text[cursor:start]))
        pieces.append(Piece(text[start:end], tuple(sorted(labels))))
        cursor = end
    if cursor < len(text):
        pieces.append(Piece(text[cursor:]))
    return pieces
