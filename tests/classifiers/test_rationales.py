from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import msgspec
import pytest

from classifiers.agreement import text_digest
from classifiers.corpus import Example
from classifiers.evaluation import evaluate_evidence
from classifiers.prediction import Prediction, RightsClassifier
from classifiers.rationales import (
    Rationale,
    RationaleError,
    attach,
    from_phrases,
    read_rationales,
)

TEXT = "They held me down. Staff were kind after. They held me down again."


def test_from_phrases_marks_every_occurrence() -> None:
    rationale = from_phrases(TEXT, "restraint", ["held me down"])
    assert rationale.text_digest == text_digest(TEXT)
    assert [TEXT[start:end] for start, end in rationale.spans] == ["held me down"] * 2


@pytest.mark.parametrize("phrases", [["held me dwon"], [], [""]])
def test_from_phrases_refuses_words_not_in_the_text(phrases: list[str]) -> None:
    with pytest.raises(RationaleError):
        from_phrases(TEXT, "restraint", phrases)


def _write(path: Path, rows: Sequence[object]) -> Path:
    path.write_bytes(b"\n".join(msgspec.json.encode(row) for row in rows))
    return path


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"text_digest": "ab", "label": "restrained", "spans": [[0, 4]]}, "unknown label"),
        ({"text_digest": "ab", "label": "restraint", "spans": []}, "spans"),
        ({"text_digest": "ab", "label": "restraint", "spans": [[5, 5]]}, "spans"),
        ({"text_digest": "ab", "label": "restraint"}, "spans"),
    ],
)
def test_a_bad_line_is_named(tmp_path: Path, row: dict[str, object], problem: str) -> None:
    good = {"text_digest": "ab", "label": "urgent", "spans": [[0, 4]]}
    path = _write(tmp_path / "r.jsonl", [good, row])
    with pytest.raises(RationaleError, match=rf"r\.jsonl:2: .*{problem}"):
        read_rationales(path)


def test_marks_must_still_match_the_test_text_and_its_labels() -> None:
    example = Example(text=TEXT, labels=("restraint",), urgent=False)
    marked = from_phrases(TEXT, "restraint", ["held me down"])
    assert attach([marked], [example]) == [(example, "restraint", marked.spans)]
    edited = Example(text=TEXT + " ", labels=("restraint",), urgent=False)
    with pytest.raises(RationaleError, match="edited"):
        attach([marked], [edited])
    relabelled = Example(text=TEXT, labels=("abuse",), urgent=False)
    with pytest.raises(RationaleError, match="relabelled"):
        attach([marked], [relabelled])
    too_long = Rationale(text_digest(TEXT), "restraint", ((0, len(TEXT) + 1),))
    with pytest.raises(RationaleError, match="past the end"):
        attach([too_long], [example])


class FixedPredictions:
    """Returns the same prediction for every text."""

    def __init__(self, prediction: Prediction) -> None:
        self.prediction = prediction

    def predict_many(self, texts: Sequence[str]) -> list[Prediction]:
        return [self.prediction for _ in texts]


def test_evidence_is_scored_on_correct_flags_against_the_marks() -> None:
    example = Example(text=TEXT, labels=("restraint", "abuse"), urgent=False)
    marks = [
        from_phrases(TEXT, "restraint", ["held me down"]),
        from_phrases(TEXT, "abuse", ["held me down again"]),
    ]
    # Restraint is flagged with a generic word first; abuse is not flagged at all.
    prediction = Prediction(
        labels=("restraint",),
        urgent=False,
        scores={},
        evidence={"restraint": ("Staff", "held me down")},
        model_version="fixed",
    )
    report = evaluate_evidence(FixedPredictions(prediction), marks, [example])
    assert (report.texts, report.flags) == (1, 1)
    assert report.first_phrase_on_target == 0.0
    assert report.some_phrase_on_target == 1.0
    highlighted = len("Staff") + 2 * len("held me down")
    assert report.highlight_on_target == pytest.approx(2 * len("held me down") / highlighted)
    assert report.marks_highlighted == 1.0
    assert report.first_phrase_on_target_by_label == {"restraint": 0.0}


def test_the_model_highlights_the_restraint_not_the_praise(classifier: RightsClassifier) -> None:
    text = "Five of them held me down on the floor. The food was lovely though."
    example = Example(text=text, labels=("restraint",), urgent=False)
    report = evaluate_evidence(
        classifier, [from_phrases(text, "restraint", ["held me down on the floor"])], [example]
    )
    assert report.flags == 1
    assert report.first_phrase_on_target == 1.0
    phrases = classifier.predict(text).evidence["restraint"]
    assert not any("food" in phrase or "lovely" in phrase for phrase in phrases)
