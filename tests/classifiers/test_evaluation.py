from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from classifiers import LABELS, Prediction
from classifiers.agreement import text_digest
from classifiers.corpus import Example
from classifiers.evaluation import evaluate_real, score_examples
from classifiers.real_comments import RealLabel, is_held


def prediction(labels: tuple[str, ...], urgent: bool = False) -> Prediction:
    return Prediction(labels=labels, urgent=urgent, scores={}, evidence={}, model_version="rc-x")


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
