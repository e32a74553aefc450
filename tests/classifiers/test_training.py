from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
import scipy.sparse as sp

from classifiers import corpus
from classifiers.corpus import Example
from classifiers.features import analyse
from classifiers.model import (
    CONCERN_COLUMN,
    HEADS,
    OUTPUTS,
    SERIOUS_HEAD,
    URGENT_COLUMN,
    URGENT_CONDITIONAL_HEAD,
    TrainingParams,
)
from classifiers.taxonomy import LABELS
from classifiers.training import (
    TrainingError,
    decide,
    model_version,
    out_of_fold_scores,
    scores_of,
    train,
    truth_matrix,
)

EXAMPLES = [
    Example("they held me down on the floor", ("restraint",)),
    Example("the food was lovely"),
    Example("locked in the seclusion room for a day", ("seclusion",)),
]


# Enough for the folds: two labels in plain words, and praise that alone says "lovely".
HOLDS_SECLUSION_AND_LOVELY_PRAISE = [
    Example("they held me down on the floor", ("restraint",)),
    Example("four staff pinned me down", ("restraint",)),
    Example("held down for the injection", ("restraint",)),
    Example("locked in seclusion all night", ("seclusion",)),
    Example("left alone in seclusion for hours", ("seclusion",)),
    Example("seclusion room again", ("seclusion",)),
    Example("lovely garden and lovely staff"),
    Example("the food was lovely"),
    Example("lovely groups on a monday"),
    Example("a lovely quiet ward"),
]


def test_version_depends_on_the_data() -> None:
    changed = [*EXAMPLES[:2], Example("locked in the quiet room for a day", ("seclusion",))]
    relabelled = [*EXAMPLES[:2], Example(EXAMPLES[2].text, ("seclusion", "neglect"))]
    versions = {model_version(e, TrainingParams()) for e in (EXAMPLES, changed, relabelled)}
    assert len(versions) == 3
    assert all(v.startswith("rc-") and len(v) == 15 for v in versions)


def test_version_ignores_order_but_not_parameters() -> None:
    params = TrainingParams()
    assert model_version(EXAMPLES, params) == model_version(EXAMPLES[::-1], params)
    assert model_version(EXAMPLES, params) != model_version(
        EXAMPLES, TrainingParams(regularisation=1.0)
    )


def test_too_few_examples_is_an_error() -> None:
    with pytest.raises(TrainingError, match="at least"):
        train(EXAMPLES)


def _one_row(
    label_score: float, urgent_score: float, concern_score: float
) -> npt.NDArray[np.float64]:
    scores = np.zeros((1, len(OUTPUTS)))
    scores[0, LABELS.index("restraint")] = label_score
    scores[0, URGENT_COLUMN] = urgent_score
    scores[0, CONCERN_COLUMN] = concern_score
    return scores


def test_labels_need_the_concern_gate_but_urgency_does_not() -> None:
    chosen = np.full(len(OUTPUTS), 0.5)
    no_rules = np.zeros(1, dtype=bool)
    no_veto = np.zeros((1, len(LABELS)), dtype=bool)
    params = TrainingParams()

    def flags(label: float, urgent: float, concern: float) -> tuple[bool, bool]:
        row = decide(_one_row(label, urgent, concern), chosen, no_rules, no_veto, params)[0]
        return bool(row[LABELS.index("restraint")]), bool(row[URGENT_COLUMN])

    assert flags(0.9, 0.9, 0.9) == (True, True)
    assert flags(0.9, 0.9, 0.1) == (False, True)  # the gate holds back the label only
    assert flags(0.1, 0.1, 0.9) == (False, False)  # the gate alone flags nothing


def test_the_concern_head_learns_any_label() -> None:
    truth = truth_matrix(
        [Example("held down", ("restraint", "abuse")), Example("lovely"), Example("help", (), True)]
    )
    assert truth[:, CONCERN_COLUMN].tolist() == [True, False, False]
    assert truth[:, URGENT_COLUMN].tolist() == [False, False, True]


def test_always_fitted_examples_teach_every_fold_and_are_never_scored() -> None:
    # "bramble" is one ward's name for its seclusion room: only the new examples teach it.
    scored = [
        Example("they locked me in the seclusion room", ("seclusion",)),
        Example("kept alone in seclusion for hours", ("seclusion",)),
        Example("seclusion again last night", ("seclusion",)),
        Example("put in seclusion for shouting", ("seclusion",)),
        Example("stuck in bramble all weekend", ("seclusion",)),
        Example("the food was lovely"),
        Example("nice garden to sit in"),
        Example("staff were kind to me"),
        Example("good groups every morning"),
        Example("clean rooms and quiet nights"),
    ]
    new = [
        Example("they shut me in bramble", ("seclusion",)),
        Example("bramble again, door locked", ("seclusion",)),
        Example("three days in bramble on my own", ("seclusion",)),
    ]
    analyses = [analyse(e.text) for e in scored]
    truth = truth_matrix(scored)
    params = TrainingParams()
    without = out_of_fold_scores(analyses, truth, params)
    with_new = out_of_fold_scores(
        analyses, truth, params, always_fitted=([analyse(e.text) for e in new], truth_matrix(new))
    )
    assert with_new.shape == without.shape == truth.shape
    seclusion = LABELS.index("seclusion")
    assert with_new[4, seclusion] > without[4, seclusion] + 0.05


def test_a_label_score_is_its_head_averaged_with_the_gate_times_its_conditional_head() -> None:
    features = sp.csr_matrix(np.ones((1, 1)))
    logits = np.zeros(len(HEADS))  # every head at probability 0.5...
    restraint = LABELS.index("restraint")
    logits[CONCERN_COLUMN] = np.log(0.8 / 0.2)  # ...but the gate at 0.8
    logits[len(OUTPUTS) + restraint] = np.log(0.9 / 0.1)  # and restraint's conditional head at 0.9
    scores = scores_of(features, np.zeros((1, len(HEADS))), logits)
    assert scores.shape == (1, len(OUTPUTS))
    assert scores[0, restraint] == pytest.approx((0.5 + 0.8 * 0.9) / 2)
    assert scores[0, LABELS.index("abuse")] == pytest.approx((0.5 + 0.8 * 0.5) / 2)
    assert scores[0, CONCERN_COLUMN] == pytest.approx(0.8)


def test_urgent_score_is_its_head_averaged_with_serious_gate_times_conditional_head() -> None:
    features = sp.csr_matrix(np.ones((1, 1)))
    logits = np.zeros(len(HEADS))  # every head at probability 0.5...
    logits[SERIOUS_HEAD] = np.log(0.1 / 0.9)  # ...but the serious gate at 0.1
    logits[URGENT_CONDITIONAL_HEAD] = np.log(0.9 / 0.1)  # and urgency given seriousness at 0.9
    scores = scores_of(features, np.zeros((1, len(HEADS))), logits)
    assert scores[0, URGENT_COLUMN] == pytest.approx((0.5 + 0.1 * 0.9) / 2)
    # The serious gate and its conditional head touch no label.
    assert scores[0, LABELS.index("restraint")] == pytest.approx((0.5 + 0.5 * 0.5) / 2)


def test_conditional_heads_learn_only_from_labelled_examples() -> None:
    examples = HOLDS_SECLUSION_AND_LOVELY_PRAISE
    state = train(examples)
    lovely = state.space.word_offset + state.space.word_names.index("lovely")
    restraint = LABELS.index("restraint")
    # Only ordinary examples say "lovely": the label's own head learns from it, its
    # conditional head never sees it.
    assert state.weights[lovely, restraint] < 0
    assert state.weights[lovely, len(OUTPUTS) + restraint] == 0
    held = state.space.word_offset + state.space.word_names.index("held")
    assert state.weights[held, len(OUTPUTS) + restraint] > 0


def test_the_urgent_conditional_head_learns_only_from_serious_examples() -> None:
    examples = [
        Example("they held me down on the floor last month", ("restraint",)),
        Example("locked in seclusion all night in the spring", ("seclusion",)),
        Example("he hit me on the ward two years ago", ("abuse",)),
        Example("tonight I will end it, the pills are here", urgent=True),
        Example("he hits me every night and he is on shift tonight", ("abuse",), urgent=True),
        Example("I am on the bridge now tonight", urgent=True),
        Example("lovely garden and lovely staff"),
        Example("the food was lovely"),
        Example("lovely groups on a monday"),
        Example("a lovely quiet ward"),
    ]
    state = train(examples)
    lovely = state.space.word_offset + state.space.word_names.index("lovely")
    tonight = state.space.word_offset + state.space.word_names.index("tonight")
    # Only ordinary examples say "lovely": the serious gate learns from it, the
    # urgent conditional head never sees it; "tonight" tells it urgent from past.
    assert state.weights[lovely, SERIOUS_HEAD] < 0
    assert state.weights[lovely, URGENT_CONDITIONAL_HEAD] == 0
    assert state.weights[tonight, URGENT_CONDITIONAL_HEAD] > 0


def test_the_same_examples_and_parameters_give_the_same_weights() -> None:
    examples = HOLDS_SECLUSION_AND_LOVELY_PRAISE
    first = train(examples)
    np.random.seed(7)  # the solver must not depend on numpy's global random state
    second = train(examples[::-1])
    assert first.version == second.version
    assert np.array_equal(first.weights, second.weights)
    assert np.array_equal(first.thresholds, second.thresholds)


def test_two_workers_train_the_same_model_as_one() -> None:
    examples = HOLDS_SECLUSION_AND_LOVELY_PRAISE
    alone, together = train(examples), train(examples, workers=2)
    assert together.version == alone.version
    assert np.array_equal(together.weights, alone.weights)
    assert np.array_equal(together.intercepts, alone.intercepts)
    assert np.array_equal(together.thresholds, alone.thresholds)
    assert together.summary == alone.summary


def test_training_reports_each_stage_until_its_end() -> None:
    reports: list[tuple[str, int, int]] = []
    train(
        HOLDS_SECLUSION_AND_LOVELY_PRAISE,
        progress=lambda stage, done, total: reports.append((stage, done, total)),
    )
    stages = list(dict.fromkeys(stage for stage, _, _ in reports))
    folds = TrainingParams().folds
    fitting = f"fitting {len(HEADS)} heads x {folds + 1}"
    assert stages == ["reading", fitting]
    last = {stage: (done, total) for stage, done, total in reports}
    assert last["reading"] == (10, 10)
    assert last[fitting] == (len(HEADS) * (folds + 1),) * 2


def test_the_fold_tolerance_moves_only_what_the_folds_decide() -> None:
    # A tenth of the real corpus: big enough that the solver stops at different points.
    examples = corpus.read_train()[::10]
    loose, tight = TrainingParams(fold_tolerance=2.0), TrainingParams(fold_tolerance=0.3)
    analyses = [analyse(e.text) for e in examples]
    truth = truth_matrix(examples)
    assert not np.array_equal(
        out_of_fold_scores(analyses, truth, loose), out_of_fold_scores(analyses, truth, tight)
    )
    first, second = train(examples, loose), train(examples, tight)
    assert first.version != second.version
    # The final heads are fitted to the same tolerance, so they are the same bit for bit;
    # only the thresholds, placed on the folds' scores, may move.
    assert np.array_equal(first.weights, second.weights)
    assert np.array_equal(first.intercepts, second.intercepts)
    assert not np.array_equal(first.thresholds, second.thresholds)
