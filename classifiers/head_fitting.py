"""Fitting many logistic-regression heads, on every core the machine lends.

Training fits two dozen heads for each of the three folds and again for the
final model, and those fits are most of its time. They do not depend on each
other, so they can run side by side. Not in threads: liblinear releases the
GIL, but every fit reseeds and draws from one C random generator shared by the
whole process, so threads would make the weights depend on timing. Worker
processes each have their own, and a fit reseeds it before it starts, so a head
comes out bit for bit the same whichever process fits it and whatever else runs.

Workers (see :mod:`classifiers.workers`) are handed every problem once, when
they start; a task then names only its problem, its rows and its column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from classifiers.model import TrainingParams
from classifiers.workers import check_workers, worker_pool

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
# (fits done, fits in all)
FitProgress = Callable[[int, int], None]

# An output that cannot be fitted (every row, or no row, is positive) gets zero
# weights and this intercept: a probability of about 0.00005 for every text.
ABSENT_INTERCEPT = -10.0


@dataclass(frozen=True)
class Problem:
    """One set of training rows: their weighted features, targets, and named masks.

    ``targets`` has a column for each thing a head can learn; ``subsets`` names
    row masks that some heads are fitted on instead of every row, and ``hidden``
    column masks that some heads are fitted without (their weights there are 0).
    """

    features: sp.csr_matrix
    targets: BoolArray
    subsets: Mapping[str, BoolArray] = field(default_factory=dict)
    hidden: Mapping[str, BoolArray] = field(default_factory=dict)


@dataclass(frozen=True)
class HeadTask:
    """One head to fit: on which problem and rows, against which target, C and tolerance."""

    problem: int
    target: int
    strength: float
    # When the solver stops; a head that only places thresholds can stop sooner.
    tolerance: float
    # The name of one of the problem's subsets; every row when None.
    subset: str | None = None
    # The name of one of the problem's hidden column masks; every column when None.
    hide: str | None = None


@dataclass(frozen=True)
class FittedHead:
    """A head's weights, one per feature of its problem, and its intercept."""

    weights: FloatArray
    intercept: float


@dataclass
class _Fitter:
    """Fits tasks against a fixed list of problems, keeping the rows and columns it has cut."""

    problems: Sequence[Problem]
    params: TrainingParams
    _cut: dict[tuple[int, str | None, str | None], tuple[sp.csr_matrix, BoolArray]] = field(
        default_factory=dict
    )

    def _rows(self, task: HeadTask) -> tuple[sp.csr_matrix, BoolArray]:
        problem = self.problems[task.problem]
        if task.subset is None and task.hide is None:
            return problem.features, problem.targets
        key = (task.problem, task.subset, task.hide)
        if key not in self._cut:
            features, targets = problem.features, problem.targets
            if task.subset is not None:
                keep = problem.subsets[task.subset]
                features, targets = features[keep], targets[keep]
            if task.hide is not None:
                features = _without_columns(features, problem.hidden[task.hide])
            self._cut[key] = (features, targets)
        return self._cut[key]

    def fit(self, task: HeadTask) -> FittedHead:
        """Fit ``task``'s head; a target that is all or nothing gets the absent head."""
        # Imported here: scikit-learn is slow to import and only training needs it.
        from sklearn.linear_model import LogisticRegression

        features, targets = self._rows(task)
        column = targets[:, task.target]
        if column.all() or not column.any():
            return FittedHead(np.zeros(features.shape[1]), ABSENT_INTERCEPT)
        head = LogisticRegression(
            C=task.strength,
            solver="liblinear",
            # The dual problem is the faster one when features outnumber examples.
            dual=True,
            tol=task.tolerance,
            # The dual solver visits examples in a random order: seeded, the same
            # examples and parameters give the same weights.
            random_state=self.params.seed,
            class_weight="balanced" if self.params.balanced else None,
            max_iter=1000,
        )
        head.fit(features, column)
        return FittedHead(head.coef_[0], float(head.intercept_[0]))


def _without_columns(features: sp.csr_matrix, hidden: BoolArray) -> sp.csr_matrix:
    """Return a copy of ``features`` with the ``hidden`` columns emptied.

    Emptied, not removed: the head keeps one weight per column of its problem,
    and a column with no value anywhere gets a weight of exactly 0.
    """
    emptied = features.copy()
    emptied.data[hidden[emptied.indices]] = 0.0
    emptied.eliminate_zeros()
    return emptied


# The worker process's fitter, set once when the worker starts.
_worker_fitter: _Fitter | None = None


def _start_worker(problems: Sequence[Problem], params: TrainingParams) -> None:
    global _worker_fitter
    _worker_fitter = _Fitter(problems, params)


def _fit_in_worker(task: HeadTask) -> FittedHead:
    assert _worker_fitter is not None, "worker started without its problems"
    return _worker_fitter.fit(task)


def _cost(task: HeadTask, problems: Sequence[Problem]) -> int:
    # Fits take roughly as long as their rows; the longest go first so that
    # no worker is left with a long fit while the others are idle.
    problem = problems[task.problem]
    if task.subset is None:
        return int(problem.features.shape[0])
    return int(problem.subsets[task.subset].sum())


def fit_heads(
    problems: Sequence[Problem],
    tasks: Sequence[HeadTask],
    params: TrainingParams,
    *,
    workers: int = 1,
    progress: FitProgress | None = None,
) -> list[FittedHead]:
    """Fit every task and return the heads in the tasks' order.

    With ``workers`` above 1 (and more than one task), the fits run in that many
    worker processes; the heads are the same, bit for bit, as with one.
    """
    check_workers(workers)
    fitted: list[FittedHead | None] = [None] * len(tasks)
    if progress:
        progress(0, len(tasks))
    if workers == 1 or len(tasks) < 2:
        fitter = _Fitter(problems, params)
        for number, task in enumerate(tasks):
            fitted[number] = fitter.fit(task)
            if progress:
                progress(number + 1, len(tasks))
    else:
        order = sorted(range(len(tasks)), key=lambda n: -_cost(tasks[n], problems))
        with worker_pool(min(workers, len(tasks)), _start_worker, (problems, params)) as pool:
            pending: dict[Future[FittedHead], int] = {
                pool.submit(_fit_in_worker, tasks[number]): number for number in order
            }
            for done, future in enumerate(as_completed(pending), start=1):
                fitted[pending[future]] = future.result()
                if progress:
                    progress(done, len(tasks))
    heads = [head for head in fitted if head is not None]
    assert len(heads) == len(tasks), "a head was not fitted"
    return heads
