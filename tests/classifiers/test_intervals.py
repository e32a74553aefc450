from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from classifiers import intervals
from classifiers.intervals import (
    UNKNOWN,
    bootstrap_macro_f1,
    bootstrap_pooled,
    macro_f1,
    paired_macro_f1_difference,
    paired_rate_difference,
    wilson,
)

BoolArray = npt.NDArray[np.bool_]


@pytest.mark.parametrize(
    ("successes", "trials", "expected"),
    [
        # Published values of the Wilson score interval at 95%.
        (0, 6, (0.0, 0.3903)),
        (1, 3, (0.0615, 0.7923)),
        (73, 73, (0.9500, 1.0)),
        (64, 661, (0.0766, 0.1218)),
    ],
)
def test_wilson_gives_the_known_intervals(
    successes: int, trials: int, expected: tuple[float, float]
) -> None:
    assert wilson(successes, trials) == pytest.approx(expected, abs=1e-4)


def test_wilson_is_symmetric_and_narrows_with_more_trials() -> None:
    low, high = wilson(7, 20)
    assert wilson(13, 20) == pytest.approx((1 - high, 1 - low))
    assert np.diff(wilson(70, 200)) < np.diff(wilson(7, 20))


def test_wilson_with_no_trials_says_nothing_and_refuses_impossible_counts() -> None:
    assert wilson(0, 0) == UNKNOWN
    with pytest.raises(ValueError, match="3 successes out of 2"):
        wilson(3, 2)


def _noisy(rows: int, seed: int = 1, flip: float = 0.08) -> tuple[BoolArray, BoolArray]:
    """Truth for ``rows`` texts and ten labels, and flags that get some of them wrong."""
    generator = np.random.default_rng(seed)
    truth = generator.random((rows, 10)) < 0.15
    flags = truth ^ (generator.random((rows, 10)) < flip)
    return flags, truth


def test_macro_f1_counts_a_label_with_no_reports_and_no_flags_as_right() -> None:
    truth = np.array([[True, False], [False, False], [True, False]])
    flags = np.array([[True, False], [True, False], [False, False]])
    # First label: 1 hit, 1 false flag, 1 miss, F1 0.5; second: nothing either way, 1.0.
    assert macro_f1(flags, truth) == pytest.approx(0.75)


def test_bootstrap_interval_holds_the_figure_and_is_the_same_each_run() -> None:
    flags, truth = _noisy(1500)
    low, high = bootstrap_macro_f1(flags, truth)
    assert low < macro_f1(flags, truth) < high
    assert bootstrap_macro_f1(flags, truth) == (low, high)
    assert bootstrap_macro_f1(flags, truth, seed=7) != (low, high)


def test_bootstrap_interval_narrows_as_the_square_root_of_the_texts() -> None:
    flags, truth = _noisy(600)
    narrow = bootstrap_macro_f1(np.tile(flags, (4, 1)), np.tile(truth, (4, 1)))
    wide = bootstrap_macro_f1(flags, truth)
    # Four times the texts, half the width (within the bootstrap's own noise).
    assert 0.4 < (narrow[1] - narrow[0]) / (wide[1] - wide[0]) < 0.6


def test_a_perfect_model_has_no_room_to_move() -> None:
    _, truth = _noisy(300)
    assert bootstrap_macro_f1(truth, truth) == (1.0, 1.0)
    assert bootstrap_pooled(truth, truth) == ((1.0, 1.0), (1.0, 1.0))


def test_pooled_intervals_hold_the_pooled_precision_and_recall() -> None:
    flags, truth = _noisy(1000)
    hits = (flags & truth).sum()
    (p_low, p_high), (r_low, r_high) = bootstrap_pooled(flags, truth)
    assert p_low < hits / flags.sum() < p_high
    assert r_low < hits / truth.sum() < r_high


def test_each_draw_takes_as_many_texts_as_there_are() -> None:
    chunks = intervals._draws(rows=50, draws=450, seed=3)
    weights = np.vstack(chunks)
    assert weights.shape == (450, 50)
    assert (weights.sum(axis=1) == 50).all()
    # Some texts are drawn twice and some not at all, as drawing with replacement does.
    assert (weights == 0).any()
    assert (weights >= 2).any()


def test_a_model_compared_with_itself_differs_by_nothing() -> None:
    flags, truth = _noisy(500)
    assert paired_macro_f1_difference(flags, flags, truth) == (0.0, 0.0)
    assert paired_rate_difference(flags[:, 0], flags[:, 0]) == (0.0, 0.0)


def test_a_model_that_mends_errors_is_better_beyond_doubt() -> None:
    before, truth = _noisy(2000, flip=0.1)
    # The second model gets a third of the first model's wrong flags right.
    wrong = before != truth
    mended = wrong & (np.random.default_rng(5).random(wrong.shape) < 1 / 3)
    after = np.where(mended, truth, before)
    low, high = paired_macro_f1_difference(before, after, truth)
    assert 0.0 < low < macro_f1(after, truth) - macro_f1(before, truth) < high
    # The other way round, the same interval turned about zero.
    reverse = paired_macro_f1_difference(after, before, truth)
    assert reverse == pytest.approx((-high, -low), abs=1e-9)


def test_a_paired_difference_is_narrower_than_the_two_intervals_side_by_side() -> None:
    before, truth = _noisy(1500)
    after = before.copy()
    after[:40, 0] = truth[:40, 0]
    paired = paired_macro_f1_difference(before, after, truth)
    alone = bootstrap_macro_f1(before, truth)
    assert paired[1] - paired[0] < (alone[1] - alone[0]) / 3


def test_paired_rate_difference_sees_a_rise_in_flags() -> None:
    generator = np.random.default_rng(2)
    before = generator.random(3000) < 0.10
    after = before | (generator.random(3000) < 0.05)
    low, high = paired_rate_difference(before, after)
    assert 0.0 < low < after.mean() - before.mean() < high


def test_too_few_texts_are_not_drawn_again() -> None:
    flags, truth = _noisy(intervals.MIN_TEXTS_DRAWN - 1)
    assert bootstrap_macro_f1(flags, truth) == UNKNOWN
    assert bootstrap_pooled(flags, truth) == (UNKNOWN, UNKNOWN)
    assert paired_macro_f1_difference(flags, flags, truth) == intervals.ANY_DIFFERENCE
    assert paired_rate_difference(flags[:, 0], flags[:, 0]) == intervals.ANY_DIFFERENCE
    flags, truth = _noisy(intervals.MIN_TEXTS_DRAWN)
    assert bootstrap_macro_f1(flags, truth) != UNKNOWN
