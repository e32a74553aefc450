"""``bench/score_reliability.py``: scores banded against how often the label is reported."""

from __future__ import annotations

import numpy as np
import pytest

from tests.bench.scripts import load_script

score_reliability = load_script("score_reliability")


def test_each_band_counts_its_pairs_and_the_share_that_report() -> None:
    scores = np.array([0.01, 0.02, 0.15, 0.15, 0.15, 0.15, 0.95, 1.0])
    truth = np.array([False, False, True, False, False, False, True, True])
    rows = {row[0]: row for row in score_reliability.bands(scores, truth)}
    # Empty bands are left out; a score of exactly 1.0 falls in the top band.
    assert list(rows) == ["0.00 to 0.05", "0.10 to 0.20", "0.90 to 1.00"]
    _, count, mean, share, low, high = rows["0.10 to 0.20"]
    assert (count, share) == (4, 0.25)
    assert mean == pytest.approx(0.15)
    assert low < share < high
    assert rows["0.90 to 1.00"][1:4] == (2, pytest.approx(0.975), 1.0)
