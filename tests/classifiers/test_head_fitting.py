from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import pytest
import scipy.sparse as sp

from classifiers.head_fitting import (
    ABSENT_INTERCEPT,
    FittedHead,
    HeadTask,
    Problem,
    fit_heads,
)
from classifiers.model import TrainingParams

PARAMS = TrainingParams()


def _problem(seed: int, rows: int = 120, columns: int = 40) -> Problem:
    """Random sparse features; target 0 follows column 0, target 1 column 1 or 2."""
    generator = np.random.default_rng(seed)
    dense = (generator.random((rows, columns)) < 0.15) * generator.random((rows, columns))
    features = sp.csr_matrix(dense)
    targets = np.column_stack([dense[:, 0] > 0, (dense[:, 1] > 0) | (dense[:, 2] > 0)])
    return Problem(features, targets, {"first": targets[:, 0]})


def _tasks() -> list[HeadTask]:
    return [
        HeadTask(problem, target, strength, PARAMS.tolerance, subset)
        for problem in (0, 1)
        for target in (0, 1)
        for strength in (0.5, 4.0)
        for subset in (None, "first")
    ]


def _same(first: list[FittedHead], second: list[FittedHead]) -> bool:
    return len(first) == len(second) and all(
        np.array_equal(a.weights, b.weights) and a.intercept == b.intercept
        for a, b in zip(first, second, strict=True)
    )


def test_two_workers_fit_the_same_heads_bit_for_bit_and_in_the_tasks_order() -> None:
    problems = [_problem(1), _problem(2)]
    tasks = _tasks()
    reports: list[tuple[int, int]] = []
    alone = fit_heads(problems, tasks, PARAMS)

    def report(done: int, total: int) -> None:
        reports.append((done, total))

    together = fit_heads(problems, tasks, PARAMS, workers=2, progress=report)
    assert _same(alone, together)
    # Each task's own head, not another's: the order follows the tasks.
    assert not np.array_equal(together[0].weights, together[2].weights)
    assert [done for done, _ in reports] == list(range(len(tasks) + 1))
    assert {total for _, total in reports} == {len(tasks)}


def test_a_head_learns_its_target_and_only_from_its_subset() -> None:
    problem = _problem(3)
    everyone, first_only = fit_heads(
        [problem], [HeadTask(0, 1, 4.0, 0.3), HeadTask(0, 1, 4.0, 0.3, "first")], PARAMS
    )
    assert everyone.weights.shape == (problem.features.shape[1],)
    # Target 1 is "column 1 or 2": those columns push it up, more than any other.
    assert set(np.argsort(everyone.weights)[-2:]) == {1, 2}
    # The subset head sees different rows, so it is a different head.
    assert not np.array_equal(everyone.weights, first_only.weights)


def test_a_head_fitted_without_hidden_columns_weighs_them_zero() -> None:
    problem = _problem(8)
    hidden = np.zeros(problem.features.shape[1], dtype=bool)
    hidden[[1, 2]] = True
    masked = Problem(problem.features, problem.targets, problem.subsets, {"some": hidden})
    stored = masked.features.nnz
    seeing, blind, blind_subset = fit_heads(
        [masked],
        [
            HeadTask(0, 1, 4.0, 0.3),
            HeadTask(0, 1, 4.0, 0.3, hide="some"),
            HeadTask(0, 1, 4.0, 0.3, "first", hide="some"),
        ],
        PARAMS,
    )
    assert seeing.weights[[1, 2]].all()
    assert not blind.weights[[1, 2]].any()
    assert not blind_subset.weights[[1, 2]].any()
    # The other columns still teach it: target 1 leans on what column 1 and 2 share.
    assert blind.weights[~hidden].any()
    # The problem's own matrix is left as it was, for the heads that see every column.
    assert masked.features.nnz == stored
    assert masked.features[:, [1, 2]].nnz > 0


def test_a_target_with_no_positive_or_no_negative_row_gets_the_absent_head() -> None:
    problem = _problem(4)
    # Within the subset "first", target 0 (column 0 set) is true on every row.
    (head,) = fit_heads([problem], [HeadTask(0, 0, 1.0, 0.3, "first")], PARAMS)
    assert not head.weights.any()
    assert head.intercept == ABSENT_INTERCEPT


def test_fewer_than_one_worker_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        fit_heads([_problem(5)], _tasks()[:2], PARAMS, workers=0)


def test_a_fit_that_fails_in_a_worker_fails_in_the_caller() -> None:
    tasks = [*_tasks()[:3], HeadTask(0, 0, -1.0, 0.3)]  # C must be positive
    with pytest.raises(ValueError, match="C"):
        fit_heads([_problem(6), _problem(7)], tasks, PARAMS, workers=2)


class _EndsTheProcessWhenUnpickled:
    """Stands for a worker lost mid-training: unpickling it ends the worker at once."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        return os._exit, (1,)


def test_a_worker_that_dies_is_reported_not_waited_for() -> None:
    problem = _problem(8)
    subsets = {**problem.subsets, "lost": _EndsTheProcessWhenUnpickled()}
    doomed = Problem(problem.features, problem.targets, subsets)  # type: ignore[arg-type]
    with pytest.raises(BrokenProcessPool):
        fit_heads([doomed], _tasks()[:4], PARAMS, workers=2)
