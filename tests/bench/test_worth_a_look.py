"""The "worth a look" measurement: closeness to a threshold and what the band holds."""

from __future__ import annotations

import numpy as np
import pytest

from classifiers.intervals import wilson
from tests.bench.scripts import load_script

worth_a_look = load_script("worth_a_look")


def test_closeness_is_the_highest_score_as_a_share_of_its_own_threshold() -> None:
    scores = np.array([[0.1, 0.3], [0.05, 0.02]])
    thresholds = np.array([0.2, 0.6])
    nothing_denied = np.zeros((2, 2), dtype=bool)
    closeness = worth_a_look.closeness(scores, thresholds, nothing_denied)
    assert closeness.tolist() == pytest.approx([0.5, 0.25])


def test_a_denied_label_counts_for_nothing() -> None:
    scores = np.array([[0.1, 0.3]])
    thresholds = np.array([0.2, 0.6])
    denied = np.array([[False, True]])
    assert worth_a_look.closeness(scores, thresholds, denied).tolist() == pytest.approx([0.5])


def test_the_band_counts_only_unflagged_items_at_or_over_the_share() -> None:
    near = np.array([0.9, 0.5, 0.49, 0.7, 0.1, 2.0])
    flagged = np.array([False, False, False, False, False, True])
    reports = np.array([True, False, True, True, False, True])
    band = worth_a_look.band(near, flagged, reports, 0.5)
    # In the band: 0.9 (report), 0.5 (not), 0.7 (report); below: 0.49 (report), 0.1.
    assert band == worth_a_look.Band(unflagged=5, in_band=3, reports_in_band=2, reports_below=1)
    assert band.report_rate_in_band == pytest.approx(2 / 3)
    assert band.report_rate_below == pytest.approx(1 / 2)


def test_each_report_rate_comes_with_its_interval() -> None:
    band = worth_a_look.Band(unflagged=500, in_band=66, reports_in_band=13, reports_below=34)
    low, high = wilson(13, 66)
    below_low, below_high = wilson(34, 434)
    # Two intervals that do not meet: the band is richer in reports beyond doubt.
    assert below_high < low
    assert band.rates_with_intervals() == (
        f"0.197 ({low:.2f}-{high:.2f}) / 0.078 ({below_low:.2f}-{below_high:.2f})"
    )
