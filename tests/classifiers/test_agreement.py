"""The second labeller's file: matched to corpus texts by digest, scored like a model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifiers import agreement, corpus
from classifiers.agreement import AgreementError
from classifiers.corpus import Example
from classifiers.evaluation import evaluate_agreement
from classifiers.prediction import RightsClassifier

GOLD = [
    Example("they held me down on the floor", ("restraint",), False),
    Example("locked in the quiet room all night", ("seclusion",), False),
    Example("the food is lovely", (), False),
    Example("he is on shift again tomorrow and he hits me", ("abuse",), True),
]


def _second(path: Path, rows: list[tuple[str, str, list[str], bool]]) -> Path:
    path.write_text(
        "".join(
            json.dumps(
                {
                    "split": split,
                    "text_digest": agreement.text_digest(text),
                    "labels": labels,
                    "urgent": urgent,
                }
            )
            + "\n"
            for split, text, labels, urgent in rows
        ),
        encoding="utf-8",
    )
    return path


def test_pairs_by_digest_and_scores_disagreement(
    tmp_path: Path, classifier: RightsClassifier
) -> None:
    path = _second(
        tmp_path / "second.jsonl",
        [
            ("test", GOLD[0].text, ["restraint"], False),
            ("test", GOLD[1].text, [], False),  # missed the seclusion
            ("test", GOLD[2].text, [], False),
            ("test", GOLD[3].text, ["abuse"], True),
            ("train", GOLD[0].text, ["restraint"], False),
        ],
    )
    second = agreement.read_second_labels(path)
    reports = evaluate_agreement(classifier, second, {"test": GOLD, "train": GOLD[:1]})

    test, train = reports
    assert (test.split, test.items, train.split, train.items) == ("test", 4, "train", 1)
    by_label = {f.label: f for f in test.second_labeller.labels}
    assert by_label["restraint"].f1 == 1.0
    assert by_label["seclusion"].recall == 0.0
    assert test.second_labeller.urgent.recall == 1.0
    assert test.model is not None
    assert test.model.examples == 4
    assert train.model is None  # the model was trained on those texts


def test_an_edited_corpus_text_is_an_error(tmp_path: Path, classifier: RightsClassifier) -> None:
    path = _second(tmp_path / "second.jsonl", [("test", "a text no longer there", [], False)])
    with pytest.raises(AgreementError, match="matches no text"):
        evaluate_agreement(classifier, agreement.read_second_labels(path), {"test": GOLD})


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"split": "test", "text_digest": "ab", "labels": ["restrained"], "urgent": false}',
            "unknown labels",
        ),
        ('{"split": "dev", "text_digest": "ab", "labels": [], "urgent": false}', "split"),
        ('{"split": "test", "labels": [], "urgent": false}', "text_digest"),
    ],
)
def test_bad_lines_name_the_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "second.jsonl"
    path.write_text("\n" + line + "\n", encoding="utf-8")
    with pytest.raises(AgreementError, match=rf"second.jsonl:2: .*{message}"):
        agreement.read_second_labels(path)


def test_the_shipped_file_matches_the_corpus() -> None:
    second = agreement.read_second_labels()
    for split, examples in (("test", corpus.read_test()), ("train", corpus.read_train())):
        gold, again = agreement.paired(second, split, examples)
        assert len(gold) == len(again) == 300
