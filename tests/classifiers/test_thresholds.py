from __future__ import annotations

import numpy as np

from classifiers import thresholds

SCORES = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2])
TRUTH = np.array([True, True, False, True, False, False, True, False])


def test_for_recall_catches_the_target_share_of_positives() -> None:
    threshold = thresholds.for_recall(SCORES, TRUTH, 1.0)
    assert 0.2 < threshold <= 0.3
    assert 0.6 >= thresholds.for_recall(SCORES, TRUTH, 0.75) > 0.5


def test_floor_raises_the_threshold_to_keep_precision() -> None:
    threshold = thresholds.for_recall_with_floor(SCORES, TRUTH, 1.0, 0.7)
    flags = np.greater_equal(SCORES, threshold)
    precision, recall = thresholds.precision_recall(flags, TRUTH)
    assert precision >= 0.7
    assert recall == 0.75


def test_for_f1_picks_the_best_cut() -> None:
    threshold = thresholds.for_f1(SCORES, TRUTH)
    assert 0.5 < threshold <= 0.6


def test_no_positives_never_flags() -> None:
    none = np.zeros(len(SCORES), dtype=bool)
    assert thresholds.for_recall(SCORES, none, 0.97) > 1.0
    assert thresholds.for_f1(SCORES, none) > 1.0
