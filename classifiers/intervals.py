"""How sure a figure is: 95% intervals for the rates and F1 that evaluation reports.

The test split has 1,538 texts and the labelled real comments 1,204, three of
them urgent. Had other texts been written the same way, every figure would be
a little different, and a change of 0.004 in macro-F1 between two models may
be no change at all. These intervals say how far each figure could move with
the texts alone, the model and its thresholds held fixed:

* a rate (precision, recall, a share of false flags) gets the Wilson score
  interval, which stays inside 0 to 1 and means something for 3 of 3 or 0 of
  6, where the textbook "plus or minus two standard errors" does not;
* macro-F1 gets a percentile bootstrap over the texts, because it mixes ten
  labels' counts and has no formula of its own;
* two models scored on the same texts get a paired bootstrap of the
  difference, which is far narrower than the two intervals side by side,
  since most texts are right (or wrong) for both.

They are not the uncertainty of the model itself: training on other texts
would move the figures again. Draws are seeded, so a report is the same every
time it is run.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
Interval = tuple[float, float]

# The normal quantile for a two-sided 95% interval.
Z_95 = 1.959963984540054
DRAWS = 1000
SEED = 20261124
# Draws made at once: 200 draws of 33,000 texts are 53 MB of counts.
_CHUNK = 200
# The interval that says nothing: what a rate with no trials gets.
UNKNOWN: Interval = (0.0, 1.0)
# Fewer texts than this are not drawn again: with two texts, every draw is one of
# four, and the percentiles of so few say nothing about other texts.
MIN_TEXTS_DRAWN = 30
# The difference that says nothing.
ANY_DIFFERENCE: Interval = (-1.0, 1.0)


def wilson(successes: int, trials: int, z: float = Z_95) -> Interval:
    """Return the Wilson score interval for ``successes`` out of ``trials``."""
    if trials <= 0:
        return UNKNOWN
    if not 0 <= successes <= trials:
        raise ValueError(f"{successes} successes out of {trials} trials")
    share = successes / trials
    z2 = z * z
    centre = (share + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z * math.sqrt(share * (1 - share) / trials + z2 / (4 * trials * trials))
    half /= 1 + z2 / trials
    # At 0 or n successes the exact bound is 0 or 1; rounding must not leave it just inside.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return (low, high)


def f1_from_counts(
    true_positives: FloatArray, false_positives: FloatArray, false_negatives: FloatArray
) -> FloatArray:
    """Return F1 from counts, elementwise; 1.0 where nothing was flagged and nothing reported.

    That is the convention of :func:`classifiers.evaluation.score_examples`: a
    label with no reports and no flags is perfectly right.
    """
    denominator = 2 * true_positives + false_positives + false_negatives
    safe = np.where(denominator > 0, denominator, 1.0)
    return np.where(denominator > 0, 2 * true_positives / safe, 1.0)


def macro_f1(flags: BoolArray, truth: BoolArray) -> float:
    """Return the mean F1 over the columns of ``flags`` against ``truth``."""
    counts = _counts(flags, truth)
    return float(np.mean(f1_from_counts(*(c.sum(axis=0) for c in counts))))


def _counts(flags: BoolArray, truth: BoolArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return per-row, per-column true positives, false positives and false negatives."""
    if flags.shape != truth.shape:
        raise ValueError(f"flags {flags.shape} and truth {truth.shape} differ in shape")
    return (
        (flags & truth).astype(np.float64),
        (flags & ~truth).astype(np.float64),
        (~flags & truth).astype(np.float64),
    )


def _draws(rows: int, draws: int, seed: int) -> list[FloatArray]:
    """Return bootstrap weights, in chunks: how often each row is drawn, per draw."""
    generator = np.random.default_rng(seed)
    chunks = []
    for start in range(0, draws, _CHUNK):
        size = min(_CHUNK, draws - start)
        picked = generator.integers(0, rows, size=(size, rows))
        # Row r of the chunk counts the picks of draw r: offset each draw's picks by r * rows.
        picked += np.arange(size)[:, np.newaxis] * rows
        counts = np.bincount(picked.ravel(), minlength=size * rows)
        chunks.append(counts.reshape(size, rows).astype(np.float64))
    return chunks


def _percentiles(values: FloatArray) -> Interval:
    low, high = np.percentile(values, [2.5, 97.5])
    return (float(low), float(high))


def _resampled_macro_f1(
    weights: FloatArray, counts: tuple[FloatArray, FloatArray, FloatArray]
) -> FloatArray:
    """Return the macro-F1 of each draw: each row of ``weights`` counts the texts drawn."""
    drawn = [weights @ count for count in counts]
    result: FloatArray = f1_from_counts(*drawn).mean(axis=1)
    return result


def bootstrap_macro_f1(
    flags: BoolArray, truth: BoolArray, *, draws: int = DRAWS, seed: int = SEED
) -> Interval:
    """Return a 95% percentile-bootstrap interval for the macro-F1 of ``flags``.

    Texts are drawn with replacement, as many as there are; the model's flags
    for each text stay as they are.
    """
    if len(flags) < MIN_TEXTS_DRAWN:
        return UNKNOWN
    counts = _counts(flags, truth)
    values = np.concatenate(
        [_resampled_macro_f1(weights, counts) for weights in _draws(len(flags), draws, seed)]
    )
    return _percentiles(values)


def bootstrap_pooled(
    flags: BoolArray, truth: BoolArray, *, draws: int = DRAWS, seed: int = SEED
) -> tuple[Interval, Interval]:
    """Return 95% intervals for precision and recall over every (text, label) pair together.

    The pairs of one text are not independent (a text that fools one label
    often fools two), so texts, not pairs, are drawn again.
    """
    if len(flags) < MIN_TEXTS_DRAWN:
        return UNKNOWN, UNKNOWN
    true_positives, false_positives, false_negatives = (
        count.sum(axis=1) for count in _counts(flags, truth)
    )
    precision, recall = [], []
    for weights in _draws(len(flags), draws, seed):
        hits = weights @ true_positives
        flagged = hits + weights @ false_positives
        reported = hits + weights @ false_negatives
        precision.append(np.divide(hits, flagged, out=np.zeros_like(hits), where=flagged > 0))
        recall.append(np.divide(hits, reported, out=np.ones_like(hits), where=reported > 0))
    return _percentiles(np.concatenate(precision)), _percentiles(np.concatenate(recall))


def paired_macro_f1_difference(
    before: BoolArray,
    after: BoolArray,
    truth: BoolArray,
    *,
    draws: int = DRAWS,
    seed: int = SEED,
) -> Interval:
    """Return a 95% interval for macro-F1 of ``after`` minus that of ``before``, on the same texts.

    Each draw takes the same texts for both, so what the two get right
    together cancels. An interval that holds 0 means the texts cannot tell the
    two apart.
    """
    if len(truth) < MIN_TEXTS_DRAWN:
        return ANY_DIFFERENCE
    counts_before, counts_after = _counts(before, truth), _counts(after, truth)
    values = np.concatenate(
        [
            _resampled_macro_f1(weights, counts_after) - _resampled_macro_f1(weights, counts_before)
            for weights in _draws(len(truth), draws, seed)
        ]
    )
    return _percentiles(values)


def paired_rate_difference(
    before: BoolArray, after: BoolArray, *, draws: int = DRAWS, seed: int = SEED
) -> Interval:
    """Return a 95% interval for the share of ``after`` minus that of ``before``, same items.

    For instance the share of ordinary texts flagged by a model with and
    without new examples.
    """
    if len(before) < MIN_TEXTS_DRAWN:
        return ANY_DIFFERENCE
    change = after.astype(np.float64) - before.astype(np.float64)
    values = np.concatenate(
        [weights @ change / len(change) for weights in _draws(len(change), draws, seed)]
    )
    return _percentiles(values)
