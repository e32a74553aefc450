"""The door to the classifier: the real model behind the service's small protocol."""

from __future__ import annotations

import pytest

from classifiers import HIGH_SEVERITY, load_classifier
from feedback.ingest import (
    HIGH_SEVERITY_LABELS,
    POSSIBLE_SHARE,
    Classification,
    NoLabels,
    RightsModel,
    possible_labels,
)
from feedback.models import Priority
from feedback.runtime import build_classifier
from feedback.settings import load_settings


def test_high_severity_labels_match_the_taxonomy() -> None:
    assert {str(label) for label in HIGH_SEVERITY} == HIGH_SEVERITY_LABELS


def test_trained_model_flags_restraint_with_evidence_and_priority() -> None:
    model = RightsModel()
    result = model.classify("Five staff held me down on the floor and injected me.")
    assert "restraint" in result.labels
    assert result.priority <= Priority.HIGH_SEVERITY
    assert result.model_version == model.model_version
    rows = {row.label: row for row in result.predicted_labels()}
    assert rows["restraint"].flagged
    assert rows["restraint"].evidence
    assert all(
        phrase in "Five staff held me down on the floor and injected me."
        for phrase in rows["restraint"].evidence
    )


def test_trained_model_says_what_made_a_text_urgent() -> None:
    text = "I have saved up my tablets and I am going to take them all tonight."
    result = RightsModel().classify(text)
    assert result.urgent
    assert result.priority is Priority.URGENT
    assert result.urgent_evidence
    assert all(phrase in text for phrase in result.urgent_evidence)


def test_trained_model_leaves_ordinary_praise_unflagged() -> None:
    result = RightsModel().classify("The nurses on the ward were kind and the food was good.")
    assert result.labels == ()
    assert not result.urgent
    assert result.priority is Priority.ORDINARY


def test_no_labels_classifier_flags_nothing() -> None:
    result = NoLabels().classify("they restrained me")
    assert result.labels == ()
    assert result.priority is Priority.ORDINARY


THRESHOLDS = {"neglect": 0.2, "living_conditions": 0.4, "abuse": 0.16}


def test_possible_labels_are_unflagged_labels_at_half_their_threshold_or_more() -> None:
    assert POSSIBLE_SHARE == 0.5
    scores = {"neglect": 0.1, "living_conditions": 0.19, "abuse": 0.5}
    # neglect sits exactly on half its threshold; living conditions just under
    # half of its own; abuse is over the line but flagged, so not "possible".
    assert possible_labels(scores, ("abuse",), THRESHOLDS) == ("neglect",)
    assert possible_labels(scores, ("abuse", "neglect"), THRESHOLDS) == ()


def test_the_share_moves_the_band_and_zero_turns_it_off() -> None:
    scores = {"neglect": 0.1, "living_conditions": 0.19, "abuse": 0.5}
    assert possible_labels(scores, ("abuse",), THRESHOLDS, share=0.45) == (
        "neglect",
        "living_conditions",
    )
    assert possible_labels(scores, ("abuse",), THRESHOLDS, share=0.6) == ()
    assert possible_labels({"neglect": 0.0}, (), THRESHOLDS, share=0.0) == ()


def test_the_setting_defaults_to_the_measured_share() -> None:
    assert load_settings({}).possible_share == POSSIBLE_SHARE


def _classification(
    labels: tuple[str, ...], urgent: bool, possible: tuple[str, ...]
) -> Classification:
    return Classification(
        labels=labels, urgent=urgent, scores={}, evidence={}, model_version="t", possible=possible
    )


@pytest.mark.parametrize(
    ("labels", "urgent", "possible", "priority"),
    [
        ((), False, ("neglect",), Priority.POSSIBLE),
        ((), False, (), Priority.ORDINARY),
        (("living_conditions",), False, ("neglect",), Priority.FLAGGED),
        (("abuse",), False, (), Priority.HIGH_SEVERITY),
        ((), True, ("neglect",), Priority.URGENT),
    ],
)
def test_possible_items_come_after_every_flag_and_before_ordinary_feedback(
    labels: tuple[str, ...], urgent: bool, possible: tuple[str, ...], priority: Priority
) -> None:
    assert _classification(labels, urgent, possible).priority is priority
    assert Priority.FLAGGED < Priority.POSSIBLE < Priority.ORDINARY


def test_trained_model_marks_a_near_miss_worth_a_look() -> None:
    # A shut day room is a blanket restriction (living conditions) that the
    # model scores above half its threshold but below the threshold itself.
    model = RightsModel()
    result = model.classify("The day room is shut most evenings")
    assert result.labels == ()
    assert result.possible == ("living_conditions",)
    assert result.priority is Priority.POSSIBLE
    rows = {row.label: row for row in result.predicted_labels()}
    assert rows["living_conditions"].possible
    assert not rows["living_conditions"].flagged
    assert not any(row.possible for label, row in rows.items() if label != "living_conditions")
    # The page can mark what made it worth a look; nothing else carries evidence.
    assert rows["living_conditions"].evidence
    assert all(
        p in "The day room is shut most evenings" for p in rows["living_conditions"].evidence
    )
    assert not any(row.evidence for label, row in rows.items() if label != "living_conditions")


def test_a_service_can_turn_the_band_off_or_narrow_it() -> None:
    text = "The day room is shut most evenings"
    score = RightsModel().classify(text).scores["living_conditions"]
    threshold = load_classifier().thresholds["living_conditions"]
    narrower = round(score / threshold + 0.05, 2)
    for share in ("0", str(narrower)):
        classifier = build_classifier(load_settings({"FEEDBACK_POSSIBLE_SHARE": share}))
        result = classifier.classify(text)
        assert result.possible == ()
        assert result.priority is Priority.ORDINARY
        assert "living_conditions" not in result.evidence


def test_a_label_the_text_only_denies_is_not_worth_a_look() -> None:
    text = "I was never restrained the whole time I was on Willow ward."
    result = RightsModel().classify(text)
    # The score alone would put restraint in the band; the denial keeps it out.
    classifier = load_classifier()
    assert result.scores["restraint"] >= POSSIBLE_SHARE * classifier.thresholds["restraint"]
    assert "restraint" in classifier.denied(text)
    assert result.labels == ()
    assert result.possible == ()
    assert result.priority is Priority.ORDINARY
