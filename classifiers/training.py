"""Training: features, one logistic regression per output, thresholds, version.

Thresholds are chosen on out-of-fold predictions: the training examples are
split into folds, each fold is scored by a model (vocabulary included) fitted
on the others, and every threshold is picked on those honest scores. The final
model is then fitted on everything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import msgspec
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from classifiers import phrases, thresholds, urgency
from classifiers.corpus import Example
from classifiers.features import Analysis, FeatureSpace, analyse
from classifiers.model import (
    CONCERN,
    CONCERN_COLUMN,
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


def _fit_heads(
    features: sp.csr_matrix, truth: BoolArray, params: TrainingParams
) -> tuple[FloatArray, FloatArray]:
    """Fit every head of :data:`~classifiers.model.HEADS` on ``features``.

    The output heads and the serious gate see every row; the label conditional
    heads only the rows that carry a label, the urgent one only the serious rows.
    """
    labelled = truth[:, CONCERN_COLUMN]
    serious = labelled | truth[:, URGENT_COLUMN]
    strength = [params.regularisation] * len(OUTPUTS)
    strength[URGENT_COLUMN] = params.urgent_regularisation
    parts = [
        _fit_columns(features, truth, strength, params),
        _fit_columns(
            features[labelled],
            truth[labelled][:, : len(LABELS)],
            [params.regularisation] * len(LABELS),
            params,
        ),
        _fit_columns(features, serious[:, np.newaxis], [params.regularisation], params),
        _fit_columns(
            features[serious],
            truth[serious][:, [URGENT_COLUMN]],
            [params.urgent_regularisation],
            params,
        ),
    ]
    return (
        np.hstack([weights for weights, _ in parts]),
        np.concatenate([intercepts for _, intercepts in parts]),
    )


def _fit_columns(
    features: sp.csr_matrix,
    truth: BoolArray,
    strength: Sequence[float],
    params: TrainingParams,
) -> tuple[FloatArray, FloatArray]:
    """Fit one logistic regression per column of ``truth``, with C from ``strength``."""
    # Imported here: scikit-learn is slow to import and only training needs it.
    from sklearn.linear_model import LogisticRegression

    weights = np.zeros((features.shape[1], truth.shape[1]))
    intercepts = np.full(truth.shape[1], -10.0)
    for output in range(truth.shape[1]):
        column = truth[:, output]
        if column.all() or not column.any():
            continue
        head = LogisticRegression(
            C=strength[output],
            solver="liblinear",
            # The dual problem is the faster one when features outnumber examples.
            dual=True,
            tol=params.tolerance,
            # The dual solver visits examples in a random order: seeded, the same
            # examples and parameters give the same weights.
            random_state=params.seed,
            class_weight="balanced" if params.balanced else None,
            max_iter=1000,
        )
        head.fit(features, column)
        weights[:, output] = head.coef_[0]
        intercepts[output] = head.intercept_[0]
    return weights, intercepts


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


def urgent_rule_hits(analyses: Sequence[Analysis]) -> BoolArray:
    """Return, for each analysis, whether an urgent-risk rule affirmed a match."""
    return np.array([any(m.decisive for m in a.urgent) for a in analyses], dtype=bool)


def out_of_fold_scores(
    analyses: Sequence[Analysis],
    truth: BoolArray,
    params: TrainingParams,
    progress: Progress | None = None,
    *,
    always_fitted: tuple[Sequence[Analysis], BoolArray] | None = None,
) -> FloatArray:
    """Score every example with a model fitted on the other folds.

    ``always_fitted`` (analyses and their truth) join the fitting side of every
    fold and are never scored: the way to ask whether new examples help, scored
    on the examples that were there before.
    """
    extra_analyses, extra_truth = always_fitted or ([], np.zeros((0, truth.shape[1]), dtype=bool))
    every_term, counts = FeatureSpace.with_every_term(params.features, [*analyses, *extra_analyses])
    return _out_of_fold(
        every_term, counts, np.vstack([truth, extra_truth]), len(analyses), params, progress
    )


def _out_of_fold(
    every_term: FeatureSpace,
    counts: sp.csr_matrix,
    truth: BoolArray,
    scored: int,
    params: TrainingParams,
    progress: Progress | None,
) -> FloatArray:
    """Score the first ``scored`` rows of ``counts`` out of fold; later rows are always fitted."""
    from sklearn.model_selection import KFold

    scores = np.zeros((scored, truth.shape[1]))
    always = np.arange(scored, counts.shape[0])
    folds = KFold(n_splits=params.folds, shuffle=True, random_state=params.seed)
    for number, (fit_rows, held_rows) in enumerate(folds.split(np.arange(scored))):
        if progress:
            progress(f"fold {number + 1} of {params.folds}", number, params.folds + 1)
        fitted = np.concatenate([fit_rows, always])
        space, columns = every_term.subspace(params.features, counts, fitted)
        weights, intercepts = _fit_heads(
            space.weigh(counts[fitted][:, columns]), truth[fitted], params
        )
        held = space.weigh(counts[held_rows][:, columns])
        scores[held_rows] = scores_of(held, weights, intercepts)
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


def vetoes(analyses: Sequence[Analysis]) -> BoolArray:
    """Return, per analysis and label, whether its phrase matches only deny the label."""
    denied = np.zeros((len(analyses), len(LABELS)), dtype=bool)
    for row, analysis in enumerate(analyses):
        for label in phrases.denied_labels(analysis.phrases):
            denied[row, LABELS.index(label)] = True
    return denied


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
) -> ModelState:
    """Train a model on ``examples``; ``extra_examples`` of them came from ``--extra``."""
    params = params or TrainingParams()
    ordered = _canonical(examples)
    if len(ordered) < params.folds * 2:
        raise TrainingError(f"need at least {params.folds * 2} examples, got {len(ordered)}")
    analyses = [analyse(example.text) for example in ordered]
    truth = truth_matrix(ordered)
    rule_hits = urgent_rule_hits(analyses)
    # Every text is read once; each fold and the final model take their spaces from these counts.
    every_term, counts = FeatureSpace.with_every_term(params.features, analyses)
    oof = _out_of_fold(every_term, counts, truth, len(analyses), params, progress)
    chosen = choose_thresholds(oof, truth, rule_hits, params)
    flags = decide(oof, chosen, rule_hits, vetoes(analyses), params)
    if progress:
        progress("final model", params.folds, params.folds + 1)
    space, columns = every_term.subspace(params.features, counts, np.arange(len(analyses)))
    weights, intercepts = _fit_heads(space.weigh(counts[:, columns]), truth, params)
    if progress:
        progress("done", params.folds + 1, params.folds + 1)
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
