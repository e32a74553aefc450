"""Mark the classifier's evidence inside an item's text.

The classifier stores, for each label, the exact substrings that made it
flag the label (or, for a label worth a look, raised its score). The item page
shows the text in pieces: plain, or marked with the labels whose evidence
covers it. Overlapping evidence merges into one mark
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

# The name the urgent flag's evidence is marked with (the item page calls it "Urgent risk").
URGENT = "urgent"


class Piece(msgspec.Struct, frozen=True):
    """A run of the text; ``labels`` and ``possible`` are empty for unmarked text.

    ``labels`` are the flagged labels whose evidence covers the run;
    ``possible`` the labels not flagged but worth a look whose evidence does.
    """

    text: str
    labels: tuple[str, ...] = ()
    possible: tuple[str, ...] = ()

    @property
    def marked(self) -> bool:
        """Whether any evidence covers this run."""
        return bool(self.labels or self.possible)


def evidence_pieces(
    text: str, predictions: Iterable[PredictedLabel], urgent_evidence: Iterable[str] = ()
) -> list[Piece]:
    """Split ``text`` into plain and marked pieces, in order, covering it exactly.

    ``urgent_evidence`` (the phrases that made the classifier flag the item
    urgent) is marked as the evidence of a flagged label named ``urgent``.
    """
    marked = [
        (prediction.label, prediction.flagged, prediction.evidence)
        for prediction in predictions
        if prediction.flagged or prediction.possible
    ]
    marked.append((URGENT, True, tuple(urgent_evidence)))
    spans: list[tuple[int, int, str, bool]] = []
    for label, flagged, phrases in marked:
        for phrase in phrases:
            if not phrase:
                continue
            start = text.find(phrase)
            while start != -1:
                spans.append((start, start + len(phrase), label, flagged))
                start = text.find(phrase, start + 1)
    if not spans:
        return [Piece(text)] if text else []
    spans.sort()
    merged: list[tuple[int, int, set[tuple[str, bool]]]] = []
    for start, end, label, flagged in spans:
        if merged and start < merged[-1][1]:
            last_start, last_end, labels = merged[-1]
            merged[-1] = (last_start, max(last_end, end), labels | {(label, flagged)})
        else:
            merged.append((start, end, {(label, flagged)}))
    pieces: list[Piece] = []
    cursor = 0
    for start, end, labels in merged:
        if start > cursor:
            pieces.append(Piece(text[cursor:start]))
        pieces.append(
            Piece(
                text[start:end],
                tuple(sorted(label for label, flagged in labels if flagged)),
                tuple(sorted(label for label, flagged in labels if not flagged)),
            )
        )
        cursor = end
    if cursor < len(text):
        pieces.append(Piece(text[cursor:]))
    return pieces
