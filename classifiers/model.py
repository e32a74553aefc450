"""The trained model: a feature space, linear heads, a threshold per output.

This is the whole state that is saved and loaded; :mod:`classifiers.prediction`
reads it, :mod:`classifiers.training` makes it and :mod:`classifiers.persistence`
stores it.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec
import numpy as np
import numpy.typing as npt

from classifiers.features import FeatureConfig, FeatureSpace
from classifiers.taxonomy import LABELS

URGENT = "urgent"
# "Is anything here a rights concern at all?": a head trained on every labelled
# example against every ordinary one, with five to ten times the positives of
# any one label. A label is flagged only when this gate agrees, which stops a
# label head firing on praise that merely names a practice.
CONCERN = "concern"
# The model's outputs: one per label, the urgent-risk head, the concern gate.
OUTPUTS: tuple[str, ...] = (*LABELS, URGENT, CONCERN)
URGENT_COLUMN = OUTPUTS.index(URGENT)
CONCERN_COLUMN = OUTPUTS.index(CONCERN)
# The linear heads behind the outputs: one per output, fitted on every example,
# then one per label fitted on the labelled examples alone ("which concern,
# given that it is one?"). Most of a high-severity head's false flags are
# reports of another concern, not ordinary feedback; the conditional head
# spends all its weight on telling concerns apart. A label's score is the mean
# of its own head and the gate times its conditional head (see
# :func:`classifiers.training.scores_of`).
CONDITIONAL = "given concern"
# Urgency has a gate and a conditional head of its own: "is anything here
# serious (a concern or a danger)?" over every example, and "is it urgent, given
# that it is serious?" over the serious ones. The urgent threshold has to reach
# the quietest urgent report, so without them praise in present-tense words
# ("keep doing what you're doing") crossed it; the urgent score is the mean of
# the urgent head and the serious gate times its conditional head.
SERIOUS = "serious"
URGENT_GIVEN_SERIOUS = "urgent given serious"
HEADS: tuple[str, ...] = (
    *OUTPUTS,
    *(f"{label} {CONDITIONAL}" for label in LABELS),
    SERIOUS,
    URGENT_GIVEN_SERIOUS,
)
# Where each group of heads sits among the columns of the weight matrix.
LABEL_CONDITIONAL_COLUMNS = slice(len(OUTPUTS), len(OUTPUTS) + len(LABELS))
SERIOUS_HEAD = HEADS.index(SERIOUS)
URGENT_CONDITIONAL_HEAD = HEADS.index(URGENT_GIVEN_SERIOUS)


class TrainingParams(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Everything besides the data that decides the trained model; part of its version."""

    features: FeatureConfig = FeatureConfig()
    regularisation: float = 30.0
    urgent_regularisation: float = 3.0
    # The urgent heads are fitted without word n-grams made only of function
    # words ("i have", "has been"): see classifiers/function_words.py.
    urgent_without_function_words: bool = True
    # Solver tolerance: out of fold, 0.3 gives the same macro-F1 and average
    # precision as 1e-3 to four decimals, in well under half the time.
    tolerance: float = 0.3
    # The folds' heads only score held-out examples to place the thresholds, so
    # they stop sooner: at 2.0 against 0.3, training took 47.5 to 51.1 s instead
    # of 63.8 to 65.1 (one core, in turn), the final weights are the same, and
    # no figure of bench/compare_models.py moved beyond its noise on the test split.
    fold_tolerance: float = 2.0
    balanced: bool = True
    # Three folds: on 30,944 examples the test split's figures were the same as
    # with four and five to within noise (macro-F1 0.812, 0.809, 0.805; high-
    # severity reports missed 30, 30, 29), and each fold fewer saves about a
    # fifth of training (56.9 s against 45.7 s, one core, same process).
    folds: int = 3
    seed: int = 20240601
    high_recall_target: float = 0.97
    high_precision_floor: float = 0.6
    urgent_recall_target: float = 1.0
    urgent_precision_floor: float = 0.2
    urgent_rules_decide: bool = True
    # The concern gate's threshold keeps this share of labelled examples (0 turns it off).
    concern_recall_target: float = 0.99
    # A label whose phrase matches are all negated or hypothetical is not flagged
    # unless its score reaches this (0 turns the veto off).
    negation_veto_below: float = 0.5


class OutputSummary(msgspec.Struct, frozen=True):
    """Out-of-fold figures for one output, measured while training."""

    output: str
    positives: int
    threshold: float
    precision: float
    recall: float


class TrainingSummary(msgspec.Struct, frozen=True):
    """What the model was trained on and how it did on out-of-fold predictions."""

    examples: int
    extra_examples: int
    outputs: tuple[OutputSummary, ...]


@dataclass(frozen=True)
class ModelState:
    """A trained rights classifier, ready to score text."""

    version: str
    params: TrainingParams
    space: FeatureSpace
    weights: npt.NDArray[np.float64]  # (features, heads)
    intercepts: npt.NDArray[np.float64]  # (heads,)
    thresholds: npt.NDArray[np.float64]  # (outputs,)
    summary: TrainingSummary
