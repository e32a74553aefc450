from __future__ import annotations

from pathlib import Path

import pytest

from classifiers import Prediction
from classifiers.corpus import Example
from classifiers.evaluation import positive_comments, score_examples


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


def test_positive_comments_follow_each_files_own_marking(tmp_path: Path) -> None:
    (tmp_path / "nhs_feedback_phase1.csv").write_text(
        "feedback,criticality\nlovely,3\nawful,-2\n,4\n", encoding="utf-8"
    )
    (tmp_path / "nhs_feedback_v6.csv").write_text(
        "FFT answer,Comment sentiment\ngreat,1\ngood,2\nbad,5\n", encoding="utf-8"
    )
    selected = {name: texts for name, _, texts in positive_comments(tmp_path)}
    assert selected == {
        "nhs_feedback_phase1.csv": ["lovely"],
        "nhs_feedback_v6.csv": ["great", "good"],
    }


@pytest.mark.parametrize("missing", ["nowhere"])
def test_missing_shared_folder_gives_nothing(tmp_path: Path, missing: str) -> None:
    assert list(positive_comments(tmp_path / missing)) == []
