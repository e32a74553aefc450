from __future__ import annotations

import pytest

from classifiers import LABELS, Prediction, corpus
from classifiers.corpus import Example
from classifiers.evaluation import SharedDataReport, score_examples
from classifiers.prediction import RightsClassifier
from classifiers.targets import check, issue_targets
from classifiers.taxonomy import HIGH_SEVERITY


@pytest.mark.parametrize(
    ("interval", "verdict"),
    [((0.96, 0.99), "met"), ((0.90, 0.94), "missed"), ((0.93, 0.97), "unsettled")],
)
def test_a_floor_is_met_or_missed_only_with_the_whole_interval(
    interval: tuple[float, float], verdict: str
) -> None:
    assert check("recall", "at least", 0.95, 0.95, interval).verdict == verdict


@pytest.mark.parametrize(
    ("interval", "verdict"),
    [((0.01, 0.04), "met"), ((0.07, 0.12), "missed"), ((0.03, 0.08), "unsettled")],
)
def test_a_ceiling_is_met_or_missed_only_with_the_whole_interval(
    interval: tuple[float, float], verdict: str
) -> None:
    assert check("false flags", "at most", 0.05, 0.05, interval).verdict == verdict


def test_every_urgent_report_found_is_met_whatever_the_interval() -> None:
    assert check("urgent recall", "every", 1.0, 1.0, (0.95, 1.0)).verdict == "met"
    assert check("urgent recall", "every", 1.0, 72 / 73, (0.93, 1.0)).verdict == "missed"
    # With no urgent text at all, "every one found" says nothing.
    assert check("urgent recall", "every", 1.0, 1.0, (0.0, 1.0)).verdict == "unsettled"


def _prediction(labels: tuple[str, ...], urgent: bool = False) -> Prediction:
    return Prediction(labels, urgent, {label: 0.0 for label in LABELS}, {}, "rc-x")


def test_the_issue_targets_are_checked_on_the_report() -> None:
    # 30 reports of each high-severity label, all found; 30 ordinary texts, 6 flagged.
    examples = [Example(f"{label} {n}", (label,)) for label in HIGH_SEVERITY for n in range(30)]
    examples += [Example(f"fine {n}", urgent=n == 0) for n in range(30)]
    predictions = [_prediction(e.labels, urgent=e.urgent) for e in examples[:-30]]
    predictions += [_prediction(("abuse",) if n < 6 else (), urgent=n == 0) for n in range(30)]
    shared = SharedDataReport(
        "praise.csv", "positive", 1000, 10, 0, 0.01, {}, (), false_flag_interval=(0.005, 0.018)
    )
    checks = {
        c.name: c for c in issue_targets(score_examples(predictions, examples, "rc-x"), [shared])
    }
    assert len(checks) == 2 * len(HIGH_SEVERITY) + 4
    assert checks["abuse precision"].value == pytest.approx(30 / 36)
    # 30 of 30 found: the interval still reaches below 0.95, so 30 texts cannot settle it.
    assert checks["restraint recall"].verdict == "unsettled"
    assert checks["urgent recall"].verdict == "met"
    assert checks["false flags on ordinary test items"].verdict == "missed"
    assert checks["false flags, praise.csv positive comments"].verdict == "met"


def test_the_trained_model_finds_every_urgent_text_of_the_test_split(
    classifier: RightsClassifier,
) -> None:
    # The one accuracy target the model meets and must keep: a corpus round that
    # lost an urgent test text would fail here, not only in a note.
    examples = corpus.read_test()
    predictions = classifier.predict_many([e.text for e in examples])
    report = score_examples(predictions, examples, classifier.model_version)
    missed = [
        e.text for e, p in zip(examples, predictions, strict=True) if e.urgent and not p.urgent
    ]
    assert report.urgent.support > 50
    assert {c.name: c for c in issue_targets(report)}["urgent recall"].verdict == "met", missed
