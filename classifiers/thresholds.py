"""Choosing a decision threshold per output from out-of-fold scores.

High-severity labels are chosen for recall first: the highest threshold that
still catches ``recall_target`` of the positives, because a missed restraint
report is the worst failure. Medium labels take the threshold with the best
F1. Each threshold sits halfway between the deciding score and the next one
below, rather than on a training score, so it does not hug the training data.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# With no positives to learn from, a label is never flagged.
NEVER = 1.01


def _midpoint_below(scores: FloatArray, threshold: float) -> float:
    below = scores[scores < threshold]
    if below.size == 0:
        return threshold
    return (threshold + float(below.max())) / 2.0


def for_recall(scores: FloatArray, truth: BoolArray, recall_target: float) -> float:
    """Return the highest threshold whose recall on ``truth`` reaches ``recall_target``."""
    positives = np.sort(scores[truth])[::-1]
    if positives.size == 0:
        return NEVER
    needed = max(1, math.ceil(recall_target * positives.size - 1e-9))
    return _midpoint_below(scores, float(positives[needed - 1]))


def for_recall_with_floor(
    scores: FloatArray, truth: BoolArray, recall_target: float, precision_floor: float
) -> float:
    """Return the threshold for ``recall_target``, raised if needed to keep ``precision_floor``.

    When the target recall can only be had at a precision under the floor, the
    threshold is the lowest one whose precision (over every threshold from it
    upwards) stays at or above the floor: as much recall as that precision allows.
    """
    threshold = for_recall(scores, truth, recall_target)
    if threshold >= NEVER:
        return threshold
    order = np.argsort(-scores, kind="stable")
    ordered = scores[order]
    precision = np.cumsum(truth[order]) / np.arange(1, scores.size + 1)
    flagged = int(np.sum(scores >= threshold))
    if flagged == 0 or precision[flagged - 1] >= precision_floor:
        return threshold
    distinct = np.append(ordered[1:] != ordered[:-1], True)
    acceptable = np.where((precision >= precision_floor) & distinct)[0]
    if acceptable.size == 0:
        return _midpoint_below(scores, float(ordered[0]))
    return _midpoint_below(scores, float(ordered[acceptable.max()]))


def for_f1(scores: FloatArray, truth: BoolArray) -> float:
    """Return the threshold with the best F1 on ``truth``."""
    if not truth.any():
        return NEVER
    order = np.argsort(-scores, kind="stable")
    ordered_scores = scores[order]
    hits = np.cumsum(truth[order])
    flagged = np.arange(1, scores.size + 1)
    f1 = 2.0 * hits / (flagged + truth.sum())
    # Only cut between distinct scores.
    distinct = np.append(ordered_scores[1:] != ordered_scores[:-1], True)
    best = int(np.argmax(np.where(distinct, f1, -1.0)))
    return _midpoint_below(scores, float(ordered_scores[best]))


def precision_recall(flags: BoolArray, truth: BoolArray) -> tuple[float, float]:
    """Return precision and recall of ``flags`` against ``truth`` (1.0 when undefined)."""
    true_positives = float(np.sum(flags & truth))
    flagged = float(np.sum(flags))
    actual = float(np.sum(truth))
    precision = true_positives / flagged if flagged else 1.0
    recall = true_positives / actual if actual else 1.0
    return precision, recall
