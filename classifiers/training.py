"""Training: features, one logistic regression per output, thresholds, version.

Thresholds are chosen on out-of-fold predictions: the training examples are
split into folds, each fold is scored by a model (vocabulary included) fitted
on the others, and every threshold is picked on those honest scores. The final
model is then fitted on everything. The folds' heads serve only to place the
thresholds, so their solver stops sooner (``TrainingParams.fold_tolerance``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import msgspec
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from classifiers import phrases, thresholds, urgency
from classifiers.corpus import Example
from classifiers.corpus_reading import read_corpus
from classifiers.features import Analysis, FeatureSpace
from classifiers.head_fitting import HeadTask, Problem, fit_heads
from classifiers.model import (
    CONCERN,
    CONCERN_COLUMN,
    HEADS,
    LABEL_CONDITIONAL_COLUMNS,
    OUTPUTS,
    SERIOUS_HEAD,
    URGENT,
    URGENT_COLUMN,
    URGENT_CONDITIONAL_HEAD,
    ModelState,
    OutputSummary,
    TrainingParams,
    TrainingSummary,
)
from classifiers.taxonomy import HIGH_SEVERITY, LABELS

# Bump when features or scoring change in a way the parameters do not show.
FORMAT_VERSION = "4"

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Progress = Callable[[str, int, int], None]


class TrainingError(Exception):
    """The examples cannot train a model (for instance, there are none)."""


def model_version(examples: Sequence[Example], params: TrainingParams) -> str:
    """Return the version a model trained on ``examples`` with ``params`` would carry.

    It depends on the set of examples (not their order), the parameters, the
    phrase and urgent rules and :data:`FORMAT_VERSION`, so it changes exactly
    when retraining could change the model.
    """
    digest = hashlib.sha256()
    digest.update(f"format {FORMAT_VERSION}\n".encode())
    digest.update(msgspec.json.encode(params))
    digest.update(phrases.patterns_fingerprint().encode())
    digest.update(urgency.rules_fingerprint().encode())
    for fingerprint in sorted({example.fingerprint() for example in examples}):
        digest.update(fingerprint.encode())
    return "rc-" + digest.hexdigest()[:12]


def _canonical(examples: Sequence[Example]) -> list[Example]:
    # Same set of examples, same order, same model, whatever order the files list them in.
    unique = {example.fingerprint(): example for example in examples}
    return [unique[key] for key in sorted(unique)]


def truth_matrix(examples: Sequence[Example]) -> BoolArray:
    """Return one row per example and one column per output, True where it applies."""
    truth = np.zeros((len(examples), len(OUTPUTS)), dtype=bool)
    for row, example in enumerate(examples):
        for label in example.labels:
            truth[row, LABELS.index(label)] = True
        truth[row, URGENT_COLUMN] = example.urgent
        truth[row, CONCERN_COLUMN] = bool(example.labels)
    return truth


# Targets beyond the outputs: "is anything here serious?", for the serious gate.
_SERIOUS_TARGET = len(OUTPUTS)


# The column mask the urgent heads may be fitted without.
_FUNCTION_WORDS = "function_words"


def _problem(features: sp.csr_matrix, truth: BoolArray, space: FeatureSpace) -> Problem:
    """Return the fitting problem for ``features`` (in ``space``) and their outputs' ``truth``.

    The label conditional heads see only the rows that carry a label, the
    urgent conditional head only the serious rows (a label or urgent).
    """
    labelled = truth[:, CONCERN_COLUMN]
    serious = labelled | truth[:, URGENT_COLUMN]
    return Problem(
        features=features,
        targets=np.column_stack([truth, serious]),
        subsets={"labelled": labelled, "serious": serious},
        hidden={_FUNCTION_WORDS: space.function_word_columns()},
    )


def _head_tasks(problem: int, params: TrainingParams, tolerance: float) -> list[HeadTask]:
    """Return the tasks for every head of :data:`~classifiers.model.HEADS`, in its order."""
    strength = [params.regularisation] * len(OUTPUTS)
    strength[URGENT_COLUMN] = params.urgent_regularisation
    # The urgent heads must find danger in what the words say, not in their grammar.
    urgent_hide = _FUNCTION_WORDS if params.urgent_without_function_words else None
    return [
        *(
            HeadTask(
                problem,
                output,
                strength[output],
                tolerance,
                hide=urgent_hide if output == URGENT_COLUMN else None,
            )
            for output in range(len(OUTPUTS))
        ),
        *(
            HeadTask(problem, label, params.regularisation, tolerance, "labelled")
            for label in range(len(LABELS))
        ),
        HeadTask(problem, _SERIOUS_TARGET, params.regularisation, tolerance),
        HeadTask(
            problem,
            URGENT_COLUMN,
            params.urgent_regularisation,
            tolerance,
            "serious",
            hide=urgent_hide,
        ),
    ]


def _fit_problems(
    problems: Sequence[Problem],
    tolerances: Sequence[float],
    params: TrainingParams,
    workers: int,
    progress: Progress | None,
) -> list[tuple[FloatArray, FloatArray]]:
    """Fit every head on each problem, to that problem's tolerance; return each one's weights."""
    tasks = [
        task
        for number, tolerance in enumerate(tolerances)
        for task in _head_tasks(number, params, tolerance)
    ]

    def report(done: int, total: int) -> None:
        if progress:
            progress(f"fitting {len(HEADS)} heads x {len(problems)}", done, total)

    heads = fit_heads(problems, tasks, params, workers=workers, progress=report)
    fitted = []
    for number in range(len(problems)):
        own = heads[number * len(HEADS) : (number + 1) * len(HEADS)]
        fitted.append(
            (
                np.column_stack([head.weights for head in own]),
                np.array([head.intercept for head in own]),
            )
        )
    return fitted


def scores_of(features: sp.csr_matrix, weights: FloatArray, intercepts: FloatArray) -> FloatArray:
    """Return the probability of each output for each row of ``features``.

    A label's score is the mean of its own head and the concern gate times its
    conditional head: both must lean towards the label for a high score. The
    urgent score is the mean of the urgent head and the serious gate times the
    urgent conditional head.
    """
    logits = np.asarray(features @ weights) + intercepts
    heads = 1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0)))
    scores: FloatArray = heads[:, : len(OUTPUTS)].copy()
    gate = heads[:, CONCERN_COLUMN, np.newaxis]
    scores[:, : len(LABELS)] += gate * heads[:, LABEL_CONDITIONAL_COLUMNS]
    scores[:, : len(LABELS)] /= 2.0
    scores[:, URGENT_COLUMN] += heads[:, SERIOUS_HEAD] * heads[:, URGENT_CONDITIONAL_HEAD]
    scores[:, URGENT_COLUMN] /= 2.0
    return scores


def out_of_fold_scores(
    analyses: Sequence[Analysis],
    truth: BoolArray,
    params: TrainingParams,
    progress: Progress | None = None,
    *,
    always_fitted: tuple[Sequence[Analysis], BoolArray] | None = None,
    workers: int = 1,
) -> FloatArray:
    """Score every example with a model fitted on the other folds.

    ``always_fitted`` (analyses and their truth) join the fitting side of every
    fold and are never scored: the way to ask whether new examples help, scored
    on the examples that were there before.
    """
    extra_analyses, extra_truth = always_fitted or ([], np.zeros((0, truth.shape[1]), dtype=bool))
    every_term, counts = FeatureSpace.with_every_term(params.features, [*analyses, *extra_analyses])
    folds = _folds(every_term, counts, np.vstack([truth, extra_truth]), len(analyses), params)
    fitted = _fit_problems(
        [fold.problem for fold in folds],
        [params.fold_tolerance] * len(folds),
        params,
        workers,
        progress,
    )
    return _out_of_fold(folds, fitted, len(analyses), truth.shape[1])


@dataclass(frozen=True)
class _Fold:
    """One fold: the problem fitted on the other folds, and its held-out rows' features."""

    problem: Problem
    held_rows: npt.NDArray[np.intp]
    held: sp.csr_matrix


def _folds(
    every_term: FeatureSpace,
    counts: sp.csr_matrix,
    truth: BoolArray,
    scored: int,
    params: TrainingParams,
) -> list[_Fold]:
    """Split the first ``scored`` rows of ``counts`` into folds; later rows are always fitted.

    Each fold has its own space (vocabulary and IDF) from its fitting rows alone.
    """
    from sklearn.model_selection import KFold

    always = np.arange(scored, counts.shape[0])
    folds = KFold(n_splits=params.folds, shuffle=True, random_state=params.seed)
    made = []
    for fit_rows, held_rows in folds.split(np.arange(scored)):
        fitted = np.concatenate([fit_rows, always])
        space, columns = every_term.subspace(params.features, counts, fitted)
        made.append(
            _Fold(
                problem=_problem(space.weigh(counts[fitted][:, columns]), truth[fitted], space),
                held_rows=held_rows,
                held=space.weigh(counts[held_rows][:, columns]),
            )
        )
    return made


def _out_of_fold(
    folds: Sequence[_Fold],
    fitted: Sequence[tuple[FloatArray, FloatArray]],
    scored: int,
    outputs: int,
) -> FloatArray:
    """Score each fold's held-out rows with the heads fitted on the other folds."""
    scores = np.zeros((scored, outputs))
    for fold, (weights, intercepts) in zip(folds, fitted, strict=True):
        scores[fold.held_rows] = scores_of(fold.held, weights, intercepts)
    return scores


def choose_thresholds(
    scores: FloatArray, truth: BoolArray, rule_hits: BoolArray, params: TrainingParams
) -> FloatArray:
    """Pick each output's threshold on out-of-fold ``scores``."""
    chosen = np.empty(len(OUTPUTS))
    for output, name in enumerate(OUTPUTS):
        column_scores, column_truth = scores[:, output], truth[:, output]
        if name == URGENT:
            # Items the rules already make urgent need no help from the threshold.
            if params.urgent_rules_decide:
                column_truth = column_truth & ~rule_hits
            chosen[output] = thresholds.for_recall_with_floor(
                column_scores,
                column_truth,
                params.urgent_recall_target,
                params.urgent_precision_floor,
            )
        elif name == CONCERN:
            chosen[output] = (
                thresholds.for_recall(column_scores, column_truth, params.concern_recall_target)
                if params.concern_recall_target > 0
                else 0.0
            )
        elif name in HIGH_SEVERITY:
            chosen[output] = thresholds.for_recall_with_floor(
                column_scores, column_truth, params.high_recall_target, params.high_precision_floor
            )
        else:
            chosen[output] = thresholds.for_f1(column_scores, column_truth)
    return chosen


def decide(
    scores: FloatArray,
    chosen: FloatArray,
    rule_hits: BoolArray,
    denied: BoolArray,
    params: TrainingParams,
) -> BoolArray:
    """Return the flags that ``scores``, the urgent rules, the veto and the gate give.

    Labels need their own threshold and the concern gate's; urgency does not
    pass through the gate, because an urgent report that the gate doubted must
    still reach the top of the queue.
    """
    flags = scores >= chosen
    labels = flags[:, : len(LABELS)]
    labels &= ~(denied & (scores[:, : len(LABELS)] < params.negation_veto_below))
    labels &= flags[:, CONCERN_COLUMN, np.newaxis]
    if params.urgent_rules_decide:
        flags[:, URGENT_COLUMN] |= rule_hits
    return flags


def train(
    examples: Sequence[Example],
    params: TrainingParams | None = None,
    *,
    extra_examples: int = 0,
    progress: Progress | None = None,
    workers: int = 1,
) -> ModelState:
    """Train a model on ``examples``; ``extra_examples`` of them came from ``--extra``.

    ``workers`` processes read the texts and fit the heads side by side (see
    :mod:`classifiers.corpus_reading` and :mod:`classifiers.head_fitting`);
    the model is the same, bit for bit, whatever their number.
    """
    params = params or TrainingParams()
    ordered = _canonical(examples)
    if len(ordered) < params.folds * 2:
        raise TrainingError(f"need at least {params.folds * 2} examples, got {len(ordered)}")

    def report_reading(done: int, total: int) -> None:
        if progress:
            progress("reading", done, total)

    # Every text is read once; each fold and the final model take their spaces from these counts.
    reading = read_corpus(
        [example.text for example in ordered],
        params.features,
        workers=workers,
        progress=report_reading,
    )
    truth = truth_matrix(ordered)
    every_term, counts = reading.space, reading.counts
    folds = _folds(every_term, counts, truth, len(ordered), params)
    space, columns = every_term.subspace(params.features, counts, np.arange(len(ordered)))
    final = _problem(space.weigh(counts[:, columns]), truth, space)
    # The folds' heads and the final model's are fitted together, so that the
    # workers, when there are several, are kept busy until the last fit.
    *fold_heads, (weights, intercepts) = _fit_problems(
        [*(fold.problem for fold in folds), final],
        [*(params.fold_tolerance for _ in folds), params.tolerance],
        params,
        workers,
        progress,
    )
    oof = _out_of_fold(folds, fold_heads, len(ordered), len(OUTPUTS))
    chosen = choose_thresholds(oof, truth, reading.rule_hits, params)
    flags = decide(oof, chosen, reading.rule_hits, reading.denied, params)
    summaries = []
    for output, name in enumerate(OUTPUTS):
        precision, recall = thresholds.precision_recall(flags[:, output], truth[:, output])
        summaries.append(
            OutputSummary(
                output=name,
                positives=int(truth[:, output].sum()),
                threshold=float(chosen[output]),
                precision=precision,
                recall=recall,
            )
        )
    return ModelState(
        version=model_version(examples, params),
        params=params,
        space=space,
        weights=weights,
        intercepts=intercepts,
        thresholds=chosen,
        summary=TrainingSummary(
            examples=len(ordered), extra_examples=extra_examples, outputs=tuple(summaries)
        ),
    )
