from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from classifiers import LABELS, Prediction
from classifiers.agreement import text_digest
from classifiers.corpus import Example
from classifiers.evaluation import (
    HIGH_RECALL,
    MIN_REPORTS_RANKED,
    ORDINARY,
    evaluate_real,
    rank_examples,
    score_examples,
)
from classifiers.intervals import wilson
from classifiers.real_comments import RealLabel, is_held


def prediction(
    labels: tuple[str, ...], urgent: bool = False, scores: dict[str, float] | None = None
) -> Prediction:
    """A prediction whose scores are 1 for its labels and 0 for the rest, unless given."""
    every = {label: float(label in labels) for label in LABELS} | (scores or {})
    return Prediction(labels=labels, urgent=urgent, scores=every, evidence={}, model_version="rc-x")


def test_score_examples() -> None:
    examples = [
        Example("a", ("restraint",), urgent=True),
        Example("b", ("restraint", "abuse")),
        Example("c"),
        Example("d"),
    ]
    predictions = [
        prediction(("restraint",), urgent=True),
        prediction(("abuse",)),
        prediction(("restraint",)),
        prediction(()),
    ]
    report = score_examples(predictions, examples, "rc-x")
    restraint = report.labels[0]
    assert (restraint.precision, restraint.recall) == (0.5, 0.5)
    assert report.urgent.recall == 1.0
    assert report.ordinary_false_flag_rate == 0.5
    assert report.missed_high_severity == 1


def test_score_examples_says_how_sure_each_figure_is() -> None:
    # 40 texts: restraint reported on 20, flagged on 18 of them and on 2 ordinary ones.
    examples = [Example(f"r{i}", ("restraint",)) for i in range(20)] + [
        Example(f"o{i}") for i in range(20)
    ]
    predictions = [prediction(("restraint",) if i < 18 else ()) for i in range(20)] + [
        prediction(("restraint",) if i < 2 else ()) for i in range(20)
    ]
    report = score_examples(predictions, examples, "rc-x")
    restraint = report.labels[0]
    assert restraint.precision_interval == pytest.approx(wilson(18, 20))
    assert restraint.recall_interval == pytest.approx(wilson(18, 20))
    assert report.ordinary_false_flag_interval == pytest.approx(wilson(2, 20))
    low, high = report.macro_f1_interval
    assert low < report.macro_f1 < high
    # The nine labels nobody reported or flagged are right in every draw: only restraint moves.
    assert low > 0.9
    (p_low, p_high), (r_low, r_high) = (
        report.pooled_precision_interval,
        report.pooled_recall_interval,
    )
    assert p_low < 0.9 < p_high
    assert r_low < 0.9 < r_high


def test_wrong_flags_are_counted_against_what_each_text_reports() -> None:
    examples = [
        Example("a", ("abuse", "neglect")),
        Example("b"),
        Example("c", ("neglect",)),
        Example("d", ("restraint",)),
    ]
    predictions = [
        prediction(("restraint",)),  # wrong on a text reporting two concerns: counted for each
        prediction(("restraint", "abuse")),
        prediction(("restraint", "neglect")),  # neglect is right; restraint is not
        prediction(("restraint",)),  # right: not a wrong flag
    ]
    report = score_examples(predictions, examples, "rc-x")
    assert [(w.flagged, w.reported, w.count) for w in report.wrong_flags] == [
        ("restraint", "neglect", 2),
        ("abuse", ORDINARY, 1),
        ("restraint", "abuse", 1),
        ("restraint", ORDINARY, 1),
    ]


def test_rank_examples_reads_the_whole_ranking_not_the_flags() -> None:
    assert MIN_REPORTS_RANKED == 5
    # Five neglect reports and two ordinary comments; one report is scored
    # below both ordinary comments. No flag is set: ranking ignores thresholds.
    neglect_scores = [0.9, 0.8, 0.7, 0.6, 0.1, 0.5, 0.2]
    examples = [Example(str(i), ("neglect",)) for i in range(4)]
    examples += [Example("4", ("neglect", "abuse")), Example("5"), Example("6")]
    predictions = [prediction((), scores={"neglect": score}) for score in neglect_scores]
    predictions[4] = prediction((), scores={"neglect": 0.1, "abuse": 0.3})
    report = rank_examples(predictions, examples)
    assert report.examples == 7
    # Reports at ranks 1-4 and 7: (1 + 1 + 1 + 1 + 5/7) / 5.
    assert report.average_precision["neglect"] == pytest.approx((4 + 5 / 7) / 5)
    # Abuse has one report, ranked first: in the per-label figures, not in the mean.
    assert report.average_precision["abuse"] == 1.0
    assert "restraint" not in report.average_precision
    assert report.labels_ranked == 1
    assert report.macro_average_precision == pytest.approx((4 + 5 / 7) / 5)
    # By highest label score the abuse report (0.3) rises above one ordinary comment (0.2).
    assert report.any_concern_average_precision == pytest.approx((4 + 5 / 6) / 5)
    # Reaching the last neglect report (0.1) takes every comment; abuse's one report is first.
    assert HIGH_RECALL == 0.95
    assert report.precision_at_high_recall == {"abuse": 1.0, "neglect": pytest.approx(5 / 7)}


def test_rank_examples_with_nothing_reported() -> None:
    report = rank_examples([prediction(())], [Example("fine")])
    assert report.average_precision == {}
    assert (report.labels_ranked, report.macro_average_precision) == (0, 0.0)
    assert report.any_concern_average_precision == 0.0
    assert report.precision_at_high_recall == {}


class ByWord:
    """A stand-in model: flags a label when its name is in the text."""

    def predict_many(self, texts: Sequence[str]) -> list[Prediction]:
        return [prediction(tuple(label for label in LABELS if label in text)) for text in texts]


def test_evaluate_real_scores_each_half_and_each_reading(tmp_path: Path) -> None:
    comments = ["abuse on the ward", "neglect and abuse", "all fine", "neglect here", "nice"]
    (tmp_path / "nhs_feedback_v6.csv").write_text(
        "FFT answer\n" + "\n".join(comments) + "\n", encoding="utf-8"
    )
    truth = {
        "abuse on the ward": ("abuse",),
        "neglect and abuse": ("neglect",),
        "all fine": (),
        "neglect here": (),
        "nice": (),
    }

    def label(text: str, labels: tuple[str, ...]) -> RealLabel:
        return RealLabel("nhs_feedback_v6.csv", text_digest(text), labels, False)

    agreed = [label(text, labels) for text, labels in truth.items()]
    gone = label("no longer there", ("abuse",))
    second = [label("neglect and abuse", ("neglect", "abuse")), label("nice", ())]
    readings = {"first": agreed, "second": second, "lost": [gone]}
    report = evaluate_real(ByWord(), "rc-x", [*agreed, gone], tmp_path, readings)
    assert report is not None
    assert (report.labelled, report.missing, report.whole.examples) == (6, 1, 5)
    assert report.looked_at.examples + report.held.examples == 5
    assert report.held.examples == sum(is_held(text_digest(text)) for text in truth)
    abuse = report.whole.labels[LABELS.index("abuse")]
    assert (abuse.support, abuse.flagged, abuse.true_positives) == (1, 2, 1)
    # "neglect here" is ordinary by its reader and flagged by the stand-in.
    assert (report.whole.ordinary_false_flags, report.whole.ordinary_examples) == (1, 3)
    # Ranking: the abuse report ties with a neglect report that also names abuse.
    assert report.ranking is not None
    assert report.ranking.examples == 5
    assert report.ranking.average_precision["abuse"] == 0.5
    assert report.looked_at_ranking is not None
    assert report.held_ranking is not None
    assert report.looked_at_ranking.examples + report.held_ranking.examples == 5
    # A reading of comments no longer in the shared data is left out, not scored as empty.
    assert [reading.name for reading in report.readings] == ["first", "second"]
    first, second_report = report.readings
    assert first.reader.examples == 5
    assert first.reader.macro_f1 == 1.0
    assert first.model.examples == 5
    assert second_report.reader.examples == second_report.model.examples == 2
    second_abuse = second_report.reader.labels[LABELS.index("abuse")]
    assert (second_abuse.flagged, second_abuse.support) == (1, 0)
    # The model on the same two comments: "neglect and abuse" flagged with both, "nice" clean.
    model_abuse = second_report.model.labels[LABELS.index("abuse")]
    assert (model_abuse.flagged, model_abuse.support, model_abuse.true_positives) == (1, 0, 0)


def test_evaluate_real_without_the_shared_data_gives_nothing(tmp_path: Path) -> None:
    labels = [RealLabel("nhs_feedback_v6.csv", "0" * 16, (), False)]
    assert evaluate_real(ByWord(), "rc-x", labels, tmp_path) is None
